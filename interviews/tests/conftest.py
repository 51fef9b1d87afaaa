"""Fixtures of the interviews app's tests."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


class FakeChatServer(ThreadingHTTPServer):
    """An OpenAI chat-completions server on loopback that replies what the test queued."""

    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), FakeChatHandler)
        self.base_url = f"http://127.0.0.1:{self.server_port}/v1"
        self.requests = []  # (headers, JSON body) of each request received
        self.replies = []  # (status, body, delay) still to send, in order
        self.closing = threading.Event()

    def reply(self, content, **options):
        """Queue a chat completion whose message is `content`."""
        completion = {
            "id": "chatcmpl-1",
            "object": "chat.completion",
            "created": 1700000000,
            "model": "fake-model",
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": content},
                    "finish_reason": "stop",
                }
            ],
        }
        self.respond(completion, **options)

    def reply_json(self, data, **options):
        self.reply(json.dumps(data), **options)

    def respond(self, body, *, status=200, delay=0.0):
        """Queue a raw response: a dict is sent as JSON, a str as it is."""
        self.replies.append((status, body, delay))


class FakeChatHandler(BaseHTTPRequestHandler):
    server: FakeChatServer

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.server.requests.append((self.headers, body))
        if self.path != "/v1/chat/completions" or not self.server.replies:
            status, reply, delay = 404, {"error": {"message": "nothing queued"}}, 0.0
        else:
            status, reply, delay = self.server.replies.pop(0)
        if self.server.closing.wait(delay):
            return
        if isinstance(reply, dict):
            payload, content_type = json.dumps(reply).encode(), "application/json"
        else:
            payload, content_type = reply.encode(), "text/plain"
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
        except OSError:
            pass  # the client gave up waiting (the timeout tests)

    def log_message(self, format, *args):
        pass


@pytest.fixture
def server(settings):
    """A fake AI evaluator on loopback, and the settings that make the app use it."""
    fake = FakeChatServer()
    thread = threading.Thread(target=fake.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    settings.EVALUATOR = "openai"
    settings.EVALUATOR_BASE_URL = fake.base_url
    settings.EVALUATOR_MODEL = "fake-model"
    settings.EVALUATOR_API_KEY = "sk-test-key"
    settings.EVALUATOR_TIMEOUT = 5.0
    yield fake
    fake.closing.set()
    fake.shutdown()
    fake.server_close()
    thread.join()
