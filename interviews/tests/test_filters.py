"""The interview list and the performance history filter with one vocabulary."""

import datetime

import pytest
from django.test import Client

from accounts.models import ApiToken
from interviews.filters import MAX_QUERY_LENGTH
from interviews.tests.factories import InterviewFactory
from interviews.validation import MAX_TITLE_LENGTH
from performance.tests.factories import PerformanceFactory

pytestmark = pytest.mark.django_db

SOME_DAY = datetime.datetime(2026, 3, 10, 14, 0, tzinfo=datetime.UTC)


@pytest.fixture
def api(user):
    """The API as `user`, through a personal token."""
    _token, key = ApiToken.issue(user=user, name="Test script")
    return Client(headers={"Authorization": f"Bearer {key}"})


def listed(response):
    assert response.status_code == 200
    return sorted(interview["companyName"] for interview in response.json()["interviews"])


@pytest.mark.parametrize("company", ["CAFÉ ÉLAN", "café élan", " Café Élan "])
def test_the_interview_lists_company_filter_folds_accented_capitals(api, user, other_user, company):
    InterviewFactory(user=user, company_name="Café Élan")
    InterviewFactory(user=user, company_name="Cafe Elan")
    InterviewFactory(user=other_user, company_name="Café Élan")

    response = api.get("/api/interviews", {"company": company})

    assert listed(response) == ["Café Élan"]


def test_the_interview_lists_company_filter_finds_every_spelling_of_the_name(api, user):
    InterviewFactory(user=user, company_name="Straße Labs")
    InterviewFactory(user=user, company_name="STRASSE LABS")
    InterviewFactory(user=user, company_name="Strasse Lab")

    response = api.get("/api/interviews", {"company": "strasse labs"})

    assert listed(response) == ["STRASSE LABS", "Straße Labs"]


def test_the_interview_lists_search_folds_accented_capitals(api, user):
    InterviewFactory(user=user, company_name="Café Élan")
    InterviewFactory(user=user, company_name="Globex")

    response = api.get("/api/interviews", {"q": "CAFÉ"})

    assert listed(response) == ["Café Élan"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"date_from": "2026-03-09", "date_to": "2026-03-09"}, ["Late evening"]),
        ({"date_from": "2026-03-10"}, ["Next morning"]),
        ({"date_to": "2026-03-10"}, ["Late evening", "Next morning"]),
        ({"date_to": "2026-03-08"}, []),
    ],
)
def test_both_lists_agree_on_a_day_in_the_sites_time_zone(api, user, site_zone, params, expected):
    # Each interview is created and completed at the same instant, so both lists hold it
    # on the same day: the interview list by createdAt, the history by completedAt.
    for title, instant in [
        ("Late evening", datetime.datetime(2026, 3, 9, 23, 30, tzinfo=site_zone)),
        ("Next morning", datetime.datetime(2026, 3, 10, 9, 0, tzinfo=site_zone)),
    ]:
        PerformanceFactory(
            user=user,
            completed_at=instant,
            interview__created_at=instant,
            job_title=title,
        )

    interviews = api.get("/api/interviews", params).json()["interviews"]
    performances = api.get("/api/performance-stats", params).json()["performances"]

    assert sorted(interview["jobTitle"] for interview in interviews) == expected
    assert sorted(performance["jobTitle"] for performance in performances) == expected


EXTREMES = [
    ({"date_from": "0001-01-01"}, 1),
    ({"date_to": "9999-12-31"}, 1),
    ({"date_from": "0001-01-01", "date_to": "9999-12-31"}, 1),
    ({"date_from": "9999-12-31"}, 0),
    ({"date_to": "0001-01-01"}, 0),
    ({"date_from": "0001-01-02", "date_to": "9999-12-30"}, 1),
]


@pytest.mark.parametrize(("dates", "found"), EXTREMES)
def test_the_first_and_last_days_there_are_filter_in_any_time_zone(
    client_for, api, user, site_zone, dates, found
):
    PerformanceFactory(user=user, completed_at=SOME_DAY)
    browser = client_for(user)

    page = browser.get("/performance/", dates)
    export = browser.get("/performance/export.csv", dates)
    stats = api.get("/api/performance-stats", dates)
    interviews = api.get("/api/interviews", dates)

    assert page.status_code == 200
    assert page.context["report"]["summary"]["count"] == found
    assert len(page.context["page"].object_list) == found
    assert page.context["problems"] == []
    assert export.status_code == 200
    rows = b"".join(export.streaming_content).decode("utf-8-sig").splitlines()
    assert len(rows) == 1 + found  # the header, then the matches, nothing cut off
    assert stats.status_code == 200
    assert stats.json()["count"] == found
    assert interviews.status_code == 200
    assert interviews.json()["count"] == found


@pytest.mark.parametrize(
    ("name", "limit"), [("company", MAX_TITLE_LENGTH), ("q", MAX_QUERY_LENGTH)]
)
def test_a_text_filter_is_measured_as_sent_and_blank_is_no_filter(api, user, name, limit):
    PerformanceFactory(user=user, company_name="Acme")

    padded = api.get("/api/performance-stats", {name: "x" * limit + " "})
    blank = api.get("/api/performance-stats", {name: "   "})

    assert padded.status_code == 400
    assert name in padded.json()["details"]
    assert blank.status_code == 200
    assert blank.json()["count"] == 1
