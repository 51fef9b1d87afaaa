"""Real responses, successes and errors, match the OpenAPI schema the API publishes."""

import jsonschema_rs
import pytest

from api.tests.factories import results
from interviews.choices import Status
from interviews.models import Question
from interviews.services import interview_start
from interviews.tests.factories import InterviewFactory, QuestionFactory
from performance.tests.factories import PerformanceFactory


@pytest.fixture
def openapi(anonymous, db):
    response = anonymous.get("/api/openapi.json")
    assert response.status_code == 200
    return response.json()


@pytest.fixture
def check(openapi):
    """Validate a response against what the schema documents for its path, method and status."""

    def validate(response, path, method):
        operation = openapi["paths"][path][method.lower()]
        documented = operation["responses"].get(str(response.status_code))
        assert documented is not None, f"{response.status_code} is not documented for {path}"
        if response.status_code == 204:
            assert response.content == b""
            return
        schema = documented["content"]["application/json"]["schema"]
        validator = jsonschema_rs.validator_for(
            {**schema, "components": openapi["components"]}, validate_formats=True
        )
        errors = [error.message for error in validator.iter_errors(response.json())]
        assert errors == [], errors

    return validate


def test_the_schema_is_openapi_3_with_every_endpoint(openapi):
    assert openapi["openapi"].startswith("3.")
    assert set(openapi["paths"]) == {
        "/api/performance-stats",
        "/api/save-performance",
        "/api/user-interviews",
        "/api/delete-interview",
        "/api/interviews",
        "/api/interviews/{interview_id}",
        "/api/interviews/{interview_id}/start",
        "/api/interviews/{interview_id}/complete",
        "/api/interviews/{interview_id}/session",
        "/api/interviews/{interview_id}/questions/{index}/answer",
        "/api/interviews/{interview_id}/questions/{index}/submit",
        "/api/interviews/{interview_id}/questions/{index}/show",
        "/api/interviews/{interview_id}/questions/{index}/assessment",
        "/api/interviews/{interview_id}/finish",
    }
    schemes = openapi["components"]["securitySchemes"]
    assert {scheme["type"] for scheme in schemes.values()} == {"http", "apiKey"}


def test_successful_responses_match_the_schema(api, user, check):
    PerformanceFactory.create_batch(3, user=user)
    ready = InterviewFactory(user=user)
    doomed = InterviewFactory(user=user)

    created = api.post(
        "/api/interviews",
        {
            "jobTitle": "SRE",
            "companyName": "Acme",
            "interviewType": "dsa",
            "experienceLevel": "entry",
        },
    )
    check(created, "/api/interviews", "POST")
    new_id = created.json()["id"]
    item = "/api/interviews/{interview_id}"
    check(api.post(f"/api/interviews/{new_id}/start"), item + "/start", "POST")
    check(api.post(f"/api/interviews/{new_id}/complete", results()), item + "/complete", "POST")
    check(api.post(f"/api/interviews/{new_id}/complete", results()), item + "/complete", "POST")
    check(api.get(f"/api/interviews/{new_id}"), item, "GET")
    check(api.get(f"/api/interviews/{ready.pk}"), item, "GET")
    check(api.get("/api/interviews", {"status": "active"}), "/api/interviews", "GET")
    check(
        api.post("/api/save-performance", {**results(), "interviewId": str(ready.pk)}),
        "/api/save-performance",
        "POST",
    )
    check(api.get("/api/user-interviews"), "/api/user-interviews", "GET")
    check(api.get("/api/performance-stats"), "/api/performance-stats", "GET")
    check(api.get("/api/performance-stats", {"q": "nothing"}), "/api/performance-stats", "GET")
    check(api.delete(f"/api/delete-interview?id={doomed.pk}"), "/api/delete-interview", "DELETE")
    check(api.delete(f"/api/interviews/{new_id}"), item, "DELETE")


def test_error_responses_match_the_schema(api, anonymous, user, check):
    in_progress = InterviewFactory(user=user, status=Status.IN_PROGRESS)
    ready = InterviewFactory(user=user)
    item = "/api/interviews/{interview_id}"

    check(anonymous.get("/api/user-interviews"), "/api/user-interviews", "GET")
    check(api.get("/api/performance-stats", {"sort": "x"}), "/api/performance-stats", "GET")
    check(api.get("/api/interviews/abc"), item, "GET")
    check(api.post(f"/api/interviews/{in_progress.pk}/start"), item + "/start", "POST")
    check(api.post(f"/api/interviews/{ready.pk}/complete", results()), item + "/complete", "POST")
    check(
        api.post("/api/save-performance", {**results(score=500), "interviewId": str(ready.pk)}),
        "/api/save-performance",
        "POST",
    )
    check(
        api.post("/api/save-performance", raw="x", content_type="text/plain"),
        "/api/save-performance",
        "POST",
    )
    check(
        api.post("/api/save-performance", raw="[" + "0," * 40_000 + "0]"),
        "/api/save-performance",
        "POST",
    )
    check(api.delete("/api/delete-interview?id=1234567"), "/api/delete-interview", "DELETE")


def test_session_responses_match_the_schema(api, user, check):
    Question.objects.all().delete()
    QuestionFactory(kind="choice", choices=["A", "B"], answer_index=0, key_points=[])
    QuestionFactory()
    interview = interview_start(interview=InterviewFactory(user=user))
    kinds = [question.kind for question in interview.questions]
    choice, open_ = kinds.index("choice"), kinds.index("open")
    ready = InterviewFactory(user=user)
    item = "/api/interviews/{interview_id}"
    question = item + "/questions/{index}"

    def at(rest, index=None):
        path = f"/api/interviews/{interview.pk}{rest}"
        return path if index is None else path.replace("{index}", str(index))

    check(api.get(f"/api/interviews/{ready.pk}/session"), item + "/session", "GET")
    check(api.get(at("/session")), item + "/session", "GET")
    answered = api.request("PUT", at("/questions/{index}/answer", open_), {"answer": "B-tree"})
    check(answered, question + "/answer", "PUT")
    check(
        api.post(at("/questions/{index}/submit", choice), {"choice": 1}),
        question + "/submit",
        "POST",
    )
    check(api.post(at("/questions/{index}/submit", open_)), question + "/submit", "POST")
    ticked = api.post(at("/questions/{index}/assessment", open_), {"pointsHit": [0]})
    check(ticked, question + "/assessment", "POST")
    check(api.get(at("/session")), item + "/session", "GET")
    check(api.post(at("/finish")), item + "/finish", "POST")
    check(api.post(at("/finish")), item + "/finish", "POST")
    check(api.get(at("/session")), item + "/session", "GET")

    check(api.post(at("/questions/{index}/submit", 9)), question + "/submit", "POST")
    check(api.request("PUT", at("/questions/{index}/answer", 0), {}), question + "/answer", "PUT")
    check(
        api.request("PUT", at("/questions/{index}/answer", 0), {"choice": 0}),
        question + "/answer",
        "PUT",
    )
    check(api.post(f"/api/interviews/{ready.pk}/finish"), item + "/finish", "POST")
