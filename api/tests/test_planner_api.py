"""The planner and the weaknesses through the API: session or token, the person's data only."""

from datetime import timedelta

import pytest
from django.utils import timezone

from api.tests.conftest import ApiClient
from dashboard.tests.test_planner import not_jobs_to_plan_for, practised
from interviews.choices import Status
from interviews.models import Interview, Question, QuestionStat
from interviews.tests.factories import QuestionFactory

pytestmark = pytest.mark.django_db
STAR = "Use the STAR structure"


@pytest.fixture
def history(user):
    practised(
        user, 12, ("behavioral", 54), interview_type="behavioral", feedback={"improvements": [STAR]}
    )
    practised(
        user, 11, ("behavioral", 54), interview_type="behavioral", feedback={"improvements": [STAR]}
    )
    practised(user, 1, ("technical", 80), job_title="Platform Engineer", company_name="Acme")


def test_the_plan_names_the_round_the_reasons_and_the_session(api, history):
    response = api.get("/api/planner")

    assert response.status_code == 200
    plan = response.json()
    assert (plan["ready"], plan["roundType"], plan["interviewType"]) == (True, "dsa", "dsa")
    assert plan["neverPractised"] is True
    assert (plan["jobTitle"], plan["companyName"], plan["experienceLevel"]) == (
        "Platform Engineer",
        "Acme",
        "mid",
    )
    assert plan["reasons"][0].startswith("You have not practised a DSA round yet")
    assert [item["roundType"] for item in plan["roundTypes"]] == ["dsa", "behavioral", "technical"]


def test_an_excluded_performance_changes_nothing_in_the_plan(api, user, history):
    before = api.get("/api/planner").json()
    practised(
        user,
        0,
        ("dsa", 3),
        excluded=True,
        job_title="Platform Engineer",
        company_name="Acme",
    )

    assert api.get("/api/planner").json() == before


def test_a_new_person_gets_an_invitation(api):
    plan = api.get("/api/planner").json()

    assert plan["ready"] is False
    assert plan["reasons"][0].startswith("Complete your first interview")


def test_the_weaknesses_list_each_status_without_excluded_sessions(api, user, history):
    practised(
        user,
        0,
        ("behavioral", 60),
        interview_type="behavioral",
        feedback={"improvements": ["Be concise"]},
        excluded=True,
    )

    body = api.get("/api/weaknesses").json()

    assert body["counts"] == {"open": 1, "resolved": 0, "regressed": 0}
    (item,) = body["items"]
    assert (item["text"], item["status"], item["sessions"], item["interviewType"]) == (
        STAR,
        "open",
        2,
        "behavioral",
    )
    assert item["resolvedOn"] is None


def test_starting_the_planned_session_creates_and_starts_it_with_the_due_questions_first(
    api, user, history
):
    Question.objects.all().delete()
    bank = [QuestionFactory(round_type="dsa", slug=f"dsa-{n}") for n in range(6)]
    QuestionStat.objects.create(
        user=user,
        question=bank[4],
        times_seen=1,
        last_score=20,
        last_seen_at=timezone.now() - timedelta(days=3),
    )

    response = api.post("/api/planner/start")

    assert response.status_code == 201
    body = response.json()
    assert (body["interviewType"], body["status"], body["jobTitle"]) == (
        "dsa",
        "in-progress",
        "Platform Engineer",
    )
    interview = Interview.objects.get(pk=body["id"])
    assert interview.questions[0].question_id == str(bank[4].pk)


def test_the_round_type_can_be_chosen_and_a_wrong_one_is_a_400(api, user, history):
    chosen = api.post("/api/planner/start", {"roundType": "behavioral"})
    wrong = api.post("/api/planner/start", {"roundType": "chess"})

    assert (chosen.status_code, chosen.json()["interviewType"]) == (201, "behavioral")
    assert wrong.status_code == 400
    assert list(wrong.json()["details"]) == ["roundType"]


def test_without_an_interview_starting_is_a_409(api):
    response = api.post("/api/planner/start")

    assert response.status_code == 409
    assert response.json()["details"]["history"][0].startswith("Complete your first interview")
    assert not Interview.objects.exists()


def test_an_interview_not_yet_completed_gives_no_job_to_plan_for(api, user):
    not_jobs_to_plan_for(user)

    response = api.post("/api/planner/start", {"roundType": "dsa"})

    assert response.status_code == 409
    assert not Interview.objects.filter(status=Status.IN_PROGRESS).exists()


def test_anonymous_requests_are_401_and_the_session_works_too(anonymous, client_for, user, history):
    for path in ("/api/planner", "/api/weaknesses"):
        assert anonymous.get(path).status_code == 401
    assert anonymous.post("/api/planner/start").status_code == 401

    browser = ApiClient(client=client_for(user))
    assert browser.get("/api/weaknesses").json()["items"][0]["text"] == STAR


def test_another_persons_history_never_shows(other_api, history):
    assert other_api.get("/api/weaknesses").json()["items"] == []
    assert other_api.get("/api/planner").json()["ready"] is False
    assert other_api.post("/api/planner/start").status_code == 409
    assert not Interview.objects.filter(status=Status.IN_PROGRESS).exists()
