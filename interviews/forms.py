from django import forms
from django.core.exceptions import ValidationError

from interviews.choices import InterviewType
from interviews.models import Interview
from interviews.validation import (
    FEEDBACK_LISTS,
    MAX_FEEDBACK_ITEMS,
    MAX_MINUTES,
    MAX_QUESTIONS,
    MAX_ROUNDS,
    clean_performance,
    clean_round,
    locate,
)


class InterviewForm(forms.ModelForm):
    """Create an interview; the model's clean() applies the shared rules."""

    class Meta:
        model = Interview
        fields = ["job_title", "company_name", "interview_type", "experience_level"]
        labels = {"job_title": "Job title", "company_name": "Company"}


class SharedRulesMixin:
    """Checks a form's values with a function of interviews.validation (`rules`) and shows
    each of its errors on the field its path names.

    `values()` gives the rules their input; `checked` holds their normalised output.
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

    total_questions = forms.IntegerField(min_value=0, max_value=MAX_QUESTIONS)
    correct_answers = forms.IntegerField(min_value=0, max_value=MAX_QUESTIONS)
    score = forms.FloatField(min_value=0, max_value=100, help_text="Overall score, 0 to 100.")
    time_spent = forms.FloatField(min_value=0, max_value=MAX_MINUTES, label="Time spent (minutes)")

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


class RoundResultForm(SharedRulesMixin, forms.Form):
    rules = staticmethod(clean_round)

    round_type = forms.ChoiceField(choices=[("", "---------"), *InterviewType.choices])
    score = forms.FloatField(min_value=0, max_value=100)
    questions_answered = forms.IntegerField(min_value=0, max_value=MAX_QUESTIONS)
    total_questions = forms.IntegerField(min_value=0, max_value=MAX_QUESTIONS)
    time_spent = forms.FloatField(min_value=0, max_value=MAX_MINUTES, label="Minutes")


class BaseRoundResultFormSet(forms.BaseFormSet):
    def rounds(self):
        """The filled-in rounds, in order."""
        return [
            form.checked
            for form in self.forms
            if form.has_changed() and not self._should_delete_form(form)
        ]


RoundResultFormSet = forms.formset_factory(
    RoundResultForm,
    formset=BaseRoundResultFormSet,
    extra=3,
    max_num=MAX_ROUNDS,
    validate_max=True,
    absolute_max=MAX_ROUNDS,
)


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
