"""Excluding an interview from the stats: the buttons, the history page, the filters, the
CSV and the admin; and every analytic on the pages leaving excluded interviews out."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from pytest_django.asserts import assertNotContains

from interviewprep.testing import (
    admin_change_url,
    element_text,
    messages_shown,
    select,
    select_one,
    texts,
)
from interviews.services import performance_set_excluded
from performance.models import HistoryVersion, Performance
from performance.tests.factories import PerformanceFactory

pytestmark = pytest.mark.django_db

HISTORY = reverse("performance:history")
DASHBOARD = reverse("dashboard:index")
EXPORT = reverse("performance:export")
NOW = datetime.datetime(2026, 3, 10, 12, 0, tzinfo=datetime.UTC)


def feedback(text):
    return {
        "overall": f"{text} overall",
        "strengths": [f"{text} strength"],
        "improvements": [f"{text} gap"],
        "recommendations": [f"{text} advice"],
    }


def make(user, days_ago, **fields):
    return PerformanceFactory(
        user=user, completed_at=NOW - datetime.timedelta(days=days_ago), **fields
    )


@pytest.fixture
def history(user):
    """Three counted interviews at Acme (60, 70, 80) and, newest, an excluded one at Globex
    scoring 5 with its own feedback: every figure would change if it were counted."""
    counted = [
        make(user, days, score=score, feedback=feedback("Counted"))
        for days, score in ((3, 60), (2, 70), (1, 80))
    ]
    excluded = make(
        user,
        0,
        score=5,
        company_name="Globex",
        job_title="Test run",
        feedback=feedback("Excluded"),
        round_results=[
            {
                "round_type": "dsa",
                "score": 5,
                "questions_answered": 0,
                "total_questions": 5,
                "time_spent": 1,
            }
        ],
    )
    performance_set_excluded(performance=excluded, excluded=True)
    return counted, excluded


def exclude_url(performance):
    return reverse("performance:exclude", args=[performance.pk])


def include_url(performance):
    return reverse("performance:include", args=[performance.pk])


# The service ------------------------------------------------------------------------------


def test_excluding_changes_the_history_version_once_and_including_undoes_it(user):
    performance = PerformanceFactory(user=user)
    before = HistoryVersion.objects.current(user)

    assert performance_set_excluded(performance=performance, excluded=True)
    assert not performance_set_excluded(performance=performance, excluded=True)
    assert HistoryVersion.objects.current(user) == before + 1
    assert Performance.objects.get(pk=performance.pk).excluded

    assert performance_set_excluded(performance=performance, excluded=False)
    assert not Performance.objects.get(pk=performance.pk).excluded
    assert HistoryVersion.objects.current(user) == before + 2


# The buttons ------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_log_in_and_nothing_changes(client, user):
    performance = PerformanceFactory(user=user)

    response = client.post(exclude_url(performance))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert not Performance.objects.get(pk=performance.pk).excluded


def test_another_users_interview_is_a_404_and_stays_counted(client_for, user, other_user):
    theirs = PerformanceFactory(user=other_user)

    response = client_for(user).post(exclude_url(theirs))

    assert response.status_code == 404
    assert not Performance.objects.get(pk=theirs.pk).excluded


def test_the_buttons_only_take_a_post(client_for, user):
    performance = PerformanceFactory(user=user)

    assert client_for(user).get(exclude_url(performance)).status_code == 405
    assert not Performance.objects.get(pk=performance.pk).excluded


def test_excluding_goes_back_to_the_page_it_was_sent_from_with_a_message(client_for, user):
    performance = PerformanceFactory(user=user, job_title="SRE", company_name="Acme")
    back = f"{HISTORY}?company=Acme&page=1"

    response = client_for(user).post(exclude_url(performance), {"next": back}, follow=True)

    assert response.redirect_chain == [(back, 302)]
    assert messages_shown(response) == [
        "“SRE at Acme” is excluded from your stats; include it again at any time."
    ]
    assert Performance.objects.get(pk=performance.pk).excluded

    response = client_for(user).post(include_url(performance), {"next": back}, follow=True)

    assert messages_shown(response) == ["“SRE at Acme” counts in your stats again."]
    assert not Performance.objects.get(pk=performance.pk).excluded


@pytest.mark.parametrize("back", ["", "https://evil.example/", "//evil.example/x"])
def test_without_a_page_of_this_site_to_go_back_to_it_shows_the_details(client_for, user, back):
    performance = PerformanceFactory(user=user)

    response = client_for(user).post(exclude_url(performance), {"next": back})

    assert response["Location"] == reverse("performance:detail", args=[performance.pk])


def test_the_detail_page_offers_to_exclude_and_explains_it(client_for, user):
    performance = PerformanceFactory(user=user)
    detail = reverse("performance:detail", args=[performance.pk])

    response = client_for(user).get(detail)

    form = select_one(response, "form.exclusion-form")
    assert form.attrs["action"] == exclude_url(performance)
    assert form.attrs["method"] == "post"
    assert select(form, "input[name=csrfmiddlewaretoken]")
    assert select_one(form, "input[name=next]").attrs["value"] == detail
    assert texts(form, "button") == ["Exclude from stats"]
    assert "out of every figure" in texts(response, ".exclusion-help")[0]


def test_an_excluded_interview_says_so_and_offers_to_include_it(client_for, user):
    performance = PerformanceFactory(user=user)
    performance_set_excluded(performance=performance, excluded=True)

    response = client_for(user).get(reverse("performance:detail", args=[performance.pk]))

    form = select_one(response, "form.exclusion-form")
    assert form.attrs["action"] == include_url(performance)
    assert texts(form, ".badge") == ["Excluded"]
    assert texts(form, "button") == ["Include in stats"]


def test_the_feedback_page_offers_the_same_button_and_comes_back_to_itself(client_for, user):
    performance = PerformanceFactory(user=user)
    feedback_page = reverse("interviews:feedback", args=[performance.interview_id])
    client = client_for(user)

    form = select_one(client.get(feedback_page), "form.exclusion-form")
    back = select_one(form, "input[name=next]").attrs["value"]
    response = client.post(form.attrs["action"], {"next": back})

    assert response["Location"] == feedback_page
    assert Performance.objects.get(pk=performance.pk).excluded


# The history page ---------------------------------------------------------------------------


def test_an_excluded_row_is_greyed_with_a_badge_and_left_out_of_the_summary(
    client_for, user, history
):
    response = client_for(user).get(HISTORY)

    rows = select(response, "table.history-table tbody tr")
    assert len(rows) == 4
    greyed = select(response, "table.history-table tbody tr.is-excluded")
    assert len(greyed) == 1
    assert "Test run" in greyed[0].text
    assert texts(greyed[0], ".badge") == ["Excluded"]
    assert element_text(response, "stat-count") == "3"
    assert element_text(response, "stat-average") == "70"
    assert element_text(response, "stat-latest") == "80"
    assert texts(response, ".excluded-note") == [
        "1 excluded interview is listed below but not counted in these figures."
    ]
    assert "Interviews (4)" in texts(response, "#history-heading")[0]


def test_excluding_changes_the_cached_figures_at_once(client_for, user, history):
    counted, _excluded = history
    client = client_for(user)
    assert element_text(client.get(HISTORY), "stat-average") == "70"

    client.post(exclude_url(counted[0]))  # the 60

    response = client.get(HISTORY)
    assert element_text(response, "stat-count") == "2"
    assert element_text(response, "stat-average") == "75"
    assert "2 excluded interviews are listed" in texts(response, ".excluded-note")[0]


def test_when_every_interview_is_excluded_the_page_says_so_and_still_lists_them(client_for, user):
    performance = PerformanceFactory(user=user, job_title="Test run")
    performance_set_excluded(performance=performance, excluded=True)

    response = client_for(user).get(HISTORY)

    assert texts(response, ".all-excluded") == [
        "The only interview is excluded from your stats, so there are no figures to show. "
        "Open it and choose “Include in stats” to count it again."
    ]
    assertNotContains(response, "No completed interviews yet")
    assert not select(response, "#stat-count")
    assert len(select(response, "table.history-table tbody tr.is-excluded")) == 1


def test_when_every_matching_interview_is_excluded_the_filters_are_named(client_for, user, history):
    response = client_for(user).get(HISTORY, {"company": "Globex"})

    assert texts(response, ".all-excluded")[0].startswith(
        "The only interview matching these filters is excluded from your stats"
    )


def test_the_excluded_filter_lists_counted_or_excluded_interviews(client_for, user, history):
    _counted, excluded = history
    client = client_for(user)

    only_excluded = client.get(HISTORY, {"excluded": "true"})
    only_counted = client.get(HISTORY, {"excluded": "false"})

    assert [row["id"] for row in only_excluded.context["page"].object_list] == [excluded.pk]
    assert texts(only_excluded, ".all-excluded")
    assert len(only_counted.context["page"].object_list) == 3
    assert element_text(only_counted, "stat-count") == "3"
    assert not select(only_counted, ".excluded-note")
    assert texts(only_counted, ".filters-toggle") == ["Filters (1 active)"]


def test_the_scored_by_filter_narrows_the_list_and_the_figures(client_for, user):
    make(user, 2, score=40, scored_by="self")
    make(user, 1, score=90, scored_by="ai")
    make(user, 0, score=60, scored_by="manual")
    client = client_for(user)

    response = client.get(HISTORY, {"scored_by": "ai"})

    assert [row["score"] for row in response.context["page"].object_list] == [90]
    assert element_text(response, "stat-average") == "90"
    assert texts(response, ".filters-toggle") == ["Filters (1 active)"]
    labels = texts(response, "select[name=scored_by] option")
    assert labels == ["Anyone", "Self-assessed", "AI evaluator", "Entered by hand"]
    assert texts(response, "select[name=excluded] option") == [
        "Counted and excluded",
        "Counted only",
        "Excluded only",
    ]


@pytest.mark.parametrize("name", ["scored_by", "excluded"])
def test_an_unknown_value_of_the_new_filters_is_ignored_and_said(client_for, user, name):
    PerformanceFactory(user=user)

    response = client_for(user).get(HISTORY, {name: "maybe"})

    assert response.status_code == 200
    assert len(response.context["page"].object_list) == 1
    assert response.context["filter"].errors[name]


# Every analytic on the pages --------------------------------------------------------------


def test_the_dashboard_counts_no_excluded_interview(client_for, user, history):
    response = client_for(user).get(DASHBOARD)

    assert element_text(response, "stat-completed") == "3"
    assert element_text(response, "stat-average") == "70"
    assert element_text(response, "stat-latest") == "80"
    # Recent results and their changes, the trend and the next steps.
    recent = select(response, ".recent-results li")
    assert len(recent) == 3
    assert "Test run" not in select_one(response, ".recent-results").text
    assert texts(response, ".recent-score") == ["80", "70", "60"]
    assert "over 3 interviews" in element_text(response, "dashboard-trend")
    steps = select_one(response, ".next-steps").text
    assert "Counted advice" in steps
    assert "Excluded advice" not in steps
    assert "DSA" not in steps


def test_the_history_analytics_count_no_excluded_interview(client_for, user, history):
    response = client_for(user).get(HISTORY)
    report = response.context["report"]

    assert report["trend"]["overall"]["interviews"] == 3
    assert [company["company_name"] for company in report["companies"]] == ["Acme"]
    assert "Globex" not in select_one(response, ".company-insights").text
    assert "dsa" not in report["rounds"]["by_type"]
    assert "Excluded advice" not in select_one(response, ".next-steps").text
    assert "Excluded gap" not in str(report["patterns"])
    assert report["summary"]["total_time"] == 3 * 45


# The CSV and the admin -------------------------------------------------------------------


def parse(response):
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(body)))


def test_the_export_flags_excluded_interviews(client_for, user, history):
    counted, excluded = history
    client = client_for(user)

    rows = parse(client.get(EXPORT))
    only_excluded = parse(client.get(EXPORT, {"excluded": "true"}))

    flags = {row["_id"]: row["excluded"] for row in rows}
    assert flags == {
        **{str(performance.pk): "false" for performance in counted},
        str(excluded.pk): "true",
    }
    assert [row["_id"] for row in only_excluded] == [str(excluded.pk)]


def test_the_export_filters_by_who_scored(client_for, user):
    ai = make(user, 1, scored_by="ai")
    make(user, 0, scored_by="self")

    rows = parse(client_for(user).get(EXPORT, {"scored_by": "ai"}))

    assert [row["_id"] for row in rows] == [str(ai.pk)]


def test_the_admin_shows_filters_and_edits_exclusion(admin_client, user, history):
    counted, excluded = history
    changelist = reverse("admin:performance_performance_changelist")

    response = admin_client.get(changelist, {"excluded__exact": "1"})

    assert response.status_code == 200
    assert [p.pk for p in response.context["cl"].result_list] == [excluded.pk]
    assert select(response, "td.field-excluded")
    before = HistoryVersion.objects.current(user)
    page = admin_change_url(Performance, counted[0].pk)
    form = admin_client.get(page).context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    response = admin_client.post(page, {**data, "excluded": "on"})
    assert response.status_code == 302
    assert Performance.objects.get(pk=counted[0].pk).excluded
    assert HistoryVersion.objects.current(user) == before + 1
