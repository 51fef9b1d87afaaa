"""The next-session planner: what it chooses and why, on the dashboard, and its one click."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from dashboard.planner import history_report, next_session, rank
from interviewprep.testing import element_text, messages_shown, select_one, texts
from interviews.choices import Status
from interviews.models import Interview, Question, QuestionStat
from interviews.tests.factories import QuestionFactory, results
from interviews.validation import clean_performance
from performance.tests.factories import PerformanceFactory

TODAY = date(2026, 6, 10)


def recent(average, days_ago, scores=3):
    return {
        "rounds": scores,
        "recent_scores": [average] * scores,
        "recent_average": average,
        "last_practised": (TODAY - timedelta(days=days_ago)).isoformat(),
    }


def test_a_weak_score_practised_long_ago_comes_first():
    ranked = rank(
        {
            "technical": recent(80, 2),  # 20 x 3 = 60
            "behavioral": recent(54, 12),  # 46 x 13 = 598
            "dsa": recent(40, 0),  # 60 x 1 = 60
        },
        TODAY,
    )

    assert [item["round_type"] for item in ranked] == ["behavioral", "dsa", "technical"]
    assert (ranked[0]["priority"], ranked[0]["days_since"]) == (598, 12)


def test_staleness_can_outweigh_a_lower_score():
    ranked = rank(
        {"technical": recent(70, 30), "behavioral": recent(50, 1), "dsa": recent(90, 1)}, TODAY
    )

    assert ranked[0]["round_type"] == "technical"  # 30 x 31 against 50 x 2


def test_a_round_type_never_practised_comes_first():
    ranked = rank({"technical": recent(30, 40), "dsa": recent(20, 40)}, TODAY)

    assert (ranked[0]["round_type"], ranked[0]["never_practised"]) == ("behavioral", True)


def rounds(*specs):
    """Round results as a performance stores them: (type, score) pairs."""
    return clean_performance(
        results(
            round_results=[
                {
                    "round_type": round_type,
                    "score": score,
                    "questions_answered": 3,
                    "total_questions": 3,
                    "time_spent": 10,
                }
                for round_type, score in specs
            ]
        )
    )["round_results"]


def practised(user, days_ago, *specs, **fields):
    return PerformanceFactory(
        user=user,
        completed_at=timezone.now() - timedelta(days=days_ago),
        round_results=rounds(*specs),
        **fields,
    )


def not_jobs_to_plan_for(user):
    """An interview created later but not done, and one done later but excluded: neither
    sets the job the planner proposes."""
    Interview.objects.create(
        user=user,
        job_title="Data Engineer",
        company_name="Zeta",
        interview_type="technical",
        experience_level="senior",
    )
    practised(user, 0, ("dsa", 40), job_title="Test run", company_name="Nowhere", excluded=True)


@pytest.fixture
def history(user):
    """Technical practised yesterday at 80, behavioral 12 days ago at 54, DSA 3 days ago at
    90; the latest interview is a mid-level one for Acme."""
    practised(user, 12, ("behavioral", 50), ("behavioral", 58))
    practised(user, 3, ("dsa", 90))
    practised(user, 1, ("technical", 80), job_title="Platform Engineer", company_name="Acme")


@pytest.mark.django_db
def test_the_dashboard_proposes_the_weakest_stalest_round_and_says_why(client_for, user, history):
    response = client_for(user).get(reverse("dashboard:index"))

    assert element_text(response, "planner-heading") == "Your next session: Behavioral"
    assert element_text(response, "planner-session") == (
        "A Behavioral interview of 4 questions at mid level, as Platform Engineer at Acme."
    )
    reasons = texts(response, ".planner-reasons li")
    assert reasons[0] == (
        "Behavioral is your weakest recent round (54 on average over the last 2) and you "
        "last practised it 12 days ago."
    )
    button = select_one(response, f'form[action="{reverse("interviews:planned_start")}"]')
    assert select_one(button, "input[name=round_type]").attrs["value"] == "behavioral"


@pytest.mark.django_db
def test_excluded_performances_do_not_count_in_the_choice(client_for, user, history):
    # A disastrous technical round today, excluded: technical stays recent and strong.
    practised(user, 0, ("technical", 5), excluded=True)

    plan = client_for(user).get(reverse("dashboard:index")).context["plan"]

    assert plan["round_type"] == "behavioral"
    technical = next(item for item in plan["round_types"] if item["round_type"] == "technical")
    assert (technical["recent_average"], technical["days_since"]) == (80, 1)


@pytest.mark.django_db
def test_the_questions_due_are_those_of_that_round_and_level_whose_rest_is_over(
    client_for, user, history
):
    Question.objects.all().delete()
    now = timezone.now()
    due = QuestionFactory(round_type="behavioral", experience_level="mid", prompt="Tell me")
    resting = QuestionFactory(round_type="behavioral", experience_level="mid")
    other_level = QuestionFactory(round_type="behavioral", experience_level="senior")
    other_round = QuestionFactory(round_type="technical", experience_level="mid")
    for question, days in [(due, 2), (resting, 0), (other_level, 30), (other_round, 30)]:
        QuestionStat.objects.create(
            user=user,
            question=question,
            times_seen=1,
            last_score=40,  # rests a day
            last_seen_at=now - timedelta(days=days),
        )

    response = client_for(user).get(reverse("dashboard:index"))

    plan = response.context["plan"]
    assert (plan["due_count"], [item["prompt"] for item in plan["due"]]) == (1, ["Tell me"])
    assert "1 question is due for review; the session asks them first." in texts(
        response, ".planner-reasons li"
    )
    assert texts(response, ".planner-due li")[0].startswith("Tell me")


@pytest.mark.django_db
def test_an_open_weakness_of_that_round_is_among_the_reasons_once(user, history):
    # Recurring in behavioral sessions and, worded alike, in mixed ones (which have the round).
    for days, kind in [(9, "behavioral"), (8, "behavioral"), (7, "mixed"), (6, "mixed")]:
        practised(
            user,
            days,
            ("behavioral", 60),
            interview_type=kind,
            feedback={"improvements": ["Use the STAR structure"]},
        )

    plan = next_session(user=user, report=history_report(user))

    assert plan["reasons"][2:] == ["Open weakness (seen in 2 sessions): Use the STAR structure"]


@pytest.mark.django_db
def test_a_new_person_is_invited_to_create_a_first_interview(client_for, user, other_user):
    practised(other_user, 1, ("technical", 10))

    response = client_for(user).get(reverse("dashboard:index"))

    assert element_text(response, "planner-invitation").startswith("Complete your first interview")
    assert not select_one(response, "#planner").select("form")


@pytest.mark.django_db
def test_another_persons_history_never_appears_in_the_plan(client_for, user, other_user, history):
    practised(other_user, 0, ("dsa", 1), job_title="Secret role", company_name="Initech")

    response = client_for(user).get(reverse("dashboard:index"))

    assert "Secret role" not in response.text
    assert "Initech" not in response.text
    dsa = next(i for i in response.context["plan"]["round_types"] if i["round_type"] == "dsa")
    assert dsa["recent_average"] == 90


@pytest.mark.django_db
def test_the_plan_is_for_the_job_of_the_latest_completed_interview_that_counts(
    client_for, user, history
):
    not_jobs_to_plan_for(user)

    plan = client_for(user).get(reverse("dashboard:index")).context["plan"]
    started = client_for(user).post(reverse("interviews:planned_start"), {"round_type": "dsa"})

    assert (plan["job_title"], plan["company_name"]) == ("Platform Engineer", "Acme")
    assert started.status_code == 302
    interview = Interview.objects.for_user(user).get(status=Status.IN_PROGRESS)
    assert (interview.job_title, interview.company_name) == ("Platform Engineer", "Acme")
    assert interview.experience_level == "mid"


# One click: the planned session. -------------------------------------------------------


@pytest.mark.django_db
def test_one_click_creates_and_starts_the_session_asking_the_due_questions_first(
    client_for, user, history
):
    Question.objects.all().delete()
    bank = [
        QuestionFactory(round_type="behavioral", experience_level="mid", slug=f"b-{n}")
        for n in range(8)
    ]
    due = bank[5:7]
    for question in due:
        QuestionStat.objects.create(
            user=user,
            question=question,
            times_seen=1,
            last_score=30,
            last_seen_at=timezone.now() - timedelta(days=5),
        )

    response = client_for(user).post(
        reverse("interviews:planned_start"), {"round_type": "behavioral"}
    )

    interview = Interview.objects.for_user(user).get(status=Status.IN_PROGRESS)
    assert response.status_code == 302
    assert response["Location"] == reverse("interviews:session", args=[interview.pk])
    assert (interview.job_title, interview.company_name) == ("Platform Engineer", "Acme")
    assert (interview.interview_type, interview.experience_level) == ("behavioral", "mid")
    asked = [question.question_id for question in interview.questions]
    assert len(asked) == 4
    assert set(asked[:2]) == {str(question.pk) for question in due}
    page = client_for(user).get(response["Location"])
    assert "Started your planned Behavioral session. Good luck!" in messages_shown(page)


@pytest.mark.django_db
def test_a_round_type_that_does_not_exist_is_refused_with_a_message(client_for, user, history):
    response = client_for(user).post(
        reverse("interviews:planned_start"), {"round_type": "chess"}, follow=True
    )

    assert messages_shown(response) == [
        "“chess” is not a round type: choose technical, behavioral or dsa."
    ]
    assert not Interview.objects.filter(status=Status.IN_PROGRESS).exists()


@pytest.mark.django_db
def test_without_any_interview_the_click_invites_to_create_one(client_for, user):
    response = client_for(user).post(
        reverse("interviews:planned_start"), {"round_type": "dsa"}, follow=True
    )

    assert messages_shown(response)[0].startswith("Complete your first interview")
    assert not Interview.objects.exists()


@pytest.mark.django_db
def test_the_planned_start_takes_posts_from_signed_in_people_only(client, client_for, user):
    url = reverse("interviews:planned_start")

    assert client.post(url, {"round_type": "dsa"})["Location"].startswith(reverse("login"))
    assert client_for(user).get(url).status_code == 405
