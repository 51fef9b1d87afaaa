"""The rules every interview and performance obeys, whichever way it arrives.

Forms, the admin, the JSON API and the importer call these functions with plain
values keyed by the models' field names. Each returns a normalised copy, ready to
be given to the model as it is, or raises ValidationError whose keys are paths such
as `round_results[0].score` (the API and the importer show them with to_camel).
"""

import math
from collections.abc import Mapping
from dataclasses import asdict
from datetime import datetime

from django.core.exceptions import ValidationError

from interviews.choices import (
    ExperienceLevel,
    InterviewType,
    QuestionKind,
    QuestionState,
    RoundType,
    ScoredBy,
)
from interviews.documents import ROUND_FIELDS, Feedback, PlannedQuestion, RoundResult

MAX_TITLE_LENGTH = 200
MAX_OVERALL_LENGTH = 5000
MAX_ITEM_LENGTH = 500
MAX_FEEDBACK_ITEMS = 30
MAX_ROUNDS = 20
MAX_QUESTIONS = 1000
MAX_MINUTES = 24 * 60
MAX_ANSWER_LENGTH = 20_000
MAX_PLANNED_QUESTIONS = 100

INTERVIEW_FIELDS = ("job_title", "company_name", "interview_type", "experience_level")
PERFORMANCE_FIELDS = (
    "total_questions",
    "correct_answers",
    "score",
    "time_spent",
    "feedback",
    "round_results",
)
FEEDBACK_LISTS = Feedback.LISTS
FEEDBACK_FIELDS = ("overall", *FEEDBACK_LISTS)


class _Errors:
    def __init__(self):
        self.by_path = {}

    def add(self, path, message):
        self.by_path.setdefault(path, []).append(message)

    def raise_if_any(self):
        if self.by_path:
            raise ValidationError(self.by_path)


def _check_keys(data, allowed, path, errors):
    if not isinstance(data, Mapping):
        errors.add(path or "__all__", "Must be an object.")
        return False
    for key in data:
        if key not in allowed:
            errors.add(_join(path, str(key)), "Unknown field.")
    return True


def _text(value, path, errors, *, max_length, required):
    if not isinstance(value, str):
        errors.add(path, "Must be a string.")
        return None
    # The length counts what was sent, spaces included, as the API's schema (maxLength) says.
    sent = len(value)
    value = value.strip()
    if "\x00" in value:
        errors.add(path, "Must not contain NUL characters.")
    elif any("\ud800" <= char <= "\udfff" for char in value):
        errors.add(path, "Must not contain unpaired surrogate characters.")
    elif required and not value:
        errors.add(path, "This field is required.")
    elif sent > max_length:
        errors.add(path, f"At most {max_length} characters (it has {sent}).")
    else:
        return value
    return None


def _choice(value, choices, path, errors):
    if not isinstance(value, str) or value not in choices.values:
        allowed = ", ".join(choices.values)
        errors.add(path, f"Must be one of: {allowed}.")
        return None
    return value


def _integer(value, path, errors, *, maximum):
    if isinstance(value, bool) or not isinstance(value, int):
        errors.add(path, "Must be a whole number.")
        return None
    if not 0 <= value <= maximum:
        errors.add(path, f"Must be between 0 and {maximum}.")
        return None
    return value


def _number(value, path, errors, *, maximum):
    if isinstance(value, bool) or not isinstance(value, int | float):
        errors.add(path, "Must be a number.")
        return None
    if not math.isfinite(value):
        errors.add(path, "Must be a finite number.")
        return None
    if not 0 <= value <= maximum:
        errors.add(path, f"Must be between 0 and {maximum}.")
        return None
    return value


def _join(path, key):
    return f"{path}.{key}" if path else key


def _required(data, key, path, errors):
    if key not in data:
        errors.add(_join(path, key), "This field is required.")
        return False
    return True


def clean_interview(data):
    """Validate the fields a person gives when creating an interview."""
    errors = _Errors()
    cleaned = {}
    if _check_keys(data, INTERVIEW_FIELDS, "", errors):
        for key in INTERVIEW_FIELDS:
            if not _required(data, key, "", errors):
                continue
            if key in ("job_title", "company_name"):
                cleaned[key] = _text(
                    data[key], key, errors, max_length=MAX_TITLE_LENGTH, required=True
                )
            elif key == "interview_type":
                cleaned[key] = _choice(data[key], InterviewType, key, errors)
            else:
                cleaned[key] = _choice(data[key], ExperienceLevel, key, errors)
    errors.raise_if_any()
    return cleaned


def _clean_feedback(data, errors):
    path = "feedback"
    cleaned = {"overall": "", "strengths": [], "improvements": [], "recommendations": []}
    if isinstance(data, Feedback):
        data = asdict(data)
    if not _check_keys(data, FEEDBACK_FIELDS, path, errors):
        return Feedback(**cleaned)
    if "overall" in data:
        cleaned["overall"] = _text(
            data["overall"],
            f"{path}.overall",
            errors,
            max_length=MAX_OVERALL_LENGTH,
            required=False,
        )
    for key in FEEDBACK_LISTS:
        if key not in data:
            continue
        items = data[key]
        if not isinstance(items, list):
            errors.add(f"{path}.{key}", "Must be a list of strings.")
            continue
        if len(items) > MAX_FEEDBACK_ITEMS:
            errors.add(f"{path}.{key}", f"At most {MAX_FEEDBACK_ITEMS} items.")
            continue
        cleaned[key] = [
            _text(item, f"{path}.{key}[{i}]", errors, max_length=MAX_ITEM_LENGTH, required=True)
            for i, item in enumerate(items)
        ]
    return Feedback(**cleaned)


def clean_round(data):
    """Validate one round of round results on its own."""
    errors = _Errors()
    cleaned = _clean_round(data, "", errors)
    errors.raise_if_any()
    return cleaned


def _clean_round(data, path, errors):
    if isinstance(data, RoundResult):
        data = asdict(data)
    if not _check_keys(data, ROUND_FIELDS, path, errors):
        return None
    for key in ROUND_FIELDS:
        _required(data, key, path, errors)
    cleaned = {
        "round_type": _choice(data["round_type"], InterviewType, _join(path, "round_type"), errors)
        if "round_type" in data
        else None,
    }
    for key, check, maximum in (
        ("score", _number, 100),
        ("questions_answered", _integer, MAX_QUESTIONS),
        ("total_questions", _integer, MAX_QUESTIONS),
        ("time_spent", _number, MAX_MINUTES),
    ):
        if key in data:
            cleaned[key] = check(data[key], _join(path, key), errors, maximum=maximum)
        else:
            cleaned[key] = None
    answered, total = cleaned["questions_answered"], cleaned["total_questions"]
    if answered is not None and total is not None and answered > total:
        errors.add(
            _join(path, "questions_answered"),
            f"Cannot be more than the round's total questions ({total}).",
        )
    return RoundResult(**cleaned)


def clean_performance(data):
    """Validate the results of one completed interview."""
    errors = _Errors()
    cleaned = {}
    if not _check_keys(data, PERFORMANCE_FIELDS, "", errors):
        errors.raise_if_any()
    for key in ("total_questions", "correct_answers", "score", "time_spent"):
        _required(data, key, "", errors)
    for key, check, maximum in (
        ("total_questions", _integer, MAX_QUESTIONS),
        ("correct_answers", _integer, MAX_QUESTIONS),
        ("score", _number, 100),
        ("time_spent", _number, MAX_MINUTES),
    ):
        cleaned[key] = check(data[key], key, errors, maximum=maximum) if key in data else None
    correct, total = cleaned["correct_answers"], cleaned["total_questions"]
    if correct is not None and total is not None and correct > total:
        errors.add("correct_answers", f"Cannot be more than the total questions ({total}).")

    cleaned["feedback"] = _clean_feedback(data.get("feedback", {}), errors)

    rounds = data.get("round_results", [])
    if not isinstance(rounds, list):
        errors.add("round_results", "Must be a list of rounds.")
        rounds = []
    elif len(rounds) > MAX_ROUNDS:
        errors.add("round_results", f"At most {MAX_ROUNDS} rounds.")
        rounds = []
    cleaned["round_results"] = [
        _clean_round(item, f"round_results[{i}]", errors) for i, item in enumerate(rounds)
    ]
    errors.raise_if_any()
    return cleaned


def clean_answer(question, *, answer=None, choice=None):
    """A draft answer to a session's question: text for an open question, the index of
    one of its choices for a choice question. Only what is given is returned."""
    errors = _Errors()
    cleaned = {}
    if question.kind == "open":
        if choice is not None:
            errors.add("choice", "This question takes a written answer, not a choice.")
        if answer is not None:
            if not isinstance(answer, str):
                errors.add("answer", "Must be a string.")
            elif "\x00" in answer:
                errors.add("answer", "Must not contain NUL characters.")
            elif any("\ud800" <= char <= "\udfff" for char in answer):
                errors.add("answer", "Must not contain unpaired surrogate characters.")
            elif len(answer) > MAX_ANSWER_LENGTH:
                errors.add(
                    "answer", f"At most {MAX_ANSWER_LENGTH} characters (it has {len(answer)})."
                )
            else:
                cleaned["answer"] = answer
    else:
        if answer not in (None, ""):
            errors.add("answer", "This question takes a choice, not a written answer.")
        if choice is not None:
            count = len(question.choices)
            if isinstance(choice, bool) or not isinstance(choice, int) or not 0 <= choice < count:
                errors.add("choice", f"Must be the number of one of the choices, 0 to {count - 1}.")
            else:
                cleaned["choice"] = choice
    errors.raise_if_any()
    return cleaned


def clean_points(question, points_hit):
    """The key points an answer covered: distinct indexes of the question's key points."""
    count = len(question.key_points)
    if not isinstance(points_hit, list | tuple) or any(
        isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < count
        for index in points_hit
    ):
        raise ValidationError(
            {"points_hit": [f"Must be a list of key point numbers, 0 to {count - 1}."]}
        )
    return sorted(set(points_hit))


def _strings(value, path, errors):
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        errors.add(path, "Must be a list of strings.")


def _optional_integer(value, path, errors):
    if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
        errors.add(path, "Must be a whole number or null.")


def _planned_question(data, path, errors):
    before = len(errors.by_path)
    if not _check_keys(data, QUESTION_CHECKS, path, errors):
        return None
    for key in ("question_id", "slug", "round_type", "kind", "prompt", "state"):
        _required(data, key, path, errors)
    for key, value in data.items():
        if key in QUESTION_CHECKS:
            QUESTION_CHECKS[key](value, _join(path, key), errors)
    return PlannedQuestion(**data) if len(errors.by_path) == before else None


def _text_check(value, path, errors):
    if not isinstance(value, str):
        errors.add(path, "Must be a string.")


def _choice_check(choices, *, optional=False):
    def check(value, path, errors):
        if not (optional and value in ("", None)):
            _choice(value, choices, path, errors)

    return check


def _number_check(maximum):
    def check(value, path, errors):
        if value is not None:
            _number(value, path, errors, maximum=maximum)

    return check


def _time_check(value, path, errors):
    if value is not None and not isinstance(value, datetime):
        errors.add(path, "Must be a date and time.")


def _points_check(value, path, errors):
    if not isinstance(value, list) or not all(
        isinstance(item, int) and not isinstance(item, bool) and item >= 0 for item in value
    ):
        errors.add(path, "Must be a list of key point numbers.")


QUESTION_CHECKS = {
    "question_id": _text_check,
    "slug": _text_check,
    "round_type": _choice_check(RoundType),
    "kind": _choice_check(QuestionKind),
    "prompt": _text_check,
    "choices": _strings,
    "answer_index": _optional_integer,
    "key_points": _strings,
    "model_answer": _text_check,
    "explanation": _text_check,
    "tags": _strings,
    "suggested_minutes": _number_check(MAX_MINUTES),
    "answer": _text_check,
    "choice": _optional_integer,
    "started_at": _time_check,
    "answered_at": _time_check,
    "seconds": _number_check(MAX_MINUTES * 60),
    "points_hit": _points_check,
    "score": _number_check(100),
    "state": _choice_check(QuestionState),
    "comment": _text_check,
    "scored_by": _choice_check(ScoredBy, optional=True),
}


def clean_session(questions):
    """Validate a practice session's questions (values keyed by PlannedQuestion's names,
    times already parsed): the list of PlannedQuestion."""
    errors = _Errors()
    if not isinstance(questions, list):
        errors.add("questions", "Must be a list of questions.")
    elif len(questions) > MAX_PLANNED_QUESTIONS:
        errors.add("questions", f"At most {MAX_PLANNED_QUESTIONS} questions.")
    else:
        cleaned = [
            _planned_question(item, f"questions[{i}]", errors) for i, item in enumerate(questions)
        ]
    errors.raise_if_any()
    return cleaned


def locate(path, names):
    """The field among `names` that an error path belongs to, and a prefix saying where in it.

    `score` is the field itself; `round_results[1].score` is line 2 of round_results
    ("Line 2: score: "); a feedback list that is a field of its own takes its items'
    errors (`feedback.strengths[2]`: "Line 3: " under strengths). A path of no field
    goes to "__all__", in words.
    """
    if path == "__all__":
        return "__all__", ""
    head, _, rest = path.partition(".")
    if head == "feedback" and rest:
        name, line = _item(rest)
        if name in names:
            return name, line
    name, line = _item(head)
    if name in names:
        return name, line + (f"{_words(rest)}: " if rest else "")
    return "__all__", f"{_words(path)}: "


def _item(part):
    """("strengths", "Line 3: ") for "strengths[2]"; (part, "") without an index."""
    name, bracket, index = part.partition("[")
    if not bracket:
        return part, ""
    return name, f"Line {int(index.rstrip(']')) + 1}: "


def _words(path):
    return path.replace("_", " ")


def errors_by_field(error, names):
    """A ValidationError of this module regrouped under the fields among `names`."""
    grouped = {}
    for path, messages in error.message_dict.items():
        field, prefix = locate(path, names)
        grouped.setdefault(field, []).extend(prefix + message for message in messages)
    return grouped
