"""The demo history's time spent: each round lasts about what a hiring panel gives it."""

import random
from datetime import UTC, datetime

import pytest

from interviews.choices import QuestionState
from interviews.demo import bank_by_round, build_history, build_sessions
from interviews.evaluation import SLOW_RATIO

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
# Minutes a round of five questions takes: a coding round 45 to 90, a technical round 20 to
# 60, a behavioural round (typed stories, no follow-up questions) 15 to 45.
FIVE_QUESTIONS = {"dsa": (45, 90), "technical": (20, 60), "behavioral": (15, 45)}


def bounds(round_type, questions):
    low, high = FIVE_QUESTIONS[round_type]
    return low * questions / 5, high * questions / 5


def test_practice_rounds_last_as_long_as_real_ones_and_none_reads_as_slow(shipped_bank):
    sessions = build_sessions(count=300, now=NOW, bank=bank_by_round(), rng=random.Random(5))
    longest_coding_round = 0
    for record in sessions:
        rounds = {}
        for question in record.interview["questions"]:
            rounds.setdefault(question.round_type, []).append(question)
        for round_type, questions in rounds.items():
            low, high = bounds(round_type, len(questions))
            minutes = sum(question.seconds for question in questions) / 60
            assert minutes <= high + 0.1, (round_type, len(questions), minutes)
            if round_type == "dsa" and len(questions) == 5:
                longest_coding_round = max(longest_coding_round, minutes)
            # The bank suggests too few minutes for some short rounds: those are answered
            # at the slowest pace that the feedback does not call slow.
            at_slowest = all(q.seconds >= 1.39 * 60 * q.suggested_minutes for q in questions)
            if all(q.state != QuestionState.UNANSWERED for q in questions):
                assert minutes >= low - 0.1 or at_slowest, (round_type, len(questions), minutes)
            for question in questions:
                assert question.seconds / 60 <= SLOW_RATIO * question.suggested_minutes
        assert "Pace:" not in " ".join(record.results["feedback"].recommendations)
    assert 60 < longest_coding_round <= 90


def test_logged_rounds_last_as_long_as_real_ones():
    for record in build_history(count=300, now=NOW, rng=random.Random(5)):
        for item in record.results["round_results"]:
            low, high = bounds(item.round_type, item.total_questions)
            assert low <= item.time_spent <= high, item
        rounds = round(sum(item.time_spent for item in record.results["round_results"]), 1)
        assert rounds <= record.results["time_spent"] <= rounds + 6


def test_a_bank_without_a_rounds_questions_still_gives_sessions(shipped_bank):
    bank = {key: questions for key, questions in bank_by_round().items() if key[0] != "dsa"}
    records = list(build_sessions(count=20, now=NOW, bank=bank, rng=random.Random(2)))
    assert len(records) == 20
    assert all(q.round_type != "dsa" for r in records for q in r.interview["questions"])
