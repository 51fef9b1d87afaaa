"""The filters of a person's interviews, and the base they share with the performance history.

`InterviewRecordFilterSet` gives both lists one vocabulary: the same type, level, company,
date, search and sort parameters, meaning the same thing. `InterviewFilter` applies it to
the integration API's interview list (dates on createdAt, the search over job title and
company, plus `status`); `PerformanceFilter` (performance/filters.py) to the performance
page, its CSV export and the stats API (dates on completedAt, the search over feedback too).
"""

import datetime
import zoneinfo

import django_filters
from django import forms
from django.conf import settings
from django.db.models import Q

from interviews.choices import ExperienceLevel, InterviewType, Status
from interviews.models import Interview
from interviews.validation import MAX_TITLE_LENGTH

MAX_QUERY_LENGTH = 100
DEFAULT_SORT = "newest"

# Each sort's label and order.
INTERVIEW_SORTS = {
    "newest": ("Newest first", ("-created_at", "-pk")),
    "oldest": ("Oldest first", ("created_at", "pk")),
}
STATUS_CHOICES = [("active", "Active (ready or in progress)"), *Status.choices]


class DateRangeForm(forms.Form):
    """A filter form whose `date_to` may not come before its `date_from`."""

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "The end date is before the start date.")
        return cleaned


def day_start(day):
    """The first instant of `day` in the site's time zone, in UTC; None when that instant
    is earlier than any a datetime holds (1 January of year 1, east of UTC)."""
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    start = datetime.datetime.combine(day, datetime.time.min, tzinfo=zone)
    try:
        return start.astimezone(datetime.UTC)
    except OverflowError:
        return None


def case_spellings(text):
    """`text`, and if it has non-ASCII letters its lower and upper case too.

    SQLite's LIKE folds the case of ASCII letters only, so a search for "café" must also
    be tried as "CAFÉ" to find it written in capitals.
    """
    if text.isascii():
        return {text}
    return {text, text.lower(), text.upper()}


class InterviewRecordFilterSet(django_filters.FilterSet):
    """Filters and sorts one person's interview records (interviews or performances).

    Build a subclass as `Filter(data, queryset=Model.objects.for_user(user), user=user)`;
    `queryset` defaults to the user's records. `.qs` is the filtered and sorted queryset;
    an invalid parameter is left out of it and reported in `.errors` (call `.is_valid()`
    to refuse instead, as the export and the API do). `.form` renders the controls.

    A subclass names its model in `Meta` and sets:
    - `date_field`: the time `date_from` and `date_to` apply to, as whole days in the
      site's time zone;
    - `sorts`: each `sort` value's label and order, with "newest" the default;
    - `search_fields`: the text fields `q` looks in, ignoring case (override
      `search_condition` to look further), and `search_placeholder` to say which.
    """

    date_field = None
    sorts = {}
    search_fields = ()
    search_placeholder = ""

    interview_type = django_filters.ChoiceFilter(
        choices=InterviewType.choices, empty_label="Any type", label="Type"
    )
    experience_level = django_filters.ChoiceFilter(
        choices=ExperienceLevel.choices, empty_label="Any level", label="Level"
    )
    # The texts are measured as sent, spaces included, as the API's schema (maxLength) says;
    # their filters trim them.
    company = django_filters.CharFilter(
        method="filter_company", label="Company", max_length=MAX_TITLE_LENGTH, strip=False
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
        strip=False,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    # Its choices are the subclass's `sorts`, set on the form.
    sort = django_filters.ChoiceFilter(choices=(), method="sort_by", empty_label=None, label="Sort")

    class Meta:
        fields = []
        form = DateRangeForm

    def __init__(self, data=None, queryset=None, *, user, **kwargs):
        if queryset is None:
            queryset = self._meta.model.objects.for_user(user)
        super().__init__(data, queryset=queryset, **kwargs)
        self.user = user
        fields = self.form.fields
        fields["sort"].choices = [(key, label) for key, (label, _order) in self.sorts.items()]
        fields["q"].widget.attrs["placeholder"] = self.search_placeholder
        # Evaluated only when the form is drawn, so the export and the API pay nothing for it.
        fields["company"].widget = forms.Select(choices=self.company_choices)
        for field in fields.values():
            field.widget.attrs["class"] = (
                "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            )

    def user_companies(self):
        """The distinct company names of the user's records, read once."""
        if not hasattr(self, "_companies"):
            self._companies = list(
                self._meta.model.objects.for_user(self.user)
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
        if not wanted:
            return queryset
        spellings = [known for known in self.user_companies() if known.casefold() == wanted]
        return queryset.filter(company_name__in=spellings)

    def filter_date_from(self, queryset, name, value):
        start = day_start(value)
        if start is None:  # before every date there is
            return queryset
        return queryset.filter(**{f"{self.date_field}__gte": start})

    def filter_date_to(self, queryset, name, value):
        if value == datetime.date.max:
            return queryset
        next_day = day_start(value + datetime.timedelta(days=1))
        return queryset.filter(**{f"{self.date_field}__lt": next_day})

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(self.search_condition(value))

    def search_condition(self, text):
        """A condition matching `text` in any of the `search_fields`, ignoring case."""
        condition = Q()
        for spelling in case_spellings(text):
            for field in self.search_fields:
                condition |= Q(**{f"{field}__icontains": spelling})
        return condition

    def sort_by(self, queryset, name, value):
        # Applied in filter_queryset so that the default order holds without a parameter.
        return queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        _label, order = self.sorts[self.current_sort]
        return queryset.order_by(*order)

    @property
    def current_sort(self):
        """The sort in force: the requested one if valid, else newest first."""
        if not self.is_bound:
            return DEFAULT_SORT
        self.form.is_valid()
        return self.form.cleaned_data.get("sort") or DEFAULT_SORT


class InterviewFilter(InterviewRecordFilterSet):
    """Filters and sorts a person's interviews, for the integration API's list.

    `status` chooses the stage; `active` is ready and in progress together.
    """

    date_field = "created_at"
    sorts = INTERVIEW_SORTS
    search_fields = ("job_title", "company_name")
    search_placeholder = "Job title or company"

    status = django_filters.ChoiceFilter(
        choices=STATUS_CHOICES, method="filter_status", empty_label="Any status", label="Status"
    )

    class Meta(InterviewRecordFilterSet.Meta):
        model = Interview

    def filter_status(self, queryset, name, value):
        if value == "active":
            return queryset.active()
        return queryset.filter(status=value)
