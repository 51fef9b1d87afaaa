import pytest
from django.urls import reverse
from pytest_django.asserts import assertNotContains

from accounts.models import ApiToken
from interviewprep.testing import texts
from interviews.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


# Session, user, count, the usernames searched, the page's rows and their owners.
CHANGELIST_QUERIES = 6


def test_api_tokens_are_listed_without_their_hash_and_deleting_one_revokes_it(
    admin_client, user, django_assert_max_num_queries
):
    token, key = ApiToken.issue(user=user, name="Laptop script")
    ApiToken.issue(user=UserFactory(), name="Other")
    changelist = reverse("admin:accounts_apitoken_changelist")

    with django_assert_max_num_queries(CHANGELIST_QUERIES):
        response = admin_client.get(changelist, {"q": user.username})
    assert response.context["cl"].result_count == 1
    assert texts(response, "#result_list th.field-name") == ["Laptop script"]
    assert texts(response, "#result_list td.field-hint") == [token.hint]
    response = admin_client.get(reverse("admin:accounts_apitoken_change", args=[token.pk]))
    assert response.status_code == 200
    assertNotContains(response, token.key_hash)
    assert admin_client.get(reverse("admin:accounts_apitoken_add")).status_code == 403

    response = admin_client.post(
        reverse("admin:accounts_apitoken_delete", args=[token.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert ApiToken.authenticate(key) is None


def test_the_admin_calls_them_api_tokens(admin_client, user):
    ApiToken.issue(user=user, name="Laptop script")

    index = admin_client.get(reverse("admin:index"))
    changelist = admin_client.get(reverse("admin:accounts_apitoken_changelist"))

    assert "API tokens" in texts(index, "#content-main th a")
    assert texts(changelist, "#content h1") == ["Select API token to change"]
