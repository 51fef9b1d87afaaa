"""The weekly goal on the dashboard: set, changed, removed, and its progress and streak."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from dashboard.models import Goal
from interviewprep.testing import element_text, parse, select, select_one
from performance.models import Performance
from performance.tests.factories import PerformanceFactory

pytestmark = pytest.mark.django_db

# Monday 5 Jan 2026, 10:00 UTC: Monday in UTC, Tokyo and Los Angeles alike.
NOW = datetime.datetime(2026, 1, 5, 10, 0, tzinfo=datetime.UTC)
# 23:30 on Sunday in Los Angeles; Monday in UTC and Tokyo.
LATE_SUNDAY_IN_LOS_ANGELES = datetime.datetime(2026, 1, 5, 7, 30, tzinfo=datetime.UTC)
# 00:30 on Monday in Tokyo; Sunday in UTC and Los Angeles.
EARLY_MONDAY_IN_TOKYO = datetime.datetime(2026, 1, 4, 15, 30, tzinfo=datetime.UTC)


@pytest.fixture
def frozen_now(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: NOW)
    return NOW


def dashboard(client):
    response = client.get(reverse("dashboard:index"))
    assert response.status_code == 200
    return response


def test_anonymous_visitors_are_sent_to_log_in(client, user):
    Goal.objects.create(user=user, per_week=3)
    for method, name in [
        ("get", "dashboard:goal"),
        ("post", "dashboard:goal"),
        ("get", "dashboard:goal_remove"),
        ("post", "dashboard:goal_remove"),
    ]:
        response = getattr(client, method)(reverse(name), {"per_week": "5"})
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    assert Goal.objects.get(user=user).per_week == 3


def test_without_a_goal_the_dashboard_invites_the_person_to_set_one(client_for, user):
    response = dashboard(client_for(user))

    assert "Set a weekly goal to see how far you are" in element_text(response, "goal-progress")
    form = select_one(response, f'form[action="{reverse("dashboard:goal")}"]')
    assert "Set goal" in form.text
    assert not select(response, f'form[action="{reverse("dashboard:goal_remove")}"]')


def test_setting_a_goal_shows_this_weeks_progress(client_for, user, other_user):
    PerformanceFactory(user=user)
    client = client_for(user)

    response = client.post(reverse("dashboard:goal"), {"per_week": "3"})

    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard:index")
    assert Goal.objects.get(user=user).per_week == 3
    assert not Goal.objects.filter(user=other_user).exists()
    page = dashboard(client)
    assert "Your weekly goal is now 3." in page.content.decode()
    assert element_text(page, "goal-progress") == (
        "1 of 3 interviews done. 2 more to meet your goal by Sunday."
    )
    assert select_one(page, "progress.goal-bar").attrs["value"] == "1"


def test_changing_the_goal_keeps_one_goal_and_removing_it_leaves_none(client_for, user):
    Goal.objects.create(user=user, per_week=3)
    client = client_for(user)

    client.post(reverse("dashboard:goal"), {"per_week": "1"})
    assert list(Goal.objects.values_list("user", "per_week")) == [(user.pk, 1)]
    page = dashboard(client)
    assert "Change your goal" in page.content.decode()

    response = client.post(reverse("dashboard:goal_remove"))
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard:index")
    assert not Goal.objects.exists()
    page = dashboard(client)
    message = select_one(page, ".messages .alert")
    assert "Your weekly goal is removed." in message.text
    (again,) = message.select("a")
    assert again.text == "Set a goal again"
    assert again.attrs["href"] == reverse("dashboard:goal")


def test_the_card_asks_before_removing_the_goal(client_for, user):
    Goal.objects.create(user=user, per_week=3)

    page = dashboard(client_for(user))

    # No form removes it at once: the link opens the confirmation (a modal with JavaScript,
    # the confirmation page without).
    assert not select(page, f'#goal form[action="{reverse("dashboard:goal_remove")}"]')
    link = select_one(page, "#goal a.text-danger")
    assert link.text == "Remove goal"
    assert link.attrs["href"] == reverse("dashboard:goal_remove")
    modal = select_one(page, link.attrs["data-bs-target"])
    assert "Remove your weekly goal of 3 a week?" in modal.text
    assert "Your history and streak stay." in modal.text
    form = select_one(modal, "form")
    assert form.attrs["action"] == reverse("dashboard:goal_remove")
    assert form.attrs["method"] == "post"


def test_the_confirmation_page_asks_and_changes_nothing(client_for, user):
    Goal.objects.create(user=user, per_week=4)

    response = client_for(user).get(reverse("dashboard:goal_remove"))

    assert response.status_code == 200
    assert select_one(response, "h1").text == "Remove your weekly goal of 4 a week?"
    assert "Your history and streak stay." in response.content.decode()
    form = select_one(response, "main form")
    assert form.attrs["method"] == "post"
    assert select_one(form, "button[type=submit]").text == "Remove goal"
    cancel = select_one(form, "a")
    assert (cancel.text, cancel.attrs["href"]) == ("Cancel", reverse("dashboard:index"))
    assert Goal.objects.get(user=user).per_week == 4


def test_the_goal_page_links_to_the_confirmation(client_for, user):
    Goal.objects.create(user=user, per_week=2)
    page = parse(client_for(user).get(reverse("dashboard:goal")))
    remove = reverse("dashboard:goal_remove")
    link = select_one(page, f'a[href="{remove}"]')
    assert link.text == "Remove my goal"
    # The one form that removes it is the confirmation's, in the modal the link opens.
    (form,) = select(page, f'form[action="{remove}"]')
    assert form in select(page, f"{link.attrs['data-bs-target']} form")


@pytest.mark.parametrize("method", ["get", "post"])
def test_without_a_goal_there_is_nothing_to_confirm(client_for, user, other_user, method):
    Goal.objects.create(user=other_user, per_week=4)
    client = client_for(user)

    response = getattr(client, method)(reverse("dashboard:goal_remove"))

    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard:index")
    message = select_one(dashboard(client), ".messages .alert")
    assert message.text.strip() == "You have no weekly goal to remove."
    assert Goal.objects.get(user=other_user).per_week == 4


def test_removing_only_removes_ones_own_goal(client_for, user, other_user):
    Goal.objects.create(user=user, per_week=2)
    Goal.objects.create(user=other_user, per_week=4)
    client = client_for(user)

    page = client.get(reverse("dashboard:goal_remove"))
    assert "of 2 a week?" in select_one(page, "h1").text
    client.post(reverse("dashboard:goal_remove"))

    assert not Goal.objects.filter(user=user).exists()
    assert Goal.objects.get(user=other_user).per_week == 4


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("0", "Aim for at least 1 interview a week."),
        ("22", "At most 21 a week (3 a day)."),
        ("-3", "Aim for at least 1 interview a week."),
        ("three", "Enter a whole number from 1 to 21."),
        ("2.5", "Enter a whole number from 1 to 21."),
        ("", "Enter how many interviews a week you aim for"),
    ],
)
def test_a_goal_out_of_range_is_refused_with_a_clear_message(client_for, user, value, message):
    Goal.objects.create(user=user, per_week=2)

    response = client_for(user).post(reverse("dashboard:goal"), {"per_week": value})

    assert response.status_code == 200
    assert message in element_text(response, "error_1_id_per_week")
    assert Goal.objects.get(user=user).per_week == 2


def test_a_post_without_the_field_is_refused_too(client_for, user):
    response = client_for(user).post(reverse("dashboard:goal"))
    assert "Enter how many interviews a week" in element_text(response, "error_1_id_per_week")
    assert not Goal.objects.exists()


def test_the_goal_page_works_without_the_dashboard_card(client_for, user):
    Goal.objects.create(user=user, per_week=4)
    response = client_for(user).get(reverse("dashboard:goal"))
    assert response.status_code == 200
    assert select_one(response, "input[name=per_week]").attrs["value"] == "4"
    assert "your goal is now 4 a week" in response.content.decode()


# What each zone makes of the two interviews above, seen on NOW with a goal of 1.
BY_ZONE = {
    # One on Sunday (last week), one on Monday (this week).
    "UTC": ("1 of 1 interview done. Goal met, well done!", "2 weeks"),
    # Both on Monday: nothing last week, so the streak is this week alone.
    "Asia/Tokyo": ("2 of 1 interview done. Goal met, well done!", "1 week"),
    # Both on Sunday: this week is under way and last week's streak stands.
    "America/Los_Angeles": ("0 of 1 interview done. 1 more to meet your goal by Sunday.", "1 week"),
}


def test_the_week_and_the_streak_follow_the_sites_time_zone(
    client_for, user, site_zone, frozen_now
):
    Goal.objects.create(user=user, per_week=1)
    PerformanceFactory(user=user, completed_at=EARLY_MONDAY_IN_TOKYO)
    PerformanceFactory(user=user, completed_at=LATE_SUNDAY_IN_LOS_ANGELES)

    page = dashboard(client_for(user))

    this_week, streak = BY_ZONE[str(site_zone)]
    assert element_text(page, "goal-progress") == this_week
    assert f"Streak: {streak}" in element_text(page, "goal-streak")
    assert "(5 Jan 2026 to 11 Jan 2026)" in element_text(page, "goal-heading")


def test_excluded_interviews_count_towards_neither_the_week_nor_the_streak(
    client_for, user, site_zone, frozen_now
):
    Goal.objects.create(user=user, per_week=1)
    now = timezone.localtime(NOW, site_zone)
    counted = PerformanceFactory(user=user, completed_at=now - datetime.timedelta(days=7))
    PerformanceFactory(user=user, completed_at=now - datetime.timedelta(hours=1))
    PerformanceFactory(user=user, completed_at=now - datetime.timedelta(days=14))
    Performance.objects.filter(user=user).exclude(pk=counted.pk).update(excluded=True)

    goal = dashboard(client_for(user)).context["goal"]

    assert (goal["this_week"], goal["met"], goal["streak"], goal["best_streak"]) == (0, False, 1, 1)
