"""GET /api/interviews/{id}/comparison: the feedback page's comparison as JSON."""

from datetime import timedelta

from django.utils import timezone

from interviews.choices import Status
from interviews.tests.factories import InterviewFactory
from performance.tests.factories import PerformanceFactory
from performance.tests.test_comparison import question

NOW = timezone.now().replace(microsecond=0)


def url(performance):
    return f"/api/interviews/{performance.interview_id}/comparison"


def test_the_comparison_names_the_previous_interview_and_the_changes(api, user):
    previous = PerformanceFactory(
        user=user,
        company_name="ACME",
        score=60,
        scored_by="self",
        completed_at=NOW - timedelta(days=3),
        interview__questions=[question(["sql"], [0], key_points=2)],
    )
    PerformanceFactory(user=user, company_name="Globex", completed_at=NOW - timedelta(days=2))
    current = PerformanceFactory(
        user=user,
        company_name="Acme",
        score=72.5,
        scored_by="self",
        interview__questions=[question(["sql"], [0, 1], key_points=2)],
    )

    response = api.get(url(current))

    assert response.status_code == 200
    body = response.json()
    assert body["interviewId"] == str(current.interview_id)
    assert body["previous"]["performanceId"] == str(previous.pk)
    assert body["previous"]["companyName"] == "ACME"
    assert body["sameCompany"] is True
    assert body["overall"]["score"] == {
        "current": 72.5,
        "previous": 60.0,
        "change": 12.5,
        "trend": "better",
    }
    assert [round_["label"] for round_ in body["rounds"]] == ["Technical", "Behavioral"]
    assert body["tags"] == [
        {
            "current": 100.0,
            "previous": 50.0,
            "change": 50.0,
            "trend": "better",
            "tag": "sql",
            "questions": 1,
            "previousQuestions": 1,
        }
    ]


def test_without_an_earlier_interview_the_previous_is_null(api, user):
    current = PerformanceFactory(user=user)

    body = api.get(url(current)).json()

    assert body["previous"] is None
    assert body["overall"] is None
    assert body["rounds"] == []
    assert body["tags"] is None


def test_an_excluded_interview_is_compared_with_none(api, user):
    PerformanceFactory(user=user, completed_at=NOW - timedelta(days=3))
    current = PerformanceFactory(user=user, excluded=True)

    body = api.get(url(current)).json()

    assert body["excluded"] is True
    assert body["previous"] is None


def test_another_persons_interview_is_not_found(api, other_user):
    PerformanceFactory(user=other_user, completed_at=NOW - timedelta(days=3))
    theirs = PerformanceFactory(user=other_user)

    response = api.get(url(theirs))

    assert response.status_code == 404
    assert response.json()["details"] == {"id": ["No interview of yours has this id."]}


def test_an_unfinished_interview_is_a_conflict(api, user):
    interview = InterviewFactory(user=user, status=Status.IN_PROGRESS)

    response = api.get(f"/api/interviews/{interview.pk}/comparison")

    assert response.status_code == 409
    assert "not completed" in response.json()["error"]


def test_anonymous_requests_are_refused(anonymous, user):
    current = PerformanceFactory(user=user)

    assert anonymous.get(url(current)).status_code == 401
