"""The JSON API: the specification's four endpoints and the integration API under /interviews.

Every write goes through interviews/services.py and every value through
interviews/validation.py, as the pages do. Errors are always
`{"error": "...", "details": {"<field>": ["..."]}}`.
"""

from typing import Annotated

from django.core.exceptions import RequestDataTooBig, ValidationError
from django.http import Http404
from django.http.request import RawPostDataException
from django.utils import timezone
from ninja import NinjaAPI, Path, Query, Status
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as SchemaError
from ninja.renderers import JSONRenderer

from accounts.models import TOKEN_PREFIX
from api import schemas
from api.auth import CsrfFailed, SessionAuth, TokenAuth
from api.parser import MAX_BODY_BYTES, MAX_DEPTH, BodyError, StrictJSONParser
from dashboard import goals
from dashboard.models import Goal
from dashboard.planner import NothingToPlan, history_report, next_session, planned_session_start
from interviewprep.db import parse_id
from interviews.choices import QuestionKind, QuestionState, RoundType
from interviews.documents import to_camel
from interviews.evaluation import PASS_SCORE
from interviews.filters import InterviewFilter
from interviews.models import Interview
from interviews.services import (
    QuestionNotFound,
    TransitionError,
    interview_complete,
    interview_create,
    interview_delete,
    interview_save_results,
    interview_start,
    performance_set_excluded,
    session_assess,
    session_finish,
    session_go,
    session_save_answer,
    session_submit,
)
from performance.comparison import comparison
from performance.filters import PerformanceFilter
from performance.models import Performance
from performance.reporting import filtered_report
from sharing.forms import ShareForm
from sharing.models import Share, history_query


class StrictJSONRenderer(JSONRenderer):
    # NaN and Infinity are not JSON: refuse to write them rather than emit them.
    json_dumps_params = {"allow_nan": False}


api = NinjaAPI(
    title="Interview Prep API",
    version="1",
    description=(
        "Your interviews and performances as JSON. Authenticate with a personal API token "
        "(`Authorization: Bearer <token>`, created on the API tokens page, /accounts/tokens/; "
        f"it starts `{TOKEN_PREFIX}`, and an unknown or revoked one is a 401) "
        "or, from the browser, with your session (unsafe methods then need the `X-CSRFToken` "
        "header). A request body is JSON (`Content-Type: application/json`, else a 415), "
        f"at most {MAX_BODY_BYTES // 1024} KiB (else a 413) and nested at most {MAX_DEPTH} "
        "levels deep. Rules that JSON Schema cannot state (between two fields, or about the "
        "stored interview) are in the descriptions of the fields and operations; a request "
        "that breaks one is a 400 (409 for the interview's status)."
    ),
    auth=[TokenAuth(), SessionAuth()],
    parser=StrictJSONParser(),
    renderer=StrictJSONRenderer(),
    urls_namespace="api",
    docs_url=None,
    openapi_url="/openapi.json",
)

# Any text: one that names no interview of yours (unknown, malformed or another's) is a 404.
InterviewId = Annotated[str, Path(description=schemas.INTERVIEW_ID)]
ERRORS = {400: schemas.Error, 401: schemas.Error, 403: schemas.Error, 404: schemas.Error}
BODY_ERRORS = {**ERRORS, 413: schemas.Error, 415: schemas.Error}


def error_response(request, status, message, details=None):
    return api.create_response(request, {"error": message, "details": details or {}}, status=status)


class NotFound(Http404):
    """A 404 naming the parameter that pointed nowhere."""

    def __init__(self, message, field):
        super().__init__(message)
        self.field = field


# Error handlers ----------------------------------------------------------------------


def _schema_path(location):
    """("body", "payload", "roundResults", 0, "score") -> "roundResults[0].score"."""
    parts = list(location)
    if parts and parts[0] in ("body", "query", "path"):
        source = parts.pop(0)
        if source == "body" and parts:
            parts.pop(0)  # the view's argument name
    path = ""
    for part in parts:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path = f"{path}.{part}" if path else str(part)
    return path or "body"


@api.exception_handler(SchemaError)
def on_schema_error(request, exc):
    details = {}
    for error in exc.errors:
        message = error["msg"]
        if error["type"] == "extra_forbidden":
            message = "Unknown field."
        elif error["type"] == "missing":
            message = "This field is required."
        details.setdefault(_schema_path(error["loc"]), []).append(message)
    return error_response(request, 400, "The request is invalid.", details)


@api.exception_handler(ValidationError)
def on_validation_error(request, exc):
    # The shared rules name the models' fields; a body names the specification's.
    if hasattr(exc, "error_dict"):
        details = {to_camel(path): messages for path, messages in exc.message_dict.items()}
    else:
        details = {"__all__": exc.messages}
    return error_response(request, 400, "The request is invalid.", details)


class QueryError(Exception):
    """Filter parameters that do not validate; their names are the query string's."""

    def __init__(self, filterset):
        super().__init__("invalid filters")
        self.details = {field: list(messages) for field, messages in filterset.errors.items()}


@api.exception_handler(QueryError)
def on_query_error(request, exc):
    return error_response(request, 400, "The request is invalid.", exc.details)


@api.exception_handler(AuthenticationError)
def on_authentication_error(request, exc):
    message = exc.message if exc.message != "Unauthorized" else "Authentication required."
    return error_response(
        request,
        401,
        message,
        {"Authorization": ["Send `Authorization: Bearer <token>` or log in."]},
    )


@api.exception_handler(HttpError)
def on_http_error(request, exc):
    if isinstance(exc.__cause__, BodyError):
        message = exc.__cause__.message
        return error_response(request, exc.__cause__.status, message, {"body": [message]})
    if isinstance(exc, CsrfFailed):
        return error_response(request, 403, exc.message, {"X-CSRFToken": [exc.message]})
    return error_response(request, exc.status_code, exc.message)


@api.exception_handler(RequestDataTooBig)
def on_body_too_big(request, exc):
    message = f"The body is larger than {MAX_BODY_BYTES // 1024} KiB."
    return error_response(request, 413, message, {"body": [message]})


@api.exception_handler(RawPostDataException)
def on_unreadable_body(request, exc):
    message = "The body could not be read."
    return error_response(request, 400, message, {"body": [message]})


@api.exception_handler(Http404)
def on_not_found(request, exc):
    message = str(exc) or "Not found."
    details = {exc.field: [message]} if isinstance(exc, NotFound) else {}
    return error_response(request, 404, message, details)


@api.exception_handler(TransitionError)
def on_transition_error(request, exc):
    return error_response(request, 409, str(exc), {"status": [str(exc)]})


@api.exception_handler(QuestionNotFound)
def on_question_not_found(request, exc):
    return error_response(request, 404, str(exc), {"index": [str(exc)]})


# Lookups and output ------------------------------------------------------------------


def _get_interview(request, interview_id, *, field="id"):
    """The caller's interview with this id; 404 for a malformed, unknown or another's id."""
    try:
        pk = parse_id(interview_id)
    except ValueError:
        pk = None
    interview = (
        # No order: one document by its _id (first() would otherwise sort by the default).
        Interview.objects.for_user(request.auth).filter(pk=pk).order_by().first()
        if pk is not None
        else None
    )
    if interview is None:
        raise NotFound("No interview of yours has this id.", field)
    return interview


def _id(value):
    return None if value is None else str(value)


def interview_out(interview):
    return {
        "id": str(interview.pk),
        "user_id": str(interview.user_id),
        "job_title": interview.job_title,
        "company_name": interview.company_name,
        "interview_type": interview.interview_type,
        "experience_level": interview.experience_level,
        "status": interview.status,
        "created_at": interview.created_at,
        "completed_at": interview.completed_at,
        "performance_id": _id(interview.performance_id),
    }


def performance_out(performance):
    return {
        "id": str(performance.pk),
        "user_id": str(performance.user_id),
        "interview_id": str(performance.interview_id),
        "job_title": performance.job_title,
        "company_name": performance.company_name,
        "interview_type": performance.interview_type,
        "experience_level": performance.experience_level,
        "completed_at": performance.completed_at,
        **performance.results(),
        "scored_by": performance.scored_by,
        "excluded": performance.excluded,
    }


def question_out(interview, index, now):
    """One question of the session; its answer and explanation only once it is submitted."""
    question = interview.questions[index]
    out = {
        "index": index,
        "round_type": question.round_type,
        "kind": question.kind,
        "prompt": question.prompt,
        "choices": question.choices,
        "answer": question.answer,
        "choice": question.choice,
        "state": question.state,
        "score": question.score,
        "seconds": round(interview.question_seconds(index, now), 1),
        "suggested_minutes": question.suggested_minutes,
        "tags": question.tags,
    }
    if question.state == QuestionState.UNANSWERED:
        return out
    out["explanation"] = question.explanation
    if question.kind == QuestionKind.CHOICE:
        out["correct"] = question.choice == question.answer_index
        out["answer_index"] = question.answer_index
    else:
        out["key_points"] = question.key_points
        out["points_hit"] = question.points_hit
        out["model_answer"] = question.model_answer
        out["comment"] = question.comment
    return out


def _filter_data(query, exclude=("limit", "page")):
    """The filter parameters the caller actually gave, as the FilterSet expects them."""
    return {
        key: value
        for key, value in query.dict().items()
        if key not in exclude and value is not None
    }


def _page(queryset, query):
    start = (query.page - 1) * query.limit
    return list(queryset[start : start + query.limit])


def _results(payload):
    data = payload.dict(exclude_unset=True)
    data.pop("interview_id", None)
    return data


def _answer(payload):
    return {"answer": payload.answer, "choice": payload.choice} if payload else {}


def _saved(performance, created):
    return Status(201 if created else 200, performance_out(performance))


# The specification's endpoints ---------------------------------------------------------


@api.post(
    "/save-performance",
    response={200: schemas.PerformanceOut, 201: schemas.PerformanceOut, **BODY_ERRORS},
    by_alias=True,
    summary="Save an interview's performance and complete it",
    description=(
        "Completes the interview and saves its performance: 201 with the saved performance. "
        "jobTitle, companyName, interviewType and experienceLevel are copied from the "
        "interview. Saving again for a completed interview answers 200 with the existing "
        "performance and changes nothing. A ready interview is started and completed in one "
        "go, as the original feedback page saved whatever the status."
    ),
)
def save_performance(request, payload: schemas.SavePerformanceIn):
    interview = _get_interview(request, payload.interview_id, field="interviewId")
    return _saved(*interview_save_results(interview=interview, data=_results(payload)))


@api.get(
    "/user-interviews",
    response={200: schemas.InterviewPage, **ERRORS},
    by_alias=True,
    summary="Your active interviews",
    description="Ready and in-progress interviews, newest first; never completed ones.",
)
def user_interviews(request, query: Query[schemas.PageQuery]):
    interviews = Interview.objects.for_user(request.auth).active().order_by("-created_at", "-pk")
    return {
        "interviews": [interview_out(interview) for interview in _page(interviews, query)],
        "count": interviews.count(),
        "page": query.page,
        "limit": query.limit,
    }


@api.delete(
    "/delete-interview",
    response={200: schemas.Deleted, **BODY_ERRORS},
    by_alias=True,
    summary="Delete an interview",
    description=(
        'The interview\'s id as `?id=` or as the JSON body `{"interviewId": ...}`: one of '
        "them is required, and when both are given they must be equal, else a 400. Without "
        "a body, send none (or JSON null). Its performance, if any, is deleted with it."
    ),
)
def delete_interview(request, id: str | None = None, payload: schemas.DeleteInterviewIn = None):
    if id is not None and payload is not None and payload.interview_id != id:
        raise ValidationError({"interview_id": ["Differs from the id in the query string."]})
    if id is None and payload is None:
        raise ValidationError({"id": ["Give the interview's id as ?id= or as interviewId."]})
    field = "id" if id is not None else "interviewId"
    interview = _get_interview(request, id if id is not None else payload.interview_id, field=field)
    interview_id = str(interview.pk)
    interview_delete(interview=interview)
    return {"message": "Interview deleted.", "interview_id": interview_id}


# The integration API -------------------------------------------------------------------


@api.get(
    "/interviews",
    response={200: schemas.InterviewPage, **ERRORS},
    by_alias=True,
    summary="List your interviews",
    description="Filtered and paginated; newest first unless `sort` says otherwise.",
)
def interview_list(request, query: Query[schemas.InterviewQuery]):
    filterset = InterviewFilter(
        _filter_data(query), queryset=Interview.objects.for_user(request.auth), user=request.auth
    )
    if not filterset.is_valid():
        raise QueryError(filterset)
    interviews = filterset.qs
    return {
        "interviews": [interview_out(interview) for interview in _page(interviews, query)],
        "count": interviews.count(),
        "page": query.page,
        "limit": query.limit,
    }


@api.post(
    "/interviews",
    response={201: schemas.InterviewOut, **BODY_ERRORS},
    by_alias=True,
    summary="Create an interview",
    description="The new interview is ready; start it when the candidate begins.",
)
def interview_create_endpoint(request, payload: schemas.InterviewIn):
    interview = interview_create(user=request.auth, data=payload.dict())
    return Status(201, interview_out(interview))


@api.get(
    "/interviews/{interview_id}",
    response={200: schemas.InterviewDetailOut, **ERRORS},
    by_alias=True,
    summary="Fetch one interview, with its performance once completed",
)
def interview_detail(request, interview_id: InterviewId):
    interview = _get_interview(request, interview_id)
    performance = Performance.objects.filter(interview_id=interview.pk).first()
    return {
        **interview_out(interview),
        "performance": performance_out(performance) if performance else None,
    }


@api.post(
    "/interviews/{interview_id}/start",
    response={200: schemas.InterviewOut, 409: schemas.Error, **ERRORS},
    by_alias=True,
    summary="Start a ready interview",
    description="409 if the interview is not ready.",
)
def interview_start_endpoint(request, interview_id: InterviewId):
    interview = _get_interview(request, interview_id)
    interview_start(interview=interview)
    return interview_out(interview)


@api.post(
    "/interviews/{interview_id}/complete",
    response={
        200: schemas.PerformanceOut,
        201: schemas.PerformanceOut,
        409: schemas.Error,
        **BODY_ERRORS,
    },
    by_alias=True,
    summary="Complete an in-progress interview with its performance",
    description=(
        "The body of save-performance; `interviewId` may be left out. 201 with the saved "
        "performance; 200 with the existing one if the interview was already completed. "
        "409 for a ready interview: start it first."
    ),
)
def interview_complete_endpoint(request, interview_id: InterviewId, payload: schemas.CompleteIn):
    interview = _get_interview(request, interview_id)
    if payload.interview_id is not None and payload.interview_id != str(interview.pk):
        raise ValidationError({"interview_id": ["Differs from the interview's id in the URL."]})
    return _saved(*interview_complete(interview=interview, data=_results(payload)))


@api.delete(
    "/interviews/{interview_id}",
    response={204: None, **ERRORS},
    by_alias=True,
    summary="Delete an interview and its performance",
)
def interview_delete_endpoint(request, interview_id: InterviewId):
    interview = _get_interview(request, interview_id)
    interview_delete(interview=interview)
    return Status(204, None)


@api.get(
    "/performance-stats",
    response={200: schemas.PerformanceStatsOut, **ERRORS},
    by_alias=True,
    summary="Your performance history and statistics",
    description=(
        "The analytics of the performance page under `stats`, computed over every "
        "performance matching the filters except the excluded ones (`stats.summary.excluded` "
        "says how many); one page of the matching performances, excluded ones included "
        "(their `excluded` is true); their `count`."
    ),
)
def performance_stats(request, query: Query[schemas.PerformanceQuery]):
    user = request.auth
    filterset = PerformanceFilter(
        _filter_data(query), queryset=Performance.objects.for_user(user), user=user
    )
    if not filterset.is_valid():
        raise QueryError(filterset)
    stats, count = filtered_report(filterset)
    return {
        "stats": stats,
        "performances": [performance_out(p) for p in _page(filterset.qs, query)],
        # The report has counted the matches, excluded ones included; no second COUNT query.
        "count": count + stats["summary"]["excluded"],
        "page": query.page,
        "limit": query.limit,
    }


# The practice session ------------------------------------------------------------------

QUESTION_INDEX = Path(
    ...,
    ge=0,
    description="The question's place in the session, from 0; one it does not have is a 404.",
)
SESSION_ERRORS = {409: schemas.Error, **BODY_ERRORS}
SUBMITTED_ONLY = (
    "A question's answerIndex, correct, explanation, keyPoints, pointsHit, modelAnswer and "
    "comment appear only once it is submitted, so that the answer is never shown before."
)


@api.get(
    "/interviews/{interview_id}/session",
    response={200: schemas.SessionOut, **ERRORS},
    by_alias=True,
    exclude_unset=True,
    summary="The practice session: its questions, your answers, the time spent",
    description=(
        "The plan made when the interview started, round by round, with what you did with "
        f"each question and the server-measured time. {SUBMITTED_ONLY} A ready interview "
        "answers 200 with no questions; a completed one with its questions as they were when "
        "it finished."
    ),
)
def session_detail(request, interview_id: InterviewId):
    interview = _get_interview(request, interview_id)
    now = timezone.now()
    return {
        "interview_id": str(interview.pk),
        "status": interview.status,
        "current": interview.current,
        "elapsed_seconds": round(interview.session_seconds(now), 1),
        "questions": [
            question_out(interview, index, now) for index in range(len(interview.questions))
        ],
    }


@api.put(
    "/interviews/{interview_id}/questions/{index}/answer",
    response={200: schemas.SessionQuestionOut, **SESSION_ERRORS},
    by_alias=True,
    exclude_unset=True,
    summary="Save a draft answer (autosave)",
    description=(
        '`{"answer": "..."}` for an open question, `{"choice": n}` for a choice question; '
        f"at least one of them not null. {schemas.ANSWER_RULES} "
        "Repeatable until the question is submitted, then 409. Answers the question, "
        "without its answer or explanation. 409 unless the interview is in progress."
    ),
)
def session_answer_endpoint(
    request, interview_id: InterviewId, payload: schemas.AnswerIn, index: int = QUESTION_INDEX
):
    interview = _get_interview(request, interview_id)
    if payload.answer is None and payload.choice is None:
        raise ValidationError(
            {"body": ["Give answer (an open question) or choice (a choice one)."]}
        )
    session_save_answer(interview=interview, index=index, **_answer(payload))
    return question_out(interview, index, timezone.now())


@api.post(
    "/interviews/{interview_id}/questions/{index}/submit",
    response={200: schemas.SubmittedOut, **SESSION_ERRORS},
    by_alias=True,
    exclude_unset=True,
    summary="Submit an answer",
    description=(
        "The body, as the answer endpoint's, may be left out (or be null or {}) to submit "
        f"the saved draft. {schemas.ANSWER_RULES} A choice question needs a choice and an "
        "open one an answer that is not blank, given or saved, else a 400. "
        "A choice is graded at once: correct, score and "
        "explanation. An open answer returns its keyPoints and modelAnswer: tick the points "
        "it covered with the assessment endpoint, unless the AI evaluator assessed it "
        "(state assessed, comment); `message` says why the evaluator could not. 409 when "
        "the question was submitted already or the interview is not in progress."
    ),
)
def session_submit_endpoint(
    request,
    interview_id: InterviewId,
    index: int = QUESTION_INDEX,
    payload: schemas.SubmitIn = None,
):
    interview = _get_interview(request, interview_id)
    _question, message = session_submit(interview=interview, index=index, **_answer(payload))
    return {**question_out(interview, index, timezone.now()), "message": message}


@api.post(
    "/interviews/{interview_id}/questions/{index}/show",
    response={200: schemas.SessionQuestionOut, 409: schemas.Error, **ERRORS},
    by_alias=True,
    exclude_unset=True,
    summary="Show a question: make it the session's current one",
    description=(
        "Previous, next, skip or jump: the question's time runs from now, and the time of "
        "the one shown before stops. The session's `current` names it. 409 unless the "
        "interview is in progress."
    ),
)
def session_show_endpoint(request, interview_id: InterviewId, index: int = QUESTION_INDEX):
    interview = _get_interview(request, interview_id)
    session_go(interview=interview, index=index)
    return question_out(interview, index, timezone.now())


@api.post(
    "/interviews/{interview_id}/questions/{index}/assessment",
    response={200: schemas.SessionQuestionOut, **SESSION_ERRORS},
    by_alias=True,
    exclude_unset=True,
    summary="Tick the key points a submitted open answer covered",
    description=(
        '`{"pointsHit": [0, 2]}`: the numbers of its keyPoints. The score is the share of '
        "key points covered; ticking again replaces the ticks (and an AI evaluator's). 409 "
        "before the answer is submitted or unless the interview is in progress; 400 for a "
        "choice question."
    ),
)
def session_assessment_endpoint(
    request, interview_id: InterviewId, payload: schemas.AssessmentIn, index: int = QUESTION_INDEX
):
    interview = _get_interview(request, interview_id)
    session_assess(interview=interview, index=index, points_hit=payload.points_hit)
    return question_out(interview, index, timezone.now())


@api.post(
    "/interviews/{interview_id}/finish",
    response={
        200: schemas.PerformanceOut,
        201: schemas.PerformanceOut,
        409: schemas.Error,
        **ERRORS,
    },
    by_alias=True,
    summary="Finish the session and save its performance",
    description=(
        "Scores the session (a choice 100 or 0, an open answer the share of its key points "
        "covered, an unanswered question 0; a round the mean of its questions, the overall "
        f"score the mean of all; a question at {PASS_SCORE} or more is a correct answer), "
        "completes the interview and answers 201 with the performance. Finishing again "
        "answers 200 with the same performance. 409 for a ready interview."
    ),
)
def session_finish_endpoint(request, interview_id: InterviewId):
    interview = _get_interview(request, interview_id)
    return _saved(*session_finish(interview=interview))


# The weakness lifecycle and the next-session planner -----------------------------------


@api.get(
    "/weaknesses",
    response={200: schemas.WeaknessesOut, **ERRORS},
    by_alias=True,
    summary="Your recurring weaknesses and their status",
    description=(
        "Each improvement that recurs in sessions of one interview type, over your whole "
        "history (excluded performances left out), with its status, first and last seen. "
        f"Status: {schemas.WEAKNESS_STATUS}"
    ),
)
def weaknesses_endpoint(request):
    return history_report(request.auth)["weaknesses"]


@api.get(
    "/planner",
    response={200: schemas.PlanOut, **ERRORS},
    by_alias=True,
    summary="The next session the planner proposes, and why",
    description=(
        "The round type to practise (one never practised first; then the highest "
        "(100 - recent average) x (days since last practised + 1)), the questions of that "
        "round at your latest completed interview's level that are due for review, your open "
        "weaknesses there and the reasons in plain words. `ready` is false, with an "
        "invitation as the only reason, until you have completed an interview."
    ),
)
def planner_endpoint(request):
    user = request.auth
    return next_session(user=user, report=history_report(user))


@api.post(
    "/planner/start",
    response={201: schemas.InterviewOut, 409: schemas.Error, **BODY_ERRORS},
    by_alias=True,
    summary="Create and start the planned session",
    description=(
        "Creates an interview of the planned round type (or of `roundType`) with the job "
        "title, company and level of your latest completed interview that counts (not "
        "excluded), and starts it: its session asks the questions due for review first. The "
        "body may be left out (or be null or {}). 409 when you have no completed interview "
        "yet to take them from."
    ),
)
def planner_start_endpoint(request, payload: schemas.PlannedStartIn = None):
    round_type = payload.round_type if payload else None
    if round_type is not None and round_type not in RoundType.values:
        raise ValidationError({"round_type": [f"Choose one of {', '.join(RoundType.values)}."]})
    try:
        interview = planned_session_start(user=request.auth, round_type=round_type)
    except NothingToPlan as error:
        return error_response(request, 409, str(error), {"history": [str(error)]})
    return Status(201, interview_out(interview))


# Performances ----------------------------------------------------------------------------

PerformanceId = Annotated[str, Path(description=schemas.PERFORMANCE_ID)]


def _get_performance(request, performance_id):
    """The caller's performance with this id; 404 for a malformed, unknown or another's id."""
    try:
        # The performance page's lookup: by _id and userId, no sort.
        return Performance.objects.for_user(request.auth).get(pk=parse_id(performance_id))
    except (ValueError, Performance.DoesNotExist):
        raise NotFound("No performance of yours has this id.", "id") from None


@api.patch(
    "/performances/{performance_id}",
    response={200: schemas.PerformanceOut, **BODY_ERRORS},
    by_alias=True,
    summary="Exclude a performance from the statistics, or count it again",
    description=(
        '`{"excluded": true}` leaves the performance out of every statistic (the '
        "performance-stats `stats`, the dashboard, the performance page's figures) while it "
        'stays listed; `{"excluded": false}` counts it again. Answers the performance.'
    ),
)
def performance_change(
    request, performance_id: PerformanceId, payload: schemas.PerformanceChangeIn
):
    performance = _get_performance(request, performance_id)
    performance_set_excluded(performance=performance, excluded=payload.excluded)
    return performance_out(performance)


# The comparison with the previous comparable interview ---------------------------------


@api.get(
    "/interviews/{interview_id}/comparison",
    response={200: schemas.ComparisonOut, 409: schemas.Error, **ERRORS},
    by_alias=True,
    summary="How a completed interview compares with your previous comparable one",
    description=(
        "The changes since the latest interview of the same type completed before this one, "
        "preferring one at the same company: overall, per round and per question tag, as "
        "the feedback page shows them. Excluded interviews are never compared. 409 for an "
        "interview that is not completed."
    ),
)
def interview_comparison(request, interview_id: InterviewId):
    interview = _get_interview(request, interview_id)
    performance = None
    if interview.performance_id is not None:
        performance = (
            Performance.objects.for_user(request.auth)
            .filter(pk=interview.performance_id)
            .order_by()
            .first()
        )
    if performance is None:
        message = "This interview is not completed; it has no results to compare."
        return error_response(request, 409, message, {"status": [message]})
    found = comparison(performance, interview)
    previous = found["previous"]
    if previous is not None:
        previous = {
            "performance_id": str(previous.pk),
            "interview_id": str(previous.interview_id),
            "job_title": previous.job_title,
            "company_name": previous.company_name,
            "completed_at": previous.completed_at,
            "score": previous.score,
        }
    return {
        "interview_id": str(interview.pk),
        "performance_id": str(performance.pk),
        "excluded": found["excluded"],
        "previous": previous,
        "same_company": found["same_company"],
        "overall": found.get("overall"),
        "rounds": found.get("rounds", []),
        "tags": found.get("tags"),
    }


# Shared links --------------------------------------------------------------------------

SHARE_ERRORS = {**BODY_ERRORS, 409: schemas.Error}


def share_out(request, share, now=None):
    return {
        "id": str(share.pk),
        "kind": share.kind,
        "interview_id": _id(share.interview_id),
        "filters": share.filters(),
        "label": share.label,
        "url": request.build_absolute_uri(share.get_absolute_url()),
        "status": share.status(now),
        "created_at": share.created_at,
        "expires_at": share.expires_at,
        "revoked_at": share.revoked_at,
        "last_opened_at": share.last_opened_at,
        "open_count": share.open_count,
    }


def _share_settings(payload):
    """The days and label of a share, checked by the shares page's form."""
    form = ShareForm(payload.dict())
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    return form.cleaned_data


@api.get(
    "/shares",
    response={200: schemas.SharePage, **ERRORS},
    by_alias=True,
    summary="Your shared links",
    description="Newest first, expired and revoked ones included.",
)
def share_list(request, query: Query[schemas.PageQuery]):
    shares = Share.objects.for_user(request.auth).newest_first()
    now = timezone.now()
    return {
        "shares": [share_out(request, share, now) for share in _page(shares, query)],
        "count": shares.count(),
        "page": query.page,
        "limit": query.limit,
    }


@api.post(
    "/shares",
    response={201: schemas.ShareOut, **BODY_ERRORS},
    by_alias=True,
    summary="Share your history with a mentor",
    description=(
        "A read-only link to your performance history as the query parameters filter it "
        "(those of /api/performance-stats; none: every completed interview). Whoever opens "
        "the link sees what the filters match then, excluded performances left out."
    ),
)
def share_history_endpoint(
    request, filters: Query[schemas.ShareFiltersQuery], payload: schemas.ShareIn
):
    user = request.auth
    data = _filter_data(filters, exclude=())
    filterset = PerformanceFilter(data, queryset=Performance.objects.for_user(user), user=user)
    if not filterset.is_valid():
        raise QueryError(filterset)
    share = Share.create(user=user, query=history_query(data), **_share_settings(payload))
    return Status(201, share_out(request, share))


@api.post(
    "/interviews/{interview_id}/share",
    response={201: schemas.ShareOut, **SHARE_ERRORS},
    by_alias=True,
    summary="Share an interview's report with a mentor",
    description="A read-only link to the feedback of a completed interview (else a 409).",
)
def share_report_endpoint(request, interview_id: InterviewId, payload: schemas.ShareIn):
    interview = _get_interview(request, interview_id)
    if not interview.is_completed:
        raise TransitionError("Only a completed interview has a report to share.")
    share = Share.create(user=request.auth, interview=interview, **_share_settings(payload))
    return Status(201, share_out(request, share))


@api.post(
    "/shares/{share_id}/revoke",
    response={200: schemas.ShareOut, **ERRORS},
    by_alias=True,
    summary="Revoke a shared link",
    description="The link stops working at once. Revoking a revoked link changes nothing.",
)
def share_revoke_endpoint(
    request, share_id: Annotated[str, Path(description="The shared link's id.")]
):
    try:
        pk = parse_id(share_id)
    except ValueError:
        pk = None
    share = Share.objects.for_user(request.auth).filter(pk=pk).first() if pk else None
    if share is None:
        raise NotFound("No shared link of yours has this id.", "id")
    share.revoke()
    return share_out(request, share)


# The weekly goal and the streak -------------------------------------------------------


@api.get(
    "/goal",
    response={200: schemas.GoalOut, **ERRORS},
    by_alias=True,
    summary="Your weekly goal",
    description="`perWeek` is null when you have set no goal.",
)
def goal_detail(request):
    return {"per_week": Goal.objects.per_week(request.auth)}


@api.put(
    "/goal",
    response={200: schemas.GoalOut, **BODY_ERRORS},
    by_alias=True,
    summary="Set or change your weekly goal",
)
def goal_set(request, payload: schemas.GoalIn):
    Goal.objects.set_for(request.auth, payload.per_week)
    return {"per_week": payload.per_week}


@api.delete(
    "/goal",
    response={204: None, **ERRORS},
    by_alias=True,
    summary="Remove your weekly goal",
    description="204 whether or not you had one; the streak then counts weeks with an interview.",
)
def goal_delete(request):
    Goal.objects.for_user(request.auth).delete()
    return Status(204, None)


@api.get(
    "/progress",
    response={200: schemas.ProgressOut, **ERRORS},
    by_alias=True,
    summary="This week against your goal, and your streak",
    description=(
        "Counts every completed interview you have not excluded, on the day of its "
        "completedAt in the site's time zone; weeks run Monday to Sunday."
    ),
)
def progress_detail(request):
    user = request.auth
    report = history_report(user)
    return goals.progress(
        None,
        Goal.objects.per_week(user),
        timezone.localdate(),
        weeks=report["activity_weeks"],
    )


@api.get(
    "/activity",
    response={200: schemas.ActivityOut, **ERRORS},
    by_alias=True,
    summary="Your interviews per day",
    description=(
        "Every completed interview you have not excluded, counted on the day of its "
        "completedAt in the site's time zone."
    ),
)
def activity_detail(request):
    days = history_report(request.auth, days=True)["activity"]
    return {"time_zone": timezone.get_current_timezone_name(), "days": days}
