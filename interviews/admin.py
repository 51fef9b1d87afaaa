from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from interviews.integrity import load_rows_for, report_to_admin
from interviews.models import Interview
from interviews.services import interview_delete, interviews_delete, performance_sync


@admin.register(Interview)
class InterviewAdmin(admin.ModelAdmin):
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
    list_filter = ("interview_type", "experience_level", "status", "created_at", "completed_at")
    # Text fields only: on MongoDB a text search on a non-string field matches nothing.
    search_fields = ("job_title", "company_name", "user__username")
    date_hierarchy = "created_at"
    list_select_related = ("user", "performance")
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

    @admin.display(description="Performance")
    def performance_link(self, interview):
        if interview.performance_id is None:
            return "—"
        url = reverse("admin:performance_performance_change", args=[interview.performance_id])
        performance = interview.performance  # joined by list_select_related, or one query
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
