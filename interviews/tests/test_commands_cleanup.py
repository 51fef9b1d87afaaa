from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.utils import timezone

from accounts.models import ApiToken
from interviews.choices import Status
from interviews.models import Interview
from interviews.tests.factories import InterviewFactory
from performance.models import Performance
from performance.tests.factories import PerformanceFactory

pytestmark = pytest.mark.django_db


def run(name, *args):
    out = StringIO()
    call_command(name, *args, stdout=out)
    return out.getvalue()


def days_ago(days):
    return timezone.now() - timedelta(days=days)


@pytest.fixture
def stale_and_fresh(user):
    old_ready = InterviewFactory(user=user, created_at=days_ago(40), job_title="Old ready")
    old_started = InterviewFactory(
        user=user, created_at=days_ago(31), status=Status.IN_PROGRESS, job_title="Old started"
    )
    fresh = InterviewFactory(user=user, created_at=days_ago(29), job_title="Fresh")
    completed = PerformanceFactory(user=user, interview__created_at=days_ago(90))
    # An interrupted completion: in progress, but its performance exists.
    interrupted = PerformanceFactory(user=user, interview__created_at=days_ago(60))
    Interview.objects.filter(pk=interrupted.interview_id).update(
        status=Status.IN_PROGRESS, completed_at=None
    )
    return {
        "stale": [old_ready, old_started],
        "kept": [fresh, completed.interview, interrupted.interview],
    }


def test_stale_interviews_are_listed_and_left_without_delete(stale_and_fresh):
    output = run("expire_stale_interviews", "--days", "30")

    assert "2 ready or in-progress interviews created more than 30 days ago." in output
    assert "Old ready" in output
    assert "Old started" in output
    assert "Fresh" not in output
    assert "run again with --delete" in output
    assert Interview.objects.count() == 5


def test_delete_removes_only_the_stale_interviews(stale_and_fresh):
    output = run("expire_stale_interviews", "--days", "30", "--delete")

    assert "Deleted 2 interviews" in output
    remaining = set(Interview.objects.values_list("pk", flat=True))
    assert remaining == {interview.pk for interview in stale_and_fresh["kept"]}
    assert Performance.objects.count() == 2


def test_nothing_stale_is_said_plainly(user):
    InterviewFactory(user=user)
    output = run("expire_stale_interviews", "--days", "7", "--delete")
    assert "0 ready or in-progress interviews" in output
    assert Interview.objects.count() == 1


@pytest.mark.parametrize("days", ["0", "-3", "36501"])
def test_a_number_of_days_out_of_range_is_refused(days):
    with pytest.raises(CommandError, match="--days must be a whole number from 1 to 36500"):
        run("expire_stale_interviews", "--days", days)


def test_a_number_of_days_that_is_not_a_number_is_refused():
    with pytest.raises(CommandError, match="invalid int value"):
        run("expire_stale_interviews", "--days", "soon")


@pytest.fixture
def owner_data(user, other_user):
    PerformanceFactory.create_batch(2, user=user)
    InterviewFactory(user=user)
    ApiToken.issue(user=user, name="laptop")
    PerformanceFactory(user=other_user)
    ApiToken.issue(user=other_user, name="theirs")
    return user


def test_without_yes_delete_user_data_only_counts(owner_data):
    output = run("delete_user_data", owner_data.username)

    assert (
        f"Would remove from {owner_data.username}: 3 interviews, 2 performances, 1 token." in output
    )
    assert "run again with --yes" in output
    assert Interview.objects.filter(user=owner_data).count() == 3
    assert ApiToken.objects.filter(user=owner_data).exists()


def test_delete_user_data_erases_one_users_data_and_nobody_elses(owner_data, other_user):
    output = run("delete_user_data", owner_data.username, "--yes")

    assert f"Removed from {owner_data.username}: 3 interviews, 2 performances, 1 token." in (output)
    assert not Interview.objects.filter(user=owner_data).exists()
    assert not Performance.objects.filter(user=owner_data).exists()
    assert not ApiToken.objects.filter(user=owner_data).exists()
    assert User.objects.filter(pk=owner_data.pk).exists()
    assert Interview.objects.filter(user=other_user).count() == 1
    assert Performance.objects.filter(user=other_user).count() == 1
    assert ApiToken.objects.filter(user=other_user).count() == 1


def test_account_deletes_the_account_too(owner_data):
    output = run("delete_user_data", owner_data.username, "--yes", "--account")
    assert f"Deleted the account {owner_data.username}." in output
    assert not User.objects.filter(pk=owner_data.pk).exists()


def test_an_unknown_user_is_a_clear_error():
    with pytest.raises(CommandError, match="No user is named 'ghost'"):
        run("delete_user_data", "ghost", "--yes")
