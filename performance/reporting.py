"""The analytics report of a filtered history, computed once per state of that history.

Reading every matching performance and computing `analytics.report()` is the main
cost of the performance page and of the stats API (tens of microseconds per
performance). The report depends only on the person's history, the filters and the
time zone, so it is cached under those: the history by its HistoryVersion, which
every write of a performance raises (interviews/services.py). A cached report costs
two small reads (the version, the cache entry) however long the history is; a
completed, corrected, deleted or imported interview changes the version, so a report
of an older state is never served for a newer one.

Computed, the report of the whole history reads it as HistoryMonth keeps it, coded a
month at a time (coded_history()): only the months changed since they were last coded are
read from their performances. A filtered report reads the matching performances.
"""

import gc
import hashlib
import json
from collections import Counter, defaultdict
from contextlib import contextmanager
from datetime import UTC, datetime

import msgspec
from django.core.cache import cache
from django.db import connections
from django.db.models import ExpressionWrapper, F, Func, TextField
from django.utils import timezone

from interviews.choices import RoundType
from performance import analytics
from performance.models import HistoryMonth, Performance, month_of

# Entries are never stale (a change makes a new key); the timeout only frees the space
# of reports nobody asks for.
REPORT_TIMEOUT = 60 * 60
# Part of the key: raised when report() gains or changes a key, so that a report cached in
# the old shape is never read by code that expects the new one.
REPORT_SHAPE = 6
decode_json = msgspec.json.decode


def filtered_report(filterset, *, days=False):
    """The analytics report of `filterset.qs` and how many performances it covers.

    Excluded performances are listed in the history but counted nowhere; the report's
    summary says how many of the matches are (`excluded`).

    `filterset` filters the performances of `filterset.user`: without a filter the report
    reads the history as its months keep it coded (coded_history()).

    The interviews per day (`activity`, every day of the history) are cached apart and
    given only with `days`: the dashboard and the stats API read what does not grow with
    the history's span.
    """
    performances = filterset.qs.counted()
    # Read before the rows: a change written meanwhile raises the version after its
    # rows, so a report holding it is never stored under a version that lacks it.
    version = filterset.history_version
    # Sorting and paging do not change the set; the other parameters (as cleaned, so
    # that equivalent spellings share an entry) do.
    parameters = sorted(
        (name, value)
        for name, value in filterset.form.cleaned_data.items()
        if name not in ("sort", "page")
    )
    zone = timezone.get_current_timezone()
    shown = [(name, str(value)) for name, value in parameters]
    identity = repr((REPORT_SHAPE, filterset.user.pk, version, str(zone), shown))
    key = "performance-report:" + hashlib.sha256(identity.encode()).hexdigest()
    days_key = key + ":days"
    found = cache.get_many([key, days_key] if days else [key])
    report = found.get(key)
    if report is not None and days:
        if days_key in found:
            report["activity"] = found[days_key]
        else:  # the days were evicted: both are computed again
            report = None
    if report is None:
        with _no_cyclic_gc():
            if any(value not in (None, "") for _name, value in parameters):
                report = analytics.report(report_rows(performances), zone)
                excluded = filterset.qs.filter(excluded=True).count()
            else:  # the whole history: read as its months keep it coded
                blocks, excluded = coded_history(filterset.user)
                report = analytics.coded_report(blocks, zone)
        # The matches the figures leave out, so that a page can list and mention them.
        report["summary"]["excluded"] = excluded
        every_day = report.pop("activity")
        cache.set_many({key: report, days_key: every_day}, REPORT_TIMEOUT)
        if days:
            report["activity"] = every_day
    return report, report["summary"]["count"]


# Read as the database stores them and decoded in report_rows(): Django's own decoding
# (typed Feedback and RoundResult values, aware datetimes) costs more than the report.
AS_STORED = {
    name: ExpressionWrapper(F(name), output_field=TextField())
    for name in ("completed_at", "feedback", "round_results")
}
# On SQLite the time as its text: a column declared as a datetime would be parsed by the
# driver's converter, then made aware, at several times the cost of stored_utc_time().
SQLITE_AS_STORED = {
    **AS_STORED,
    "completed_at": Func(
        F("completed_at"), template="%(expressions)s || ''", output_field=TextField()
    ),
}
COLUMNS = tuple(name for name in analytics.ROW_FIELDS if name not in AS_STORED)


def report_rows(performances):
    """The rows analytics.report() takes: these performances, oldest first."""
    # SQLite hands over a document's JSON text and a time as UTC text, MongoDB the
    # document itself and a datetime.
    native = connections[performances.db].features.has_native_json_field
    stored = AS_STORED if native else SQLITE_AS_STORED
    rows = performances.order_by("completed_at", "pk").values_list(*COLUMNS, *stored.values())
    if native:
        return _rows(rows, _moment, _itself)
    try:
        return _rows(rows, stored_utc_time, decode_json)
    except msgspec.DecodeError:  # a number past a double's range: the tolerant decoder
        return _rows(rows, stored_utc_time, stored_document)


def _rows(rows, moment, document):
    """A dict per row of values_list(*COLUMNS, completed_at, feedback, round_results).

    The keys are written out: a quarter of the reading's time less than dict(zip()).
    A field added to analytics.ROW_FIELDS fails here, and in the test comparing these
    rows with the ORM's, until it is added below.
    """
    return [
        {
            "id": pk,
            "job_title": job_title,
            "company_name": company_name,
            "interview_type": interview_type,
            "experience_level": experience_level,
            "total_questions": total_questions,
            "correct_answers": correct_answers,
            "score": score,
            "time_spent": time_spent,
            "completed_at": moment(completed_at),
            "feedback": document(feedback),
            "round_results": document(rounds),
        }
        for (
            pk,
            job_title,
            company_name,
            interview_type,
            experience_level,
            total_questions,
            correct_answers,
            score,
            time_spent,
            completed_at,
            feedback,
            rounds,
        ) in rows
    ]


def stored_utc_time(value):
    """A time as SQLite stores it, "2026-03-02 00:30:00[.123456]" in UTC, aware."""
    return datetime.fromisoformat(value + "+00:00")


def _moment(value):
    """A time as MongoDB gives it (UTC, naive unless the client is told otherwise), aware."""
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _itself(value):
    return value


def stored_document(text):
    """A document from its stored JSON text; Python's decoder for what msgspec refuses
    (a number past a double's range, which Python reads as infinity)."""
    try:
        return decode_json(text)
    except msgspec.DecodeError:
        return json.loads(text)


def coded_history(user):
    """The person's counted performances coded for analytics.coded_report(), a block a
    month, oldest first, and how many of their performances are excluded.

    A month marked changed since it was coded (or coded by an older analytics.CODING) is
    coded again from its performances and stored. When the months hold more or fewer
    performances than the history has (ones written before months were kept, or without
    history_changed()), every month is coded again.
    """
    months = list(
        HistoryMonth.objects.filter(user=user)
        .order_by("month")
        .values_list("pk", "month", "version", "figures")
    )
    total = Performance.objects.filter(user=user).count()
    blocks = []
    for pk, month, version, figures in months:
        block = stored_document(figures) if figures else None
        if block is None or block.get("coding") != analytics.CODING:
            block = _code_month(user, pk, month, version)
        blocks.append(block)
    if sum(block["count"] for block in blocks) != total:
        known = {month: (pk, version) for pk, month, version, _figures in months}
        blocks = _code_every_month(user, known)
    return blocks, sum(block["excluded"] for block in blocks)


def _code_month(user, pk, month, version):
    """The block of one month, coded from its performances and stored unless the month
    changed meanwhile (its version is no longer `version`)."""
    year, number = divmod(month, 100)
    start = datetime(year, number, 1, tzinfo=UTC)
    end = datetime(year + number // 12, number % 12 + 1, 1, tzinfo=UTC)
    performances = Performance.objects.filter(
        user=user, completed_at__gte=start, completed_at__lt=end
    )
    rows = report_rows(performances.counted())
    excluded = performances.filter(excluded=True).count()
    return _store(pk, version, analytics.encode(rows), len(rows) + excluded, excluded)


def _code_every_month(user, known):
    """The blocks of every month of the person's history, coded from all of it and stored;
    `known` gives the id and version of each month already kept, {month: (pk, version)}."""
    performances = Performance.objects.filter(user=user)
    by_month = defaultdict(list)
    for row in report_rows(performances.counted()):
        by_month[month_of(row["completed_at"])].append(row)
    excluded = Counter(
        month_of(moment)
        for moment in performances.filter(excluded=True).values_list("completed_at", flat=True)
    )
    blocks = []
    for month in sorted(by_month.keys() | excluded.keys() | known.keys()):
        rows = by_month[month]
        block = analytics.encode(rows)
        count = len(rows) + excluded[month]
        if month in known:
            blocks.append(_store(*known[month], block, count, excluded[month]))
        else:
            # At version 0. If a change made the month meanwhile, it stays as that change
            # left it, to be coded again.
            block.update(count=count, excluded=excluded[month])
            HistoryMonth.objects.get_or_create(
                user=user, month=month, defaults={"figures": _figures(block)}
            )
            blocks.append(block)
    return blocks


def _store(pk, version, block, count, excluded):
    block.update(count=count, excluded=excluded)
    HistoryMonth.objects.filter(pk=pk, version=version).update(figures=_figures(block))
    return block


def _figures(block):
    return json.dumps(block, ensure_ascii=False, separators=(",", ":"))


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
