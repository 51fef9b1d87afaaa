import json

import pytest
from django.test import Client

from accounts.models import ApiToken


class ApiClient:
    """A test client that sends a personal API token and JSON bodies."""

    def __init__(self, key=None, client=None):
        self.client = client or Client()
        self.headers = {"Authorization": f"Bearer {key}"} if key else {}

    def request(self, method, path, body=None, *, raw=None, content_type="application/json"):
        data = raw if raw is not None else ("" if body is None else json.dumps(body))
        return self.client.generic(
            method, path, data, content_type=content_type, headers=self.headers
        )

    def get(self, path, params=None):
        return self.client.get(path, params or {}, headers=self.headers)

    def post(self, path, body=None, **kwargs):
        return self.request("POST", path, body, **kwargs)

    def delete(self, path, body=None, **kwargs):
        return self.request("DELETE", path, body, **kwargs)


@pytest.fixture
def token_key(user):
    _token, key = ApiToken.issue(user=user, name="Test script")
    return key


@pytest.fixture
def api(token_key):
    """The API as `user`, through a personal token."""
    return ApiClient(token_key)


@pytest.fixture
def other_api(other_user):
    _token, key = ApiToken.issue(user=other_user, name="Other script")
    return ApiClient(key)


@pytest.fixture
def anonymous():
    return ApiClient()


# Requests sent by the fuzz run (test_fuzz.py), by operation; reported after the run.
FUZZ_REQUESTS = pytest.StashKey()


def pytest_terminal_summary(terminalreporter, config):
    sent = config.stash.get(FUZZ_REQUESTS, None)
    if sent:
        probes = sent.get("other methods", 0)
        operations = {name: count for name, count in sent.items() if name != "other methods"}
        by_operation = ", ".join(f"{name}: {count}" for name, count in sorted(operations.items()))
        terminalreporter.write_line(
            f"API fuzz run: {sum(sent.values())} requests sent, {sum(operations.values())} "
            f"over {len(operations)} operations ({by_operation}) and {probes} with a method "
            "no operation has"
        )
