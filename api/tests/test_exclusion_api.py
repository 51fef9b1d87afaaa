"""Excluding a performance through the API, and the statistics leaving it out."""

import datetime

import pytest

from interviews.services import performance_set_excluded
from performance.models import Performance
from performance.tests.factories import PerformanceFactory

NOW = datetime.datetime(2026, 3, 10, 12, 0, tzinfo=datetime.UTC)
STATS = "/api/performance-stats"


def url(performance_id):
    return f"/api/performances/{performance_id}"


def make(user, days_ago, **fields):
    return PerformanceFactory(
        user=user, completed_at=NOW - datetime.timedelta(days=days_ago), **fields
    )


@pytest.fixture
def history(user):
    """Counted at Acme: 60, 70 and 80 (self-assessed, AI, by hand); excluded, newest, at
    Globex: 5."""
    counted = [
        make(user, 3, score=60, scored_by="self"),
        make(user, 2, score=70, scored_by="ai"),
        make(user, 1, score=80, scored_by="manual"),
    ]
    excluded = make(user, 0, score=5, company_name="Globex", scored_by="ai")
    performance_set_excluded(performance=excluded, excluded=True)
    return counted, excluded


def test_excluding_and_including_answers_the_performance_with_its_flag(api, user):
    performance = PerformanceFactory(user=user)

    excluded = api.request("PATCH", url(performance.pk), {"excluded": True})

    assert excluded.status_code == 200
    assert excluded.json()["id"] == str(performance.pk)
    assert excluded.json()["excluded"] is True
    assert Performance.objects.get(pk=performance.pk).excluded

    included = api.request("PATCH", url(performance.pk), {"excluded": False})

    assert included.json()["excluded"] is False
    assert not Performance.objects.get(pk=performance.pk).excluded


def test_the_flag_shows_wherever_a_performance_does(api, user, history):
    _counted, excluded = history

    listed = api.get(STATS).json()["performances"]
    detail = api.get(f"/api/interviews/{excluded.interview_id}").json()["performance"]

    assert [item["excluded"] for item in listed] == [True, False, False, False]
    assert detail["excluded"] is True


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "excluded"),
        ({"excluded": "true"}, "excluded"),
        ({"excluded": 1}, "excluded"),
        ({"excluded": None}, "excluded"),
        ({"excluded": True, "score": 10}, "score"),
    ],
    ids=["missing", "text", "number", "null", "unknown field"],
)
def test_a_bad_body_is_a_400_naming_the_field(api, user, body, field):
    performance = PerformanceFactory(user=user)

    response = api.request("PATCH", url(performance.pk), body)

    assert response.status_code == 400
    assert field in response.json()["details"]
    assert not Performance.objects.get(pk=performance.pk).excluded


@pytest.mark.parametrize("performance_id", ["abc", "999999", ""])
def test_an_unknown_or_malformed_id_is_a_404(api, user, performance_id):
    PerformanceFactory(user=user)

    response = api.request("PATCH", url(performance_id), {"excluded": True})

    assert response.status_code == 404
    assert response.json()["error"]


def test_another_users_performance_is_a_404_and_stays_counted(api, other_user):
    theirs = PerformanceFactory(user=other_user)

    response = api.request("PATCH", url(theirs.pk), {"excluded": True})

    assert response.status_code == 404
    assert response.json()["details"] == {"id": ["No performance of yours has this id."]}
    assert not Performance.objects.get(pk=theirs.pk).excluded


def test_the_statistics_leave_excluded_performances_out(api, user, history):
    body = api.get(STATS).json()
    stats = body["stats"]

    assert body["count"] == 4  # every match is listed
    assert stats["summary"]["count"] == 3
    assert stats["summary"]["excluded"] == 1
    assert stats["summary"]["averageScore"] == 70
    assert stats["summary"]["latestScore"] == 80
    assert stats["trend"]["overall"]["interviews"] == 3
    assert [company["companyName"] for company in stats["companies"]] == ["Acme"]


def test_excluding_through_the_api_changes_the_statistics_at_once(api, user, history):
    counted, _excluded = history
    assert api.get(STATS).json()["stats"]["summary"]["averageScore"] == 70

    api.request("PATCH", url(counted[2].pk), {"excluded": True})  # the 80

    summary = api.get(STATS).json()["stats"]["summary"]
    assert summary["averageScore"] == 65
    assert summary["excluded"] == 2


def test_the_statistics_filter_by_who_scored_and_by_exclusion(api, user, history):
    counted, excluded = history

    ai = api.get(STATS, {"scored_by": "ai"}).json()
    only_counted = api.get(STATS, {"excluded": "false"}).json()
    only_excluded = api.get(STATS, {"excluded": "true"}).json()

    assert [item["id"] for item in ai["performances"]] == [str(excluded.pk), str(counted[1].pk)]
    assert ai["stats"]["summary"]["count"] == 1
    assert ai["stats"]["summary"]["excluded"] == 1
    assert only_counted["count"] == 3
    assert only_counted["stats"]["summary"]["excluded"] == 0
    assert only_excluded["count"] == 1
    assert only_excluded["stats"]["summary"]["count"] == 0


@pytest.mark.parametrize("name", ["scored_by", "excluded"])
def test_an_unknown_filter_value_is_a_400(api, user, name):
    response = api.get(STATS, {name: "maybe"})

    assert response.status_code == 400
    assert name in response.json()["details"]
