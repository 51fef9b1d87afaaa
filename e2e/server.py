"""The app as production runs it (gunicorn with interviewprep/gunicorn.conf.py, as `make run`
starts it; DEBUG off, WhiteNoise, the real security headers), on a free loopback port against a
throwaway SQLite file. Used by the browser tests, the proxy test and the scripts
(screenshots, slow clients)."""

import http.client
import os
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
# Headless Chromium in a container: no sandbox (we run as root), no GPU, and no calls home
# that would show up as failed requests or slow the start.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]
START_TIMEOUT = 60
GUNICORN_CONFIG = BASE_DIR / "interviewprep" / "gunicorn.conf.py"

# Run with the server's environment: creates a person and prints a new API key of theirs.
ISSUE_API_KEY = """
import sys
import django
django.setup()
from django.contrib.auth import get_user_model
from accounts.models import ApiToken
user = get_user_model().objects.create_user(sys.argv[1])
print(ApiToken.issue(user=user, name="e2e")[1])
"""

DESKTOP = {"viewport": {"width": 1280, "height": 800}}
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}


def launch_chromium(playwright):
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LiveServer:
    """Start with `with LiveServer(workdir) as server:`; `server.url` is its base URL.

    `options` are extra gunicorn command-line options, which win over the config file's.
    """

    def __init__(self, workdir, *, options=(), env=None):
        self.workdir = Path(workdir)
        self.options = list(options)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.demo_password = secrets.token_urlsafe(12)
        self.log_path = self.workdir / "gunicorn.log"
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "interviewprep.settings",
            # Only what is set here: a developer's .env must not change the served app.
            "ENV_FILE": str(self.workdir / "absent.env"),
            "DEBUG": "false",
            "HTTPS": "false",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "CSRF_TRUSTED_ORIGINS": "",
            "MONGODB_URI": "",
            "SQLITE_PATH": str(self.workdir / "db.sqlite3"),
            "STATIC_ROOT": str(self.workdir / "static"),
            "TIME_ZONE": "UTC",
            "LOG_LEVEL": "WARNING",
            "DEMO_PASSWORD": self.demo_password,
            # The suite signs in dozens of times from one address within minutes.
            "RATELIMIT_ENABLE": "false",
            **(env or {}),
        }
        self.process = None
        self.log = None

    def manage(self, *args):
        """Run a management command against the server's database; return its output."""
        return self.python("manage.py", *args)

    def python(self, *args):
        """Run Python with the server's settings and database; return its output."""
        result = subprocess.run(
            [sys.executable, *args],
            cwd=BASE_DIR,
            env=self.env,
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            raise RuntimeError(f"python {' '.join(args)} failed:\n{result.stderr}")
        return result.stdout

    def api_key(self, username):
        """Create the person `username` with an API token; return the token's key."""
        return self.python("-c", ISSUE_API_KEY, username).strip()

    def __enter__(self):
        self.manage("migrate", "--noinput", "--verbosity", "0")
        self.manage("collectstatic", "--noinput", "--verbosity", "0")
        gunicorn = Path(sys.executable).with_name("gunicorn")
        self.log = open(self.log_path, "w")  # closed in __exit__, after gunicorn stops
        self.process = subprocess.Popen(
            [
                str(gunicorn),
                "--config",
                str(GUNICORN_CONFIG),
                "--bind",
                f"127.0.0.1:{self.port}",
                *self.options,
            ],
            cwd=BASE_DIR,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        self._wait_until_serving()
        return self

    def _wait_until_serving(self):
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited early:\n{self.log_text()}")
            # Any answer will do: with HTTPS=true it is a redirect to https.
            connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
            try:
                connection.request("GET", "/accounts/login/")
                connection.getresponse()
                return
            except OSError:  # refused, reset or timed out: not up yet
                time.sleep(0.2)
            finally:
                connection.close()
        raise RuntimeError(f"gunicorn did not answer within {START_TIMEOUT} s:\n{self.log_text()}")

    def log_text(self):
        return self.log_path.read_text() if self.log_path.exists() else ""

    def __exit__(self, *exc):
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.log is not None:
            self.log.close()


def request(port, method, target, *, headers=None, body=None, timeout=10):
    """Send one request to 127.0.0.1:port; return (status, headers, body)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(method, target, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


def target_of_line_length(path, length):
    """A GET target whose request line (`GET <target> HTTP/1.1`) is `length` bytes long."""
    padding = length - len(f"GET {path}?q= HTTP/1.1")
    return f"{path}?q={'a' * padding}"
