"""Browser tests: Chromium (Playwright) against the app served by gunicorn with production
settings. Every test fails on a console error, an uncaught exception, a failed request, an
HTTP error or a Content Security Policy violation seen by its page."""

import contextlib
import json
from typing import NamedTuple

import pytest
from playwright.sync_api import sync_playwright

from e2e.server import CHROMIUM, DESKTOP, PHONE, LiveServer, launch_chromium
from e2e.steps import PASSWORD

DEVICES = {"desktop": DESKTOP, "phone": PHONE}

# Reports every CSP violation of every document in the context to the test. Init scripts are
# injected by the browser itself, so the policy does not apply to them.
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolation(
    `${event.effectiveDirective} blocked ${event.blockedURI || "inline"} ` +
    `in ${event.sourceFile || document.location.href}:${event.lineNumber}`
  );
});
"""


def pytest_collection_modifyitems(config, items):
    if not CHROMIUM.exists():
        skip = pytest.mark.skip(reason=f"{CHROMIUM} is not installed (apt-get install chromium)")
        for item in items:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    with LiveServer(tmp_path_factory.mktemp("server")) as live:
        yield live


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        yield browser
        browser.close()


@pytest.fixture
def device():
    """The viewport of the test's page; parametrize `device` to run on both."""
    return "desktop"


class BrowserErrors:
    """What went wrong in the browser during a test."""

    def __init__(self):
        self.errors = []
        self.expected_statuses = set()

    def add(self, message):
        self.errors.append(message)

    @contextlib.contextmanager
    def expecting(self, status):
        """Within the block, responses with this HTTP status are what the test asked for."""
        self.expected_statuses.add(status)
        try:
            yield
        finally:
            self.expected_statuses.discard(status)

    def on_response(self, response):
        if response.status >= 400 and response.status not in self.expected_statuses:
            self.add(f"HTTP {response.status} for {response.request.method} {response.url}")

    def on_request_failed(self, request):
        failure = request.failure or ""
        # A link that downloads a file ends its navigation as "aborted": not an error.
        if failure == "net::ERR_ABORTED" and request.is_navigation_request():
            return
        # Chromium fetches a page's icon on the side and cancels the fetch when the page moves
        # on first (a link followed at once): the icon's own test checks it is served.
        if failure == "net::ERR_ABORTED" and "/favicon." in request.url:
            return
        self.add(f"request failed ({failure}): {request.method} {request.url}")

    def on_console(self, message):
        expected = any(f"status of {status}" in message.text for status in self.expected_statuses)
        if message.type == "error" and not expected:
            self.add(f"console error: {message.text} ({message.location.get('url', '')})")


@pytest.fixture
def browser_errors():
    return BrowserErrors()


@pytest.fixture
def context(request, browser, server, device, browser_errors):
    context = browser.new_context(
        base_url=server.url, accept_downloads=True, locale="en-GB", **DEVICES[device]
    )
    context.set_default_timeout(10_000)
    context.expose_binding(
        "__cspViolation", lambda _source, text: browser_errors.add(f"CSP: {text}")
    )
    context.add_init_script(CSP_LISTENER)
    request.node.browser_errors = browser_errors
    yield context
    context.close()


@pytest.fixture
def page(context, browser_errors):
    page = context.new_page()
    page.on("console", browser_errors.on_console)
    page.on("pageerror", lambda error: browser_errors.add(f"uncaught exception: {error}"))
    page.on("requestfailed", browser_errors.on_request_failed)
    page.on("response", browser_errors.on_response)
    return page


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    result = yield
    errors = getattr(item, "browser_errors", None)
    if errors is not None and errors.errors:
        raise AssertionError("errors in the browser:\n  " + "\n  ".join(errors.errors))
    return result


class HistoryUser(NamedTuple):
    username: str
    ids: dict


@pytest.fixture(scope="session")
def history_user(server):
    """The person with the known history of e2e/history_data.py and its ids; tests only read it."""
    username = "history"
    ids = json.loads(server.python("e2e/history_data.py", username, PASSWORD))
    return HistoryUser(username, ids)
