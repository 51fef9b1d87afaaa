"""Security headers on every HTML page, no inline script or style in them, and a production
configuration that `manage.py check --deploy` accepts."""

import logging
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import ApiToken
from interviews.choices import Status
from interviews.services import interview_start
from interviews.tests.factories import InterviewFactory, QuestionFactory
from performance.tests.factories import PerformanceFactory

ROOT = Path(__file__).resolve().parents[2]

ANONYMOUS_PAGES = [
    "login",
    "signup",
    "password_reset",
    "password_reset_done",
    "password_reset_complete",
]
SIGNED_IN_PAGES = [
    "dashboard:index",
    "dashboard:goal",
    "interviews:new",
    "performance:history",
    "api_tokens",
    "api:docs",
    "password_change",
    "password_change_done",
]

# A <script> element with code in it (not a src= file, not json_script's JSON data), an inline
# event handler, a style attribute or a <style> element: all refused by the policy.
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\b(src|type=\"application/json\")=?)[^>]*>", re.I)
INLINE_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)
INLINE_STYLE = re.compile(r"<style\b|<[^>]+\sstyle\s*=", re.I)


def assert_secure_html(response):
    assert response.status_code in (200, 404), response.status_code
    assert response["Content-Type"].startswith("text/html")
    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["form-action"] == "'self'"
    assert directives["base-uri"] == "'self'"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    html = response.content.decode()
    assert not INLINE_SCRIPT.search(html), INLINE_SCRIPT.search(html).group(0)
    assert not INLINE_HANDLER.search(html), INLINE_HANDLER.search(html).group(0)
    assert not INLINE_STYLE.search(html), INLINE_STYLE.search(html).group(0)


@pytest.mark.django_db
@pytest.mark.parametrize("name", ANONYMOUS_PAGES)
def test_pages_before_log_in_send_the_security_headers_and_no_inline_code(client, name):
    assert_secure_html(client.get(reverse(name)))


@pytest.mark.parametrize("name", SIGNED_IN_PAGES)
def test_signed_in_pages_send_the_security_headers_and_no_inline_code(client_for, user, name):
    assert_secure_html(client_for(user).get(reverse(name)))


def test_interview_pages_send_the_security_headers_and_no_inline_code(client_for, user):
    client = client_for(user)
    in_progress = InterviewFactory(user=user, status=Status.IN_PROGRESS)
    performance = PerformanceFactory(user=user)
    InterviewFactory(user=user)  # a ready one, so the dashboard shows its start button
    QuestionFactory()
    practising = InterviewFactory(user=user, interview_type="technical", experience_level="mid")
    interview_start(interview=practising)

    for url in [
        reverse("dashboard:index"),
        reverse("interviews:session", args=[practising.pk]),
        reverse("interviews:session_finish", args=[practising.pk]),
        reverse("interviews:complete", args=[in_progress.pk]),
        reverse("interviews:delete", args=[in_progress.pk]),
        reverse("interviews:feedback", args=[performance.interview_id]),
        reverse("performance:history"),
        reverse("performance:detail", args=[performance.pk]),
    ]:
        assert_secure_html(client.get(url))


def test_a_form_with_errors_sends_the_security_headers_and_no_inline_code(client_for, user):
    interview = InterviewFactory(user=user, status=Status.IN_PROGRESS)

    response = client_for(user).post(
        reverse("interviews:complete", args=[interview.pk]), {"total_questions": "x"}
    )

    assert "form-control is-invalid" in response.content.decode()
    assert_secure_html(response)


def test_the_not_found_page_sends_the_security_headers(client_for, user):
    response = client_for(user).get("/no-such-page/")

    assert response.status_code == 404
    assert_secure_html(response)


def run_production(code, *args, **env):
    """Run manage.py in a fresh process with production settings and only `env` set."""
    environment = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "interviewprep.settings",
        "ENV_FILE": "/nonexistent/.env",
        "SECRET_KEY": "k3y-" + "x7Qz!" * 12,
        "ALLOWED_HOSTS": "prep.example.com",
        **env,
    }
    command = [sys.executable, "manage.py", *args]
    if code:
        command += ["shell", "--no-imports", "-c", code]
    return subprocess.run(command, cwd=ROOT, env=environment, capture_output=True, text=True)


def test_check_deploy_reports_nothing_for_production_behind_https():
    result = run_production(
        "", "check", "--deploy", "--fail-level", "DEBUG", DEBUG="false", HTTPS="true"
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_names_the_https_settings_when_https_is_off():
    result = run_production("", "check", "--deploy", DEBUG="false", HTTPS="false")

    output = result.stdout + result.stderr
    for check in ["security.W004", "security.W008", "security.W012", "security.W016"]:
        assert check in output


# "/" only redirects, so no template (and no collected static file) is needed to serve it.
SERVE = """
from django.conf import settings
from django.test import Client
client = Client(HTTP_HOST="prep.example.com")
plain = client.get("/")
print("plain", plain.status_code, plain["Location"])
proxied = client.get("/", HTTP_X_FORWARDED_PROTO="https")
print("https", proxied.status_code, proxied.get("Strict-Transport-Security"))
print("secure cookies", settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE)
"""


def test_https_on_redirects_plain_http_sends_hsts_and_secures_cookies():
    result = run_production(SERVE, DEBUG="false", HTTPS="true")

    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "plain 301 https://prep.example.com/" in lines
    assert "https 302 max-age=31536000; includeSubDomains" in lines
    assert "secure cookies True True" in lines


def test_https_off_serves_plain_http_without_hsts():
    result = run_production(SERVE, DEBUG="false", HTTPS="false")

    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "plain 302 /accounts/login/?next=/" in lines
    assert "https 302 None" in lines
    assert "secure cookies False False" in lines


def test_personal_pages_the_csv_and_the_api_are_never_cached(client_for, user):
    PerformanceFactory(user=user)
    _token, key = ApiToken.issue(user=user, name="Cache check")
    api = Client(headers={"Authorization": f"Bearer {key}"})
    browser = client_for(user)

    for response in [
        browser.get(reverse("dashboard:index")),
        browser.get(reverse("performance:history")),
        browser.get(reverse("performance:export")),
        api.get("/api/performance-stats"),
        api.get("/api/interviews/not-an-id"),
    ]:
        directives = {part.strip() for part in response["Cache-Control"].split(",")}
        assert {"private", "no-store"} <= directives, response.request["PATH_INFO"]


def test_a_request_for_an_unknown_host_is_logged_as_one_line(db, caplog):
    with caplog.at_level(logging.WARNING, logger="django.security"):
        response = Client(HTTP_HOST="attacker.example").get(reverse("login"))

    assert response.status_code == 400
    (record,) = [r for r in caplog.records if r.name == "django.security.DisallowedHost"]
    assert "attacker.example" in record.getMessage()
    assert record.exc_info is None
    assert "\n" not in logging.Formatter().format(record)
