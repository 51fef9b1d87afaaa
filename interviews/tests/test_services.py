import threading
from contextlib import nullcontext

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from interviews import services
from interviews.choices import Status
from interviews.models import Interview
from interviews.services import (
    TransitionError,
    interview_complete,
    interview_create,
    interview_delete,
    interview_start,
)
from interviews.tests.factories import InterviewFactory, UserFactory, results
from performance.models import Performance
from performance.tests.factories import PerformanceFactory

pytestmark = pytest.mark.django_db


def test_a_new_interview_is_ready(user):
    interview = interview_create(
        user=user,
        data={
            "job_title": "Data Engineer",
            "company_name": "Globex",
            "interview_type": "mixed",
            "experience_level": "entry",
        },
    )
    interview.refresh_from_db()
    assert interview.status == Status.READY
    assert interview.user == user
    assert interview.completed_at is None
    assert interview.performance is None


def test_bad_interview_data_creates_nothing(user):
    with pytest.raises(ValidationError):
        interview_create(user=user, data={"job_title": "", "company_name": "Globex"})
    assert not Interview.objects.exists()


def test_starting_a_ready_interview_puts_it_in_progress():
    interview = InterviewFactory()
    interview_start(interview=interview)
    interview.refresh_from_db()
    assert interview.status == Status.IN_PROGRESS


@pytest.mark.parametrize("status", [Status.IN_PROGRESS, Status.COMPLETED])
def test_only_a_ready_interview_can_be_started(status):
    interview = InterviewFactory(status=status)
    with pytest.raises(TransitionError, match="only a ready interview can be started"):
        interview_start(interview=interview)
    interview.refresh_from_db()
    assert interview.status == status


def test_completing_saves_the_performance_with_the_interviews_fields():
    interview = InterviewFactory(
        status=Status.IN_PROGRESS,
        job_title="SRE",
        company_name="Initech",
        interview_type="dsa",
        experience_level="senior",
    )
    performance, created = interview_complete(interview=interview, data=results(score=64))

    assert created
    interview.refresh_from_db()
    performance.refresh_from_db()
    assert interview.status == Status.COMPLETED
    assert interview.performance == performance
    assert interview.completed_at == performance.completed_at
    assert (performance.user, performance.interview) == (interview.user, interview)
    assert (
        performance.job_title,
        performance.company_name,
        performance.interview_type,
        performance.experience_level,
    ) == ("SRE", "Initech", "dsa", "senior")
    assert performance.score == 64
    assert performance.feedback.strengths == ["Clear communication"]
    assert performance.round_results[1].round_type == "behavioral"


def test_a_ready_interview_cannot_be_completed():
    interview = InterviewFactory()
    with pytest.raises(TransitionError, match="start it before completing it"):
        interview_complete(interview=interview, data=results())
    interview.refresh_from_db()
    assert interview.status == Status.READY
    assert not Performance.objects.exists()


def test_invalid_results_change_nothing():
    interview = InterviewFactory(status=Status.IN_PROGRESS)
    with pytest.raises(ValidationError):
        interview_complete(interview=interview, data=results(correct_answers=11))
    interview.refresh_from_db()
    assert interview.status == Status.IN_PROGRESS
    assert not Performance.objects.exists()


def test_completing_twice_keeps_the_first_performance_unchanged():
    interview = InterviewFactory(status=Status.IN_PROGRESS)
    first, created_first = interview_complete(interview=interview, data=results(score=50))
    again, created_again = interview_complete(interview=interview, data=results(score=99))

    assert (created_first, created_again) == (True, False)
    assert again.pk == first.pk
    assert Performance.objects.get().score == 50


def test_a_crash_between_the_writes_is_finished_by_the_next_attempt(monkeypatch):
    """Without a transaction, a crash after the performance insert leaves it for the next try."""
    interview = InterviewFactory(status=Status.IN_PROGRESS)
    monkeypatch.setattr(services, "atomic", nullcontext)
    real_mark = services._mark_completed

    def crash(*args, **kwargs):
        raise RuntimeError("process killed")

    monkeypatch.setattr(services, "_mark_completed", crash)
    with pytest.raises(RuntimeError):
        interview_complete(interview=interview, data=results(score=81))
    interview.refresh_from_db()
    assert interview.status == Status.IN_PROGRESS, "never completed without its performance"
    assert Performance.objects.count() == 1

    monkeypatch.setattr(services, "_mark_completed", real_mark)
    performance, created = interview_complete(interview=interview, data=results(score=20))

    interview.refresh_from_db()
    assert not created
    assert performance.score == 81
    assert interview.status == Status.COMPLETED
    assert interview.performance_id == performance.pk
    assert Performance.objects.count() == 1


def test_a_crash_inside_the_transaction_leaves_nothing_behind(monkeypatch):
    interview = InterviewFactory(status=Status.IN_PROGRESS)

    def crash(*args, **kwargs):
        raise RuntimeError("process killed")

    monkeypatch.setattr(services, "_mark_completed", crash)
    with pytest.raises(RuntimeError):
        interview_complete(interview=interview, data=results())
    interview.refresh_from_db()
    assert interview.status == Status.IN_PROGRESS
    # Both test backends have transactions (SQLite, a replica set): the insert is undone.
    assert not Performance.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_concurrent_completions_make_exactly_one_performance():
    interview = InterviewFactory(status=Status.IN_PROGRESS)
    workers = 4
    barrier = threading.Barrier(workers)
    outcomes, failures = [], []

    def complete(score):
        try:
            mine = Interview.objects.get(pk=interview.pk)
            barrier.wait()
            outcomes.append(interview_complete(interview=mine, data=results(score=score)))
        except Exception as error:
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=complete, args=(10 * n,)) for n in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    assert Performance.objects.count() == 1
    saved = Performance.objects.get()
    assert {performance.pk for performance, _ in outcomes} == {saved.pk}
    assert sorted(created for _, created in outcomes) == [False] * (workers - 1) + [True]
    interview.refresh_from_db()
    assert interview.status == Status.COMPLETED
    assert interview.performance_id == saved.pk


def test_deleting_a_completed_interview_deletes_its_performance():
    performance = PerformanceFactory()
    keep = PerformanceFactory()
    interview_delete(interview=performance.interview)
    assert list(Interview.objects.all()) == [keep.interview]
    assert list(Performance.objects.all()) == [keep]


def test_deleting_an_active_interview_leaves_other_interviews(user):
    doomed = InterviewFactory(user=user)
    other = InterviewFactory(user=UserFactory())
    interview_delete(interview=doomed)
    assert list(Interview.objects.all()) == [other]


@pytest.mark.django_db(transaction=True)
def test_the_lifecycle_works_inside_djangos_own_atomic_block():
    """The admin wraps its views in transaction.atomic(); the services must still work there."""
    interview = InterviewFactory(status=Status.IN_PROGRESS)
    with transaction.atomic():
        interview_complete(interview=interview, data=results())
        interview_delete(interview=interview)
    assert not Interview.objects.exists()
    assert not Performance.objects.exists()


def test_corrected_results_replace_the_saved_ones(user):
    performance = PerformanceFactory(user=user, scored_by="self")
    interview = performance.interview

    services.interview_update_results(
        interview=interview, data=results(score=40.0, round_results=[])
    )

    performance.refresh_from_db()
    assert (performance.score, performance.round_results) == (40.0, [])
    # Figures typed in are no longer the session's: the performance is entered by hand.
    assert (performance.scored_by, performance.revision) == ("manual", 1)
    interview.refresh_from_db()
    assert (interview.status, interview.performance_id) == (Status.COMPLETED, performance.pk)


def test_a_correction_of_the_feedback_alone_keeps_the_scorer(user):
    performance = PerformanceFactory(user=user, scored_by="ai")
    feedback = {"overall": "Better than it felt.", "strengths": [], "improvements": []}

    services.interview_update_results(
        interview=performance.interview, data={**performance.results(), "feedback": feedback}
    )

    performance.refresh_from_db()
    assert performance.feedback.overall == "Better than it felt."
    assert (performance.scored_by, performance.revision) == ("ai", 1)


def test_saving_the_same_results_changes_nothing(user):
    performance = PerformanceFactory(user=user, scored_by="self")

    services.interview_update_results(interview=performance.interview, data=performance.results())

    performance.refresh_from_db()
    assert (performance.scored_by, performance.revision) == ("self", 0)


def test_bad_corrections_are_refused_and_change_nothing(user):
    performance = PerformanceFactory(user=user, score=55)

    with pytest.raises(ValidationError) as error:
        services.interview_update_results(
            interview=performance.interview, data=results(correct_answers=11)
        )

    assert "correct_answers" in error.value.message_dict
    performance.refresh_from_db()
    assert (performance.score, performance.revision) == (55, 0)


@pytest.mark.parametrize("status", [Status.READY, Status.IN_PROGRESS])
def test_only_a_completed_interviews_results_can_be_corrected(user, status):
    interview = InterviewFactory(user=user, status=status)

    with pytest.raises(TransitionError):
        services.interview_update_results(interview=interview, data=results())

    assert not Performance.objects.exists()
