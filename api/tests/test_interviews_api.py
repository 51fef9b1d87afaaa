"""The integration API under /api/interviews: the lifecycle through the same services."""

from datetime import timedelta

import pytest
from django.utils import timezone

from api.tests.factories import results
from interviews.choices import Status
from interviews.models import Interview
from interviews.tests.factories import InterviewFactory
from performance.models import Performance
from performance.tests.factories import PerformanceFactory

NEW = {
    "jobTitle": "  Platform Engineer ",
    "companyName": "Cobalt Payments",
    "interviewType": "mixed",
    "experienceLevel": "senior",
}


def test_creating_an_interview_answers_201_with_a_ready_interview(api, user):
    response = api.post("/api/interviews", NEW)

    assert response.status_code == 201
    body = response.json()
    interview = Interview.objects.get()
    assert body["id"] == str(interview.pk)
    assert body["status"] == "ready"
    assert body["jobTitle"] == "Platform Engineer"  # normalised by the shared validation
    assert interview.user == user


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"interviewType": "cooking"}, "interviewType"),
        ({"experienceLevel": "guru"}, "experienceLevel"),
        ({"jobTitle": "   "}, "jobTitle"),
        ({"companyName": "x" * 201}, "companyName"),
        ({"jobTitle": "a\x00b"}, "jobTitle"),
        ({"jobTitle": 42}, "jobTitle"),
    ],
)
def test_creating_an_invalid_interview_is_a_400_naming_the_field(api, change, field):
    response = api.post("/api/interviews", {**NEW, **change})

    assert response.status_code == 400
    assert field in response.json()["details"]
    assert not Interview.objects.exists()


def test_the_list_filters_by_status_type_company_and_search(api, user):
    InterviewFactory(user=user, company_name="Acme", interview_type="dsa")
    InterviewFactory(user=user, company_name="Bluefin", job_title="Data Engineer")
    PerformanceFactory(user=user, company_name="Acme")

    def ids(params):
        return api.get("/api/interviews", params).json()["count"]

    assert ids({}) == 3
    assert ids({"status": "active"}) == 2
    assert ids({"status": "completed"}) == 1
    assert ids({"interview_type": "dsa"}) == 1
    assert ids({"company": "acme"}) == 2
    assert ids({"q": "data eng"}) == 1


@pytest.mark.usefixtures("site_zone")
def test_the_list_filters_by_creation_date_and_sorts(api, user):
    now = timezone.now()
    old = InterviewFactory(user=user, created_at=now - timedelta(days=40))
    new = InterviewFactory(user=user, created_at=now)
    today = timezone.localdate()

    recent = api.get("/api/interviews", {"date_from": str(today - timedelta(days=7))}).json()
    oldest_first = api.get("/api/interviews", {"sort": "oldest"}).json()

    assert [i["id"] for i in recent["interviews"]] == [str(new.pk)]
    assert [i["id"] for i in oldest_first["interviews"]] == [str(old.pk), str(new.pk)]


def test_fetching_one_interview_includes_its_performance_once_completed(api, user):
    performance = PerformanceFactory(user=user)
    ready = InterviewFactory(user=user)

    completed = api.get(f"/api/interviews/{performance.interview_id}").json()
    pending = api.get(f"/api/interviews/{ready.pk}").json()

    assert completed["status"] == "completed"
    assert completed["performanceId"] == str(performance.pk)
    assert completed["performance"]["id"] == str(performance.pk)
    assert pending["performance"] is None


def test_the_whole_lifecycle_through_the_api(api):
    interview_id = api.post("/api/interviews", NEW).json()["id"]

    started = api.post(f"/api/interviews/{interview_id}/start")
    completed = api.post(f"/api/interviews/{interview_id}/complete", results())
    again = api.post(f"/api/interviews/{interview_id}/complete", results(score=1))
    fetched = api.get(f"/api/interviews/{interview_id}").json()

    assert started.status_code == 200
    assert started.json()["status"] == "in-progress"
    assert completed.status_code == 201
    assert again.status_code == 200
    assert again.json() == completed.json()
    assert fetched["status"] == "completed"
    assert fetched["performance"]["score"] == 72.5
    assert api.get("/api/user-interviews").json()["count"] == 0


def test_starting_an_interview_that_is_not_ready_is_a_409(api, user):
    interview = InterviewFactory(user=user, status=Status.IN_PROGRESS)

    response = api.post(f"/api/interviews/{interview.pk}/start")

    assert response.status_code == 409
    assert "status" in response.json()["details"]


def test_completing_a_ready_interview_is_a_409_start_it_first(api, user):
    interview = InterviewFactory(user=user, status=Status.READY)

    response = api.post(f"/api/interviews/{interview.pk}/complete", results())

    assert response.status_code == 409
    interview.refresh_from_db()
    assert interview.status == Status.READY
    assert not Performance.objects.exists()


def test_complete_accepts_the_save_performance_body_with_the_same_id(api, user):
    interview = InterviewFactory(user=user, status=Status.IN_PROGRESS)
    other = InterviewFactory(user=user, status=Status.IN_PROGRESS)
    path = f"/api/interviews/{interview.pk}/complete"

    mismatch = api.post(path, {**results(), "interviewId": str(other.pk)})
    same = api.post(path, {**results(), "interviewId": str(interview.pk)})

    assert mismatch.status_code == 400
    assert "interviewId" in mismatch.json()["details"]
    assert same.status_code == 201


def test_deleting_an_interview_answers_204_and_removes_its_performance(api, user):
    performance = PerformanceFactory(user=user)

    response = api.delete(f"/api/interviews/{performance.interview_id}")

    assert response.status_code == 204
    assert response.content == b""
    assert not Interview.objects.exists()
    assert not Performance.objects.exists()
    assert api.delete(f"/api/interviews/{performance.interview_id}").status_code == 404


def test_the_company_filter_takes_pattern_characters_literally(client, user):
    InterviewFactory(user=user, company_name="C++ (Labs).*")
    InterviewFactory(user=user, company_name="CXX (Labs)AB")
    client.force_login(user)
    response = client.get("/api/interviews", {"company": "c++ (labs).*"})
    assert response.status_code == 200
    assert [i["companyName"] for i in response.json()["interviews"]] == ["C++ (Labs).*"]
    assert client.get("/api/interviews", {"company": "+"}).json()["count"] == 0
