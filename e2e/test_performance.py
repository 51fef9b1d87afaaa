"""The performance page in a browser: filters, search, sort, pages, charts, the detail modal
and the CSV export, over the known history of e2e/history_data.py."""

import csv
import io
import re

import pytest
from playwright.sync_api import expect

from e2e import history_data
from e2e.checks import assert_accessible, assert_focus_visible, assert_security_headers
from e2e.steps import filter_form, log_in

TABLE_ROWS = "section[aria-labelledby='history-heading'] tbody tr"


def open_history(page, user, query=""):
    log_in(page, user.username)
    response = page.goto(f"/performance/{query}")
    assert_security_headers(response)


def apply_filters(page, **labels):
    form = filter_form(page)
    for label, value in labels.items():
        field = form.get_by_label(label, exact=True)
        if field.evaluate("element => element.tagName") == "SELECT":
            field.select_option(label=value)
        else:
            field.fill(value)
    form.get_by_role("button", name="Apply filters").click()


def reset(page):
    page.get_by_role("link", name="Reset").click()
    expect(page).to_have_url(re.compile(r"/performance/$"))


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_filters_search_sort_and_pages_narrow_the_history(page, device, history_user):
    open_history(page, history_user)
    rows = page.locator(TABLE_ROWS)
    heading = page.locator("#history-heading")
    expect(heading).to_contain_text(f"({history_data.COUNT})")
    expect(rows).to_have_count(25)
    assert_accessible(page)

    page.get_by_role("link", name="Next").click()
    expect(page.get_by_text("Page 2 of 2")).to_be_visible()
    expect(rows).to_have_count(history_data.COUNT - 25)

    apply_filters(page, Type="Technical", Company="Acme")
    expect(heading).to_contain_text("(3 matching)")
    expect(rows).to_have_count(3)  # interviews 0, 12 and 24
    for index in range(3):
        expect(rows.nth(index)).to_contain_text("Acme")
        expect(rows.nth(index)).to_contain_text("Technical")

    reset(page)
    apply_filters(page, From="2026-03-10", To="2026-03-19")
    expect(heading).to_contain_text("(10 matching)")
    expect(rows.first).to_contain_text("19 Mar 2026")
    expect(rows.last).to_contain_text("10 Mar 2026")

    reset(page)
    apply_filters(page, Search=history_data.SEARCH_WORD)
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(history_data.job_title(history_data.SEARCH_INDEX))

    reset(page)
    apply_filters(page, Sort="Highest score")
    expect(rows.first).to_contain_text(history_data.job_title(history_data.COUNT - 1))
    apply_filters(page, Sort="Lowest score")
    expect(rows.first).to_contain_text(history_data.job_title(0))
    expect(page).to_have_url(re.compile(r"sort=score_low"))


def test_every_chart_is_drawn_and_has_its_numbers_in_a_table(page, history_user):
    open_history(page, history_user)
    charts = page.locator("canvas")
    expect(charts.first).to_be_visible()
    assert charts.count() >= 3
    for index in range(charts.count()):
        chart = charts.nth(index)
        assert chart.evaluate("canvas => Boolean(window.Chart.getChart(canvas))")
        # The picture is hidden from screen readers; its section holds the same numbers as text.
        assert chart.evaluate("canvas => canvas.closest('[aria-hidden=true]') !== null")
        section = page.locator("section", has=page.locator(f"#{chart.get_attribute('id')}"))
        assert section.locator("table tbody tr").count() > 0


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_the_detail_modal_opens_and_escape_closes_it_returning_focus_to_the_row(
    page, device, history_user
):
    open_history(page, history_user, "?sort=oldest")
    first_row = page.locator(TABLE_ROWS).first
    details = first_row.get_by_role("link", name=re.compile("^Details"))
    details.click()

    dialog = page.get_by_role("dialog", name="Interview details")
    expect(dialog).to_be_visible()
    expect(dialog.get_by_role("heading", name=history_data.job_title(0))).to_be_visible()
    expect(dialog).to_contain_text("Round results")
    assert_accessible(page, "#performance-modal")

    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(details).to_be_focused()
    assert_focus_visible(page)


def test_the_csv_export_downloads_the_filtered_interviews(page, history_user):
    open_history(page, history_user)
    apply_filters(page, Type="Technical", Company="Acme")
    expect(page.locator(TABLE_ROWS)).to_have_count(3)

    with page.expect_download() as download_info:
        page.get_by_role("button", name="Export CSV").click()
    download = download_info.value

    assert download.suggested_filename.endswith(".csv")
    text = download.path().read_text(encoding="utf-8-sig")
    records = list(csv.DictReader(io.StringIO(text)))
    assert sorted(record["jobTitle"] for record in records) == [
        history_data.job_title(index) for index in (0, 12, 24)
    ]
    assert {record["companyName"] for record in records} == {"Acme"}
    assert {record["interviewType"] for record in records} == {"technical"}
