"""The specification's stored shape, and the one place that translates it.

Documents keep the specification's camelCase names (`roundResults`, `timeSpent`); inside
the app everything is named as the model's fields are. Top-level fields are translated by
their `db_column`; the sub-documents of a performance (its feedback and its round
results) are read into the typed values below and written back in the stored shape.
"""

import json
import re
from dataclasses import asdict, dataclass, field, fields
from datetime import datetime

from django.db import models
from django.db.models.fields.json import KeyTransform
from django.db.models.query_utils import DeferredAttribute

_SNAKE = re.compile(r"_([a-z0-9])")
_CAMEL = re.compile(r"(?<=[a-z0-9])([A-Z])")


def to_camel(name):
    """A model name or an error path in the specification's spelling:
    `round_results[0].time_spent` -> `roundResults[0].timeSpent`."""
    return _SNAKE.sub(lambda match: match.group(1).upper(), name)


def to_snake(name):
    """The inverse of to_camel: `questionsAnswered` -> `questions_answered`."""
    return _CAMEL.sub(lambda match: "_" + match.group(1).lower(), name)


def column_names(model, names):
    """{model field name: stored name} for these fields of `model`."""
    return {name: model._meta.get_field(name).db_column or name for name in names}


@dataclass(slots=True)
class Feedback:
    """The written assessment of one interview."""

    overall: str = ""
    strengths: list[str] = field(default_factory=list)
    improvements: list[str] = field(default_factory=list)
    recommendations: list[str] = field(default_factory=list)

    LISTS = ("strengths", "improvements", "recommendations")

    @classmethod
    def from_document(cls, document):
        """The feedback stored as `document`; missing or malformed parts are left empty."""
        if not isinstance(document, dict):
            return cls()
        overall, strengths, improvements, recommendations = map(document.get, FEEDBACK_KEYS)
        return cls(
            overall if type(overall) is str else "",
            list(map(str, strengths)) if type(strengths) is list else [],
            list(map(str, improvements)) if type(improvements) is list else [],
            list(map(str, recommendations)) if type(recommendations) is list else [],
        )

    def to_document(self):
        return asdict(self)

    def items(self, name):
        """The entries of one list (strengths, improvements or recommendations)."""
        return getattr(self, name)


FEEDBACK_KEYS = tuple(item.name for item in fields(Feedback))


def _measure(value):
    """A score or a number of minutes as a float (70 is 70.0); anything else as it is."""
    return float(value) if type(value) is int else value


@dataclass(slots=True)
class RoundResult:
    """One round of an interview: its type, score (0-100), questions and minutes."""

    round_type: str | None
    score: float | None
    questions_answered: int | None
    total_questions: int | None
    time_spent: float | None

    @classmethod
    def from_document(cls, document):
        """The round stored as `document`, or None when it is not an object."""
        if not isinstance(document, dict):
            return None
        return cls(*map(document.get, STORED_ROUND_KEYS))

    def to_document(self):
        # Scores and minutes are stored as doubles even when whole (70, not 70.0), as the
        # performance's own score and minutes are; counts are whole numbers (validation.py).
        document = {stored: getattr(self, name) for name, stored in ROUND_KEYS.items()}
        for name in ("score", "time_spent"):
            document[ROUND_KEYS[name]] = _measure(getattr(self, name))
        return document


ROUND_FIELDS = tuple(item.name for item in fields(RoundResult))
ROUND_KEYS = {name: to_camel(name) for name in ROUND_FIELDS}
STORED_ROUND_KEYS = tuple(ROUND_KEYS.values())


@dataclass(slots=True)
class PlannedQuestion:
    """One question of a practice session: a snapshot of the bank's question (editing the
    bank later never changes history) and what the person did with it."""

    question_id: str
    slug: str
    round_type: str
    kind: str
    prompt: str
    choices: list[str] = field(default_factory=list)
    answer_index: int | None = None
    key_points: list[str] = field(default_factory=list)
    model_answer: str = ""
    explanation: str = ""
    tags: list[str] = field(default_factory=list)
    suggested_minutes: int = 0
    answer: str = ""
    choice: int | None = None
    started_at: datetime | None = None
    answered_at: datetime | None = None
    seconds: float = 0.0
    points_hit: list[int] = field(default_factory=list)
    score: float | None = None
    state: str = "unanswered"
    comment: str = ""
    scored_by: str = ""

    @classmethod
    def from_document(cls, document):
        if not isinstance(document, dict):
            return None
        values = {}
        for name, stored in QUESTION_KEYS.items():
            if stored in document:
                value = document[stored]
                if name in QUESTION_TIMES and isinstance(value, str):
                    value = datetime.fromisoformat(value)
                values[name] = value
        return cls(**values)

    def to_document(self):
        document = {}
        for name, stored in QUESTION_KEYS.items():
            value = getattr(self, name)
            if name in QUESTION_TIMES and value is not None:
                value = value.isoformat()
            elif name in QUESTION_MEASURES:
                value = _measure(value)
            document[stored] = value
        return document


QUESTION_KEYS = {item.name: to_camel(item.name) for item in fields(PlannedQuestion)}
QUESTION_TIMES = ("started_at", "answered_at")
QUESTION_MEASURES = ("seconds", "score")


class _TypedAttribute(DeferredAttribute):
    """Keeps the model's attribute typed whatever is assigned to it (a document or a value)."""

    def __set__(self, instance, value):
        instance.__dict__[self.field.attname] = self.field.from_document(value)


class _DocumentField(models.JSONField):
    """A JSONField whose Python value is typed and whose stored value is the document."""

    descriptor_class = _TypedAttribute

    def to_document(self, value):
        raise NotImplementedError

    def from_document(self, document):
        raise NotImplementedError

    def from_db_value(self, value, expression, connection):
        if isinstance(expression, KeyTransform):  # a key inside the document, not the whole
            return super().from_db_value(value, expression, connection)
        # As JSONField reads it (SQLite and MongoDB hand over JSON text), then typed.
        if type(value) is str:
            try:  # noqa: SIM105 (contextlib.suppress costs a microsecond a row here)
                value = json.loads(value)
            except ValueError:
                pass
        return self.from_document(value)

    def to_python(self, value):
        return self.from_document(value)

    def get_prep_value(self, value):
        return super().get_prep_value(self.to_document(value))

    def validate(self, value, model_instance):
        super().validate(self.to_document(value), model_instance)

    def value_to_string(self, obj):
        return self.to_document(self.value_from_object(obj))

    def get_default(self):
        return self.from_document(super().get_default())


class FeedbackField(_DocumentField):
    """The `feedback` sub-document, read as a Feedback."""

    def to_document(self, value):
        return value.to_document() if isinstance(value, Feedback) else value

    def from_document(self, document):
        return document if isinstance(document, Feedback) else Feedback.from_document(document)


class RoundResultsField(_DocumentField):
    """The `roundResults` array of sub-documents, read as a list of RoundResult."""

    def to_document(self, value):
        if not isinstance(value, list):
            return value
        return [item.to_document() if isinstance(item, RoundResult) else item for item in value]

    def from_document(self, document):
        if not isinstance(document, list):
            return []
        # Read for every performance of a history: kept to one comprehension.
        keys = STORED_ROUND_KEYS
        return [
            RoundResult(*map(item.get, keys)) if type(item) is dict else item
            for item in document
            if type(item) is dict or isinstance(item, RoundResult)
        ]


class QuestionsField(_DocumentField):
    """An interview's `questions`: the plan of its practice session, as PlannedQuestion."""

    def to_document(self, value):
        if not isinstance(value, list):
            return value
        return [item.to_document() if isinstance(item, PlannedQuestion) else item for item in value]

    def from_document(self, document):
        if not isinstance(document, list):
            return []
        planned = (
            item if isinstance(item, PlannedQuestion) else PlannedQuestion.from_document(item)
            for item in document
        )
        return [item for item in planned if item is not None]
