"""Every write that changes an interview and its performance together.

The interview lifecycle is ready -> in-progress -> completed. Completion writes two
documents without relying on a transaction: the performance first (its unique
`interviewId` makes a second insert fail), then the interview. A crash between the two
leaves an in-progress interview whose performance exists; the next completion attempt
finds it and finishes the job. Deletion goes the other way: performances first, so an
interruption leaves interviews that can be deleted again, never a performance without
its interview. Where the database offers transactions (SQLite, a MongoDB replica set)
the writes of one step are also made in one.
"""

import contextlib
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from itertools import islice

from django.core.exceptions import ValidationError
from django.db import DatabaseError
from django.utils import timezone

from interviewprep.db import atomic, parse_id
from interviews import evaluators
from interviews.choices import QuestionKind, QuestionState, ScoredBy, Status
from interviews.evaluation import question_score, session_results
from interviews.models import Interview, Question, QuestionStat
from interviews.plans import build_plan
from interviews.validation import clean_answer, clean_interview, clean_performance, clean_points
from performance.models import HistoryMonth, HistoryVersion, Performance, history_changed

COMPLETION_ATTEMPTS = 3
SESSION_ATTEMPTS = 5
BATCH = 500
# Rows per UPDATE of bulk_update (see _import_batch).
UPDATE_BATCH = 50
# What a performance copies from its interview (completed_at aside, which is the completion's).
COPIED_FIELDS = ("user_id", "job_title", "company_name", "interview_type", "experience_level")

Progress = Callable[[int], None] | None


class TransitionError(Exception):
    """An action that the interview's current status does not allow."""


def interview_create(*, user, data: dict, created_at: datetime | None = None) -> Interview:
    """Create a ready interview from the fields a person gives."""
    return Interview.objects.create(
        user=user,
        **clean_interview(data),
        status=Status.READY,
        created_at=created_at or timezone.now(),
    )


def interview_start(
    *,
    interview: Interview,
    plan: bool = True,
    now: datetime | None = None,
    due_first: bool = False,
) -> Interview:
    """Move a ready interview to in-progress, with the plan of its practice session.

    Without `plan` (results of an interview practised elsewhere) no questions are chosen;
    with `due_first` the questions due for review come before those never seen.
    """
    now = now or timezone.now()
    values = {"status": Status.IN_PROGRESS}
    if plan:
        questions = build_plan(
            user_id=interview.user_id,
            interview_type=interview.interview_type,
            experience_level=interview.experience_level,
            now=now,
            due_first=due_first,
        )
        if questions:
            questions[0].started_at = now
        values.update(questions=questions, started_at=now, current=0, current_since=now)
    started = Interview.objects.filter(pk=interview.pk, status=Status.READY).update(**values)
    if not started:
        interview.refresh_from_db(fields=["status"])
        raise TransitionError(
            f"This interview is {interview.get_status_display().lower()}; "
            "only a ready interview can be started."
        )
    for name, value in values.items():
        setattr(interview, name, value)
    return interview


def interview_complete(
    *,
    interview: Interview,
    data: dict,
    completed_at: datetime | None = None,
    scored_by: str = ScoredBy.MANUAL,
) -> tuple[Performance, bool]:
    """Save the interview's performance and mark it completed.

    Returns (performance, created). Completing an interview that already has its
    performance returns that performance unchanged, whoever got there first.
    """
    cleaned = clean_performance(data)
    interview.refresh_from_db(fields=["status"])
    if interview.status == Status.READY:
        raise TransitionError("This interview has not been started; start it before completing it.")

    for attempt in range(COMPLETION_ATTEMPTS):
        existing = Performance.objects.filter(interview_id=interview.pk).first()
        if existing is not None:
            _mark_completed(interview, existing)
            return existing, False
        performance = Performance(
            **_copies(interview),
            interview_id=interview.pk,
            completed_at=completed_at or timezone.now(),
            scored_by=scored_by,
            **cleaned,
        )
        try:
            with atomic():
                performance.save(force_insert=True)
                _mark_completed(interview, performance)
                history_changed([(performance.user_id, performance.completed_at)])
        except DatabaseError:
            # A concurrent completion inserted first (duplicate interviewId) or, inside
            # a transaction, conflicted with ours. Its performance wins: look again.
            if attempt == COMPLETION_ATTEMPTS - 1:
                raise
            time.sleep(0.05 * (attempt + 1))
        else:
            return performance, True


def interview_save_results(
    *,
    interview: Interview,
    data: dict,
    completed_at: datetime | None = None,
    scored_by: str = ScoredBy.MANUAL,
) -> tuple[Performance, bool]:
    """Complete the interview with results entered by hand, starting it first if it is
    still ready (an interview practised elsewhere).

    The specification's save-performance: the original feedback page saved results
    whatever the status. Bad results leave a ready interview as it was.
    """
    if interview.is_ready:
        clean_performance(data)
        # A concurrent request may have started (or completed) it first; completing still applies.
        with contextlib.suppress(TransitionError):
            interview_start(interview=interview, plan=False)
    return interview_complete(
        interview=interview, data=data, completed_at=completed_at, scored_by=scored_by
    )


# The results that are figures: changing one by hand makes the performance entered by hand.
SCORED_FIELDS = (
    "total_questions",
    "correct_answers",
    "score",
    "time_spent",
    "round_results",
)


def interview_update_results(*, interview: Interview, data: dict) -> Performance:
    """Replace the results of a completed interview with corrected ones; the performance.

    Changing any figure marks the performance as entered by hand (its figures are no
    longer the session's scores); correcting the feedback alone keeps its scorer. Each
    change counts in the performance's `revision` and in its owner's HistoryVersion.
    """
    cleaned = clean_performance(data)
    interview.refresh_from_db(fields=["status"])
    performance = Performance.objects.filter(interview_id=interview.pk).first()
    if interview.status != Status.COMPLETED or performance is None:
        raise TransitionError("Only the results of a completed interview can be edited.")
    if all(getattr(performance, name) == value for name, value in cleaned.items()):
        return performance
    figures_changed = any(getattr(performance, name) != cleaned[name] for name in SCORED_FIELDS)
    values = {
        **cleaned,
        "scored_by": ScoredBy.MANUAL if figures_changed else performance.scored_by,
        "revision": performance.revision + 1,
    }
    with atomic():
        Performance.objects.filter(pk=performance.pk).update(**values)
        history_changed([(performance.user_id, performance.completed_at)])
    for name, value in values.items():
        setattr(performance, name, value)
    return performance


class QuestionNotFound(LookupError):
    """An index that is not one of the session's questions."""


def _question(interview, index):
    if not isinstance(index, int) or not 0 <= index < len(interview.questions):
        raise QuestionNotFound(f"This interview has no question {index}.")
    return interview.questions[index]


def _tick(interview, now):
    """Add the time since the current question was shown to it."""
    if interview.questions and interview.current < len(interview.questions):
        interview.questions[interview.current].seconds = round(
            interview.question_seconds(interview.current, now), 1
        )
    interview.current_since = now


def _session_change(interview, change, now):
    """Apply `change(interview)` to the loaded session and save it, or raise TransitionError.

    The save is conditional on the revision that was read: when another request saved
    first, the session is read again and the change applied to it, so no answer is lost.
    """
    for _attempt in range(SESSION_ATTEMPTS):
        if interview.status != Status.IN_PROGRESS:
            raise TransitionError(
                "This interview is not in progress; only a session in progress can change."
                if interview.status == Status.READY
                else "This interview is completed; its answers can no longer change."
            )
        result = change(interview)
        _tick(interview, now)
        saved = Interview.objects.filter(
            pk=interview.pk, status=Status.IN_PROGRESS, revision=interview.revision
        ).update(
            questions=interview.questions,
            current=interview.current,
            current_since=interview.current_since,
            revision=interview.revision + 1,
        )
        if saved:
            interview.revision += 1
            return result
        interview.refresh_from_db(
            fields=["status", "questions", "current", "current_since", "revision"]
        )
    raise TransitionError("This session is being changed by another request; try again.")


def session_save_answer(
    *, interview: Interview, index: int, answer=None, choice=None, now: datetime | None = None
):
    """Keep a draft answer (autosave); repeatable until the question is submitted."""
    now = now or timezone.now()

    def change(interview):
        question = _question(interview, index)
        if question.state != QuestionState.UNANSWERED:
            raise TransitionError("This answer was submitted; it can no longer change.")
        _set_answer(question, answer, choice)
        return question

    return _session_change(interview, change, now)


def _set_answer(question, answer, choice):
    cleaned = clean_answer(question, answer=answer, choice=choice)
    if "answer" in cleaned:
        question.answer = cleaned["answer"]
    if "choice" in cleaned:
        question.choice = cleaned["choice"]


def session_submit(
    *, interview: Interview, index: int, answer=None, choice=None, now: datetime | None = None
):
    """Submit a question's answer: a choice is graded at once; an open answer waits for
    its key points to be ticked, by the person or by the AI evaluator when one is set.

    Returns (question, message): the message says why the AI evaluator did not assess it.
    """
    now = now or timezone.now()

    def change(interview):
        question = _question(interview, index)
        if question.state != QuestionState.UNANSWERED:
            raise TransitionError("This answer was submitted already.")
        _set_answer(question, answer, choice)
        if question.kind == QuestionKind.CHOICE:
            if question.choice is None:
                raise ValidationError({"choice": ["Choose one of the answers."]})
            question.state = QuestionState.ASSESSED
            question.score = question_score(question)
            question.scored_by = ScoredBy.SELF
        else:
            if not question.answer.strip():
                raise ValidationError({"answer": ["Write an answer before submitting it."]})
            question.state = QuestionState.ANSWERED
        question.answered_at = now
        return question

    question = _session_change(interview, change, now)
    if question.kind != QuestionKind.OPEN or not evaluators.ai_evaluator_enabled():
        return question, None
    # The answer is saved above; the evaluator only adds an assessment, so its failure
    # costs nothing but the person's ticking the key points themselves.
    try:
        assessment = evaluators.evaluate(
            prompt=question.prompt, key_points=question.key_points, answer=question.answer
        )
    except evaluators.EvaluatorError as error:
        return question, str(error)

    def assess(interview):
        question = _question(interview, index)
        if question.state == QuestionState.ANSWERED:
            _assess(question, assessment.points_hit, ScoredBy.AI)
            question.comment = assessment.comment
        return question

    return _session_change(interview, assess, timezone.now()), None


def _assess(question, points_hit, scored_by):
    question.points_hit = sorted(set(points_hit))
    question.state = QuestionState.ASSESSED
    question.score = question_score(question)
    question.scored_by = scored_by


def session_assess(*, interview: Interview, index: int, points_hit, now: datetime | None = None):
    """Record which key points the submitted answer covered (the person's own ticks)."""
    now = now or timezone.now()

    def change(interview):
        question = _question(interview, index)
        if question.kind != QuestionKind.OPEN:
            raise ValidationError({"points_hit": ["A choice question is graded by its answer."]})
        if question.state == QuestionState.UNANSWERED:
            raise TransitionError("Submit the answer before ticking the key points it covers.")
        _assess(question, clean_points(question, points_hit), ScoredBy.SELF)
        question.comment = ""
        return question

    return _session_change(interview, change, now)


def session_go(*, interview: Interview, index: int, now: datetime | None = None):
    """Show question `index` next; its time runs from now."""
    now = now or timezone.now()

    def change(interview):
        question = _question(interview, index)
        _tick(interview, now)
        interview.current = index
        if question.started_at is None:
            question.started_at = now
        return question

    return _session_change(interview, change, now)


def session_finish(
    *, interview: Interview, now: datetime | None = None
) -> tuple[Performance, bool]:
    """Finish the session: score it, save its performance and complete the interview.

    Unanswered questions count as not answered. Finishing again returns the performance
    saved the first time.
    """
    now = now or timezone.now()
    interview.refresh_from_db(
        fields=["status", "questions", "current", "current_since", "revision"]
    )
    if interview.status == Status.COMPLETED:
        existing = Performance.objects.filter(interview_id=interview.pk).first()
        if existing is not None:
            return existing, False
    if interview.status == Status.IN_PROGRESS:
        # A concurrent finish may complete it meanwhile; completing below then finds its
        # performance.
        with contextlib.suppress(TransitionError):
            _session_change(interview, lambda interview: None, now)
    questions = interview.questions
    scored_by = (
        ScoredBy.AI
        if any(question.scored_by == ScoredBy.AI for question in questions)
        else ScoredBy.SELF
    )
    performance, created = interview_complete(
        interview=interview,
        data=session_results(questions),
        completed_at=now,
        scored_by=scored_by,
    )
    if created:
        _remember(interview.user_id, questions, now)
    return performance, created


def _remember(user_id, questions, now):
    """Keep each question's last score for the next plans (see interviews/plans.py)."""
    scores = {}
    for question in questions:
        with contextlib.suppress(ValueError):
            scores[parse_id(question.question_id)] = question_score(question)
    known = {
        stat.question_id: stat
        for stat in QuestionStat.objects.filter(user_id=user_id, question_id__in=list(scores))
    }
    # A question deleted from the bank since the plan was made has nothing to remember.
    existing = set(Question.objects.filter(pk__in=list(scores)).values_list("pk", flat=True))
    for pk, score in scores.items():
        stat = known.get(pk)
        if stat is not None:
            QuestionStat.objects.filter(pk=stat.pk).update(
                times_seen=stat.times_seen + 1, last_score=score, last_seen_at=now
            )
        elif pk in existing:
            QuestionStat.objects.get_or_create(
                user_id=user_id,
                question_id=pk,
                defaults={"times_seen": 1, "last_score": score, "last_seen_at": now},
            )


def _copies(interview):
    return {name: getattr(interview, name) for name in COPIED_FIELDS}


def _mark_completed(interview, performance):
    Interview.objects.filter(pk=interview.pk).update(
        status=Status.COMPLETED,
        completed_at=performance.completed_at,
        performance=performance,
    )
    interview.status = Status.COMPLETED
    interview.completed_at = performance.completed_at
    interview.performance = performance


def interview_reopen(*, interview_id) -> None:
    """Put a completed interview that has no performance back in progress."""
    # Conditional on the state that was found, so that a completion racing with the
    # repair is never undone.
    if Performance.objects.filter(interview_id=interview_id).exists():
        return
    Interview.objects.filter(pk=interview_id, status=Status.COMPLETED).update(
        status=Status.IN_PROGRESS, completed_at=None, performance=None
    )


def performance_sync(*, interview: Interview) -> int:
    """Copy the interview's user, title, company, type, level (and completion date) to its
    performance; the number of performances changed (0 or 1)."""
    values = _copies(interview)
    if interview.status == Status.COMPLETED and interview.completed_at is not None:
        values["completed_at"] = interview.completed_at
    performances = Performance.objects.filter(interview_id=interview.pk)
    with atomic():
        # The performance may move to another user or month: both histories change.
        before = list(performances.values_list("user_id", "completed_at"))
        changed = performances.update(**values)
        if changed:
            after = performances.values_list("user_id", "completed_at")
            history_changed([*before, *after])
    return changed


def performance_save(*, performance: Performance) -> None:
    """Save a performance changed in place (the admin's form), counting the change."""
    with atomic():
        # Its owner or its month may change: both are counted.
        before = list(
            Performance.objects.filter(pk=performance.pk).values_list("user_id", "completed_at")
        )
        performance.save()
        history_changed([*before, (performance.user_id, performance.completed_at)])


def performances_delete(*, pks: Iterable) -> int:
    """Delete these performances; their interviews go back in progress, to be completed again.

    Returns how many performances were deleted.
    """
    pks = list(pks)
    performances = Performance.objects.filter(pk__in=pks)
    rows = list(performances.values_list("interview_id", "user_id", "completed_at"))
    with atomic():
        deleted = _delete(performances)
        history_changed((user_id, moment) for _interview_id, user_id, moment in rows)
    interview_ids = [interview_id for interview_id, _user_id, _moment in rows]
    for interview_id in interview_ids:
        interview_reopen(interview_id=interview_id)
    return deleted


def interview_delete(*, interview: Interview) -> None:
    """Delete the interview and its performance."""
    interviews_delete(pks=[interview.pk])


def interviews_delete(*, pks: Iterable, progress: Progress = None) -> tuple[int, int]:
    """Delete these interviews and their performances in batches; the two counts deleted.

    `pks` may be a generator: it is read one batch at a time.
    """
    deleted_interviews = deleted_performances = 0
    pks = iter(pks)
    while batch := list(islice(pks, BATCH)):
        performances = Performance.objects.filter(interview_id__in=batch)
        # Deleting loads the rows it deletes; their keys are enough (an interview's session
        # is tens of KB).
        with atomic():
            changes = list(performances.values_list("user_id", "completed_at"))
            deleted_performances += _delete(performances.only("pk"))
            deleted_interviews += _delete(Interview.objects.filter(pk__in=batch).only("pk"))
            history_changed(changes)
        if progress is not None:
            progress(len(batch))
    return deleted_interviews, deleted_performances


def _batches_of_pks(queryset):
    """The primary keys of `queryset`, BATCH at a time in pk order (keyset pagination), so
    that deleting the ones of a batch never changes which come next."""
    last = None
    while True:
        page = queryset.order_by("pk") if last is None else queryset.filter(pk__gt=last)
        batch = list(page.order_by("pk").values_list("pk", flat=True)[:BATCH])
        if not batch:
            return
        yield from batch
        last = batch[-1]


def user_data_delete(*, user, token_model=None, progress: Progress = None) -> dict:
    """Erase the user's interviews and performances (and tokens) in batches, performances
    first; returns what was removed."""
    interviews, performances = interviews_delete(
        pks=_batches_of_pks(Interview.objects.filter(user=user)), progress=progress
    )
    # Performances that name this user but hang off someone else's interview (a drift
    # that check_integrity reports) are this user's data too.
    leftovers = _batches_of_pks(Performance.objects.filter(user=user))
    while batch := list(islice(leftovers, BATCH)):
        performances += _delete(Performance.objects.filter(pk__in=batch))
    # An erased history has no months left to report.
    HistoryMonth.objects.filter(user=user).delete()
    HistoryVersion.objects.bump([user.pk])
    removed = {"interviews": interviews, "performances": performances}
    if token_model is not None:
        removed["tokens"] = _delete(token_model.objects.filter(user=user))
    return removed


def _delete(queryset):
    _total, per_model = queryset.delete()
    return per_model.get(queryset.model._meta.label, 0)


@dataclass
class HistoryRecord:
    """One interview to write in bulk, with its results when it is completed.

    `interview` holds the interview's field values (status and created_at included);
    `results` is clean_performance's output.
    """

    interview: dict
    results: dict | None = None
    completed_at: datetime | None = None

    @property
    def completed(self):
        return self.interview["status"] == Status.COMPLETED


def interviews_import(
    *, user, records: Iterable[HistoryRecord], progress: Progress = None
) -> tuple[int, int]:
    """Write these interviews and their performances into the user's account; the two counts.

    BATCH records at a time, each batch in its own transaction where there is one, so that
    neither memory nor a transaction grows with the history. In the lifecycle's order: a
    completed interview is written in progress, then its performance, then the interview
    is marked completed. Without a transaction an interruption leaves in-progress
    interviews whose performances exist, which completing them again (or importing the
    same records again) finishes.
    """
    created = completed = 0
    records = iter(records)
    while batch := list(islice(records, BATCH)):
        with atomic():
            completed += _import_batch(user, batch)
        created += len(batch)
        if progress is not None:
            progress(len(batch))
    return created, completed


def _import_batch(user, records):
    interviews = Interview.objects.bulk_create(
        [
            Interview(
                **{**record.interview, "status": Status.IN_PROGRESS}
                if record.completed
                else record.interview,
                user=user,
            )
            for record in records
        ]
    )
    completed = [
        (interview, record)
        for interview, record in zip(interviews, records, strict=True)
        if record.completed
    ]
    performances = Performance.objects.bulk_create(
        [
            Performance(
                **_copies(interview),
                interview=interview,
                completed_at=record.completed_at,
                **record.results,
            )
            for interview, record in completed
        ]
    )
    for (interview, record), performance in zip(completed, performances, strict=True):
        interview.status = Status.COMPLETED
        interview.completed_at = record.completed_at
        interview.performance = performance
    # Each interview has its own date and performance, so one statement holds a branch per
    # interview (CASE on SQLite, $switch on MongoDB): a small batch_size keeps that cost
    # linear in the batch instead of quadratic.
    Interview.objects.bulk_update(
        [interview for interview, _ in completed],
        ["status", "completed_at", "performance"],
        batch_size=UPDATE_BATCH,
    )
    if performances:
        history_changed((user.pk, performance.completed_at) for performance in performances)
    return len(performances)


def performance_set_excluded(*, performance: Performance, excluded: bool) -> bool:
    """Leave the performance out of every analytic (or count it again); whether it changed.

    The history version rises with the change, so cached reports reflect it at once.
    """
    with atomic():
        changed = (
            Performance.objects.filter(pk=performance.pk)
            .exclude(excluded=excluded)
            .update(excluded=excluded)
        )
        if changed:
            history_changed([(performance.user_id, performance.completed_at)])
    performance.excluded = excluded
    return bool(changed)
