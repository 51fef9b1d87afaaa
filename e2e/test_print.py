"""Printing: the performance page and an interview's feedback as reports, through Chromium's
own PDF printer, and the print layout saved as PNGs to look at (var/print/)."""

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from e2e.checks import assert_accessible
from e2e.steps import PASSWORD, log_in, unique_username

OUTPUT = Path(__file__).resolve().parent.parent / "var" / "print"
OUTPUT.mkdir(parents=True, exist_ok=True)


def print_page(page, name):
    """The page as Chromium prints it: a PDF, and a PNG of the print layout; the PDF's bytes."""
    pdf = page.pdf(path=OUTPUT / f"{name}.pdf", format="A4")
    assert pdf.startswith(b"%PDF")
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 794, "height": 1123})  # an A4 sheet at 96 dpi
    page.screenshot(path=OUTPUT / f"{name}.png", full_page=True)
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the print layout is {overflow} px wider than the sheet"
    return pdf


def assert_no_controls(page):
    """In print, navigation, buttons, forms and modals are gone."""
    for selector in ("nav.navbar", ".btn", "form", ".pagination", ".modal"):
        for index in range(page.locator(selector).count()):
            expect(page.locator(selector).nth(index)).to_be_hidden()


def test_the_performance_page_prints_as_a_report(page, history_user):
    log_in(page, history_user.username)
    page.goto("/performance/")
    print_button = page.get_by_role("button", name="Print", exact=True)
    expect(print_button).to_be_visible()
    expect(page.locator("#chart-tracking")).to_be_visible()

    pdf = print_page(page, "performance")

    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) >= 2  # a report of several pages
    expect(page.get_by_role("heading", name="Performance", exact=True)).to_be_visible()
    assert_no_controls(page)
    # Every column of the history is on paper, and the charts fit the page.
    header = page.locator(".history-table thead th")
    for name in ("Company", "Type", "Level", "Correct", "Time"):
        expect(header.filter(has_text=name)).to_be_visible()
    width = page.evaluate("document.documentElement.clientWidth")
    for index in range(page.locator("canvas").count()):
        box = page.locator("canvas").nth(index).bounding_box()
        assert box["width"] > 300
        assert box["x"] + box["width"] <= width


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_a_feedback_page_prints_with_its_comparison(page, device, server):
    username = unique_username("printer")
    later = json.loads(server.python("e2e/comparison_data.py", username, PASSWORD))["later"]
    log_in(page, username)
    page.goto(f"/interviews/{later}/feedback/")
    expect(page.get_by_role("button", name="Print", exact=True)).to_be_visible()
    comparison = page.locator(".performance-comparison")
    expect(comparison).to_contain_text("Compared with Backend Engineer at Acme")
    expect(comparison.locator(".comparison-overall")).to_contain_text("better")
    expect(comparison.locator(".comparison-tags")).to_be_visible()
    # On the screen too: readable without colour, and no wider than a phone.
    assert_accessible(page, ".performance-comparison")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page is {overflow} px wider than the screen"
    comparison.screenshot(path=OUTPUT / f"comparison-{device}.png")

    print_page(page, f"feedback-{device}")

    assert_no_controls(page)
    expect(comparison.locator(".comparison-tags")).to_be_visible()
    expect(page.locator(".session-review")).to_be_visible()
