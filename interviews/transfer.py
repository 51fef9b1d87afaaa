"""One person's interviews, performances and weekly goal as a versioned JSON document, and
back.

The document (format "interviewprep-export", version 2):

    {"format": "interviewprep-export", "version": 2, "exportedAt": "...", "username": "...",
     "goal": {"perWeek": 3} or null,
     "interviews": [{"id", "jobTitle", "companyName", "interviewType", "experienceLevel",
                     "status", "createdAt", "completedAt", "performanceId"}, ...],
     "performances": [{"id", "interviewId", "jobTitle", "companyName", "interviewType",
                       "experienceLevel", "completedAt", "totalQuestions", "correctAnswers",
                       "score", "timeSpent", "feedback", "roundResults"}, ...]}

Field names are the specification's, ids are the exporting database's (opaque strings,
used only to tie a performance to its interview inside the file), datetimes are ISO 8601
with an offset. Version 1 is version 2 without "goal"; both are read, and a document
without a goal leaves the account's goal as it is. Share links are not exported: each is a
secret that only this site's database can honour.

Importing validates every record with the shared rules before writing anything. An
interview already in the account is recognised by its natural key: createdAt (to the
millisecond, the precision MongoDB keeps), jobTitle, companyName, interviewType and
experienceLevel; it is skipped, so importing a file twice creates nothing the second time.
Likewise an account that has a weekly goal keeps it; the file's goal is set only on an
account without one.
"""

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone

from dashboard.models import MAX_PER_WEEK, MIN_PER_WEEK, PER_WEEK_RULE, Goal
from interviews import integrity
from interviews.choices import ScoredBy, Status
from interviews.documents import QUESTION_TIMES, column_names, to_camel, to_snake
from interviews.models import Interview
from interviews.services import (
    HistoryRecord,
    TransitionError,
    interview_save_results,
    interviews_import,
)
from interviews.validation import (
    INTERVIEW_FIELDS,
    PERFORMANCE_FIELDS,
    clean_interview,
    clean_performance,
    clean_session,
)
from performance.models import Performance

FORMAT = "interviewprep-export"
VERSION = 2
READABLE_VERSIONS = (1, 2)
DOCUMENT_KEYS = (
    "format",
    "version",
    "exportedAt",
    "username",
    "goal",
    "interviews",
    "performances",
)
GOAL_KEY = column_names(Goal, ("per_week",))["per_week"]
# {model field name: key in the file}: the stored names, as the specification spells them.
INTERVIEW_COLUMNS = column_names(
    Interview,
    (
        *INTERVIEW_FIELDS,
        "status",
        "created_at",
        "completed_at",
        "performance_id",
        "started_at",
        "questions",
    ),
)
COPIED_COLUMNS = column_names(Performance, (*INTERVIEW_FIELDS, "completed_at"))
PERFORMANCE_COLUMNS = column_names(
    Performance, ("interview_id", *COPIED_COLUMNS, *PERFORMANCE_FIELDS, "scored_by")
)
INTERVIEW_KEYS = ("id", *INTERVIEW_COLUMNS.values())
PERFORMANCE_KEYS = ("id", *PERFORMANCE_COLUMNS.values())
KEY_FIELDS = ("created_at", "job_title", "company_name", "interview_type", "experience_level")
BATCH = 1000
# An interview with its practice session is some 30 KB: a page of them stays a few MB.
EXPORT_PAGE = 50


def _timestamp(value):
    return value.isoformat() if value is not None else None


def _exported(obj, columns):
    """One record of the file: `obj`'s fields under their stored names, as JSON values."""
    record = {"id": str(obj.pk)}
    for name, key in columns.items():
        value = getattr(obj, name)
        if isinstance(value, datetime):
            value = _timestamp(value)
        elif name.endswith("_id") and value is not None:
            value = str(value)
        elif name in ("feedback", "round_results", "questions"):
            value = obj._meta.get_field(name).to_document(value)
        record[key] = value
    return record


@dataclass
class ExportResult:
    interviews: int = 0
    performances: int = 0
    problems: list = field(default_factory=list)  # integrity Problems among the rows written
    goal: int | None = None  # the weekly goal written, if the account has one


def export_user_data(user, write, *, now=None):
    """Write the user's weekly goal, interviews (oldest first) and performances as an export
    document, in pieces, through `write(text)`; an ExportResult.

    The rows are read and written EXPORT_PAGE at a time, so memory does not grow with the
    history. Each batch is also checked against the integrity rules (interviews.integrity):
    an account whose data breaks them gives a file that import_user_data refuses.
    """
    result = ExportResult(goal=Goal.objects.per_week(user))
    header = {
        "format": FORMAT,
        "version": VERSION,
        "exportedAt": _timestamp(now or timezone.now()),
        "username": user.get_username(),
        "goal": None if result.goal is None else {GOAL_KEY: result.goal},
    }
    write(json.dumps(header, indent=2, ensure_ascii=False)[:-2] + ",\n")
    interviews = Interview.objects.filter(user=user).order_by("created_at", "pk")
    result.interviews = _write_list(
        write, "interviews", interviews, INTERVIEW_COLUMNS, integrity.INTERVIEW_VALUES, result
    )
    write(",\n")
    performances = Performance.objects.filter(user=user).order_by("completed_at", "pk")
    result.performances = _write_list(
        write,
        "performances",
        performances,
        PERFORMANCE_COLUMNS,
        integrity.PERFORMANCE_VALUES,
        result,
    )
    write("\n}\n")
    return result


def _pages_in_order(queryset):
    """The objects of `queryset` in its order (a date field, then pk), EXPORT_PAGE at a time:
    each page starts after the last (date, pk) of the one before (keyset pagination)."""
    field = queryset.query.order_by[0]
    last = None
    while True:
        page = queryset
        if last is not None:
            value, pk = last
            page = page.filter(Q(**{f"{field}__gt": value}) | Q(**{field: value, "pk__gt": pk}))
        batch = list(page[:EXPORT_PAGE])
        if not batch:
            return
        yield batch
        last = (getattr(batch[-1], field), batch[-1].pk)


def _write_list(write, key, queryset, columns, checked_fields, result):
    """Write `"key": [records]` a batch at a time, checking each batch; how many records."""
    write(f'  "{key}": [')
    context = integrity.with_performances if key == "interviews" else integrity.with_interviews
    count = 0
    for batch in _pages_in_order(queryset):
        for obj in batch:
            # One record a line: readable, and C's encoder (indent= makes json use Python's).
            text = json.dumps(_exported(obj, columns), ensure_ascii=False)
            write(("," if count else "") + "\n    " + text)
            count += 1
        checked = context([{name: getattr(obj, name) for name in checked_fields} for obj in batch])
        for problems in integrity.find_problems(checked).values():
            result.problems.extend(problems)
    write("\n  ]" if count else "]")
    return count


@dataclass
class ImportRecord(HistoryRecord):
    """One interview of a valid document, ready to write, and its place in the file."""

    position: int = 0


@dataclass
class ImportPlan:
    records: list = field(default_factory=list)  # ImportRecord, in the file's order
    goal: int | None = None  # the weekly goal, when the file has one


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
            where = prefix if path == "__all__" else f"{prefix}.{to_camel(path)}"
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
    if document.get("version") not in READABLE_VERSIONS:
        errors.add(
            "version",
            f"Unsupported version {document.get('version')!r}; this program reads versions "
            f"{' and '.join(map(str, READABLE_VERSIONS))}.",
        )
    for key in document:
        if key not in DOCUMENT_KEYS:
            errors.add(key, "Unknown field.")
    for key in ("interviews", "performances"):
        if not isinstance(document.get(key), list):
            errors.add(key, "Must be a list.")
    if errors:
        raise DocumentError(errors)

    goal = _goal(document.get("goal"), errors)
    parser = _Parser(errors)
    for index, record in enumerate(document["interviews"]):
        parser.interview(record, index)
    for index, record in enumerate(document["performances"]):
        parser.performance(record, index)
    parser.check_links()
    if errors:
        raise DocumentError(errors)
    return ImportPlan(records=[item for item, _pointer in parser.valid.values()], goal=goal)


def _goal(value, errors):
    """The weekly goal of a document's "goal" (null or absent: none)."""
    if value is None:
        return None
    if not _check_record_keys(value, (GOAL_KEY,), "goal", errors):
        return None
    per_week = value.get(GOAL_KEY)
    if (
        isinstance(per_week, bool)
        or not isinstance(per_week, int)
        or not MIN_PER_WEEK <= per_week <= MAX_PER_WEEK
    ):
        errors.add(f"goal.{GOAL_KEY}", f"Must be {PER_WEEK_RULE.lower()}")
        return None
    return per_week


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
            cleaned = clean_interview(_fields(record, INTERVIEW_FIELDS, INTERVIEW_COLUMNS))
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
        session = _session(record, path, errors)
        if len(errors) > before:
            return

        interview = {**cleaned, "created_at": created_at}
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
            interview={**interview, **session, "status": status},
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
            results = clean_performance(_fields(record, PERFORMANCE_FIELDS, PERFORMANCE_COLUMNS))
        except ValidationError as error:
            errors.add_validation(path, error)
            results = None
        scored_by = record.get(PERFORMANCE_COLUMNS["scored_by"], ScoredBy.MANUAL)
        if scored_by not in ScoredBy.values:
            key = PERFORMANCE_COLUMNS["scored_by"]
            errors.add(f"{path}.{key}", f"Must be one of: {', '.join(ScoredBy.values)}.")
        elif results is not None:
            results["scored_by"] = scored_by

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
        # The copies may be left out; when present they must agree with the interview.
        for name in INTERVIEW_FIELDS:
            key, value = COPIED_COLUMNS[name], target.interview[name]
            if key in record and record[key] != value:
                errors.add(f"{path}.{key}", f"Differs from its interview's {key} ({value!r}).")
        key = COPIED_COLUMNS["completed_at"]
        if key in record:
            completed_at = _parse_datetime(record[key], f"{path}.{key}", errors, required=True)
            if completed_at is not None and completed_at != target.completed_at:
                errors.add(f"{path}.{key}", f"Differs from its interview's {key}.")
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
    goal_set: int | None = None  # the file's goal, set on an account without one
    goal_kept: int | None = None  # the account's own goal, kept instead of the file's


def import_user_data(user, plan, *, dry_run=False, progress=None):
    """Write a parsed document into the user's account, skipping interviews it already has
    and keeping the weekly goal it has.

    With dry_run, only counts what would be written.
    """
    result = ImportResult()
    if plan.goal is not None:
        _import_goal(user, plan.goal, result, dry_run=dry_run)
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
        created, performances = interviews_import(user=user, records=batch)
        result.created_interviews += created
        result.created_performances += performances
        if progress is not None:
            progress(len(batch))
    return result


def _import_goal(user, per_week, result, *, dry_run):
    if dry_run:
        own = Goal.objects.per_week(user)
        created = own is None
    else:
        goal, created = Goal.objects.get_or_create(user=user, defaults={"per_week": per_week})
        own = goal.per_week
    if created:
        result.goal_set = per_week
    else:
        result.goal_kept = own


def _finish(interview, record):
    # An import interrupted between its writes (no transaction on a standalone MongoDB
    # server) left this interview in progress; importing again completes it.
    results = dict(record.results)
    scored_by = results.pop("scored_by")
    try:
        interview_save_results(
            interview=interview,
            data=results,
            completed_at=record.completed_at,
            scored_by=scored_by,
        )
    except TransitionError:
        return False
    return True


def _session(record, path, errors):
    """The practice session of an interview record (its questions and start), if it has one."""
    session = {}
    key = INTERVIEW_COLUMNS["started_at"]
    if record.get(key) is not None:
        session["started_at"] = _parse_datetime(record[key], f"{path}.{key}", errors, required=True)
    questions = record.get(INTERVIEW_COLUMNS["questions"])
    if questions is None:
        return session
    values = []
    if isinstance(questions, list):
        for position, item in enumerate(questions):
            if not isinstance(item, dict):
                values.append(item)
                continue
            value = {to_snake(name): entry for name, entry in item.items()}
            for name in QUESTION_TIMES:
                where = f"{path}.questions[{position}].{to_camel(name)}"
                if isinstance(value.get(name), str):
                    value[name] = _parse_datetime(value[name], where, errors, required=True)
            values.append(value)
    try:
        session["questions"] = clean_session(values if isinstance(questions, list) else questions)
    except ValidationError as error:
        errors.add_validation(path, error)
    return session


def _fields(record, names, columns):
    """The values of a file's record keyed by model field names, as the validation takes them.

    Keys inside the round results are translated too; an unknown one keeps a translated
    name, so that the validation reports it (and to_camel gives back the file's spelling).
    """
    values = {name: record[columns[name]] for name in names if columns[name] in record}
    rounds = values.get("round_results")
    if isinstance(rounds, list):
        values["round_results"] = [
            {to_snake(key): value for key, value in item.items()}
            if isinstance(item, dict)
            else item
            for item in rounds
        ]
    return values
