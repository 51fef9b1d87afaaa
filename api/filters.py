"""The filter of the integration API's interview list.

Its parameters mean what the performance history's do (performance/filters.py), applied
to interviews: dates are on createdAt, the search covers job title and company, and
`status` chooses the stage (`active` is ready and in-progress together).
"""

import datetime

import django_filters
from django.db.models import Q

from interviews.choices import ExperienceLevel, InterviewType, Status
from interviews.models import Interview
from interviews.validation import MAX_TITLE_LENGTH
from performance.filters import MAX_QUERY_LENGTH, DateRangeForm, day_start

INTERVIEW_SORTS = {
    "newest": ("-created_at", "-pk"),
    "oldest": ("created_at", "pk"),
}
STATUS_CHOICES = [("active", "Active (ready or in progress)"), *Status.choices]


class InterviewFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=STATUS_CHOICES, method="filter_status")
    interview_type = django_filters.ChoiceFilter(choices=InterviewType.choices)
    experience_level = django_filters.ChoiceFilter(choices=ExperienceLevel.choices)
    company = django_filters.CharFilter(method="filter_company", max_length=MAX_TITLE_LENGTH)
    date_from = django_filters.DateFilter(method="filter_date_from")
    date_to = django_filters.DateFilter(method="filter_date_to")
    q = django_filters.CharFilter(method="search", max_length=MAX_QUERY_LENGTH)
    sort = django_filters.ChoiceFilter(
        choices=[(key, key) for key in INTERVIEW_SORTS], method="sort_by"
    )

    class Meta:
        model = Interview
        fields = []
        form = DateRangeForm

    def filter_status(self, queryset, name, value):
        if value == "active":
            return queryset.active()
        return queryset.filter(status=value)

    def filter_company(self, queryset, name, value):
        return queryset.filter(company_name__iexact=value.strip())

    def filter_date_from(self, queryset, name, value):
        return queryset.filter(created_at__gte=day_start(value))

    def filter_date_to(self, queryset, name, value):
        if value == datetime.date.max:
            return queryset
        return queryset.filter(created_at__lt=day_start(value + datetime.timedelta(days=1)))

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(job_title__icontains=value) | Q(company_name__icontains=value))

    def sort_by(self, queryset, name, value):
        # Applied in filter_queryset so that the default order holds without a parameter.
        return queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        return queryset.order_by(*INTERVIEW_SORTS[self.form.cleaned_data.get("sort") or "newest"])
