"""Saving one interview's performance many times, one after another or all at once."""

import threading

import pytest
from django.db import connection

from accounts.models import ApiToken
from api.tests.conftest import ApiClient
from api.tests.factories import results
from interviews.choices import Status
from interviews.models import Interview
from interviews.tests.factories import InterviewFactory, UserFactory
from performance.models import Performance


def test_repeated_saves_keep_exactly_one_performance(api, user):
    interview = InterviewFactory(user=user, status=Status.IN_PROGRESS)
    body = {**results(), "interviewId": str(interview.pk)}

    statuses = [api.post("/api/save-performance", body).status_code for _ in range(5)]

    assert statuses == [201, 200, 200, 200, 200]
    assert Performance.objects.count() == 1


@pytest.mark.parametrize("start", [Status.READY, Status.IN_PROGRESS])
@pytest.mark.django_db(transaction=True)
def test_concurrent_saves_make_exactly_one_performance_and_no_server_error(start):
    user = UserFactory()
    _token, key = ApiToken.issue(user=user, name="Concurrent script")
    interview = InterviewFactory(user=user, status=start)
    workers = 4
    barrier = threading.Barrier(workers)
    responses, failures = [], []

    def save(score):
        try:
            client = ApiClient(key)
            barrier.wait()
            body = {**results(score=score), "interviewId": str(interview.pk)}
            responses.append(client.post("/api/save-performance", body))
        except Exception as error:
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(10 * n,)) for n in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    assert sorted(response.status_code for response in responses) == [200] * (workers - 1) + [201]
    saved = Performance.objects.get()
    assert {response.json()["id"] for response in responses} == {str(saved.pk)}
    assert {response.json()["score"] for response in responses} == {saved.score}
    interview = Interview.objects.get(pk=interview.pk)
    assert interview.status == Status.COMPLETED
    assert interview.performance_id == saved.pk
