"""The performance page as a person reads it: insight first, one way of printing numbers
and days, tailored company insights and clean addresses."""

import datetime
import json

import pytest
from django.urls import reverse

from interviewprep.testing import (
    definitions,
    element_text,
    select,
    select_one,
    table_rows,
    texts,
)
from interviews.tests.factories import results
from interviews.validation import clean_performance
from performance.tests.factories import PerformanceFactory

pytestmark = pytest.mark.django_db

URL = reverse("performance:history")
NOW = datetime.datetime(2026, 3, 10, 12, 0, tzinfo=datetime.UTC)


def make(user, days_ago=0, **fields):
    return PerformanceFactory(
        user=user, completed_at=NOW - datetime.timedelta(days=days_ago), **fields
    )


def feedback(**lists):
    return {"overall": "", "strengths": [], "improvements": [], "recommendations": [], **lists}


def test_the_page_opens_with_the_summary_the_chart_and_what_to_work_on_next(client_for, user):
    for day in range(3):
        make(user, days_ago=day)

    response = client_for(user).get(URL)

    order = [
        element.attrs.get("aria-labelledby") or element.attrs.get("aria-label")
        for element in select(response, "main section")
    ]
    assert order.index("Summary") < order.index("tracking-heading")
    assert order.index("tracking-heading") < order.index("next-steps-heading")
    assert order.index("next-steps-heading") < order.index("history-heading")
    assert order[order.index("history-heading") + 1 :][:2] == ["trend-heading", "rounds-heading"]


def test_what_to_work_on_next_names_the_weakest_round_the_top_improvement_and_the_advice(
    client_for, user
):
    rounds = clean_performance(results())["round_results"]  # technical 70, behavioural 80
    make(
        user,
        days_ago=2,
        round_results=rounds,
        feedback=feedback(improvements=["Edge cases"], recommendations=["Old advice"]),
    )
    make(
        user,
        days_ago=1,
        round_results=rounds,
        feedback=feedback(improvements=["edge cases."], recommendations=["Review heaps"]),
    )

    response = client_for(user).get(URL)

    assert element_text(response, "next-weakest-round").startswith(
        "Your weakest round type: Technical, averaging 70"
    )
    improvement = element_text(response, "next-improvement")
    assert "“Edge cases”, in 2 interviews, last on 9 Mar 2026" in improvement
    advice = select_one(response, "#next-recommendations")
    assert "From your latest interview (9 Mar 2026)" in advice.text
    assert texts(advice, "li") == ["Review heaps"]


def test_company_insights_say_what_was_seen_at_each_company_in_a_few_lines(client_for, user):
    common = "Time management"
    for day in range(2):
        make(
            user,
            days_ago=day,
            company_name="Acme",
            feedback=feedback(
                improvements=[common, "Concurrency"], recommendations=["Practise timed problems"]
            ),
        )
        make(
            user,
            days_ago=day + 2,
            company_name="Globex",
            feedback=feedback(
                improvements=[common, "STAR stories"], recommendations=["Practise timed problems"]
            ),
        )

    response = client_for(user).get(URL)

    section = select_one(response, "section[aria-labelledby=companies-heading]")
    acme, globex = select(section, "li.list-group-item")
    assert texts(acme, "h3") == ["Acme"]
    # A heading line, then at most two short lines.
    assert len(select(acme, "div.small")) <= 2
    assert "Came up there: “Concurrency” (2 of 2)." in acme.text
    assert "Came up there: “STAR stories” (2 of 2)." in globex.text
    # What comes up everywhere and the generic advice are not repeated per company.
    assert common not in section.text
    assert "Practise timed problems" not in section.text
    assert "Weakest there: Technical rounds, 70 (you average 70 everywhere)" not in acme.text
    assert "Weakest there: Technical rounds, 70." in acme.text


def test_a_score_reads_the_same_on_every_page(client_for, user):
    whole = make(user, days_ago=2, score=47.0)
    tenths = make(user, days_ago=1, score=66.7)
    client = client_for(user)
    history = client.get(URL)
    dashboard = client.get(reverse("dashboard:index"))

    assert [row[5] for row in table_rows(history, "table.history-table")[1:]] == ["66.7", "47"]
    for performance, text in ((whole, "47"), (tenths, "66.7")):
        detail = client.get(reverse("performance:detail", args=[performance.pk]))
        page = client.get(reverse("interviews:feedback", args=[performance.interview_id]))
        for response in (detail, page):
            assert definitions(response, ".performance-detail dl")["Score"] == text
    assert texts(dashboard, ".recent-score") == ["66.7", "47"]
    assert element_text(dashboard, "stat-latest") == "66.7"
    assert element_text(history, "stat-latest") == "66.7"
    assert element_text(history, "stat-best") == "66.7"
    assert element_text(history, "stat-average") == element_text(dashboard, "stat-average")


def test_times_read_in_hours_and_minutes(client_for, user):
    make(user, days_ago=1, time_spent=45)
    make(user, days_ago=2, time_spent=80.1)

    response = client_for(user).get(URL)

    assert element_text(response, "stat-total-time") == "2 h 5 min"
    assert element_text(response, "stat-average-time") == "1 h 3 min"
    times = [row[-2] for row in table_rows(response, "table.history-table")[1:]]
    assert times == ["45 min", "1 h 20 min"]


def test_charts_give_one_point_per_interview_dated_as_in_the_table(client_for, user, site_zone):
    # 23:30 UTC is the next day in Tokyo and still the same day in Los Angeles.
    late = datetime.datetime(2026, 3, 5, 23, 30, tzinfo=datetime.UTC)
    for hours in (0, 24, 48):
        PerformanceFactory(
            user=user,
            completed_at=late + datetime.timedelta(hours=hours),
            feedback=feedback(improvements=["Edge cases"]),
        )

    response = client_for(user).get(URL, {"sort": "oldest"})

    # The table gives the day, then the time from a tablet's width up.
    table_days = [row[0].split(",")[0] for row in table_rows(response, "table.history-table")[1:]]
    expected = [
        (late + datetime.timedelta(hours=hours)).astimezone(site_zone).strftime("%-d %b %Y")
        for hours in (0, 24, 48)
    ]
    assert table_days == expected
    points = json.loads(element_text(response, "performance-chart-data"))["tracking"]
    assert [point["x"] for point in points] == [1, 2, 3]
    assert [point["title"] for point in points] == [
        f"Interview #{number}, {day}" for number, day in enumerate(expected, start=1)
    ]
    scores_table = table_rows(response, "section[aria-labelledby=tracking-heading] table")
    assert [row[0] for row in scores_table[1:]] == expected
    pattern = table_rows(response, "section[aria-labelledby=patterns-heading] table")[1]
    assert pattern[-2:] == [expected[0], expected[-1]]


def test_empty_filter_fields_are_dropped_from_the_address(client_for, user):
    make(user)
    client = client_for(user)

    response = client.get(URL, {"q": "", "interview_type": "dsa", "company": "", "sort": ""})

    assert response.status_code == 302
    assert response["Location"] == f"{URL}?interview_type=dsa"
    everything_empty = client.get(URL, {"q": "", "page": ""})
    assert everything_empty["Location"] == URL


def test_the_phone_filter_button_counts_the_filters_in_use(client_for, user):
    make(user)
    client = client_for(user)

    plain = client.get(URL, {"sort": "oldest"})
    narrowed = client.get(URL, {"interview_type": "technical", "company": "Acme"})
    invalid = client.get(URL, {"date_from": "nope"})

    assert texts(plain, "button.filters-toggle") == ["Filters"]
    assert texts(narrowed, "button.filters-toggle") == ["Filters (2 active)"]
    # Folded away on a phone, unless a filter needs correcting.
    assert "show" not in select_one(narrowed, "#performance-filters").attrs["class"]
    assert "show" in select_one(invalid, "#performance-filters").attrs["class"]
    assert select_one(narrowed, "#performance-filters form[aria-label='Filter interviews']")


def test_the_history_table_keeps_date_role_score_and_details_on_a_phone(client_for, user):
    make(user)

    response = client_for(user).get(URL)

    headers = select(response, "table.history-table thead th")
    on_phone = [th.text for th in headers if "d-none" not in th.attrs.get("class", "")]
    assert on_phone == ["Completed", "Job title", "Score", "Details"]
