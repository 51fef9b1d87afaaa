import pytest
from django.urls import reverse
from pytest_django.asserts import assertNotContains

from interviewprep.testing import texts
from interviews.tests.factories import UserFactory
from sharing.models import Share
from sharing.tests.factories import ShareFactory

pytestmark = pytest.mark.django_db

# Session, user, count, the usernames searched, the page's rows and their owners.
CHANGELIST_QUERIES = 6


def test_shares_are_listed_by_owner_kind_and_dates_never_with_their_token(
    admin_client, user, django_assert_max_num_queries
):
    share = ShareFactory(user=user, label="For Kim")
    ShareFactory(user=UserFactory(), label="Other")
    changelist = reverse("admin:sharing_share_changelist")

    with django_assert_max_num_queries(CHANGELIST_QUERIES):
        response = admin_client.get(changelist, {"q": user.username})

    assert response.context["cl"].result_count == 1
    assert texts(response, "#result_list th.field-label_or_kind") == ["For Kim"]
    assert texts(response, "#result_list td.field-user") == [user.username]
    assert texts(response, "#result_list td.field-kind") == ["History"]
    assertNotContains(response, share.token)
    change = admin_client.get(reverse("admin:sharing_share_change", args=[share.pk]))
    assert change.status_code == 200
    assertNotContains(change, share.token)
    assert admin_client.get(reverse("admin:sharing_share_add")).status_code == 403


def test_deleting_a_share_in_the_admin_stops_its_link(admin_client, client, user):
    share = ShareFactory(user=user)
    response = admin_client.post(
        reverse("admin:sharing_share_delete", args=[share.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not Share.objects.filter(pk=share.pk).exists()
    assert client.get(share.get_absolute_url()).status_code == 404
