"""The weekly goal's progress and the streak, as pure functions of the days and today."""

import datetime
import zoneinfo

import pytest

from dashboard.goals import progress, week_start
from performance.analytics import activity, weekly_activity


def d(text):
    return datetime.date.fromisoformat(text)


def days(*pairs):
    return dict(pairs)


# 2026-01-05 is a Monday.
MONDAY = d("2026-01-05")


def test_a_week_starts_on_monday():
    assert week_start(d("2026-01-05")) == MONDAY
    assert week_start(d("2026-01-08")) == MONDAY
    assert week_start(d("2026-01-11")) == MONDAY  # Sunday
    assert week_start(d("2026-01-12")) == d("2026-01-12")


def test_this_weeks_progress_counts_monday_to_sunday_against_the_goal():
    history = days(("2026-01-04", 5), ("2026-01-05", 1), ("2026-01-07", 1), ("2026-01-12", 4))

    result = progress(history, 3, d("2026-01-09"))

    assert result["this_week"] == 2
    assert (result["week_start"], result["week_end"]) == ("2026-01-05", "2026-01-11")
    assert (result["remaining"], result["percent"], result["met"]) == (1, 67, False)


def test_a_met_goal_has_nothing_remaining_and_a_full_bar():
    result = progress(days(("2026-01-06", 4)), 3, d("2026-01-06"))
    assert (result["this_week"], result["remaining"], result["percent"], result["met"]) == (
        4,
        0,
        100,
        True,
    )


WEEKS_MET = days(
    ("2025-12-01", 2),  # a run of one, broken by the week of 8 Dec
    ("2025-12-15", 2),
    ("2025-12-23", 1),
    ("2025-12-24", 1),
    ("2025-12-29", 3),
)


def test_the_streak_counts_back_from_last_week_while_this_week_is_under_way():
    # This week (5 Jan) has 1 of 2: the three weeks before still make a streak.
    result = progress({**WEEKS_MET, "2026-01-06": 1}, 2, d("2026-01-08"))
    assert (result["streak"], result["best_streak"], result["met"]) == (3, 3, False)


def test_a_met_week_adds_to_the_streak_at_once():
    result = progress({**WEEKS_MET, "2026-01-06": 2}, 2, d("2026-01-06"))
    assert (result["streak"], result["best_streak"], result["met"]) == (4, 4, True)


def test_a_week_below_the_goal_breaks_the_streak_but_not_the_best():
    # With a goal of 3 only last week (29 Dec, 3 interviews) meets it.
    result = progress(WEEKS_MET, 3, d("2026-01-07"))
    assert (result["streak"], result["best_streak"]) == (1, 1)
    # Two weeks without an interview: no streak left, the best one remains.
    result = progress(WEEKS_MET, 2, d("2026-01-14"))
    assert (result["streak"], result["best_streak"]) == (0, 3)


def test_without_a_goal_the_streak_counts_weeks_with_at_least_one_interview():
    result = progress(WEEKS_MET, None, d("2026-01-07"))
    assert (result["per_week"], result["remaining"], result["percent"]) == (None, None, None)
    assert (result["streak_target"], result["streak"], result["best_streak"]) == (1, 3, 3)


def test_no_history_is_no_streak():
    result = progress({}, 2, MONDAY)
    assert (result["this_week"], result["streak"], result["best_streak"]) == (0, 0, 0)
    assert result["remaining"] == 2


# Monday 5 Jan 2026, 10:00 UTC: Monday in all three zones (02:00 in Los Angeles).
NOW = datetime.datetime(2026, 1, 5, 10, 0, tzinfo=datetime.UTC)
# 07:30 UTC Monday is 23:30 on Sunday in Los Angeles and 16:30 Monday in Tokyo.
LATE_SUNDAY_IN_LOS_ANGELES = datetime.datetime(2026, 1, 5, 7, 30, tzinfo=datetime.UTC)
# 15:30 UTC Sunday is 00:30 on Monday in Tokyo, and still Sunday in UTC and Los Angeles.
EARLY_MONDAY_IN_TOKYO = datetime.datetime(2026, 1, 4, 15, 30, tzinfo=datetime.UTC)


@pytest.mark.parametrize(
    ("zone", "this_week", "met", "streak"),
    [
        ("UTC", 1, True, 2),  # one this week, one last week
        ("Asia/Tokyo", 2, True, 1),  # both on Monday: nothing last week
        ("America/Los_Angeles", 0, False, 1),  # both on Sunday: last week's streak stands
    ],
)
def test_an_interview_counts_in_the_week_of_its_day_in_the_zone(zone, this_week, met, streak):
    zone = zoneinfo.ZoneInfo(zone)
    rows = [{"completed_at": EARLY_MONDAY_IN_TOKYO}, {"completed_at": LATE_SUNDAY_IN_LOS_ANGELES}]

    result = progress(activity(rows, zone), 1, NOW.astimezone(zone).date())

    assert (result["this_week"], result["met"], result["streak"]) == (this_week, met, streak)


@pytest.mark.parametrize("zone", ["UTC", "Asia/Tokyo", "America/Los_Angeles"])
@pytest.mark.parametrize("per_week", [None, 1, 2, 3])
def test_the_reports_weeks_give_the_same_progress_as_its_days(zone, per_week):
    zone = zoneinfo.ZoneInfo(zone)
    start = datetime.datetime(2025, 10, 1, 22, 30, tzinfo=datetime.UTC)
    # Irregular practice over a year and a half: runs of busy weeks, gaps, double days.
    rows = [
        {"completed_at": start + datetime.timedelta(days=day, hours=hour)}
        for day in range(0, 460)
        for hour in (0, 9)
        if (day % 11) < 6 and (hour == 0 or day % 3 == 0)
    ]
    today = (start + datetime.timedelta(days=470)).astimezone(zone).date()
    days = activity(rows, zone)
    weeks = weekly_activity({datetime.date.fromisoformat(day): n for day, n in days.items()})

    from_weeks = progress(days, per_week, today, weeks=weeks)

    assert from_weeks == progress(days, per_week, today)
    assert from_weeks["best_streak"] > 1
