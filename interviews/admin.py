from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import Truncator

from accounts.admin import OwnedRecordAdmin
from interviews.bank import FIELD_OF_KEY, FIELDS, KEYS, BankError, parse_questions
from interviews.integrity import load_rows_for, report_to_admin
from interviews.models import Interview, Question
from interviews.services import interview_delete, interviews_delete, performance_sync
from performance.models import Performance


@admin.register(Interview)
class InterviewAdmin(OwnedRecordAdmin):
    list_display = (
        "job_title",
        "company_name",
        "user",
        "interview_type",
        "experience_level",
        "status",
        "created_at",
        "completed_at",
        "performance_link",
    )
    # The date filters cost no query; a date hierarchy would read the first and last dates
    # and every year of the whole collection on each visit. `?created_at__year=2025` and
    # the like still narrow the list.
    list_filter = ("interview_type", "experience_level", "status", "created_at", "completed_at")
    # Text fields only: on MongoDB a text search on a non-string field matches nothing.
    # The owner's username is searched too (OwnedRecordAdmin).
    search_fields = ("job_title", "company_name")
    raw_id_fields = ("user",)
    fields = (
        "user",
        "job_title",
        "company_name",
        "interview_type",
        "experience_level",
        "created_at",
        "status",
        "completed_at",
        "performance_link",
    )
    # The lifecycle (start, complete) and check_integrity --fix own these.
    readonly_fields = ("status", "completed_at", "performance_link")
    actions = ["check_integrity"]

    def page_related(self):
        return {**super().page_related(), "performance": Performance.objects.only("score")}

    @admin.display(description="Performance")
    def performance_link(self, interview):
        if interview.performance_id is None:
            return "—"
        url = reverse("admin:performance_performance_change", args=[interview.performance_id])
        performance = interview.performance  # read with the page (page_related), or one query
        if performance is None:
            return format_html('<a href="{}">missing ({})</a>', url, interview.performance_id)
        return format_html('<a href="{}">Score {}</a>', url, f"{performance.score:g}")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # The performance keeps copies of the interview's title, company, type, level and
        # user for the history page; an edit here must reach them too.
        if change:
            performance_sync(interview=obj)

    def delete_model(self, request, obj):
        interview_delete(interview=obj)

    def delete_queryset(self, request, queryset):
        interviews_delete(pks=list(queryset.values_list("pk", flat=True)))

    @admin.action(description="Check the integrity of the selected interviews")
    def check_integrity(self, request, queryset):
        pks = list(queryset.values_list("pk", flat=True))
        rows = load_rows_for(interview_pks=pks)
        count = len(pks)
        report_to_admin(
            request,
            rows,
            f"the {count} selected interview{'' if count == 1 else 's'} and their performances",
        )


class QuestionAdminForm(forms.ModelForm):
    """The bank's lists edited as text, one item per line, checked by the importer's rules."""

    LISTS = ("choices", "key_points", "tags")

    choices = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        help_text="One choice per line (2 to 6), for a multiple-choice question.",
    )
    key_points = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        help_text="One key point per line (3 to 6), for an open question.",
    )
    tags = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One lower-case tag per line (1 to 5).",
    )

    class Meta:
        model = Question
        fields = FIELDS
        help_texts = {
            "answer_index": "The correct choice: 0 for the first line, 1 for the second…",
            "slug": "Lower-case letters, digits and hyphens.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.LISTS:
            value = self.initial.get(name)
            if isinstance(value, list):
                self.initial[name] = "\n".join(str(item) for item in value)

    def clean(self):
        cleaned = super().clean()
        entry = {}
        for name in FIELDS:
            value = cleaned.get(name)
            if name in self.LISTS and value:
                value = value.splitlines()
            if value not in (None, "", []):
                entry[KEYS[name]] = value
        try:
            (values,) = parse_questions([entry])
        except BankError as error:
            for problem in error.problems:
                name = FIELD_OF_KEY.get(problem.key)
                if name not in self.fields:
                    self.add_error(None, f"{problem.key}: {problem.message}")
                elif name not in self.errors:  # the field's own check has spoken already
                    line = f"Line {problem.index + 1}: " if problem.index is not None else ""
                    self.add_error(name, line + problem.message)
            return cleaned
        cleaned.update(values)
        return cleaned


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    form = QuestionAdminForm
    list_display = (
        "slug",
        "round_type",
        "experience_level",
        "kind",
        "suggested_minutes",
        "short_prompt",
    )
    list_filter = ("round_type", "experience_level", "kind")
    # Text fields only: on MongoDB a text search on a non-string field matches nothing.
    search_fields = ("slug", "prompt")
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "slug",
                    "round_type",
                    "experience_level",
                    "kind",
                    "prompt",
                    "tags",
                    "suggested_minutes",
                )
            },
        ),
        (
            "Multiple choice",
            {"fields": ("choices", "answer_index", "explanation")},
        ),
        (
            "Open answer",
            {
                "fields": ("key_points", "model_answer"),
                "description": "An open question may also have an explanation.",
            },
        ),
    )

    @admin.display(description="Prompt")
    def short_prompt(self, question):
        return Truncator(question.prompt).chars(80)
