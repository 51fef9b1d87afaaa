"""How long a request line gunicorn reads (interviewprep/gunicorn.conf.py, limit_request_line):
every query the API accepts, and a filter value too long for it, reach the app, which answers
JSON; past gunicorn's maximum, 8190 bytes, gunicorn itself refuses the line with a 414 (behind
nginx, e2e/test_proxy.py, nginx answers those)."""

import json
from urllib.parse import urlencode

import pytest

from e2e.server import request, target_of_line_length

GUNICORN_MAX_LINE = 8190


def get(port, target, key=None):
    """Send GET `target` to 127.0.0.1:port; return (status, content type, body)."""
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    status, response_headers, body = request(port, "GET", target, headers=headers)
    return status, response_headers.get("Content-Type"), body


@pytest.fixture(scope="module")
def api_key(server):
    return server.api_key("request-line")


def test_a_filter_value_too_long_for_the_api_gets_its_json_400_not_a_414(server, api_key):
    # 450 characters where 200 are allowed, each 9 bytes once percent-encoded: a request
    # line over gunicorn's default limit of 4094 bytes.
    query = urlencode({"company": "日" * 450, "q": "東京" * 50})
    assert len(f"GET /api/interviews?{query} HTTP/1.1") > 4094

    status, content_type, body = get(server.port, f"/api/interviews?{query}", api_key)

    assert status == 400
    assert content_type.startswith("application/json")
    assert "company" in json.loads(body)["details"]


def test_a_request_line_of_8190_bytes_is_read_and_a_longer_one_refused(server, api_key):
    longest = target_of_line_length("/api/interviews", GUNICORN_MAX_LINE)
    status, _, body = get(server.port, longest, api_key)
    # The app read it: q is longer than a search may be, and the API says so.
    assert status == 400
    assert "q" in json.loads(body)["details"]

    too_long = target_of_line_length("/api/interviews", GUNICORN_MAX_LINE + 1)
    assert get(server.port, too_long, api_key)[0] == 414
