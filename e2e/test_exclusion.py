"""Excluding an interview from the stats in a browser: from the detail modal, the row greyed
and the summary without it, then included again."""

import re

import pytest
from playwright.sync_api import expect

from e2e import history_data
from e2e.checks import assert_accessible
from e2e.steps import PASSWORD, log_in, unique_username

TABLE_ROWS = "section[aria-labelledby='history-heading'] tbody tr"


@pytest.fixture
def own_history(server):
    """A person of their own with the known history (this test changes it)."""
    username = unique_username("exclusion")
    server.python("e2e/history_data.py", username, PASSWORD)
    return username


def modal_button(page, name):
    dialog = page.get_by_role("dialog", name="Interview details")
    expect(dialog.get_by_role("heading", name=history_data.job_title(29))).to_be_visible()
    return dialog.get_by_role("button", name=name)


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_an_interview_excluded_from_the_modal_is_greyed_and_left_out_then_included(
    page, device, own_history
):
    log_in(page, own_history)
    page.goto("/performance/?company=Initech")  # interviews 2, 5, ..., 29: 10 of them
    newest = page.locator(TABLE_ROWS).first
    expect(newest).to_contain_text(history_data.job_title(29))
    expect(page.locator("#stat-count")).to_have_text("10")
    expect(page.locator("#stat-latest")).to_have_text("79")

    newest.get_by_role("link", name=re.compile("^Details")).click()
    modal_button(page, "Exclude from stats").click()

    # Back on the same filtered page, with the row greyed and the figures without it.
    expect(page).to_have_url(re.compile(r"/performance/\?company=Initech$"))
    expect(page.locator(".messages").filter(has_text="is excluded from your stats")).to_be_visible()
    expect(newest).to_have_class(re.compile(r"\bis-excluded\b"))
    expect(newest.locator(".badge")).to_have_text("Excluded")
    expect(page.locator("#stat-count")).to_have_text("9")
    expect(page.locator("#stat-latest")).to_have_text("76")
    expect(page.locator(".excluded-note")).to_contain_text("1 excluded interview")
    expect(page.locator("#history-heading")).to_contain_text("(10 matching)")
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    assert_accessible(page)

    newest.get_by_role("link", name=re.compile("^Details")).click()
    modal_button(page, "Include in stats").click()

    expect(page.locator(".messages").filter(has_text="counts in your stats again")).to_be_visible()
    expect(newest).not_to_have_class(re.compile(r"\bis-excluded\b"))
    expect(page.locator("#stat-count")).to_have_text("10")
    expect(page.locator("#stat-latest")).to_have_text("79")
    expect(page.locator(".excluded-note")).to_have_count(0)
