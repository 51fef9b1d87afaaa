"""The practice session's pages: one question at a time, autosave, submit, tick, move, finish."""

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains

from interviewprep.testing import messages_shown, select, select_one, texts
from interviews import evaluators
from interviews.choices import QuestionState, ScoredBy, Status
from interviews.models import Interview
from interviews.plans import snapshot
from interviews.tests.factories import InterviewFactory, QuestionFactory
from interviews.tests.test_views import GOOD_RESULTS
from performance.models import Performance
from performance.tests.factories import PerformanceFactory

pytestmark = pytest.mark.django_db

CHOICES = ["A linked list", "A hash map", "A binary heap"]


def choice_question(**fields):
    return QuestionFactory(
        **{
            "kind": "choice",
            "prompt": "Which structure finds a value by its key in constant time on average?",
            "choices": CHOICES,
            "answer_index": 1,
            "key_points": [],
            "model_answer": "",
            "explanation": "A hash map hashes the key to find its bucket directly.",
            **fields,
        }
    )


def open_question(**fields):
    return QuestionFactory(
        **{
            "prompt": "Explain how an index speeds up a query.",
            "key_points": ["names the B-tree", "states the lookup cost", "mentions the write cost"],
            "model_answer": "An index keeps keys sorted in a B-tree, so a lookup costs O(log n).",
            **fields,
        }
    )


def session(user, *questions, **fields):
    """An interview in progress whose session asks these bank questions, the first shown."""
    planned = [snapshot(question) for question in questions]
    now = timezone.now()
    planned[0].started_at = now
    return InterviewFactory(
        user=user,
        status=Status.IN_PROGRESS,
        questions=planned,
        started_at=now,
        current=0,
        current_since=now,
        **fields,
    )


def mixed(user):
    """Technical: a choice and an open question; behavioral: an open question."""
    return session(
        user,
        choice_question(),
        open_question(),
        open_question(round_type="behavioral", prompt="Tell me about a conflict you resolved."),
        interview_type="mixed",
    )


def page_text(response):
    """The text the page's main part shows."""
    return select_one(response, "main").text


def url(name, interview):
    return reverse(f"interviews:{name}", args=[interview.pk])


def stored(interview):
    return Interview.objects.get(pk=interview.pk)


# (url name, method, data): every URL of the session.
SESSION_URLS = [
    ("session", "get", {}),
    ("session_answer", "post", {"index": "0", "choice": "1", "action": "save"}),
    ("session_assess", "post", {"index": "1", "points": ["0"]}),
    ("session_go", "post", {"to": "1"}),
    ("session_finish", "get", {}),
    ("session_finish", "post", {}),
]


@pytest.mark.parametrize(("name", "method", "data"), SESSION_URLS)
def test_anonymous_visitors_are_sent_to_log_in(client, user, name, method, data):
    interview = mixed(user)
    response = getattr(client, method)(url(name, interview), data)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert stored(interview).revision == 0


@pytest.mark.parametrize(("name", "method", "data"), SESSION_URLS)
def test_another_persons_session_is_not_found(client_for, user, other_user, name, method, data):
    interview = mixed(other_user)
    response = getattr(client_for(user), method)(url(name, interview), data)
    assert response.status_code == 404
    after = stored(interview)
    assert (after.status, after.revision) == (Status.IN_PROGRESS, 0)
    assert not Performance.objects.exists()


@pytest.mark.parametrize(("name", "method", "data"), SESSION_URLS)
def test_the_owner_may_use_every_session_url(client_for, user, name, method, data):
    interview = mixed(user)
    if name == "session_assess":
        client_for(user).post(
            url("session_answer", interview), {"index": "1", "answer": "B-tree", "action": "submit"}
        )
    response = getattr(client_for(user), method)(url(name, interview), data)
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        response = client_for(user).get(response["Location"])
    assert response.status_code == 200
    assert not select(response, ".alert-danger")


def test_starting_shows_the_first_question_of_the_plan(client_for, user):
    # Some of the bank (the whole of it where the database is emptied between tests).
    for _ in range(4):
        open_question()
    interview = InterviewFactory(user=user, interview_type="technical", experience_level="mid")
    client = client_for(user)

    response = client.post(url("start", interview), follow=True)

    assert response.redirect_chain == [(url("session", interview), 302)]
    planned = stored(interview).questions
    assert len(planned) == 4  # QUESTIONS_PER_ROUND["mid"]
    assert texts(response, "h1") == [f"Technical · question 1 of {len(planned)}"]
    assert texts(response, ".question-prompt") == [" ".join(planned[0].prompt.split())]
    assert messages_shown(response) == [f"Started “{interview}”. Good luck!"]
    # The person's own times, measured by the server, with the question's suggested minutes.
    clocks = select(response, "[data-clock]")
    assert [clock.attrs["data-seconds"] for clock in clocks] == ["0", "0"]
    assert f"(suggested {planned[0].suggested_minutes} min)" in page_text(response)
    scripts = [script.attrs["src"] for script in select(response, "script[src]")]
    assert scripts[-1].endswith("js/interviews/session.js")


def test_a_ready_interview_offers_to_start_and_a_completed_one_sends_to_its_feedback(
    client_for, user
):
    ready = InterviewFactory(user=user)
    response = client_for(user).get(url("session", ready))
    start = select_one(response, f'form[action="{url("start", ready)}"]')
    assert texts(start, "button") == ["Start practice"]
    assert texts(response, f'a[href="{url("complete", ready)}"]') == ["Log an outside interview"]

    completed = PerformanceFactory(user=user).interview
    assert client_for(user).get(url("session", completed))["Location"] == url("feedback", completed)


def test_the_header_names_the_round_and_the_position_in_it(client_for, user):
    interview = mixed(user)
    client = client_for(user)
    client.post(url("session_go", interview), {"to": "2"})

    response = client.get(url("session", interview))

    assert texts(response, "h1") == ["Behavioral · question 1 of 1"]
    assert "Round 2 of 2 · question 3 of 3 in all" in page_text(response)
    shown = select_one(response, ".session-overview [aria-current=step]")
    assert shown.text.startswith("3. Behavioral")


def test_a_saved_draft_is_there_after_a_reload(client_for, user):
    interview = session(user, open_question())
    client = client_for(user)

    response = client.post(
        url("session_answer", interview),
        {"index": "0", "answer": "  A B-tree,\nkept sorted.", "action": "save"},
        follow=True,
    )

    assert messages_shown(response) == ["Draft saved."]
    assert stored(interview).questions[0].answer == "  A B-tree,\nkept sorted."
    reloaded = client.get(url("session", interview))
    assert select_one(reloaded, "textarea#answer").text == "A B-tree, kept sorted."
    assertContains(reloaded, ">\n  A B-tree,\nkept sorted.</textarea>")
    assert stored(interview).questions[0].state == QuestionState.UNANSWERED


def test_the_autosave_gets_json(client_for, user):
    interview = session(user, open_question(), choice_question())
    client = client_for(user)
    headers = {"Accept": "application/json"}

    saved = client.post(
        url("session_answer", interview),
        {"index": "0", "answer": "Sorted keys", "action": "save"},
        headers=headers,
    )
    chosen = client.post(
        url("session_answer", interview),
        {"index": "1", "choice": "2", "action": "save"},
        headers=headers,
    )

    assert (saved.status_code, saved.json()) == (200, {"saved": True})
    assert (chosen.status_code, chosen.json()) == (200, {"saved": True})
    questions = stored(interview).questions
    assert (questions[0].answer, questions[1].choice) == ("Sorted keys", 2)
    assert [question.state for question in questions] == [QuestionState.UNANSWERED] * 2


def test_the_autosave_says_what_is_wrong_in_json(client_for, user):
    interview = session(user, open_question(), choice_question())
    client = client_for(user)
    headers = {"Accept": "application/json"}

    bad = client.post(
        url("session_answer", interview), {"index": "1", "choice": "7"}, headers=headers
    )
    client.post(url("session_answer", interview), {"index": "0", "answer": "x", "action": "submit"})
    late = client.post(
        url("session_answer", interview), {"index": "0", "answer": "more"}, headers=headers
    )
    missing = client.post(
        url("session_answer", interview), {"index": "9", "answer": "x"}, headers=headers
    )

    assert bad.status_code == 400
    assert list(bad.json()["errors"]) == ["choice"]
    assert late.status_code == 409
    assert late.json() == {
        "errors": {"__all__": ["This answer was submitted; it can no longer change."]}
    }
    assert missing.status_code == 404
    questions = stored(interview).questions
    assert (questions[0].answer, questions[1].choice) == ("x", None)


def test_submitting_the_right_choice_says_correct_with_the_explanation(client_for, user):
    interview = session(user, choice_question(), open_question())
    client = client_for(user)

    response = client.post(
        url("session_answer", interview),
        {"index": "0", "choice": "1", "action": "submit"},
        follow=True,
    )

    assert texts(response, "#result-heading") == ["Correct"]
    assert "A hash map hashes the key to find its bucket directly." in page_text(response)
    assert not select(response, "input[type=radio]")
    question = stored(interview).questions[0]
    assert (question.state, question.score, question.scored_by) == ("assessed", 100, "self")


def test_submitting_a_wrong_choice_names_the_right_answer(client_for, user):
    interview = session(user, choice_question(), open_question())

    response = client_for(user).post(
        url("session_answer", interview),
        {"index": "0", "choice": "2", "action": "submit"},
        follow=True,
    )

    assert texts(response, "#result-heading") == ["Not correct"]
    text = page_text(response)
    assert "Not correct — the answer is “A hash map”." in text
    assert "A hash map hashes the key to find its bucket directly." in text
    review = texts(response, ".choice-review li")
    assert review == ["A linked list", "A hash map Right answer", "A binary heap Your answer"]
    assert stored(interview).questions[0].score == 0


def test_submitting_an_open_answer_reveals_its_key_points_and_the_model_answer(client_for, user):
    interview = session(user, open_question(), choice_question())
    client = client_for(user)

    response = client.post(
        url("session_answer", interview),
        {"index": "0", "answer": "A B-tree makes lookups O(log n).", "action": "submit"},
        follow=True,
    )

    assert not select(response, "textarea")
    legend = texts(response, "#assess-form legend")
    assert legend == ["Tick the key points your answer covered"]
    labels = texts(response, "#assess-form label")
    assert labels == ["names the B-tree", "states the lookup cost", "mentions the write cost"]
    assert not select(response, "input[type=checkbox][checked]")
    assert texts(response, ".model-answer") == [
        "An index keeps keys sorted in a B-tree, so a lookup costs O(log n)."
    ]
    assert "A B-tree makes lookups O(log n)." in texts(response, ".submitted-answer")[0]
    assert stored(interview).questions[0].state == QuestionState.ANSWERED


def test_ticking_the_key_points_scores_the_answer_and_can_be_changed(client_for, user):
    interview = session(user, open_question())
    client = client_for(user)
    client.post(
        url("session_answer", interview), {"index": "0", "answer": "B-tree", "action": "submit"}
    )

    response = client.post(
        url("session_assess", interview), {"index": "0", "points": ["0", "1"]}, follow=True
    )

    assert messages_shown(response) == ["Assessment saved: 2 of 3 key points, a score of 66.7."]
    assert texts(response, "#assessment-score") == ["Score: 66.7 (2 of 3 key points)"]
    checked = [box.attrs["value"] for box in select(response, "input[type=checkbox][checked]")]
    assert checked == ["0", "1"]
    client.post(url("session_assess", interview), {"index": "0", "points": ["2"]})
    question = stored(interview).questions[0]
    assert (question.points_hit, question.score, question.state) == ([2], 33.3, "assessed")


def test_skip_previous_and_the_question_list_move_between_questions(client_for, user):
    interview = mixed(user)
    client = client_for(user)
    shown = lambda: stored(interview).current  # noqa: E731

    page = client.get(url("session", interview))
    skip = select_one(page, "button[name=to][form=session-form].btn-outline-secondary")
    assert (skip.text, skip.attrs["value"]) == ("Skip", "1")
    client.post(url("session_go", interview), {"to": "1"})
    assert shown() == 1
    page = client.get(url("session", interview))
    assert [b.text for b in select(page, ".card-footer button")] == ["Previous", "Skip"]
    client.post(url("session_go", interview), {"to": "0"})
    assert shown() == 0
    jump = select(page, ".session-overview button[name=to]")
    assert [button.attrs["value"] for button in jump] == ["0", "2"]
    client.post(url("session_go", interview), {"to": "2"})
    assert shown() == 2
    page = client.get(url("session", interview))
    assert [b.text for b in select(page, ".card-footer button")] == ["Previous"]
    assert stored(interview).questions[0].state == QuestionState.UNANSWERED


def test_moving_on_keeps_the_draft_typed_without_javascript(client_for, user):
    interview = session(user, open_question(), choice_question())
    client = client_for(user)

    client.post(url("session_go", interview), {"to": "1", "index": "0", "answer": "Half a thought"})
    client.post(url("session_go", interview), {"to": "0", "index": "1", "choice": "2"})

    questions = stored(interview).questions
    assert (questions[0].answer, questions[1].choice) == ("Half a thought", 2)
    assert stored(interview).current == 0
    page = client.get(url("session", interview))
    overview = texts(page, ".session-overview li")
    assert overview[1].endswith("Draft, not submitted")


def test_time_is_measured_by_the_server_per_question(client_for, user):
    interview = session(user, open_question(), choice_question())
    earlier = timezone.now() - timezone.timedelta(seconds=125)
    Interview.objects.filter(pk=interview.pk).update(current_since=earlier)

    response = client_for(user).get(url("session", interview))

    question_clock = select(response, "[data-clock]")[1]
    assert "data-running" in question_clock.attrs
    assert 125 <= int(question_clock.attrs["data-seconds"]) <= 130
    assert question_clock.text in ("2:05", "2:06", "2:07", "2:08", "2:09", "2:10")


def test_finishing_early_shows_every_question_in_the_feedback(client_for, user):
    interview = mixed(user)
    client = client_for(user)
    client.post(url("session_answer", interview), {"index": "0", "choice": "1", "action": "submit"})
    client.post(
        url("session_answer", interview), {"index": "1", "answer": "A B-tree", "action": "submit"}
    )
    client.post(url("session_assess", interview), {"index": "1", "points": ["0"]})
    client.post(url("session_answer", interview), {"index": "2", "answer": "Unsent draft"})

    confirm = client.get(url("session_finish", interview))
    assert "1 question is not answered" in page_text(confirm)
    assert "1 of them has a draft that was never submitted" in page_text(confirm)
    response = client.post(url("session_finish", interview), follow=True)

    assert response.redirect_chain == [(url("feedback", interview), 302)]
    assert messages_shown(response) == [f"Finished “{interview}”. Here is your feedback."]
    items = select(response, ".session-review-item")
    assert [texts(item, "h4")[0] for item in items] == [
        "1. Technical",
        "2. Technical",
        "3. Behavioral",
    ]
    assert texts(items[0], ".choice-review li")[1] == "A hash map Your answer Right answer"
    assert texts(items[1], ".key-points li") == [
        "✓ Covered: names the B-tree",
        "✗ Missed: states the lookup cost",
        "✗ Missed: mentions the write cost",
    ]
    assert "Model answer" in texts(items[1], "summary")
    assert texts(items[2], ".fst-italic") == ["Not answered"]
    assert "Unsent draft" not in items[2].text
    text = page_text(response)
    assert "A question counts as correct when it scores 70 or more." in text
    assert "Scored by: self-assessment" in text
    performance = Performance.objects.get()
    assert (performance.total_questions, performance.correct_answers) == (3, 1)
    assert performance.scored_by == ScoredBy.SELF
    assert stored(interview).status == Status.COMPLETED


def test_finishing_twice_lands_on_the_same_feedback(client_for, user):
    interview = session(user, choice_question())
    client = client_for(user)
    client.post(url("session_finish", interview), follow=True)

    again = client.post(url("session_finish", interview), follow=True)

    assert again.redirect_chain == [(url("feedback", interview), 302)]
    assert messages_shown(again) == ["This interview was already finished; nothing changed."]
    assert Performance.objects.count() == 1
    assert client.get(url("session_finish", interview))["Location"] == url("feedback", interview)


def test_the_history_detail_shows_the_questions_too(client_for, user):
    interview = session(user, open_question())
    client = client_for(user)
    client.post(url("session_finish", interview))
    performance = Performance.objects.get()

    response = client.get(reverse("performance:detail", args=[performance.pk]))

    detail = select_one(response, ".performance-detail")
    assert [texts(item, "h4")[0] for item in select(detail, ".session-review-item")] == [
        "1. Technical"
    ]
    assert "Not answered" in detail.text


def test_an_outside_interview_shows_no_question_list(client_for, user):
    performance = PerformanceFactory(user=user)
    response = client_for(user).get(url("feedback", performance.interview))
    assert not select(response, ".session-review")
    assert "Scored by: entered by hand" in page_text(response)


def test_actions_the_status_refuses_say_why_and_change_nothing(client_for, user):
    interview = session(user, open_question(), choice_question())
    client = client_for(user)
    client.post(
        url("session_answer", interview), {"index": "0", "answer": "One", "action": "submit"}
    )

    again = client.post(
        url("session_answer", interview),
        {"index": "0", "answer": "Two", "action": "submit"},
        follow=True,
    )
    assert messages_shown(again) == ["This answer was submitted already."]
    choice = client.post(url("session_assess", interview), {"index": "1", "points": ["0"]})
    assert "A choice question is graded by its answer." in page_text(choice)
    before = stored(interview)

    ready = InterviewFactory(user=user)
    refused = client.post(url("session_answer", ready), {"index": "0", "answer": "x"}, follow=True)
    assert messages_shown(refused) == [
        "This interview is not in progress; only a session in progress can change."
    ]
    assert stored(ready).status == Status.READY

    client.post(url("session_finish", interview), follow=True)
    late = client.post(
        url("session_go", interview), {"to": "1", "index": "1", "choice": "0"}, follow=True
    )
    assert late.redirect_chain[-1][0] == url("feedback", interview)
    assert messages_shown(late) == [
        "This interview is completed; its answers can no longer change."
    ]
    after = stored(interview)
    assert [q.answer for q in after.questions] == [q.answer for q in before.questions]
    assert after.questions[1].choice is None


def test_ticking_a_question_not_yet_submitted_is_refused(client_for, user):
    interview = session(user, open_question())
    response = client_for(user).post(
        url("session_assess", interview), {"index": "0", "points": ["0"]}, follow=True
    )
    assert messages_shown(response) == [
        "Submit the answer before ticking the key points it covers."
    ]
    assert stored(interview).questions[0].points_hit == []


@pytest.mark.parametrize(
    ("data", "field", "error"),
    [
        ({"index": "1", "choice": "3", "action": "submit"}, "choice", "0 to 2"),
        ({"index": "1", "choice": "-1", "action": "save"}, "choice", "greater than or equal to 0"),
        ({"index": "1", "action": "submit"}, "choice", "Choose one of the answers."),
        ({"index": "0", "answer": "nul \x00 here", "action": "save"}, "answer", "Null characters"),
        ({"index": "0", "answer": "   ", "action": "submit"}, "answer", "Write an answer"),
    ],
)
def test_bad_input_shows_a_form_error_keeps_the_typed_text_and_changes_nothing(
    client_for, user, data, field, error
):
    interview = session(user, open_question(), choice_question())
    before = stored(interview)

    response = client_for(user).post(url("session_answer", interview), data)

    assert response.status_code == 200
    assert error in " ".join(response.context["answer_form"].errors[field])
    assert error in page_text(response)
    if field == "answer":
        assert select_one(response, "textarea#answer").attrs["aria-invalid"] == "true"
        assert select_one(response, "textarea#answer").text == " ".join(data["answer"].split())
    after = stored(interview)
    assert after.questions == before.questions
    assert after.revision == before.revision


def test_ticks_that_are_not_numbers_are_a_form_error(client_for, user):
    interview = session(user, open_question())
    client = client_for(user)
    client.post(url("session_answer", interview), {"index": "0", "answer": "x", "action": "submit"})

    response = client.post(url("session_assess", interview), {"index": "0", "points": ["0", "two"]})
    out_of_range = client.post(url("session_assess", interview), {"index": "0", "points": ["5"]})

    assert response.status_code == out_of_range.status_code == 200
    assert "Must be key point numbers." in page_text(response)
    assert "0 to 2" in page_text(out_of_range)
    assert stored(interview).questions[0].state == QuestionState.ANSWERED


@pytest.mark.parametrize(
    ("name", "data"),
    [("session_answer", {"answer": "x"}), ("session_go", {}), ("session_go", {"to": "many"})],
)
def test_a_request_without_a_question_index_is_a_bad_request(client_for, user, name, data):
    interview = session(user, open_question())
    assert client_for(user).post(url(name, interview), data).status_code == 400


def test_an_index_outside_the_session_is_not_found(client_for, user):
    interview = session(user, open_question())
    client = client_for(user)
    assert client.post(url("session_go", interview), {"to": "3"}).status_code == 404
    assert (
        client.post(url("session_answer", interview), {"index": "3", "answer": "x"}).status_code
        == 404
    )


def test_the_ai_evaluator_ticks_the_points_and_comments(client_for, user, settings, monkeypatch):
    settings.EVALUATOR = "openai"
    monkeypatch.setattr(
        evaluators,
        "evaluate",
        lambda **kwargs: evaluators.Assessment(points_hit=[0, 2], comment="Name the lookup cost."),
    )
    interview = session(user, open_question())

    response = client_for(user).post(
        url("session_answer", interview),
        {"index": "0", "answer": "B-tree", "action": "submit"},
        follow=True,
    )

    assert "AI evaluator: Name the lookup cost." in page_text(response)
    checked = [box.attrs["value"] for box in select(response, "input[type=checkbox][checked]")]
    assert checked == ["0", "2"]
    assert stored(interview).questions[0].scored_by == ScoredBy.AI


def test_a_failing_ai_evaluator_leaves_the_ticking_to_the_person(
    client_for, user, settings, monkeypatch
):
    settings.EVALUATOR = "openai"

    def fail(**kwargs):
        raise evaluators.EvaluatorError(
            "The AI evaluator could not be reached; tick the key points yourself."
        )

    monkeypatch.setattr(evaluators, "evaluate", fail)
    interview = session(user, open_question())

    response = client_for(user).post(
        url("session_answer", interview),
        {"index": "0", "answer": "B-tree", "action": "submit"},
        follow=True,
    )

    assert messages_shown(response) == [
        "The AI evaluator could not be reached; tick the key points yourself."
    ]
    assert texts(response, "#assess-form legend") == ["Tick the key points your answer covered"]
    assert stored(interview).questions[0].state == QuestionState.ANSWERED


def test_an_outside_interview_is_logged_from_a_ready_interview(client_for, user):
    interview = InterviewFactory(user=user)
    client = client_for(user)

    page = client.get(url("complete", interview))
    response = client.post(url("complete", interview), GOOD_RESULTS)

    assert texts(page, "h1") == ["Log an outside interview"]
    assert response["Location"] == url("feedback", interview)
    performance = Performance.objects.get()
    assert (performance.scored_by, performance.score) == (ScoredBy.MANUAL, 82.5)
    after = stored(interview)
    assert (after.status, after.questions) == (Status.COMPLETED, [])


def test_bad_outside_results_leave_a_ready_interview_ready(client_for, user):
    interview = InterviewFactory(user=user)
    response = client_for(user).post(
        url("complete", interview), {**GOOD_RESULTS, "correct_answers": "12"}
    )
    assert response.status_code == 200
    assert stored(interview).status == Status.READY
    assert not Performance.objects.exists()


def test_a_practice_session_has_no_outside_results_form(client_for, user):
    interview = session(user, open_question())
    response = client_for(user).post(url("complete", interview), GOOD_RESULTS, follow=True)
    assert response.redirect_chain == [(url("session", interview), 302)]
    assert not Performance.objects.exists()


def test_the_dashboard_offers_the_action_each_interview_needs(client_for, user):
    ready = InterviewFactory(user=user, job_title="Ready role")
    practising = session(user, open_question(), job_title="Session role")
    outside = InterviewFactory(user=user, status=Status.IN_PROGRESS, job_title="Outside role")

    response = client_for(user).get(reverse("dashboard:index"))

    start = select_one(response, f'form[action="{url("start", ready)}"]')
    assert texts(start, "button") == [f"Start practice {ready}"]
    assert texts(response, f'a[href="{url("complete", ready)}"]') == [
        f"Log an outside interview as {ready}"
    ]
    assert texts(response, f'a[href="{url("session", practising)}"]') == [f"Continue {practising}"]
    assertNotContains(response, url("complete", practising))
    assert texts(response, f'a[href="{url("complete", outside)}"]') == [
        f"Enter results of {outside}"
    ]


def test_starting_with_an_empty_bank_says_so_and_leads_to_the_results_form(client_for, user):
    interview = InterviewFactory(user=user, experience_level="senior", interview_type="dsa")
    from interviews.models import Question

    Question.objects.filter(round_type="dsa", experience_level="senior").delete()
    response = client_for(user).post(url("start", interview), follow=True)

    assert response.redirect_chain[-1][0] == url("complete", interview)
    [message] = messages_shown(response)
    assert message == (
        f"Started “{interview}”. The question bank has no questions for its type and level, "
        "so enter its results by hand."
    )


@pytest.mark.parametrize("past", [2, 20])
def test_the_session_page_makes_a_fixed_number_of_queries(
    client_for, user, django_assert_max_num_queries, past
):
    for _ in range(past):
        PerformanceFactory(user=user)
    interview = mixed(user)
    client = client_for(user)
    client.get(url("session", interview))  # the session is loaded once

    with django_assert_max_num_queries(3):
        response = client.get(url("session", interview))
    assert response.status_code == 200
