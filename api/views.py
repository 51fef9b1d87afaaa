"""The JSON API: the specification's four endpoints and the integration API under /interviews.

Every write goes through interviews/services.py and every value through
interviews/validation.py, as the pages do. Errors are always
`{"error": "...", "details": {"<field>": ["..."]}}`.
"""

from django.core.exceptions import RequestDataTooBig, ValidationError
from django.http import Http404
from django.http.request import RawPostDataException
from ninja import NinjaAPI, Query, Status
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as SchemaError
from ninja.renderers import JSONRenderer

from api import schemas
from api.auth import CsrfFailed, SessionAuth, TokenAuth
from api.parser import MAX_BODY_BYTES, BodyError, StrictJSONParser
from interviewprep.db import parse_id
from interviews.documents import to_camel
from interviews.filters import InterviewFilter
from interviews.models import Interview
from interviews.services import (
    TransitionError,
    interview_complete,
    interview_create,
    interview_delete,
    interview_save_results,
    interview_start,
)
from performance.filters import PerformanceFilter
from performance.models import Performance
from performance.reporting import filtered_report


class StrictJSONRenderer(JSONRenderer):
    # NaN and Infinity are not JSON: refuse to write them rather than emit them.
    json_dumps_params = {"allow_nan": False}


api = NinjaAPI(
    title="Interview Prep API",
    version="1",
    description=(
        "Your interviews and performances as JSON. Authenticate with a personal API token "
        "(`Authorization: Bearer <token>`, created on the API tokens page, /accounts/tokens/) "
        "or, from the browser, with your session (unsafe methods then need the `X-CSRFToken` "
        "header)."
    ),
    auth=[TokenAuth(), SessionAuth()],
    parser=StrictJSONParser(),
    renderer=StrictJSONRenderer(),
    urls_namespace="api",
    docs_url=None,
    openapi_url="/openapi.json",
)

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


# Lookups and output ------------------------------------------------------------------


def _get_interview(request, interview_id, *, field="id"):
    """The caller's interview with this id; 404 for a malformed, unknown or another's id."""
    try:
        pk = parse_id(interview_id)
    except ValueError:
        pk = None
    interview = (
        Interview.objects.for_user(request.auth).filter(pk=pk).first() if pk is not None else None
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
    }


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
        'The interview\'s id as `?id=` or as the JSON body `{"interviewId": ...}`. '
        "Its performance, if any, is deleted with it."
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
def interview_detail(request, interview_id: str):
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
def interview_start_endpoint(request, interview_id: str):
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
def interview_complete_endpoint(request, interview_id: str, payload: schemas.CompleteIn):
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
def interview_delete_endpoint(request, interview_id: str):
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
        "performance matching the filters; one page of those performances; their `count`."
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
        # The report has counted the matches; no second COUNT query.
        "count": count,
        "page": query.page,
        "limit": query.limit,
    }
