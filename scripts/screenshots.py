"""Take the README's screenshots from the current code: `make screenshots`.

Serves the app as production does (e2e/server.py) on a throwaway SQLite database with the demo
data, logs in as `demo` in Chromium and saves the dashboard (and, on a phone, its planner and
weekly goal), the performance page with its activity calendar and weaknesses, an interview's
details in the modal and the comparison with the previous interview of its kind, the mentor's
view of the demo's shared link (opened without logging in), the practice session (a question
being answered, then submitted and assessed) and the feedback page of the finished session,
on a desktop and on a phone, as docs/screenshots/<device>-<page>.png; and the first printed
page of the performance report as docs/screenshots/print-performance.png. Both devices are
signed in side by side, so that each state of the session is shot on both. Stops with an
error if the browser reports one.
"""

import sys
import tempfile
from pathlib import Path

# Run as a script from the project root: make the project's packages importable.
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import expect, sync_playwright  # noqa: E402

from e2e.server import CHROMIUM, DESKTOP, PHONE, LiveServer, launch_chromium  # noqa: E402

OUTPUT = ROOT / "docs" / "screenshots"
DEVICES = {"desktop": {**DESKTOP, "viewport": {"width": 1280, "height": 900}}, "phone": PHONE}


def shoot(page, device, name, *, full_page=False):
    path = OUTPUT / f"{device}-{name}.png"
    page.screenshot(path=path, animations="disabled", full_page=full_page)
    print(f"  {path.relative_to(ROOT)}")


def settle(page):
    """Wait for transitions (a modal fading in) to end."""
    page.wait_for_function(
        "() => document.getAnimations().every((animation) => animation.playState !== 'running')"
    )


def open_page(browser, server, device, errors):
    context = browser.new_context(base_url=server.url, locale="en-GB", **DEVICES[device])
    page = context.new_page()
    page.on("pageerror", lambda error: errors.append(f"{device}: {error}"))
    page.on(
        "console",
        lambda message: message.type == "error" and errors.append(f"{device}: {message.text}"),
    )
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("demo")
    page.get_by_label("Password").fill(server.demo_password)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()
    return page


def shoot_part(page, device, name, locator):
    """One part of the page, as it shows there."""
    locator.scroll_into_view_if_needed()
    path = OUTPUT / f"{device}-{name}.png"
    locator.screenshot(path=path, animations="disabled")
    print(f"  {path.relative_to(ROOT)}")


def take_history(page, device):
    shoot(page, device, "dashboard")
    if device == "phone":  # on a desktop the dashboard's first screen shows them
        shoot_part(page, device, "planner", page.locator("#planner"))
        shoot_part(page, device, "goal", page.locator("#goal"))

    page.goto("/performance/")
    page.wait_for_load_state("networkidle")
    shoot(page, device, "performance")
    shoot_part(page, device, "activity", page.locator("section.activity"))
    shoot_part(page, device, "weaknesses", page.locator("section.weaknesses"))
    page.evaluate("window.scrollTo(0, 0)")

    page.get_by_role("link", name="Details").first.click()
    dialog = page.get_by_role("dialog", name="Interview details")
    expect(dialog.locator(".performance-detail")).to_be_visible()
    settle(page)
    shoot(page, device, "detail-modal")
    # The latest interview against the previous one of its kind, on its own page.
    dialog.get_by_role("link", name="Open as a page").click()
    shoot_part(page, device, "comparison", page.locator(".performance-comparison"))


def take_session(pages):
    """The demo's session in progress: a question with its draft, the same question submitted
    and assessed (done on the first device, shown on each), then the feedback once finished."""
    first = next(iter(pages.values()))
    first.goto("/dashboard/")
    first.get_by_role("link", name="Continue").first.click()
    session_url = first.url
    for device, page in pages.items():
        page.goto(session_url)
        shoot(page, device, "session")

    answer = first.get_by_label("Your answer")
    if answer.count():
        answer.fill(
            answer.input_value()
            + " durability: every write is acknowledged only once it is on two replicas."
        )
        first.get_by_role("button", name="Submit answer").click()
        boxes = first.get_by_role("group", name="Tick the key points your answer covered")
        expect(boxes).to_be_visible()
        for index in range(min(2, boxes.get_by_role("checkbox").count())):
            boxes.get_by_role("checkbox").nth(index).check()
        first.get_by_role("button", name="Save assessment").click()
        expect(first.get_by_text("Assessment saved")).to_be_visible()
    for device, page in pages.items():
        page.goto(session_url)
        if device == "phone":  # the page is long: show the key points, below the answer
            page.locator("#assess-form").scroll_into_view_if_needed()
        shoot(page, device, "session-submitted", full_page=device == "desktop")

    first.get_by_role("link", name="Finish interview").click()
    first.get_by_role("button", name="Finish interview").click()
    expect(first.get_by_role("heading", name="Feedback")).to_be_visible()
    feedback_url = first.url
    for device, page in pages.items():
        page.goto(feedback_url)
        if device == "phone":  # the page is long: show its questions
            page.locator(".session-review").scroll_into_view_if_needed()
        shoot(page, device, "feedback", full_page=device == "desktop")


def take_shared(browser, pages):
    """The demo's share link as the mentor sees it: opened in a browser that is not logged in."""
    first = next(iter(pages.values()))
    first.goto("/accounts/shares/")
    first.locator(".shares-table a").first.click()
    link = first.locator("#share-link").input_value()
    for device in pages:
        context = browser.new_context(locale="en-GB", **DEVICES[device])
        mentor = context.new_page()
        mentor.goto(link)
        mentor.wait_for_load_state("networkidle")
        expect(mentor.get_by_text("This link works until")).to_be_visible()
        shoot(mentor, device, "shared")
        context.close()


def take_print(browser, server, errors):
    """The first A4 sheet of the performance report as the browser prints it."""
    page = open_page(browser, server, "desktop", errors)
    page.goto("/performance/")
    page.wait_for_load_state("networkidle")
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 794, "height": 1123})  # an A4 sheet at 96 dpi
    path = OUTPUT / "print-performance.png"
    page.screenshot(path=path, clip={"x": 0, "y": 0, "width": 794, "height": 1123})
    print(f"  {path.relative_to(ROOT)}")
    page.context.close()


def main():
    if not CHROMIUM.exists():
        sys.exit(f"{CHROMIUM} is not installed (apt-get install chromium).")
    OUTPUT.mkdir(parents=True, exist_ok=True)
    errors = []
    with (
        tempfile.TemporaryDirectory() as workdir,
        LiveServer(workdir) as server,
        sync_playwright() as playwright,
    ):
        server.manage("seed_demo")
        browser = launch_chromium(playwright)
        print(f"Screenshots of {server.url} in {CHROMIUM}:")
        pages = {device: open_page(browser, server, device, errors) for device in DEVICES}
        for device, page in pages.items():
            take_history(page, device)
        take_shared(browser, pages)
        take_print(browser, server, errors)
        take_session(pages)
        browser.close()
    if errors:
        sys.exit("The browser reported errors:\n" + "\n".join(errors))


if __name__ == "__main__":
    main()
