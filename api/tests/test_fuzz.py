"""A property-based fuzz run of every operation against the published OpenAPI schema.

schemathesis generates requests from the schema (valid ones and, in its negative mode,
invalid ones), sends them in process through Django's WSGI application with a personal
token, and checks each response: no 5xx, a documented status code and content type,
a body that matches the schema, every valid request accepted (no 400, 413 or 415 for a
request the schema allows) and every invalid one refused. api/tests/fuzzing.py makes the
requests obey the rules the schema states only in words, and aims half of those that
name an interview at a real one. The run is bounded (examples per operation, no
shrinking beyond hypothesis's defaults, a fixed seed) so that it stays well under a
minute on either backend, and prints how many requests it sent.
"""

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
    positive_data_acceptance,
    response_schema_conformance,
    status_code_conformance,
)

from accounts.models import ApiToken
from api.tests.conftest import FUZZ_REQUESTS
from api.tests.fuzzing import SCHEMA_URL, Fuzzer, fuzzing
from interviews.choices import Status
from interviews.models import Question
from interviews.tests.factories import InterviewFactory, QuestionFactory, UserFactory
from performance.tests.factories import PerformanceFactory

EXAMPLES_PER_OPERATION = 30
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
    positive_data_acceptance,
]

schema = schemathesis.openapi.from_wsgi(SCHEMA_URL, get_wsgi_application())
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
def fuzzer(db, wsgi_keeps_the_test_connection, request):
    """A user with a token, some history and an interview in progress, preparing requests.

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
    fuzzer = Fuzzer(user)
    fuzzer.headers = {"Authorization": f"Bearer {key}"}
    with fuzzing(fuzzer):
        yield fuzzer
    request.config.stash.setdefault(FUZZ_REQUESTS, Counter()).update(fuzzer.sent)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_the_api_honours_its_schema_for_generated_requests(case, fuzzer):
    # Valid requests (as the schema and its descriptions define them) are accepted, and
    # invalid ones refused, with no 5xx and a documented response.
    case.call_and_validate(headers=fuzzer.headers, checks=CHECKS)
