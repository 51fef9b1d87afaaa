"""The demo account as a person first meets it: the planner, the weekly goal, the activity
calendar, the weaknesses, the comparison, the shared links and the mentor's view, each
usable by keyboard and screen reader, and printed without broken words."""

import itertools

import pytest
from playwright.sync_api import expect

from e2e.checks import assert_accessible, assert_focus_visible
from e2e.steps import log_in
from e2e.test_print import OUTPUT, assert_no_controls


@pytest.fixture(scope="module")
def demo(server):
    """The password of the `demo` account, made by seed_demo as `make run` makes it."""
    server.manage("seed_demo", "--if-missing")
    return server.demo_password


def tab_to(page, locator, limit=80):
    """Press Tab until `locator` has the focus; fails if it never does."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if locator.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"Tab never reached {locator}")


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_the_dashboard_proposes_a_session_and_shows_the_goal_and_streak(page, demo, device):
    log_in(page, "demo", demo)

    planner = page.locator("#planner")
    expect(planner.get_by_role("heading", level=2)).to_contain_text("Your next session")
    expect(planner).to_contain_text("due for review")
    expect(planner.locator("li").first).to_be_visible()
    goal = page.locator("#goal")
    expect(goal).to_contain_text("Streak: 8 weeks")
    assert_accessible(page, "#planner")
    assert_accessible(page, "#goal")
    # The headings go down one level at a time: no h3 straight under the h1.
    levels = page.eval_on_selector_all(
        "main h1, main h2, main h3, main h4", "hs => hs.map(h => Number(h.tagName[1]))"
    )
    assert levels[0] == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels)), levels
    # By keyboard: the planner's button and the goal's field and link show the focus.
    tab_to(page, planner.get_by_role("button", name="Start this session"))
    assert_focus_visible(page)
    tab_to(page, goal.get_by_role("spinbutton"))
    assert_focus_visible(page)
    tab_to(page, goal.get_by_role("link", name="Remove goal"))
    assert_focus_visible(page)


def test_removing_the_goal_offers_to_set_it_again(page, demo, server):
    log_in(page, "demo", demo)
    page.locator("#goal").get_by_role("link", name="Remove goal").click()
    page.get_by_role("dialog").get_by_role("button", name="Remove goal").click()

    message = page.get_by_role("status").filter(has_text="Your weekly goal is removed.")
    message.get_by_role("link", name="Set a goal again").click()
    page.get_by_label("Interviews per week").fill("3")
    page.get_by_role("button", name="Save goal").click()
    expect(page.locator("#goal")).to_contain_text("Streak: 8 weeks")


def test_the_calendar_and_weaknesses_read_without_colour(page, demo):
    log_in(page, "demo", demo)
    page.goto("/performance/")

    activity = page.locator("section.activity")
    expect(activity.get_by_role("heading", name="Activity")).to_be_visible()
    summary = activity.locator("summary").filter(has_text="Show as table")
    tab_to(page, summary)
    assert_focus_visible(page)
    page.keyboard.press("Enter")
    expect(activity.get_by_role("table")).to_be_visible()
    assert_accessible(page, "section.activity")

    weaknesses = page.locator("section.weaknesses")
    for status in ("Open", "Resolved", "Regressed"):
        # Each status is said in words, not only by the badge's colour.
        expect(weaknesses.get_by_role("cell").filter(has_text=status).first).to_be_visible()
    expect(weaknesses.get_by_role("columnheader", name="Status")).to_be_visible()
    assert_accessible(page, "section.weaknesses")


def test_a_report_compares_with_the_previous_interview_of_its_kind(page, demo):
    log_in(page, "demo", demo)
    page.goto("/performance/")
    page.get_by_role("link", name="Details").first.click()
    dialog = page.get_by_role("dialog", name="Interview details")
    dialog.get_by_role("link", name="Open as a page").click()

    comparison = page.locator(".performance-comparison")
    expect(comparison.get_by_role("heading")).to_contain_text("Compared with your previous")
    expect(comparison.get_by_role("table").first).to_be_visible()
    assert_accessible(page, ".performance-comparison")


def test_the_shares_list_and_the_mentors_view_without_login(page, demo, browser, server):
    log_in(page, "demo", demo)
    page.goto("/accounts/shares/")
    expect(page.get_by_role("heading", name="Shared links", level=1)).to_be_visible()
    assert_accessible(page)
    page.locator(".shares-table a").first.click()
    link = page.locator("#share-link").input_value()
    assert_accessible(page)

    context = browser.new_context(locale="en-GB")
    try:
        mentor = context.new_page()
        mentor.goto(link)
        expect(mentor.get_by_role("heading", level=1)).to_contain_text("Priya (mentor)")
        expect(mentor.get_by_text("This link works until")).to_be_visible()
        expect(mentor.get_by_role("link", name="Log out")).to_have_count(0)
        assert_accessible(mentor)
    finally:
        context.close()


def test_the_demo_report_prints_with_whole_words_calendar_and_weaknesses(page, demo):
    log_in(page, "demo", demo)
    page.goto("/performance/")
    page.wait_for_load_state("networkidle")
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 718, "height": 1123})  # A4 less the page's margins
    page.screenshot(path=OUTPUT / "demo-performance.png", full_page=True)

    assert_no_controls(page)
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the print layout is {overflow} px wider than the sheet"
    for selector in ("section.activity", "section.weaknesses", ".history-table"):
        expect(page.locator(selector)).to_be_visible()
    # No word of the history table is split across two lines ("Behaviora|l").
    split = page.evaluate(
        """() => {
            const split = [];
            for (const cell of document.querySelectorAll(".history-table td")) {
                const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
                for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                    if (getComputedStyle(node.parentElement).display === "none") continue;
                    const text = node.textContent;
                    for (const match of text.matchAll(/\\S+/g)) {
                        const range = document.createRange();
                        range.setStart(node, match.index);
                        range.setEnd(node, match.index + match[0].length);
                        const tops = new Set(
                            [...range.getClientRects()].map(r => Math.round(r.top)));
                        if (tops.size > 1) split.push(match[0]);
                    }
                }
            }
            return split;
        }"""
    )
    assert split == [], f"words split across lines in print: {split}"


def test_the_dashboard_prints_the_planner_and_goal(page, demo):
    log_in(page, "demo", demo)
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 718, "height": 1123})
    page.screenshot(path=OUTPUT / "demo-dashboard.png", full_page=True)

    expect(page.locator("#planner")).to_contain_text("due for review")
    expect(page.locator("#goal")).to_contain_text("Streak: 8 weeks")
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the print layout is {overflow} px wider than the sheet"
