"""Every HTML page, on a desktop and on a phone: the security headers, no serious accessibility
violation, nothing wider than the screen, and (as in every browser test) no error in the
browser."""

import pytest

from e2e.checks import accessibility_violations, assert_security_headers
from e2e.steps import log_in, log_out

ANONYMOUS_PAGES = [
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password_reset/",
    "/accounts/password_reset/done/",
    "/accounts/reset/done/",
]


def signed_in_pages(ids):
    return [
        "/dashboard/",
        "/interviews/new/",
        f"/interviews/{ids['outside']}/complete/",
        f"/interviews/{ids['ready']}/complete/",
        f"/interviews/{ids['ready']}/session/",
        f"/interviews/{ids['in_progress']}/session/",
        f"/interviews/{ids['in_progress']}/session/finish/",
        f"/interviews/{ids['ready']}/delete/",
        f"/interviews/{ids['completed']}/feedback/",
        f"/interviews/{ids['in_progress']}/feedback/",
        "/performance/",
        f"/performance/{ids['performance']}/",
        "/accounts/tokens/",
        "/api/docs",
        "/accounts/password_change/",
        "/accounts/password_change/done/",
    ]


# Swagger UI (a vendored library) draws the API documentation; its own markup fails axe's
# contrast and nested-control rules, which this project cannot fix short of forking it. The
# rest of that page is checked.
THIRD_PARTY = {"/api/docs": ["#swagger-ui"]}


def check(page, path, problems):
    response = page.goto(path)
    assert_security_headers(response)
    page.wait_for_load_state("networkidle")
    violations = accessibility_violations(page, exclude=THIRD_PARTY.get(path, ()))
    problems.extend(f"{path}: {problem}" for problem in violations)
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    if overflow > 0:
        problems.append(f"{path}: the page is {overflow}px wider than the screen")


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_every_page_is_secure_accessible_and_fits_the_screen(
    page, device, history_user, browser_errors
):
    problems = []
    for path in ANONYMOUS_PAGES:
        check(page, path, problems)
    log_in(page, history_user.username)
    for path in signed_in_pages(history_user.ids):
        check(page, path, problems)

    with browser_errors.expecting(404):
        check(page, "/no-such-page/", problems)
    log_out(page)

    assert not problems, "\n".join(problems)


INJECT = """() => {
    const script = document.createElement("script");
    script.textContent = "window.injected = true;";
    document.head.append(script);
    const style = document.createElement("style");
    style.textContent = "body { background: rgb(255, 0, 0); }";
    document.head.append(style);
}"""


def test_the_policy_blocks_injected_inline_code_and_the_suite_notices(page, browser_errors):
    page.goto("/accounts/login/")
    page.evaluate(INJECT)
    for _ in range(50):
        if sum("CSP:" in error for error in browser_errors.errors) >= 2:
            break
        page.wait_for_timeout(100)

    assert page.evaluate("() => window.injected") is None
    assert page.evaluate("() => getComputedStyle(document.body).backgroundColor") != (
        "rgb(255, 0, 0)"
    )
    csp = [error for error in browser_errors.errors if error.startswith("CSP:")]
    assert any(error.startswith("CSP: script-src") for error in csp), browser_errors.errors
    assert any(error.startswith("CSP: style-src") for error in csp), browser_errors.errors
    browser_errors.errors.clear()  # seen and expected: the test is that they were caught
