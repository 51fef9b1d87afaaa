import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.asserts import assertNotContains

from interviewprep.testing import element_text, select, select_one, texts
from interviews.choices import Status
from interviews.models import Interview
from interviews.plans import snapshot
from interviews.services import interview_complete
from interviews.tests.factories import InterviewFactory, QuestionFactory, results
from performance.tests.factories import PerformanceFactory

pytestmark = pytest.mark.django_db


def stat(response, name):
    return response.context["stats"][name]


def test_the_site_root_leads_to_the_dashboard(client_for, user):
    response = client_for(user).get("/")
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard:index")


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(reverse("dashboard:index"))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next=/dashboard/"


def test_the_dashboard_lists_only_the_users_active_interviews_newest_first(
    client_for, user, other_user
):
    older = InterviewFactory(user=user, job_title="Older role")
    newer = InterviewFactory(user=user, job_title="Newer role", status=Status.IN_PROGRESS)
    PerformanceFactory(user=user, job_title="Finished role")
    InterviewFactory(user=other_user, job_title="Someone else's role")

    response = client_for(user).get(reverse("dashboard:index"))

    assert list(response.context["page"].object_list) == [newer, older]
    active = select_one(response, "section[aria-labelledby=active-heading]")
    assert "Finished role" not in active.text
    assertNotContains(response, "Someone else")
    history_links = texts(response, f'main a[href="{reverse("performance:history")}"]')
    assert "Performance Stats" in history_links


def test_each_active_interview_offers_the_action_its_status_allows(client_for, user):
    ready = InterviewFactory(user=user)
    practising = InterviewFactory(user=user, status=Status.IN_PROGRESS)
    Interview.objects.filter(pk=practising.pk).update(questions=[snapshot(QuestionFactory())])
    outside = InterviewFactory(user=user, status=Status.IN_PROGRESS)
    response = client_for(user).get(reverse("dashboard:index"))
    start = select_one(response, f'form[action="{reverse("interviews:start", args=[ready.pk])}"]')
    assert texts(start, "button[type=submit]") == [f"Start practice {ready}"]
    log = f'a[href="{reverse("interviews:complete", args=[ready.pk])}"]'
    assert texts(response, log) == [f"Log an outside interview as {ready}"]
    for started in (practising, outside):
        assertNotContains(response, reverse("interviews:start", args=[started.pk]))
    carry_on = f'a[href="{reverse("interviews:session", args=[practising.pk])}"]'
    assert texts(response, carry_on) == [f"Continue {practising}"]
    assertNotContains(response, reverse("interviews:complete", args=[practising.pk]))
    complete = f'a[href="{reverse("interviews:complete", args=[outside.pk])}"]'
    assert texts(response, complete) == [f"Enter results of {outside}"]
    delete = f'a[href="{reverse("interviews:delete", args=[ready.pk])}"]'
    assert select_one(response, delete).attrs["data-bs-target"] == f"#delete-modal-{ready.pk}"
    modal = select_one(response, f"#delete-modal-{ready.pk}")
    assert texts(modal, "h2") == ["Delete this interview?"]
    assert [form.attrs["action"] for form in select(modal, "form")] == [
        reverse("interviews:delete", args=[ready.pk])
    ]


def test_the_stat_cards_count_and_average_the_users_own_results(client_for, user, other_user):
    InterviewFactory(user=user)
    PerformanceFactory(user=user, score=60, completed_at="2026-01-01T10:00Z")
    PerformanceFactory(user=user, score=90, completed_at="2026-03-01T10:00Z")
    PerformanceFactory(user=user, score=75, completed_at="2026-02-01T10:00Z")
    PerformanceFactory(user=other_user, score=5)

    response = client_for(user).get(reverse("dashboard:index"))

    assert response.context["active_count"] == 1
    assert stat(response, "count") == 3
    assert stat(response, "average_score") == 75
    assert stat(response, "latest_score") == 90


def test_a_new_user_sees_empty_states(client_for, user):
    response = client_for(user).get(reverse("dashboard:index"))
    empty_state = texts(response, "section[aria-labelledby=active-heading] p")
    assert empty_state[0] == "Welcome! Start with your first practice interview."
    assert "press Start practice" in empty_state[1]
    assert stat(response, "count") == 0
    assert stat(response, "average_score") is None
    assert element_text(response, "stat-average") == "—"
    # Nothing to look back on yet: no results, no trend, no advice.
    assert not select(response, "#recent-heading")
    assert not select(response, "#next-steps-heading")


def test_completing_an_interview_moves_it_off_the_dashboard_and_counts_it(client_for, user):
    interview = InterviewFactory(user=user, status=Status.IN_PROGRESS, job_title="Moving role")
    client = client_for(user)
    before = client.get(reverse("dashboard:index"))
    assert element_text(before, f"interview-{interview.pk}").startswith("Moving role")

    interview_complete(interview=interview, data=results(score=70))

    after = client.get(reverse("dashboard:index"))
    assert not select(after, f"#interview-{interview.pk}")
    assert texts(after, ".recent-results a") == ["Moving role"]
    assert stat(after, "count") == stat(before, "count") + 1
    assert after.context["active_count"] == before.context["active_count"] - 1
    assert stat(after, "latest_score") == 70


def test_the_active_list_is_paginated(client_for, user):
    InterviewFactory.create_batch(21, user=user)
    client = client_for(user)
    first = client.get(reverse("dashboard:index"))
    second = client.get(reverse("dashboard:index"), {"page": 2})
    assert len(first.context["page"].object_list) == 20
    assert len(second.context["page"].object_list) == 1
    assert client.get(reverse("dashboard:index"), {"page": "x"}).status_code == 200


def test_the_dashboard_makes_the_same_number_of_queries_for_more_data(
    client_for, user, django_assert_num_queries
):
    client = client_for(user)
    InterviewFactory(user=user)
    PerformanceFactory(user=user)
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("dashboard:index"))
    InterviewFactory.create_batch(5, user=user)
    PerformanceFactory.create_batch(5, user=user)
    with django_assert_num_queries(len(small)):
        client.get(reverse("dashboard:index"))


def test_a_returning_user_sees_the_latest_results_their_trend_and_what_to_work_on_next(
    client_for, user
):
    for day, score in enumerate([50, 60, 55.5, 70, 72, 80]):
        PerformanceFactory(
            user=user,
            job_title=f"Role {day}",
            score=score,
            completed_at=f"2026-03-{day + 1:02d}T10:00Z",
        )

    response = client_for(user).get(reverse("dashboard:index"))

    results = select_one(response, ".recent-results")
    assert texts(results, "a") == ["Role 5", "Role 4", "Role 3", "Role 2", "Role 1"]
    assert texts(results, ".recent-score") == ["80", "72", "70", "55.5", "60"]
    changes = [text.split(" on ")[0] for text in texts(results, ".recent-change")]
    assert changes == ["+8", "+2", "+14.5", "-4.5", "+10"]
    assert "Your scores are improving over 6 interviews" in element_text(
        response, "dashboard-trend"
    )
    steps = select_one(response, "section[aria-labelledby=next-steps-heading]")
    assert "Your weakest round type: Technical" in steps.text


def test_a_warm_dashboard_reads_no_performance(client_for, user):
    """The latest results come with the cached report: a long history costs nothing more."""
    PerformanceFactory.create_batch(7, user=user)
    client = client_for(user)
    client.get(reverse("dashboard:index"))

    with CaptureQueriesContext(connection) as warm:
        response = client.get(reverse("dashboard:index"))

    assert len(texts(select_one(response, ".recent-results"), "a")) == 5
    assert not [query for query in warm if "performances" in query["sql"]]


@pytest.mark.parametrize(
    ("site_zone", "shown"),
    [
        ("UTC", "1 Mar 2026, 23:30"),
        ("Asia/Tokyo", "2 Mar 2026, 08:30"),
        ("America/Los_Angeles", "1 Mar 2026, 15:30"),
    ],
    indirect=["site_zone"],
)
def test_the_latest_results_show_their_time_in_the_sites_zone(client_for, user, site_zone, shown):
    PerformanceFactory(user=user, completed_at="2026-03-01T23:30Z")

    response = client_for(user).get(reverse("dashboard:index"))

    assert shown in select_one(response, ".recent-results").text


def test_the_dashboard_query_count_does_not_grow_with_results_and_advice(
    client_for, user, django_assert_num_queries
):
    client = client_for(user)
    InterviewFactory.create_batch(3, user=user)
    PerformanceFactory.create_batch(3, user=user)
    with CaptureQueriesContext(connection) as cold:
        client.get(reverse("dashboard:index"))
    with CaptureQueriesContext(connection) as warm:
        client.get(reverse("dashboard:index"))
    # The report is reused until the history changes: fewer queries the second time.
    assert len(warm) < len(cold)

    PerformanceFactory.create_batch(30, user=user)

    with django_assert_num_queries(len(cold)):
        client.get(reverse("dashboard:index"))
    with django_assert_num_queries(len(warm)):
        client.get(reverse("dashboard:index"))


def test_when_every_result_is_excluded_the_dashboard_says_why_nothing_is_counted(client_for, user):
    for _ in range(2):
        PerformanceFactory(user=user, excluded=True)
    client = client_for(user)

    response = client.get(reverse("dashboard:index"))

    assert stat(response, "count") == 0
    notice = select_one(response, "#all-excluded")
    assert "Your 2 completed interviews are excluded from your statistics" in notice.text
    (link,) = notice.select("a")
    assert link.attrs["href"] == reverse("performance:history") + "?excluded=true"
    assert "Welcome!" not in response.content.decode()

    PerformanceFactory(user=user)
    response = client.get(reverse("dashboard:index"))
    assert stat(response, "count") == 1
    assert not select(response, "#all-excluded")
