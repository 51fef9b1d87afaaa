"""Take the README's screenshots from the current code: `make screenshots`.

Serves the app as production does (e2e/server.py) on a throwaway SQLite database with the demo
data, logs in as `demo` in Chromium and saves the dashboard, the performance page and its open
detail modal, on a desktop and on a phone, as docs/screenshots/<device>-<page>.png. Stops with
an error if the browser reports one.
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


def shoot(page, device, name):
    path = OUTPUT / f"{device}-{name}.png"
    page.screenshot(path=path, animations="disabled")
    print(f"  {path.relative_to(ROOT)}")


def take(browser, server, device, errors):
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
    shoot(page, device, "dashboard")

    page.goto("/performance/")
    page.wait_for_load_state("networkidle")
    shoot(page, device, "performance")

    page.get_by_role("link", name="Details").first.click()
    dialog = page.get_by_role("dialog", name="Interview details")
    expect(dialog.locator(".performance-detail")).to_be_visible()
    page.wait_for_function(  # the modal's fade-in
        "() => document.getAnimations().every((animation) => animation.playState !== 'running')"
    )
    shoot(page, device, "detail-modal")
    context.close()


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
        for device in DEVICES:
            take(browser, server, device, errors)
        browser.close()
    if errors:
        sys.exit("The browser reported errors:\n" + "\n".join(errors))


if __name__ == "__main__":
    main()
