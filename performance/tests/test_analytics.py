"""The analytics against figures worked out by hand."""

import datetime
import json
import zoneinfo
from collections import defaultdict

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from interviews.documents import Feedback, RoundResult
from interviews.validation import FEEDBACK_FIELDS
from performance import analytics

START = datetime.datetime(2026, 3, 1, 12, 0, tzinfo=datetime.UTC)


def row(score, day=0, **fields):
    """A performance as the analytics receive it (documents as stored), `day` days after START."""
    data = {
        "id": day + 1,
        "completed_at": START + datetime.timedelta(days=day),
        "job_title": "Backend Engineer",
        "company_name": "Acme",
        "interview_type": "technical",
        "experience_level": "mid",
        "total_questions": 10,
        "correct_answers": 7,
        "score": score,
        "time_spent": 30,
        "round_results": [],
    }
    feedback = {key: fields.pop(key) for key in list(fields) if key in FEEDBACK_FIELDS}
    data["feedback"] = Feedback(**feedback).to_document()
    data.update(fields)
    return data


def rounds(*specs):
    """Round results as stored."""
    return [RoundResult(*spec).to_document() for spec in specs]


def test_the_summary_counts_averages_and_sums_the_interviews():
    rows = [
        row(60, 0, total_questions=10, correct_answers=5, time_spent=30),
        row(70, 1, total_questions=10, correct_answers=7, time_spent=45),
        row(90, 2, total_questions=20, correct_answers=18, time_spent=60),
    ]

    summary = analytics.report(rows)["summary"]

    assert summary == {
        "count": 3,
        "average_score": 73.33,
        "best_score": 90,
        "latest_score": 90,
        "accuracy": 75.0,  # 30 correct of 40 questions
        "total_time": 135,
        "average_time": 45.0,
    }


def test_no_interviews_give_empty_figures_that_json_accepts():
    report = analytics.report([])

    assert report["summary"]["count"] == 0
    assert report["summary"]["average_score"] is None
    assert report["summary"]["accuracy"] is None
    assert report["tracking"]["enough_data"] is False
    assert report["trend"]["overall"]["label"] is None
    assert report["rounds"] == {"by_type": {}, "strongest": None, "weakest": None}
    assert report["time"]["median_minutes_per_question"] is None
    assert report["companies"] == []
    json.dumps(report, allow_nan=False)


def test_accuracy_is_none_without_questions_rather_than_a_division_by_zero():
    rows = [row(50, 0, total_questions=0, correct_answers=0)]

    report = analytics.report(rows)

    assert report["summary"]["accuracy"] is None
    assert report["time"]["by_type"]["technical"]["minutes_per_question"] is None
    json.dumps(report, allow_nan=False)


def test_the_moving_average_covers_the_last_five_interviews():
    assert analytics.moving_averages([10, 20, 30, 40, 50, 60]) == [10, 15, 20, 25, 30, 40]


def test_score_tracking_needs_three_interviews_for_a_trend_line():
    two = analytics.report([row(50, 0), row(60, 1)])["tracking"]
    three = analytics.report([row(50, 0), row(60, 1), row(70, 2)])["tracking"]

    assert two["enough_data"] is False
    assert [point["moving_average"] for point in two["points"]] == [None, None]
    assert three["enough_data"] is True
    assert [point["moving_average"] for point in three["points"]] == [50, 55, 60]
    assert [point["date"] for point in three["points"]] == [
        "2026-03-01",
        "2026-03-02",
        "2026-03-03",
    ]


def test_long_histories_are_drawn_as_groups_of_consecutive_interviews():
    rows = [row(index % 10 * 10, index) for index in range(250)]

    tracking = analytics.report(rows)["tracking"]

    assert tracking["group_size"] == 3  # 250 interviews in at most 100 points
    assert len(tracking["points"]) == 84
    assert tracking["points"][0]["score"] == 10  # mean of 0, 10, 20
    assert tracking["points"][-1]["interviews"] == 1
    assert tracking["points"][-1]["date"] == rows[-1]["completed_at"].date().isoformat()


def test_the_slope_is_the_least_squares_change_per_interview():
    assert analytics.slope([1, 2, 3]) == 1
    # x mean 1, y mean 50: covariance (-1)(0) + (1)(-10) = -10, variance 2.
    assert analytics.slope([50, 60, 40]) == -5
    assert analytics.slope([70]) is None


@pytest.mark.parametrize(
    ("scores", "label"),
    [
        ([50, 60, 40], "declining"),
        ([50, 50.5, 51], "improving"),  # exactly the threshold, 0.5 a interview
        ([50, 50.2, 50.4], "steady"),
        ([50, 49.5, 49], "declining"),
        ([50, 60], None),
    ],
)
def test_the_trend_label_follows_the_stated_threshold(scores, label):
    assert analytics.trend(scores)["label"] == label


def test_the_recent_change_compares_the_last_five_with_the_five_before():
    assert analytics.trend(list(range(1, 11)))["recent_change"] == 5  # mean 8 - mean 3
    assert analytics.trend(list(range(1, 10)))["recent_change"] is None


def test_trends_are_given_per_interview_type():
    rows = [
        row(40, 0, interview_type="dsa"),
        row(80, 1, interview_type="behavioral"),
        row(50, 2, interview_type="dsa"),
        row(70, 3, interview_type="behavioral"),
        row(60, 4, interview_type="dsa"),
        row(60, 5, interview_type="behavioral"),
    ]

    by_type = analytics.report(rows)["trend"]["by_type"]

    assert by_type["dsa"]["slope"] == 10
    assert by_type["dsa"]["label"] == "improving"
    assert by_type["behavioral"]["slope"] == -10
    assert by_type["behavioral"]["label"] == "declining"


def test_round_analysis_totals_each_round_type():
    rows = [
        row(70, 0, round_results=rounds(("technical", 60, 4, 5, 10), ("behavioral", 90, 2, 2, 6))),
        row(80, 1, round_results=rounds(("technical", 80, 3, 5, 20))),
    ]

    result = analytics.report(rows)["rounds"]

    assert result["by_type"] == {
        "behavioral": {
            "rounds": 1,
            "average_score": 90,
            "completion_rate": 100,
            "minutes_per_question": 3,
        },
        "technical": {
            "rounds": 2,
            "average_score": 70,
            "completion_rate": 70,  # 7 answered of 10
            "minutes_per_question": 3,  # 30 minutes for 10 questions
        },
    }
    assert result["strongest"] == "behavioral"
    assert result["weakest"] == "technical"


def test_one_round_type_is_neither_strongest_nor_weakest():
    rows = [row(70, 0, round_results=rounds(("dsa", 60, 4, 5, 10)))]

    result = analytics.report(rows)["rounds"]

    assert (result["strongest"], result["weakest"]) == (None, None)


def test_time_management_groups_bands_and_unusual_paces():
    rows = [
        row(50, 0, time_spent=20, interview_type="dsa", experience_level="entry"),
        row(70, 1, time_spent=50, interview_type="dsa"),
        row(80, 2, time_spent=55),
        row(40, 3, time_spent=200),
    ]

    time = analytics.report(rows)["time"]

    assert time["by_type"]["dsa"] == {
        "interviews": 2,
        "minutes_per_interview": 35,
        "minutes_per_question": 3.5,
    }
    assert time["by_level"]["mid"]["minutes_per_interview"] == 101.67  # (50 + 55 + 200) / 3
    bands = {band["band"]: band for band in time["by_band"]}
    assert bands["Under 30 min"] == {"band": "Under 30 min", "interviews": 1, "average_score": 50}
    assert bands["45–60 min"]["interviews"] == 2
    assert bands["45–60 min"]["average_score"] == 75
    assert bands["30–45 min"]["average_score"] is None
    # Paces 2, 5, 5.5 and 20 minutes per question: the median is 5.25.
    assert time["median_minutes_per_question"] == 5.25
    assert time["outlier_count"] == 2
    assert [item["id"] for item in time["outliers"]] == ["4", "1"]  # furthest first
    assert time["outliers"][0]["times_median"] == 3.81


def test_recurring_feedback_is_matched_without_case_spacing_or_trailing_punctuation():
    rows = [
        row(60, 0, strengths=["Clear communication", "clear communication"]),
        row(60, 1, strengths=["  CLEAR   communication. ", "Calm under pressure"]),
        row(60, 2, strengths=["Clear communication!"], improvements=["Edge cases"]),
        row(60, 3, improvements=["edge cases…"]),
    ]

    patterns = analytics.report(rows)["patterns"]

    assert patterns["strengths"] == [
        {
            "text": "Clear communication",
            "interviews": 3,  # twice in the first interview counts once
            "first_seen": "2026-03-01",
            "last_seen": "2026-03-03",
        }
    ]
    assert patterns["improvements"] == [
        {
            "text": "Edge cases",
            "interviews": 2,
            "first_seen": "2026-03-03",
            "last_seen": "2026-03-04",
        }
    ]


def test_company_insights_group_names_without_case():
    rows = [
        row(
            60,
            0,
            company_name="Acme",
            round_results=rounds(("technical", 50, 5, 5, 10), ("behavioral", 70, 2, 2, 5)),
            improvements=["Edge cases"],
            recommendations=["Practise DP", "Read more"],
        ),
        row(90, 1, company_name="Other"),
        row(
            70,
            2,
            company_name="ACME",
            round_results=rounds(("technical", 60, 5, 5, 10)),
            improvements=["edge cases."],
            recommendations=["practise dp"],
        ),
        row(80, 3, company_name="acme"),
    ]

    acme, other = analytics.report(rows)["companies"]

    assert acme == {
        "company_name": "acme",
        "interviews": 3,
        "average_score": 70,
        "best_score": 80,
        "last_attempt": "2026-03-04",
        "trend": "improving",  # 60, 70, 80: +10 an interview
        "weakest_round": "technical",  # 55 against 70
        "weakest_round_score": 55,
        "weakest_round_overall": 55,  # Other has no rounds
        "focus": [{"text": "Edge cases", "interviews": 2}],
        "recurring_improvements": ["Edge cases"],
        "recommendations": ["Practise DP", "Read more"],
    }
    assert other["interviews"] == 1
    assert other["trend"] is None
    assert other["weakest_round"] is None


def test_company_focus_names_what_recurs_there_more_than_elsewhere():
    everywhere = ["Edge cases"]
    rows = [
        row(50, 0, company_name="Acme", improvements=[*everywhere, "Concurrency"]),
        row(55, 1, company_name="Acme", improvements=[*everywhere, "concurrency"]),
        row(
            60,
            2,
            company_name="Initech",
            round_results=rounds(("behavioral", 40, 2, 3, 8), ("technical", 80, 4, 4, 9)),
            improvements=[*everywhere, "STAR structure"],
        ),
        row(
            65,
            3,
            company_name="Initech",
            round_results=rounds(("behavioral", 50, 3, 3, 8)),
            improvements=[*everywhere, "STAR structure"],
        ),
        row(
            70,
            4,
            company_name="Hooli",
            round_results=rounds(("behavioral", 90, 3, 3, 6)),
            improvements=everywhere,
        ),
    ]

    acme, initech, hooli = analytics.report(rows)["companies"]

    # "Edge cases" comes up everywhere: it is no insight about any one company.
    assert acme["focus"] == [{"text": "Concurrency", "interviews": 2}]
    assert initech["focus"] == [{"text": "STAR structure", "interviews": 2}]
    assert initech["weakest_round"] == "behavioral"
    assert initech["weakest_round_score"] == 45  # 40 and 50 there
    assert initech["weakest_round_overall"] == 60  # with Hooli's 90
    assert hooli["focus"] == []


def test_next_steps_name_the_weakest_round_the_top_improvement_and_the_latest_advice():
    rows = [
        row(
            60,
            0,
            round_results=rounds(("technical", 50, 4, 5, 10), ("dsa", 80, 3, 3, 9)),
            improvements=["Edge cases", "Naming"],
            recommendations=["Old advice"],
        ),
        row(
            70,
            1,
            round_results=rounds(("technical", 60, 5, 5, 10)),
            improvements=["edge cases"],
            recommendations=["Retry question 2", " Study B-trees ", "Time yourself", "Fourth"],
        ),
    ]

    steps = analytics.report(rows)["next_steps"]

    assert steps["weakest_round"] == {
        "round_type": "technical",
        "rounds": 2,
        "average_score": 55,
        "completion_rate": 90,
        "minutes_per_question": 2,
    }
    assert steps["top_improvement"]["text"] == "Edge cases"
    assert steps["top_improvement"]["interviews"] == 2
    assert steps["recommendations"] == ["Retry question 2", "Study B-trees", "Time yourself"]
    assert steps["recommendations_date"] == "2026-03-02"


def test_next_steps_are_empty_without_history():
    assert analytics.report([])["next_steps"] == {
        "weakest_round": None,
        "top_improvement": None,
        "recommendations": [],
        "recommendations_date": None,
    }


@pytest.mark.parametrize(
    ("zone", "day"),
    [("UTC", "2026-03-01"), ("Asia/Tokyo", "2026-03-02"), ("America/Los_Angeles", "2026-03-01")],
)
def test_dates_are_given_in_the_requested_time_zone(zone, day):
    # 23:30 UTC is the next morning in Tokyo and the afternoon before in Los Angeles.
    late = row(60, 0, completed_at=datetime.datetime(2026, 3, 1, 23, 30, tzinfo=datetime.UTC))

    report = analytics.report([late], zoneinfo.ZoneInfo(zone))

    assert report["tracking"]["points"][0]["date"] == day


def test_the_whole_report_is_plain_json():
    rows = [
        row(
            score,
            day,
            round_results=rounds(("dsa", score, 3, 4, 12)),
            strengths=["Focus"],
            improvements=["Speed"],
            recommendations=["Practise"],
        )
        for day, score in enumerate([55, 65.5, 60, 72, 81, 40, 90, 88, 70, 75, 79])
    ]

    report = analytics.report(rows)

    assert json.loads(json.dumps(report, allow_nan=False)) == report


# report() gathers the weaknesses, the recent rounds, the activity and the chart's days in
# its one pass over the coded rows (each distinct feedback text folded once per block); each
# section is the same as the function that computes it alone, on histories of every shape.

MESSY_WORDS = st.sampled_from(
    ["Recursion", "recursion.", " RECURSION ", "Trade-offs", "trade-offs!", "", "!", 7, 7.0, True]
)
MESSY_LISTS = st.one_of(st.lists(MESSY_WORDS, max_size=4), st.none(), st.just("not a list"))
MESSY_FEEDBACK = st.one_of(
    st.fixed_dictionaries(
        {},
        optional={
            "strengths": MESSY_LISTS,
            "improvements": MESSY_LISTS,
            "recommendations": MESSY_LISTS,
        },
    ),
    st.none(),
    st.just(["not", "a", "document"]),
)
STORED_ROUND = st.fixed_dictionaries(
    {},
    optional={
        "roundType": st.sampled_from(["technical", "dsa", "behavioral", ""]),
        "score": st.one_of(st.none(), st.floats(0, 100), st.integers(0, 100)),
        "questionsAnswered": st.integers(0, 5),
        "totalQuestions": st.integers(0, 5),
        "timeSpent": st.floats(0, 60),
    },
)
STORED_ROUNDS = st.one_of(
    st.lists(st.one_of(STORED_ROUND, st.just("not a round")), max_size=4),
    st.just({"roundType": "dsa"}),
)
MESSY_ROW = st.fixed_dictionaries(
    {
        "hours": st.integers(0, 24 * 40),
        "interview_type": st.sampled_from(["technical", "behavioral", "dsa"]),
        "company_name": st.sampled_from(["Acme", "acme", "Globex"]),
        "score": st.floats(0, 100),
        "time_spent": st.floats(0, 120),
        "total_questions": st.integers(0, 10),
        "feedback": MESSY_FEEDBACK,
        "round_results": STORED_ROUNDS,
    }
)
ZONES = st.sampled_from(
    [
        datetime.UTC,
        zoneinfo.ZoneInfo("UTC"),
        zoneinfo.ZoneInfo("Asia/Tokyo"),
        zoneinfo.ZoneInfo("America/Los_Angeles"),
    ]
)


@settings(max_examples=300, derandomize=True, deadline=None)
@given(st.lists(MESSY_ROW, max_size=25), ZONES)
def test_the_reports_sections_are_those_computed_alone(drawn, zone):
    drawn.sort(key=lambda fields: fields["hours"])
    rows = []
    for fields in drawn:
        fields = dict(fields)
        hours = fields.pop("hours")
        made = row(fields.pop("score"), **fields)
        made["completed_at"] = START + datetime.timedelta(hours=hours)
        made["feedback"] = fields["feedback"]
        rows.append(made)

    report = analytics.report(rows, zone)

    assert report["weaknesses"] == analytics.weaknesses(rows, zone)
    assert report["recent_rounds"] == analytics.recent_rounds(rows, zone)
    assert report["activity"] == analytics.activity(rows, zone)
    weeks = defaultdict(int)
    for day, count in report["activity"].items():
        day = datetime.date.fromisoformat(day)
        weeks[(day - datetime.timedelta(days=day.weekday())).isoformat()] += count
    assert report["activity_weeks"] == dict(sorted(weeks.items()))
    assert report["tracking"] == analytics.score_tracking(rows, zone)
    assert report["summary"] == analytics.summary(rows)
    assert report["latest"] == analytics.latest(rows)
    # Each list counted as normalised first, then tallied.
    for key in ("strengths", "improvements"):
        tally = analytics._Tally()
        for index, made in enumerate(rows):
            tally.add(analytics._normalised_items(made["feedback"], key), index)
        expected = [
            (
                mention.text,
                mention.interviews,
                analytics._date(rows[mention.first], zone),
                analytics._date(rows[mention.last], zone),
            )
            for mention in tally.recurring()
        ]
        assert expected == [
            (item["text"], item["interviews"], item["first_seen"], item["last_seen"])
            for item in report["patterns"][key]
        ]
    assert json.dumps(report, allow_nan=False)
