"""The operator commands read and write a batch at a time: no query grows with the data,
and an interrupted seed_demo is finished by the next run."""

import json
import re
from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from interviewprep.db import IS_MONGODB
from interviews import cleanup, integrity, services, transfer
from interviews.choices import Status
from interviews.models import Interview
from interviews.tests.factories import InterviewFactory
from performance.models import Performance
from performance.tests.factories import PerformanceFactory

pytestmark = pytest.mark.django_db

SIZE = 2
ITEMS = 5


@pytest.fixture
def small_batches(monkeypatch):
    for module, name in (
        (services, "BATCH"),
        (services, "UPDATE_BATCH"),
        (cleanup, "BATCH"),
        (integrity, "CHUNK"),
        (transfer, "EXPORT_PAGE"),
    ):
        monkeypatch.setattr(module, name, SIZE)


def run(name, *args):
    out = StringIO()
    call_command(name, *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def captured(name, *args):
    """The command's output and the statements it sent."""
    with CaptureQueriesContext(connection) as queries:
        output = run(name, *args)
    return output, [query["sql"] for query in queries.captured_queries]


def longest_id_list(statements):
    """The most ids any one statement names: the items of an `IN (...)` on SQLite, the
    distinct ObjectIds of a command on MongoDB."""
    if IS_MONGODB:
        return max(len(set(re.findall(r"ObjectId\('(\w+)'\)", s))) for s in statements)
    lists = [
        len(items.split(","))
        for statement in statements
        for items in re.findall(r" IN \(([^()]*)\)", statement)
    ]
    return max(lists, default=0)


def batched_reads(statements, table):
    """How many statements read `table` a page at a time (LIMIT on SQLite, $limit on MongoDB)."""
    if IS_MONGODB:
        return sum(
            1 for statement in statements if f"db.{table}." in statement and "$limit" in statement
        )
    return sum(
        1
        for statement in statements
        if f'FROM "{table}"' in statement
        and statement.startswith("SELECT")
        and "LIMIT" in statement
    )


# On MongoDB a statement may also name the user, the last id of the page before (the
# keyset), or the performances of a batch of interviews.
BOUND = SIZE if not IS_MONGODB else 2 * SIZE + 1


def test_check_integrity_reads_page_by_page_with_bounded_lookups(small_batches, user):
    PerformanceFactory.create_batch(ITEMS, user=user)
    broken = PerformanceFactory(user=user)
    Interview.objects.filter(pk=broken.interview_id).update(status=Status.IN_PROGRESS)

    with (
        CaptureQueriesContext(connection) as queries,
        pytest.raises(CommandError, match="1 problem found"),
    ):
        run("check_integrity")
    statements = [query["sql"] for query in queries.captured_queries]

    # 6 interviews and 6 performances, 2 a page: 3 pages of each and an empty one.
    assert batched_reads(statements, "interviews") >= 4
    assert batched_reads(statements, "performances") >= 4
    assert longest_id_list(statements) <= BOUND


def test_check_integrity_finds_the_same_problems_across_pages(small_batches, user):
    PerformanceFactory.create_batch(ITEMS, user=user)
    completed = InterviewFactory(user=user, status=Status.COMPLETED, completed_at=timezone.now())
    drifted = PerformanceFactory(user=user)
    Performance.objects.filter(pk=drifted.pk).update(job_title="Elsewhere")

    out = StringIO()
    with pytest.raises(CommandError, match="2 problems found"):
        call_command("check_integrity", "-v", "2", stdout=out)
    assert f"interview {completed.pk} is completed but no performance" in out.getvalue()
    assert f"performance {drifted.pk} differs from interview" in out.getvalue()

    output = run("check_integrity", "--fix")
    assert "Everything is consistent now." in output
    assert Interview.objects.get(pk=completed.pk).status == Status.IN_PROGRESS
    assert Performance.objects.get(pk=drifted.pk).job_title == drifted.interview.job_title


def test_expire_stale_interviews_deletes_batch_by_batch(small_batches, user):
    old = timezone.now() - timedelta(days=40)
    stale = InterviewFactory.create_batch(ITEMS, user=user, created_at=old)
    interrupted = PerformanceFactory(user=user, interview__created_at=old)
    Interview.objects.filter(pk=interrupted.interview_id).update(status=Status.IN_PROGRESS)
    fresh = InterviewFactory(user=user)

    output, statements = captured("expire_stale_interviews", "--days", "30", "--delete")

    assert f"{ITEMS} ready or in-progress interviews created more than 30 days ago." in output
    assert f"Deleted {ITEMS} interviews and 0 performances." in output
    assert not Interview.objects.filter(pk__in=[i.pk for i in stale]).exists()
    assert Interview.objects.filter(pk__in=[fresh.pk, interrupted.interview_id]).count() == 2
    assert batched_reads(statements, "interviews") >= 3
    assert longest_id_list(statements) <= BOUND


def test_export_and_delete_of_a_person_go_batch_by_batch(small_batches, user, other_user, tmp_path):
    PerformanceFactory.create_batch(ITEMS, user=user)
    InterviewFactory(user=user)
    PerformanceFactory(user=other_user)
    path = tmp_path / "export.json"

    output, statements = captured("export_user_data", user.username, "--output", str(path))
    assert f"Exported {ITEMS + 1} interviews and {ITEMS} performances" in output
    assert "Warning" not in output
    assert batched_reads(statements, "interviews") >= 3
    assert batched_reads(statements, "performances") >= 3
    assert longest_id_list(statements) <= BOUND
    document = json.loads(path.read_text(encoding="utf-8"))
    assert len({record["id"] for record in document["interviews"]}) == ITEMS + 1
    assert {record["interviewId"] for record in document["performances"]} == {
        str(pk) for pk in Performance.objects.filter(user=user).values_list("interview", flat=True)
    }

    output, statements = captured("delete_user_data", user.username, "--yes")
    assert f"Removed from {user.username}: {ITEMS + 1} interviews, {ITEMS} performances" in output
    assert not Interview.objects.filter(user=user).exists()
    assert Performance.objects.filter(user=other_user).count() == 1
    assert longest_id_list(statements) <= BOUND


def test_seed_demo_writes_in_bounded_batches(small_batches, settings):
    settings.DEMO_PASSWORD = "demo-pass-123"
    output, statements = captured("seed_demo", "--interviews", str(ITEMS))

    assert f"Demo account `demo`: {ITEMS} completed interviews, 3 active." in output
    assert Interview.objects.completed().filter(performance__isnull=False).count() == ITEMS
    assert longest_id_list(statements) <= BOUND
    assert "Everything is consistent." in run("check_integrity")


class Interrupted(Exception):
    pass


@pytest.mark.parametrize("flag", [None, "--if-missing"])
def test_an_interrupted_seed_demo_is_finished_by_the_next_run(
    small_batches, settings, monkeypatch, flag
):
    settings.DEMO_PASSWORD = "demo-pass-123"
    write = services._import_batch
    calls = []

    def failing(user, records):
        calls.append(user.username)
        # The second batch of the second account: the first account is finished.
        if calls.count("demo-2") == 2:
            raise Interrupted
        return write(user, records)

    monkeypatch.setattr(services, "_import_batch", failing)
    with pytest.raises(Interrupted):
        run("seed_demo", "--users", "2", "--interviews", str(ITEMS))
    assert Performance.objects.filter(user__username="demo-2").count() == SIZE
    assert authenticate(username="demo-2", password="demo-pass-123") is None
    finished = set(Performance.objects.filter(user__username="demo").values_list("pk", flat=True))

    monkeypatch.setattr(services, "_import_batch", write)
    output = run("seed_demo", "--users", "2", "--interviews", str(ITEMS), *filter(None, [flag]))

    assert "1 demo account(s) left unfinished by an interrupted run" in output
    assert "1 existing demo account(s) left as they are." in output
    assert f"Demo account `demo-2`: {ITEMS} completed interviews, 3 active." in output
    for name in ("demo", "demo-2"):
        assert authenticate(username=name, password="demo-pass-123") is not None
        assert Performance.objects.filter(user__username=name).count() == ITEMS
        assert Interview.objects.filter(user__username=name).active().count() == 3
    assert (
        set(Performance.objects.filter(user__username="demo").values_list("pk", flat=True))
        == finished
    )
    assert "Everything is consistent." in run("check_integrity")
