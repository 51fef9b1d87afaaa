import re
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from interviews.choices import Status
from interviews.integrity import KINDS
from interviews.models import Interview
from interviews.tests.factories import InterviewFactory, UserFactory
from performance.models import Performance
from performance.tests.factories import PerformanceFactory

pytestmark = pytest.mark.django_db


class TerminalOutput(StringIO):
    def isatty(self):
        return True


def check(*args, stdout=None):
    """The report of a run that ends with nothing left to repair (exit status 0)."""
    out = stdout or StringIO()
    call_command("check_integrity", *args, stdout=out)
    return out.getvalue()


def check_failing(*args, stdout=None):
    """The report and the error of a run that leaves problems (exit status 1)."""
    out = stdout or StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("check_integrity", *args, stdout=out)
    assert raised.value.returncode == 1
    return out.getvalue(), str(raised.value)


def counts(output):
    """{label: count} from the report's "  label: n" lines."""
    found = {}
    for label in KINDS.values():
        match = re.search(rf"^  {re.escape(label)}: (\d+)$", output, re.MULTILINE)
        found[label] = int(match.group(1))
    return found


def dead_performance_pk():
    """The id of a performance that existed and was deleted, so that nothing has it."""
    performance = PerformanceFactory()
    pk = performance.pk
    Interview.objects.filter(pk=performance.interview_id).delete()  # takes the performance too
    return pk


def performance_without_interview(user):
    interview = InterviewFactory(user=user, status=Status.COMPLETED)
    dead_interview = interview.pk
    interview.delete()
    return Performance.objects.create(
        user=user,
        interview_id=dead_interview,
        job_title="Ghost",
        company_name="Nowhere",
        interview_type="dsa",
        experience_level="mid",
        completed_at=timezone.now(),
        total_questions=5,
        correct_answers=3,
        score=60,
        time_spent=20,
    )


@pytest.fixture
def orphans():
    """Performances planted without an interview, removed at the end if a test left them:
    SQLite checks its foreign keys when a test ends."""
    planted = []
    yield planted
    Performance.objects.filter(pk__in=[p.pk for p in planted]).delete()


def snapshot():
    return (
        sorted(map(repr, Interview.objects.order_by("pk").values())),
        sorted(map(repr, Performance.objects.order_by("pk").values())),
    )


@pytest.fixture
def planted(orphans):
    """A database with every kind of inconsistency, and healthy rows beside them."""
    user = UserFactory()
    healthy = PerformanceFactory(user=user)
    InterviewFactory(user=user)  # a ready interview, as it should be

    orphan = performance_without_interview(user)
    orphans.append(orphan)

    in_progress = PerformanceFactory(user=user)
    Interview.objects.filter(pk=in_progress.interview_id).update(
        status=Status.IN_PROGRESS, completed_at=None
    )
    ready = PerformanceFactory(user=user)
    Interview.objects.filter(pk=ready.interview_id).update(status=Status.READY, completed_at=None)

    no_performance = InterviewFactory(
        user=user, status=Status.COMPLETED, completed_at=timezone.now()
    )

    no_date = PerformanceFactory(user=user)
    Interview.objects.filter(pk=no_date.interview_id).update(completed_at=None)

    pointer_to_nothing = InterviewFactory(user=user, performance_id=dead_performance_pk())
    pointer_to_other = InterviewFactory(user=user, performance=healthy)
    pointer_missing = PerformanceFactory(user=user)
    Interview.objects.filter(pk=pointer_missing.interview_id).update(performance=None)

    copies_differ = PerformanceFactory(user=user)
    Performance.objects.filter(pk=copies_differ.pk).update(
        job_title="Edited title", user=UserFactory()
    )
    return {
        "healthy": healthy,
        "orphan": orphan,
        "in_progress": in_progress,
        "ready": ready,
        "no_performance": no_performance,
        "no_date": no_date,
        "pointer_to_nothing": pointer_to_nothing,
        "pointer_to_other": pointer_to_other,
        "pointer_missing": pointer_missing,
        "copies_differ": copies_differ,
    }


PLANTED_COUNTS = {
    "Performances whose interview is missing": 1,
    "Performances whose interview is not completed": 2,
    "Completed interviews without a performance": 1,
    "Completed interviews without completedAt": 1,
    "Interviews whose performanceId is wrong": 3,
    "Performances whose copied fields differ from their interview": 1,
}


def test_a_consistent_database_reports_nothing():
    PerformanceFactory()
    InterviewFactory()
    output = check()
    assert set(counts(output).values()) == {0}
    assert "Everything is consistent." in output


def test_the_report_counts_each_planted_kind_changes_nothing_and_fails(planted):
    before = snapshot()
    output, error = check_failing()
    assert counts(output) == PLANTED_COUNTS
    assert "Found 9 problems" in output
    assert "run again with --fix" in output
    assert error == "9 problems found, not repaired."
    assert snapshot() == before
    check("--fix")  # SQLite checks foreign keys when the test ends: leave no orphan


def test_verbose_output_names_each_problem(planted):
    output, _error = check_failing("--verbosity", "2")
    assert f"interview {planted['no_performance'].pk} is completed but no performance" in output
    assert f"performance {planted['orphan'].pk} belongs to interview" in output
    assert f"performance {planted['copies_differ'].pk} differs from interview" in output
    assert "in userId, jobTitle" in output
    assert (
        f"interview {planted['pointer_to_other'].pk} has performanceId {planted['healthy'].pk}, "
        f"the performance of interview {planted['healthy'].interview_id}"
    ) in output
    check("--fix")


def test_fix_repairs_every_kind_and_a_second_run_finds_nothing(planted):
    output = check("--fix")
    assert counts(output) == PLANTED_COUNTS
    assert "Everything is consistent now." in output

    second = check("--fix")
    assert set(counts(second).values()) == {0}
    assert "Everything is consistent." in second
    assert "Repairs:" not in second

    # Performances without an interview are deleted.
    assert not Performance.objects.filter(pk=planted["orphan"].pk).exists()
    # Interviews that have a performance are completed with its date and linked to it.
    for name in ("in_progress", "ready"):
        performance = Performance.objects.get(pk=planted[name].pk)
        interview = Interview.objects.get(pk=performance.interview_id)
        assert interview.status == Status.COMPLETED
        assert interview.completed_at == performance.completed_at
        assert interview.performance_id == performance.pk
    # A completed interview without a performance goes back in progress.
    reopened = Interview.objects.get(pk=planted["no_performance"].pk)
    assert (reopened.status, reopened.completed_at, reopened.performance_id) == (
        Status.IN_PROGRESS,
        None,
        None,
    )
    # A missing completedAt comes from the performance.
    no_date = Performance.objects.get(pk=planted["no_date"].pk)
    assert Interview.objects.get(pk=no_date.interview_id).completed_at == no_date.completed_at
    # Wrong pointers are cleared or set to the interview's own performance.
    assert Interview.objects.get(pk=planted["pointer_to_nothing"].pk).performance_id is None
    assert Interview.objects.get(pk=planted["pointer_to_other"].pk).performance_id is None
    missing = planted["pointer_missing"]
    assert Interview.objects.get(pk=missing.interview_id).performance_id == missing.pk
    # Copies on the performance are taken from its interview.
    copies = Performance.objects.get(pk=planted["copies_differ"].pk)
    interview = Interview.objects.get(pk=copies.interview_id)
    assert (copies.job_title, copies.user_id) == (interview.job_title, interview.user_id)
    # The healthy rows are untouched.
    healthy = Performance.objects.get(pk=planted["healthy"].pk)
    assert Interview.objects.get(pk=healthy.interview_id).performance_id == healthy.pk


def test_a_performance_that_breaks_the_rules_is_left_and_reported():
    performance = PerformanceFactory(score=72)
    Interview.objects.filter(pk=performance.interview_id).update(
        status=Status.IN_PROGRESS, completed_at=None
    )
    Performance.objects.filter(pk=performance.pk).update(correct_answers=99)

    output, error = check_failing("--fix")
    assert "Not repaired" in output
    assert "Cannot be more than the total questions" in output
    assert "Everything is consistent now." not in output
    assert error == "1 problem left after repair."
    assert Interview.objects.get(pk=performance.interview_id).status == Status.IN_PROGRESS


def test_the_progress_bar_shows_on_a_terminal_only(planted):
    piped = check("--fix")
    assert "\r" not in piped
    assert "[#" not in piped

    Interview.objects.filter(pk=planted["no_date"].interview_id).update(completed_at=None)
    terminal = check("--fix", stdout=TerminalOutput())
    assert "\rChecking [" in terminal
    assert "\rRepairing [" in terminal


def test_completed_at_differences_count_as_copied_fields():
    performance = PerformanceFactory()
    Performance.objects.filter(pk=performance.pk).update(
        completed_at=performance.completed_at - timedelta(hours=1)
    )
    output = check("--verbosity", "2", "--fix")
    assert "in completedAt" in output
    assert (
        Performance.objects.get(pk=performance.pk).completed_at
        == Interview.objects.get(pk=performance.interview_id).completed_at
    )
