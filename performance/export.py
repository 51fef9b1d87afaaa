"""Performances as CSV, streamed: the page's "Export CSV" button and the admin's export action."""

import csv
import io
import zoneinfo

from django.conf import settings
from django.http import StreamingHttpResponse
from django.utils import timezone

from interviews.choices import InterviewType

BYTE_ORDER_MARK = "\ufeff"
LIST_SEPARATOR = "; "
ROWS_PER_CHUNK = 500
FETCH_SIZE = 2000
# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
ROUND_TYPES = InterviewType.values
EMPTY_ROUNDS = [""] * len(ROUND_TYPES)

COLUMNS = [
    ("_id", "pk"),
    ("userId", "user_id"),
    ("interviewId", "interview_id"),
    ("jobTitle", "job_title"),
    ("companyName", "company_name"),
    ("interviewType", "interview_type"),
    ("experienceLevel", "experience_level"),
    ("completedAt", "completed_at"),
    ("totalQuestions", "total_questions"),
    ("correctAnswers", "correct_answers"),
    ("score", "score"),
    ("timeSpent", "time_spent"),
    ("feedback", "feedback"),
    ("roundResults", "round_results"),
]
FIELDS = [field for _header, field in COLUMNS]
HEADER = [
    *(header for header, _field in COLUMNS[:-2]),
    "feedback.overall",
    "feedback.strengths",
    "feedback.improvements",
    "feedback.recommendations",
    *(f"roundResults.{round_type}" for round_type in ROUND_TYPES),
]


def neutralise(text):
    """`text` with a leading apostrophe if a spreadsheet would run it as a formula."""
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def _joined(feedback, key):
    items = feedback.get(key) or ()
    try:
        text = LIST_SEPARATOR.join(items)
    except TypeError:  # validation keeps items strings; older data may not be
        text = LIST_SEPARATOR.join(str(item) for item in items)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def summarise_rounds(rounds):
    """One text per round type in ROUND_TYPES: rounds, average score, answered and minutes."""
    if not rounds:
        return EMPTY_ROUNDS
    totals = {}
    for result in rounds:
        get = result.get
        kind = get("roundType")
        # rounds, score, answered, asked, minutes
        found = totals.get(kind)
        if found is None:
            totals[kind] = [
                1,
                get("score") or 0,
                get("questionsAnswered") or 0,
                get("totalQuestions") or 0,
                get("timeSpent") or 0,
            ]
        else:
            found[0] += 1
            found[1] += get("score") or 0
            found[2] += get("questionsAnswered") or 0
            found[3] += get("totalQuestions") or 0
            found[4] += get("timeSpent") or 0
    return [_round_text(totals.get(kind)) for kind in ROUND_TYPES]


def _round_text(totals):
    if totals is None:
        return ""
    count, score, answered, asked, minutes = totals
    return (
        f"{count} round{'' if count == 1 else 's'}, average score {score / count:.1f}, "
        f"{answered}/{asked} answered, {minutes:g} min"
    )


def csv_row(values, zone):
    """One CSV row from a values_list() tuple in FIELDS order."""
    (pk, user_id, interview_id, job_title, company, kind, level, completed_at) = values[:8]
    total, correct, score, minutes, feedback, rounds = values[8:]
    if not isinstance(feedback, dict):
        feedback = {}
    overall = feedback.get("overall") or ""
    return [
        pk,
        user_id,
        interview_id,
        "'" + job_title if job_title.startswith(FORMULA_PREFIXES) else job_title,
        "'" + company if company.startswith(FORMULA_PREFIXES) else company,
        kind,
        level,
        completed_at.astimezone(zone).isoformat(timespec="seconds"),
        total,
        correct,
        f"{score:.15g}",
        f"{minutes:.15g}",
        neutralise(str(overall)),
        _joined(feedback, "strengths"),
        _joined(feedback, "improvements"),
        _joined(feedback, "recommendations"),
        *summarise_rounds(rounds),
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


def filename(prefix="performance"):
    """A download name with today's date in the site's time zone."""
    return f"{prefix}-{timezone.localdate().isoformat()}.csv"


def csv_response(queryset, name=None):
    """A StreamingHttpResponse downloading `queryset` as CSV."""
    response = StreamingHttpResponse(stream_csv(queryset), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name or filename()}"'
    return response
