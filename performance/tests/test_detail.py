"""The detail page of one performance, which the page's modal also shows."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

from interviewprep.testing import definitions, element_text, select, select_one, table_rows, texts
from interviews.tests.factories import results
from performance.tests.factories import PerformanceFactory

pytestmark = pytest.mark.django_db


def detail_url(performance):
    return reverse("performance:detail", args=[performance.pk])


def test_anonymous_visitors_are_sent_to_log_in(client, user):
    performance = PerformanceFactory(user=user)

    response = client.get(detail_url(performance))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_another_persons_performance_is_not_found(client_for, user, other_user):
    performance = PerformanceFactory(user=other_user)

    response = client_for(user).get(detail_url(performance))

    assert response.status_code == 404


def test_a_malformed_id_is_not_found(client_for, user):
    response = client_for(user).get("/performance/fffffffffffffffffffffffffff/")

    assert response.status_code == 404


def test_the_owner_sees_the_full_performance_as_a_plain_page(client_for, user):
    feedback = results()["feedback"] | {
        "overall": "Calm and precise under time pressure.",
        "strengths": ["Clear structure"],
        "improvements": ["Complexity analysis"],
        "recommendations": ["Review heaps"],
    }
    performance = PerformanceFactory(
        user=user, feedback=feedback, total_questions=12, correct_answers=9, time_spent=52
    )

    response = client_for(user).get(detail_url(performance))

    assert response.status_code == 200
    # The fragment the modal loads, and no script is needed to read it.
    detail = ".performance-detail"
    assert len(select(response, detail)) == 1
    assert definitions(response, f"{detail} dl") == {
        "Score": "72.5",
        "Correct answers": "9 / 12",
        "Accuracy": "75%",
        "Time spent": "52 min",
    }
    assertContains(response, "<p>Calm and precise under time pressure.</p>", html=True)
    assert texts(response, f"{detail} .feedback-list") == [
        "Clear structure",
        "Complexity analysis",
        "Review heaps",
    ]
    assert "Round results" in texts(response, f"{detail} h3")
    # The round results are a table, one row per round.
    assert table_rows(response, f"{detail} table tbody") == [
        ["1", "Technical", "70", "5 / 6", "25 min"],
        ["2", "Behavioral", "80", "4 / 4", "20 min"],
    ]


def test_each_row_of_the_history_links_to_its_detail_and_opens_the_modal(client_for, user):
    performance = PerformanceFactory(user=user)

    response = client_for(user).get(reverse("performance:history"))

    link = select_one(response, f'a[href="{detail_url(performance)}"][data-detail-modal]')
    assert link.text.startswith(f"Details of {performance.job_title} at {performance.company_name}")
    assert "Interview details" in element_text(response, "performance-modal")


def test_the_feedback_page_still_shows_the_performance(client_for, user):
    performance = PerformanceFactory(user=user)

    response = client_for(user).get(reverse("interviews:feedback", args=[performance.interview_id]))

    assertContains(response, f"<p>{performance.feedback.overall}</p>", html=True)
