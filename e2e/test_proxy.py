"""The shipped nginx site (deploy/nginx.conf) in front of the app's gunicorn, both real
processes: pages, static files and the API pass through; slow clients stay in nginx; the API
gets JSON for the errors nginx answers itself; the app learns the request came over HTTPS.

The test serves plain HTTP on free loopback ports, so it changes only what must change to run
there (see `site_for_test`): the upstream address, the two `listen` pairs, the `ssl_*` lines
(nginx loads certificate files even for a server without a TLS listener) and `$scheme`, which
the TLS listener would give as https. Everything else runs as shipped.

Without nginx (`apt-get install nginx`) these tests are skipped; in CI, a failure.
"""

import json
import os
import re
import socket
import subprocess
import time
from pathlib import Path

import pytest

from e2e.server import (
    BASE_DIR,
    START_TIMEOUT,
    LiveServer,
    free_port,
    request,
    target_of_line_length,
)

NGINX = Path("/usr/sbin/nginx")
SHIPPED = BASE_DIR / "deploy" / "nginx.conf"
NGINX_MAX_LINE = 8190  # the longest request line that fits its 8k buffer with its CRLF

# nginx's own settings for the test: one process in the foreground (no switch to another user,
# who could not read the test's directory), and every file it writes in that directory.
MAIN_CONFIG = """\
daemon off;
master_process off;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log info;
events {{}}
http {{
    access_log {prefix}/access.log;
    client_body_temp_path {prefix}/client_body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    include {prefix}/site.conf;
}}
"""


def replace_once(text, old, new):
    assert text.count(old) == 1, f"deploy/nginx.conf no longer has exactly one {old!r}"
    return text.replace(old, new)


def site_for_test(*, app_port, http_port, https_port):
    """deploy/nginx.conf with the changes that let it run on loopback without TLS."""
    site = SHIPPED.read_text()
    site = replace_once(site, "server 127.0.0.1:8000;", f"server 127.0.0.1:{app_port};")
    site = replace_once(site, "listen 80;\n    listen [::]:80;", f"listen 127.0.0.1:{http_port};")
    site = replace_once(
        site,
        "listen 443 ssl http2;\n    listen [::]:443 ssl http2;",
        f"listen 127.0.0.1:{https_port};",
    )
    site, removed = re.subn(r"^ *ssl_.*\n", "", site, flags=re.MULTILINE)
    assert removed, "deploy/nginx.conf no longer has ssl_ lines"
    return replace_once(site, "X-Forwarded-Proto $scheme;", "X-Forwarded-Proto https;")


@pytest.fixture(scope="module", autouse=True)
def nginx_installed():
    if not NGINX.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{NGINX} is missing in CI (.ci/run installs nginx)")
        pytest.skip(f"{NGINX} is not installed (apt-get install nginx)")


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    # One process with two threads: two slow clients that reached it would hold it all,
    # so a test that passes shows nginx kept them away.
    with LiveServer(
        tmp_path_factory.mktemp("app"),
        options=["--workers", "1", "--threads", "2"],
        env={"HTTPS": "true"},
    ) as server:
        yield server


@pytest.fixture(scope="module")
def proxy(app, tmp_path_factory):
    """nginx running the shipped site in front of `app`; yields its two ports."""
    prefix = tmp_path_factory.mktemp("nginx")
    ports = {"http_port": free_port(), "https_port": free_port()}
    (prefix / "site.conf").write_text(site_for_test(app_port=app.port, **ports))
    config = prefix / "nginx.conf"
    config.write_text(MAIN_CONFIG.format(prefix=prefix))
    command = [str(NGINX), "-p", str(prefix), "-e", str(prefix / "error.log"), "-c", str(config)]
    checked = subprocess.run([*command, "-t"], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    with open(prefix / "output.log", "w") as output:
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT)
    try:
        _wait_for_port(ports["https_port"], process)
        yield ports
    finally:
        process.terminate()
        process.wait(timeout=15)


def _wait_for_port(port, process):
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("nginx exited early")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nginx did not listen within {START_TIMEOUT} s")


@pytest.fixture(scope="module")
def api_key(app):
    return app.api_key("proxied")


def test_pages_static_files_and_the_api_pass_through(proxy, api_key):
    port = proxy["https_port"]
    status, headers, page = request(port, "GET", "/accounts/login/")
    assert status == 200
    assert b"Log in" in page

    stylesheet = re.search(rb'<link[^>]+href="(/static/[^"]+\.css)"', page).group(1).decode()
    status, headers, _ = request(port, "GET", stylesheet)
    assert status == 200
    assert headers["Content-Type"].startswith("text/css")

    auth = {"Authorization": f"Bearer {api_key}", "Content-Type": "application/json"}
    interview = {
        "jobTitle": "Site reliability engineer",
        "companyName": "Proxied",
        "interviewType": "technical",
        "experienceLevel": "mid",
    }
    status, _, body = request(
        port, "POST", "/api/interviews", headers=auth, body=json.dumps(interview)
    )
    assert status == 201, body
    status, _, body = request(port, "GET", "/api/interviews?company=Proxied", headers=auth)
    assert status == 200
    assert [item["companyName"] for item in json.loads(body)["interviews"]] == ["Proxied"]


def test_plain_http_is_sent_to_https(proxy):
    status, headers, _ = request(proxy["http_port"], "GET", "/dashboard/?page=2")
    assert status == 301
    assert headers["Location"] == "https://127.0.0.1/dashboard/?page=2"


def test_the_app_learns_from_nginx_that_the_request_came_over_https(app, proxy):
    # HTTPS=true: the app sends HSTS only on a request it takes for HTTPS, and redirects
    # any other to https.
    status, headers, _ = request(proxy["https_port"], "GET", "/accounts/login/")
    assert status == 200
    assert "max-age=" in headers["Strict-Transport-Security"]

    status, headers, _ = request(app.port, "GET", "/accounts/login/")
    assert status == 301
    assert headers["Location"].startswith("https://")


def open_slow_clients(port, api_key, part):
    """Two connections (as many as the app has threads) that send part of a request and
    pause: in its head, or in a JSON body the API reads. They say X-Forwarded-Proto as nginx
    would, so that the app, sent them straight, serves them instead of redirecting them."""
    head = (
        "POST /api/interviews HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Forwarded-Proto: https\r\n"
        f"Authorization: Bearer {api_key}\r\nContent-Type: application/json\r\n"
        "Content-Length: 1000\r\n"
    ).encode()
    start = head + b"\r\n" + b'{"jobTitle": "' if part == "body" else head + b"X-Slow: a"
    clients = []
    for _ in range(2):
        client = socket.create_connection(("127.0.0.1", port))
        client.sendall(start)
        clients.append(client)
    return clients


@pytest.mark.parametrize("part", ["head", "body"])
def test_slow_clients_do_not_hold_up_a_normal_request(app, proxy, api_key, part):
    clients = open_slow_clients(proxy["https_port"], api_key, part)
    try:
        time.sleep(1)  # long enough for them to have reached the app, were they passed on
        status, _, _ = request(proxy["https_port"], "GET", "/accounts/login/", timeout=5)
        assert status == 200
    finally:
        for client in clients:
            client.close()

    # The same clients straight at the app hold both its threads: what nginx prevented.
    clients = open_slow_clients(app.port, api_key, part)
    try:
        time.sleep(1)
        with pytest.raises(TimeoutError):
            request(app.port, "GET", "/accounts/login/", timeout=2)
    finally:
        for client in clients:
            client.close()


def test_an_over_long_api_request_line_gets_a_json_414(proxy, api_key):
    port = proxy["https_port"]
    auth = {"Authorization": f"Bearer {api_key}"}
    # The longest line nginx reads, gunicorn reads too: the app answers (q is too long).
    longest = target_of_line_length("/api/interviews", NGINX_MAX_LINE)
    status, headers, body = request(port, "GET", longest, headers=auth)
    assert status == 400
    assert "q" in json.loads(body)["details"]

    too_long = target_of_line_length("/api/interviews", NGINX_MAX_LINE + 1)
    status, headers, body = request(port, "GET", too_long, headers=auth)
    assert status == 414
    assert headers["Content-Type"] == "application/json"
    assert json.loads(body) == {
        "error": "The request line (method, path and query) is longer than 8,190 bytes.",
        "details": {},
    }

    # A page keeps nginx's own HTML answer.
    status, headers, _ = request(port, "GET", target_of_line_length("/dashboard/", 9000))
    assert status == 414
    assert headers["Content-Type"] == "text/html"


def test_an_api_body_over_the_limit_gets_the_apis_json_413(proxy, api_key):
    port = proxy["https_port"]
    headers = {"Authorization": f"Bearer {api_key}", "Content-Type": "application/json"}
    expected = {
        "error": "The body is larger than 256 KiB.",
        "details": {"body": ["The body is larger than 256 KiB."]},
    }
    # Over the API's 256 KiB: the app refuses it; over nginx's 1 MiB: nginx does, alike.
    for size in (300 * 1024, 2 * 1024 * 1024):
        body = json.dumps({"jobTitle": "a" * size})
        status, response_headers, answer = request(
            port, "POST", "/api/interviews", headers=headers, body=body
        )
        assert status == 413, size
        assert response_headers["Content-Type"].startswith("application/json")
        assert json.loads(answer) == expected
