"""The shared links through the API: create (a report or a filtered history), list, revoke."""

import datetime

import pytest
from django.test import Client

from interviews.choices import Status
from interviews.tests.factories import InterviewFactory
from performance.tests.factories import PerformanceFactory
from sharing.models import Share
from sharing.tests.factories import ShareFactory

pytestmark = pytest.mark.django_db


def test_sharing_a_report_returns_the_link_that_opens_it(api, user):
    performance = PerformanceFactory(user=user, job_title="Data Engineer")

    response = api.post(
        f"/api/interviews/{performance.interview_id}/share", {"days": 3, "label": "For Kim"}
    )

    assert response.status_code == 201
    body = response.json()
    share = Share.objects.get(pk=body["id"])
    assert body["kind"] == "report"
    assert body["interviewId"] == str(performance.interview_id)
    assert body["filters"] == {}
    assert body["label"] == "For Kim"
    assert body["status"] == "active"
    assert body["url"] == f"http://testserver/s/{share.token}/"
    assert body["lastOpenedAt"] is None
    assert share.expires_at - share.created_at == datetime.timedelta(days=3)
    opened = Client().get(body["url"].removeprefix("http://testserver"))
    assert opened.status_code == 200
    assert b"Data Engineer" in opened.content


def test_a_report_share_lasts_a_week_unless_told(api, user):
    performance = PerformanceFactory(user=user)
    response = api.post(f"/api/interviews/{performance.interview_id}/share", {})
    share = Share.objects.get(pk=response.json()["id"])
    assert share.expires_at - share.created_at == datetime.timedelta(days=7)


def test_only_a_completed_interview_of_ones_own_can_be_shared(api, user, other_user):
    ready = InterviewFactory(user=user, status=Status.READY)
    others = PerformanceFactory(user=other_user)

    not_completed = api.post(f"/api/interviews/{ready.pk}/share", {})
    not_yours = api.post(f"/api/interviews/{others.interview_id}/share", {})

    assert not_completed.status_code == 409
    assert not_completed.json()["error"] == "Only a completed interview has a report to share."
    assert not_yours.status_code == 404
    assert not Share.objects.exists()


def test_sharing_a_history_keeps_its_filters(api, user):
    response = api.post("/api/shares?company=Acme&interview_type=technical&q=", {"days": 30})

    assert response.status_code == 201
    body = response.json()
    assert body["kind"] == "history"
    assert body["interviewId"] is None
    assert body["filters"] == {"company": "Acme", "interview_type": "technical"}
    assert Share.objects.get(pk=body["id"]).filters() == body["filters"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"days": 0}, "days"),
        ({"days": 31}, "days"),
        ({"label": "x" * 101}, "label"),
        ({"label": "a\x00b"}, "label"),
        ({"label": "\ud800"}, "label"),
        ({"days": "7"}, "days"),
        ({"days": 7, "token": "mine"}, "token"),
    ],
)
def test_bad_settings_are_a_400_naming_the_field(api, user, body, field):
    response = api.post("/api/shares", body)
    assert response.status_code == 400
    assert field in response.json()["details"]
    assert not Share.objects.exists()


def test_bad_filters_are_a_400_naming_the_parameter(api, user):
    response = api.post("/api/shares?date_from=2026-02-01&date_to=2026-01-01", {})
    assert response.status_code == 400
    assert "date_to" in response.json()["details"]
    assert not Share.objects.exists()


def test_the_list_holds_only_ones_own_shares_newest_first(api, user, other_user):
    older = ShareFactory(user=user)
    newer = ShareFactory(user=user, label="Newer")
    ShareFactory(user=other_user)

    body = api.get("/api/shares", {"limit": 1}).json()

    assert body["count"] == 2
    assert [share["id"] for share in body["shares"]] == [str(newer.pk)]
    second = api.get("/api/shares", {"limit": 1, "page": 2}).json()
    assert [share["id"] for share in second["shares"]] == [str(older.pk)]


def test_revoking_stops_the_link_and_is_idempotent(api, user):
    share = ShareFactory(user=user)

    first = api.post(f"/api/shares/{share.pk}/revoke")
    again = api.post(f"/api/shares/{share.pk}/revoke")

    assert first.status_code == 200
    assert first.json()["status"] == "revoked"
    assert again.json()["revokedAt"] == first.json()["revokedAt"]
    assert Client().get(share.get_absolute_url()).status_code == 404


def test_another_users_share_cannot_be_revoked(api, other_user):
    share = ShareFactory(user=other_user)
    for share_id in (str(share.pk), "not-an-id", "0"):
        response = api.post(f"/api/shares/{share_id}/revoke")
        assert response.status_code == 404
    assert Share.objects.get(pk=share.pk).revoked_at is None


def test_shares_need_authentication(anonymous, user):
    share = ShareFactory(user=user)
    assert anonymous.get("/api/shares").status_code == 401
    assert anonymous.post("/api/shares", {}).status_code == 401
    assert anonymous.post(f"/api/shares/{share.pk}/revoke").status_code == 401
