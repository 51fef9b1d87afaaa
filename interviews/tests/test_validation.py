import pytest
from django.core.exceptions import ValidationError

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
    "jobTitle": "Backend Engineer",
    "companyName": "Acme",
    "interviewType": "dsa",
    "experienceLevel": "senior",
}


def errors_of(function, data):
    with pytest.raises(ValidationError) as caught:
        function(data)
    return caught.value.message_dict


def round_(**overrides):
    return {
        "roundType": "technical",
        "score": 60,
        "questionsAnswered": 3,
        "totalQuestions": 4,
        "timeSpent": 12.5,
        **overrides,
    }


def test_a_valid_interview_is_returned_with_its_text_trimmed():
    assert clean_interview({**INTERVIEW, "jobTitle": "  Backend Engineer "}) == INTERVIEW


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("jobTitle", "", "This field is required."),
        ("jobTitle", "   ", "This field is required."),
        ("companyName", "x" * (MAX_TITLE_LENGTH + 1), "At most 200 characters"),
        ("companyName", 42, "Must be a string."),
        ("jobTitle", "Dev\x00ops", "NUL"),
        ("jobTitle", "Dev\ud800", "unpaired surrogate"),
        ("interviewType", "coding", "Must be one of: technical, behavioral, mixed, dsa."),
        ("experienceLevel", "principal", "Must be one of: entry, mid, senior."),
    ],
)
def test_bad_interview_fields_are_named_in_the_error(field, value, message):
    errors = errors_of(clean_interview, {**INTERVIEW, field: value})
    assert list(errors) == [field]
    assert message in errors[field][0]


def test_missing_and_unknown_interview_fields_are_reported_together():
    data = {"jobTitle": "Dev", "companyName": "Acme", "interviewType": "dsa", "salary": 1}
    errors = errors_of(clean_interview, data)
    assert errors == {"experienceLevel": ["This field is required."], "salary": ["Unknown field."]}


def test_a_valid_performance_gets_empty_feedback_lists_by_default():
    cleaned = clean_performance(
        {"totalQuestions": 4, "correctAnswers": 4, "score": 100, "timeSpent": 0}
    )
    assert cleaned["feedback"] == {
        "overall": "",
        "strengths": [],
        "improvements": [],
        "recommendations": [],
    }
    assert cleaned["roundResults"] == []


@pytest.mark.parametrize(
    ("overrides", "path", "message"),
    [
        ({"score": 100.5}, "score", "Must be between 0 and 100."),
        ({"score": -1}, "score", "Must be between 0 and 100."),
        ({"score": float("nan")}, "score", "Must be a finite number."),
        ({"timeSpent": float("inf")}, "timeSpent", "Must be a finite number."),
        ({"timeSpent": -0.5}, "timeSpent", "Must be between 0 and 1440."),
        ({"score": True}, "score", "Must be a number."),
        ({"score": "80"}, "score", "Must be a number."),
        ({"totalQuestions": 4.5}, "totalQuestions", "Must be a whole number."),
        ({"correctAnswers": 11}, "correctAnswers", "Cannot be more than the total questions (10)."),
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
        ({"roundResults": {}}, "roundResults", "Must be a list of rounds."),
        ({"roundResults": [round_()] * (MAX_ROUNDS + 1)}, "roundResults", "At most 20 rounds."),
        (
            {"roundResults": [round_(), round_(questionsAnswered=5)]},
            "roundResults[1].questionsAnswered",
            "Cannot be more than the round's total questions (4).",
        ),
        ({"roundResults": [round_(roundType="pairing")]}, "roundResults[0].roundType", "one of"),
        ({"roundResults": [round_(score=101)]}, "roundResults[0].score", "between 0 and 100"),
        ({"roundResults": [round_(timeSpent=None)]}, "roundResults[0].timeSpent", "a number"),
        ({"roundResults": ["fast"]}, "roundResults[0]", "Must be an object."),
    ],
)
def test_each_broken_rule_is_reported_at_its_path(overrides, path, message):
    errors = errors_of(clean_performance, results(**overrides))
    assert path in errors, errors
    assert message in errors[path][0]


def test_a_round_missing_keys_lists_each_one():
    data = results(roundResults=[{"roundType": "dsa", "score": 50}])
    errors = errors_of(clean_performance, data)
    assert set(errors) == {
        "roundResults[0].questionsAnswered",
        "roundResults[0].totalQuestions",
        "roundResults[0].timeSpent",
    }


def test_required_totals_are_reported_when_missing():
    errors = errors_of(clean_performance, {"feedback": {}})
    assert set(errors) == {"totalQuestions", "correctAnswers", "score", "timeSpent"}


def test_unknown_top_level_fields_are_refused():
    errors = errors_of(clean_performance, results(jobTitle="Sneaky"))
    assert errors == {"jobTitle": ["Unknown field."]}
