from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from accounts.admin import OwnedRecordAdmin
from interviews.documents import ROUND_FIELDS, Feedback, RoundResult
from interviews.forms import FeedbackFields, SharedRulesMixin
from interviews.integrity import load_rows_for, report_to_admin
from interviews.services import performance_save, performances_delete
from interviews.validation import MAX_ROUNDS, clean_performance
from performance.export import csv_response
from performance.models import Performance

TOTALS = ("total_questions", "correct_answers", "score", "time_spent")
ROUND_FORMAT = "type, score, questions answered, total questions, minutes"


def _number(text):
    return int(text) if text.lstrip("-").isdigit() else float(text)


def _number_text(value):
    if value is None:
        return ""
    return f"{value:g}" if isinstance(value, float) else str(value)


class RoundResultsField(forms.CharField):
    """Round results edited as text, one round per line: `technical, 70, 5, 6, 25`."""

    widget = forms.Textarea(attrs={"rows": 4, "cols": 60})

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(
                ", ".join(_number_text(getattr(item, name)) for name in ROUND_FIELDS)
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
            rounds.append(RoundResult(round_type, *values))
        if errors:
            raise ValidationError(errors)
        return rounds


class PerformanceAdminForm(SharedRulesMixin, FeedbackFields, forms.ModelForm):
    """Results, feedback and rounds as readable text, checked by the shared validation."""

    rules = staticmethod(clean_performance)

    round_results = RoundResultsField(
        required=False,
        help_text=(
            f"One round per line: {ROUND_FORMAT}; for example “technical, 70, 5, 6, 25”. "
            f"At most {MAX_ROUNDS} rounds."
        ),
    )

    class Meta:
        model = Performance
        fields = (*TOTALS, "round_results", "excluded")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, value in self.initial_for(self.instance.feedback).items():
            self.initial.setdefault(name, value)

    def values(self):
        data = self.cleaned_data
        return {
            **{name: data.get(name) for name in TOTALS},
            "feedback": self.feedback(),
            "round_results": data.get("round_results", []),
        }

    def clean(self):
        data = super().clean()
        if hasattr(self, "checked"):
            self.instance.feedback = self.checked["feedback"]
            data["round_results"] = self.checked["round_results"]
        else:
            # The model's own check runs next and knows only one `feedback` field, which
            # this form lacks; errors are reported on the boxes they belong to.
            self.instance.feedback = Feedback()
        return data


@admin.register(Performance)
class PerformanceAdmin(OwnedRecordAdmin):
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
        "excluded",
        "interview_link",
    )
    # The date filter costs no query; a date hierarchy would read the first and last dates
    # and every year of the whole collection on each visit.
    list_filter = ("interview_type", "experience_level", "excluded", "completed_at")
    # Text fields only: on MongoDB a text search on a non-string field matches nothing.
    # The owner's username is searched too (OwnedRecordAdmin).
    search_fields = ("job_title", "company_name")
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
        (
            "Analytics",
            {
                "fields": ("excluded",),
                "description": "An excluded interview is listed but counted in no figure.",
            },
        ),
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
        rounds = performance.round_results
        if not rounds:
            return "No round results were recorded."
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{} / {}</td><td>{}</td></tr>",
            (
                (
                    number,
                    item.round_type or "",
                    _number_text(item.score),
                    _number_text(item.questions_answered),
                    _number_text(item.total_questions),
                    _number_text(item.time_spent),
                )
                for number, item in enumerate(rounds, start=1)
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

    def save_model(self, request, obj, form, change):
        # Counted as a change of the person's history, so their reports are computed anew.
        performance_save(performance=obj)

    def delete_model(self, request, obj):
        # Without its performance the interview is not completed any more: it goes back
        # in progress, where it can be completed again.
        performances_delete(pks=[obj.pk])

    def delete_queryset(self, request, queryset):
        performances_delete(pks=list(queryset.values_list("pk", flat=True)))

    @admin.action(description="Export the selected performances as CSV")
    def export_csv(self, request, queryset):
        return csv_response(queryset.order_by("-completed_at", "-pk"))

    @admin.action(description="Check the integrity of the selected performances")
    def check_integrity(self, request, queryset):
        pks = list(queryset.values_list("pk", flat=True))
        count = len(pks)
        report_to_admin(
            request,
            load_rows_for(performance_pks=pks),
            f"the {count} selected performance{'' if count == 1 else 's'}",
        )
