"""Results in a browser, on a desktop and on a phone: exporting what the filter form says,
entering five rounds, then correcting and deleting a completed interview."""

import csv
import io
import re

import pytest
from playwright.sync_api import expect

from e2e import history_data
from e2e.checks import assert_accessible
from e2e.steps import create_interview, filter_form, log_in, sign_up

TABLE_ROWS = "section[aria-labelledby='history-heading'] tbody tr"
ROUND_FIELDS = ("Round type", "Score", "Questions answered", "Total questions", "Minutes")


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_export_sends_the_filters_as_set_and_refuses_invalid_ones_on_the_page(
    page, device, history_user, browser_errors
):
    log_in(page, history_user.username)
    page.goto("/performance/")
    form = filter_form(page)
    # Chosen, not applied: the table still lists every interview.
    form.get_by_label("Type", exact=True).select_option(label="Technical")
    expect(page.locator("#history-heading")).to_contain_text(f"({history_data.COUNT})")

    with page.expect_download() as download_info:
        form.get_by_role("button", name="Export CSV").click()
    download = download_info.value

    records = list(csv.DictReader(io.StringIO(download.path().read_text(encoding="utf-8-sig"))))
    assert records
    assert {record["interviewType"] for record in records} == {"technical"}

    form.get_by_label("From", exact=True).fill("2026-03-19")
    form.get_by_label("To", exact=True).fill("2026-03-10")
    downloads = []
    page.on("download", lambda download: downloads.append(download))
    with browser_errors.expecting(400):
        form.get_by_role("button", name="Export CSV").click()
        expect(page.get_by_role("alert").filter(has_text="Nothing was exported")).to_be_visible()
    to = filter_form(page).get_by_label("To", exact=True)
    expect(to).to_have_attribute("aria-invalid", "true")
    expect(to).to_have_accessible_description("The end date is before the start date.")
    expect(page.get_by_text("The end date is before the start date.")).to_have_count(1)
    assert downloads == []
    assert_accessible(page)


def fill_round(page, number, values):
    row = page.get_by_role("group", name=f"Round {number}")
    row.get_by_label("Round type").select_option(label=values[0])
    for label, value in zip(ROUND_FIELDS[1:], values[1:], strict=True):
        row.get_by_label(label).fill(value)


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_five_rounds_are_entered_then_the_results_corrected_and_deleted(page, device):
    sign_up(page)
    create_interview(page, "Staff Engineer", "Initech", "Mixed", "Senior")
    page.get_by_role("link", name="Log an outside interview as Staff Engineer at Initech").click()

    totals = page.locator(".card-body", has=page.get_by_role("heading", name="Totals"))
    totals.get_by_label("Total questions").fill("20")
    totals.get_by_label("Correct answers").fill("14")
    totals.get_by_label("Score").fill("70")
    totals.get_by_label("Time spent (minutes)").fill("200")
    rows = page.locator("[data-round-rows] fieldset")
    expect(rows).to_have_count(3)
    add = page.get_by_role("button", name="Add round")
    for _ in range(3):
        add.click()
    expect(rows).to_have_count(6)
    expect(page.get_by_role("group", name="Round 6").get_by_label("Round type")).to_be_focused()
    page.get_by_role("button", name="Remove round 4").click()
    expect(rows).to_have_count(5)
    rounds = [
        ("Technical", "60", "3", "4", "45"),
        ("Behavioral", "80", "4", "4", "30"),
        ("DSA", "55", "2", "3", "50"),
        ("Technical", "75", "3", "3", "40"),
        ("Behavioral", "85", "5", "5", "35"),
    ]
    for number, values in enumerate(rounds, start=1):
        fill_round(page, number, values)
    assert_accessible(page)
    page.get_by_role("button", name="Save results").click()

    expect(page).to_have_url(re.compile(r"/interviews/[^/]+/feedback/$"))
    round_rows = page.locator('.performance-detail [aria-label="Round results"] tbody tr')
    expect(round_rows).to_have_count(5)
    expect(round_rows.nth(2)).to_contain_text("DSA")

    # Correct it from the performance page's detail modal.
    page.goto("/performance/")
    expect(page.locator("#stat-average")).to_have_text(re.compile(r"^\s*70(\.0)?\s*$"))
    page.locator(TABLE_ROWS).first.get_by_role("link", name=re.compile("^Details")).click()
    dialog = page.get_by_role("dialog", name="Interview details")
    dialog.get_by_role("link", name=re.compile("^Edit results")).click()

    expect(page.get_by_role("heading", name="Edit results")).to_be_visible()
    expect(rows).to_have_count(6)  # the five saved rounds and an empty one
    expect(page.get_by_role("group", name="Round 5").get_by_label("Score")).to_have_value("85")
    score = page.locator(".card-body", has=page.get_by_role("heading", name="Totals"))
    score.get_by_label("Score").fill("150")
    page.get_by_role("button", name="Save results").click()
    expect(page.get_by_text("Enter a number from 0 to 100.")).to_have_count(1)
    score.get_by_label("Score").fill("64")
    page.get_by_role("button", name="Remove round 5").click()
    page.get_by_role("button", name="Save results").click()

    saved = page.get_by_role("status").filter(has_text="Saved the corrected results")
    expect(saved).to_be_visible()
    figures = page.locator(".performance-detail dl")
    expect(figures).to_contain_text("64")
    expect(round_rows).to_have_count(4)

    page.goto("/performance/")
    expect(page.locator("#stat-average")).to_have_text(re.compile(r"^\s*64(\.0)?\s*$"))
    page.locator(TABLE_ROWS).first.get_by_role("link", name=re.compile("^Details")).click()
    dialog.get_by_role("link", name=re.compile("^Delete")).click()
    confirm = page.get_by_role("dialog", name="Delete this interview?")
    expect(confirm).to_be_visible()
    expect(confirm).to_contain_text("and its performance record will be deleted for good")
    assert_accessible(page, ".modal.show")
    confirm.get_by_role("button", name="Delete").click()

    expect(page).to_have_url(re.compile(r"/performance/$"))
    expect(
        page.get_by_role("status").filter(has_text="Deleted “Staff Engineer at Initech”")
    ).to_be_visible()
    expect(page.get_by_text("No completed interviews yet.")).to_be_visible()
