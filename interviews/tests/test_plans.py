"""The plan of a practice session: rounds, counts, level, and which questions come back."""

import random
from datetime import UTC, datetime, timedelta

import pytest

from interviews.models import Question, QuestionStat
from interviews.plans import Seen, order_candidates
from interviews.services import interview_start, session_finish, session_submit
from interviews.tests.factories import InterviewFactory, QuestionFactory

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def bank(db):
    """Six questions for each round type and level, and nothing else."""
    Question.objects.all().delete()
    made = {}
    for round_type in ("technical", "behavioral", "dsa"):
        for level in ("entry", "mid", "senior"):
            made[round_type, level] = [
                QuestionFactory(
                    slug=f"{round_type}-{level}-{number}",
                    round_type=round_type,
                    experience_level=level,
                )
                for number in range(6)
            ]
    return made


def started(user, interview_type, level):
    interview = InterviewFactory(user=user, interview_type=interview_type, experience_level=level)
    interview_start(interview=interview, now=NOW)
    interview.refresh_from_db()
    return interview


@pytest.mark.parametrize(
    ("interview_type", "rounds"),
    [
        ("technical", ["technical"]),
        ("behavioral", ["behavioral"]),
        ("dsa", ["dsa"]),
        ("mixed", ["technical", "behavioral", "dsa"]),
    ],
)
def test_the_rounds_follow_the_interview_type(bank, user, interview_type, rounds):
    interview = started(user, interview_type, "mid")

    asked = [question.round_type for question in interview.questions]
    assert asked == [round_type for round_type in rounds for _ in range(4)]


@pytest.mark.parametrize(("level", "count"), [("entry", 3), ("mid", 4), ("senior", 5)])
def test_each_round_asks_the_levels_number_of_questions_of_that_level(bank, user, level, count):
    interview = started(user, "technical", level)

    assert len(interview.questions) == count
    slugs = {question.slug for question in interview.questions}
    assert all(slug.startswith(f"technical-{level}-") for slug in slugs)
    assert len(slugs) == count


def test_the_count_per_round_is_a_setting(bank, user, settings):
    settings.QUESTIONS_PER_ROUND = {**settings.QUESTIONS_PER_ROUND, "mid": 2}

    interview = started(user, "mixed", "mid")

    assert len(interview.questions) == 6


def test_a_small_bank_gives_what_it_has(db, user):
    Question.objects.all().delete()
    QuestionFactory(round_type="dsa", experience_level="senior")

    interview = started(user, "dsa", "senior")

    assert len(interview.questions) == 1
    assert interview.is_in_progress


def test_the_plan_is_a_snapshot_that_later_edits_of_the_bank_leave_alone(bank, user):
    interview = started(user, "technical", "entry")
    first = interview.questions[0]
    Question.objects.filter(slug=first.slug).update(prompt="Edited later.", key_points=["x"] * 3)

    interview.refresh_from_db()

    assert interview.questions[0].prompt == first.prompt
    assert interview.questions[0].key_points == first.key_points
    assert interview.questions[0].state == "unanswered"
    assert interview.questions[0].started_at == NOW


def test_questions_never_seen_come_before_those_seen(bank, user):
    first = started(user, "technical", "entry")
    session_finish(interview=first, now=NOW + timedelta(minutes=30))
    seen = {question.slug for question in first.questions}

    second = started(user, "technical", "entry")

    assert not seen & {question.slug for question in second.questions}


def test_another_persons_history_does_not_count(bank, user, other_user):
    mine = started(user, "technical", "entry")
    session_finish(interview=mine, now=NOW)

    theirs = started(other_user, "technical", "entry")

    # Six questions, three asked each time: the other person may be asked any of them.
    assert not QuestionStat.objects.filter(user=other_user).exists()
    assert len(theirs.questions) == 3


def test_a_weak_question_comes_back_before_a_strong_one(db, user, settings):
    Question.objects.all().delete()
    choice = {"kind": "choice", "choices": ["a", "b", "c"], "answer_index": 1, "key_points": []}
    weak = QuestionFactory(slug="weak", experience_level="entry", **choice)
    strong = QuestionFactory(slug="strong", experience_level="entry", **choice)
    first = InterviewFactory(user=user, interview_type="technical", experience_level="entry")
    interview_start(interview=first, now=NOW)
    first.refresh_from_db()
    for index, question in enumerate(first.questions):
        right = question.slug == "strong"
        session_submit(interview=first, index=index, choice=1 if right else 0, now=NOW)
    session_finish(interview=first, now=NOW)
    assert QuestionStat.objects.get(user=user, question=weak).last_score == 0
    assert QuestionStat.objects.get(user=user, question=strong).last_score == 100

    # Two days later the weak one is due again; the strong one rests for three weeks.
    later = InterviewFactory(user=user, interview_type="technical", experience_level="entry")
    settings.QUESTIONS_PER_ROUND = {**settings.QUESTIONS_PER_ROUND, "entry": 1}
    interview_start(interview=later, now=NOW + timedelta(days=2))
    later.refresh_from_db()

    assert [question.slug for question in later.questions] == ["weak"]


def seen(score, days_ago):
    return Seen(last_score=score, last_seen_at=NOW - timedelta(days=days_ago))


def test_due_questions_are_ordered_weakest_first_and_resting_ones_come_last():
    history = {
        "rested-strong": seen(100, 30),  # due after 21 days
        "due-weak": seen(20, 2),  # due after 1 day
        "due-weaker-older": seen(20, 5),
        "due-middling": seen(60, 4),  # due after 3 days
        "resting-strong": seen(95, 1),  # due in 20 days
        "resting-fair": seen(80, 1),  # due in 6 days
    }
    candidates = ["never", *history]

    order = order_candidates(candidates, history, now=NOW, rng=random.Random(1))

    assert order == [
        "never",
        "due-weaker-older",
        "due-weak",
        "due-middling",
        "rested-strong",
        "resting-fair",
        "resting-strong",
    ]


def test_the_plan_reads_the_same_number_of_queries_whatever_the_history(
    bank, user, django_assert_max_num_queries
):
    for _ in range(3):
        session_finish(interview=started(user, "mixed", "mid"), now=NOW)
    interview = InterviewFactory(user=user, interview_type="mixed", experience_level="mid")

    # The bank and the person's stats for each of the three rounds, and the update.
    with django_assert_max_num_queries(7):
        interview_start(interview=interview, now=NOW)


def test_a_planned_session_asks_the_due_questions_before_the_unseen_ones():
    seen = {
        1: Seen(40, NOW - timedelta(days=5)),  # due
        2: Seen(95, NOW - timedelta(days=1)),  # resting
        3: Seen(20, NOW - timedelta(days=2)),  # due, weaker
    }

    usual = order_candidates([1, 2, 3, 4], seen, now=NOW, rng=random.Random(1))
    planned = order_candidates([1, 2, 3, 4], seen, now=NOW, rng=random.Random(1), due_first=True)

    assert (usual, planned) == ([4, 3, 1, 2], [3, 1, 4, 2])
