import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def start_django(**env):
    """Import the production settings in a fresh process with only `env` set."""
    environment = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "interviewprep.settings",
        "ENV_FILE": "/nonexistent/.env",
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize(
    ("env", "missing"),
    [
        ({"ALLOWED_HOSTS": "example.com"}, "SECRET_KEY must be set"),
        ({"SECRET_KEY": "x" * 50}, "ALLOWED_HOSTS must be set"),
        ({}, "SECRET_KEY and ALLOWED_HOSTS must be set"),
    ],
)
def test_production_start_up_stops_without_its_secrets(env, missing):
    result = start_django(DEBUG="false", **env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert missing in result.stderr


@pytest.mark.parametrize(
    "key", ["x" * 49, "change-me-to-a-long-random-string-of-at-least-50-characters"]
)
def test_production_refuses_a_short_or_example_secret_key(key):
    result = start_django(DEBUG="false", SECRET_KEY=key, ALLOWED_HOSTS="example.com")

    assert result.returncode != 0
    assert "SECRET_KEY must be a random string of at least 50 characters" in result.stderr


def test_development_accepts_any_secret_key():
    result = start_django(DEBUG="true", SECRET_KEY="short")
    assert result.returncode == 0, result.stderr


def test_production_starts_with_its_secrets():
    result = start_django(SECRET_KEY="x" * 50, ALLOWED_HOSTS="example.com")
    assert result.returncode == 0, result.stderr


def test_a_mongodb_uri_without_a_database_name_is_refused():
    result = start_django(DEBUG="true", MONGODB_URI="mongodb://127.0.0.1:27017/")
    assert "MONGODB_URI names no database" in result.stderr


def test_the_empty_lines_of_env_example_keep_the_defaults(tmp_path):
    """Copying .env.example to .env and filling in only the secret gives a working app."""
    env_file = tmp_path / ".env"
    example = (ROOT / ".env.example").read_text()
    secret = "SECRET_KEY=" + "k" * 50
    env_file.write_text(re.sub(r"(?m)^SECRET_KEY=.*$", secret, example))
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "print(settings.DATABASES['default']['NAME'])",
        ],
        cwd=ROOT,
        env={
            "PATH": os.environ["PATH"],
            "DJANGO_SETTINGS_MODULE": "interviewprep.settings",
            "ENV_FILE": str(env_file),
        },
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("var/db.sqlite3")
