"""How scores, durations and days are printed on every page and in the charts."""

import datetime

import pytest

from performance.templatetags.formats import day, duration, score


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (47, "47"),
        (47.0, "47"),
        (55.0, "55"),
        (66.7, "66.7"),
        (66.66666, "66.7"),
        (99.96, "100"),
        (0, "0"),
        ("82.5", "82.5"),
        (None, "—"),
        ("", "—"),
        (float("nan"), "—"),
    ],
)
def test_a_score_is_whole_when_it_is_whole_and_otherwise_has_one_decimal(value, text):
    assert score(value) == text


@pytest.mark.parametrize(
    ("minutes", "text"),
    [
        (3615.1, "60 h 15 min"),
        (65, "1 h 5 min"),
        (120, "2 h"),
        (119.6, "2 h"),
        (45, "45 min"),
        (45.4, "45 min"),
        (10, "10 min"),
        (2.5, "2.5 min"),
        (2.04, "2 min"),
        (0, "0 min"),
        (None, "—"),
    ],
)
def test_a_duration_reads_in_hours_and_minutes(minutes, text):
    assert duration(minutes) == text


def test_a_day_reads_as_in_the_history_table(site_zone, settings):
    assert day("2026-03-05") == "5 Mar 2026"
    assert day(datetime.date(2026, 12, 25)) == "25 Dec 2026"
    # An instant is shown on the day it is in the site's time zone.
    late = datetime.datetime(2026, 3, 5, 23, 30, tzinfo=datetime.UTC)
    assert day(late) == late.astimezone(site_zone).strftime("%-d %b %Y")
    assert day(None) == "—"
