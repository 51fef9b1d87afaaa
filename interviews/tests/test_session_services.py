"""A practice session through its services: each transition, its refusals, and the scoring."""

import json
import threading
from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from interviews.models import Interview, Question, QuestionStat
from interviews.services import (
    QuestionNotFound,
    TransitionError,
    interview_start,
    session_assess,
    session_finish,
    session_go,
    session_save_answer,
    session_submit,
)
from interviews.tests.factories import InterviewFactory, QuestionFactory
from performance.models import Performance

NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)


def at(minutes):
    return NOW + timedelta(minutes=minutes)


@pytest.fixture
def session(db, user):
    """A started technical interview of three questions: open, choice, open (in that order)."""
    Question.objects.all().delete()
    QuestionFactory(
        slug="a-open",
        prompt="How does an index speed up a query?",
        key_points=["names the B-tree", "states O(log n) lookups", "mentions slower writes"],
        tags=["indexes"],
        suggested_minutes=5,
    )
    QuestionFactory(
        slug="b-choice",
        kind="choice",
        prompt="Which isolation level prevents dirty reads at the lowest cost?",
        choices=["Read uncommitted", "Read committed", "Serializable"],
        answer_index=1,
        key_points=[],
        explanation="Read committed is the weakest level that never shows uncommitted rows.",
        tags=["transactions"],
        suggested_minutes=2,
    )
    QuestionFactory(
        slug="c-open",
        prompt="What does a cache-aside read look like?",
        key_points=["checks the cache first", "reads the database on a miss", "fills the cache"],
        tags=["caching"],
        suggested_minutes=5,
    )
    interview = InterviewFactory(user=user, interview_type="technical", experience_level="mid")
    interview_start(interview=interview, now=NOW)
    interview.refresh_from_db()
    # The plan's order is random among unseen questions: put them in a known order.
    interview.questions.sort(key=lambda question: question.slug)
    for index, question in enumerate(interview.questions):
        question.started_at = NOW if index == 0 else None
    Interview.objects.filter(pk=interview.pk).update(questions=interview.questions)
    return interview


def fresh(interview):
    return Interview.objects.get(pk=interview.pk)


def test_an_autosaved_draft_is_there_when_the_session_is_read_again(session):
    session_save_answer(interview=session, index=0, answer="A B-tree", now=at(1))
    session_save_answer(interview=session, index=0, answer="A B-tree keeps keys sorted", now=at(2))

    question = fresh(session).questions[0]
    assert question.answer == "A B-tree keeps keys sorted"
    assert question.state == "unanswered"


def test_a_draft_is_saved_as_typed_without_trimming(session):
    session_save_answer(interview=session, index=0, answer="Line one\n  ", now=at(1))

    assert fresh(session).questions[0].answer == "Line one\n  "


def test_a_choice_is_graded_when_submitted(session):
    wrong, message = session_submit(interview=session, index=1, choice=2, now=at(1))

    assert (wrong.state, wrong.score, message) == ("assessed", 0, None)
    stored = fresh(session).questions[1]
    assert (stored.choice, stored.state, stored.score) == (2, "assessed", 0)


def test_an_open_answer_waits_for_its_key_points_to_be_ticked(session):
    question, _message = session_submit(interview=session, index=0, answer="B-tree", now=at(3))
    assert (question.state, question.score, question.answered_at) == ("answered", None, at(3))

    assessed = session_assess(interview=session, index=0, points_hit=[2, 0, 2], now=at(4))

    assert assessed.points_hit == [0, 2]
    assert assessed.score == pytest.approx(66.7)
    assert fresh(session).questions[0].state == "assessed"


def test_ticks_can_be_corrected(session):
    session_submit(interview=session, index=0, answer="B-tree", now=at(1))
    session_assess(interview=session, index=0, points_hit=[0], now=at(2))

    session_assess(interview=session, index=0, points_hit=[0, 1, 2], now=at(3))

    assert fresh(session).questions[0].score == 100


@pytest.mark.parametrize(
    ("action", "message"),
    [
        (lambda s: session_save_answer(interview=s, index=1, choice=1), "can no longer change"),
        (lambda s: session_submit(interview=s, index=1, choice=0), "submitted already"),
    ],
)
def test_a_submitted_answer_cannot_change(session, action, message):
    session_submit(interview=session, index=1, choice=1, now=at(1))

    with pytest.raises(TransitionError, match=message):
        action(session)
    assert fresh(session).questions[1].choice == 1


def test_key_points_cannot_be_ticked_before_the_answer_is_submitted(session):
    with pytest.raises(TransitionError, match="Submit the answer"):
        session_assess(interview=session, index=0, points_hit=[0])
    assert fresh(session).questions[0].state == "unanswered"


@pytest.mark.parametrize(
    ("index", "kwargs", "field"),
    [
        (1, {"choice": 3}, "choice"),
        (1, {"choice": True}, "choice"),
        (1, {"answer": "Read committed"}, "answer"),
        (0, {"choice": 0}, "choice"),
        (0, {"answer": "nul\x00"}, "answer"),
        (0, {"answer": 42}, "answer"),
        (0, {"answer": "x" * 20_001}, "answer"),
    ],
)
def test_bad_answers_are_refused_and_change_nothing(session, index, kwargs, field):
    before = fresh(session).questions

    with pytest.raises(ValidationError) as caught:
        session_save_answer(interview=session, index=index, **kwargs)

    assert list(caught.value.message_dict) == [field]
    assert fresh(session).questions == before


def test_an_empty_answer_cannot_be_submitted(session):
    with pytest.raises(ValidationError, match="Write an answer"):
        session_submit(interview=session, index=0, answer="   ")
    with pytest.raises(ValidationError, match="Choose one"):
        session_submit(interview=session, index=1)


@pytest.mark.parametrize("points", [[3], [-1], [True], "0", [0.5]])
def test_ticks_must_name_key_points(session, points):
    session_submit(interview=session, index=0, answer="B-tree")

    with pytest.raises(ValidationError):
        session_assess(interview=session, index=0, points_hit=points)
    assert fresh(session).questions[0].state == "answered"


def test_a_choice_question_is_not_assessed_by_ticks(session):
    session_submit(interview=session, index=1, choice=1)

    with pytest.raises(ValidationError):
        session_assess(interview=session, index=1, points_hit=[0])


@pytest.mark.parametrize("index", [3, -1, 99])
def test_an_index_outside_the_plan_is_not_found(session, index):
    with pytest.raises(QuestionNotFound):
        session_go(interview=session, index=index)


def test_nothing_changes_before_the_interview_is_started(db, user):
    interview = InterviewFactory(user=user)

    with pytest.raises(TransitionError, match="not in progress"):
        session_go(interview=interview, index=0)
    with pytest.raises(TransitionError, match="not been started"):
        session_finish(interview=interview)
    assert not Performance.objects.exists()


def test_time_is_measured_by_the_server_per_question(session):
    session_go(interview=session, index=1, now=at(4))  # 4 minutes on the first question
    session_submit(interview=session, index=1, choice=1, now=at(5))
    session_go(interview=session, index=0, now=at(6))  # 2 on the second
    interview = fresh(session)

    assert [question.seconds for question in interview.questions] == [240, 120, 0]
    assert interview.questions[1].started_at == at(4)
    assert interview.question_seconds(0, at(7)) == 300  # 4 before, 1 now
    assert interview.session_seconds(at(7)) == 420


def test_a_tab_left_open_overnight_adds_half_an_hour_not_the_night(session):
    session_go(interview=session, index=1, now=at(12 * 60))

    assert fresh(session).questions[0].seconds == 30 * 60


def test_finishing_scores_the_session_and_explains_it(session):
    # Question 1: 2 of 3 key points in 8 minutes; question 2: right in 2; question 3: skipped.
    session_submit(interview=session, index=0, answer="B-tree, log n", now=at(8))
    session_assess(interview=session, index=0, points_hit=[0, 1], now=at(8))
    session_go(interview=session, index=1, now=at(8))
    session_submit(interview=session, index=1, choice=1, now=at(9))

    performance, created = session_finish(interview=session, now=at(10))

    assert created
    # (66.7 + 100 + 0) / 3; only the choice reaches 70; 8 + 2 minutes.
    assert performance.score == pytest.approx(55.6)
    assert (performance.total_questions, performance.correct_answers) == (3, 1)
    assert performance.time_spent == 10
    assert performance.scored_by == "self"
    assert performance.completed_at == at(10)
    (round_,) = performance.round_results
    assert (round_.round_type, round_.questions_answered, round_.total_questions) == (
        "technical",
        2,
        3,
    )
    assert (round_.score, round_.time_spent) == (pytest.approx(55.6), 10)
    feedback = performance.feedback
    assert feedback.overall == (
        "You scored 56 out of 100 over 3 questions (2 answered). 1 of 3 reached 70, the score "
        "that counts as a correct answer."
    )
    assert feedback.strengths == ["transactions: 1 of 1 question at 70 or more"]
    assert feedback.improvements == [
        "indexes: missed “mentions slower writes”",
        "Not answered: “What does a cache-aside read look like?”",
    ]
    assert feedback.recommendations == [
        "Study the model answer of “How does an index speed up a query?” and retry it (scored 67)",
        "Pace: “How does an index speed up a query?” took 8 min against 5 suggested; "
        "practise answering within the time",
        "Answer every question next time: 1 was left unanswered",
    ]
    interview = fresh(session)
    assert interview.is_completed
    assert interview.performance_id == performance.pk


def test_finishing_twice_returns_the_same_performance(session):
    first, created = session_finish(interview=session, now=at(1))
    again, created_again = session_finish(interview=session, now=at(2))

    assert (created, created_again) == (True, False)
    assert again.pk == first.pk
    assert Performance.objects.count() == 1


def test_finishing_remembers_each_questions_score_for_the_next_plan(session, user):
    session_submit(interview=session, index=1, choice=1, now=at(1))

    session_finish(interview=session, now=at(2))

    stats = {
        stat.question.slug: (stat.times_seen, stat.last_score, stat.last_seen_at)
        for stat in QuestionStat.objects.filter(user=user).select_related("question")
    }
    assert stats == {
        "a-open": (1, 0, at(2)),
        "b-choice": (1, 100, at(2)),
        "c-open": (1, 0, at(2)),
    }


def test_nothing_changes_after_the_interview_is_completed(session):
    session_finish(interview=session, now=at(1))

    with pytest.raises(TransitionError, match="completed"):
        session_save_answer(interview=session, index=0, answer="late")
    assert fresh(session).questions[0].answer == ""


def test_a_save_racing_with_another_keeps_both_changes(session):
    stale = fresh(session)
    session_save_answer(interview=session, index=0, answer="first tab", now=at(1))

    # The stale copy saves after the other request: it is read again, nothing is lost.
    session_save_answer(interview=stale, index=2, answer="second tab", now=at(2))

    questions = fresh(session).questions
    assert (questions[0].answer, questions[2].answer) == ("first tab", "second tab")


@pytest.mark.django_db(transaction=True)
def test_concurrent_finishes_make_exactly_one_performance(user):
    Question.objects.all().delete()
    QuestionFactory.create_batch(3)
    interview = InterviewFactory(user=user, interview_type="technical", experience_level="mid")
    interview_start(interview=interview, now=NOW)
    workers = 4
    barrier = threading.Barrier(workers)
    outcomes, failures = [], []

    def finish():
        try:
            mine = Interview.objects.get(pk=interview.pk)
            barrier.wait()
            outcomes.append(session_finish(interview=mine, now=at(5)))
        except Exception as error:
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=finish) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    saved = Performance.objects.get()
    assert {performance.pk for performance, _ in outcomes} == {saved.pk}
    assert sorted(created for _, created in outcomes) == [False] * (workers - 1) + [True]
    assert fresh(interview).performance_id == saved.pk
    assert set(QuestionStat.objects.values_list("times_seen", flat=True)) == {1}


def test_the_ai_evaluator_assesses_a_submitted_answer(session, server):
    server.reply_json({"pointsHit": [0, 1], "comment": "Names the B-tree; misses writes."})

    question, message = session_submit(interview=session, index=0, answer="A B-tree, log n")

    assert message is None
    assert (question.state, question.points_hit, question.scored_by) == ("assessed", [0, 1], "ai")
    assert question.comment == "Names the B-tree; misses writes."
    _headers, body = server.requests[0]
    assert "A B-tree, log n" in json.dumps(body)
    performance, _ = session_finish(interview=session)
    assert performance.scored_by == "ai"


@pytest.mark.parametrize(
    "queue",
    [
        lambda server: server.reply("I think it covers the first point."),
        lambda server: server.reply_json({"pointsHit": [7], "comment": "Out of range."}),
        lambda server: server.respond({"error": {"message": "boom"}}, status=500),
        lambda server: server.reply_json({"pointsHit": [0], "comment": "Late."}, delay=3),
    ],
    ids=["garbage", "wrong-shape", "server-error", "timeout"],
)
def test_when_the_ai_evaluator_fails_the_answer_is_kept_for_self_assessment(
    session, server, settings, queue
):
    settings.EVALUATOR_TIMEOUT = 0.5
    queue(server)

    _question, message = session_submit(interview=session, index=0, answer="My full answer")

    assert "tick the key points yourself" in message
    stored = fresh(session).questions[0]
    assert (stored.answer, stored.state, stored.score) == ("My full answer", "answered", None)
    # The person then assesses it themselves, and the session is self-assessed.
    session_assess(interview=session, index=0, points_hit=[0])
    performance, _ = session_finish(interview=session)
    assert performance.scored_by == "self"


def test_the_ai_evaluator_is_not_asked_about_choice_questions(session, server):
    session_submit(interview=session, index=1, choice=1)

    assert server.requests == []
