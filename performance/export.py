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


def _number(value):
    return f"{value:g}" if isinstance(value, float) else value


def _joined(feedback, key):
    items = feedback.get(key) or ()
    return neutralise(LIST_SEPARATOR.join(str(item) for item in items))


def summarise_rounds(rounds):
    """One text per round type in ROUND_TYPES: rounds, average score, answered and minutes."""
    grouped = {}
    for result in rounds or ():
        grouped.setdefault(result.get("roundType"), []).append(result)
    cells = []
    for round_type in ROUND_TYPES:
        results = grouped.get(round_type)
        if not results:
            cells.append("")
            continue
        average = sum(r.get("score") or 0 for r in results) / len(results)
        answered = sum(r.get("questionsAnswered") or 0 for r in results)
        total = sum(r.get("totalQuestions") or 0 for r in results)
        minutes = sum(r.get("timeSpent") or 0 for r in results)
        count = len(results)
        cells.append(
            f"{count} round{'s' if count != 1 else ''}, average score {average:.1f}, "
            f"{answered}/{total} answered, {minutes:g} min"
        )
    return cells


def csv_row(values, zone):
    """One CSV row from a values_list() tuple in FIELDS order."""
    (pk, user_id, interview_id, job_title, company, kind, level, completed_at) = values[:8]
    total, correct, score, minutes, feedback, rounds = values[8:]
    feedback = feedback if isinstance(feedback, dict) else {}
    return [
        str(pk),
        str(user_id),
        str(interview_id),
        neutralise(job_title),
        neutralise(company),
        kind,
        level,
        completed_at.astimezone(zone).isoformat(timespec="seconds"),
        total,
        correct,
        _number(score),
        _number(minutes),
        neutralise(str(feedback.get("overall") or "")),
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
