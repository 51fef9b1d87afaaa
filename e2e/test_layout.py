"""The pages as a person sees them on a desktop and on a phone: no table wider than its
box, the score chart above the history table, the filters folded away on a phone, the
account menu and the word after logging out."""

import re

import pytest
from playwright.sync_api import expect

from e2e.checks import assert_accessible
from e2e.steps import log_in, log_out, open_account_menu

# Each table's scrolling box (or the table itself) and the document: how far each is
# wider than what it shows.
OVERFLOW = """(root) => {
    const found = [];
    const scope = root ? document.querySelector(root) : document;
    for (const table of scope.querySelectorAll("table")) {
        if (!table.offsetParent) continue;  // hidden (a closed details, another tab)
        const box = table.closest(".table-responsive") || table.parentElement;
        for (const element of [box, table]) {
            if (element.scrollWidth > element.clientWidth + 1) {
                const label = box.getAttribute("aria-label") || table.className;
                found.push(`${label}: ${element.scrollWidth} px in ${element.clientWidth} px`);
            }
        }
    }
    const page = document.documentElement;
    if (page.scrollWidth > page.clientWidth) {
        found.push(`the page: ${page.scrollWidth} px in ${page.clientWidth} px`);
    }
    return found;
}"""


def overflowing(page, root=None):
    return page.evaluate(OVERFLOW, root)


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_the_performance_page_puts_insight_first_and_fits_the_screen(page, device, history_user):
    log_in(page, history_user.username)
    page.goto("/performance/")
    page.wait_for_load_state("networkidle")

    chart = page.locator("#chart-tracking")
    table = page.locator("section[aria-labelledby='history-heading'] table")
    expect(chart).to_be_visible()
    assert chart.bounding_box()["y"] < table.bounding_box()["y"]
    steps = page.get_by_role("heading", name="What to work on next")
    assert steps.bounding_box()["y"] < table.bounding_box()["y"]
    # Opening the scores-as-a-table puts that table on the page too.
    page.get_by_text("Scores as a table").click()
    problems = overflowing(page)
    assert problems == [], "\n".join(problems)
    assert_accessible(page)

    page.locator("section[aria-labelledby='history-heading'] tbody tr").first.get_by_role(
        "link", name=re.compile("^Details")
    ).click()
    dialog = page.get_by_role("dialog", name="Interview details")
    expect(dialog).to_contain_text("Round results")
    assert overflowing(page, "#performance-modal") == []
    assert_accessible(page, "#performance-modal")


def test_on_a_phone_the_filters_fold_away_behind_a_button_that_counts_them(page, history_user):
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, history_user.username)
    page.goto("/performance/?interview_type=technical&company=Acme")

    form = page.get_by_role("form", name="Filter interviews")
    toggle = page.get_by_role("button", name="Filters (2 active)")
    expect(form).to_be_hidden()
    toggle.click()
    expect(page.locator("#performance-filters")).to_have_class(re.compile(r"\bshow\b"))
    expect(form).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "true")

    form.get_by_label("Company").select_option(value="")
    form.get_by_role("button", name="Apply filters").click()
    # Only the filter in use reaches the address.
    expect(page).to_have_url(re.compile(r"/performance/\?interview_type=technical&sort=newest$"))
    expect(page.get_by_role("button", name="Filters (1 active)")).to_be_visible()


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_the_dashboard_shows_the_latest_results_and_fits_the_screen(page, device, history_user):
    log_in(page, history_user.username)
    page.wait_for_load_state("networkidle")

    expect(page.get_by_role("heading", name="Your latest results")).to_be_visible()
    expect(page.get_by_role("heading", name="What to work on next")).to_be_visible()
    expect(page.locator(".recent-results li")).to_have_count(5)
    assert overflowing(page) == []
    assert_accessible(page)


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_the_account_menu_holds_api_tokens_and_logging_out_says_so(page, device, history_user):
    log_in(page, history_user.username)
    main = page.get_by_role("navigation", name="Main")
    expect(main.get_by_role("link", name="API tokens")).to_be_hidden()

    open_account_menu(page)
    main.get_by_role("link", name="API tokens").click()
    expect(page.get_by_role("heading", name="API tokens")).to_be_visible()

    log_out(page)
    expect(page.get_by_role("status")).to_contain_text("You have been logged out.")
    expect(page.get_by_role("button", name="Log in")).to_be_visible()
    assert_accessible(page)
