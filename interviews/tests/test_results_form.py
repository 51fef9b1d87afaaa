"""The forms a person fills in: a new interview, the results of one (its round rows), and
correcting or deleting a completed interview's results."""

import pytest
from django.urls import reverse

from interviewprep.testing import definitions, messages_shown, select, select_one, table_rows
from interviews.choices import ScoredBy, Status
from interviews.models import Interview
from interviews.tests.factories import InterviewFactory
from interviews.validation import MAX_ROUNDS
from performance.models import Performance
from performance.tests.factories import PerformanceFactory

pytestmark = pytest.mark.django_db

TOTALS = {
    "total_questions": "10",
    "correct_answers": "8",
    "score": "82.5",
    "time_spent": "40",
    "overall": "Well structured.",
    "strengths": "",
    "improvements": "",
    "recommendations": "",
}


def url(name, interview):
    return reverse(f"interviews:{name}", args=[interview.pk])


def rows(*rounds, total=None, initial=0):
    """The posted round rows: each round as (type, score, answered, questions, minutes)."""
    data = {
        "rounds-TOTAL_FORMS": str(len(rounds) if total is None else total),
        "rounds-INITIAL_FORMS": str(initial),
    }
    names = ("round_type", "score", "questions_answered", "total_questions", "time_spent")
    for index, values in enumerate(rounds):
        data.update(
            {f"rounds-{index}-{name}": value for name, value in zip(names, values, strict=True)}
        )
    return data


def error_texts(response):
    """Every error message the page shows, in order."""
    return [element.text for element in select(response, ".invalid-feedback")]


# A new interview


@pytest.mark.parametrize(
    ("posted", "expected"),
    [
        (
            {"job_title": "  ", "company_name": "", "interview_type": "", "experience_level": ""},
            [
                "Enter the job title.",
                "Enter the company's name.",
                "Choose an interview type.",
                "Choose an experience level.",
            ],
        ),
        (
            {
                "job_title": "Engineer",
                "company_name": "x" * 201,
                "interview_type": "coding",
                "experience_level": "guru",
            },
            [
                "At most 200 characters (it has 201).",
                "Choose an interview type.",
                "Choose an experience level.",
            ],
        ),
    ],
)
def test_a_bad_new_interview_says_each_problem_once_in_words(client_for, user, posted, expected):
    response = client_for(user).post(reverse("interviews:new"), posted)

    assert response.status_code == 200
    assert error_texts(response) == expected
    page = response.content.decode()
    assert "This field is required." not in page
    assert "Must be one of" not in page
    assert not Interview.objects.exists()


# The results form and its round rows


def test_round_fields_are_optional_and_carry_no_required_mark(client_for, user):
    interview = InterviewFactory(user=user, status=Status.IN_PROGRESS)

    page = client_for(user).get(url("complete", interview))

    assert len(select(page, "[data-round-rows] fieldset")) == 3
    assert not select(page, "[data-round-rows] .asteriskField")
    assert not select(page, "[data-round-rows] [required]")
    # The totals are required, and marked so.
    assert select(page, "#div_id_score .asteriskField")


def test_empty_round_rows_are_skipped(client_for, user):
    interview = InterviewFactory(user=user, status=Status.IN_PROGRESS)
    posted = {**TOTALS, **rows(("", "", "", "", ""), ("dsa", "75", "3", "4", "20"), total=3)}

    response = client_for(user).post(url("complete", interview), posted)

    assert response["Location"] == url("feedback", interview)
    [saved] = Performance.objects.get().round_results
    assert (saved.round_type, saved.score) == ("dsa", 75)


def test_a_round_row_partly_filled_asks_for_the_rest_once(client_for, user):
    interview = InterviewFactory(user=user, status=Status.IN_PROGRESS)
    posted = {**TOTALS, **rows(("technical", "70", "", "", ""))}

    response = client_for(user).post(url("complete", interview), posted)

    assert response.status_code == 200
    assert error_texts(response) == [
        "Enter how many questions were answered.",
        "Enter how many questions the round had.",
        "Enter the round's minutes.",
    ]
    assert not Performance.objects.exists()


def test_add_round_without_javascript_keeps_what_was_typed_and_adds_a_row(client_for, user):
    interview = InterviewFactory(user=user, status=Status.IN_PROGRESS)
    typed = rows(*[("behavioral", "80", "4", "5", "20")] * 3, ("", "", "", "", ""))
    posted = {**TOTALS, "score": "", **typed, "add_round": "1"}

    response = client_for(user).post(url("complete", interview), posted)

    assert response.status_code == 200
    rows_shown = select(response, "[data-round-rows] fieldset")
    assert [row.attrs["id"] for row in rows_shown] == [f"round-{n}" for n in range(1, 6)]
    assert select_one(response, "#id_rounds-2-score").attrs["value"] == "80"
    assert select_one(response, "#id_total_questions").attrs["value"] == "10"
    # Adding a row checks nothing yet: the score left empty is not an error until saved.
    assert error_texts(response) == []
    assert not Performance.objects.exists()


def test_five_rounds_entered_without_javascript_are_all_saved(client_for, user):
    interview = InterviewFactory(user=user, status=Status.IN_PROGRESS)
    client = client_for(user)
    five = [("technical", str(60 + n), "3", "4", "15") for n in range(5)]
    # Three rows are offered; "Add round" twice gives the fourth and the fifth.
    page = client.post(url("complete", interview), {**TOTALS, **rows(*five[:3]), "add_round": "1"})
    assert len(select(page, "[data-round-rows] fieldset")) == 4
    page = client.post(url("complete", interview), {**TOTALS, **rows(*five[:4]), "add_round": "1"})
    assert len(select(page, "[data-round-rows] fieldset")) == 5

    response = client.post(url("complete", interview), {**TOTALS, **rows(*five, initial=4)})

    assert response["Location"] == url("feedback", interview)
    saved = Performance.objects.get().round_results
    assert [item.score for item in saved] == [60, 61, 62, 63, 64]


def test_no_more_rows_than_the_rules_allow(client_for, user):
    interview = InterviewFactory(user=user, status=Status.IN_PROGRESS)
    full = rows(*[("dsa", "50", "1", "2", "10")] * MAX_ROUNDS)
    client = client_for(user)

    page = client.post(url("complete", interview), {**TOTALS, **full, "add_round": "1"})

    assert len(select(page, "[data-round-rows] fieldset")) == MAX_ROUNDS
    assert not select(page, "[data-add-round]")
    too_many = {**TOTALS, **full, "rounds-TOTAL_FORMS": str(MAX_ROUNDS + 1)}
    response = client.post(url("complete", interview), too_many)
    assert list(response.context["formset"].non_form_errors()) == [f"At most {MAX_ROUNDS} rounds."]
    assert not Performance.objects.exists()


# Correcting the results of a completed interview


def completed(user, **fields):
    return PerformanceFactory(user=user, **fields)


def test_edit_shows_the_results_form_filled_with_the_saved_results(client_for, user):
    performance = completed(user, score=55)

    page = client_for(user).get(url("edit_results", performance.interview))

    assert select_one(page, "h1").text == "Edit results"
    assert select_one(page, "#id_score").attrs["value"] == "55"
    assert select_one(page, "#id_strengths").text == "Clear communication"
    saved = performance.round_results
    assert len(select(page, "[data-round-rows] fieldset")) == len(saved) + 1
    assert select_one(page, "#id_rounds-0-round_type option[selected]").attrs["value"] == (
        saved[0].round_type
    )
    assert select_one(page, "#id_rounds-1-score").attrs["value"] == f"{saved[1].score:g}"


def test_edit_saves_the_corrected_results_and_the_figures_follow(client_for, user):
    kept = completed(user, score=60)
    performance = completed(user, score=80)
    client = client_for(user)
    history = client.get(reverse("performance:history"))
    assert history.context["report"]["summary"]["average_score"] == 70

    posted = {**TOTALS, "score": "40", **rows(("dsa", "30", "2", "5", "25"))}
    response = client.post(url("edit_results", performance.interview), posted, follow=True)

    assert response.redirect_chain[-1][0] == url("feedback", performance.interview)
    assert messages_shown(response) == [
        f"Saved the corrected results of “{performance.interview}”."
    ]
    assert definitions(response, ".performance-detail dl")["Score"] == "40"
    assert table_rows(response, '.performance-detail [aria-label="Round results"] tbody') == [
        ["1", "DSA", "30", "2 / 5", "25 min"]
    ]
    performance.refresh_from_db()
    assert (performance.score, performance.scored_by) == (40, ScoredBy.MANUAL)
    report = client.get(reverse("performance:history")).context["report"]
    assert report["summary"]["average_score"] == 50
    assert list(report["rounds"]["by_type"]) == ["behavioral", "dsa", "technical"]
    kept.refresh_from_db()
    assert kept.score == 60


def test_a_correction_of_the_rounds_alone_is_seen_by_the_report_at_once(client_for, user):
    performance = completed(user)
    client = client_for(user)
    before = client.get(reverse("performance:history")).context["report"]
    assert set(before["rounds"]["by_type"]) == {"technical", "behavioral"}
    same_totals = {
        "total_questions": str(performance.total_questions),
        "correct_answers": str(performance.correct_answers),
        "score": str(performance.score),
        "time_spent": str(performance.time_spent),
    }

    client.post(
        url("edit_results", performance.interview),
        {**TOTALS, **same_totals, **rows(("mixed", "50", "1", "2", "10"))},
    )

    after = client.get(reverse("performance:history")).context["report"]
    assert set(after["rounds"]["by_type"]) == {"mixed"}


def test_bad_corrections_show_form_errors_and_change_nothing(client_for, user):
    performance = completed(user, score=55)
    posted = {**TOTALS, "score": "101", **rows(("dsa", "30", "9", "5", "25"))}

    response = client_for(user).post(url("edit_results", performance.interview), posted)

    assert response.status_code == 200
    assert error_texts(response) == [
        "Enter a number from 0 to 100.",
        "Cannot be more than the round's total questions (5).",
    ]
    before = performance.round_results
    performance.refresh_from_db()
    assert (performance.score, performance.round_results) == (55, before)


def test_only_a_completed_interview_has_results_to_edit(client_for, user):
    interview = InterviewFactory(user=user, status=Status.IN_PROGRESS)
    assert client_for(user).get(url("edit_results", interview)).status_code == 404


@pytest.mark.parametrize("method", ["get", "post"])
def test_another_users_results_cannot_be_edited_or_deleted(client_for, user, other_user, method):
    performance = completed(other_user, score=55)
    client = client_for(user)

    for name in ("edit_results", "delete"):
        response = getattr(client, method)(url(name, performance.interview), TOTALS)
        assert response.status_code == 404
    performance.refresh_from_db()
    assert performance.score == 55


def test_anonymous_visitors_are_sent_to_log_in_to_edit(client, user):
    performance = completed(user)
    response = client.post(url("edit_results", performance.interview), TOTALS)
    assert response["Location"].startswith(reverse("login"))


# Deleting a completed interview


@pytest.mark.parametrize("page", ["feedback", "detail"])
def test_the_detail_offers_edit_and_delete_with_its_confirmation(client_for, user, page):
    performance = completed(user)
    interview = performance.interview
    if page == "feedback":
        address = url("feedback", interview)
    else:
        address = reverse("performance:detail", args=[performance.pk])

    response = client_for(user).get(address)

    actions = select_one(response, ".performance-detail .performance-actions")
    edit = select_one(actions, f'a[href="{url("edit_results", interview)}"]')
    assert edit.text == f"Edit results of {interview}"
    delete = select_one(actions, f'a[href="{url("delete", interview)}"]')
    assert delete.attrs["data-bs-target"] == f"#delete-modal-{interview.pk}"
    modal = select_one(response, f"#delete-modal-{interview.pk}")
    assert select_one(modal, "form").attrs["action"] == url("delete", interview)
    assert "and its performance record will be deleted for good" in modal.text


def test_deleting_a_completed_interview_confirms_then_returns_to_the_history(client_for, user):
    kept = completed(user, score=60)
    performance = completed(user, score=80)
    interview = performance.interview
    client = client_for(user)
    assert client.get(reverse("performance:history")).context["report"]["summary"]["count"] == 2

    confirmation = client.get(url("delete", interview))
    assert select_one(confirmation, "h1").text == "Delete this interview?"
    cancel = select_one(confirmation, "a.btn-secondary")
    assert cancel.attrs["href"] == url("feedback", interview)
    response = client.post(url("delete", interview), follow=True)

    assert response.redirect_chain[-1][0] == reverse("performance:history")
    assert messages_shown(response) == [f"Deleted “{interview}”."]
    summary = response.context["report"]["summary"]
    assert (summary["count"], summary["average_score"]) == (1, 60)
    assert not Interview.objects.filter(pk=interview.pk).exists()
    assert list(Performance.objects.all()) == [kept]
