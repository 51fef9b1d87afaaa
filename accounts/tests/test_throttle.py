"""Sign-in, password reset and sign-up are throttled per account and per client address."""

import time
from unittest import mock

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.urls import reverse

from accounts.throttle import LIMITS
from interviewprep.testing import texts
from interviews.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LOGIN = reverse("login")
ADMIN_LOGIN = "/admin/login/"
PER_ACCOUNT = 10  # LIMITS["login"]: 10 submissions per account per 15 minutes
PER_ADDRESS = 30  # and 30 per client address


def test_the_limits_are_the_ones_documented():
    assert LIMITS["login"][0][1] == f"{PER_ADDRESS}/15m"
    assert LIMITS["login"][1][1] == f"{PER_ACCOUNT}/15m"


def log_in(client, username, password="wrong-password", url=LOGIN, address="203.0.113.7"):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=address)


def assert_throttled(response, message):
    assert response.status_code == 429
    wait = int(response["Retry-After"])
    assert 0 < wait <= 60 * 60
    [paragraph] = [text for text in texts(response, "p") if message in text]
    assert paragraph
    assert any("Try again in" in text for text in texts(response, "p strong"))


def test_the_right_password_is_refused_after_too_many_wrong_ones(client):
    UserFactory(username="alice")
    for _ in range(PER_ACCOUNT):
        assert log_in(client, "alice").status_code == 200  # the form, with its error

    response = log_in(client, "alice", password="secret-pass-123")

    assert_throttled(response, "Too many sign-in attempts")
    assert "_auth_user_id" not in client.session


def test_an_unknown_account_is_answered_as_a_known_one(client):
    UserFactory(username="alice")
    known = [log_in(client, "alice").status_code for _ in range(PER_ACCOUNT + 1)]
    unknown = [log_in(client, "nobody").status_code for _ in range(PER_ACCOUNT + 1)]

    assert known == unknown == [200] * PER_ACCOUNT + [429]


def test_the_account_is_counted_whatever_the_case_and_spaces(client):
    for index in range(PER_ACCOUNT):
        log_in(client, ["Alice", "alice ", "ALICE"][index % 3])

    assert log_in(client, "alice").status_code == 429


def test_other_accounts_sign_in_until_the_address_limit(client):
    UserFactory(username="bob")
    for index in range(PER_ADDRESS - 1):
        log_in(client, f"guess{index}")

    assert log_in(client, "bob", password="secret-pass-123").status_code == 302
    client.logout()
    # The same address, one more try: over its limit whatever the account.
    assert_throttled(log_in(client, "carol"), "Too many sign-in attempts")
    # Another address still signs in.
    response = log_in(client, "bob", password="secret-pass-123", address="198.51.100.9")
    assert response.status_code == 302


def test_the_admin_login_counts_with_the_site_login(client):
    UserFactory(username="root", is_staff=True, is_superuser=True)
    for _ in range(PER_ACCOUNT):
        log_in(client, "root")

    response = log_in(client, "root", password="secret-pass-123", url=ADMIN_LOGIN)

    assert_throttled(response, "Too many sign-in attempts")
    assert "_auth_user_id" not in client.session


def test_the_admin_login_alone_is_throttled(client):
    for _ in range(PER_ACCOUNT):
        assert log_in(client, "root", url=ADMIN_LOGIN).status_code == 200

    assert log_in(client, "root", url=ADMIN_LOGIN).status_code == 429


def test_signing_in_works_again_once_the_window_has_passed(client):
    UserFactory(username="alice")
    for _ in range(PER_ACCOUNT + 1):
        log_in(client, "alice")
    assert log_in(client, "alice", password="secret-pass-123").status_code == 429

    later = time.time() + 16 * 60
    with mock.patch("django_ratelimit.core.time.time", return_value=later):
        response = log_in(client, "alice", password="secret-pass-123")

    assert response.status_code == 302


def test_showing_the_login_page_is_not_counted(client):
    for _ in range(PER_ADDRESS + 5):
        assert client.get(LOGIN).status_code == 200
    assert log_in(client, "alice").status_code == 200


def test_password_reset_mails_are_limited_per_address(client):
    UserFactory(username="alice", email="alice@example.com")
    for _ in range(3):
        response = client.post(reverse("password_reset"), {"email": "Alice@Example.com"})
        assert response.status_code == 302

    response = client.post(reverse("password_reset"), {"email": "alice@example.com"})

    assert_throttled(response, "Too many password reset requests")
    assert len(mail.outbox) == 3


def test_sign_up_is_limited_per_client_address(client):
    def sign_up(index, address="203.0.113.7"):
        data = {
            "username": f"newcomer{index}",
            "password1": "a-long-passphrase-42",
            "password2": "a-long-passphrase-42",
        }
        response = client.post(reverse("signup"), data, REMOTE_ADDR=address)
        client.logout()
        return response

    for index in range(10):
        assert sign_up(index).status_code == 302

    assert_throttled(sign_up(10), "Too many new accounts")
    assert not User.objects.filter(username="newcomer10").exists()
    assert sign_up(11, address="198.51.100.9").status_code == 302


def test_behind_a_proxy_the_client_address_comes_from_its_header(client, settings):
    settings.CLIENT_IP_HEADER = "X-Forwarded-For"
    for index in range(PER_ADDRESS):
        client.post(
            LOGIN,
            {"username": f"guess{index}", "password": "x"},
            REMOTE_ADDR="10.0.0.2",  # the proxy
            HTTP_X_FORWARDED_FOR="203.0.113.7",
        )

    blocked = client.post(
        LOGIN,
        {"username": "a", "password": "x"},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="203.0.113.7",
    )
    other_client = client.post(
        LOGIN,
        {"username": "a", "password": "x"},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="198.51.100.9",
    )
    # A header that is not an address is not trusted: the proxy's address counts.
    garbage = client.post(
        LOGIN,
        {"username": "a", "password": "x"},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="not-an-address",
    )

    assert blocked.status_code == 429
    assert other_client.status_code == 200
    assert garbage.status_code == 200
