"""The practice session over JSON: the plan, autosave, submit, self-assessment and finish."""

import socket
from datetime import timedelta

import pytest
from django.utils import timezone

from interviews import evaluators
from interviews.choices import QuestionState, Status
from interviews.models import Interview, Question
from interviews.services import interview_start
from interviews.tests.factories import InterviewFactory, QuestionFactory
from performance.models import Performance

SECRETS = {
    "answerIndex",
    "correct",
    "explanation",
    "keyPoints",
    "pointsHit",
    "modelAnswer",
    "comment",
}
EXPLANATION = "A hash join builds a table on the smaller input."
MODEL_ANSWER = "Vacuum reclaims the space dead tuples hold..."


@pytest.fixture
def bank(db):
    """A technical, mid-level bank of three: one choice question and two open ones."""
    Question.objects.all().delete()  # the shipped bank, loaded by a migration
    return {
        "choice": QuestionFactory(
            slug="join",
            kind="choice",
            prompt="Which join suits a large unsorted input?",
            choices=["Nested loop", "Hash join", "Merge join"],
            answer_index=1,
            key_points=[],
            explanation=EXPLANATION,
        ),
        "open": QuestionFactory(
            slug="vacuum",
            prompt="What does VACUUM do?",
            key_points=["dead tuples", "free space map", "visibility map", "wraparound"],
            model_answer=MODEL_ANSWER,
        ),
        "skipped": QuestionFactory(slug="mvcc", prompt="Explain MVCC."),
    }


@pytest.fixture
def session(user, bank):
    """An in-progress interview whose plan is the whole bank (in a random order)."""
    interview = InterviewFactory(user=user, interview_type="technical", experience_level="mid")
    return interview_start(interview=interview)


def index_of(interview, slug):
    return next(i for i, question in enumerate(interview.questions) if question.slug == slug)


def url(interview, rest=""):
    return f"/api/interviews/{interview.pk}{rest}"


def put_answer(api, interview, index, body):
    return api.request("PUT", url(interview, f"/questions/{index}/answer"), body)


def submit(api, interview, index, body=None):
    return api.post(url(interview, f"/questions/{index}/submit"), body)


def assess(api, interview, index, points_hit):
    return api.post(url(interview, f"/questions/{index}/assessment"), {"pointsHit": points_hit})


def stored(interview):
    return Interview.objects.get(pk=interview.pk)


# The whole flow -------------------------------------------------------------------------


def test_a_whole_session_is_answered_assessed_and_finished_over_json(api, session):
    choice, open_, skipped = (index_of(session, slug) for slug in ("join", "vacuum", "mvcc"))

    plan = api.get(url(session, "/session"))
    assert plan.status_code == 200
    body = plan.json()
    assert (body["interviewId"], body["status"], body["current"]) == (
        str(session.pk),
        "in-progress",
        0,
    )
    assert [q["index"] for q in body["questions"]] == [0, 1, 2]
    shown = body["questions"][choice]
    assert shown["kind"] == "choice"
    assert shown["choices"] == ["Nested loop", "Hash join", "Merge join"]
    assert (shown["roundType"], shown["state"], shown["score"]) == ("technical", "unanswered", None)
    assert (shown["suggestedMinutes"], shown["tags"]) == (5, ["indexes"])

    assert put_answer(api, session, choice, {"choice": 0}).json()["choice"] == 0
    assert put_answer(api, session, choice, {"choice": 1}).json()["choice"] == 1
    assert put_answer(api, session, open_, {"answer": "It frees"}).status_code == 200
    draft = put_answer(api, session, open_, {"answer": "It frees dead tuples"})
    assert draft.status_code == 200
    assert (draft.json()["answer"], draft.json()["state"]) == ("It frees dead tuples", "unanswered")

    graded = submit(api, session, choice)  # the saved draft
    assert graded.status_code == 200
    assert graded.json() | {"seconds": 0} == {
        **shown,
        "choice": 1,
        "state": "assessed",
        "score": 100.0,
        "seconds": 0,
        "correct": True,
        "answerIndex": 1,
        "explanation": EXPLANATION,
        "message": None,
    }

    answered = submit(api, session, open_, {"answer": "It frees dead tuples and the FSM"})
    assert answered.status_code == 200
    result = answered.json()
    assert (result["state"], result["score"], result["message"]) == ("answered", None, None)
    assert result["answer"] == "It frees dead tuples and the FSM"
    assert result["keyPoints"] == ["dead tuples", "free space map", "visibility map", "wraparound"]
    assert result["modelAnswer"] == MODEL_ANSWER
    assert (result["pointsHit"], result["comment"]) == ([], "")
    assert "correct" not in result
    assert "answerIndex" not in result

    ticked = assess(api, session, open_, [2, 0])
    assert ticked.status_code == 200
    assert (ticked.json()["state"], ticked.json()["score"]) == ("assessed", 50.0)
    assert ticked.json()["pointsHit"] == [0, 2]

    finished = api.post(url(session, "/finish"))
    assert finished.status_code == 201
    performance = finished.json()
    # Choice 100, open 2 of 4 key points = 50, unanswered 0: (100 + 50 + 0) / 3.
    assert performance["score"] == 50.0
    assert (performance["totalQuestions"], performance["correctAnswers"]) == (3, 1)
    assert performance["scoredBy"] == "self"
    assert performance["interviewId"] == str(session.pk)
    assert [
        (r["roundType"], r["score"], r["questionsAnswered"], r["totalQuestions"])
        for r in performance["roundResults"]
    ] == [("technical", 50.0, 2, 3)]

    again = api.post(url(session, "/finish"))
    assert again.status_code == 200
    assert again.json()["id"] == performance["id"]
    saved = Performance.objects.get()
    assert (str(saved.pk), saved.score, saved.scored_by) == (performance["id"], 50.0, "self")
    assert stored(session).status == Status.COMPLETED

    after = api.get(url(session, "/session")).json()
    assert after["status"] == "completed"
    assert after["questions"][choice]["answerIndex"] == 1
    assert after["questions"][open_]["pointsHit"] == [0, 2]
    assert not SECRETS & set(after["questions"][skipped])


def test_secret_parts_are_absent_until_the_question_is_submitted(api, session):
    open_ = index_of(session, "vacuum")
    choice = index_of(session, "join")

    plan = api.get(url(session, "/session"))
    drafts = [
        put_answer(api, session, open_, {"answer": "Something about tuples"}),
        put_answer(api, session, choice, {"choice": 2}),
    ]

    for question in plan.json()["questions"]:
        assert not SECRETS & set(question), question
    for draft in drafts:
        assert draft.status_code == 200
        assert not SECRETS & set(draft.json())
    for response in (plan, *drafts):
        assert EXPLANATION.encode() not in response.content
        assert MODEL_ANSWER.encode() not in response.content
        assert b"free space map" not in response.content


def test_the_time_spent_is_measured_by_the_server(api, session):
    Interview.objects.filter(pk=session.pk).update(
        current_since=timezone.now() - timedelta(seconds=90)
    )

    body = api.get(url(session, "/session")).json()

    assert body["questions"][0]["seconds"] >= 90
    assert body["questions"][1]["seconds"] == 0
    assert body["elapsedSeconds"] >= 90


def test_a_ready_interview_answers_its_empty_session(api, user):
    interview = InterviewFactory(user=user)

    response = api.get(url(interview, "/session"))

    assert response.status_code == 200
    assert response.json() | {"interviewId": None} == {
        "interviewId": None,
        "status": "ready",
        "current": 0,
        "elapsedSeconds": 0.0,
        "questions": [],
    }


# The AI evaluator -----------------------------------------------------------------------


def test_when_the_ai_evaluator_fails_submit_says_so_and_the_person_ticks(api, session, settings):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    settings.EVALUATOR = "openai"
    settings.EVALUATOR_MODEL = "fake-model"
    settings.EVALUATOR_BASE_URL = f"http://127.0.0.1:{closed_port}/v1"
    open_ = index_of(session, "vacuum")

    response = submit(api, session, open_, {"answer": "It frees dead tuples"})

    assert response.status_code == 200
    assert response.json()["state"] == "answered"
    assert response.json()["message"] == (
        "The AI evaluator could not be reached; tick the key points yourself."
    )
    assert assess(api, session, open_, [0]).json()["score"] == 25.0


def test_an_answer_the_ai_evaluator_assessed_makes_an_ai_scored_performance(
    api, session, settings, monkeypatch
):
    settings.EVALUATOR = "openai"
    monkeypatch.setattr(
        evaluators,
        "evaluate",
        lambda **_: evaluators.Assessment(points_hit=[0, 1, 3], comment="Good, missed one."),
    )
    open_ = index_of(session, "vacuum")

    response = submit(api, session, open_, {"answer": "Dead tuples, FSM, wraparound"})
    finished = api.post(url(session, "/finish"))

    question = response.json()
    assert (question["state"], question["score"], question["message"]) == ("assessed", 75.0, None)
    assert (question["pointsHit"], question["comment"]) == ([0, 1, 3], "Good, missed one.")
    assert finished.status_code == 201
    assert finished.json()["scoredBy"] == "ai"
    assert finished.json()["score"] == 25.0


def test_performances_entered_by_hand_are_scored_manually(api, user):
    from api.tests.factories import results

    interview = InterviewFactory(user=user, status=Status.IN_PROGRESS)

    saved = api.post(url(interview, "/complete"), results())
    listed = api.get("/api/performance-stats").json()["performances"]
    detail = api.get(url(interview)).json()["performance"]

    assert saved.json()["scoredBy"] == "manual"
    assert [p["scoredBy"] for p in listed] == ["manual"]
    assert detail["scoredBy"] == "manual"


# Wrong states: 409 with the reason -------------------------------------------------------


def test_an_answer_cannot_change_after_it_is_submitted(api, session):
    choice = index_of(session, "join")
    submit(api, session, choice, {"choice": 0})
    revision = stored(session).revision

    changed = put_answer(api, session, choice, {"choice": 1})
    resubmitted = submit(api, session, choice, {"choice": 1})

    assert changed.status_code == resubmitted.status_code == 409
    assert "submitted" in changed.json()["error"]
    assert changed.json()["details"] == {"status": [changed.json()["error"]]}
    assert "submitted already" in resubmitted.json()["error"]
    assert stored(session).questions[choice].choice == 0
    assert stored(session).revision == revision


def test_key_points_cannot_be_ticked_before_the_answer_is_submitted(api, session):
    open_ = index_of(session, "vacuum")
    put_answer(api, session, open_, {"answer": "A draft"})

    response = assess(api, session, open_, [0])

    assert response.status_code == 409
    assert "Submit the answer" in response.json()["error"]
    assert stored(session).questions[open_].state == QuestionState.UNANSWERED


def writes(index):
    """Every session write, with a body it would otherwise accept."""
    return [
        ("PUT", f"/questions/{index}/answer", {"answer": "x"}),
        ("POST", f"/questions/{index}/submit", {"answer": "x"}),
        ("POST", f"/questions/{index}/assessment", {"pointsHit": [0]}),
        ("POST", "/finish", None),
    ]


@pytest.mark.parametrize(("method", "rest", "body"), writes(0), ids=lambda v: str(v))
def test_a_ready_interview_takes_no_session_writes(api, user, bank, method, rest, body):
    interview = InterviewFactory(user=user)

    response = api.request(method, url(interview, rest), body)

    assert response.status_code == 409
    error = response.json()["error"]
    assert error in (
        "This interview is not in progress; only a session in progress can change.",
        "This interview has not been started; start it before completing it.",
    )
    assert response.json()["details"] == {"status": [error]}
    assert stored(interview).status == Status.READY
    assert not Performance.objects.exists()


@pytest.mark.parametrize(("method", "rest", "body"), writes(0)[:3], ids=lambda v: str(v))
def test_a_completed_interview_takes_no_more_answers(api, session, method, rest, body):
    api.post(url(session, "/finish"))
    before = stored(session)

    response = api.request(method, url(session, rest), body)

    assert response.status_code == 409
    assert response.json()["error"] == (
        "This interview is completed; its answers can no longer change."
    )
    after = stored(session)
    assert after.questions == before.questions
    assert after.revision == before.revision


# Bad input: 400 naming the field ------------------------------------------------------------


BAD_INPUT = [
    ("join", "answer", {"choice": 3}, "choice"),
    ("join", "answer", {"choice": -1}, "choice"),
    ("join", "answer", {"choice": True}, "choice"),
    ("join", "answer", {"choice": "1"}, "choice"),
    ("join", "answer", {"answer": "Hash join"}, "answer"),
    ("vacuum", "answer", {"choice": 0}, "choice"),
    ("vacuum", "answer", {"answer": 42}, "answer"),
    ("vacuum", "answer", {"answer": "x" * 20_001}, "answer"),
    ("vacuum", "answer", {"answer": "a\x00b"}, "answer"),
    ("vacuum", "answer", {}, "body"),
    ("vacuum", "answer", {"answer": "x", "draft": True}, "draft"),
    ("vacuum", "submit", {"answer": "   "}, "answer"),
    ("vacuum", "submit", None, "answer"),
    ("join", "submit", None, "choice"),
    ("join", "submit", {"choice": 7}, "choice"),
    ("join", "submit", {"choice": 1, "final": True}, "final"),
]


@pytest.mark.parametrize(("slug", "action", "body", "field"), BAD_INPUT, ids=lambda v: str(v)[:20])
def test_bad_answers_are_a_400_naming_the_field(api, session, slug, action, body, field):
    index = index_of(session, slug)
    method = "PUT" if action == "answer" else "POST"

    response = api.request(method, url(session, f"/questions/{index}/{action}"), body)

    assert response.status_code == 400
    assert list(response.json()["details"]) == [field]
    question = stored(session).questions[index]
    assert (question.state, question.answer, question.choice) == ("unanswered", "", None)


@pytest.mark.parametrize(
    ("points_hit", "field"),
    [([0, 4], "pointsHit"), ([-1], "pointsHit"), ([True], "pointsHit[0]"), ("0", "pointsHit")],
)
def test_bad_ticks_are_a_400_naming_the_field(api, session, points_hit, field):
    open_ = index_of(session, "vacuum")
    submit(api, session, open_, {"answer": "Dead tuples"})

    response = assess(api, session, open_, points_hit)

    assert response.status_code == 400
    assert list(response.json()["details"]) == [field]
    assert stored(session).questions[open_].state == QuestionState.ANSWERED


def test_ticks_are_refused_for_a_choice_question_and_unknown_keys(api, session):
    choice = index_of(session, "join")
    submit(api, session, choice, {"choice": 1})

    graded = assess(api, session, choice, [0])
    unknown = api.post(
        url(session, f"/questions/{choice}/assessment"), {"pointsHit": [0], "score": 100}
    )

    assert graded.status_code == unknown.status_code == 400
    assert list(graded.json()["details"]) == ["pointsHit"]
    assert list(unknown.json()["details"]) == ["score"]
    assert stored(session).questions[choice].score == 100.0


@pytest.mark.parametrize(("method", "rest", "body"), writes(3)[:3], ids=lambda v: str(v))
def test_a_question_the_session_does_not_have_is_a_404_naming_index(
    api, session, method, rest, body
):
    response = api.request(method, url(session, rest), body)

    assert response.status_code == 404
    assert response.json()["details"] == {"index": ["This interview has no question 3."]}


@pytest.mark.parametrize("index", ["-1", "one"])
def test_an_index_that_is_not_a_number_from_0_is_a_400_naming_index(api, session, index):
    response = put_answer(api, session, index, {"answer": "x"})

    assert response.status_code == 400
    assert list(response.json()["details"]) == ["index"]


# Other people's sessions ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "rest", "body"),
    [("GET", "/session", None), *writes(0)],
    ids=lambda v: str(v),
)
def test_another_persons_session_is_a_404_and_stays_untouched(
    api, other_user, bank, method, rest, body
):
    theirs = interview_start(interview=InterviewFactory(user=other_user))
    before = stored(theirs)

    response = api.request(method, url(theirs, rest), body)

    assert response.status_code == 404
    assert response.json()["details"] == {"id": ["No interview of yours has this id."]}
    after = stored(theirs)
    assert (after.status, after.revision, after.questions) == (
        Status.IN_PROGRESS,
        before.revision,
        before.questions,
    )
    assert not Performance.objects.exists()


# The schema ---------------------------------------------------------------------------


def test_the_session_endpoints_are_in_the_openapi_schema(anonymous, db):
    schema = anonymous.get("/api/openapi.json").json()
    paths = schema["paths"]
    components = schema["components"]["schemas"]

    def ref(operation, status):
        content = operation["responses"][str(status)]["content"]["application/json"]
        return content["schema"]["$ref"].rsplit("/", 1)[-1]

    def body(operation):
        return operation["requestBody"]["content"]["application/json"]["schema"]

    item = "/api/interviews/{interview_id}"
    session = paths[item + "/session"]["get"]
    answer = paths[item + "/questions/{index}/answer"]["put"]
    submitted = paths[item + "/questions/{index}/submit"]["post"]
    assessment = paths[item + "/questions/{index}/assessment"]["post"]
    finish = paths[item + "/finish"]["post"]

    assert ref(session, 200) == "SessionOut"
    assert (ref(answer, 200), body(answer)["$ref"].endswith("/AnswerIn")) == (
        "SessionQuestionOut",
        True,
    )
    assert ref(submitted, 200) == "SubmittedOut"
    assert submitted["requestBody"]["required"] is False
    assert (ref(assessment, 200), body(assessment)["$ref"].endswith("/AssessmentIn")) == (
        "SessionQuestionOut",
        True,
    )
    assert (ref(finish, 201), ref(finish, 200)) == ("PerformanceOut", "PerformanceOut")
    for operation in (answer, submitted, assessment, finish):
        assert {"400", "401", "404", "409"} <= set(operation["responses"])
        assert operation["summary"]
        assert operation["description"]
    assert "answerIndex" in session["description"]

    question = components["SessionQuestionOut"]
    assert set(question["properties"]) >= SECRETS
    assert not SECRETS & set(question["required"])
    assert "message" in components["SubmittedOut"]["required"]
    assert components["AnswerIn"]["additionalProperties"] is False
    assert components["PerformanceOut"]["properties"]["scoredBy"]["enum"] == [
        "self",
        "ai",
        "manual",
    ]


def test_showing_another_question_moves_the_clock_to_it(api, session):
    Interview.objects.filter(pk=session.pk).update(
        current_since=timezone.now() - timedelta(seconds=60)
    )

    response = api.post(url(session, "/questions/1/show"))

    assert response.status_code == 200
    assert response.json()["index"] == 1
    body = api.get(url(session, "/session")).json()
    assert body["current"] == 1
    assert body["questions"][0]["seconds"] >= 60  # stopped when question 1 was shown
    assert body["questions"][1]["seconds"] < 5


def test_showing_a_question_it_does_not_have_is_a_404_and_a_finished_one_a_409(api, session):
    assert api.post(url(session, "/questions/9/show")).status_code == 404
    api.post(url(session, "/finish"))

    response = api.post(url(session, "/questions/1/show"))

    assert response.status_code == 409
    assert "completed" in response.json()["error"]
