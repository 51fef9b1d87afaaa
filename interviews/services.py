"""The interview lifecycle: ready -> in-progress -> completed, and deletion.

Completion writes two documents without relying on a transaction: the
performance first (its unique `interviewId` makes a second insert fail), then the
interview. A crash between the two leaves an in-progress interview whose
performance exists; the next completion attempt finds it and finishes the job.
Where the database offers transactions (SQLite, a MongoDB replica set) both
writes are also made in one.
"""

import time

from django.db import DatabaseError
from django.utils import timezone

from interviewprep.db import atomic
from interviews.choices import Status
from interviews.models import Interview
from interviews.validation import clean_interview, clean_performance
from performance.models import Performance

COMPLETION_ATTEMPTS = 3


class TransitionError(Exception):
    """An action that the interview's current status does not allow."""


def interview_create(*, user, data, created_at=None):
    """Create a ready interview from the specification's fields."""
    cleaned = clean_interview(data)
    return Interview.objects.create(
        user=user,
        job_title=cleaned["jobTitle"],
        company_name=cleaned["companyName"],
        interview_type=cleaned["interviewType"],
        experience_level=cleaned["experienceLevel"],
        status=Status.READY,
        created_at=created_at or timezone.now(),
    )


def interview_start(*, interview):
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


def interview_complete(*, interview, data, completed_at=None):
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
            user_id=interview.user_id,
            interview_id=interview.pk,
            job_title=interview.job_title,
            company_name=interview.company_name,
            interview_type=interview.interview_type,
            experience_level=interview.experience_level,
            completed_at=completed_at or timezone.now(),
            total_questions=cleaned["totalQuestions"],
            correct_answers=cleaned["correctAnswers"],
            score=cleaned["score"],
            time_spent=cleaned["timeSpent"],
            feedback=cleaned["feedback"],
            round_results=cleaned["roundResults"],
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


def _mark_completed(interview, performance):
    Interview.objects.filter(pk=interview.pk).update(
        status=Status.COMPLETED,
        completed_at=performance.completed_at,
        performance=performance,
    )
    interview.status = Status.COMPLETED
    interview.completed_at = performance.completed_at
    interview.performance = performance


def interview_delete(*, interview):
    """Delete the interview and its performance."""
    # The performance goes first: if the second write never happens, what is left
    # is an interview that can be deleted again, never a performance without one.
    with atomic():
        Performance.objects.filter(interview_id=interview.pk).delete()
        Interview.objects.filter(pk=interview.pk).delete()
