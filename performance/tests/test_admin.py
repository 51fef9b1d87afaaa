import csv
import io

import pytest
from django.urls import reverse
from pytest_django.asserts import assertNotContains

from interviewprep.testing import admin_change_url, table_rows, texts
from interviews.choices import Status
from interviews.models import Interview
from performance.models import Performance
from performance.tests.factories import PerformanceFactory

pytestmark = pytest.mark.django_db

PERFORMANCES = reverse("admin:performance_performance_changelist")
# Session, user, count, the page's rows and their owners, whatever the page's length
# (interviews/tests/test_admin.py compares 3 rows with 30 on both lists).
CHANGELIST_QUERIES = 5


def interview_change(pk):
    return admin_change_url(Interview, pk)


def performance_change(pk):
    return admin_change_url(Performance, pk)


@pytest.mark.parametrize("rows", [3, 30])
def test_the_performance_list_costs_the_same_queries_whatever_its_length(
    admin_client, django_assert_max_num_queries, rows
):
    performances = PerformanceFactory.create_batch(rows)

    with django_assert_max_num_queries(CHANGELIST_QUERIES):
        response = admin_client.get(PERFORMANCES)

    assert response.status_code == 200
    interview = performances[-1].interview_id
    link = f'td.field-interview_link a[href="{interview_change(interview)}"]'
    assert texts(response, link) == [f"Interview {interview}"]


def test_the_performance_page_shows_results_feedback_and_rounds_readably(admin_client):
    performance = PerformanceFactory()
    response = admin_client.get(performance_change(performance.pk))

    assert response.status_code == 200
    form = response.context["adminform"].form
    # The copies of the interview's values are shown, not editable.
    for name in ("job_title", "company_name", "interview_type", "experience_level", "user"):
        assert name not in form.fields
    interview = performance.interview_id
    link = f'.field-interview_link a[href="{interview_change(interview)}"]'
    assert texts(response, link) == [f"Interview {interview}"]
    assert form["strengths"].value() == "Clear communication"
    assert form["round_results"].value() == "technical, 70, 5, 6, 25\nbehavioral, 80, 4, 4, 20"
    assert table_rows(response, ".field-round_results_table table") == [
        ["Round", "Type", "Score", "Answered", "Minutes"],
        ["1", "technical", "70", "5 / 6", "25"],
        ["2", "behavioral", "80", "4 / 4", "20"],
    ]
    assertNotContains(response, "roundType")


def performance_form(performance, **changes):
    data = {
        "total_questions": performance.total_questions,
        "correct_answers": performance.correct_answers,
        "score": performance.score,
        "time_spent": performance.time_spent,
        "overall": "Better than last time.",
        "strengths": "Clear communication\nGood tests",
        "improvements": "",
        "recommendations": "Practise timed problems",
        "round_results": "technical, 82.5, 6, 6, 30\ndsa, 60, 3, 4, 20",
        "_save": "Save",
    }
    data.update(changes)
    return data


def test_a_performance_edit_goes_through_the_shared_rules(admin_client):
    performance = PerformanceFactory()
    response = admin_client.post(performance_change(performance.pk), performance_form(performance))

    assert response.status_code == 302
    performance.refresh_from_db()
    assert performance.feedback.to_document() == {
        "overall": "Better than last time.",
        "strengths": ["Clear communication", "Good tests"],
        "improvements": [],
        "recommendations": ["Practise timed problems"],
    }
    assert [r.to_document() for r in performance.round_results] == [
        {
            "roundType": "technical",
            "score": 82.5,
            "questionsAnswered": 6,
            "totalQuestions": 6,
            "timeSpent": 30,
        },
        {
            "roundType": "dsa",
            "score": 60,
            "questionsAnswered": 3,
            "totalQuestions": 4,
            "timeSpent": 20,
        },
    ]


def test_a_bad_performance_edit_is_refused_with_errors_on_their_lines(admin_client):
    performance = PerformanceFactory()
    before = Performance.objects.filter(pk=performance.pk).values().get()
    response = admin_client.post(
        performance_change(performance.pk),
        performance_form(
            performance,
            correct_answers=11,
            strengths="Fine\n" + "x" * 501,
            round_results="technical, 70, 5, 6, 25\nchess, 150, 7, 6, 10",
        ),
    )

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["correct_answers"] == ["Cannot be more than the total questions (10)."]
    assert errors["strengths"] == ["Line 2: At most 500 characters (it has 501)."]
    assert (
        "Line 2: round type: Must be one of: technical, behavioral, mixed, dsa."
        in (errors["round_results"])
    )
    assert "Line 2: score: Must be between 0 and 100." in errors["round_results"]
    assert (
        "Line 2: questions answered: Cannot be more than the round's total questions (6)."
        in (errors["round_results"])
    )
    assert Performance.objects.filter(pk=performance.pk).values().get() == before


def test_a_round_line_that_cannot_be_read_is_refused(admin_client):
    performance = PerformanceFactory()
    response = admin_client.post(
        performance_change(performance.pk),
        performance_form(performance, round_results="technical, 70, 5\ndsa, lots, 1, 2, 3"),
    )
    errors = response.context["adminform"].form.errors["round_results"]
    assert errors[0].startswith("Line 1: expected 5 values separated by commas")
    assert errors[1] == "Line 2: the last four values must be numbers."


def test_performances_cannot_be_added_by_hand(admin_client):
    response = admin_client.get(reverse("admin:performance_performance_add"))
    assert response.status_code == 403


def test_deleting_a_performance_in_the_admin_reopens_its_interview(admin_client):
    performance = PerformanceFactory()
    response = admin_client.post(
        reverse("admin:performance_performance_delete", args=[performance.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    interview = Interview.objects.get(pk=performance.interview_id)
    assert (interview.status, interview.completed_at, interview.performance_id) == (
        Status.IN_PROGRESS,
        None,
        None,
    )


REOPENS = "Deleting a performance does not delete its interview: each interview goes back to"


def test_the_delete_confirmation_warns_that_the_interview_is_reopened(admin_client):
    performance = PerformanceFactory()

    response = admin_client.get(
        reverse("admin:performance_performance_delete", args=[performance.pk])
    )

    assert response.status_code == 200
    (warning,) = texts(response, "p.performance-delete-warning")
    assert warning.startswith(REOPENS)
    assert "“in progress”" in warning
    assert "delete the interview instead" in warning
    assert Performance.objects.filter(pk=performance.pk).exists()


def test_the_bulk_delete_confirmation_warns_that_the_interviews_are_reopened(admin_client):
    chosen = PerformanceFactory.create_batch(2)

    response = admin_client.post(
        PERFORMANCES,
        {"action": "delete_selected", "_selected_action": [item.pk for item in chosen]},
    )

    assert response.status_code == 200
    (warning,) = texts(response, "p.performance-delete-warning")
    assert warning.startswith(REOPENS)
    assert Performance.objects.count() == 2


def test_deleting_performances_in_bulk_reopens_their_interviews(admin_client):
    chosen = PerformanceFactory.create_batch(2)

    response = admin_client.post(
        PERFORMANCES,
        {
            "action": "delete_selected",
            "_selected_action": [item.pk for item in chosen],
            "post": "yes",
        },
    )

    assert response.status_code == 302
    assert not Performance.objects.exists()
    for item in chosen:
        interview = Interview.objects.get(pk=item.interview_id)
        assert (interview.status, interview.completed_at) == (Status.IN_PROGRESS, None)


def test_the_csv_action_exports_the_selected_performances(admin_client):
    chosen = PerformanceFactory(job_title="Chosen One")
    PerformanceFactory(job_title="Left Out")
    response = admin_client.post(
        PERFORMANCES, {"action": "export_csv", "_selected_action": [chosen.pk]}
    )

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0][:4] == ["_id", "userId", "interviewId", "jobTitle"]
    assert [row[3] for row in rows[1:]] == ["Chosen One"]
