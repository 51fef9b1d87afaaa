"""The next-session planner in a browser: from a first finished interview to the planned
session in one click, on a desktop and on a phone."""

import re

import pytest
from playwright.sync_api import expect

from e2e.checks import assert_accessible
from e2e.steps import create_interview, sign_up

SESSION_URL = re.compile(r"/interviews/[^/]+/session/$")


@pytest.fixture(autouse=True)
def _bank(history_user):
    """The served database with its question bank (e2e/history_data.py makes sure of one)."""


def assert_fits(page):
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{page.url} is {overflow}px wider than the screen"


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_the_plan_starts_the_proposed_session_in_one_click(page, device):
    sign_up(page)
    planner = page.get_by_role("region", name="Your next session")
    expect(planner).to_contain_text("Complete your first interview")

    # A first technical interview, finished at once.
    create_interview(page, "Platform Engineer", "Acme", "Technical", "Entry")
    page.get_by_role("button", name="Start practice Platform Engineer at Acme").click()
    expect(page).to_have_url(SESSION_URL)
    page.get_by_role("link", name="Finish interview", exact=True).click()
    page.get_by_role("button", name="Finish interview", exact=True).click()
    expect(page).to_have_url(re.compile(r"/interviews/[^/]+/feedback/$"))

    page.goto("/dashboard/")
    planner = page.get_by_role("region", name="Your next session: Behavioral")
    expect(planner).to_contain_text("You have not practised a Behavioral round yet")
    expect(planner).to_contain_text("as Platform Engineer at Acme")
    assert_accessible(page, "#planner")
    assert_fits(page)

    planner.get_by_role("button", name="Start this session").click()

    expect(page).to_have_url(SESSION_URL)
    expect(page.locator(".alert-success")).to_contain_text(
        "Started your planned Behavioral session"
    )
    expect(page.get_by_role("heading", level=1)).to_contain_text("Behavioral · question 1 of 3")
