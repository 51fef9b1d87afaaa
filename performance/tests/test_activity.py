"""The activity calendar: interviews per day in the site's zone, a year of days, a table."""

import datetime
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import timezone

from interviewprep.testing import element_text, select, select_one, texts
from performance.activity import calendar
from performance.analytics import activity, report
from performance.models import Performance
from performance.tests.factories import PerformanceFactory
from performance.tests.test_analytics import row


def at(text):
    return datetime.datetime.fromisoformat(text)


def test_activity_counts_interviews_on_their_day_in_the_zone():
    rows = [
        {"completed_at": at("2026-03-01T23:30:00+00:00")},
        {"completed_at": at("2026-03-02T01:00:00+00:00")},
        {"completed_at": at("2026-03-02T07:59:00+00:00")},
    ]
    assert activity(rows) == {"2026-03-01": 1, "2026-03-02": 2}
    assert activity(rows, zoneinfo.ZoneInfo("UTC")) == {"2026-03-01": 1, "2026-03-02": 2}
    assert activity(rows, zoneinfo.ZoneInfo("Asia/Tokyo")) == {"2026-03-02": 3}
    los_angeles = zoneinfo.ZoneInfo("America/Los_Angeles")
    assert activity(rows, los_angeles) == {"2026-03-01": 3}


def test_the_report_carries_the_activity_of_its_rows():
    rows = [row(score=50, completed_at=at("2026-03-05T10:00:00+00:00"))]
    assert report(rows)["activity"] == {"2026-03-05": 1}


TODAY = datetime.date(2026, 3, 5)  # a Thursday


def test_the_calendar_shows_365_days_ending_today_in_weeks_from_monday():
    shown = calendar({"2026-03-05": 3, "2026-03-02": 1, "2025-03-05": 9}, TODAY)

    weeks = shown["weeks"]
    days = [cell for week in weeks for cell in week["days"] if cell]
    assert len(days) == 365
    assert (days[0]["date"], days[-1]["date"]) == (datetime.date(2025, 3, 6), TODAY)
    assert all(week["start"].weekday() == 0 for week in weeks)
    # 6 Mar 2025 was a Thursday: the first column starts three days before the range.
    assert [cell is None for cell in weeks[0]["days"]] == [True] * 3 + [False] * 4
    assert [cell is None for cell in weeks[-1]["days"]] == [False] * 4 + [True] * 3
    assert weeks[-1]["days"][3]["label"] == "3 interviews on 5 Mar 2026"
    assert weeks[-1]["days"][0]["label"] == "1 interview on 2 Mar 2026"
    assert weeks[-1]["days"][1]["label"] == "0 interviews on 3 Mar 2026"
    # The day a year ago is outside: 365 days, today included.
    assert (shown["total"], shown["active_days"]) == (4, 2)


def test_intensity_has_five_levels_the_last_from_four_interviews():
    history = {f"2026-03-0{n}": n for n in range(1, 6)}
    cells = {
        cell["count"]: cell["level"]
        for week in calendar(history, TODAY)["weeks"][-2:]
        for cell in week["days"]
        if cell
    }
    assert cells == {0: 0, 1: 1, 2: 2, 3: 3, 4: 4, 5: 4}
    assert [entry["label"] for entry in calendar({}, TODAY)["legend"]] == [
        "No interview",
        "1 interview",
        "2 interviews",
        "3 interviews",
        "4 interviews or more",
    ]


def test_each_month_is_labelled_once_over_its_first_week():
    labels = [week["month"] for week in calendar({}, TODAY)["weeks"] if week["month"]]
    # A label over the first week showing a day of the month: March 2025 to March 2026.
    first_year = ["Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    assert labels == [*first_year, "Jan", "Feb", "Mar"]


def test_the_table_lists_the_active_weeks_newest_first():
    shown = calendar({"2026-03-05": 3, "2026-03-02": 1, "2026-02-10": 2}, TODAY)
    assert [(w["start"].isoformat(), w["count"]) for w in shown["active_weeks"]] == [
        ("2026-03-02", 4),
        ("2026-02-09", 2),
    ]
    assert [(d["weekday"], d["count"]) for d in shown["active_weeks"][0]["days"]] == [
        ("Mon", 1),
        ("Thu", 3),
    ]


# The performance page ------------------------------------------------------------------


def page(client, **params):
    response = client.get(reverse("performance:history"), params)
    assert response.status_code == 200
    return response


@pytest.mark.django_db
def test_the_performance_page_shows_the_calendar_and_its_table_in_the_sites_zone(
    client_for, user, other_user, site_zone
):
    # An hour ago, and a day before that in the site's zone: two days, whatever the zone
    # and the time of day.
    recent = timezone.localtime(timezone.now(), site_zone) - datetime.timedelta(hours=1)
    PerformanceFactory(user=user, completed_at=recent)
    PerformanceFactory(user=user, completed_at=recent)
    yesterday = PerformanceFactory(user=user, completed_at=recent - datetime.timedelta(days=1))
    PerformanceFactory(user=other_user, completed_at=recent)
    today = recent.date()

    response = page(client_for(user))

    summary = element_text(response, "activity-summary")
    assert summary.startswith("3 interviews on 2 days from ")
    assert "counting every completed interview you have not excluded" in summary
    titles = [
        cell.attrs["title"]
        for cell in select(response, ".activity-grid .activity-day")
        if "is-outside" not in cell.classes
    ]
    assert len(titles) == 365
    assert f"2 interviews on {today:%-d %b %Y}" in titles
    assert f"1 interview on {yesterday.completed_at.astimezone(site_zone):%-d %b %Y}" in titles
    table = select_one(response, "details.activity-table")
    assert texts(table, "summary") == ["Show as table"]
    assert sum(int(cell) for cell in texts(table, "tbody td.text-end")) == 3


@pytest.mark.django_db
def test_excluded_interviews_are_not_on_the_calendar(client_for, user):
    kept = PerformanceFactory(user=user)
    PerformanceFactory(user=user)
    Performance.objects.exclude(pk=kept.pk).update(excluded=True)

    response = page(client_for(user))

    assert element_text(response, "activity-summary").startswith("1 interview on 1 day")


@pytest.mark.django_db
def test_the_calendar_follows_the_filters_and_says_so(client_for, user):
    PerformanceFactory(user=user, company_name="Acme")
    PerformanceFactory(user=user, company_name="Globex")

    response = page(client_for(user), company="Globex")

    summary = element_text(response, "activity-summary")
    assert summary.startswith("1 interview on 1 day")
    assert "counting only the interviews that match the filters above" in summary
