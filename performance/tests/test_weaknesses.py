"""The weakness lifecycle and the recent rounds, worked out by hand over report rows."""

import datetime
import zoneinfo

import pytest
from django.urls import reverse

from interviewprep.testing import element_text, table_rows
from performance import analytics
from performance.tests.factories import PerformanceFactory
from performance.tests.test_analytics import START, rounds, row

STAR = "Use the STAR structure."


def sessions(*improvements, interview_type="behavioral"):
    """One row a day, each with these improvements (a string, a list, or None)."""
    made = []
    for day, items in enumerate(improvements):
        items = [] if items is None else [items] if isinstance(items, str) else items
        made.append(row(70, day, interview_type=interview_type, improvements=items))
    return made


def only(rows):
    (item,) = analytics.weaknesses(rows)["items"]
    return item


def test_an_improvement_seen_once_is_not_a_weakness():
    assert analytics.weaknesses(sessions(STAR, None, None))["items"] == []


def test_a_recurring_improvement_is_open_with_its_first_and_last_dates():
    item = only(sessions(STAR, None, "use the star structure", None))

    assert item == {
        "text": "Use the STAR structure.",
        "interview_type": "behavioral",
        "status": "open",
        "sessions": 2,
        "first_seen": "2026-03-01",
        "last_seen": "2026-03-03",
        "resolved_on": None,
        "absent_for": 1,
    }


def test_it_is_resolved_when_the_three_latest_sessions_of_its_type_lack_it():
    still_open = sessions(STAR, STAR, None, None)
    resolved = sessions(STAR, STAR, None, None, None)

    assert only(still_open)["status"] == "open"
    item = only(resolved)
    assert (item["status"], item["resolved_on"], item["absent_for"]) == (
        "resolved",
        "2026-03-05",
        3,
    )


def test_sessions_of_other_types_do_not_resolve_it():
    rows = sessions(STAR, STAR) + [
        row(70, day, interview_type="technical", improvements=[]) for day in range(2, 6)
    ]

    assert only(rows)["status"] == "open"


def test_it_regresses_when_seen_again_after_being_resolved():
    item = only(sessions(STAR, STAR, None, None, None, STAR))

    assert item["status"] == "regressed"
    assert item["resolved_on"] == "2026-03-05"
    assert (item["sessions"], item["last_seen"]) == (3, "2026-03-06")


def test_a_regressed_one_stays_regressed_until_absent_for_three_sessions_again():
    back = [STAR, STAR, None, None, None, STAR]

    assert only(sessions(*back, None, None))["status"] == "regressed"
    item = only(sessions(*back, None, None, None))
    assert (item["status"], item["resolved_on"]) == ("resolved", "2026-03-09")


def test_a_gap_before_the_second_sighting_does_not_count_as_resolved():
    assert only(sessions(STAR, None, None, None, STAR))["status"] == "open"


def test_the_same_text_is_tracked_apart_in_each_interview_type():
    rows = sessions(STAR, STAR) + sessions(None, None, None, interview_type="mixed")
    rows += [row(70, 5, interview_type="mixed", improvements=[STAR])]
    rows += [row(70, 6, interview_type="mixed", improvements=[STAR])]

    items = analytics.weaknesses(rows)["items"]

    assert [(item["interview_type"], item["status"]) for item in items] == [
        ("mixed", "open"),
        ("behavioral", "open"),
    ]


def test_regressed_come_first_then_open_then_resolved_most_recent_first_and_counted():
    rows = sessions(
        ["Be concise", "Quantify impact"],
        ["Be concise", "Quantify impact"],
        ["Slow down"],
        ["Slow down"],
        [],
        ["Be concise"],
        ["Listen first"],
        ["Listen first"],
    )

    report = analytics.weaknesses(rows)

    assert [(item["text"], item["status"]) for item in report["items"]] == [
        ("Be concise", "regressed"),
        ("Listen first", "open"),
        ("Slow down", "resolved"),
        ("Quantify impact", "resolved"),
    ]
    assert report["counts"] == {"regressed": 1, "open": 1, "resolved": 2}


def test_the_list_is_bounded_but_the_counts_cover_everything():
    many = [f"Point {number}" for number in range(40)]

    report = analytics.weaknesses(sessions(many, many))

    assert len(report["items"]) == analytics.MAX_WEAKNESSES
    assert report["counts"]["open"] == 40


@pytest.mark.parametrize(("zone", "day"), [("Asia/Tokyo", "2026-03-02"), ("UTC", "2026-03-01")])
def test_weakness_dates_are_in_the_site_zone(zone, day):
    rows = [
        row(70, 0, interview_type="behavioral", improvements=[STAR], completed_at=moment)
        # 22:00 UTC is 07:00 the next day in Tokyo.
        for moment in (START + datetime.timedelta(hours=10), START + datetime.timedelta(days=2))
    ]

    report = analytics.weaknesses(rows, zoneinfo.ZoneInfo(zone))

    assert report["items"][0]["first_seen"] == day


def test_the_report_carries_the_weaknesses():
    report = analytics.report(sessions(STAR, STAR))

    assert report["weaknesses"]["items"][0]["text"] == STAR
    assert analytics.report([])["weaknesses"]["items"] == []


def test_recent_rounds_average_the_last_three_of_each_type_and_date_the_last():
    rows = [
        row(0, 0, round_results=rounds(("technical", 40, 1, 2, 5), ("behavioral", 90, 1, 1, 5))),
        row(0, 1, round_results=rounds(("technical", 50, 1, 2, 5))),
        row(0, 2, round_results=rounds(("technical", 60, 1, 2, 5))),
        row(0, 3, round_results=rounds(("technical", 71, 1, 2, 5))),
    ]

    recent = analytics.recent_rounds(rows)

    assert recent == {
        "behavioral": {
            "rounds": 1,
            "recent_scores": [90],
            "recent_average": 90,
            "last_practised": "2026-03-01",
        },
        "technical": {
            "rounds": 4,
            "recent_scores": [50, 60, 71],
            "recent_average": 60.33,
            "last_practised": "2026-03-04",
        },
    }
    assert analytics.report(rows)["recent_rounds"] == recent


# On the performance page, over the person's counted performances. ---------------------


def practised(user, day, *improvements, **fields):
    return PerformanceFactory(
        user=user,
        interview_type="behavioral",
        completed_at=START + datetime.timedelta(days=day),
        feedback={"improvements": list(improvements)},
        **fields,
    )


@pytest.mark.django_db
def test_the_performance_page_shows_each_weakness_with_its_status_and_dates(
    client_for, user, other_user, site_zone
):
    for day in (0, 1):
        practised(user, day, STAR, "Be concise")
    for day in (2, 3, 4):
        practised(user, day, "Be concise")
    practised(user, 5)
    practised(user, 6)
    practised(user, 7)
    practised(other_user, 8, "Someone else's weakness")
    practised(other_user, 9, "Someone else's weakness")

    response = client_for(user).get(reverse("performance:history"))

    rows = table_rows(response, ".weakness-table")[1:]
    assert [row[:2] for row in rows] == [
        ["Be concise Behavioral", "Resolved since 8 Mar 2026"],
        ["Use the STAR structure. Behavioral", "Resolved since 5 Mar 2026"],
    ]
    assert element_text(response, "weakness-counts") == "0 regressed, 0 open, 2 resolved."
    assert "Someone else" not in response.text


@pytest.mark.django_db
def test_excluded_sessions_neither_make_a_weakness_recur_nor_resolve_it(client_for, user):
    practised(user, 0, STAR)
    practised(user, 1, STAR, excluded=True)
    practised(user, 2, "Be concise")
    practised(user, 3, "Be concise")
    for day in (4, 5, 6):
        practised(user, day, excluded=True)

    response = client_for(user).get(reverse("performance:history"))

    assert [row[:2] for row in table_rows(response, ".weakness-table")[1:]] == [
        ["Be concise Behavioral", "Open"]
    ]


@pytest.mark.django_db
def test_the_section_says_so_when_nothing_recurs(client_for, user):
    practised(user, 0, STAR)

    response = client_for(user).get(reverse("performance:history"))

    assert element_text(response, "weaknesses-empty").startswith("No area for improvement")
