"""The analytics report of a filtered history, computed once per state of that history.

Reading every matching performance and computing `analytics.report()` is the main
cost of the performance page and of the stats API (tens of microseconds per
performance). The report depends only on the filtered set, so it is cached under a
fingerprint of that set taken by one aggregate query: paging, re-sorting and
reloading reuse it, while a completed, deleted or imported interview changes the
fingerprint, so a report of an older state is never served for a newer one.
Results corrected in the app raise the performance's `revision`, which the
fingerprint sums; an edit in the admin that changes no number is seen once the
entry expires (REPORT_TIMEOUT).
"""

import gc
import hashlib
from contextlib import contextmanager

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max, Min, Sum
from django.utils import timezone

from interviews.choices import RoundType
from performance import analytics

REPORT_TIMEOUT = 10 * 60


def filtered_report(filterset):
    """The analytics report of `filterset.qs` and how many performances it covers."""
    performances = filterset.qs
    fingerprint = performances.order_by().aggregate(
        count=Count("pk"),
        last=Max("pk"),
        newest=Max("completed_at"),
        oldest=Min("completed_at"),
        scores=Sum("score"),
        minutes=Sum("time_spent"),
        questions=Sum("total_questions"),
        correct=Sum("correct_answers"),
        revisions=Sum("revision"),
    )
    if not fingerprint["count"]:
        return analytics.report([]), 0
    # Sorting and paging do not change the set; the other parameters (as cleaned, so
    # that equivalent spellings share an entry) and the set's fingerprint do.
    parameters = sorted(
        (name, str(value))
        for name, value in filterset.form.cleaned_data.items()
        if name not in ("sort", "page")
    )
    identity = repr((settings.TIME_ZONE, parameters, sorted(fingerprint.items())))
    key = "performance-report:" + hashlib.sha256(identity.encode()).hexdigest()
    report = cache.get(key)
    if report is None:
        with _no_cyclic_gc():
            rows = list(performances.order_by("completed_at", "pk").values(*analytics.ROW_FIELDS))
            report = analytics.report(rows, timezone.get_current_timezone())
        cache.set(key, report, REPORT_TIMEOUT)
    return report, fingerprint["count"]


@contextmanager
def _no_cyclic_gc():
    """Pause the cyclic garbage collector while a long history is read.

    Reading it makes hundreds of thousands of small dicts and lists that hold no
    cycles; the collections their allocation triggers would rescan them over and over.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def next_steps(report):
    """The report's "what to work on next", with the weakest round type's label."""
    steps = report["next_steps"]
    weakest = steps["weakest_round"]
    name = weakest and weakest["round_type"]
    label = name and dict(RoundType.choices).get(name, name.capitalize())
    return {**steps, "weakest_round_label": label}
