import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.urls import reverse

from interviewprep.testing import messages_shown, select_one, texts
from interviews.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_visitor_signs_up_and_lands_on_the_dashboard(client):
    response = client.post(
        reverse("signup"),
        {
            "username": "newcomer",
            "email": "new@example.com",
            "password1": "a-long-passphrase-42",
            "password2": "a-long-passphrase-42",
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("dashboard:index")
    assert response.context["user"].username == "newcomer"
    [message] = messages_shown(response)
    assert message.startswith("Welcome, newcomer!")


def test_a_bad_sign_up_shows_errors_and_creates_nobody(client):
    UserFactory(username="taken")
    response = client.post(
        reverse("signup"),
        {"username": "taken", "password1": "short", "password2": "different"},
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"username", "password2"}
    assert User.objects.count() == 1


def test_log_in_then_log_out_by_post(client):
    UserFactory(username="ana")
    response = client.post(
        reverse("login"), {"username": "ana", "password": "secret-pass-123"}, follow=True
    )
    assert response.context["user"].is_authenticated
    assert client.get(reverse("logout")).status_code == 405
    client.post(reverse("logout"))
    assert client.get(reverse("dashboard:index")).status_code == 302


def test_logging_out_says_so_on_the_login_page(client_for, user):
    client = client_for(user)

    response = client.post(reverse("logout"), follow=True)

    assert response.redirect_chain == [(reverse("login"), 302)]
    assert messages_shown(response) == ["You have been logged out. Log in again below."]
    assert texts(response, "main form button[type=submit]") == ["Log in"]
    assert client.get(reverse("dashboard:index")).status_code == 302


def test_the_account_menu_holds_the_api_tokens_and_log_out(client_for, user):
    response = client_for(user).get(reverse("dashboard:index"))

    main_menu = select_one(response, "#main-nav ul.me-auto")
    assert texts(main_menu, "a") == ["Dashboard", "Performance"]
    account = select_one(response, "#main-nav li.dropdown")
    assert texts(account, "button.dropdown-toggle") == [f"Account: {user.username}"]
    assert texts(account, ".dropdown-menu a") == ["Change password", "API tokens", "Shared links"]
    assert texts(account, ".dropdown-menu form button") == ["Log out"]


def test_a_wrong_password_is_refused(client):
    UserFactory(username="ana")
    response = client.post(reverse("login"), {"username": "ana", "password": "nope"})
    assert response.status_code == 200
    assert not response.context["user"].is_authenticated
    [error] = texts(response, "form .alert-danger li")
    assert error.startswith("Please enter a correct username and password.")


def test_a_password_reset_email_is_sent(client):
    UserFactory(username="ana", email="ana@example.com")
    response = client.post(reverse("password_reset"), {"email": "ana@example.com"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "/accounts/reset/" in mail.outbox[0].body


def test_a_logged_in_user_changes_the_password(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "secret-pass-123",
            "new_password1": "another-long-one-77",
            "new_password2": "another-long-one-77",
        },
    )
    assert response["Location"] == reverse("password_change_done")
    user.refresh_from_db()
    assert user.check_password("another-long-one-77")


@pytest.mark.parametrize("username", ["me+tag", "+a", "a.b"])
def test_usernames_with_pattern_characters_are_taken_literally(client, username):
    UserFactory(username="metag")
    UserFactory(username="axb")
    response = client.post(
        reverse("signup"),
        {
            "username": username,
            "password1": "a-long-passphrase-42",
            "password2": "a-long-passphrase-42",
        },
    )
    assert response.status_code == 302
    assert User.objects.filter(username=username).exists()


def test_a_taken_username_is_refused_whatever_its_case(client):
    UserFactory(username="Me+Tag")
    response = client.post(
        reverse("signup"),
        {
            "username": "me+tag",
            "password1": "a-long-passphrase-42",
            "password2": "a-long-passphrase-42",
        },
    )
    assert response.context["form"].errors["username"] == [
        "A user with that username already exists."
    ]


def test_a_password_reset_reaches_an_address_with_a_plus(client):
    UserFactory(username="ana", email="Me+Tag@example.com")
    UserFactory(username="bob", email="metag@example.com")
    client.post(reverse("password_reset"), {"email": "me+tag@example.com"})
    assert [message.to for message in mail.outbox] == [["Me+Tag@example.com"]]
