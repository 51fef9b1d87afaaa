"""What a person does in the browser, step by step, shared by several tests."""

import re
import uuid

from playwright.sync_api import expect

PASSWORD = "correct-horse-battery-staple-7"


def unique_username(prefix="user"):
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def sign_up(page, username=None):
    """Create an account through the sign-up page; return its username (now logged in)."""
    username = username or unique_username()
    page.goto("/accounts/signup/")
    page.get_by_label("Username").fill(username)
    page.get_by_label(re.compile(r"^\s*Password\W*$")).fill(PASSWORD)
    page.get_by_label("Password confirmation").fill(PASSWORD)
    page.get_by_role("button", name="Sign up").click()
    expect(page).to_have_url(re.compile(r"/dashboard/$"))
    return username


def log_in(page, username, password=PASSWORD):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/dashboard/$"))


def open_menu(page):
    """On a narrow screen the navigation is collapsed behind the menu button: open it."""
    toggler = page.get_by_role("button", name="Toggle navigation")
    if toggler.is_visible() and toggler.get_attribute("aria-expanded") != "true":
        toggler.click()
        # Bootstrap swaps "collapsing" for "show" when the menu has finished opening.
        expect(page.locator("#main-nav")).to_have_class(re.compile(r"(^|\s)show(\s|$)"))


def open_account_menu(page):
    """Open the menu under the username (API tokens, log out)."""
    open_menu(page)
    account = page.get_by_role("button", name=re.compile(r"^Account: "))
    if account.get_attribute("aria-expanded") != "true":
        account.click()
    expect(account).to_have_attribute("aria-expanded", "true")


def log_out(page):
    open_account_menu(page)
    page.get_by_role("button", name="Log out").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/$"))
    expect(page.get_by_role("status")).to_contain_text("You have been logged out.")


def create_interview(page, job_title, company, interview_type="Technical", level="Mid"):
    """Create an interview with the dashboard's form."""
    form = page.locator("form", has=page.get_by_role("button", name="Create interview"))
    form.get_by_label("Job title").fill(job_title)
    form.get_by_label("Company").fill(company)
    form.get_by_label("Interview type").select_option(label=interview_type)
    form.get_by_label("Experience level").select_option(label=level)
    form.get_by_role("button", name="Create interview").click()
    expect(
        page.get_by_role("status").filter(has_text=f"Created “{job_title} at {company}”")
    ).to_be_visible()


def filter_form(page):
    """The performance page's filter form, unfolded first on a phone (behind a button there)."""
    # The page a click has just opened is read, not the one it replaces.
    page.wait_for_load_state()
    toggle = page.locator("button.filters-toggle")
    if toggle.is_visible() and toggle.get_attribute("aria-expanded") != "true":
        toggle.click()
        # Bootstrap adds "show" once the card has finished unfolding.
        expect(page.locator("#performance-filters")).to_have_class(re.compile(r"\bshow\b"))
    return page.get_by_role("form", name="Filter interviews")
