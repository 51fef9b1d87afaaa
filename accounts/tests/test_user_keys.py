"""Usernames and e-mail addresses are found whatever their case, through an index."""

import importlib

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import UserKey
from interviewprep.db import IS_MONGODB
from interviews.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-passphrase-42"
fill = importlib.import_module("accounts.migrations.0005_fill_user_keys").fill_user_keys


def sign_up(client, username):
    return client.post(
        reverse("signup"), {"username": username, "password1": PASSWORD, "password2": PASSWORD}
    )


def user_queries(captured):
    """The logged queries that read users or their keys."""
    tables = ("auth_user", "accounts_userkey")
    return [query["sql"] for query in captured if any(table in query["sql"] for table in tables)]


def case_insensitive(query):
    """Whether a logged query matches text ignoring case: a regular expression or LIKE,
    which no index serves."""
    return "$regex" in query if IS_MONGODB else " LIKE " in query.upper()


@pytest.mark.parametrize(
    ("taken", "wanted"),
    [("alice", "ALICE"), ("Alice", "alice"), ("Straße", "STRASSE"), ("ΣΊΣΥΦΟΣ", "σίσυφος")],
)
def test_a_username_taken_in_another_case_is_refused(client, taken, wanted):
    UserFactory(username=taken)

    response = sign_up(client, wanted)

    assert response.context["form"].errors["username"] == [
        "A user with that username already exists."
    ]
    assert not User.objects.filter(username=wanted).exists()


def test_case_folding_keeps_different_letters_apart(client):
    # Full case folding joins spellings of one word, never two words: "strasse" and
    # "straße" are one name, "strase" is another.
    UserFactory(username="Straße")

    assert sign_up(client, "strase").status_code == 302
    assert User.objects.filter(username="strase").exists()


def test_a_password_reset_finds_an_address_typed_in_another_case(client):
    UserFactory(username="alice", email="alice@example.com")
    UserFactory(username="bob", email="bob@example.com")

    client.post(reverse("password_reset"), {"email": "Alice@Example.COM"})

    assert [message.to for message in mail.outbox] == [["alice@example.com"]]


def test_a_password_reset_skips_inactive_users_and_users_without_a_password(client):
    UserFactory(username="gone", email="gone@example.com", is_active=False)
    sso = UserFactory(username="sso", email="sso@example.com")
    sso.set_unusable_password()
    sso.save()

    client.post(reverse("password_reset"), {"email": "gone@example.com"})
    client.post(reverse("password_reset"), {"email": "sso@example.com"})

    assert mail.outbox == []


def test_sign_up_and_password_reset_look_people_up_by_exact_indexed_keys(client):
    UserFactory(username="alice", email="alice@example.com")

    with CaptureQueriesContext(connection) as captured:
        sign_up(client, "ALICE")
        client.post(reverse("password_reset"), {"email": "Alice@Example.COM"})

    queries = user_queries(captured)
    assert [query for query in queries if case_insensitive(query)] == []
    key_reads = [query for query in queries if "accounts_userkey" in query]
    assert any("'alice'" in query for query in key_reads)
    assert any("'alice@example.com'" in query for query in key_reads)
    with connection.cursor() as cursor:
        if IS_MONGODB:
            indexes = connection.database["accounts_userkey"].list_indexes()
            indexed = {tuple(index["key"]) for index in indexes}
        else:
            constraints = connection.introspection.get_constraints(cursor, "accounts_userkey")
            indexed = {
                tuple(c["columns"]) for c in constraints.values() if c["index"] or c["unique"]
            }
    assert ("username_key",) in indexed
    assert ("email_key",) in indexed


def test_the_keys_follow_every_change_of_a_user(client):
    user = UserFactory(username="alice", email="old@example.com")
    user.username, user.email = "Alicia", "New@Example.com"
    user.save()

    client.post(reverse("password_reset"), {"email": "new@example.com"})
    assert [message.to for message in mail.outbox] == [["New@Example.com"]]
    assert sign_up(client, "ALICIA").status_code == 200
    assert sign_up(client, "alice").status_code == 302  # the old name is free again

    user.delete()
    assert sign_up(client, "alicia").status_code == 302


def test_an_account_made_on_the_command_line_has_its_keys(client):
    call_command("createsuperuser", "--noinput", username="Root", email="root@example.com")

    assert sign_up(client, "root").status_code == 200
    assert UserKey.objects.get(user__username="Root").email_key == "root@example.com"


def test_the_migration_fills_the_keys_of_existing_users_and_resumes(client):
    ana = UserFactory(username="Ana", email="Ana@Example.com")
    UserFactory(username="bob")
    UserKey.objects.filter(user=ana).delete()  # as before the migration

    fill(apps, None)

    assert sorted(UserKey.objects.values_list("username_key", "email_key")) == [
        ("ana", "ana@example.com"),
        ("bob", ""),
    ]
    assert sign_up(client, "ANA").status_code == 200


def test_the_migration_names_usernames_that_differ_only_in_case():
    UserFactory(username="sam")
    UserKey.objects.all().delete()  # made before usernames were unique ignoring case
    User.objects.bulk_create([User(username="Sam")])

    with pytest.raises(RuntimeError, match="The usernames Sam, sam differ only in case"):
        fill(apps, None)
