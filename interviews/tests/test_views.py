import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

from interviewprep.testing import (
    definitions,
    messages_shown,
    select,
    select_one,
    table_rows,
    texts,
)
from interviews.choices import Status
from interviews.documents import PlannedQuestion
from interviews.models import Interview
from interviews.tests.factories import InterviewFactory
from performance.models import Performance
from performance.tests.factories import PerformanceFactory

pytestmark = pytest.mark.django_db

GOOD_RESULTS = {
    "total_questions": "10",
    "correct_answers": "8",
    "score": "82.5",
    "time_spent": "40",
    "overall": "Well structured.",
    "strengths": "Clear communication\n\n  Good test cases  ",
    "improvements": "Edge cases",
    "recommendations": "",
    "rounds-TOTAL_FORMS": "3",
    "rounds-INITIAL_FORMS": "0",
    "rounds-0-round_type": "dsa",
    "rounds-0-score": "75",
    "rounds-0-questions_answered": "3",
    "rounds-0-total_questions": "4",
    "rounds-0-time_spent": "20",
}


def url(name, interview):
    return reverse(f"interviews:{name}", args=[interview.pk])


# (url name, method, status the interview needs for the owner to succeed)
ACTIONS = [
    ("start", "post", Status.READY),
    ("complete", "get", Status.IN_PROGRESS),
    ("complete", "post", Status.IN_PROGRESS),
    ("delete", "get", Status.READY),
    ("delete", "post", Status.READY),
    ("feedback", "get", Status.COMPLETED),
    ("feedback", "get", Status.READY),
    ("feedback", "get", Status.IN_PROGRESS),
]


def make(status, user):
    if status == Status.COMPLETED:
        return PerformanceFactory(user=user).interview
    return InterviewFactory(user=user, status=status)


@pytest.mark.parametrize(("name", "method", "status"), ACTIONS)
def test_anonymous_visitors_are_sent_to_log_in(client, user, name, method, status):
    interview = make(status, user)
    response = getattr(client, method)(url(name, interview))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert Interview.objects.get(pk=interview.pk).status == status


@pytest.mark.parametrize(("name", "method", "status"), ACTIONS)
def test_another_users_interview_is_not_found(client_for, user, other_user, name, method, status):
    interview = make(status, other_user)
    data = GOOD_RESULTS if name == "complete" else {}
    response = getattr(client_for(user), method)(url(name, interview), data)
    assert response.status_code == 404
    assert Interview.objects.get(pk=interview.pk).status == status


@pytest.mark.parametrize("name", ["start", "complete", "feedback", "delete"])
@pytest.mark.parametrize("bad_id", ["abc", "123", "ffffffffffffffffffffffff", "9" * 24])
def test_an_id_that_is_malformed_or_unknown_is_not_found(client_for, user, name, bad_id):
    InterviewFactory(user=user)
    method = "post" if name == "start" else "get"
    response = getattr(client_for(user), method)(f"/interviews/{bad_id}/{name}/")
    assert response.status_code == 404


def test_the_owner_creates_an_interview_from_the_dashboard_form(client_for, user):
    response = client_for(user).post(
        reverse("interviews:new"),
        {
            "job_title": "Platform Engineer",
            "company_name": "Umbrella",
            "interview_type": "technical",
            "experience_level": "mid",
        },
        follow=True,
    )
    interview = Interview.objects.get()
    assert (interview.user, interview.status) == (user, Status.READY)
    assert response.redirect_chain[-1][0] == reverse("dashboard:index")
    [message] = messages_shown(response)
    assert message.startswith("Created “Platform Engineer at Umbrella”.")


def test_a_bad_new_interview_shows_form_errors_and_saves_nothing(client_for, user):
    response = client_for(user).post(
        reverse("interviews:new"),
        {"job_title": "  ", "company_name": "x" * 201, "interview_type": "coding"},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"job_title", "company_name", "interview_type", "experience_level"}
    assert not Interview.objects.exists()


def test_the_owner_starts_a_ready_interview(client_for, user):
    interview = InterviewFactory(user=user)
    response = client_for(user).post(url("start", interview), follow=True)
    interview.refresh_from_db()
    assert interview.status == Status.IN_PROGRESS
    [message] = messages_shown(response)
    assert message.startswith(f"Started “{interview}”.")


def test_starting_twice_says_why_and_changes_nothing(client_for, user):
    interview = InterviewFactory(user=user, status=Status.IN_PROGRESS)
    response = client_for(user).post(url("start", interview), follow=True)
    [message] = messages_shown(response)
    assert "only a ready interview can be started" in message
    interview.refresh_from_db()
    assert interview.status == Status.IN_PROGRESS


def test_start_needs_a_post(client_for, user):
    interview = InterviewFactory(user=user)
    assert client_for(user).get(url("start", interview)).status_code == 405


def test_completing_through_the_results_form_redirects_to_the_feedback(client_for, user):
    interview = InterviewFactory(user=user, status=Status.IN_PROGRESS)
    client = client_for(user)
    response = client.post(url("complete", interview), GOOD_RESULTS)
    assert response.status_code == 302
    assert response["Location"] == url("feedback", interview)

    performance = Performance.objects.get()
    assert performance.score == 82.5
    assert performance.feedback.to_document() == {
        "overall": "Well structured.",
        "strengths": ["Clear communication", "Good test cases"],
        "improvements": ["Edge cases"],
        "recommendations": [],
    }
    assert [r.to_document() for r in performance.round_results] == [
        {
            "roundType": "dsa",
            "score": 75.0,
            "questionsAnswered": 3,
            "totalQuestions": 4,
            "timeSpent": 20.0,
        }
    ]
    feedback = client.get(response["Location"])
    detail = ".performance-detail"
    figures = definitions(feedback, f"{detail} dl")
    assert figures["Score"] == "82.5"
    assert figures["Correct answers"] == "8 / 10"
    assertContains(feedback, "<p>Well structured.</p>", html=True)
    assert texts(feedback, f"{detail} .feedback-list li") == [
        "Clear communication",
        "Good test cases",
        "Edge cases",
    ]
    assert table_rows(feedback, f"{detail} table tbody") == [["1", "DSA", "75", "3 / 4", "20 min"]]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"correct_answers": "11"}, "correct_answers", "Cannot be more than the total"),
        ({"score": "101"}, "score", "Enter a number from 0 to 100."),
        ({"score": "nan"}, "score", "Enter a number from 0 to 100."),
        ({"time_spent": "-1"}, "time_spent", "Enter a number from 0 to 1440."),
        ({"strengths": "ok\n" + "x" * 501}, "strengths", "Line 2: At most 500 characters"),
        ({"overall": "bad\x00byte"}, "overall", "Null characters are not allowed."),
    ],
)
def test_bad_results_show_form_errors_and_change_nothing(client_for, user, changes, field, message):
    interview = InterviewFactory(user=user, status=Status.IN_PROGRESS)
    response = client_for(user).post(url("complete", interview), {**GOOD_RESULTS, **changes})
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    interview.refresh_from_db()
    assert interview.status == Status.IN_PROGRESS
    assert not Performance.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"rounds-0-questions_answered": "5"}, "questions_answered", "round's total questions"),
        ({"rounds-0-round_type": "pairing"}, "round_type", "Choose the round's type."),
        ({"rounds-0-score": ""}, "score", "Enter the round's score."),
    ],
)
def test_a_bad_round_row_shows_its_error_and_changes_nothing(
    client_for, user, changes, field, message
):
    interview = InterviewFactory(user=user, status=Status.IN_PROGRESS)
    response = client_for(user).post(url("complete", interview), {**GOOD_RESULTS, **changes})
    assert response.status_code == 200
    assert message in " ".join(response.context["formset"].forms[0].errors[field])
    assert not Performance.objects.exists()


def test_a_tampered_round_count_is_refused(client_for, user):
    interview = InterviewFactory(user=user, status=Status.IN_PROGRESS)
    response = client_for(user).post(
        url("complete", interview), {**GOOD_RESULTS, "rounds-TOTAL_FORMS": "5000"}
    )
    assert response.status_code == 200
    assert response.context["formset"].non_form_errors()
    assert not Performance.objects.exists()


def test_results_typed_in_for_a_ready_interview_log_it_as_an_outside_interview(client_for, user):
    interview = InterviewFactory(user=user)
    response = client_for(user).post(url("complete", interview), GOOD_RESULTS)
    assert response["Location"] == url("feedback", interview)
    performance = Performance.objects.get()
    assert (performance.score, performance.scored_by) == (82.5, "manual")
    interview.refresh_from_db()
    assert interview.is_completed
    assert interview.questions == []


def test_a_completed_interview_sends_its_results_form_to_the_feedback(client_for, user):
    interview = PerformanceFactory(user=user, score=40).interview
    response = client_for(user).post(url("complete", interview), GOOD_RESULTS)
    assert response["Location"] == url("feedback", interview)
    assert Performance.objects.get().score == 40


def _planned_question():
    return PlannedQuestion(
        question_id="1", slug="two-sum", round_type="dsa", kind="open", prompt="Two sum?"
    )


@pytest.mark.parametrize(
    ("status", "practised", "links"),
    [
        (
            Status.READY,
            False,
            [("session", "Start practice"), ("complete", "Log an outside interview")],
        ),
        (Status.IN_PROGRESS, True, [("session", "Continue the practice session")]),
        (Status.IN_PROGRESS, False, [("complete", "Enter results")]),
    ],
)
def test_the_feedback_of_an_unfinished_interview_says_so_and_links_to_it(
    client_for, user, status, practised, links
):
    questions = [_planned_question()] if practised else []
    interview = InterviewFactory(user=user, status=status, questions=questions)

    response = client_for(user).get(url("feedback", interview))

    assert response.status_code == 200
    assert texts(response, "main h1") == ["This interview is not finished yet"]
    assertContains(response, f"{interview.job_title} at {interview.company_name}")
    buttons = select(response, "main a.btn")
    assert [(button.attrs["href"], button.text) for button in buttons] == [
        *((url(name, interview), text) for name, text in links),
        (reverse("dashboard:index"), "Back to the dashboard"),
    ]
    assert Interview.objects.get(pk=interview.pk).status == status


def test_a_completed_interview_without_a_performance_has_no_feedback_page(client_for, user):
    interview = InterviewFactory(user=user, status=Status.COMPLETED)
    assert client_for(user).get(url("feedback", interview)).status_code == 404


def test_delete_asks_for_confirmation_first(client_for, user):
    interview = InterviewFactory(user=user)
    response = client_for(user).get(url("delete", interview))
    assert select_one(response, "h1").text == "Delete this interview?"
    assert Interview.objects.filter(pk=interview.pk).exists()


def test_the_owner_deletes_a_completed_interview_with_its_performance(client_for, user):
    interview = PerformanceFactory(user=user).interview
    response = client_for(user).post(url("delete", interview), follow=True)
    [message] = messages_shown(response)
    assert message.startswith(f"Deleted “{interview}”")
    assert not Interview.objects.exists()
    assert not Performance.objects.exists()
