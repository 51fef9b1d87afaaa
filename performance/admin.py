from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from interviews.admin import report_integrity
from interviews.integrity import interview_reopen, load_rows_for
from interviews.validation import (
    FEEDBACK_LISTS,
    MAX_FEEDBACK_ITEMS,
    MAX_ROUNDS,
    ROUND_FIELDS,
    clean_performance,
)
from performance.export import csv_response
from performance.models import FIELD_NAMES, Performance

ROUND_FORMAT = "type, score, questions answered, total questions, minutes"
FEEDBACK_FIELDS = {"overall": "overall", **{key: key for key in FEEDBACK_LISTS}}


def _number(text):
    return int(text) if text.lstrip("-").isdigit() else float(text)


def _number_text(value):
    return f"{value:g}" if isinstance(value, float) else str(value)


class RoundResultsField(forms.CharField):
    """Round results edited as text, one round per line: `technical, 70, 5, 6, 25`."""

    widget = forms.Textarea(attrs={"rows": 4, "cols": 60})

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(
                ", ".join(
                    _number_text(item.get(key, "")) if isinstance(item, dict) else "?"
                    for key in ROUND_FIELDS
                )
                for item in value
            )
        return value

    def to_python(self, value):
        if isinstance(value, list):
            return value
        text = super().to_python(value) or ""
        rounds, errors = [], []
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            parts = [part.strip() for part in line.split(",")]
            if len(parts) != len(ROUND_FIELDS):
                errors.append(
                    f"Line {number}: expected {len(ROUND_FIELDS)} values separated by commas "
                    f"({ROUND_FORMAT}); found {len(parts)}."
                )
                continue
            round_type, *numbers = parts
            try:
                values = [_number(part) for part in numbers]
            except ValueError:
                errors.append(f"Line {number}: the last four values must be numbers.")
                continue
            rounds.append(dict(zip(ROUND_FIELDS, [round_type, *values], strict=True)))
        if errors:
            raise ValidationError(errors)
        return rounds


def _lines(text):
    return [line.strip() for line in text.splitlines() if line.strip()]


class PerformanceAdminForm(forms.ModelForm):
    """Results, feedback and rounds as readable text, checked by the shared validation."""

    overall = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        required=False,
        label="Overall assessment",
    )
    strengths = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        required=False,
        help_text=f"One per line, at most {MAX_FEEDBACK_ITEMS}.",
    )
    improvements = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        required=False,
        label="Areas for improvement",
        help_text=f"One per line, at most {MAX_FEEDBACK_ITEMS}.",
    )
    recommendations = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        required=False,
        help_text=f"One per line, at most {MAX_FEEDBACK_ITEMS}.",
    )
    round_results = RoundResultsField(
        required=False,
        help_text=(
            f"One round per line: {ROUND_FORMAT}; for example `technical, 70, 5, 6, 25`. "
            f"At most {MAX_ROUNDS} rounds."
        ),
    )

    class Meta:
        model = Performance
        fields = ("total_questions", "correct_answers", "score", "time_spent", "round_results")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        feedback = self.instance.feedback if isinstance(self.instance.feedback, dict) else {}
        self.initial.setdefault("overall", feedback.get("overall") or "")
        for key in FEEDBACK_LISTS:
            items = feedback.get(key) or []
            self.initial.setdefault(key, "\n".join(str(item) for item in items))

    def clean(self):
        data = super().clean()
        feedback = {
            "overall": data.get("overall", ""),
            **{key: _lines(data.get(key, "")) for key in FEEDBACK_LISTS},
        }
        spec = {
            "totalQuestions": data.get("total_questions"),
            "correctAnswers": data.get("correct_answers"),
            "score": data.get("score"),
            "timeSpent": data.get("time_spent"),
            "feedback": feedback,
            "roundResults": data.get("round_results", []),
        }
        if None in spec.values():
            return data  # a field's own error is shown; the rules need every value
        try:
            cleaned = clean_performance(spec)
        except ValidationError as error:
            for path, messages in error.message_dict.items():
                field, prefix = _locate(path)
                for message in messages:
                    self.add_error(field, f"{prefix}{message}")
            # The model's own check runs next and knows only one `feedback` field, which
            # this form lacks; errors are reported above on the boxes they belong to.
            self.instance.feedback = {}
            return data
        self.instance.feedback = cleaned["feedback"]
        data["round_results"] = cleaned["roundResults"]
        return data


def _locate(path):
    """The form field and message prefix for a path of interviews.validation's errors."""
    if path.startswith("feedback."):
        rest = path.removeprefix("feedback.")
        field = rest.split("[")[0]
        if field in FEEDBACK_FIELDS:
            if "[" in rest:
                line = int(rest.split("[")[1].split("]")[0]) + 1
                return field, f"Line {line}: "
            return field, ""
        return None, f"{path}: "
    if path.startswith("roundResults"):
        rest = path.removeprefix("roundResults")
        if rest.startswith("["):
            index, _, key = rest[1:].partition("]")
            key = key.lstrip(".")
            return "round_results", f"Line {int(index) + 1}: " + (f"{key}: " if key else "")
        return "round_results", ""
    if path in FIELD_NAMES:
        return FIELD_NAMES[path], ""
    return None, "" if path == "__all__" else f"{path}: "


@admin.register(Performance)
class PerformanceAdmin(admin.ModelAdmin):
    form = PerformanceAdminForm
    list_display = (
        "job_title",
        "company_name",
        "user",
        "interview_type",
        "experience_level",
        "score",
        "correct_answers_display",
        "time_spent",
        "completed_at",
        "interview_link",
    )
    list_filter = ("interview_type", "experience_level", "completed_at")
    # Text fields only: on MongoDB a text search on a non-string field matches nothing.
    search_fields = ("job_title", "company_name", "user__username")
    date_hierarchy = "completed_at"
    list_select_related = ("user",)
    # Copies of the interview's values: they change with the interview, never here.
    readonly_fields = (
        "user",
        "interview_link",
        "job_title",
        "company_name",
        "interview_type",
        "experience_level",
        "completed_at",
        "round_results_table",
    )
    fieldsets = (
        (
            "Interview",
            {
                "fields": (
                    "interview_link",
                    "user",
                    "job_title",
                    "company_name",
                    "interview_type",
                    "experience_level",
                    "completed_at",
                )
            },
        ),
        ("Results", {"fields": ("total_questions", "correct_answers", "score", "time_spent")}),
        ("Feedback", {"fields": ("overall", "strengths", "improvements", "recommendations")}),
        ("Round results", {"fields": ("round_results_table", "round_results")}),
    )
    actions = ["export_csv", "check_integrity"]

    @admin.display(description="Correct")
    def correct_answers_display(self, performance):
        return f"{performance.correct_answers} / {performance.total_questions}"

    @admin.display(description="Interview")
    def interview_link(self, performance):
        url = reverse("admin:interviews_interview_change", args=[performance.interview_id])
        return format_html('<a href="{}">Interview {}</a>', url, performance.interview_id)

    @admin.display(description="Rounds")
    def round_results_table(self, performance):
        rounds = [r for r in performance.round_results or [] if isinstance(r, dict)]
        if not rounds:
            return "No round results were recorded."
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{} / {}</td><td>{}</td></tr>",
            (
                (
                    number,
                    r.get("roundType", ""),
                    _number_text(r.get("score", "")),
                    r.get("questionsAnswered", ""),
                    r.get("totalQuestions", ""),
                    _number_text(r.get("timeSpent", "")),
                )
                for number, r in enumerate(rounds, start=1)
            ),
        )
        return format_html(
            "<table><thead><tr><th>Round</th><th>Type</th><th>Score</th><th>Answered</th>"
            "<th>Minutes</th></tr></thead><tbody>{}</tbody></table>",
            rows,
        )

    def has_add_permission(self, request):
        # A performance is made by completing its interview (the dashboard or the API).
        return False

    def delete_model(self, request, obj):
        # Without its performance the interview is not completed any more: it goes back
        # in progress, where it can be completed again.
        interview_id = obj.interview_id
        obj.delete()
        interview_reopen(interview_id=interview_id)

    def delete_queryset(self, request, queryset):
        interview_ids = list(queryset.values_list("interview_id", flat=True))
        queryset.delete()
        for interview_id in interview_ids:
            interview_reopen(interview_id=interview_id)

    @admin.action(description="Export the selected performances as CSV")
    def export_csv(self, request, queryset):
        return csv_response(queryset.order_by("-completed_at", "-pk"))

    @admin.action(description="Check the integrity of the selected performances")
    def check_integrity(self, request, queryset):
        pks = list(queryset.values_list("pk", flat=True))
        count = len(pks)
        report_integrity(
            request,
            load_rows_for(performance_pks=pks),
            f"the {count} selected performance{'' if count == 1 else 's'}",
        )
