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

from django.db import DatabaseError
from django.utils import timezone

from interviewprep.db import atomic
from interviews.choices import Status
from interviews.models import Interview
from interviews.validation import clean_interview, clean_performance
from performance.models import Performance

COMPLETION_ATTEMPTS = 3
BATCH = 500
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


def interview_start(*, interview: Interview) -> Interview:
    """Move a ready interview to in-progress."""
    started = Interview.objects.filter(pk=interview.pk, status=Status.READY).update(
        status=Status.IN_PROGRESS
    )
    if not started:
        interview.refresh_from_db(fields=["status"])
        raise TransitionError(
            f"This interview is {interview.get_status_display().lower()}; "
            "only a ready interview can be started."
        )
    interview.status = Status.IN_PROGRESS
    return interview


def interview_complete(
    *, interview: Interview, data: dict, completed_at: datetime | None = None
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
            **cleaned,
        )
        try:
            with atomic():
                performance.save(force_insert=True)
                _mark_completed(interview, performance)
        except DatabaseError:
            # A concurrent completion inserted first (duplicate interviewId) or, inside
            # a transaction, conflicted with ours. Its performance wins: look again.
            if attempt == COMPLETION_ATTEMPTS - 1:
                raise
            time.sleep(0.05 * (attempt + 1))
        else:
            return performance, True


def interview_save_results(
    *, interview: Interview, data: dict, completed_at: datetime | None = None
) -> tuple[Performance, bool]:
    """Complete the interview with these results, starting it first if it is still ready.

    The specification's save-performance: the original feedback page saved results
    whatever the status. Bad results leave a ready interview as it was.
    """
    if interview.is_ready:
        clean_performance(data)
        # A concurrent request may have started (or completed) it first; completing still applies.
        with contextlib.suppress(TransitionError):
            interview_start(interview=interview)
    return interview_complete(interview=interview, data=data, completed_at=completed_at)


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
    return Performance.objects.filter(interview_id=interview.pk).update(**values)


def performances_delete(*, pks: Iterable) -> int:
    """Delete these performances; their interviews go back in progress, to be completed again.

    Returns how many performances were deleted.
    """
    pks = list(pks)
    interview_ids = list(
        Performance.objects.filter(pk__in=pks).values_list("interview_id", flat=True)
    )
    deleted = _delete(Performance.objects.filter(pk__in=pks))
    for interview_id in interview_ids:
        interview_reopen(interview_id=interview_id)
    return deleted


def interview_delete(*, interview: Interview) -> None:
    """Delete the interview and its performance."""
    interviews_delete(pks=[interview.pk])


def interviews_delete(*, pks: Iterable, progress: Progress = None) -> tuple[int, int]:
    """Delete these interviews and their performances in batches; the two counts deleted."""
    pks = list(pks)
    deleted_interviews = deleted_performances = 0
    for start in range(0, len(pks), BATCH):
        batch = pks[start : start + BATCH]
        with atomic():
            deleted_performances += _delete(Performance.objects.filter(interview_id__in=batch))
            deleted_interviews += _delete(Interview.objects.filter(pk__in=batch))
        if progress is not None:
            progress(len(batch))
    return deleted_interviews, deleted_performances


def user_data_delete(*, user, token_model=None, progress: Progress = None) -> dict:
    """Erase the user's interviews and performances (and tokens); returns what was removed."""
    pks = list(Interview.objects.filter(user=user).values_list("pk", flat=True))
    interviews, performances = interviews_delete(pks=pks, progress=progress)
    # Performances that name this user but hang off someone else's interview (a drift
    # that check_integrity reports) are this user's data too.
    performances += _delete(Performance.objects.filter(user=user))
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


def interviews_import(*, user, records: list[HistoryRecord]) -> tuple[int, int]:
    """Write these interviews and their performances into the user's account; the two counts.

    In the lifecycle's order: a completed interview is written in progress, then its
    performance, then the interview is marked completed. Without a transaction an
    interruption leaves in-progress interviews whose performances exist, which
    completing them again (or importing the same records again) finishes.
    """
    interviews = [
        Interview(**record.interview, user=user)
        if not record.completed
        else Interview(**{**record.interview, "status": Status.IN_PROGRESS}, user=user)
        for record in records
    ]
    with atomic():
        interviews = Interview.objects.bulk_create(interviews)
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
        Interview.objects.bulk_update(
            [interview for interview, _ in completed], ["status", "completed_at", "performance"]
        )
    return len(interviews), len(performances)
