"""The one filter of a person's performance history: the page, the CSV export and the stats API.

Its parameters are the interview list's (interviews/filters.py), applied to performances,
and two of performances alone: who scored it (`scored_by`) and whether the analytics count
it (`excluded`: "false" counted only, "true" excluded only).
"""

import json
from functools import cached_property

import django_filters
from django.core.cache import cache
from django.db.models import Q

from interviews.choices import ScoredBy
from interviews.filters import InterviewRecordFilterSet, case_spellings
from interviews.validation import FEEDBACK_LISTS
from performance.models import HistoryVersion, Performance

# Entries are never stale (a change of the history makes a new key); the timeout frees the
# space of those nobody reads.
COMPANIES_TIMEOUT = 60 * 60

# Each sort's label and order.
SORTS = {
    "newest": ("Newest first", ("-completed_at", "-pk")),
    "oldest": ("Oldest first", ("completed_at", "pk")),
    "score_high": ("Highest score", ("-score", "-completed_at", "-pk")),
    "score_low": ("Lowest score", ("score", "-completed_at", "-pk")),
}

# A value that is not one of a list's, said as a person choosing from the form would need it.
CHOICE_MESSAGES = {
    "interview_type": "Choose a type from the list.",
    "experience_level": "Choose a level from the list.",
    "sort": "Choose an order from the list.",
    "scored_by": "Choose who scored it from the list.",
    "excluded": "Choose counted or excluded interviews from the list.",
}

# Whether the analytics count a performance: the person may exclude one from them.
EXCLUDED_CHOICES = [("false", "Counted only"), ("true", "Excluded only")]


class PerformanceFilter(InterviewRecordFilterSet):
    """Filters and sorts a person's performances; dates are on completedAt.

    Build it as `PerformanceFilter(request.GET, queryset=Performance.objects.for_user(user),
    user=user)`; see `InterviewRecordFilterSet` for what it offers.
    """

    date_field = "completed_at"
    sorts = SORTS
    search_fields = ("job_title", "company_name", "feedback__overall")
    search_placeholder = "Job title, company or feedback"

    scored_by = django_filters.ChoiceFilter(
        choices=ScoredBy.choices, empty_label="Anyone", label="Scored by"
    )
    excluded = django_filters.ChoiceFilter(
        choices=EXCLUDED_CHOICES,
        method="filter_excluded",
        empty_label="Counted and excluded",
        label="In stats",
    )

    class Meta(InterviewRecordFilterSet.Meta):
        model = Performance

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, message in CHOICE_MESSAGES.items():
            self.form.fields[name].error_messages["invalid_choice"] = message

    def filter_excluded(self, queryset, name, value):
        return queryset.filter(excluded=value == "true")

    @cached_property
    def history_version(self):
        """The person's HistoryVersion, read once: the report and the company list are
        cached under it."""
        return HistoryVersion.objects.current(self.user)

    def user_companies(self):
        """The person's companies, computed once per state of the history and cached: the
        page draws them on every visit, and reading them means reading the whole history."""
        if not hasattr(self, "_companies"):
            key = f"performance-companies:{self.user.pk}:{self.history_version}"
            companies = cache.get(key)
            if companies is None:
                companies = super().user_companies()
                cache.set(key, companies, COMPANIES_TIMEOUT)
            self._companies = companies
        return self._companies

    def search_condition(self, text):
        """A condition matching `text` in the job title, the company or any feedback text.

        The feedback lists are matched whole: MongoDB applies a pattern to each element of
        an array, and SQLite matches it against the list's JSON text. That text stores
        non-ASCII characters and quotes as escapes (`\\u00e9`), so the escaped spelling of
        the query is tried too.
        """
        spellings = case_spellings(text)
        escaped = spellings | {json.dumps(spelling)[1:-1] for spelling in spellings}
        condition = super().search_condition(text)
        for key in FEEDBACK_LISTS:
            for spelling in escaped:
                condition |= Q(**{f"feedback__{key}__icontains": spelling})
        return condition
