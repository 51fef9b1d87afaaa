"""One person's interviews and performances as a versioned JSON document, and back.

The document (format "interviewprep-export", version 1):

    {"format": "interviewprep-export", "version": 1, "exportedAt": "...", "username": "...",
     "interviews": [{"id", "jobTitle", "companyName", "interviewType", "experienceLevel",
                     "status", "createdAt", "completedAt", "performanceId"}, ...],
     "performances": [{"id", "interviewId", "jobTitle", "companyName", "interviewType",
                       "experienceLevel", "completedAt", "totalQuestions", "correctAnswers",
                       "score", "timeSpent", "feedback", "roundResults"}, ...]}

Field names are the specification's, ids are the exporting database's (opaque strings,
used only to tie a performance to its interview inside the file), datetimes are ISO 8601
with an offset.

Importing validates every record with the shared rules before writing anything. An
interview already in the account is recognised by its natural key: createdAt (to the
millisecond, the precision MongoDB keeps), jobTitle, companyName, interviewType and
experienceLevel; it is skipped, so importing a file twice creates nothing the second time.
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.core.exceptions import ValidationError
from django.utils import timezone

from interviewprep.db import atomic
from interviews.choices import Status
from interviews.models import Interview
from interviews.services import TransitionError, interview_complete, interview_start
from interviews.validation import (
    INTERVIEW_FIELDS,
    PERFORMANCE_FIELDS,
    clean_interview,
    clean_performance,
)
from performance.models import Performance

FORMAT = "interviewprep-export"
VERSION = 1
DOCUMENT_KEYS = ("format", "version", "exportedAt", "username", "interviews", "performances")
INTERVIEW_KEYS = (
    "id",
    *INTERVIEW_FIELDS,
    "status",
    "createdAt",
    "completedAt",
    "performanceId",
)
COPIED_KEYS = (*INTERVIEW_FIELDS, "completedAt")
PERFORMANCE_KEYS = ("id", "interviewId", *COPIED_KEYS, *PERFORMANCE_FIELDS)
KEY_FIELDS = ("created_at", "job_title", "company_name", "interview_type", "experience_level")
BATCH = 1000


def _timestamp(value):
    return value.isoformat() if value is not None else None


def _id(value):
    return str(value) if value is not None else None


def export_user_data(user, *, now=None):
    """The user's interviews (oldest first) and performances as an export document."""
    interviews = Interview.objects.filter(user=user).order_by("created_at", "pk")
    performances = Performance.objects.filter(user=user).order_by("completed_at", "pk")
    return {
        "format": FORMAT,
        "version": VERSION,
        "exportedAt": _timestamp(now or timezone.now()),
        "username": user.get_username(),
        "interviews": [
            {
                "id": _id(interview.pk),
                "jobTitle": interview.job_title,
                "companyName": interview.company_name,
                "interviewType": interview.interview_type,
                "experienceLevel": interview.experience_level,
                "status": interview.status,
                "createdAt": _timestamp(interview.created_at),
                "completedAt": _timestamp(interview.completed_at),
                "performanceId": _id(interview.performance_id),
            }
            for interview in interviews.iterator(chunk_size=BATCH)
        ],
        "performances": [
            {
                "id": _id(performance.pk),
                "interviewId": _id(performance.interview_id),
                "jobTitle": performance.job_title,
                "companyName": performance.company_name,
                "interviewType": performance.interview_type,
                "experienceLevel": performance.experience_level,
                "completedAt": _timestamp(performance.completed_at),
                **performance.as_spec(),
            }
            for performance in performances.iterator(chunk_size=BATCH)
        ],
    }


@dataclass
class ImportRecord:
    """One interview of a valid document, ready to write: model field values."""

    position: int
    interview: dict
    results: dict | None = None  # the performance's spec fields, for a completed interview
    completed_at: datetime | None = None


@dataclass
class ImportPlan:
    records: list = field(default_factory=list)  # ImportRecord, in the file's order


class DocumentError(Exception):
    """A document that cannot be imported; `errors` lists "position: message" strings."""

    def __init__(self, errors):
        super().__init__(f"{len(errors)} error(s)")
        self.errors = errors


class _Errors(list):
    def add(self, path, message):
        self.append(f"{path}: {message}")

    def add_validation(self, prefix, error):
        for path, messages in error.message_dict.items():
            where = prefix if path == "__all__" else f"{prefix}.{path}"
            for message in messages:
                self.add(where, message)


def _parse_datetime(value, path, errors, *, required):
    if value is None:
        if required:
            errors.add(path, "This field is required.")
        return None
    if not isinstance(value, str):
        errors.add(path, "Must be an ISO 8601 date and time as a string.")
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        errors.add(path, f"Not an ISO 8601 date and time: {value!r}.")
        return None
    if parsed.tzinfo is None:
        errors.add(path, "Must include a UTC offset (for example +00:00).")
        return None
    return parsed


def _check_record_keys(record, allowed, path, errors):
    if not isinstance(record, dict):
        errors.add(path, "Must be an object.")
        return False
    for key in record:
        if key not in allowed:
            errors.add(f"{path}.{key}", "Unknown field.")
    return True


def _record_id(record, path, errors, seen, kind):
    value = record.get("id")
    if not isinstance(value, str) or not value:
        errors.add(f"{path}.id", "Must be a non-empty string.")
        return None
    if value in seen:
        errors.add(f"{path}.id", f"The same id as {kind}[{seen[value]}].")
        return None
    return value


def natural_key(*, created_at, job_title, company_name, interview_type, experience_level):
    """What identifies an interview across accounts and databases (see the module's doc)."""
    millisecond = created_at.replace(microsecond=created_at.microsecond // 1000 * 1000)
    return (
        millisecond.astimezone(UTC),
        job_title,
        company_name,
        interview_type,
        experience_level,
    )


def parse_document(document):
    """Check every record of a document: an ImportPlan, or DocumentError with every error."""
    errors = _Errors()
    if not isinstance(document, dict):
        raise DocumentError(["document: Must be a JSON object."])
    if document.get("format") != FORMAT:
        errors.add("format", f'Must be "{FORMAT}".')
    if document.get("version") != VERSION:
        errors.add(
            "version",
            f"Unsupported version {document.get('version')!r}; this program reads version "
            f"{VERSION}.",
        )
    for key in document:
        if key not in DOCUMENT_KEYS:
            errors.add(key, "Unknown field.")
    for key in ("interviews", "performances"):
        if not isinstance(document.get(key), list):
            errors.add(key, "Must be a list.")
    if errors:
        raise DocumentError(errors)

    parser = _Parser(errors)
    for index, record in enumerate(document["interviews"]):
        parser.interview(record, index)
    for index, record in enumerate(document["performances"]):
        parser.performance(record, index)
    parser.check_links()
    if errors:
        raise DocumentError(errors)
    return ImportPlan(records=[item for item, _pointer in parser.valid.values()])


class _Parser:
    def __init__(self, errors):
        self.errors = errors
        self.interview_ids = {}  # file id -> position, for every record with a usable id
        self.valid = {}  # file id -> (ImportRecord, performanceId) for valid interviews
        self.keys = {}  # natural key -> position
        self.performance_ids = {}  # file id -> position
        self.performance_of = {}  # interview file id -> (performance file id, position)

    def interview(self, record, index):
        errors, path = self.errors, f"interviews[{index}]"
        if not _check_record_keys(record, INTERVIEW_KEYS, path, errors):
            return
        before = len(errors)
        file_id = _record_id(record, path, errors, self.interview_ids, "interviews")
        if file_id is not None:
            self.interview_ids[file_id] = index
        try:
            cleaned = clean_interview(
                {key: record[key] for key in INTERVIEW_FIELDS if key in record}
            )
        except ValidationError as error:
            errors.add_validation(path, error)
        status = record.get("status")
        if status not in Status.values:
            errors.add(f"{path}.status", f"Must be one of: {', '.join(Status.values)}.")
        created_at = _parse_datetime(
            record.get("createdAt"), f"{path}.createdAt", errors, required=True
        )
        completed_at = _parse_datetime(
            record.get("completedAt"),
            f"{path}.completedAt",
            errors,
            required=status == Status.COMPLETED,
        )
        if completed_at is not None and status != Status.COMPLETED:
            errors.add(f"{path}.completedAt", "Must be empty unless the interview is completed.")
        if completed_at is not None and created_at is not None and completed_at < created_at:
            errors.add(f"{path}.completedAt", "Cannot be before createdAt.")
        pointer = record.get("performanceId")
        if pointer is not None and not isinstance(pointer, str):
            errors.add(f"{path}.performanceId", "Must be a string or null.")
        if len(errors) > before:
            return

        interview = {
            "job_title": cleaned["jobTitle"],
            "company_name": cleaned["companyName"],
            "interview_type": cleaned["interviewType"],
            "experience_level": cleaned["experienceLevel"],
            "created_at": created_at,
        }
        key = natural_key(**interview)
        if key in self.keys:
            errors.add(
                path,
                "Same createdAt, jobTitle, companyName, interviewType and experienceLevel as "
                f"interviews[{self.keys[key]}]: the two cannot be told apart.",
            )
            return
        self.keys[key] = index
        item = ImportRecord(
            position=index,
            interview={**interview, "status": status},
            completed_at=completed_at,
        )
        self.valid[file_id] = (item, pointer)

    def performance(self, record, index):
        errors, path = self.errors, f"performances[{index}]"
        if not _check_record_keys(record, PERFORMANCE_KEYS, path, errors):
            return
        file_id = _record_id(record, path, errors, self.performance_ids, "performances")
        if file_id is not None:
            self.performance_ids[file_id] = index
        try:
            results = clean_performance(
                {key: record[key] for key in PERFORMANCE_FIELDS if key in record}
            )
        except ValidationError as error:
            errors.add_validation(path, error)
            results = None

        interview_id = record.get("interviewId")
        if not isinstance(interview_id, str) or not interview_id:
            errors.add(f"{path}.interviewId", "Must be a non-empty string.")
            return
        if interview_id not in self.interview_ids:
            errors.add(f"{path}.interviewId", f'No interview in this file has id "{interview_id}".')
            return
        if interview_id in self.performance_of:
            other = self.performance_of[interview_id][1]
            errors.add(
                f"{path}.interviewId",
                f"That interview already has a performance (performances[{other}]).",
            )
            return
        self.performance_of[interview_id] = (file_id, index)
        if interview_id not in self.valid:
            return  # the interview's own errors are listed already
        target = self.valid[interview_id][0]
        if target.interview["status"] != Status.COMPLETED:
            errors.add(
                f"{path}.interviewId",
                f"Its interview (interviews[{target.position}]) is "
                f"{target.interview['status']}, not completed.",
            )
            return
        expected = {
            "jobTitle": target.interview["job_title"],
            "companyName": target.interview["company_name"],
            "interviewType": target.interview["interview_type"],
            "experienceLevel": target.interview["experience_level"],
        }
        # The copies may be left out; when present they must agree with the interview.
        for key, value in expected.items():
            if key in record and record[key] != value:
                errors.add(f"{path}.{key}", f"Differs from its interview's {key} ({value!r}).")
        if "completedAt" in record:
            completed_at = _parse_datetime(
                record["completedAt"], f"{path}.completedAt", errors, required=True
            )
            if completed_at is not None and completed_at != target.completed_at:
                errors.add(f"{path}.completedAt", "Differs from its interview's completedAt.")
        target.results = results

    def check_links(self):
        for file_id, (item, pointer) in self.valid.items():
            path = f"interviews[{item.position}]"
            own = self.performance_of.get(file_id)
            if item.interview["status"] == Status.COMPLETED and own is None:
                self.errors.add(
                    path, f'Completed, but no performance in this file has interviewId "{file_id}".'
                )
            if pointer is not None and (own is None or own[0] != pointer):
                self.errors.add(
                    f"{path}.performanceId",
                    f'No performance in this file has id "{pointer}" and this interview as '
                    "its interviewId.",
                )


@dataclass
class ImportResult:
    created_interviews: int = 0
    created_performances: int = 0
    completed_existing: int = 0
    skipped: int = 0


def import_user_data(user, plan, *, dry_run=False, progress=None):
    """Write a parsed document into the user's account, skipping interviews it already has.

    With dry_run, only counts what would be written.
    """
    result = ImportResult()
    existing = {}
    for interview in Interview.objects.filter(user=user).only(*KEY_FIELDS, "status"):
        existing[natural_key(**{name: getattr(interview, name) for name in KEY_FIELDS})] = interview

    new = []
    for record in plan.records:
        found = existing.get(natural_key(**{name: record.interview[name] for name in KEY_FIELDS}))
        if found is None:
            new.append(record)
        elif found.status != Status.COMPLETED and record.interview["status"] == Status.COMPLETED:
            if dry_run or _finish(found, record):
                result.completed_existing += 1
            else:
                result.skipped += 1
        else:
            result.skipped += 1
    if progress is not None:
        progress(len(plan.records) - len(new))

    if dry_run:
        result.created_interviews = len(new)
        result.created_performances = sum(
            1 for record in new if record.interview["status"] == Status.COMPLETED
        )
        return result
    for start in range(0, len(new), BATCH):
        batch = new[start : start + BATCH]
        created, performances = _write(user, batch)
        result.created_interviews += created
        result.created_performances += performances
        if progress is not None:
            progress(len(batch))
    return result


def _finish(interview, record):
    # An import interrupted between its writes (no transaction on a standalone MongoDB
    # server) left this interview in progress; importing again completes it.
    try:
        if interview.status == Status.READY:
            interview_start(interview=interview)
        interview_complete(
            interview=interview, data=record.results, completed_at=record.completed_at
        )
    except TransitionError:
        return False
    return True


def _write(user, records):
    # The lifecycle's order: a completed interview is written in progress, then its
    # performance, then the interview is marked completed. Without a transaction an
    # interruption leaves in-progress interviews that the next import completes.
    interviews = [
        Interview(
            user=user,
            **{**record.interview, "status": _initial_status(record)},
        )
        for record in records
    ]
    with atomic():
        interviews = Interview.objects.bulk_create(interviews)
        completed = [
            (interview, record)
            for interview, record in zip(interviews, records, strict=True)
            if record.interview["status"] == Status.COMPLETED
        ]
        performances = Performance.objects.bulk_create(
            [
                Performance(
                    user=user,
                    interview=interview,
                    job_title=interview.job_title,
                    company_name=interview.company_name,
                    interview_type=interview.interview_type,
                    experience_level=interview.experience_level,
                    completed_at=record.completed_at,
                    total_questions=record.results["totalQuestions"],
                    correct_answers=record.results["correctAnswers"],
                    score=record.results["score"],
                    time_spent=record.results["timeSpent"],
                    feedback=record.results["feedback"],
                    round_results=record.results["roundResults"],
                )
                for interview, record in completed
            ]
        )
        for (interview, record), performance in zip(completed, performances, strict=True):
            interview.status = Status.COMPLETED
            interview.completed_at = record.completed_at
            interview.performance = performance
        Interview.objects.bulk_update(
            [interview for interview, _ in completed], ["status", "completed_at", "performance"]
        )
    return len(interviews), len(performances)


def _initial_status(record):
    if record.interview["status"] == Status.COMPLETED:
        return Status.IN_PROGRESS
    return record.interview["status"]
