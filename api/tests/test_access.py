"""Who may call the API: tokens, sessions with CSRF, and nobody else's data."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import ApiToken, hash_token
from api.tests.conftest import ApiClient
from api.tests.factories import results
from interviews.choices import Status
from interviews.models import Interview
from interviews.tests.factories import InterviewFactory
from performance.models import Performance
from performance.tests.factories import PerformanceFactory

INTERVIEW = {
    "jobTitle": "Backend Engineer",
    "companyName": "Acme",
    "interviewType": "technical",
    "experienceLevel": "mid",
}


def endpoints(interview_id):
    """Every operation, with a body each would accept, for an interview id."""
    save = {**results(), "interviewId": interview_id}
    return [
        ("GET", "/api/performance-stats", None),
        ("POST", "/api/save-performance", save),
        ("GET", "/api/user-interviews", None),
        ("DELETE", f"/api/delete-interview?id={interview_id}", None),
        ("GET", "/api/interviews", None),
        ("POST", "/api/interviews", INTERVIEW),
        ("GET", f"/api/interviews/{interview_id}", None),
        ("POST", f"/api/interviews/{interview_id}/start", None),
        ("POST", f"/api/interviews/{interview_id}/complete", results()),
        ("GET", f"/api/interviews/{interview_id}/session", None),
        ("PUT", f"/api/interviews/{interview_id}/questions/0/answer", {"answer": "x"}),
        ("POST", f"/api/interviews/{interview_id}/questions/0/submit", {"answer": "x"}),
        ("POST", f"/api/interviews/{interview_id}/questions/0/show", None),
        ("POST", f"/api/interviews/{interview_id}/questions/0/assessment", {"pointsHit": [0]}),
        ("POST", f"/api/interviews/{interview_id}/finish", None),
        ("DELETE", f"/api/interviews/{interview_id}", None),
        ("PATCH", f"/api/performances/{interview_id}", {"excluded": True}),
        ("GET", "/api/goal", None),
        ("PUT", "/api/goal", {"perWeek": 3}),
        ("DELETE", "/api/goal", None),
        ("GET", "/api/progress", None),
        ("GET", "/api/activity", None),
    ]


ENDPOINT_NAMES = [f"{method} {path}" for method, path, _ in endpoints("ID")]


@pytest.mark.parametrize("index", range(len(ENDPOINT_NAMES)), ids=ENDPOINT_NAMES)
def test_anonymous_requests_get_a_json_401_never_a_redirect(anonymous, user, index):
    interview = InterviewFactory(user=user, status=Status.IN_PROGRESS)
    method, path, body = endpoints(str(interview.pk))[index]

    response = anonymous.request(method, path, body)

    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["error"]
    assert Interview.objects.get(pk=interview.pk).status == Status.IN_PROGRESS
    assert Interview.objects.count() == 1


@pytest.mark.parametrize("index", range(len(ENDPOINT_NAMES)), ids=ENDPOINT_NAMES)
def test_a_revoked_token_gets_a_401(user, index):
    interview = InterviewFactory(user=user, status=Status.IN_PROGRESS)
    token, key = ApiToken.issue(user=user, name="Old script")
    token.delete()
    method, path, body = endpoints(str(interview.pk))[index]

    response = ApiClient(key).request(method, path, body)

    assert response.status_code == 401
    assert "revoked" in response.json()["error"]
    assert Interview.objects.get(pk=interview.pk).status == Status.IN_PROGRESS


@pytest.mark.parametrize(
    "header", ["Bearer ipt_not-a-real-token", "Bearer", "Token abc", "Basic dXNlcjpwYXNz"]
)
def test_an_unknown_or_malformed_authorization_header_gets_a_401(user, header):
    response = Client().get("/api/user-interviews", headers={"Authorization": header})

    assert response.status_code == 401


def test_a_bad_token_is_refused_even_with_a_logged_in_session(user, client):
    client.force_login(user)

    response = client.get(
        "/api/user-interviews", headers={"Authorization": "Bearer ipt_not-a-real-token"}
    )

    assert response.status_code == 401


def test_the_token_of_an_inactive_user_gets_a_401(user, api):
    user.is_active = False
    user.save()

    assert api.get("/api/user-interviews").status_code == 401


# The operations that name an interview, by their index in endpoints().
ID_INDEXES = [
    index
    for index, (_method, path, body) in enumerate(endpoints("ID"))
    if "ID" in path or (body and "interviewId" in body)
]


@pytest.mark.parametrize("index", ID_INDEXES, ids=[ENDPOINT_NAMES[i] for i in ID_INDEXES])
def test_another_users_interview_is_a_404_and_stays_untouched(api, other_user, index):
    theirs = InterviewFactory(user=other_user, status=Status.IN_PROGRESS)
    method, path, body = endpoints(str(theirs.pk))[index]

    response = api.request(method, path, body)

    assert response.status_code == 404
    assert response.json()["details"]
    theirs.refresh_from_db()
    assert theirs.status == Status.IN_PROGRESS
    assert not Performance.objects.exists()


def test_another_users_token_sees_only_their_own_data(api, other_api, user):
    mine = PerformanceFactory(user=user)
    InterviewFactory(user=user)

    assert other_api.get("/api/user-interviews").json()["count"] == 0
    assert other_api.get("/api/performance-stats").json()["count"] == 0
    assert other_api.get("/api/interviews").json()["count"] == 0
    assert other_api.get(f"/api/interviews/{mine.interview_id}").status_code == 404
    assert api.get(f"/api/interviews/{mine.interview_id}").status_code == 200


def test_tokens_are_stored_hashed_and_record_their_last_use(user, token_key):
    token = ApiToken.objects.get(user=user)
    assert token.key_hash == hash_token(token_key)
    assert token_key not in token.key_hash
    assert token.last_used_at is None

    ApiClient(token_key).get("/api/user-interviews")

    token.refresh_from_db()
    assert token.last_used_at is not None


# Session authentication ---------------------------------------------------------------


@pytest.fixture
def browser(user):
    """A logged-in browser whose unsafe requests must carry the CSRF token."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    client.get(reverse("dashboard:index"))  # sets the csrftoken cookie
    return client


def test_a_logged_in_browser_can_read_without_a_csrf_token(browser, user):
    InterviewFactory(user=user)

    response = browser.get("/api/user-interviews")

    assert response.status_code == 200
    assert response.json()["count"] == 1


def test_session_post_without_the_csrf_token_is_refused(browser):
    response = browser.post("/api/interviews", json.dumps(INTERVIEW), "application/json")

    assert response.status_code == 403
    assert "CSRF" in response.json()["error"]
    assert list(response.json()["details"]) == ["X-CSRFToken"]
    assert not Interview.objects.exists()


def test_session_delete_without_the_csrf_token_is_refused(browser, user):
    interview = InterviewFactory(user=user)

    for path in (f"/api/delete-interview?id={interview.pk}", f"/api/interviews/{interview.pk}"):
        response = browser.delete(path)
        assert response.status_code == 403
    assert Interview.objects.filter(pk=interview.pk).exists()


def test_session_post_and_delete_with_the_csrf_token_succeed(browser, user):
    headers = {"X-CSRFToken": browser.cookies["csrftoken"].value}

    created = browser.post(
        "/api/interviews", json.dumps(INTERVIEW), "application/json", headers=headers
    )
    interview_id = created.json()["id"]
    deleted = browser.delete(f"/api/delete-interview?id={interview_id}", headers=headers)

    assert created.status_code == 201
    assert deleted.status_code == 200
    assert not Interview.objects.exists()


def test_token_requests_need_no_csrf_token(token_key):
    client = ApiClient(token_key, client=Client(enforce_csrf_checks=True))

    response = client.post("/api/interviews", INTERVIEW)

    assert response.status_code == 201


def test_the_schema_and_the_docs_are_public(anonymous):
    schema = anonymous.get("/api/openapi.json")
    docs = Client().get("/api/docs")

    assert schema.status_code == 200
    assert "/api/save-performance" in schema.json()["paths"]
    assert docs.status_code == 200
    assert b"swagger-ui" in docs.content
