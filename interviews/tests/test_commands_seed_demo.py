from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

from interviews.models import Interview
from performance.models import Performance

pytestmark = pytest.mark.django_db


class TerminalOutput(StringIO):
    def isatty(self):
        return True


def seed(*args, stdout=None):
    out = stdout or StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def test_users_and_interviews_build_several_accounts_in_bulk(settings):
    settings.DEMO_PASSWORD = "demo-pass-123"
    output = seed("--users", "3", "--interviews", "4")

    assert "3 demo accounts (demo ... demo-3): 12 completed interviews and 9 active" in output
    for name in ("demo", "demo-2", "demo-3"):
        user = authenticate(username=name, password="demo-pass-123")
        assert user is not None
        assert Performance.objects.filter(user=user).count() == 4
        assert Interview.objects.filter(user=user).active().count() == 3
    # Each account has its own history, not a copy of the first one.
    scores = {
        name: list(
            Performance.objects.filter(user__username=name)
            .order_by("completed_at")
            .values_list("score", flat=True)
        )
        for name in ("demo", "demo-2")
    }
    assert scores["demo"] != scores["demo-2"]
    assert "\r" not in output


def test_if_missing_builds_only_the_accounts_that_are_missing(settings):
    settings.DEMO_PASSWORD = "demo-pass-123"
    seed("--interviews", "2")
    output = seed("--users", "2", "--interviews", "5", "--if-missing")

    assert "1 existing demo account(s) left as they are." in output
    assert Performance.objects.filter(user__username="demo").count() == 2
    assert Performance.objects.filter(user__username="demo-2").count() == 5


def test_replace_rebuilds_every_account(settings):
    settings.DEMO_PASSWORD = "demo-pass-123"
    seed("--users", "2", "--interviews", "3")
    with pytest.raises(CommandError, match="demo, demo-2"):
        seed("--users", "2", "--interviews", "3")
    seed("--users", "2", "--interviews", "1", "--replace")

    assert User.objects.filter(username__startswith="demo").count() == 2
    assert Performance.objects.count() == 2
    assert Interview.objects.count() == 2 + 6


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--users", "0"), "--users must be from 1 to 10000"),
        (("--users", "10001"), "--users must be from 1 to 10000"),
        (("--interviews", "-1"), "--interviews must be from 0 to 100000"),
        (("--users", "many"), "invalid int value"),
    ],
)
def test_bad_numbers_are_refused(args, message):
    with pytest.raises(CommandError, match=message):
        seed(*args)
    assert not User.objects.exists()


def test_a_terminal_sees_a_progress_bar(settings):
    settings.DEMO_PASSWORD = "demo-pass-123"
    output = seed("--users", "2", "--interviews", "1", stdout=TerminalOutput())
    assert "\rDemo accounts [" in output
    assert "2/2" in output
