"""Which questions a practice session asks: the plan made when an interview starts.

Rounds follow the interview's type (a mixed interview has a technical, a behavioural and
a DSA round); each round asks QUESTIONS_PER_ROUND[level] questions of its type and level.
Questions are picked for the person: never seen ones first, then the ones they are due
to see again, weakest first. A question is due again after a rest that grows with its
last score (spaced repetition: weak questions come back soon, strong ones rest).

Reads are bounded by the bank's size for one round type and level, never by the
person's history: what the person did with each question is kept in QuestionStat.
"""

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings

from interviews.choices import InterviewType, RoundType
from interviews.documents import PlannedQuestion
from interviews.models import Question, QuestionStat

ROUNDS = {
    InterviewType.TECHNICAL: [RoundType.TECHNICAL],
    InterviewType.BEHAVIORAL: [RoundType.BEHAVIORAL],
    InterviewType.DSA: [RoundType.DSA],
    InterviewType.MIXED: [RoundType.TECHNICAL, RoundType.BEHAVIORAL, RoundType.DSA],
}
# How long a question rests after a score: (score below, days).
RESTS = [(50, 1), (70, 3), (90, 7), (101, 21)]


def rest_after(score):
    """How long a question rests after this score before it is due again."""
    return timedelta(days=next(days for below, days in RESTS if score < below))


@dataclass(frozen=True)
class Seen:
    """What the person last did with a question."""

    last_score: float
    last_seen_at: datetime

    def due_at(self):
        return self.last_seen_at + rest_after(self.last_score)


def order_candidates(candidates, seen, *, now, rng, due_first=False):
    """`candidates` (question ids) in the order they should be asked.

    Never seen first, in random order; then those due again, lowest last score first
    (the longest ago breaks ties); then those still resting, the soonest due first.
    With `due_first` (a session the planner proposed for its due questions) the due ones
    come before the never seen. `seen` maps a question id to its Seen.
    """
    unseen = [pk for pk in candidates if pk not in seen]
    rng.shuffle(unseen)
    due = _due(candidates, seen, now)
    resting = [pk for pk in candidates if pk in seen and seen[pk].due_at() > now]
    resting.sort(key=lambda pk: (seen[pk].due_at(), seen[pk].last_score))
    return due + unseen + resting if due_first else unseen + due + resting


def _due(candidates, seen, now):
    """The seen candidates that are due again, lowest last score first (the longest ago
    breaks ties)."""
    due = [pk for pk in candidates if pk in seen and seen[pk].due_at() <= now]
    due.sort(key=lambda pk: (seen[pk].last_score, seen[pk].last_seen_at))
    return due


def questions_per_round(experience_level):
    return settings.QUESTIONS_PER_ROUND[experience_level]


def build_plan(*, user_id, interview_type, experience_level, now, rng=None, due_first=False):
    """The questions of a new session, round by round, as snapshots of the bank."""
    rng = rng or random.Random()
    count = questions_per_round(experience_level)
    plan = []
    for round_type in ROUNDS[interview_type]:
        bank = {
            question.pk: question
            for question in Question.objects.for_round(round_type, experience_level)
        }
        seen = {
            stat.question_id: Seen(stat.last_score, stat.last_seen_at)
            for stat in QuestionStat.objects.filter(user_id=user_id, question_id__in=list(bank))
        }
        ordered = order_candidates(sorted(bank), seen, now=now, rng=rng, due_first=due_first)
        for pk in ordered[:count]:
            plan.append(snapshot(bank[pk]))
    return plan


def snapshot(question):
    """The question as a session keeps it: a copy that later edits of the bank leave alone."""
    return PlannedQuestion(
        question_id=str(question.pk),
        slug=question.slug,
        round_type=question.round_type,
        kind=question.kind,
        prompt=question.prompt,
        choices=list(question.choices),
        answer_index=question.answer_index,
        key_points=list(question.key_points),
        model_answer=question.model_answer,
        explanation=question.explanation,
        tags=list(question.tags),
        suggested_minutes=question.suggested_minutes,
    )


def due_questions(*, user_id, round_type, experience_level, now):
    """The questions of one round type and level that are due again for the person, in
    the order a session asks them (lowest last score first), with their Seen."""
    bank = {
        question.pk: question
        for question in Question.objects.for_round(round_type, experience_level).only(
            "pk", "prompt"
        )
    }
    seen = {
        stat.question_id: Seen(stat.last_score, stat.last_seen_at)
        for stat in QuestionStat.objects.filter(user_id=user_id, question_id__in=list(bank))
    }
    return [(bank[pk], seen[pk]) for pk in _due(sorted(bank), seen, now)]
