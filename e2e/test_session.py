"""The practice session in a browser: a whole mixed interview by keyboard alone, on a desktop
and on a phone; the answer surviving a reload and a lost connection; and the same session
as plain forms without JavaScript."""

import re

import pytest
from playwright.sync_api import expect

from e2e.checks import assert_accessible, assert_focus_visible
from e2e.server import PHONE
from e2e.steps import create_interview, sign_up

TAB_LIMIT = 80
SESSION_URL = re.compile(r"/interviews/[^/]+/session/$")
HEADER = re.compile(r"^(Technical|Behavioral|DSA) · question (\d+) of (\d+)$")


@pytest.fixture(autouse=True)
def _bank(history_user):
    """The served database with its question bank (e2e/history_data.py makes sure of one)."""


def focused(locator):
    return locator.evaluate("element => element === document.activeElement")


def tab_to(page, target, key="Tab"):
    """Press Tab (or Shift+Tab) until `target` has the focus; fail if it is not reachable."""
    for _ in range(TAB_LIMIT):
        page.keyboard.press(key)
        if focused(target):
            assert_focus_visible(page)
            return
    raise AssertionError(f"{target} cannot be reached with {key}")


def assert_fits(page):
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{page.url} is {overflow}px wider than the screen"


def header(page):
    """(round, position, round size) of the question shown."""
    text = page.get_by_role("heading", level=1).inner_text()
    match = HEADER.match(" ".join(text.split()))
    assert match, text
    return match.group(1), int(match.group(2)), int(match.group(3))


def start_session(page, job_title, company, interview_type="Mixed", level="Entry"):
    """Create and start an interview; a mixed one at entry level asks 9 questions, about a
    third of them choice questions, so an open one is all but certain."""
    create_interview(page, job_title, company, interview_type, level)
    page.get_by_role("button", name=f"Start practice {job_title} at {company}").click()
    expect(page).to_have_url(SESSION_URL)


def next_unanswered_open_question(page):
    """Skip until an open question shows (the plan mixes them with choice questions)."""
    for _ in range(10):
        if page.get_by_label("Your answer").count():
            return
        page.get_by_role("button", name="Skip", exact=True).click()
        expect(page).to_have_url(SESSION_URL)
    raise AssertionError("no open question in the plan")


def answer_by_keyboard(page, number):
    """Answer the question shown with the keyboard; return whether it was a choice."""
    answer = page.get_by_label("Your answer")
    if answer.count():
        tab_to(page, answer)
        page.keyboard.type(f"My answer to question {number}: a B-tree, because lookups cost log n.")
        expect(page.locator("#autosave-status")).to_have_text("Saved")
        tab_to(page, page.get_by_role("button", name="Submit answer", exact=True))
        page.keyboard.press("Enter")
        points = page.get_by_role("group", name="Tick the key points your answer covered")
        expect(points).to_be_visible()
        first_point = points.get_by_role("checkbox").first
        tab_to(page, first_point)
        page.keyboard.press("Space")
        expect(first_point).to_be_checked()
        tab_to(page, page.get_by_role("button", name="Save assessment", exact=True))
        page.keyboard.press("Enter")
        expect(page.locator("#assessment-score")).to_contain_text("Score:")
        return False
    choices = page.get_by_role("group", name="Choose one answer").get_by_role("radio")
    tab_to(page, choices.first)
    page.keyboard.press("ArrowDown")  # moves to the second choice and selects it
    expect(choices.nth(1)).to_be_checked()
    tab_to(page, page.get_by_role("button", name="Submit answer", exact=True))
    page.keyboard.press("Space")
    expect(page.locator("#result-heading")).to_have_text(
        re.compile(r"^\s*(Correct|Not correct)\s*$")
    )
    return True


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_a_mixed_interview_by_keyboard_alone(page, device):
    sign_up(page)
    create_interview(page, "Site Reliability Engineer", "Vandelay", "Mixed", "Entry")
    # From here on, the keyboard alone.
    tab_to(
        page,
        page.get_by_role("button", name="Start practice Site Reliability Engineer at Vandelay"),
    )
    page.keyboard.press("Enter")
    expect(page).to_have_url(SESSION_URL)
    expect(page.get_by_role("status").filter(has_text="Good luck!")).to_be_visible()
    assert header(page)[:2] == ("Technical", 1)
    assert_accessible(page)
    assert_fits(page)

    # Skip the first question, come back to it with Previous (Shift+Tab backwards to reach it).
    tab_to(page, page.get_by_role("button", name="Skip", exact=True))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("question 2 of")
    tab_to(page, page.get_by_role("link", name="Finish interview", exact=True))
    tab_to(page, page.get_by_role("button", name="Previous", exact=True), key="Shift+Tab")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("question 1 of")

    rounds_seen = []
    total = 0
    checked_after_submit = False
    while True:
        round_name, position, _size = header(page)
        if not rounds_seen or rounds_seen[-1] != round_name:
            rounds_seen.append(round_name)
        total += 1
        answer_by_keyboard(page, total)
        if not checked_after_submit:
            assert_accessible(page)
            assert_fits(page)
            checked_after_submit = True
        next_button = page.get_by_role("button", name="Next", exact=True)
        if not next_button.count():
            break
        tab_to(page, next_button)
        page.keyboard.press("Enter")
        expect(page.get_by_role("heading", level=1)).not_to_have_text(
            re.compile(f"{round_name} · question {position} of")
        )
    assert rounds_seen == ["Technical", "Behavioral", "DSA"]

    tab_to(page, page.get_by_role("link", name="Finish interview", exact=True))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Finish the interview?")).to_be_visible()
    expect(page.get_by_text("Every question is answered.")).to_be_visible()
    assert_accessible(page)
    assert_fits(page)
    tab_to(page, page.get_by_role("button", name="Finish interview", exact=True))
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"/interviews/[^/]+/feedback/$"))
    expect(
        page.get_by_role("status").filter(
            has_text="Finished “Site Reliability Engineer at Vandelay”"
        )
    ).to_be_visible()
    items = page.locator(".session-review-item")
    expect(items).to_have_count(total)
    expect(
        page.get_by_text("A question counts as correct when it scores 70 or more.")
    ).to_be_visible()
    expect(page.get_by_text("Scored by: self-assessment")).to_be_visible()
    expect(page.locator("dd").filter(has_text=f"/ {total}")).to_have_count(1)
    # The model answer is folded away; Enter on its summary opens it.
    open_item = items.filter(has=page.locator("details")).first
    summary = open_item.locator("summary")
    tab_to(page, summary)
    page.keyboard.press("Enter")
    expect(open_item.locator("details")).to_have_attribute("open", "")
    assert_accessible(page)
    assert_fits(page)


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_a_reload_in_the_middle_of_typing_keeps_the_answer(page, device):
    sign_up(page)
    start_session(page, "Data Engineer", "Kramerica")
    next_unanswered_open_question(page)
    answer = page.get_by_label("Your answer")
    status = page.locator("#autosave-status")

    answer.press_sequentially("Partition the table by day")
    expect(status).to_have_text("Saved")
    page.reload()
    expect(answer).to_have_value("Partition the table by day")

    # Typed, then reloaded at once: the save on leaving, or this browser's copy, keeps it.
    answer.press("End")
    answer.press_sequentially(" and index the customer id.")
    page.reload()
    expect(answer).to_have_value("Partition the table by day and index the customer id.")
    expect(status).to_have_text(re.compile(r"^(|Saved)$"))
    page.wait_for_load_state("networkidle")
    # The server has it, not only this browser.
    page.evaluate("() => window.localStorage.clear()")
    page.reload()
    expect(answer).to_have_value("Partition the table by day and index the customer id.")
    assert_accessible(page)


def test_an_answer_submitted_while_its_autosave_is_on_the_way_waits_for_it(page):
    sign_up(page)
    start_session(page, "Backend Engineer", "Initech")
    choices = page.get_by_role("group", name="Choose one answer").get_by_role("radio")
    for _ in range(10):
        if choices.count():
            break
        page.get_by_role("button", name="Skip", exact=True).click()
        expect(page).to_have_url(SESSION_URL)
    # The autosave of the choice is held on its way; the answer's own submission is not.
    held, sent = [], []
    page.route(
        "**/session/answer/",
        lambda route: (
            held.append(route) if route.request.resource_type == "fetch" else route.continue_()
        ),
    )
    page.on(
        "request",
        lambda request: (
            sent.append(request.resource_type) if request.url.endswith("/session/answer/") else None
        ),
    )

    choices.nth(1).check()
    expect(page.locator("#autosave-status")).to_have_text("Saving…")
    page.get_by_role("button", name="Submit answer", exact=True).click()
    page.wait_for_timeout(500)
    # Sent now, the answer could reach the server first, and the autosave be refused after it.
    assert sent == ["fetch"]

    held[0].continue_()
    expect(page.locator("#result-heading")).to_have_text(
        re.compile(r"^\s*(Correct|Not correct)\s*$")
    )
    assert sent == ["fetch", "document"]


def without_network_errors(browser_errors):
    """Failed requests are what a lost connection makes: not errors of the app."""
    browser_errors.errors = [
        error
        for error in browser_errors.errors
        if "ERR_INTERNET_DISCONNECTED" not in error and "ERR_FAILED" not in error
    ]


def test_a_lost_connection_loses_nothing(page, context, browser_errors):
    sign_up(page)
    start_session(page, "Platform Engineer", "Pendant Publishing")
    next_unanswered_open_question(page)
    answer = page.get_by_label("Your answer")
    status = page.locator("#autosave-status")

    context.set_offline(True)
    answer.press_sequentially("Written on a train")
    expect(status).to_have_text("Not saved — retrying")
    context.set_offline(False)
    expect(status).to_have_text("Saved", timeout=15_000)
    page.reload()
    expect(answer).to_have_value("Written on a train")

    # No save gets through, not even the one on leaving: this browser's copy brings it back
    # after the reload, and it is saved once the connection returns.
    page.route("**/session/answer/", lambda route: route.abort())
    answer.press("End")
    answer.press_sequentially(", then in a tunnel")
    expect(status).to_have_text("Not saved — retrying")
    page.reload()
    expect(answer).to_have_value("Written on a train, then in a tunnel")
    expect(status).to_have_text("Not saved — retrying")
    page.unroute("**/session/answer/")
    expect(status).to_have_text("Saved", timeout=15_000)
    page.evaluate("() => window.localStorage.clear()")
    page.reload()
    expect(answer).to_have_value("Written on a train, then in a tunnel")
    without_network_errors(browser_errors)


def test_without_javascript_the_session_is_plain_forms(request, browser, server, browser_errors):
    context = browser.new_context(
        base_url=server.url, java_script_enabled=False, locale="en-GB", **PHONE
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.on("response", browser_errors.on_response)
    request.node.browser_errors = browser_errors
    try:
        sign_up(page)
        start_session(page, "QA Engineer", "Sunsphere")
        expect(page.locator("[data-clock]").first).to_have_text(re.compile(r"^\d+:\d\d$"))
        next_unanswered_open_question(page)
        answer = page.get_by_label("Your answer")
        answer.fill("Test the edges first")
        page.get_by_role("button", name="Save draft", exact=True).click()
        expect(page.get_by_role("status").filter(has_text="Draft saved.")).to_be_visible()
        expect(answer).to_have_value("Test the edges first")

        # Moving away and back keeps what was typed, even unsaved.
        answer.fill("Test the edges first, then the happy path")
        skip = page.get_by_role("button", name="Skip", exact=True)
        previous = page.get_by_role("button", name="Previous", exact=True)
        if skip.count():
            skip.click()
            previous.click()
        else:  # the last question: the one before it was skipped, so it offers Skip
            previous.click()
            skip.click()
        expect(answer).to_have_value("Test the edges first, then the happy path")

        page.get_by_role("button", name="Submit answer", exact=True).click()
        points = page.get_by_role("group", name="Tick the key points your answer covered")
        points.get_by_role("checkbox").first.check()
        page.get_by_role("button", name="Save assessment", exact=True).click()
        expect(
            page.get_by_text(re.compile(r"Assessment saved: 1 of \d key points"))
        ).to_be_visible()

        page.get_by_role("link", name="Finish interview", exact=True).click()
        expect(page.locator("#unanswered-note")).to_contain_text("not answered")
        page.get_by_role("button", name="Finish interview", exact=True).click()
        expect(page).to_have_url(re.compile(r"/interviews/[^/]+/feedback/$"))
        expect(page.get_by_text("Not answered", exact=True).first).to_be_visible()
        expect(page.get_by_text("Test the edges first, then the happy path")).to_be_visible()
    finally:
        context.close()
