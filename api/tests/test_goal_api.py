"""The weekly goal, the progress and the activity through the API."""

import datetime

import pytest
from django.utils import timezone

from dashboard.models import Goal
from performance.models import Performance
from performance.tests.factories import PerformanceFactory

pytestmark = pytest.mark.django_db

# Monday 5 Jan 2026, 10:00 UTC; 07:30 UTC that day is 23:30 on Sunday in Los Angeles.
NOW = datetime.datetime(2026, 1, 5, 10, 0, tzinfo=datetime.UTC)
LATE_SUNDAY_IN_LOS_ANGELES = datetime.datetime(2026, 1, 5, 7, 30, tzinfo=datetime.UTC)


def test_the_goal_is_null_until_set_then_replaced_then_removed(api, user):
    assert api.get("/api/goal").json() == {"perWeek": None}

    set_ = api.request("PUT", "/api/goal", {"perWeek": 3})
    assert (set_.status_code, set_.json()) == (200, {"perWeek": 3})
    assert api.request("PUT", "/api/goal", {"perWeek": 5}).json() == {"perWeek": 5}
    assert list(Goal.objects.values_list("user", "per_week")) == [(user.pk, 5)]
    assert api.get("/api/goal").json() == {"perWeek": 5}

    removed = api.delete("/api/goal")
    assert (removed.status_code, removed.content) == (204, b"")
    assert api.delete("/api/goal").status_code == 204
    assert api.get("/api/goal").json() == {"perWeek": None}


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"perWeek": 0}, "perWeek"),
        ({"perWeek": 22}, "perWeek"),
        ({"perWeek": -1}, "perWeek"),
        ({"perWeek": 2.5}, "perWeek"),
        ({"perWeek": "3"}, "perWeek"),
        ({"perWeek": True}, "perWeek"),
        ({"perWeek": None}, "perWeek"),
        ({}, "perWeek"),
        ({"perWeek": 3, "other": 1}, "other"),
    ],
)
def test_a_bad_goal_is_a_400_that_names_the_field_and_changes_nothing(api, user, body, field):
    Goal.objects.create(user=user, per_week=2)

    response = api.request("PUT", "/api/goal", body)

    assert response.status_code == 400
    assert list(response.json()["details"]) == [field]
    assert Goal.objects.get(user=user).per_week == 2


def test_a_whole_number_written_as_a_float_is_taken(api, user):
    assert api.request("PUT", "/api/goal", {"perWeek": 4.0}).json() == {"perWeek": 4}


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", "/api/goal", None),
        ("PUT", "/api/goal", {"perWeek": 3}),
        ("DELETE", "/api/goal", None),
        ("GET", "/api/progress", None),
        ("GET", "/api/activity", None),
    ],
)
def test_anonymous_requests_get_a_401_and_change_nothing(anonymous, user, method, path, body):
    Goal.objects.create(user=user, per_week=2)
    response = anonymous.request(method, path, body)
    assert response.status_code == 401
    assert Goal.objects.get(user=user).per_week == 2


def test_each_person_sees_and_changes_only_their_own_goal(api, other_api, user, other_user):
    Goal.objects.create(user=other_user, per_week=7)
    PerformanceFactory(user=other_user)

    assert api.get("/api/goal").json() == {"perWeek": None}
    api.request("PUT", "/api/goal", {"perWeek": 2})
    api.delete("/api/goal")
    assert Goal.objects.get(user=other_user).per_week == 7
    assert api.get("/api/progress").json()["thisWeek"] == 0
    assert api.get("/api/activity").json()["days"] == {}
    assert other_api.get("/api/progress").json()["perWeek"] == 7


def test_progress_counts_this_week_and_the_streak_in_the_sites_zone(
    api, user, site_zone, monkeypatch
):
    monkeypatch.setattr(timezone, "now", lambda: NOW)
    Goal.objects.create(user=user, per_week=1)
    PerformanceFactory(user=user, completed_at=LATE_SUNDAY_IN_LOS_ANGELES)
    excluded = PerformanceFactory(user=user, completed_at=NOW - datetime.timedelta(minutes=5))
    Performance.objects.filter(pk=excluded.pk).update(excluded=True)

    body = api.get("/api/progress").json()

    sunday = str(site_zone) == "America/Los_Angeles"
    assert body == {
        "perWeek": 1,
        "thisWeek": 0 if sunday else 1,
        "weekStart": "2026-01-05",
        "weekEnd": "2026-01-11",
        "remaining": 1 if sunday else 0,
        "percent": 0 if sunday else 100,
        "met": not sunday,
        "streakTarget": 1,
        "streak": 1,
        "bestStreak": 1,
    }
    activity = api.get("/api/activity").json()
    day = "2026-01-04" if sunday else "2026-01-05"
    assert activity == {"timeZone": str(site_zone), "days": {day: 1}}
