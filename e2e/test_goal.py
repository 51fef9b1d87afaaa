"""The weekly goal on the dashboard and the activity calendar of the performance page, as a
person uses them on a desktop and on a phone."""

import pytest
from playwright.sync_api import expect

from e2e.checks import assert_accessible
from e2e.steps import log_in, sign_up
from e2e.test_layout import overflowing


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_a_person_sets_changes_and_removes_a_weekly_goal(page, device):
    sign_up(page)
    card = page.locator("#goal")
    expect(card).to_contain_text("Set a weekly goal to see how far you are")
    assert overflowing(page) == []
    assert_accessible(page)

    field = card.get_by_label("Set a weekly goal")
    field.fill("30")
    card.get_by_role("button", name="Set goal").click()
    # Too many: the goal page says why, and keeps what was typed.
    expect(page.get_by_text("At most 21 a week (3 a day).")).to_be_visible()
    page.get_by_label("Interviews per week").fill("3")
    page.get_by_role("button", name="Save goal").click()

    expect(page.get_by_text("Your weekly goal is now 3.")).to_be_visible()
    expect(card.locator("#goal-progress")).to_have_text(
        "0 of 3 interviews done. 3 more to meet your goal by Sunday."
    )
    expect(card.locator("#goal-streak")).to_contain_text("Streak: 0 weeks")
    assert overflowing(page) == []
    assert_accessible(page)

    # Removing asks first; cancelling keeps the goal.
    card.get_by_role("link", name="Remove goal").click()
    dialog = page.get_by_role("dialog", name="Remove your weekly goal of 3 a week?")
    expect(dialog).to_contain_text("Your history and streak stay.")
    assert_accessible(page, "#goal-remove-modal")
    dialog.get_by_role("button", name="Cancel").first.click()
    expect(dialog).to_be_hidden()
    expect(card.locator("#goal-progress")).to_contain_text("0 of 3")
    card.get_by_role("link", name="Remove goal").click()
    dialog.get_by_role("button", name="Remove goal").click()
    expect(page.get_by_text("Your weekly goal is removed.")).to_be_visible()
    expect(card).to_contain_text("Set a weekly goal")


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_the_activity_calendar_scrolls_in_its_own_box_and_reads_as_a_table(
    page, device, history_user
):
    log_in(page, history_user.username)
    page.goto("/performance/")

    section = page.locator("section.activity")
    expect(section.locator("#activity-summary")).to_contain_text("30 interviews on 30 days")
    day = section.locator('.activity-grid [title="1 interview on 5 Mar 2026"]')
    expect(day).to_have_count(1)
    scroll = section.locator(".activity-scroll")
    widths = scroll.evaluate("(box) => [box.scrollWidth, box.clientWidth]")
    if device == "phone":
        assert widths[0] > widths[1]  # a year does not fit: it scrolls inside its box
    section.get_by_text("Show as table").click()
    rows = section.locator("details tbody tr")
    expect(rows.first).to_be_visible()
    assert overflowing(page) == []
    assert_accessible(page, "section.activity")
