"""Each class of bad input gets a JSON error naming the problem, and changes nothing."""

import json
import math

import pytest

from api.parser import MAX_BODY_BYTES
from api.tests.factories import results
from interviews.choices import Status
from interviews.models import Interview
from interviews.tests.factories import InterviewFactory
from performance.models import Performance


@pytest.fixture
def interview(user):
    return InterviewFactory(user=user, status=Status.IN_PROGRESS)


def body_for(interview, **overrides):
    return {**results(**overrides), "interviewId": str(interview.pk)}


def assert_refused(response, status, field=None):
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    payload = response.json()
    assert set(payload) == {"error", "details"}
    assert payload["error"]
    if field is not None:
        assert field in payload["details"], payload
    assert not Performance.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"score": "72.5"}, "score"),
        ({"score": True}, "score"),
        ({"totalQuestions": 10.5}, "totalQuestions"),
        ({"totalQuestions": False}, "totalQuestions"),
        ({"correctAnswers": "7"}, "correctAnswers"),
        ({"timeSpent": None}, "timeSpent"),
        ({"feedback": "great"}, "feedback"),
        ({"feedback": {"strengths": "one"}}, "feedback.strengths"),
        ({"roundResults": {"roundType": "dsa"}}, "roundResults"),
    ],
)
def test_wrong_types_are_refused_without_coercion(api, interview, overrides, field):
    response = api.post("/api/save-performance", body_for(interview, **overrides))

    assert_refused(response, 400, field)


def test_a_nested_wrong_type_is_named_by_its_path(api, interview):
    rounds = results()["roundResults"]
    rounds[1]["questionsAnswered"] = "4"

    response = api.post("/api/save-performance", body_for(interview, roundResults=rounds))

    assert_refused(response, 400, "roundResults[1].questionsAnswered")


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"score": 100.5}, "score"),
        ({"score": -1}, "score"),
        ({"timeSpent": 24 * 60 + 1}, "timeSpent"),
        ({"totalQuestions": 1001}, "totalQuestions"),
        ({"feedback": {"overall": "x" * 5001}}, "feedback.overall"),
        ({"feedback": {"strengths": ["ok"] * 31}}, "feedback.strengths"),
        ({"feedback": {"improvements": [""]}}, "feedback.improvements[0]"),
        ({"roundResults": results()["roundResults"] * 11}, "roundResults"),
    ],
)
def test_values_out_of_range_or_too_long_are_refused(api, interview, overrides, field):
    response = api.post("/api/save-performance", body_for(interview, **overrides))

    assert_refused(response, 400, field)


def test_a_round_out_of_range_is_named_by_its_path(api, interview):
    rounds = results()["roundResults"]
    rounds[0]["score"] = 101

    response = api.post("/api/save-performance", body_for(interview, roundResults=rounds))

    assert_refused(response, 400, "roundResults[0].score")
    assert response.json()["details"]["roundResults[0].score"] == ["Must be between 0 and 100."]


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_are_refused(api, interview, constant):
    text = json.dumps(body_for(interview)).replace('"score": 72.5', f'"score": {constant}')

    response = api.post("/api/save-performance", raw=text)

    assert_refused(response, 400)
    assert constant.lstrip("-") in response.json()["error"]


def test_a_number_too_large_for_a_float_is_refused(api, interview):
    text = json.dumps(body_for(interview)).replace('"score": 72.5', '"score": 1e999')

    response = api.post("/api/save-performance", raw=text)

    assert_refused(response, 400)


@pytest.mark.parametrize(
    ("path", "extra"),
    [
        ("", {"grade": "A"}),
        ("feedback.", {"feedback": {"overall": "ok", "mood": "good"}}),
    ],
)
def test_unknown_keys_are_refused(api, interview, path, extra):
    response = api.post("/api/save-performance", {**body_for(interview), **extra})

    field = path + ("mood" if path else "grade")
    assert_refused(response, 400, field)
    assert response.json()["details"][field] == ["Unknown field."]


def test_an_unknown_key_in_a_round_is_refused(api, interview):
    rounds = results()["roundResults"]
    rounds[0]["difficulty"] = "hard"

    response = api.post("/api/save-performance", body_for(interview, roundResults=rounds))

    assert_refused(response, 400, "roundResults[0].difficulty")


def test_a_missing_field_is_named(api, interview):
    body = body_for(interview)
    del body["score"]

    response = api.post("/api/save-performance", body)

    assert_refused(response, 400, "score")


def test_a_body_over_64_kib_is_refused_with_413(api, interview):
    body = body_for(interview, feedback={"overall": "x" * MAX_BODY_BYTES})

    response = api.post("/api/save-performance", body)

    assert_refused(response, 413, "body")


def test_a_huge_body_is_refused_with_413_before_parsing(api, interview):
    response = api.post("/api/save-performance", raw="[" + "1," * 2_000_000 + "1]")

    assert_refused(response, 413)


@pytest.mark.parametrize(
    "content_type", ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data"]
)
def test_a_wrong_content_type_is_refused_with_415(api, interview, content_type):
    response = api.post(
        "/api/save-performance", raw=json.dumps(body_for(interview)), content_type=content_type
    )

    assert_refused(response, 415, "body")


@pytest.mark.parametrize("text", ['{"score": 1,', "{'score': 1}", "", "null", "[]", "\xff"])
def test_malformed_or_non_object_json_is_a_400(api, interview, text):
    response = api.post("/api/save-performance", raw=text)

    assert_refused(response, 400)


@pytest.mark.parametrize("depth", [40, 100_000 // 2])
def test_absurdly_nested_json_is_a_400(api, interview, depth):
    text = json.dumps(body_for(interview))[:-1] + ', "x": ' + "[" * depth + "]" * depth + "}"
    if len(text) > MAX_BODY_BYTES:
        text = "[" * depth + "]" * depth

    response = api.post("/api/save-performance", raw=text)

    assert_refused(response, 413 if len(text) > MAX_BODY_BYTES else 400)


def test_json_nested_just_past_the_limit_is_a_400(api, interview):
    text = "[" * 40 + "]" * 40

    response = api.post("/api/save-performance", raw=text)

    assert_refused(response, 400)
    assert "nested" in response.json()["error"]


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/api/save-performance"),
        ("PUT", "/api/save-performance"),
        ("POST", "/api/user-interviews"),
        ("POST", "/api/delete-interview"),
        ("GET", "/api/delete-interview"),
        ("PATCH", "/api/interviews"),
        ("PUT", "/api/interviews/1"),
        ("GET", "/api/interviews/1/start"),
        ("POST", "/api/performance-stats"),
    ],
)
def test_a_wrong_method_is_a_json_405(api, method, path):
    response = api.request(method, path, {})

    assert_refused(response, 405, "method")
    assert response["Allow"]


def test_an_unknown_api_address_is_a_json_404(anonymous, db):
    response = anonymous.get("/api/no-such-thing")

    assert_refused(response, 404)


@pytest.mark.parametrize("bad_id", ["zzz", "0", "-5", "9" * 25, "12345678901234567890123"])
def test_a_malformed_or_unknown_id_in_the_path_is_a_404(api, user, bad_id):
    InterviewFactory(user=user)

    response = api.get(f"/api/interviews/{bad_id}")

    assert_refused(response, 404, "id")


@pytest.mark.parametrize("bad_id", ["zzz", "", 42, None, ["1"]])
def test_a_malformed_interview_id_in_the_body_is_refused(api, user, bad_id):
    InterviewFactory(user=user)

    response = api.post("/api/save-performance", {**results(), "interviewId": bad_id})

    assert response.status_code in (400, 404)
    assert "interviewId" in response.json()["details"]
    assert not Performance.objects.exists()


def test_no_response_contains_nan(api, user):
    # Analytics over interviews with no questions divide by zero; the figures are null.
    InterviewFactory(user=user, status=Status.IN_PROGRESS)
    interview = Interview.objects.get()
    api.post(
        "/api/save-performance",
        body_for(
            interview,
            totalQuestions=0,
            correctAnswers=0,
            timeSpent=0,
            roundResults=[
                {
                    "roundType": "dsa",
                    "score": 0,
                    "questionsAnswered": 0,
                    "totalQuestions": 0,
                    "timeSpent": 0,
                }
            ],
        ),
    )

    response = api.get("/api/performance-stats")

    assert response.status_code == 200
    assert b"NaN" not in response.content
    assert b"Infinity" not in response.content
    parsed = json.loads(response.content, parse_constant=lambda name: pytest.fail(name))
    assert parsed["stats"]["summary"]["accuracy"] is None
    assert not math.isnan(parsed["stats"]["summary"]["averageScore"])
