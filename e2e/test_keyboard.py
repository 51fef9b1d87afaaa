"""The main flow with the keyboard alone: Tab, typing, Enter and Escape; no mouse, no clicks.
Focus is visible wherever it lands and comes back to the row after the detail modal closes."""

import re

from playwright.sync_api import expect

from e2e.checks import assert_focus_visible
from e2e.steps import PASSWORD, unique_username

TAB_LIMIT = 80


def tab_to(page, target):
    """Press Tab until `target` has the focus; fail if it is not reachable."""
    for _ in range(TAB_LIMIT):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            assert_focus_visible(page)
            return
    raise AssertionError(f"{target} cannot be reached with Tab")


def type_into(page, target, text):
    tab_to(page, target)
    page.keyboard.type(text)


def create_interview(page, job_title, company):
    form = page.locator("form", has=page.get_by_role("button", name="Create interview"))
    type_into(page, form.get_by_label("Job title"), job_title)
    type_into(page, form.get_by_label("Company"), company)
    type_into(page, form.get_by_label("Interview type"), "Beh")  # type-ahead in a select
    expect(form.get_by_label("Interview type")).to_have_value("behavioral")
    type_into(page, form.get_by_label("Experience level"), "Sen")
    expect(form.get_by_label("Experience level")).to_have_value("senior")
    tab_to(page, form.get_by_role("button", name="Create interview"))
    page.keyboard.press("Enter")
    expect(page.get_by_text(f"Created “{job_title} at {company}”")).to_be_visible()


def test_the_main_flow_works_with_the_keyboard_alone(page):
    username = unique_username("keys")
    page.goto("/accounts/signup/")
    expect(page.get_by_label("Username")).to_be_focused()  # the form's autofocus
    page.keyboard.type(username)
    type_into(page, page.get_by_label(re.compile(r"^\s*Password\W*$")), PASSWORD)
    type_into(page, page.get_by_label("Password confirmation"), PASSWORD)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/dashboard/$"))
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to content")).to_be_focused()
    assert_focus_visible(page)

    create_interview(page, "Product Engineer", "Initech")
    create_interview(page, "Team Lead", "Hooli")

    # A practice session by keyboard: e2e/test_session.py.
    tab_to(
        page,
        page.get_by_role("link", name="Log an outside interview as Product Engineer at Initech"),
    )
    page.keyboard.press("Enter")

    totals = page.locator(".card-body", has=page.get_by_role("heading", name="Totals"))
    type_into(page, totals.get_by_label("Total questions"), "6")
    type_into(page, totals.get_by_label("Correct answers"), "5")
    type_into(page, totals.get_by_label("Score"), "83")
    type_into(page, totals.get_by_label("Time spent (minutes)"), "40")
    page.keyboard.press("Enter")  # submits the form from a field, as browsers do
    expect(page).to_have_url(re.compile(r"/interviews/[^/]+/feedback/$"))
    expect(page.get_by_text("5 / 6")).to_be_visible()

    tab_to(page, page.get_by_role("main").get_by_role("link", name="Performance Stats"))
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/performance/$"))
    details = page.get_by_role("link", name=re.compile("^Details of Product Engineer"))
    tab_to(page, details)
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog", name="Interview details")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_role("heading", name="Product Engineer")).to_be_visible()
    # Focus moves to the dialog (Bootstrap focuses the dialog element itself, once shown).
    page.wait_for_function("() => document.activeElement.closest('[role=dialog]') !== null")
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(details).to_be_focused()
    assert_focus_visible(page)

    tab_to(page, page.get_by_role("navigation", name="Main").get_by_role("link", name="Dashboard"))
    page.keyboard.press("Enter")
    expect(page.locator("#stat-completed")).to_have_text("1")
    tab_to(page, page.get_by_role("link", name="Delete Team Lead at Hooli"))
    page.keyboard.press("Enter")
    confirm = page.get_by_role("dialog", name="Delete this interview?")
    expect(confirm).to_be_visible()
    tab_to(page, confirm.get_by_role("button", name="Delete"))
    page.keyboard.press("Enter")
    expect(page.get_by_text("Deleted “Team Lead at Hooli”")).to_be_visible()
    expect(page.locator("#stat-active")).to_have_text("0")

    tab_to(page, page.get_by_role("button", name=re.compile(r"^Account: ")))
    page.keyboard.press("Enter")
    tab_to(page, page.get_by_role("button", name="Log out"))
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/accounts/login/$"))
