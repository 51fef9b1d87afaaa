from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command

from interviews.choices import Status
from interviews.models import Interview
from performance.models import Performance

pytestmark = pytest.mark.usefixtures("shipped_bank")


def seed(*args, **settings_overrides):
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def test_the_demo_account_gets_a_realistic_history(settings):
    settings.DEMO_PASSWORD = "demo-pass-123"
    output = seed()

    assert "60 completed interviews, 3 active" in output
    user = authenticate(username="demo", password="demo-pass-123")
    assert user is not None
    interviews = Interview.objects.for_user(user)
    assert interviews.completed().count() == 60
    assert set(interviews.active().values_list("status", flat=True)) == {
        Status.READY,
        Status.IN_PROGRESS,
    }
    performances = Performance.objects.for_user(user)
    assert performances.count() == 60
    assert set(performances.values_list("interview_type", flat=True)) == {
        "technical",
        "behavioral",
        "mixed",
        "dsa",
    }
    assert set(performances.values_list("experience_level", flat=True)) == {
        "entry",
        "mid",
        "senior",
    }
    assert len(set(performances.values_list("company_name", flat=True))) >= 4
    for interview in interviews.completed().select_related("performance"):
        assert interview.performance.interview_id == interview.pk
        assert interview.completed_at == interview.performance.completed_at
    scores = list(performances.order_by("completed_at").values_list("score", flat=True))
    assert sum(scores[-15:]) / 15 > sum(scores[:15]) / 15, "later interviews score better"
    # Each is a practice session from the bank, scored as the app scores them.
    for interview in interviews.completed().select_related("performance")[:10]:
        assert interview.questions
        assert interview.performance.total_questions == len(interview.questions)
        assert interview.performance.scored_by == "self"
        assert all(question.state != "answered" for question in interview.questions)
        assert any(
            question.answer or question.choice is not None for question in interview.questions
        )
    started = interviews.get(status=Status.IN_PROGRESS)
    assert started.questions
    assert started.questions[0].answer


def test_a_generated_password_is_printed_when_none_is_configured(settings):
    settings.DEMO_PASSWORD = ""
    output = seed()
    password = output.rsplit(": ", 1)[1].strip()
    assert authenticate(username="demo", password=password) is not None


def test_an_existing_demo_account_is_refused_without_replace(settings):
    settings.DEMO_PASSWORD = "demo-pass-123"
    seed()
    with pytest.raises(CommandError, match="--replace"):
        seed()
    assert Performance.objects.count() == 60


def test_replace_rebuilds_and_if_missing_leaves_it(settings):
    settings.DEMO_PASSWORD = "demo-pass-123"
    seed()
    assert "left as it is" in seed("--if-missing")
    seed("--replace")
    assert Performance.objects.count() == 60
    assert Interview.objects.count() == 63


def test_the_demo_account_shows_goal_streak_weaknesses_planner_exclusion_and_a_share(
    settings, site_zone, client
):
    from django.contrib.auth.models import User
    from django.utils import timezone

    from dashboard import goals
    from dashboard.models import Goal
    from dashboard.planner import history_report, next_session
    from interviews.models import QuestionStat
    from sharing.models import Share

    settings.DEMO_PASSWORD = "demo-pass-123"
    seed()
    user = User.objects.get(username="demo")
    report = history_report(user, days=True)

    # A weekly goal of 3, met in each of the last eight weeks; this week is under way.
    assert Goal.objects.per_week(user) == 3
    progress = goals.progress(report["activity"], 3, timezone.localdate())
    assert progress["streak"] == 8
    assert progress["this_week"] < 3
    # Weaknesses in each status, from the interview loops' notes.
    counts = report["weaknesses"]["counts"]
    assert counts["open"] >= 1
    assert counts["resolved"] >= 1
    assert counts["regressed"] >= 1
    texts = {item["text"]: item["status"] for item in report["weaknesses"]["items"]}
    assert texts["Time management"] == "regressed"
    assert texts["Explain trade-offs out loud"] == "resolved"
    assert texts["Quantify impact in stories"] == "open"
    # The planner proposes a session with questions due for review.
    assert QuestionStat.objects.filter(user=user).exists()
    plan = next_session(user=user, report=report)
    assert plan["ready"]
    assert plan["due_count"] > 0
    assert any("due for review" in reason for reason in plan["reasons"])
    # The first session, a test run, is excluded from the statistics.
    (excluded,) = Performance.objects.for_user(user).filter(excluded=True)
    assert excluded.job_title == "Test run"
    first = Performance.objects.for_user(user).earliest("completed_at")
    assert excluded.pk == first.pk
    assert report["summary"]["count"] == 59
    assert report["summary"]["excluded"] == 1
    # One active share link, which opens without a login.
    (share,) = Share.objects.for_user(user)
    assert share.status() == "active"
    response = client.get(share.get_absolute_url())
    assert response.status_code == 200
    assert share.label in response.content.decode()


def test_rebuilding_the_demo_account_keeps_one_goal_one_share_and_one_stat_per_question(
    settings,
):
    from django.contrib.auth.models import User

    from dashboard.models import Goal
    from interviews.models import QuestionStat
    from sharing.models import Share

    settings.DEMO_PASSWORD = "demo-pass-123"
    seed()
    user = User.objects.get(username="demo")
    stats = QuestionStat.objects.filter(user=user).count()

    seed("--replace")

    assert Goal.objects.filter(user=user).count() == 1
    assert Share.objects.for_user(user).count() == 1
    assert QuestionStat.objects.filter(user=user).count() == stats
    assert Performance.objects.filter(excluded=True).count() == 1
