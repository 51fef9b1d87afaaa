"""The performance page: its filters, its analytics over the filtered set, its query count."""

import datetime
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.asserts import assertNotContains

from interviewprep.testing import element_text, select, select_one, table_rows, texts
from interviews.tests.factories import results
from performance.tests.factories import PerformanceFactory

pytestmark = pytest.mark.django_db

URL = reverse("performance:history")
NOW = datetime.datetime(2026, 3, 10, 12, 0, tzinfo=datetime.UTC)


def make(user, days_ago=0, **fields):
    return PerformanceFactory(
        user=user, completed_at=NOW - datetime.timedelta(days=days_ago), **fields
    )


def shown(response):
    """The ids of the rows in the page's table, in order."""
    return [str(row["id"]) for row in response.context["page"].object_list]


def ids(*performances):
    return [str(performance.pk) for performance in performances]


def problems(response):
    return response.context["problems"]


def empty_state(response):
    """The text of the card shown instead of the report when there is nothing to show."""
    return select_one(response, "main div.card.text-center").text


def tracking(response):
    return select_one(response, "section[aria-labelledby=tracking-heading]")


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_page_lists_only_the_users_performances_newest_first(client_for, user, other_user):
    old = make(user, days_ago=5, job_title="Old role")
    new = make(user, days_ago=1, job_title="New role")
    make(other_user, job_title="Someone else's role")

    response = client_for(user).get(URL)

    assert response.status_code == 200
    assert shown(response) == ids(new, old)
    assertNotContains(response, "Someone else")
    assert response.context["report"]["summary"]["count"] == 2


def test_a_person_without_interviews_sees_an_empty_state(client_for, user):
    response = client_for(user).get(URL)

    assert empty_state(response).startswith("No completed interviews yet.")


def test_the_history_is_paginated_by_25(client_for, user):
    for day in range(27):
        make(user, days_ago=day)

    first = client_for(user).get(URL)
    second = client_for(user).get(URL, {"page": 2})

    assert len(shown(first)) == 25
    assert len(shown(second)) == 2
    assert second.context["report"]["summary"]["count"] == 27


def test_filtering_by_type_changes_the_table_and_every_analytic(client_for, user):
    dsa = make(user, days_ago=1, interview_type="dsa", score=40, company_name="Globex")
    make(user, days_ago=2, interview_type="technical", score=90, company_name="Acme")

    response = client_for(user).get(URL, {"interview_type": "dsa"})

    report = response.context["report"]
    assert shown(response) == ids(dsa)
    assert report["summary"]["count"] == 1
    assert report["summary"]["best_score"] == 40
    assert [company["company_name"] for company in report["companies"]] == ["Globex"]
    assert list(report["time"]["by_type"]) == ["dsa"]
    assert list(report["trend"]["by_type"]) == ["dsa"]
    assert [point["score"] for point in report["tracking"]["points"]] == [40]


def test_filtering_by_experience_level(client_for, user):
    senior = make(user, experience_level="senior")
    make(user, experience_level="entry")

    response = client_for(user).get(URL, {"experience_level": "senior"})

    assert shown(response) == ids(senior)
    assert list(response.context["report"]["time"]["by_level"]) == ["senior"]


def test_the_company_filter_ignores_case_and_offers_the_users_companies(
    client_for, user, other_user
):
    acme = make(user, company_name="Acme Corp")
    make(user, company_name="Globex")
    make(other_user, company_name="Secret Startup")

    response = client_for(user).get(URL, {"company": "ACME corp"})

    assert shown(response) == ids(acme)
    assert response.context["report"]["summary"]["count"] == 1
    options = select(response, "select#id_company option")
    assert [(option.attrs["value"], option.text) for option in options] == [
        ("", "Any company"),
        ("Acme Corp", "Acme Corp"),
        ("Globex", "Globex"),
    ]
    assertNotContains(response, "Secret Startup")


def test_the_company_list_is_read_once_per_state_of_the_history(client_for, user):
    """Drawing the list on every visit would read the whole history each time."""
    make(user, company_name="Acme Corp")
    client = client_for(user)
    client.get(URL)

    with CaptureQueriesContext(connection) as warm:
        client.get(URL)
    # The history table's page is the only read of the performances.
    assert len([query for query in warm if "performances" in query["sql"]]) == 1

    make(user, company_name="Globex")
    after_a_change = client.get(URL)
    options = select(after_a_change, "select#id_company option")
    assert [option.text for option in options] == ["Any company", "Acme Corp", "Globex"]


def test_a_company_name_with_pattern_characters_is_matched_literally(client_for, user):
    odd = make(user, company_name="C++ (Labs).*")
    make(user, company_name="C Labs")

    response = client_for(user).get(URL, {"company": "c++ (labs).*"})

    assert shown(response) == ids(odd)


def test_dates_are_inclusive_days_in_the_sites_time_zone(client_for, user, site_zone):
    # 23:30 on 9 March and 09:00 on 10 March where the site is: the same UTC day in Tokyo,
    # two UTC days in Los Angeles.
    late_evening = PerformanceFactory(
        user=user, completed_at=datetime.datetime(2026, 3, 9, 23, 30, tzinfo=site_zone)
    )
    next_morning = PerformanceFactory(
        user=user, completed_at=datetime.datetime(2026, 3, 10, 9, 0, tzinfo=site_zone)
    )
    client = client_for(user)

    ninth = client.get(URL, {"date_from": "2026-03-09", "date_to": "2026-03-09"})
    tenth = client.get(URL, {"date_from": "2026-03-10"})
    until_tenth = client.get(URL, {"date_to": "2026-03-10"})

    assert shown(ninth) == ids(late_evening)
    assert ninth.context["report"]["summary"]["count"] == 1
    assert shown(tenth) == ids(next_morning)
    assert shown(until_tenth) == ids(next_morning, late_evening)


@pytest.mark.usefixtures("site_zone")
def test_filtering_by_date_range_changes_the_analytics(client_for, user):
    make(user, days_ago=40, score=30)
    recent = make(user, days_ago=3, score=80)
    day = (NOW - datetime.timedelta(days=10)).date().isoformat()

    response = client_for(user).get(URL, {"date_from": day})

    assert shown(response) == ids(recent)
    assert response.context["report"]["summary"]["average_score"] == 80


def test_search_finds_a_word_that_appears_only_in_the_feedback(client_for, user):
    feedback = results()["feedback"] | {"overall": "Handled the whiteboard marathon well."}
    found = make(user, feedback=feedback)
    make(user)

    response = client_for(user).get(URL, {"q": "WHITEBOARD"})

    assert shown(response) == ids(found)
    assert response.context["report"]["summary"]["count"] == 1


@pytest.mark.parametrize(
    ("key", "query"),
    [
        ("strengths", "énergie"),
        ("strengths", "ÉNERGIE"),
        ("improvements", "Fiabilité"),
        ("recommendations", "naïve"),
    ],
)
def test_search_finds_accented_words_in_the_feedback_lists(client_for, user, key, query):
    feedback = results()["feedback"] | {
        "strengths": ["Bonne énergie"],
        "improvements": ["Fiabilité des tests"],
        "recommendations": ["Éviter la solution naïve"],
    }
    found = make(user, feedback=feedback)
    make(user)

    response = client_for(user).get(URL, {"q": query})

    assert shown(response) == ids(found)


def test_search_covers_job_title_and_company_but_not_field_names(client_for, user):
    by_title = make(user, job_title="Platform Engineer")
    by_company = make(user, company_name="Initech")

    client = client_for(user)

    assert shown(client.get(URL, {"q": "platform"})) == ids(by_title)
    assert shown(client.get(URL, {"q": "INITECH"})) == ids(by_company)
    assert shown(client.get(URL, {"q": "strengths"})) == []
    assert shown(client.get(URL, {"q": "roundType"})) == []


def test_a_search_that_matches_nothing_says_so(client_for, user):
    make(user)

    response = client_for(user).get(URL, {"q": "nothing like this"})

    assert empty_state(response).startswith("No completed interviews match these filters.")


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("newest", ["c", "b", "a"]),
        ("oldest", ["a", "b", "c"]),
        ("score_high", ["b", "a", "c"]),
        ("score_low", ["c", "a", "b"]),
    ],
)
def test_each_sort_orders_the_table(client_for, user, sort, expected):
    made = {
        "a": make(user, days_ago=3, score=60),
        "b": make(user, days_ago=2, score=90),
        "c": make(user, days_ago=1, score=30),
    }

    response = client_for(user).get(URL, {"sort": sort})

    assert shown(response) == ids(*(made[name] for name in expected))


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"interview_type": "astrology"}, "Type"),
        ({"experience_level": "godlike"}, "Level"),
        ({"date_from": "2026-02-30"}, "From"),
        ({"date_to": "yesterday"}, "To"),
        ({"date_from": "2026-03-05", "date_to": "2026-03-01"}, "To"),
        ({"q": "x" * 101}, "Search"),
        ({"sort": "random"}, "Sort"),
        ({"company": "x" * 201}, "Company"),
        ({"page": "abc"}, "Page"),
        ({"page": "999"}, "Page"),
    ],
)
def test_invalid_values_are_reported_on_the_page_and_ignored(client_for, user, params, field):
    performance = make(user)

    response = client_for(user).get(URL, params)

    assert response.status_code == 200
    assert [problem["label"].split(":")[0] for problem in problems(response)] == [field]
    alert = select_one(response, ".alert-warning[role=alert]")
    assert "could not be used and were ignored" in alert.text
    assert texts(alert, "li") == [problem["label"] for problem in problems(response)]
    assert shown(response) == ids(performance)


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"interview_type": "astrology"}, "interview_type", "Choose a type from the list."),
        ({"experience_level": "godlike"}, "experience_level", "Choose a level from the list."),
        ({"sort": "random"}, "sort", "Choose an order from the list."),
        ({"date_from": "2026-02-30"}, "date_from", "Enter a valid date."),
    ],
)
def test_an_ignored_filter_is_explained_once_in_words_beside_its_field(
    client_for, user, params, field, message
):
    make(user)

    response = client_for(user).get(URL, params)

    page = response.content.decode()
    assert page.count(message) == 1
    assert element_text(response, f"id_{field}_error") == message
    assert select_one(response, f"#id_{field}").attrs["aria-describedby"] == f"id_{field}_error"
    # The summary above names the filter and leads to it.
    link = select_one(response, f'.alert-warning a[href="#id_{field}"]')
    assert link.text == response.context["filter"].form.fields[field].label


def test_an_invalid_value_leaves_the_valid_filters_in_force(client_for, user):
    dsa = make(user, interview_type="dsa")
    make(user, interview_type="technical")

    response = client_for(user).get(URL, {"interview_type": "dsa", "date_from": "nope"})

    assert shown(response) == ids(dsa)
    assert len(problems(response)) == 1


def test_a_filtered_view_is_a_shareable_url_kept_by_pagination_and_export(client_for, user):
    for day in range(30):
        make(user, days_ago=day, interview_type="dsa")

    response = client_for(user).get(URL, {"interview_type": "dsa", "q": "solid"})

    next_page = 'a[rel=next][href="?interview_type=dsa&q=solid&page=2"]'
    assert select_one(response, next_page).text == "Next"
    # The export is a submit button of the filter form, which holds the same values.
    form = response.context["filter"].form
    assert (form["interview_type"].value(), form["q"].value()) == ("dsa", "solid")
    export = f'form button[type=submit][formaction="{reverse("performance:export")}"]'
    assert select_one(response, export).text == "Export CSV"


def test_the_page_states_the_trend_thresholds_and_gives_chart_numbers_as_text(client_for, user):
    for day, score in enumerate([50, 60, 70]):
        make(user, days_ago=10 - day, score=score)

    response = client_for(user).get(URL)

    section = tracking(response)
    trend = select_one(response, "section[aria-labelledby=trend-heading]")
    assert "improving at +0.5 points per interview" in trend.text
    assert texts(trend, "strong")[0] == "improving"
    chart_data = json.loads(element_text(response, "performance-chart-data"))
    assert chart_data["tracking"][1]["score"] == 60
    assert texts(section, "details > summary") == ["Scores as a table"]
    scores = table_rows(section, "details table")
    assert [row[1] for row in scores] == ["Score", "50", "60", "70"]
    assert response.context["chart_data"]["tracking"][1]["score"] == 60


def test_fewer_than_three_interviews_show_no_trend_line(client_for, user):
    make(user)

    response = client_for(user).get(URL)

    assert "Not enough data for a trend yet" in tracking(response).text
    assert response.context["chart_data"]["tracking"] == []


def test_the_query_count_does_not_grow_with_the_number_of_performances(
    client_for, user, django_assert_num_queries
):
    # The report codes again each month that changed since it was last computed (a few
    # queries a month): the new performances fall in the months of the first ones.
    make(user, days_ago=1, company_name="Acme")
    make(user, days_ago=17, company_name="Globex")
    make(user, days_ago=32, company_name="Globex")
    client = client_for(user)
    params = {"interview_type": "technical", "q": "solid"}
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    with CaptureQueriesContext(connection) as few_filtered:
        client.get(URL, params)
    with CaptureQueriesContext(connection) as few_cached:
        client.get(URL, {"sort": "oldest"})

    for day in range(3, 33):
        make(user, days_ago=day, company_name=f"Company {day}")

    with django_assert_num_queries(len(few)):
        client.get(URL)
    with django_assert_num_queries(len(few_filtered)):
        client.get(URL, params)
    # Paging and sorting reuse the report of the same set: its rows are not read again
    # and nothing is written to the cache.
    with django_assert_num_queries(len(few_cached)):
        client.get(URL, {"page": 2})
    assert len(few_cached) < len(few)


def test_a_new_performance_is_in_the_analytics_at_once(client_for, user):
    make(user, days_ago=2, score=40)
    client = client_for(user)
    assert client.get(URL).context["report"]["summary"]["count"] == 1

    make(user, days_ago=1, score=90)

    report = client.get(URL).context["report"]
    assert report["summary"]["count"] == 2
    assert report["summary"]["latest_score"] == 90


def test_the_company_filter_folds_accented_capitals(client_for, user):
    cafe = make(user, company_name="Café Élan")
    make(user, company_name="Cafe Elan")

    response = client_for(user).get(URL, {"company": "CAFÉ ÉLAN"})

    assert shown(response) == ids(cafe)
