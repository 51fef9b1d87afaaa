"""The one filter of a person's performance history: the page, the CSV export and the stats API."""

import datetime
import json
import zoneinfo

import django_filters
from django import forms
from django.conf import settings
from django.db.models import Q

from interviews.choices import ExperienceLevel, InterviewType
from interviews.validation import FEEDBACK_LISTS, MAX_TITLE_LENGTH
from performance.models import Performance

MAX_QUERY_LENGTH = 100

SORTS = {
    "newest": ("-completed_at", "-pk"),
    "oldest": ("completed_at", "pk"),
    "score_high": ("-score", "-completed_at", "-pk"),
    "score_low": ("score", "-completed_at", "-pk"),
}
SORT_CHOICES = [
    ("newest", "Newest first"),
    ("oldest", "Oldest first"),
    ("score_high", "Highest score"),
    ("score_low", "Lowest score"),
]
DEFAULT_SORT = "newest"


class DateRangeForm(forms.Form):
    """A filter form whose `date_to` may not come before its `date_from`."""

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "The end date is before the start date.")
        return cleaned


def day_start(day):
    """The first instant of `day` in the site's time zone."""
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=zone)


class PerformanceFilter(django_filters.FilterSet):
    """Filters and sorts a person's performances.

    Build it as `PerformanceFilter(request.GET, queryset=Performance.objects.for_user(user),
    user=user)`; `queryset` defaults to the user's performances. `.qs` is the filtered and
    sorted queryset; an invalid parameter is left out of it and reported in `.errors`
    (call `.is_valid()` to refuse instead, as the export does). `.form` renders the controls.
    """

    interview_type = django_filters.ChoiceFilter(
        choices=InterviewType.choices, empty_label="Any type", label="Type"
    )
    experience_level = django_filters.ChoiceFilter(
        choices=ExperienceLevel.choices, empty_label="Any level", label="Level"
    )
    company = django_filters.CharFilter(
        method="filter_company", label="Company", max_length=MAX_TITLE_LENGTH
    )
    date_from = django_filters.DateFilter(
        method="filter_date_from",
        label="From",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = django_filters.DateFilter(
        method="filter_date_to",
        label="To",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    q = django_filters.CharFilter(
        method="search",
        label="Search",
        max_length=MAX_QUERY_LENGTH,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": "Job title, company or feedback"}
        ),
    )
    sort = django_filters.ChoiceFilter(
        choices=SORT_CHOICES, method="sort_by", empty_label=None, label="Sort"
    )

    class Meta:
        model = Performance
        fields = []
        form = DateRangeForm

    def __init__(self, data=None, queryset=None, *, user, **kwargs):
        if queryset is None:
            queryset = Performance.objects.for_user(user)
        super().__init__(data, queryset=queryset, **kwargs)
        self.user = user
        # Evaluated only when the form is drawn, so the export and the API pay nothing for it.
        self.form.fields["company"].widget = forms.Select(choices=self.company_choices)
        for field in self.form.fields.values():
            field.widget.attrs["class"] = (
                "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            )

    def user_companies(self):
        """The distinct company names of the user's performances, read once."""
        if not hasattr(self, "_companies"):
            self._companies = list(
                Performance.objects.for_user(self.user)
                .order_by("company_name")
                .values_list("company_name", flat=True)
                .distinct()
            )
        return self._companies

    def company_choices(self):
        """The user's companies, one per spelling that differs only in case."""
        seen = {}
        for name in self.user_companies():
            seen.setdefault(name.casefold(), name)
        current = self.form.data.get("company", "") if self.is_bound else ""
        choices = [("", "Any company")]
        choices += sorted(((name, name) for name in seen.values()), key=lambda c: c[0].casefold())
        if current and current.casefold() not in seen:
            choices.append((current, current))
        return choices

    def filter_company(self, queryset, name, value):
        # Matched against the user's own spellings rather than with `iexact`, which
        # folds only ASCII case on SQLite ("Café" would not match "CAFÉ").
        wanted = value.strip().casefold()
        spellings = [known for known in self.user_companies() if known.casefold() == wanted]
        return queryset.filter(company_name__in=spellings)

    def filter_date_from(self, queryset, name, value):
        return queryset.filter(completed_at__gte=day_start(value))

    def filter_date_to(self, queryset, name, value):
        if value == datetime.date.max:
            return queryset
        return queryset.filter(completed_at__lt=day_start(value + datetime.timedelta(days=1)))

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(search_condition(value))

    def sort_by(self, queryset, name, value):
        # Applied in filter_queryset so that the default order holds without a parameter.
        return queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        return queryset.order_by(*SORTS[self.current_sort])

    @property
    def current_sort(self):
        """The sort in force: the requested one if valid, else newest first."""
        if not self.is_bound:
            return DEFAULT_SORT
        self.form.is_valid()
        return self.form.cleaned_data.get("sort") or DEFAULT_SORT


def search_condition(text):
    """A condition matching `text` in the job title, the company or any feedback text.

    The feedback lists are matched whole: MongoDB applies a pattern to each element of
    an array, and SQLite matches it against the list's JSON text. That text stores
    non-ASCII characters and quotes as escapes (`\\u00e9`), so the escaped spelling of
    the query is tried too; and as SQLite's LIKE folds only ASCII letters, a non-ASCII
    query is also tried in lower and upper case.
    """
    spellings = {text}
    if not text.isascii():
        # SQLite folds the case of ASCII letters only.
        spellings |= {text.lower(), text.upper()}
    escaped = spellings | {json.dumps(spelling)[1:-1] for spelling in spellings}
    condition = Q()
    for spelling in spellings:
        condition |= Q(job_title__icontains=spelling) | Q(company_name__icontains=spelling)
        condition |= Q(feedback__overall__icontains=spelling)
    for key in FEEDBACK_LISTS:
        for spelling in escaped:
            condition |= Q(**{f"feedback__{key}__icontains": spelling})
    return condition
