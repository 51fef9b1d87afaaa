from django import forms
from django.core.exceptions import ValidationError

from interviews.choices import ExperienceLevel, InterviewType, RoundType
from interviews.validation import (
    FEEDBACK_LISTS,
    MAX_FEEDBACK_ITEMS,
    MAX_MINUTES,
    MAX_QUESTIONS,
    MAX_ROUNDS,
    MAX_TITLE_LENGTH,
    clean_interview,
    clean_performance,
    clean_round,
    locate,
)

EMPTY_CHOICE = ("", "---------")


def _text_field(label, missing):
    return forms.CharField(
        label=label,
        max_length=MAX_TITLE_LENGTH,
        error_messages={
            "required": missing,
            "max_length": "At most %(limit_value)d characters (it has %(show_value)d).",
        },
    )


def _choice_field(choices, label, message, **kwargs):
    """A select whose every problem (nothing chosen, a value not in the list) gets one
    message in words."""
    return forms.ChoiceField(
        choices=[EMPTY_CHOICE, *choices],
        label=label,
        error_messages={"required": message, "invalid_choice": message},
        **kwargs,
    )


def _number_field(label, missing, *, maximum, whole, **kwargs):
    """A number from 0 to `maximum`: one message for anything else, and `missing` for
    nothing at all."""
    kind = forms.IntegerField if whole else forms.FloatField
    out_of_range = f"Enter {'a whole number' if whole else 'a number'} from 0 to {maximum}."
    return kind(
        label=label,
        min_value=0,
        max_value=maximum,
        error_messages={
            "required": missing,
            "invalid": out_of_range,
            "min_value": out_of_range,
            "max_value": out_of_range,
        },
        **kwargs,
    )


class SharedRulesMixin:
    """Checks a form's values with a function of interviews.validation (`rules`) and shows
    each of its errors on the field its path names.

    `values()` gives the rules their input; `checked` holds their normalised output. The
    rules run only when every field is valid on its own, so that a problem is said once.
    """

    rules = None

    def values(self):
        return self.cleaned_data

    def clean(self):
        data = super().clean()
        if not self.errors:
            try:
                self.checked = type(self).rules(self.values())
            except ValidationError as error:
                self.add_rule_errors(error)
        return data

    def add_rule_errors(self, error):
        for path, messages in error.message_dict.items():
            field, prefix = locate(path, self.fields)
            for message in messages:
                self.add_error(None if field == "__all__" else field, prefix + message)


class InterviewForm(SharedRulesMixin, forms.Form):
    """Create an interview: the fields a person gives, checked by the shared rules."""

    rules = staticmethod(clean_interview)

    job_title = _text_field("Job title", "Enter the job title.")
    company_name = _text_field("Company", "Enter the company's name.")
    interview_type = _choice_field(
        InterviewType.choices, "Interview type", "Choose an interview type."
    )
    experience_level = _choice_field(
        ExperienceLevel.choices, "Experience level", "Choose an experience level."
    )


def _lines(text):
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _feedback_box(**kwargs):
    return forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False, **kwargs)


class FeedbackFields(forms.Form):
    """The feedback as four text boxes, the lists one item per line: for the results form
    and the admin."""

    overall = _feedback_box(label="Overall assessment")
    strengths = _feedback_box(help_text=f"One per line, at most {MAX_FEEDBACK_ITEMS}.")
    improvements = _feedback_box(
        label="Areas for improvement", help_text=f"One per line, at most {MAX_FEEDBACK_ITEMS}."
    )
    recommendations = _feedback_box(help_text=f"One per line, at most {MAX_FEEDBACK_ITEMS}.")

    def feedback(self):
        data = self.cleaned_data
        return {
            "overall": data.get("overall", ""),
            **{name: _lines(data.get(name)) for name in FEEDBACK_LISTS},
        }

    @staticmethod
    def initial_for(feedback):
        """Initial values of the four boxes for a Feedback."""
        return {
            "overall": feedback.overall,
            **{name: "\n".join(feedback.items(name)) for name in FEEDBACK_LISTS},
        }


class ResultsForm(SharedRulesMixin, FeedbackFields):
    """The totals and feedback of a completed interview; round results come in a formset."""

    rules = staticmethod(clean_performance)

    total_questions = _number_field(
        "Total questions",
        "Enter how many questions were asked.",
        maximum=MAX_QUESTIONS,
        whole=True,
    )
    correct_answers = _number_field(
        "Correct answers",
        "Enter how many answers were correct.",
        maximum=MAX_QUESTIONS,
        whole=True,
    )
    score = _number_field(
        "Score",
        "Enter the score.",
        maximum=100,
        whole=False,
        help_text="Overall score, 0 to 100.",
    )
    time_spent = _number_field(
        "Time spent (minutes)", "Enter the minutes it took.", maximum=MAX_MINUTES, whole=False
    )

    field_order = ["total_questions", "correct_answers", "score", "time_spent"]

    def values(self, rounds=()):
        """The results as clean_performance takes them, with these round results."""
        data = self.cleaned_data
        return {
            "total_questions": data["total_questions"],
            "correct_answers": data["correct_answers"],
            "score": data["score"],
            "time_spent": data["time_spent"],
            "feedback": self.feedback(),
            "round_results": list(rounds),
        }


# What a round row that is partly filled lacks, field by field.
ROUND_MISSING = {
    "round_type": "Choose the round's type.",
    "score": "Enter the round's score.",
    "questions_answered": "Enter how many questions were answered.",
    "total_questions": "Enter how many questions the round had.",
    "time_spent": "Enter the round's minutes.",
}


class RoundResultForm(SharedRulesMixin, forms.Form):
    """One row of round results. Rounds are optional: an empty row is skipped, and a row
    partly filled needs all of its fields."""

    rules = staticmethod(clean_round)
    checked = None  # until a row with values is checked

    round_type = _choice_field(
        InterviewType.choices, "Round type", ROUND_MISSING["round_type"], required=False
    )
    score = _number_field("Score", ROUND_MISSING["score"], maximum=100, whole=False, required=False)
    questions_answered = _number_field(
        "Questions answered",
        ROUND_MISSING["questions_answered"],
        maximum=MAX_QUESTIONS,
        whole=True,
        required=False,
    )
    total_questions = _number_field(
        "Total questions",
        ROUND_MISSING["total_questions"],
        maximum=MAX_QUESTIONS,
        whole=True,
        required=False,
    )
    time_spent = _number_field(
        "Minutes", ROUND_MISSING["time_spent"], maximum=MAX_MINUTES, whole=False, required=False
    )

    def is_blank(self):
        """Whether nothing at all was typed in the row."""
        return not any(str(self[name].data or "").strip() for name in self.fields)

    def clean(self):
        if self.is_blank():
            return self.cleaned_data
        for name, message in ROUND_MISSING.items():
            if name not in self.errors and self.cleaned_data.get(name) in (None, ""):
                self.add_error(name, message)
        return super().clean()


class BaseRoundResultFormSet(forms.BaseFormSet):
    default_error_messages = {
        **forms.BaseFormSet.default_error_messages,
        "too_many_forms": "At most %(num)d rounds.",
    }

    def rounds(self):
        """The filled-in rounds, in order."""
        return [form.checked for form in self.forms if form.checked is not None]


RoundResultFormSet = forms.formset_factory(
    RoundResultForm,
    formset=BaseRoundResultFormSet,
    extra=3,
    max_num=MAX_ROUNDS,
    validate_max=True,
    absolute_max=MAX_ROUNDS,
)


def round_formset(data=None, *, initial=None, extra=3):
    """The round rows of the results form: `initial` rounds, then `extra` empty rows."""
    formset = RoundResultFormSet(data, initial=initial, prefix="rounds")
    formset.extra = extra
    return formset


def typed_rounds(data):
    """The round rows as typed in a posted results form, for showing them again."""
    try:
        count = int(data.get("rounds-TOTAL_FORMS", 0))
    except ValueError:
        count = 0
    names = list(RoundResultForm.base_fields)
    return [
        {name: data.get(f"rounds-{index}-{name}", "") for name in names}
        for index in range(max(0, min(count, MAX_ROUNDS)))
    ]


class IndexListField(forms.Field):
    """A list of whole numbers from repeated inputs (checkboxes); their range is the service's
    to check."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        if not value:
            return []
        try:
            return [int(item) for item in value]
        except (TypeError, ValueError):
            raise ValidationError("Must be key point numbers.", code="invalid") from None


class AnswerForm(forms.Form):
    """A draft or submitted answer to one question of a session: text or a choice."""

    index = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    # Kept as typed: the answer is the person's text, spaces and all.
    answer = forms.CharField(required=False, strip=False, label="Your answer")
    choice = forms.IntegerField(required=False, min_value=0)
    action = forms.ChoiceField(
        choices=[("save", "Save draft"), ("submit", "Submit answer")], required=False
    )

    def values(self):
        """The answer and the choice as the session services take them (None: not given)."""
        return {
            "answer": self.cleaned_data["answer"] if "answer" in self.data else None,
            "choice": self.cleaned_data["choice"],
        }

    def add_service_errors(self, error):
        for path, messages in error.message_dict.items():
            field = path if path in ("answer", "choice") else None
            for message in messages:
                self.add_error(field, message)


class GoForm(forms.Form):
    """Which question to show next; the draft typed on the one shown comes with it, as an
    AnswerForm."""

    to = forms.IntegerField(min_value=0)


class AssessForm(forms.Form):
    """The key points a submitted open answer covered, ticked by the person."""

    index = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    points = IndexListField(required=False)

    def add_service_errors(self, error):
        for messages in error.message_dict.values():
            for message in messages:
                self.add_error("points", message)


class PlannedSessionForm(forms.Form):
    """The round type of the session the planner proposed, as the dashboard posts it."""

    round_type = forms.ChoiceField(
        choices=RoundType.choices,
        error_messages={
            "required": "Choose the round type to practise.",
            "invalid_choice": "“%(value)s” is not a round type: choose technical, behavioral "
            "or dsa.",
        },
    )
