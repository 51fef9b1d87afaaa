"""Sharing with a mentor in a browser: the owner shares a filtered history and a report,
copies the link, and a fresh browser with no account opens it read-only; once revoked, the
link shows "not available"."""

import re

import pytest
from playwright.sync_api import expect

from e2e import history_data
from e2e.checks import assert_accessible
from e2e.conftest import DEVICES
from e2e.steps import log_in, open_account_menu
from e2e.test_layout import overflowing

ACME = sum(1 for i in range(history_data.COUNT) if history_data.COMPANIES[i % 3] == "Acme")


def mentor_page(browser, server, device, browser_errors):
    """A page in a new browser context: no cookies, no session, as the mentor's browser."""
    context = browser.new_context(base_url=server.url, locale="en-GB", **DEVICES[device])
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.on("console", browser_errors.on_console)
    page.on("pageerror", lambda error: browser_errors.add(f"uncaught exception: {error}"))
    page.on("requestfailed", browser_errors.on_request_failed)
    page.on("response", browser_errors.on_response)
    return context, page


def create_link(page, label, days="3"):
    """Fill the share form and return the link its page shows, copied with the Copy button."""
    expect(page.get_by_role("heading", name="Share with a mentor")).to_be_visible()
    page.get_by_label("Expires after (days)").fill(days)
    page.get_by_label("Label (optional)").fill(label)
    page.get_by_role("button", name="Create link").click()
    expect(page.get_by_text("Your link is ready.")).to_be_visible()
    link = page.get_by_label("Link for your mentor").input_value()
    assert re.fullmatch(r"http://[^/]+/s/[A-Za-z0-9_-]{32}/", link), link
    assert_accessible(page)
    page.get_by_role("button", name="Copy").click()
    expect(page.get_by_role("button", name="Copied")).to_be_visible()
    assert page.evaluate("() => navigator.clipboard.readText()") == link
    return link


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_a_shared_history_opens_without_login_and_stops_when_revoked(
    page, context, browser, server, device, history_user, browser_errors
):
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    log_in(page, history_user.username)
    page.goto("/performance/?company=Acme")
    page.get_by_role("link", name="Share with a mentor").click()
    expect(page.locator("main")).to_contain_text(f"Company: Acme ({ACME} interviews now)")
    link = create_link(page, "Sam’s practice")

    mentor_context, mentor = mentor_page(browser, server, device, browser_errors)
    try:
        response = mentor.goto(link)
        assert response.status == 200
        assert response.headers["x-robots-tag"] == "noindex, nofollow"
        assert response.headers["referrer-policy"] == "no-referrer"
        expect(mentor.get_by_role("heading", name="Sam’s practice", level=1)).to_be_visible()
        expect(mentor.locator("#history-heading")).to_contain_text(f"({ACME})")
        expect(mentor.locator("section[aria-labelledby='history-heading'] tbody tr")).to_have_count(
            ACME
        )
        expect(mentor.locator("#chart-tracking")).to_be_visible()
        # Read-only: no form, no menu, no way into the owner's pages.
        expect(mentor.locator("main form")).to_have_count(0)
        expect(mentor.get_by_role("button", name=re.compile("Account"))).to_have_count(0)
        expect(mentor.get_by_text(history_user.username, exact=True)).to_have_count(0)
        assert overflowing(mentor) == []
        assert_accessible(mentor)

        page.goto("/accounts/shares/")
        # Newest first: the link just made (the history is shared by every run).
        row = page.locator(".shares-table tbody tr").first
        expect(row).to_contain_text("History: Completed interviews with Company: Acme")
        expect(row).not_to_contain_text("Never opened")
        expect(row).to_contain_text("Active")
        assert overflowing(page) == []
        assert_accessible(page)
        row.get_by_role("link", name=re.compile("^Revoke")).click()
        expect(page.get_by_role("heading", name="Revoke this link?")).to_be_visible()
        page.get_by_role("button", name="Revoke").click()
        expect(page.get_by_text("Revoked the link.")).to_be_visible()
        expect(row).to_contain_text("Revoked")

        with browser_errors.expecting(404):
            response = mentor.reload()
            assert response.status == 404
            expect(mentor.get_by_role("heading", name="This link is not available")).to_be_visible()
    finally:
        mentor_context.close()


def test_a_shared_report_shows_the_feedback_without_its_controls(
    page, context, browser, server, history_user, browser_errors
):
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    log_in(page, history_user.username)
    page.goto("/performance/?company=Initech&sort=score_high")
    page.locator("section[aria-labelledby='history-heading'] tbody tr").first.get_by_role(
        "link", name=re.compile("^Details")
    ).click()
    dialog = page.get_by_role("dialog", name="Interview details")
    dialog.get_by_role("link", name=re.compile("^Share with a mentor")).click()
    link = create_link(page, "", days="1")

    open_account_menu(page)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Shared links").click()
    row = page.locator(".shares-table tbody tr").first
    expect(row).to_contain_text("at Initech")
    expect(row).to_contain_text("Never opened")

    mentor_context, mentor = mentor_page(browser, server, "desktop", browser_errors)
    try:
        mentor.goto(link)
        expect(mentor.get_by_role("heading", name="Interview report", level=1)).to_be_visible()
        expect(mentor.locator(".performance-detail")).to_contain_text("Initech")
        expect(mentor.locator(".performance-detail")).to_contain_text("Round results")
        expect(
            mentor.get_by_role("link", name=re.compile("Edit results|Delete|Share"))
        ).to_have_count(0)
        expect(mentor.locator("main form")).to_have_count(0)
        assert_accessible(mentor)
    finally:
        mentor_context.close()
