"""The main path through the product, in a browser, on a desktop and on a phone."""

import re

import pytest
from playwright.sync_api import expect

from e2e.checks import assert_accessible, assert_security_headers
from e2e.steps import create_interview, log_in, log_out, sign_up


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_a_new_user_signs_up_practises_one_interview_and_deletes_another(page, device):
    response = page.goto("/accounts/signup/")
    assert_security_headers(response)
    assert_accessible(page)
    username = sign_up(page)
    expect(page.get_by_role("status").filter(has_text=f"Welcome, {username}!")).to_be_visible()
    expect(page.get_by_text("Welcome! Start with your first practice interview.")).to_be_visible()
    assert_accessible(page)

    log_out(page)
    assert_accessible(page)
    log_in(page, username)

    create_interview(page, "Backend Engineer", "Acme", "Behavioral", "Senior")
    row = page.locator(".list-group-item", has_text="Backend Engineer")
    expect(row).to_contain_text("Ready")
    expect(page.locator("#stat-active")).to_have_text("1")

    # Practised elsewhere: its results are typed in (e2e/test_session.py practises one here).
    row.get_by_role("link", name="Log an outside interview as Backend Engineer at Acme").click()
    expect(page).to_have_url(re.compile(r"/interviews/[^/]+/complete/$"))
    expect(page.get_by_role("heading", name="Log an outside interview")).to_be_visible()
    assert_accessible(page)
    totals = page.locator(".card-body", has=page.get_by_role("heading", name="Totals"))
    totals.get_by_label("Total questions").fill("10")
    totals.get_by_label("Correct answers").fill("12")  # more than were asked: refused
    totals.get_by_label("Score").fill("72.5")
    totals.get_by_label("Time spent (minutes)").fill("45")
    page.get_by_label("Strengths").fill("Clear structure\nGood examples")
    page.get_by_label("Areas for improvement").fill("Quantify impact")
    round_one = page.get_by_role("group", name="Round 1")
    round_one.get_by_label("Round type").select_option(label="Behavioral")
    round_one.get_by_label("Score").fill("80")
    round_one.get_by_label("Questions answered").fill("4")
    round_one.get_by_label("Total questions").fill("5")
    round_one.get_by_label("Minutes").fill("20")
    page.get_by_role("button", name="Save results").click()

    correct = totals.get_by_label("Correct answers")
    expect(correct).to_have_attribute("aria-invalid", "true")
    expect(page.locator(".invalid-feedback").first).to_be_visible()
    expect(round_one.get_by_label("Questions answered")).to_have_value("4")  # nothing lost
    assert_accessible(page)
    correct.fill("8")
    page.get_by_role("button", name="Save results").click()

    expect(page).to_have_url(re.compile(r"/interviews/[^/]+/feedback/$"))
    expect(page.get_by_role("heading", name="Feedback", exact=True)).to_be_visible()
    expect(page.get_by_text("8 / 10")).to_be_visible()
    expect(page.get_by_text("Clear structure")).to_be_visible()
    rounds = page.get_by_role("table").locator("tbody tr")
    expect(rounds).to_have_count(1)
    expect(rounds.first).to_contain_text("Behavioral")
    expect(rounds.first).to_contain_text("4 / 5")
    assert_accessible(page)

    page.get_by_role("link", name="Dashboard", exact=True).last.click()
    expect(page.locator("#stat-active")).to_have_text("0")
    expect(page.locator("#stat-completed")).to_have_text("1")
    expect(page.locator("#stat-average")).to_have_text("72.5")
    expect(page.locator("#stat-latest")).to_have_text("72.5")
    expect(page.get_by_text("No active interviews.")).to_be_visible()

    create_interview(page, "Data Analyst", "Globex")
    page.get_by_role("link", name="Delete Data Analyst at Globex").click()
    dialog = page.get_by_role("dialog", name="Delete this interview?")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("“Data Analyst at Globex” will be deleted for good.")
    assert_accessible(page, ".modal.show")
    dialog.get_by_role("button", name="Delete").click()
    expect(
        page.get_by_role("status").filter(has_text="Deleted “Data Analyst at Globex”")
    ).to_be_visible()
    expect(page.locator(".list-group-item", has_text="Data Analyst")).to_have_count(0)
    expect(page.locator("#stat-active")).to_have_text("0")

    log_out(page)
    page.goto("/dashboard/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/dashboard/$"))
