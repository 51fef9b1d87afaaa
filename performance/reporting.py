"""The analytics report of a filtered history, computed once per state of that history.

Reading every matching performance and computing `analytics.report()` is the main
cost of the performance page and of the stats API (tens of microseconds per
performance). The report depends only on the person's history, the filters and the
time zone, so it is cached under those: the history by its HistoryVersion, which
every write of a performance raises (interviews/services.py). A cached report costs
two small reads (the version, the cache entry) however long the history is; a
completed, corrected, deleted or imported interview changes the version, so a report
of an older state is never served for a newer one.
"""

import gc
import hashlib
import json
from contextlib import contextmanager
from datetime import UTC, datetime

import msgspec
from django.core.cache import cache
from django.db import connections
from django.db.models import ExpressionWrapper, F, TextField
from django.utils import timezone

from interviews.choices import RoundType
from performance import analytics
from performance.models import HistoryVersion

# Entries are never stale (a change makes a new key); the timeout only frees the space
# of reports nobody asks for.
REPORT_TIMEOUT = 60 * 60
# Part of the key: raised when report() gains or changes a key, so that a report cached in
# the old shape is never read by code that expects the new one.
REPORT_SHAPE = 3
decode_json = msgspec.json.decode


def filtered_report(filterset):
    """The analytics report of `filterset.qs` and how many performances it covers.

    Excluded performances are listed in the history but counted nowhere; the report's
    summary says how many of the matches are (`excluded`).
    """
    performances = filterset.qs.counted()
    # Read before the rows: a change written meanwhile raises the version after its
    # rows, so a report holding it is never stored under a version that lacks it.
    version = HistoryVersion.objects.current(filterset.user)
    # Sorting and paging do not change the set; the other parameters (as cleaned, so
    # that equivalent spellings share an entry) do.
    parameters = sorted(
        (name, str(value))
        for name, value in filterset.form.cleaned_data.items()
        if name not in ("sort", "page")
    )
    zone = timezone.get_current_timezone()
    identity = repr((REPORT_SHAPE, filterset.user.pk, version, str(zone), parameters))
    key = "performance-report:" + hashlib.sha256(identity.encode()).hexdigest()
    report = cache.get(key)
    if report is None:
        with _no_cyclic_gc():
            report = analytics.report(report_rows(performances), zone)
        # The matches the figures leave out, so that a page can list and mention them.
        report["summary"]["excluded"] = filterset.qs.filter(excluded=True).count()
        cache.set(key, report, REPORT_TIMEOUT)
    return report, report["summary"]["count"]


# Read as the database stores them and decoded in report_rows(): Django's own decoding
# (typed Feedback and RoundResult values, aware datetimes) costs more than the report.
AS_STORED = {
    name: ExpressionWrapper(F(name), output_field=TextField())
    for name in ("completed_at", "feedback", "round_results")
}
COLUMNS = tuple(name for name in analytics.ROW_FIELDS if name not in AS_STORED)
NAMES = (*COLUMNS, *AS_STORED)


def report_rows(performances):
    """The rows analytics.report() takes: these performances, oldest first."""
    rows = performances.order_by("completed_at", "pk").values_list(*COLUMNS, *AS_STORED.values())
    # SQLite hands over a document's JSON text, MongoDB the document itself.
    native = connections[performances.db].features.has_native_json_field
    document = _itself if native else _decoded
    return [
        dict(
            zip(
                NAMES,
                (*columns, _moment(completed_at), document(feedback), document(rounds)),
                strict=True,
            )
        )
        for *columns, completed_at, feedback, rounds in rows
    ]


def _moment(value):
    """A stored time, aware: SQLite gives its UTC text, MongoDB a datetime."""
    if type(value) is str:
        value = datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _itself(value):
    return value


def _decoded(text):
    try:
        return decode_json(text)
    except msgspec.DecodeError:  # what only Python's decoder accepts (NaN)
        return json.loads(text)


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
