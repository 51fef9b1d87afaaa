"""The specification's four endpoints, at exactly their paths."""

from datetime import timedelta

import pytest
from django.utils import timezone

from api.tests.factories import results
from interviews.choices import Status
from interviews.models import Interview
from interviews.tests.factories import InterviewFactory
from performance.models import Performance
from performance.tests.factories import PerformanceFactory


def save_body(interview, **overrides):
    return {**results(**overrides), "interviewId": str(interview.pk)}


# POST /api/save-performance -------------------------------------------------------------


def test_saving_completes_an_in_progress_interview_and_answers_201(api, user):
    interview = InterviewFactory(user=user, status=Status.IN_PROGRESS)

    response = api.post("/api/save-performance", save_body(interview))

    assert response.status_code == 201
    body = response.json()
    performance = Performance.objects.get(interview_id=interview.pk)
    assert body["id"] == str(performance.pk)
    assert body["interviewId"] == str(interview.pk)
    assert body["userId"] == str(user.pk)
    assert body["score"] == 72.5
    assert body["roundResults"][1]["roundType"] == "behavioral"
    assert body["feedback"]["strengths"] == ["Clear communication"]
    interview.refresh_from_db()
    assert interview.status == Status.COMPLETED
    assert interview.performance_id == performance.pk
    assert interview.completed_at == performance.completed_at


def test_saved_performance_copies_the_interview_fields_never_the_body(api, user):
    interview = InterviewFactory(
        user=user,
        status=Status.IN_PROGRESS,
        job_title="Data Engineer",
        company_name="Helio Health",
        interview_type="dsa",
        experience_level="senior",
    )

    response = api.post("/api/save-performance", save_body(interview))

    body = response.json()
    assert (body["jobTitle"], body["companyName"]) == ("Data Engineer", "Helio Health")
    assert (body["interviewType"], body["experienceLevel"]) == ("dsa", "senior")


@pytest.mark.parametrize("field", ["jobTitle", "companyName", "interviewType", "experienceLevel"])
def test_interview_fields_in_the_body_are_refused(api, user, field):
    interview = InterviewFactory(user=user, status=Status.IN_PROGRESS)

    response = api.post("/api/save-performance", {**save_body(interview), field: "mixed"})

    assert response.status_code == 400
    assert response.json()["details"] == {field: ["Unknown field."]}
    assert not Performance.objects.exists()


def test_saving_again_answers_200_with_the_first_performance_unchanged(api, user):
    interview = InterviewFactory(user=user, status=Status.IN_PROGRESS)
    first = api.post("/api/save-performance", save_body(interview)).json()

    again = api.post("/api/save-performance", save_body(interview, score=10, correctAnswers=1))

    assert again.status_code == 200
    assert again.json() == first
    assert Performance.objects.count() == 1
    assert Performance.objects.get().score == 72.5


def test_saving_for_a_ready_interview_starts_and_completes_it(api, user):
    interview = InterviewFactory(user=user, status=Status.READY)

    response = api.post("/api/save-performance", save_body(interview))

    assert response.status_code == 201
    interview.refresh_from_db()
    assert interview.status == Status.COMPLETED


def test_an_invalid_performance_for_a_ready_interview_leaves_it_ready(api, user):
    interview = InterviewFactory(user=user, status=Status.READY)

    response = api.post("/api/save-performance", save_body(interview, score=101))

    assert response.status_code == 400
    interview.refresh_from_db()
    assert interview.status == Status.READY
    assert not Performance.objects.exists()


def test_an_invalid_performance_changes_nothing(api, user):
    interview = InterviewFactory(user=user, status=Status.IN_PROGRESS)

    response = api.post("/api/save-performance", save_body(interview, correctAnswers=11))

    assert response.status_code == 400
    assert response.json()["details"] == {
        "correctAnswers": ["Cannot be more than the total questions (10)."]
    }
    interview.refresh_from_db()
    assert interview.status == Status.IN_PROGRESS
    assert not Performance.objects.exists()


def test_saving_for_an_unknown_interview_is_a_404_naming_the_field(api, user):
    response = api.post("/api/save-performance", {**results(), "interviewId": "999999"})

    assert response.status_code == 404
    assert list(response.json()["details"]) == ["interviewId"]


# GET /api/user-interviews ---------------------------------------------------------------


def test_user_interviews_lists_ready_and_in_progress_newest_first(api, user, other_user):
    now = timezone.now()
    older = InterviewFactory(user=user, status=Status.IN_PROGRESS, created_at=now - timedelta(2))
    newer = InterviewFactory(user=user, status=Status.READY, created_at=now - timedelta(1))
    PerformanceFactory(user=user)  # a completed interview
    InterviewFactory(user=other_user)

    response = api.get("/api/user-interviews")

    assert response.status_code == 200
    body = response.json()
    assert [item["id"] for item in body["interviews"]] == [str(newer.pk), str(older.pk)]
    assert body["count"] == 2
    first = body["interviews"][0]
    assert first["status"] == "ready"
    assert first["completedAt"] is None
    assert first["performanceId"] is None
    assert first["createdAt"].endswith(("Z", "+00:00"))


def test_user_interviews_is_paginated(api, user):
    InterviewFactory.create_batch(3, user=user)

    body = api.get("/api/user-interviews", {"limit": 2, "page": 2}).json()

    assert len(body["interviews"]) == 1
    assert (body["count"], body["page"], body["limit"]) == (3, 2, 2)


def test_user_interviews_is_empty_for_a_new_user(api):
    body = api.get("/api/user-interviews").json()

    assert body["interviews"] == []
    assert body["count"] == 0


# DELETE /api/delete-interview -----------------------------------------------------------


def test_delete_interview_takes_the_id_in_the_query_string(api, user):
    interview = InterviewFactory(user=user)

    response = api.delete(f"/api/delete-interview?id={interview.pk}")

    assert response.status_code == 200
    assert response.json()["interviewId"] == str(interview.pk)
    assert not Interview.objects.filter(pk=interview.pk).exists()


def test_delete_interview_takes_the_id_in_a_json_body_and_removes_its_performance(api, user):
    performance = PerformanceFactory(user=user)

    response = api.delete("/api/delete-interview", {"interviewId": str(performance.interview_id)})

    assert response.status_code == 200
    assert not Interview.objects.exists()
    assert not Performance.objects.exists()


def test_delete_interview_without_an_id_is_a_400(api, user):
    InterviewFactory(user=user)

    response = api.delete("/api/delete-interview")

    assert response.status_code == 400
    assert "id" in response.json()["details"]
    assert Interview.objects.count() == 1


def test_delete_interview_refuses_two_different_ids(api, user):
    first, second = InterviewFactory.create_batch(2, user=user)

    response = api.delete(f"/api/delete-interview?id={first.pk}", {"interviewId": str(second.pk)})

    assert response.status_code == 400
    assert Interview.objects.count() == 2


@pytest.mark.parametrize("bad_id", ["999999", "0", "abc", "-1", "1" * 30])
def test_delete_interview_with_an_unknown_or_malformed_id_is_a_404(api, user, bad_id):
    InterviewFactory(user=user)

    response = api.delete(f"/api/delete-interview?id={bad_id}")

    assert response.status_code == 404
    assert Interview.objects.count() == 1


# GET /api/performance-stats -------------------------------------------------------------


def make_history(user):
    now = timezone.now()
    PerformanceFactory(
        user=user,
        company_name="Acme",
        interview_type="technical",
        score=60,
        completed_at=now - timedelta(days=20),
    )
    PerformanceFactory(
        user=user,
        company_name="Bluefin",
        interview_type="dsa",
        score=80,
        completed_at=now - timedelta(days=10),
        feedback={
            "overall": "Good",
            "strengths": ["Graph algorithms"],
            "improvements": [],
            "recommendations": [],
        },
    )
    PerformanceFactory(
        user=user,
        company_name="acme",
        interview_type="technical",
        score=90,
        completed_at=now - timedelta(days=1),
    )


def test_stats_gives_the_analytics_the_matches_and_their_count(api, user, other_user):
    make_history(user)
    PerformanceFactory(user=other_user, score=5)

    response = api.get("/api/performance-stats")

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 3
    assert [p["score"] for p in body["performances"]] == [90, 80, 60]
    summary = body["stats"]["summary"]
    assert summary["count"] == 3
    assert summary["averageScore"] == pytest.approx(76.67)
    assert summary["bestScore"] == 90
    assert summary["latestScore"] == 90
    assert body["stats"]["trend"]["overall"]["label"] == "improving"
    assert set(body["stats"]["rounds"]["byType"]) == {"technical", "behavioral"}


def test_stats_filters_change_both_the_list_and_the_analytics(api, user):
    make_history(user)

    body = api.get("/api/performance-stats", {"company": "ACME", "sort": "score_low"}).json()

    assert body["count"] == 2
    assert [p["score"] for p in body["performances"]] == [60, 90]
    assert body["stats"]["summary"]["averageScore"] == 75
    assert [c["interviews"] for c in body["stats"]["companies"]] == [2]


def test_stats_search_finds_a_word_only_in_the_feedback(api, user):
    make_history(user)

    body = api.get("/api/performance-stats", {"q": "graph"}).json()

    assert [p["companyName"] for p in body["performances"]] == ["Bluefin"]


@pytest.mark.usefixtures("site_zone")
def test_stats_filters_by_type_and_date_range(api, user):
    make_history(user)
    today = timezone.localdate()

    by_type = api.get("/api/performance-stats", {"interview_type": "dsa"}).json()
    recent = api.get(
        "/api/performance-stats",
        {"date_from": str(today - timedelta(days=15)), "date_to": str(today)},
    ).json()

    assert by_type["count"] == 1
    assert by_type["stats"]["summary"]["bestScore"] == 80
    assert recent["count"] == 2


def test_stats_paginates_the_list_but_not_the_analytics(api, user):
    make_history(user)

    body = api.get("/api/performance-stats", {"limit": 1, "page": 3}).json()

    assert [p["score"] for p in body["performances"]] == [60]
    assert body["count"] == 3
    assert body["stats"]["summary"]["count"] == 3


def test_stats_for_a_user_without_history_has_empty_figures(api):
    body = api.get("/api/performance-stats").json()

    assert body["count"] == 0
    assert body["performances"] == []
    assert body["stats"]["summary"]["averageScore"] is None


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"interview_type": "cooking"}, "interview_type"),
        ({"date_from": "yesterday"}, "date_from"),
        ({"date_from": "2026-05-02", "date_to": "2026-05-01"}, "date_to"),
        ({"sort": "random"}, "sort"),
        ({"q": "x" * 500}, "q"),
        ({"limit": 101}, "limit"),
        ({"limit": 0}, "limit"),
        ({"page": "two"}, "page"),
    ],
)
def test_stats_refuses_an_invalid_parameter_naming_it(api, params, field):
    response = api.get("/api/performance-stats", params)

    assert response.status_code == 400
    assert field in response.json()["details"]
