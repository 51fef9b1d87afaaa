"""Performances as CSV, streamed: the page's "Export CSV" button and the admin's export action."""

import csv
import io
import zoneinfo

from django.conf import settings
from django.db.models import ExpressionWrapper, F, JSONField
from django.http import StreamingHttpResponse
from django.utils import timezone

from interviews.choices import InterviewType
from interviews.documents import column_names
from interviews.validation import FEEDBACK_FIELDS, FEEDBACK_LISTS
from performance.analytics import RoundTally
from performance.models import Performance

BYTE_ORDER_MARK = "\ufeff"
LIST_SEPARATOR = "; "
ROWS_PER_CHUNK = 500
FETCH_SIZE = 2000
# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
ROUND_TYPES = InterviewType.values
EMPTY_ROUNDS = [""] * len(ROUND_TYPES)

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
)
# The feedback is read as stored, a plain document: the CSV spreads it over its columns
# as it is, and a typed copy of every row's feedback would cost a tenth of the export.
FIELDS = (
    "id",
    *SCALAR_FIELDS,
    ExpressionWrapper(F("feedback"), output_field=JSONField()),
    "round_results",
)
STORED = column_names(Performance, ("feedback", "round_results"))
HEADER = [
    "_id",
    *column_names(Performance, SCALAR_FIELDS).values(),
    *(f"{STORED['feedback']}.{name}" for name in FEEDBACK_FIELDS),
    *(f"{STORED['round_results']}.{round_type}" for round_type in ROUND_TYPES),
]


def neutralise(text):
    """`text` with a leading apostrophe if a spreadsheet would run it as a formula."""
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def summarise_rounds(rounds):
    """One text per round type in ROUND_TYPES: rounds, average score, answered and minutes."""
    tally = RoundTally()
    tally.add(rounds)
    found = tally.by_type.get
    return [_round_text(totals) if (totals := found(kind)) else "" for kind in ROUND_TYPES]


def _round_text(totals):
    count = totals.rounds
    return (
        f"{count} round{'' if count == 1 else 's'}, average score {totals.score / count:.1f}, "
        f"{totals.answered}/{totals.questions} answered, {totals.minutes:g} min"
    )


def _feedback_cells(feedback):
    """The overall assessment and each list joined, from the stored feedback document."""
    if type(feedback) is not dict:
        feedback = {}
    get = feedback.get
    cells = [neutralise(str(get("overall") or ""))]
    for name in FEEDBACK_LISTS:
        items = get(name) or ()
        try:
            text = LIST_SEPARATOR.join(items)
        except TypeError:  # validation keeps items strings; data edited by hand may not
            text = LIST_SEPARATOR.join(str(item) for item in items)
        cells.append(neutralise(text))
    return cells


def csv_row(values, zone):
    """One CSV row from a values_list() tuple of FIELDS."""
    (pk, user_id, interview_id, job_title, company_name, interview_type, experience_level) = values[
        :7
    ]
    completed_at, total_questions, correct_answers, score, time_spent, feedback, rounds = values[7:]
    return [
        pk,
        user_id,
        interview_id,
        neutralise(job_title),
        neutralise(company_name),
        interview_type,
        experience_level,
        completed_at.astimezone(zone).isoformat(timespec="seconds"),
        total_questions,
        correct_answers,
        f"{score:.15g}",
        f"{time_spent:.15g}",
        *_feedback_cells(feedback),
        *(summarise_rounds(rounds) if rounds else EMPTY_ROUNDS),
    ]


def stream_csv(queryset):
    """Yield the CSV of `queryset`'s performances as UTF-8 chunks, the byte-order mark first.

    The header leaves before the database is queried; rows follow in the queryset's
    order, ROWS_PER_CHUNK at a time, read FETCH_SIZE at a time.
    """
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write(BYTE_ORDER_MARK)
    writer.writerow(HEADER)
    yield buffer.getvalue().encode()
    buffer.seek(0)
    buffer.truncate()
    pending = 0
    for values in queryset.values_list(*FIELDS).iterator(chunk_size=FETCH_SIZE):
        writer.writerow(csv_row(values, zone))
        pending += 1
        if pending == ROWS_PER_CHUNK:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
            pending = 0
    if pending:
        yield buffer.getvalue().encode()


def filename():
    """A download name with today's date in the site's time zone."""
    return f"performance-{timezone.localdate().isoformat()}.csv"


def csv_response(queryset):
    """A StreamingHttpResponse downloading `queryset` as CSV."""
    response = StreamingHttpResponse(stream_csv(queryset), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename()}"'
    return response
