"""The account page where a person creates, sees and revokes personal API tokens."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from accounts.models import ApiToken, hash_token
from api.tests.conftest import ApiClient

TOKENS_URL = "/accounts/tokens/"


def test_the_tokens_page_needs_a_login(client, db):
    response = client.get(TOKENS_URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_page_says_when_there_are_no_tokens(client_for, user):
    response = client_for(user).get(TOKENS_URL)

    assert response.status_code == 200
    assert b"You have no tokens yet" in response.content


def test_a_new_token_is_shown_once_and_stored_only_as_its_hash(client_for, user):
    client = client_for(user)

    response = client.post(TOKENS_URL, {"name": "  Interview engine "}, follow=True)

    token = ApiToken.objects.get(user=user)
    key = response.context["new_token"]["key"]
    assert token.name == "Interview engine"
    assert key.encode() in response.content
    assert token.key_hash == hash_token(key)
    assert key.startswith(token.hint)
    assert ApiClient(key).get("/api/user-interviews").status_code == 200
    again = client.get(TOKENS_URL)
    assert key.encode() not in again.content
    assert b"Interview engine" in again.content


def test_a_token_needs_a_name(client_for, user):
    response = client_for(user).post(TOKENS_URL, {"name": "   "})

    assert response.status_code == 200
    assert response.context["form"].errors["name"]
    assert not ApiToken.objects.exists()


def test_the_page_shows_when_each_token_was_last_used(client_for, user, token_key):
    client = client_for(user)
    assert b"Never" in client.get(TOKENS_URL).content

    ApiClient(token_key).get("/api/user-interviews")

    assert b"Never" not in client.get(TOKENS_URL).content


def test_revoking_asks_for_confirmation_first(client_for, user, token_key):
    token = ApiToken.objects.get(user=user)

    response = client_for(user).get(f"/accounts/tokens/{token.pk}/revoke/")

    assert response.status_code == 200
    assert b"Revoke" in response.content
    assert ApiToken.objects.filter(pk=token.pk).exists()


def test_a_revoked_token_stops_working_at_once(client_for, user, token_key):
    token = ApiToken.objects.get(user=user)

    response = client_for(user).post(f"/accounts/tokens/{token.pk}/revoke/")

    assert response.status_code == 302
    assert not ApiToken.objects.exists()
    assert ApiClient(token_key).get("/api/user-interviews").status_code == 401


@pytest.mark.parametrize("method", ["get", "post"])
def test_another_users_token_cannot_be_seen_or_revoked(client_for, other_user, user, method):
    theirs, _key = ApiToken.issue(user=other_user, name="Their script")
    client = client_for(user)

    assert b"Their script" not in client.get(TOKENS_URL).content
    response = getattr(client, method)(f"/accounts/tokens/{theirs.pk}/revoke/")

    assert response.status_code == 404
    assert ApiToken.objects.filter(pk=theirs.pk).exists()


def test_the_menu_links_to_the_tokens_page(client_for, user):
    response = client_for(user).get(reverse("dashboard:index"))

    assert TOKENS_URL.encode() in response.content


def test_the_command_prints_a_working_token(user):
    out = io.StringIO()

    call_command("create_api_token", user.username, "Shell script", stdout=out)

    key = out.getvalue().strip()
    assert ApiToken.objects.get(user=user).name == "Shell script"
    assert ApiClient(key).get("/api/user-interviews").status_code == 200


@pytest.mark.parametrize(("username", "name"), [("nobody", "Script"), (None, " ")])
def test_the_command_refuses_an_unknown_user_or_an_empty_name(user, username, name):
    with pytest.raises(CommandError):
        call_command("create_api_token", username or user.username, name, stdout=io.StringIO())

    assert not ApiToken.objects.exists()
