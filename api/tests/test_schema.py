"""Real responses, successes and errors, match the OpenAPI schema the API publishes, and
the schema states the rules the server enforces on requests."""

import re

import jsonschema_rs
import pytest

from api.tests.factories import results
from interviews.choices import Status
from interviews.filters import MAX_QUERY_LENGTH
from interviews.models import Question
from interviews.services import interview_start
from interviews.tests.factories import InterviewFactory, QuestionFactory
from interviews.validation import (
    MAX_ANSWER_LENGTH,
    MAX_FEEDBACK_ITEMS,
    MAX_ITEM_LENGTH,
    MAX_MINUTES,
    MAX_OVERALL_LENGTH,
    MAX_QUESTIONS,
    MAX_ROUNDS,
    MAX_TITLE_LENGTH,
)
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
        "/api/planner",
        "/api/planner/start",
        "/api/weaknesses",
        "/api/performances/{performance_id}",
        "/api/interviews/{interview_id}/comparison",
        "/api/interviews/{interview_id}/share",
        "/api/shares",
        "/api/shares/{share_id}/revoke",
        "/api/goal",
        "/api/progress",
        "/api/activity",
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
    check(api.get(f"/api/interviews/{ready.pk}/comparison"), item + "/comparison", "GET")
    check(api.get("/api/user-interviews"), "/api/user-interviews", "GET")
    check(api.get("/api/performance-stats"), "/api/performance-stats", "GET")
    check(api.get("/api/performance-stats", {"q": "nothing"}), "/api/performance-stats", "GET")
    check(api.delete(f"/api/delete-interview?id={doomed.pk}"), "/api/delete-interview", "DELETE")
    check(api.get(f"/api/interviews/{new_id}/comparison"), item + "/comparison", "GET")
    check(api.delete(f"/api/interviews/{new_id}"), item, "DELETE")
    performance_id = api.get(f"/api/interviews/{ready.pk}").json()["performanceId"]
    changed = api.request("PATCH", f"/api/performances/{performance_id}", {"excluded": True})
    check(changed, "/api/performances/{performance_id}", "PATCH")
    check(api.get("/api/performance-stats"), "/api/performance-stats", "GET")


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
    performance = "/api/performances/{performance_id}"
    check(api.request("PATCH", "/api/performances/abc", {"excluded": True}), performance, "PATCH")
    check(api.request("PATCH", "/api/performances/abc", {"excluded": "yes"}), performance, "PATCH")
    check(api.get(f"/api/interviews/{ready.pk}/comparison"), item + "/comparison", "GET")
    check(api.get("/api/interviews/abc/comparison"), item + "/comparison", "GET")


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


# The schema states the rules the server enforces ------------------------------------------


def _body(openapi, name):
    return openapi["components"]["schemas"][name]["properties"]


def _parameters(openapi, path):
    operation = openapi["paths"][path]["get"]
    return {parameter["name"]: parameter["schema"] for parameter in operation["parameters"]}


def _refuses(schema, value):
    return re.fullmatch(schema["pattern"], value) is None


def test_dates_are_marked_as_dates(openapi):
    for path in ("/api/interviews", "/api/performance-stats"):
        parameters = _parameters(openapi, path)
        for name in ("date_from", "date_to"):
            assert {"format": "date"} in parameters[name]["anyOf"], (path, name)
    assert _body(openapi, "InterviewOut")["createdAt"]["format"] == "date-time"
    assert _body(openapi, "PerformanceOut")["completedAt"]["format"] == "date-time"


def test_every_text_a_request_gives_is_stated_free_of_nul(openapi):
    """Each string of a request body, and each free-text filter, carries a pattern that
    refuses the NUL character, as interviews/validation.py and Django's form fields do."""
    texts = {
        "jobTitle": _body(openapi, "InterviewIn")["jobTitle"],
        "companyName": _body(openapi, "InterviewIn")["companyName"],
        "overall": _body(openapi, "FeedbackIn")["overall"],
        "strengths[]": _body(openapi, "FeedbackIn")["strengths"]["items"],
        "answer": _body(openapi, "AnswerIn")["answer"],
        "submitted answer": _body(openapi, "SubmitIn")["answer"],
        "company": _parameters(openapi, "/api/performance-stats")["company"],
        "q": _parameters(openapi, "/api/interviews")["q"],
    }
    for name, schema in texts.items():
        assert _refuses(schema, "Acme\x00"), name
        assert not _refuses(schema, "Acme, café 東京"), name


def test_required_texts_are_stated_not_blank_as_the_server_strips_them(openapi):
    title = _body(openapi, "InterviewIn")["jobTitle"]
    item = _body(openapi, "FeedbackIn")["improvements"]["items"]
    spaces = [chr(code) for code in range(0x3001) if chr(code).isspace()]
    for schema in (title, item):
        assert all(_refuses(schema, space * 3) for space in spaces)
        assert not _refuses(schema, "\u3000 SRE\t")


def test_lengths_and_counts_come_from_the_shared_limits(openapi):
    interview = _body(openapi, "InterviewIn")
    feedback = _body(openapi, "FeedbackIn")
    assert interview["jobTitle"]["maxLength"] == MAX_TITLE_LENGTH
    assert interview["companyName"]["maxLength"] == MAX_TITLE_LENGTH
    assert feedback["overall"]["maxLength"] == MAX_OVERALL_LENGTH
    assert feedback["strengths"]["maxItems"] == MAX_FEEDBACK_ITEMS
    assert feedback["strengths"]["items"]["maxLength"] == MAX_ITEM_LENGTH
    assert _body(openapi, "AnswerIn")["answer"]["maxLength"] == MAX_ANSWER_LENGTH
    performance = _body(openapi, "SavePerformanceIn")
    assert performance["roundResults"]["maxItems"] == MAX_ROUNDS
    assert performance["totalQuestions"]["maximum"] == MAX_QUESTIONS
    assert _body(openapi, "RoundIn")["timeSpent"]["maximum"] == MAX_MINUTES
    assert _parameters(openapi, "/api/interviews")["q"]["maxLength"] == MAX_QUERY_LENGTH
    assert _parameters(openapi, "/api/interviews")["company"]["maxLength"] == MAX_TITLE_LENGTH


def test_a_draft_needs_an_answer_or_a_choice(openapi):
    draft = openapi["components"]["schemas"]["AnswerIn"]
    assert {tuple(option["required"]) for option in draft["anyOf"]} == {("answer",), ("choice",)}


def test_rules_between_fields_are_stated_in_words(openapi):
    assert "totalQuestions" in _body(openapi, "SavePerformanceIn")["correctAnswers"]["description"]
    assert "totalQuestions" in _body(openapi, "RoundIn")["questionsAnswered"]["description"]
    assert "URL" in _body(openapi, "CompleteIn")["interviewId"]["description"]
    assert "date_from" in _parameters(openapi, "/api/interviews")["date_to"]["description"]
    delete = openapi["paths"]["/api/delete-interview"]["delete"]["description"]
    assert "one of them is required" in delete
    assert "must be equal" in delete


def test_a_whole_number_written_with_a_decimal_point_is_a_whole_number(api, user):
    interview = InterviewFactory(user=user, status=Status.IN_PROGRESS)
    body = results(totalQuestions=10.0, correctAnswers=7.0)
    body["roundResults"][0]["totalQuestions"] = 6.0

    response = api.post(f"/api/interviews/{interview.pk}/complete", body)

    assert response.status_code == 201, response.content
    saved = response.json()
    assert (saved["totalQuestions"], saved["correctAnswers"]) == (10, 7)
    assert saved["roundResults"][0]["totalQuestions"] == 6
    assert isinstance(saved["totalQuestions"], int)


def test_an_empty_date_filter_means_any_date(api, user):
    InterviewFactory(user=user)

    response = api.get("/api/interviews", {"date_from": "", "date_to": ""})

    assert response.status_code == 200
    assert response.json()["count"] == 1


def test_planner_and_weakness_responses_match_the_schema(api, user, check):
    check(api.get("/api/planner"), "/api/planner", "GET")
    check(api.post("/api/planner/start"), "/api/planner/start", "POST")
    check(api.post("/api/planner/start", {"roundType": 1}), "/api/planner/start", "POST")
    PerformanceFactory.create_batch(3, user=user)
    check(api.get("/api/planner"), "/api/planner", "GET")
    check(api.get("/api/weaknesses"), "/api/weaknesses", "GET")
    check(api.post("/api/planner/start", {"roundType": "dsa"}), "/api/planner/start", "POST")
    check(api.post("/api/planner/start"), "/api/planner/start", "POST")


def test_share_responses_match_the_schema(api, user, check):
    performance = PerformanceFactory(user=user)
    ready = InterviewFactory(user=user)
    share = "/api/interviews/{interview_id}/share"

    check(api.post(f"/api/interviews/{performance.interview_id}/share", {}), share, "POST")
    check(api.post(f"/api/interviews/{ready.pk}/share", {}), share, "POST")
    created = api.post("/api/shares?company=Acme", {"days": 30, "label": "For Kim"})
    check(created, "/api/shares", "POST")
    check(api.post("/api/shares", {"days": 31}), "/api/shares", "POST")
    check(
        api.post("/api/shares?date_from=2026-02-01&date_to=2026-01-01", {}), "/api/shares", "POST"
    )
    check(api.get("/api/shares"), "/api/shares", "GET")
    revoke = "/api/shares/{share_id}/revoke"
    check(api.post(f"/api/shares/{created.json()['id']}/revoke"), revoke, "POST")
    check(api.post("/api/shares/nothing/revoke"), revoke, "POST")


def test_goal_responses_match_the_schema(api, anonymous, user, check):
    PerformanceFactory.create_batch(2, user=user)

    check(api.get("/api/goal"), "/api/goal", "GET")
    check(api.get("/api/progress"), "/api/progress", "GET")
    check(api.request("PUT", "/api/goal", {"perWeek": 3}), "/api/goal", "PUT")
    check(api.get("/api/goal"), "/api/goal", "GET")
    check(api.get("/api/progress"), "/api/progress", "GET")
    check(api.get("/api/activity"), "/api/activity", "GET")
    check(api.request("PUT", "/api/goal", {"perWeek": 99}), "/api/goal", "PUT")
    check(api.request("PUT", "/api/goal", raw="3", content_type="text/plain"), "/api/goal", "PUT")
    check(api.delete("/api/goal"), "/api/goal", "DELETE")
    check(anonymous.get("/api/progress"), "/api/progress", "GET")
