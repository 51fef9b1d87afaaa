from django import forms
from django.core.exceptions import ValidationError

from interviews.choices import InterviewType
from interviews.models import Interview
from interviews.validation import (
    MAX_FEEDBACK_ITEMS,
    MAX_MINUTES,
    MAX_QUESTIONS,
    MAX_ROUNDS,
    clean_performance,
    clean_round,
    errors_by_field,
)


class InterviewForm(forms.ModelForm):
    """Create an interview; the model's clean() applies the shared rules."""

    class Meta:
        model = Interview
        fields = ["job_title", "company_name", "interview_type", "experience_level"]
        labels = {"job_title": "Job title", "company_name": "Company"}

    def spec(self):
        """The cleaned values keyed by the specification's field names."""
        data = self.cleaned_data
        return {
            "jobTitle": data["job_title"],
            "companyName": data["company_name"],
            "interviewType": data["interview_type"],
            "experienceLevel": data["experience_level"],
        }


def _lines(text):
    return [line.strip() for line in text.splitlines() if line.strip()]


class ResultsForm(forms.Form):
    """The totals and feedback of a completed interview; round results come in a formset."""

    total_questions = forms.IntegerField(min_value=0, max_value=MAX_QUESTIONS)
    correct_answers = forms.IntegerField(min_value=0, max_value=MAX_QUESTIONS)
    score = forms.FloatField(min_value=0, max_value=100, help_text="Overall score, 0 to 100.")
    time_spent = forms.FloatField(min_value=0, max_value=MAX_MINUTES, label="Time spent (minutes)")
    overall = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, label="Overall assessment"
    )
    strengths = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=f"One per line, at most {MAX_FEEDBACK_ITEMS}.",
    )
    improvements = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        label="Areas for improvement",
        help_text=f"One per line, at most {MAX_FEEDBACK_ITEMS}.",
    )
    recommendations = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=f"One per line, at most {MAX_FEEDBACK_ITEMS}.",
    )

    FIELD_NAMES = {
        "totalQuestions": "total_questions",
        "correctAnswers": "correct_answers",
        "score": "score",
        "timeSpent": "time_spent",
    }

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        try:
            clean_performance(self.spec())
        except ValidationError as error:
            for field, messages in _feedback_errors(error, self.FIELD_NAMES).items():
                for message in messages:
                    self.add_error(field if field in self.fields else None, message)
        return data

    def spec(self, rounds=()):
        """The cleaned values keyed by the specification's field names."""
        data = self.cleaned_data
        return {
            "totalQuestions": data["total_questions"],
            "correctAnswers": data["correct_answers"],
            "score": data["score"],
            "timeSpent": data["time_spent"],
            "feedback": {
                "overall": data["overall"],
                "strengths": _lines(data["strengths"]),
                "improvements": _lines(data["improvements"]),
                "recommendations": _lines(data["recommendations"]),
            },
            "roundResults": list(rounds),
        }


def _feedback_errors(error, field_names):
    # feedback.strengths[3] belongs to the strengths box, reported by line number.
    grouped = {}
    for path, messages in error.message_dict.items():
        if path.startswith("feedback."):
            rest = path.removeprefix("feedback.")
            field = rest.split("[")[0]
            if "[" in rest:
                line = int(rest.split("[")[1].split("]")[0]) + 1
                messages = [f"Line {line}: {message}" for message in messages]
            grouped.setdefault(field, []).extend(messages)
        else:
            for field, field_messages in errors_by_field(
                ValidationError({path: messages}), field_names
            ).items():
                grouped.setdefault(field, []).extend(field_messages)
    return grouped


class RoundResultForm(forms.Form):
    round_type = forms.ChoiceField(choices=[("", "---------"), *InterviewType.choices])
    score = forms.FloatField(min_value=0, max_value=100)
    questions_answered = forms.IntegerField(min_value=0, max_value=MAX_QUESTIONS)
    total_questions = forms.IntegerField(min_value=0, max_value=MAX_QUESTIONS)
    time_spent = forms.FloatField(min_value=0, max_value=MAX_MINUTES, label="Minutes")

    FIELD_NAMES = {
        "roundType": "round_type",
        "score": "score",
        "questionsAnswered": "questions_answered",
        "totalQuestions": "total_questions",
        "timeSpent": "time_spent",
    }

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        try:
            clean_round(self.spec())
        except ValidationError as error:
            for field, messages in errors_by_field(error, self.FIELD_NAMES).items():
                for message in messages:
                    self.add_error(field if field in self.fields else None, message)
        return data

    def spec(self):
        data = self.cleaned_data
        return {
            "roundType": data["round_type"],
            "score": data["score"],
            "questionsAnswered": data["questions_answered"],
            "totalQuestions": data["total_questions"],
            "timeSpent": data["time_spent"],
        }


class BaseRoundResultFormSet(forms.BaseFormSet):
    def rounds(self):
        """The filled-in rounds, in order, keyed by the specification's field names."""
        return [
            form.spec()
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
