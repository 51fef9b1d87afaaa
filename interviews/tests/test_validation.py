import pytest
from django.core.exceptions import ValidationError

from interviews.documents import Feedback
from interviews.tests.factories import results
from interviews.validation import (
    MAX_FEEDBACK_ITEMS,
    MAX_ITEM_LENGTH,
    MAX_ROUNDS,
    MAX_TITLE_LENGTH,
    clean_interview,
    clean_performance,
)

INTERVIEW = {
    "job_title": "Backend Engineer",
    "company_name": "Acme",
    "interview_type": "dsa",
    "experience_level": "senior",
}


def errors_of(function, data):
    with pytest.raises(ValidationError) as caught:
        function(data)
    return caught.value.message_dict


def round_(**overrides):
    return {
        "round_type": "technical",
        "score": 60,
        "questions_answered": 3,
        "total_questions": 4,
        "time_spent": 12.5,
        **overrides,
    }


def test_a_valid_interview_is_returned_with_its_text_trimmed():
    assert clean_interview({**INTERVIEW, "job_title": "  Backend Engineer "}) == INTERVIEW


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("job_title", "", "This field is required."),
        ("job_title", "   ", "This field is required."),
        ("company_name", "x" * (MAX_TITLE_LENGTH + 1), "At most 200 characters"),
        ("company_name", 42, "Must be a string."),
        ("job_title", "Dev\x00ops", "NUL"),
        ("job_title", "Dev\ud800", "unpaired surrogate"),
        ("interview_type", "coding", "Must be one of: technical, behavioral, mixed, dsa."),
        ("experience_level", "principal", "Must be one of: entry, mid, senior."),
    ],
)
def test_bad_interview_fields_are_named_in_the_error(field, value, message):
    errors = errors_of(clean_interview, {**INTERVIEW, field: value})
    assert list(errors) == [field]
    assert message in errors[field][0]


def test_missing_and_unknown_interview_fields_are_reported_together():
    data = {"job_title": "Dev", "company_name": "Acme", "interview_type": "dsa", "salary": 1}
    errors = errors_of(clean_interview, data)
    assert errors == {"experience_level": ["This field is required."], "salary": ["Unknown field."]}


def test_a_valid_performance_gets_empty_feedback_lists_by_default():
    cleaned = clean_performance(
        {"total_questions": 4, "correct_answers": 4, "score": 100, "time_spent": 0}
    )
    assert cleaned["feedback"] == Feedback(
        overall="", strengths=[], improvements=[], recommendations=[]
    )
    assert cleaned["round_results"] == []


@pytest.mark.parametrize(
    ("overrides", "path", "message"),
    [
        ({"score": 100.5}, "score", "Must be between 0 and 100."),
        ({"score": -1}, "score", "Must be between 0 and 100."),
        ({"score": float("nan")}, "score", "Must be a finite number."),
        ({"time_spent": float("inf")}, "time_spent", "Must be a finite number."),
        ({"time_spent": -0.5}, "time_spent", "Must be between 0 and 1440."),
        ({"score": True}, "score", "Must be a number."),
        ({"score": "80"}, "score", "Must be a number."),
        ({"total_questions": 4.5}, "total_questions", "Must be a whole number."),
        (
            {"correct_answers": 11},
            "correct_answers",
            "Cannot be more than the total questions (10).",
        ),
        ({"feedback": []}, "feedback", "Must be an object."),
        ({"feedback": {"overall": 3}}, "feedback.overall", "Must be a string."),
        ({"feedback": {"strengths": "Fast"}}, "feedback.strengths", "Must be a list of strings."),
        ({"feedback": {"strengths": ["ok", ""]}}, "feedback.strengths[1]", "required"),
        (
            {"feedback": {"improvements": ["x" * (MAX_ITEM_LENGTH + 1)]}},
            "feedback.improvements[0]",
            "At most 500 characters",
        ),
        (
            {"feedback": {"recommendations": ["a"] * (MAX_FEEDBACK_ITEMS + 1)}},
            "feedback.recommendations",
            "At most 30 items.",
        ),
        ({"feedback": {"mood": "good"}}, "feedback.mood", "Unknown field."),
        ({"round_results": {}}, "round_results", "Must be a list of rounds."),
        ({"round_results": [round_()] * (MAX_ROUNDS + 1)}, "round_results", "At most 20 rounds."),
        (
            {"round_results": [round_(), round_(questions_answered=5)]},
            "round_results[1].questions_answered",
            "Cannot be more than the round's total questions (4).",
        ),
        (
            {"round_results": [round_(round_type="pairing")]},
            "round_results[0].round_type",
            "one of",
        ),
        ({"round_results": [round_(score=101)]}, "round_results[0].score", "between 0 and 100"),
        ({"round_results": [round_(time_spent=None)]}, "round_results[0].time_spent", "a number"),
        ({"round_results": ["fast"]}, "round_results[0]", "Must be an object."),
    ],
)
def test_each_broken_rule_is_reported_at_its_path(overrides, path, message):
    errors = errors_of(clean_performance, results(**overrides))
    assert path in errors, errors
    assert message in errors[path][0]


def test_a_round_missing_keys_lists_each_one():
    data = results(round_results=[{"round_type": "dsa", "score": 50}])
    errors = errors_of(clean_performance, data)
    assert set(errors) == {
        "round_results[0].questions_answered",
        "round_results[0].total_questions",
        "round_results[0].time_spent",
    }


def test_required_totals_are_reported_when_missing():
    errors = errors_of(clean_performance, {"feedback": {}})
    assert set(errors) == {"total_questions", "correct_answers", "score", "time_spent"}


def test_unknown_top_level_fields_are_refused():
    errors = errors_of(clean_performance, results(job_title="Sneaky"))
    assert errors == {"job_title": ["Unknown field."]}


def test_a_text_is_measured_as_sent_spaces_included():
    # The API's schema gives maxLength for the value sent; a value over it is refused even
    # when it would fit once its spaces are trimmed.
    padded = {**INTERVIEW, "job_title": "x" * MAX_TITLE_LENGTH + " "}

    assert errors_of(clean_interview, padded) == {
        "job_title": [f"At most {MAX_TITLE_LENGTH} characters (it has {MAX_TITLE_LENGTH + 1})."]
    }
