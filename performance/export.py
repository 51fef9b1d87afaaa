"""Performances as CSV, streamed: the page's "Export CSV" button and the admin's export action.

Laid out for a spreadsheet: `completedAt` is a local date and time a spreadsheet reads as a
date, and each round has columns of its own (type, score, answered, total, minutes), so
that a column of scores can be charted.
"""

import csv
import datetime
import io
import itertools
import operator
import zoneinfo

import msgspec
from django.conf import settings
from django.db import connections
from django.db.models import (
    ExpressionWrapper,
    F,
    Func,
    IntegerField,
    JSONField,
    Max,
    TextField,
)
from django.http import StreamingHttpResponse
from django.utils import timezone

from interviews.documents import STORED_ROUND_KEYS, column_names
from interviews.validation import FEEDBACK_FIELDS, FEEDBACK_LISTS, MAX_ROUNDS
from performance.models import Performance
from performance.reporting import (
    SQLITE_AS_STORED,
    decode_json,
    stored_document,
    stored_utc_time,
)

BYTE_ORDER_MARK = "\ufeff"
LIST_SEPARATOR = "; "
ROWS_PER_CHUNK = 200
DOUBLES_KEPT = 10_000
# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
ROUND_COLUMNS = ("type", "score", "answered", "total", "minutes")

# The columns are the stored fields, under their stored names, then the feedback and the
# round results spread over columns of their own.
SCALAR_FIELDS = (
    "user_id",
    "interview_id",
    "job_title",
    "company_name",
    "interview_type",
    "experience_level",
    "completed_at",
    "total_questions",
    "correct_answers",
    "score",
    "time_spent",
    "excluded",
)
# The feedback and the round results are read as stored, plain documents: the CSV spreads
# them over their columns as they are (typed copies would cost a third of the export).
FIELDS = (
    "id",
    *SCALAR_FIELDS,
    ExpressionWrapper(F("feedback"), output_field=JSONField()),
    ExpressionWrapper(F("round_results"), output_field=JSONField()),
)
# SQLite gives the time and the documents as their stored text, read in row_function():
# half the cost of the driver's and Django's decoding; and `excluded` as its stored 0 or 1
# (read as text, a type Django converts nothing of), read there as a boolean: Django's
# converter of a boolean column was a tenth of the export, a generator step per row.
TIME = FIELDS.index("completed_at")
EXCLUDED = FIELDS.index("excluded")
SQLITE_FIELDS = (
    *FIELDS[:TIME],
    SQLITE_AS_STORED["completed_at"],
    *FIELDS[TIME + 1 : EXCLUDED],
    ExpressionWrapper(F("excluded"), output_field=TextField()),
    SQLITE_AS_STORED["feedback"],
    SQLITE_AS_STORED["round_results"],
)
STORED = column_names(Performance, SCALAR_FIELDS)
STORED_FEEDBACK = column_names(Performance, ["feedback"])["feedback"]
# The columns before the rounds: the id, the scalar fields and the feedback's.
FIXED_COLUMNS = 1 + len(SCALAR_FIELDS) + len(FEEDBACK_FIELDS)


def header(zone_name, rounds):
    """The header row: the stored names, `completedAt` with its time zone, the feedback,
    then `round1.type` ... `round1.minutes` and so on for `rounds` rounds."""
    return [
        "_id",
        *(
            f"{stored} ({zone_name})" if name == "completed_at" else stored
            for name, stored in STORED.items()
        ),
        *(f"{STORED_FEEDBACK}.{name}" for name in FEEDBACK_FIELDS),
        *(f"round{number}.{column}" for number in range(1, rounds + 1) for column in ROUND_COLUMNS),
    ]


class StoredRounds(Func):
    """How many entries a performance's stored round results hold, 0 when they are not a
    list: SQLite's json_array_length(), MongoDB's $size."""

    function = "json_array_length"
    output_field = IntegerField()

    def as_mql(self, compiler, connection, as_expr=False):
        (results,) = self.get_source_expressions()
        value = results.as_mql(compiler, connection, as_expr=True)
        return {"$cond": {"if": {"$isArray": value}, "then": {"$size": value}, "else": 0}}


def round_count(queryset):
    """The most rounds a performance of `queryset` has, at most MAX_ROUNDS (the rule)."""
    # The header has one group of round columns per round of the longest exported
    # performance: no round is dropped and no empty group is added (a fixed MAX_ROUNDS
    # groups would put 100 mostly empty columns in every file). The header leaves before
    # the rows are read, so the count comes first, from one aggregate in the database that
    # reads no document into Python (on MongoDB the person's match comes first, served by
    # the userId index).
    longest = queryset.order_by().aggregate(longest=Max(StoredRounds("round_results")))
    return min(longest["longest"] or 0, MAX_ROUNDS)


def neutralise(text):
    """`text` with a leading apostrophe if a spreadsheet would run it as a formula."""
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def _cell(value):
    """A round's value as a spreadsheet cell: numbers as numbers, anything else as text."""
    kind = type(value)
    if kind is float:
        return f"{value:.15g}"
    if kind is int or value is None:  # csv.writer writes None as an empty cell
        return value
    return neutralise(value if kind is str else str(value))


def round_cells(rounds, count):
    """The columns of `count` rounds of the stored round results: each round's type, score,
    answered, total and minutes, in the stored order, empty past the performance's last
    round; entries that are not objects are no rounds."""
    cells = []
    width = count * len(ROUND_COLUMNS)
    for item in rounds if type(rounds) is list else ():
        # A performance saved during the export may have more rounds than the header: the
        # rows keep the header's width.
        if len(cells) == width:
            break
        if type(item) is dict:
            cells += map(_cell, map(item.get, STORED_ROUND_KEYS))
    cells += [""] * (width - len(cells))
    return cells


def _feedback_texts(feedback):
    """The overall assessment and each list joined, from the stored feedback document."""
    if type(feedback) is not dict:
        feedback = {}
    get = feedback.get
    texts = [str(get("overall") or "")]
    for name in FEEDBACK_LISTS:
        items = get(name) or ()
        if isinstance(items, int | float):  # a number where a list belongs
            items = (items,)
        try:
            texts.append(LIST_SEPARATOR.join(items))
        except TypeError:  # validation keeps items strings; data edited by hand may not
            texts.append(LIST_SEPARATOR.join(map(str, items)))
    return texts


class _Doubles(dict):
    """Doubles as cells, f"{value:.15g}" ("70.2", "70"), each formatted once per export:
    scores and minutes are kept to a tenth, so a history repeats a few hundred of them."""

    def __missing__(self, value):
        text = f"{value:.15g}"
        # 0.0 and -0.0 are one key but two cells; past DOUBLES_KEPT the memory stays put.
        if value and len(self) < DOUBLES_KEPT:
            self[value] = text
        return text


def row_function(zone, rounds, *, stored):
    """The function making a CSV row with `rounds` round groups from a values_list() tuple
    of SQLITE_FIELDS (the time and the documents as stored text) if `stored`, else FIELDS.
    """
    # Written for the rows as validation stores them, which is every row but those edited
    # by hand: one call per row, the formula check inline, each round's values read at
    # once. Other rows' feedback and rounds go through _feedback_texts() and round_cells().
    width = rounds * len(ROUND_COLUMNS)
    join = LIST_SEPARATOR.join
    prefixes = FORMULA_PREFIXES
    feedback_values = operator.itemgetter(*FEEDBACK_FIELDS)
    round_values = operator.itemgetter(*STORED_ROUND_KEYS)
    double = _Doubles()
    # SQLite stores a time as UTC text, "2026-03-02 00:30:00[.123456]": the first 19
    # characters are the UTC cell.
    as_stored = stored and zone is datetime.UTC

    def row(values):
        (
            pk,
            user_id,
            interview_id,
            job_title,
            company_name,
            interview_type,
            experience_level,
            completed_at,
            total_questions,
            correct_answers,
            score,
            time_spent,
            excluded,
            feedback,
            results,
        ) = values
        if stored:
            try:
                feedback, results = decode_json(feedback), decode_json(results)
            except msgspec.DecodeError:  # a number past a double's range
                feedback, results = stored_document(feedback), stored_document(results)
        if as_stored:
            time = completed_at[:19]
        else:
            if stored:
                completed_at = stored_utc_time(completed_at)
            # "2026-03-02 00:30:00", which LibreOffice and Excel read as a date and time (an
            # offset after it would keep the cell text); the header names the zone.
            time = completed_at.astimezone(zone).isoformat(" ", "seconds")[:19]
        try:
            overall, strengths, improvements, recommendations = feedback_values(feedback)
            if type(overall) is not str:
                raise TypeError
            texts = (overall, join(strengths), join(improvements), join(recommendations))
        except (KeyError, TypeError):  # no object, a value missing or of another type
            texts = _feedback_texts(feedback)
        cells = [
            pk,
            user_id,
            interview_id,
            "'" + job_title if job_title.startswith(prefixes) else job_title,
            "'" + company_name if company_name.startswith(prefixes) else company_name,
            interview_type,
            experience_level,
            time,
            total_questions,
            correct_answers,
            double[score],
            double[time_spent],
            "true" if excluded else "false",
            *["'" + text if text.startswith(prefixes) else text for text in texts],
        ]
        if type(results) is not list:
            cells += [""] * width
            return cells
        try:
            for item in results[:rounds]:
                round_type, score, answered, total, minutes = round_values(item)
                if (
                    type(round_type) is str
                    and type(score) is float
                    and type(answered) is int
                    and type(total) is int
                    and type(minutes) is float
                    and not round_type.startswith(prefixes)
                ):
                    cells += (round_type, double[score], answered, total, double[minutes])
                else:
                    cells += map(_cell, (round_type, score, answered, total, minutes))
        except (KeyError, TypeError):  # an entry that is no object, or lacks a value
            del cells[FIXED_COLUMNS:]
            cells += round_cells(results, rounds)
            return cells
        cells += [""] * (FIXED_COLUMNS + width - len(cells))
        return cells

    return row


def stream_csv(queryset):
    """Yield the CSV of `queryset`'s performances as UTF-8 chunks, the byte-order mark first.

    The header leaves once the round count is known; rows follow in the queryset's
    order, ROWS_PER_CHUNK at a time (200: with 500 the export took a tenth longer).
    """
    zone = local_zone(settings.TIME_ZONE)
    rounds = round_count(queryset)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write(BYTE_ORDER_MARK)
    writer.writerow(header(settings.TIME_ZONE, rounds))
    yield buffer.getvalue().encode()
    buffer.seek(0)
    buffer.truncate()
    stored = not connections[queryset.db].features.has_native_json_field
    row = row_function(zone, rounds, stored=stored)
    values = queryset.values_list(*(SQLITE_FIELDS if stored else FIELDS))
    rows = values.iterator(chunk_size=ROWS_PER_CHUNK)
    while chunk := list(itertools.islice(rows, ROWS_PER_CHUNK)):
        writer.writerows(map(row, chunk))
        yield buffer.getvalue().encode()
        buffer.seek(0)
        buffer.truncate()


def local_zone(name):
    """The zone of the completion times' column: datetime.UTC for UTC, whose conversion of
    a time read in UTC costs nothing (to ZoneInfo("UTC") it was a tenth of the export)."""
    return datetime.UTC if name in ("UTC", "Etc/UTC") else zoneinfo.ZoneInfo(name)


def filename():
    """A download name with today's date in the site's time zone."""
    return f"performance-{timezone.localdate().isoformat()}.csv"


def csv_response(queryset):
    """A StreamingHttpResponse downloading `queryset` as CSV."""
    response = StreamingHttpResponse(stream_csv(queryset), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename()}"'
    return response
