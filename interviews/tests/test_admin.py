import csv
import io

import pytest
from django.urls import reverse

from accounts.models import ApiToken
from interviews.choices import Status
from interviews.models import Interview
from interviews.tests.factories import InterviewFactory, PerformanceFactory, UserFactory
from performance.models import Performance

pytestmark = pytest.mark.django_db

INTERVIEWS = reverse("admin:interviews_interview_changelist")
PERFORMANCES = reverse("admin:performance_performance_changelist")
# Session, user, counts, date hierarchy and the page's rows with their joins: 7 on both
# backends whatever the page size (a query per row would add 20 on the longer page).
CHANGELIST_QUERIES = 8


def interview_change(pk):
    return reverse("admin:interviews_interview_change", args=[pk])


def performance_change(pk):
    return reverse("admin:performance_performance_change", args=[pk])


def texts(response):
    return response.content.decode()


@pytest.mark.parametrize("rows", [2, 20])
def test_the_interview_list_costs_the_same_queries_whatever_its_length(
    admin_client, django_assert_max_num_queries, rows
):
    performances = PerformanceFactory.create_batch(rows)
    InterviewFactory.create_batch(rows)

    with django_assert_max_num_queries(CHANGELIST_QUERIES):
        response = admin_client.get(INTERVIEWS)

    assert response.status_code == 200
    page = texts(response)
    assert page.count(performance_change(performances[0].pk)) == 1
    assert f">Score {performances[0].score:g}</a>" in page


@pytest.mark.parametrize("rows", [2, 20])
def test_the_performance_list_costs_the_same_queries_whatever_its_length(
    admin_client, django_assert_max_num_queries, rows
):
    performances = PerformanceFactory.create_batch(rows)

    with django_assert_max_num_queries(CHANGELIST_QUERIES):
        response = admin_client.get(PERFORMANCES)

    assert response.status_code == 200
    assert interview_change(performances[-1].interview_id) in texts(response)


def test_searching_finds_job_titles_companies_and_usernames(admin_client):
    alice = UserFactory(username="alice")
    InterviewFactory(user=alice, job_title="Platform Engineer", company_name="Northwind")
    InterviewFactory(job_title="Data Scientist", company_name="Bluefin")

    def found(query):
        response = admin_client.get(INTERVIEWS, {"q": query})
        assert response.status_code == 200
        return response.context["cl"].result_count

    assert found("platform") == 1
    assert found("bluefin") == 1
    assert found("alice") == 1
    assert found("engineer") == 1
    assert found("nothing like this") == 0


def test_filters_and_the_date_hierarchy_narrow_the_list(admin_client):
    PerformanceFactory(interview__interview_type="dsa")
    InterviewFactory(interview_type="dsa")
    InterviewFactory(interview_type="behavioral")

    response = admin_client.get(INTERVIEWS, {"interview_type__exact": "dsa"})
    assert response.context["cl"].result_count == 2
    response = admin_client.get(
        INTERVIEWS, {"interview_type__exact": "dsa", "status__exact": "completed"}
    )
    assert response.context["cl"].result_count == 1

    year = Interview.objects.first().created_at.year
    response = admin_client.get(INTERVIEWS, {"created_at__year": year})
    assert response.status_code == 200
    assert response.context["cl"].result_count == 3

    response = admin_client.get(PERFORMANCES, {"interview_type__exact": "behavioral"})
    assert response.context["cl"].result_count == 0


def test_the_interview_page_links_to_its_performance_and_keeps_the_lifecycle_read_only(
    admin_client,
):
    performance = PerformanceFactory()
    response = admin_client.get(interview_change(performance.interview_id))

    assert response.status_code == 200
    page = texts(response)
    assert performance_change(performance.pk) in page
    form = response.context["adminform"].form
    assert "status" not in form.fields
    assert "completed_at" not in form.fields
    assert "job_title" in form.fields


def test_an_interview_pointing_at_a_missing_performance_says_so(admin_client):
    performance = PerformanceFactory()
    dead = performance.pk
    Interview.objects.filter(pk=performance.interview_id).delete()
    InterviewFactory(performance_id=dead)

    response = admin_client.get(INTERVIEWS)
    assert f"missing ({dead})" in texts(response)


def test_editing_an_interview_updates_the_copies_on_its_performance(admin_client):
    performance = PerformanceFactory()
    interview = performance.interview
    response = admin_client.post(
        interview_change(interview.pk),
        {
            "user": interview.user_id,
            "job_title": "Staff Engineer",
            "company_name": "Cobalt Payments",
            "interview_type": "mixed",
            "experience_level": "senior",
            "created_at_0": interview.created_at.strftime("%Y-%m-%d"),
            "created_at_1": interview.created_at.strftime("%H:%M:%S"),
            "_save": "Save",
        },
    )

    assert response.status_code == 302
    performance.refresh_from_db()
    assert (
        performance.job_title,
        performance.company_name,
        performance.interview_type,
        performance.experience_level,
    ) == ("Staff Engineer", "Cobalt Payments", "mixed", "senior")


def test_an_interview_edit_breaking_the_shared_rules_is_refused(admin_client):
    interview = InterviewFactory()
    response = admin_client.post(
        interview_change(interview.pk),
        {
            "user": interview.user_id,
            "job_title": "x" * 201,
            "company_name": "Acme",
            "interview_type": "technical",
            "experience_level": "mid",
            "created_at_0": interview.created_at.strftime("%Y-%m-%d"),
            "created_at_1": interview.created_at.strftime("%H:%M:%S"),
            "_save": "Save",
        },
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["job_title"]
    interview.refresh_from_db()
    assert interview.job_title == "Backend Engineer"


def test_the_performance_page_shows_results_feedback_and_rounds_readably(admin_client):
    performance = PerformanceFactory()
    response = admin_client.get(performance_change(performance.pk))

    assert response.status_code == 200
    page = texts(response)
    form = response.context["adminform"].form
    # The copies of the interview's values are shown, not editable.
    for name in ("job_title", "company_name", "interview_type", "experience_level", "user"):
        assert name not in form.fields
    assert interview_change(performance.interview_id) in page
    assert form["strengths"].value() == "Clear communication"
    assert form["round_results"].value() == "technical, 70, 5, 6, 25\nbehavioral, 80, 4, 4, 20"
    assert "<td>technical</td><td>70</td><td>5 / 6</td><td>25</td>" in page
    assert '"roundType"' not in page


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
    assert performance.feedback == {
        "overall": "Better than last time.",
        "strengths": ["Clear communication", "Good tests"],
        "improvements": [],
        "recommendations": ["Practise timed problems"],
    }
    assert performance.round_results == [
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
        "Line 2: roundType: Must be one of: technical, behavioral, mixed, dsa."
        in (errors["round_results"])
    )
    assert "Line 2: score: Must be between 0 and 100." in errors["round_results"]
    assert (
        "Line 2: questionsAnswered: Cannot be more than the round's total questions (6)."
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


def test_deleting_an_interview_in_the_admin_deletes_its_performance(admin_client):
    performance = PerformanceFactory()
    response = admin_client.post(
        reverse("admin:interviews_interview_delete", args=[performance.interview_id]),
        {"post": "yes"},
    )
    assert response.status_code == 302
    assert not Interview.objects.exists()
    assert not Performance.objects.exists()


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


def test_the_bulk_delete_action_removes_interviews_with_their_performances(admin_client):
    performances = PerformanceFactory.create_batch(2)
    kept = InterviewFactory()
    response = admin_client.post(
        INTERVIEWS,
        {
            "action": "delete_selected",
            "_selected_action": [p.interview_id for p in performances],
            "post": "yes",
        },
    )
    assert response.status_code == 302
    assert list(Interview.objects.values_list("pk", flat=True)) == [kept.pk]
    assert not Performance.objects.exists()


def test_the_csv_action_exports_the_selected_performances(admin_client):
    chosen = PerformanceFactory(interview__job_title="Chosen One")
    PerformanceFactory(interview__job_title="Left Out")
    response = admin_client.post(
        PERFORMANCES, {"action": "export_csv", "_selected_action": [chosen.pk]}
    )

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0][:4] == ["_id", "userId", "interviewId", "jobTitle"]
    assert [row[3] for row in rows[1:]] == ["Chosen One"]


def test_the_integrity_action_reports_the_selected_rows(admin_client):
    healthy = PerformanceFactory()
    broken = InterviewFactory(status=Status.COMPLETED)

    response = admin_client.post(
        INTERVIEWS,
        {"action": "check_integrity", "_selected_action": [broken.pk]},
        follow=True,
    )
    messages = [str(message) for message in response.context["messages"]]
    assert any(
        message.startswith("Completed interviews without a performance: 1") for message in messages
    )

    response = admin_client.post(
        PERFORMANCES,
        {"action": "check_integrity", "_selected_action": [healthy.pk]},
        follow=True,
    )
    messages = [str(message) for message in response.context["messages"]]
    assert messages == ["No integrity problems in the 1 selected performance."]


def test_an_interview_added_in_the_admin_starts_ready(admin_client, user):
    response = admin_client.post(
        reverse("admin:interviews_interview_add"),
        {
            "user": user.pk,
            "job_title": "Site Reliability Engineer",
            "company_name": "Helio Health",
            "interview_type": "mixed",
            "experience_level": "entry",
            "created_at_0": "2026-03-01",
            "created_at_1": "09:30:00",
            "_save": "Save",
        },
    )
    assert response.status_code == 302
    interview = Interview.objects.get(user=user)
    assert (interview.status, interview.performance_id) == (Status.READY, None)
    response = admin_client.get(interview_change(interview.pk))
    assert response.status_code == 200
    assert "Site Reliability Engineer" in texts(response)


def test_api_tokens_are_listed_without_their_hash_and_deleting_one_revokes_it(
    admin_client, user, django_assert_max_num_queries
):
    token, key = ApiToken.issue(user=user, name="Laptop script")
    ApiToken.issue(user=UserFactory(), name="Other")
    changelist = reverse("admin:accounts_apitoken_changelist")

    with django_assert_max_num_queries(CHANGELIST_QUERIES):
        response = admin_client.get(changelist, {"q": user.username})
    assert response.context["cl"].result_count == 1
    page = texts(response)
    assert "Laptop script" in page
    assert token.hint in page
    response = admin_client.get(reverse("admin:accounts_apitoken_change", args=[token.pk]))
    assert response.status_code == 200
    assert token.key_hash not in texts(response)
    assert admin_client.get(reverse("admin:accounts_apitoken_add")).status_code == 403

    response = admin_client.post(
        reverse("admin:accounts_apitoken_delete", args=[token.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert ApiToken.authenticate(key) is None
