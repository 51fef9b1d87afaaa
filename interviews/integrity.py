"""The rules that tie an interview to its performance, how to find rows that break them, and
how to repair each kind.

An interview and its performance are written by separate statements (MongoDB gives no
transaction on a standalone server), and rows can also be edited or restored by hand, so
the two collections can drift apart. The rules:

- a completed interview has a performance (one whose `interviewId` is the interview) and a
  `completedAt`;
- a performance's interview exists and is completed;
- the fields a performance copies from its interview (`userId`, `jobTitle`,
  `companyName`, `interviewType`, `experienceLevel`, `completedAt`) equal the interview's;
- an interview's `performanceId` names its own performance, or nothing when it has none.

Finding is a pure function over plain rows (`find_problems`); the database is read a page
at a time by `check_all` and written by `repair_all`.
"""

from dataclasses import dataclass, field
from itertools import chain

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q

from interviews.choices import Status
from interviews.documents import column_names
from interviews.models import Interview
from interviews.services import (
    COPIED_FIELDS,
    TransitionError,
    interview_reopen,
    interview_save_results,
    performance_sync,
    performances_delete,
)
from performance.models import Performance

COMPLETED_WITHOUT_PERFORMANCE = "completed-without-performance"
COMPLETED_WITHOUT_DATE = "completed-without-completed-at"
PERFORMANCE_WITHOUT_INTERVIEW = "performance-without-interview"
PERFORMANCE_OF_UNFINISHED_INTERVIEW = "performance-of-unfinished-interview"
COPIED_FIELDS_DIFFER = "copied-fields-differ"
BROKEN_PERFORMANCE_POINTER = "broken-performance-pointer"

# In the order of repair: each repair may settle rows that a later kind would report.
KINDS = {
    PERFORMANCE_WITHOUT_INTERVIEW: "Performances whose interview is missing",
    PERFORMANCE_OF_UNFINISHED_INTERVIEW: "Performances whose interview is not completed",
    COMPLETED_WITHOUT_PERFORMANCE: "Completed interviews without a performance",
    COMPLETED_WITHOUT_DATE: "Completed interviews without completedAt",
    BROKEN_PERFORMANCE_POINTER: "Interviews whose performanceId is wrong",
    COPIED_FIELDS_DIFFER: "Performances whose copied fields differ from their interview",
}

REPAIRS = {
    PERFORMANCE_WITHOUT_INTERVIEW: "deleted (there is no interview to attach it to)",
    PERFORMANCE_OF_UNFINISHED_INTERVIEW: "interview completed with this performance",
    COMPLETED_WITHOUT_PERFORMANCE: "interview reopened (in progress, to be completed again)",
    COMPLETED_WITHOUT_DATE: "completedAt taken from the performance",
    BROKEN_PERFORMANCE_POINTER: "performanceId set to the interview's own performance, or cleared",
    COPIED_FIELDS_DIFFER: "performance's copies updated from the interview",
}

# Problems name the fields as they are stored.
STORED_NAMES = column_names(Performance, (*COPIED_FIELDS, "completed_at"))
INTERVIEW_VALUES = ("pk", "status", "completed_at", "performance_id", *COPIED_FIELDS)
PERFORMANCE_VALUES = ("pk", "interview_id", "completed_at", *COPIED_FIELDS)
CHUNK = 1000
DETAILS_SHOWN = 5


@dataclass(frozen=True)
class Problem:
    kind: str
    interview_id: object
    performance_id: object
    detail: str


@dataclass
class Rows:
    """Plain rows to check (`interviews`, `performances`) and the rows they refer to."""

    interviews: list = field(default_factory=list)
    performances: list = field(default_factory=list)
    context_interviews: list = field(default_factory=list)
    context_performances: list = field(default_factory=list)


def empty_report():
    return {kind: [] for kind in KINDS}


def find_problems(rows):
    """Every broken rule among `rows`, as {kind: [Problem, ...]} with every kind present.

    Interviews are checked for the interview rules and performances for the performance
    rules; the context rows only answer questions (does interview X exist?). A row can
    break several rules and then appears under each kind.
    """
    report = empty_report()
    interviews_by_pk = {row["pk"]: row for row in chain(rows.interviews, rows.context_interviews)}
    performances = {row["pk"]: row for row in chain(rows.performances, rows.context_performances)}
    performance_of = {row["interview_id"]: row for row in performances.values()}

    def add(kind, interview_id, performance_id, detail):
        report[kind].append(Problem(kind, interview_id, performance_id, detail))

    for interview in rows.interviews:
        pk = interview["pk"]
        own = performance_of.get(pk)
        if interview["status"] == Status.COMPLETED:
            if own is None:
                add(
                    COMPLETED_WITHOUT_PERFORMANCE,
                    pk,
                    None,
                    f"interview {pk} is completed but no performance has interviewId {pk}",
                )
            elif interview["completed_at"] is None:
                add(
                    COMPLETED_WITHOUT_DATE,
                    pk,
                    own["pk"],
                    f"interview {pk} is completed but has no completedAt",
                )
        pointer = interview["performance_id"]
        expected = own["pk"] if own else None
        if pointer != expected:
            if pointer is None:
                detail = f"interview {pk} has no performanceId; its performance is {expected}"
            elif pointer not in performances:
                detail = f"interview {pk} has performanceId {pointer}, which does not exist"
            else:  # a performance's interviewId is unique: this one is another interview's
                detail = (
                    f"interview {pk} has performanceId {pointer}, the performance of "
                    f"interview {performances[pointer]['interview_id']}"
                )
            add(BROKEN_PERFORMANCE_POINTER, pk, pointer, detail)

    for performance in rows.performances:
        pk, interview_pk = performance["pk"], performance["interview_id"]
        interview = interviews_by_pk.get(interview_pk)
        if interview is None:
            add(
                PERFORMANCE_WITHOUT_INTERVIEW,
                interview_pk,
                pk,
                f"performance {pk} belongs to interview {interview_pk}, which does not exist",
            )
            continue
        if interview["status"] != Status.COMPLETED:
            add(
                PERFORMANCE_OF_UNFINISHED_INTERVIEW,
                interview_pk,
                pk,
                f"performance {pk} belongs to interview {interview_pk}, "
                f"which is {interview['status']}",
            )
        differing = [name for name in COPIED_FIELDS if performance[name] != interview[name]]
        if (
            interview["status"] == Status.COMPLETED
            and interview["completed_at"] is not None
            and performance["completed_at"] != interview["completed_at"]
        ):
            differing.append("completed_at")
        if differing:
            names = ", ".join(STORED_NAMES[name] for name in differing)
            add(
                COPIED_FIELDS_DIFFER,
                interview_pk,
                pk,
                f"performance {pk} differs from interview {interview_pk} in {names}",
            )
    return report


def _values(queryset, fields):
    return list(queryset.order_by().values(*fields))


def _pages(queryset, fields):
    """The rows of `queryset` as lists of at most CHUNK, in primary-key order: each page
    starts after the last key of the one before (keyset pagination), so every query is
    the same size whatever the size of the collection."""
    last = None
    while True:
        page = queryset if last is None else queryset.filter(pk__gt=last)
        rows = list(page.order_by("pk").values(*fields)[:CHUNK])
        if not rows:
            return
        yield rows
        last = rows[-1]["pk"]


def count_rows():
    """How many rows `check_all()` reads, for a progress bar."""
    return Interview.objects.count() + Performance.objects.count()


def with_performances(interviews):
    """Rows to check these interview rows: with the performances they refer to (their
    own, by interviewId, and the ones their performanceId names)."""
    pks = [row["pk"] for row in interviews]
    own = _values(Performance.objects.filter(interview_id__in=pks), PERFORMANCE_VALUES)
    pointers = {row["performance_id"] for row in interviews} - {None}
    pointers -= {row["pk"] for row in own}
    named = _values(Performance.objects.filter(pk__in=list(pointers)), PERFORMANCE_VALUES)
    return Rows(interviews=interviews, context_performances=own + named)


def with_interviews(performances):
    """Rows to check these performance rows: with their interviews."""
    wanted = list({row["interview_id"] for row in performances})
    interviews = _values(Interview.objects.filter(pk__in=wanted), INTERVIEW_VALUES)
    return Rows(performances=performances, context_interviews=interviews)


def load_rows_for(*, interview_pks=(), performance_pks=()):
    """The given interviews and performances (and the performances of those interviews),
    with the rows they refer to."""
    interview_pks, performance_pks = list(interview_pks), list(performance_pks)
    interviews = _values(Interview.objects.filter(pk__in=interview_pks), INTERVIEW_VALUES)
    performances = _values(
        Performance.objects.filter(Q(pk__in=performance_pks) | Q(interview_id__in=interview_pks)),
        PERFORMANCE_VALUES,
    )
    loaded = {row["pk"] for row in interviews}
    wanted = {row["interview_id"] for row in performances} - loaded
    context_interviews = _values(Interview.objects.filter(pk__in=wanted), INTERVIEW_VALUES)
    pointers = {row["performance_id"] for row in interviews} - {None}
    pointers -= {row["pk"] for row in performances}
    context_performances = _values(Performance.objects.filter(pk__in=pointers), PERFORMANCE_VALUES)
    return Rows(interviews, performances, context_interviews, context_performances)


def report_to_admin(request, rows, described):
    """Tell the admin, as messages, what check_integrity would report about `rows`."""
    report = find_problems(rows)
    found = {kind: problems for kind, problems in report.items() if problems}
    if not found:
        messages.success(request, f"No integrity problems in {described}.")
        return
    for kind, problems in found.items():
        details = "; ".join(problem.detail for problem in problems[:DETAILS_SHOWN])
        more = (
            f"; and {len(problems) - DETAILS_SHOWN} more" if len(problems) > DETAILS_SHOWN else ""
        )
        messages.warning(request, f"{KINDS[kind]}: {len(problems)} ({details}{more}).")
    messages.info(request, "“manage.py check_integrity --fix” repairs them; see its --help.")


def check_all(progress=None):
    """The problems of the whole database, as find_problems reports them.

    Read a page at a time (interviews, then performances, each page with the rows it
    refers to), so memory holds one page and the problems found, whatever the size of
    the database; `progress(n)` is told as rows are checked.
    """
    report = empty_report()
    pages = chain(
        map(with_performances, _pages(Interview.objects.all(), INTERVIEW_VALUES)),
        map(with_interviews, _pages(Performance.objects.all(), PERFORMANCE_VALUES)),
    )
    for rows in pages:
        for kind, problems in find_problems(rows).items():
            report[kind].extend(problems)
        if progress is not None:
            progress(len(rows.interviews) + len(rows.performances))
    return report


@dataclass
class RepairResult:
    repaired: int = 0
    failed: list = field(default_factory=list)  # (Problem, reason)


def repair_all(progress=None):
    """Repair every problem, kind by kind in the order of KINDS; {kind: RepairResult}.

    Each kind is looked for afresh after the repairs before it, since those can settle or
    change what the later kinds would find.
    """
    results = {kind: RepairResult() for kind in KINDS}
    report = check_all()
    for kind in KINDS:
        changed = False
        for problem in report[kind]:
            reason = REPAIR[kind](problem)
            if reason is None:
                results[kind].repaired += 1
                changed = True
            else:
                results[kind].failed.append((problem, reason))
            if progress is not None:
                progress(1)
        if changed:
            report = check_all()
    return results


def _delete_orphan(problem):
    # Deleting clears any interview's performanceId that pointed at it (SET_NULL).
    performances_delete(pks=[problem.performance_id])


def _complete_interview(problem):
    interview = Interview.objects.filter(pk=problem.interview_id).first()
    performance = Performance.objects.filter(pk=problem.performance_id).first()
    if interview is None or performance is None:
        return None  # gone meanwhile; the next check says whether anything is left
    try:
        # Finds the existing performance and marks the interview completed with its date.
        interview_save_results(interview=interview, data=performance.results())
    except ValidationError as error:
        return f"its results break the validation rules ({'; '.join(error.messages)})"
    except TransitionError as error:
        return str(error)
    return None


def _reopen(problem):
    interview_reopen(interview_id=problem.interview_id)


def _date_from_performance(problem):
    performance = Performance.objects.filter(interview_id=problem.interview_id).first()
    if performance is not None:
        Interview.objects.filter(pk=problem.interview_id, completed_at=None).update(
            completed_at=performance.completed_at
        )


def _fix_pointer(problem):
    own = Performance.objects.filter(interview_id=problem.interview_id).first()
    Interview.objects.filter(pk=problem.interview_id).update(performance=own)


def _copy_fields(problem):
    interview = Interview.objects.filter(pk=problem.interview_id).first()
    if interview is not None:
        performance_sync(interview=interview)


REPAIR = {
    PERFORMANCE_WITHOUT_INTERVIEW: _delete_orphan,
    PERFORMANCE_OF_UNFINISHED_INTERVIEW: _complete_interview,
    COMPLETED_WITHOUT_PERFORMANCE: _reopen,
    COMPLETED_WITHOUT_DATE: _date_from_performance,
    BROKEN_PERFORMANCE_POINTER: _fix_pointer,
    COPIED_FIELDS_DIFFER: _copy_fields,
}
