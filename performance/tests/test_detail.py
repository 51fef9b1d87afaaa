"""The detail page of one performance, which the page's modal also shows."""

import pytest
from django.urls import reverse

from interviews.tests.factories import PerformanceFactory, results

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
    page = response.content.decode()
    for text in [
        "Calm and precise under time pressure.",
        "Clear structure",
        "Complexity analysis",
        "Review heaps",
        "9 / 12",
        "75%",
        "52 min",
        "Round results",
    ]:
        assert text in page
    # The round results are a table, one row per round.
    assert page.count('<th scope="row">') == len(performance.round_results)
    # The fragment the modal loads, and no script is needed to read it.
    assert 'class="performance-detail"' in page


def test_each_row_of_the_history_links_to_its_detail_and_opens_the_modal(client_for, user):
    performance = PerformanceFactory(user=user)

    response = client_for(user).get(reverse("performance:history"))

    page = response.content.decode()
    assert f'href="{detail_url(performance)}" data-detail-modal' in page
    assert 'id="performance-modal"' in page


def test_the_feedback_page_still_shows_the_performance(client_for, user):
    performance = PerformanceFactory(user=user)

    response = client_for(user).get(reverse("interviews:feedback", args=[performance.interview_id]))

    assert response.status_code == 200
    assert performance.feedback["overall"] in response.content.decode()
