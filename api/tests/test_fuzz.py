"""A property-based fuzz run of every operation against the published OpenAPI schema.

schemathesis generates requests from the schema (valid ones and, in its negative mode,
invalid ones), sends them in process through Django's WSGI application with a personal
token, and checks each response: no 5xx, a documented status code and content type,
and a body that matches the schema. The run is bounded (examples per operation, no
shrinking beyond hypothesis's defaults, a fixed seed) so that it stays well under a
minute on either backend, and prints how many requests it sent.
"""

import itertools
from collections import Counter

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from accounts.models import ApiToken
from api.tests.conftest import FUZZ_REQUESTS
from interviews.choices import Status
from interviews.models import Question
from interviews.services import interview_start
from interviews.tests.factories import InterviewFactory, QuestionFactory, UserFactory
from performance.tests.factories import PerformanceFactory

EXAMPLES_PER_OPERATION = 30
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
]

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())
schema.config.generation.update(modes=["positive", "negative"], deterministic=True)
# A body over the size limit (api/parser.py) is refused with 413 before its fields are read:
# for a value too long to fit (an answer of 20,001 escaped characters) that is the rejection.
rejection = schema.config.checks.negative_data_rejection
rejection.expected_statuses = [*rejection.expected_statuses, "413"]


@pytest.fixture
def wsgi_keeps_the_test_connection():
    # Django's WSGI handler closes the database connection after each request, which
    # would close the test's transaction; Django's own test client detaches it the same way.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def fuzz_setup(db, wsgi_keeps_the_test_connection, request):
    """A user with a token, some history and interviews in each state, and one id to aim at.

    The bank is one choice and one open question, so that every session started here has
    exactly two questions to aim at.
    """
    Question.objects.all().delete()
    QuestionFactory(kind="choice", choices=["A", "B", "C"], answer_index=1, key_points=[])
    QuestionFactory()
    user = UserFactory()
    _token, key = ApiToken.issue(user=user, name="Fuzzer")
    PerformanceFactory.create_batch(3, user=user)
    InterviewFactory(user=user, status=Status.IN_PROGRESS)
    return {
        "headers": {"Authorization": f"Bearer {key}"},
        "user": user,
        "turn": itertools.count(),
        "sent": request.config.stash.setdefault(FUZZ_REQUESTS, Counter()),
    }


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_the_api_honours_its_schema_for_generated_requests(case, fuzz_setup):
    # Half the cases that name an interview aim at a real one of the caller's, ready or
    # with its session in progress, so that every operation is exercised past the 404;
    # a question index that is a valid number then names one of its two questions.
    parameters = case.path_parameters or {}
    if "interview_id" in parameters and next(fuzz_setup["turn"]) % 2:
        interview = InterviewFactory(user=fuzz_setup["user"])
        if next(fuzz_setup["turn"]) % 2:
            interview_start(interview=interview)
        parameters["interview_id"] = str(interview.pk)
        index = parameters.get("index")
        if isinstance(index, int) and not isinstance(index, bool) and index >= 0:
            parameters["index"] = index % 2
    documented = case.method.upper() == case.operation.method.upper()
    fuzz_setup["sent"][f"{case.method} {case.path}" if documented else "other methods"] += 1
    case.call_and_validate(headers=fuzz_setup["headers"], checks=CHECKS)
