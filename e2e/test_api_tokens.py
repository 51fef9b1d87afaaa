"""The API-token page in a browser: create a token, see it once, use it, revoke it."""

import json
import re
import urllib.error
import urllib.request

from playwright.sync_api import expect

from e2e.checks import assert_accessible
from e2e.steps import open_account_menu, sign_up


def api_status(server, key):
    """The status of an API request that sends only the token (no browser session)."""
    request = urllib.request.Request(
        f"{server.url}/api/interviews", headers={"Authorization": f"Bearer {key}"}
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            json.load(response)
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_a_token_is_shown_once_works_for_the_api_and_stops_when_revoked(page, server):
    sign_up(page)
    open_account_menu(page)
    page.get_by_role("link", name="API tokens").click()
    expect(page.get_by_role("heading", name="API tokens")).to_be_visible()
    expect(page.get_by_text("You have no tokens yet.")).to_be_visible()

    page.get_by_label("Name").fill("Backup script")
    page.get_by_role("button", name="Create token").click()
    key = page.get_by_label("New token").input_value()
    assert len(key) >= 20
    expect(page.get_by_role("row", name=re.compile("Backup script"))).to_be_visible()
    assert_accessible(page)
    assert api_status(server, key) == 200

    page.reload()
    expect(page.get_by_label("New token")).to_have_count(0)  # shown only once

    page.get_by_role("link", name="Revoke Backup script").click()
    expect(page.get_by_role("heading", name="Revoke “Backup script”?")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Revoke").click()
    expect(page.get_by_text("Revoked “Backup script”.")).to_be_visible()
    expect(page.get_by_text("You have no tokens yet.")).to_be_visible()
    assert api_status(server, key) == 401
