"""The cache every worker and machine shares: the database's by default, Redis by CACHE_URL.

The tests run against the cache the suite is configured with: a table on SQLite, a
collection on MongoDB (interviewprep/caches.py).
"""

import os
import shutil
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import environ
import pytest
from django.core.cache import cache, caches
from django.db import connection
from django.urls import reverse

from interviewprep.db import IS_MONGODB

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def another_worker(db):
    """The cache as a second gunicorn worker (or machine) has it: its own client object."""
    return caches.create_connection("default")


def test_the_default_cache_is_in_the_apps_database(db):
    expected = "MongoDBCache" if IS_MONGODB else "DatabaseCache"
    assert type(caches["default"]).__name__ == expected


def test_values_round_trip(db):
    cache.set("report", {"scores": [70.5, 80], "title": "Backend"}, 60)
    cache.set("count", 7, 60)

    assert cache.get("report") == {"scores": [70.5, 80], "title": "Backend"}
    assert cache.get("count") == 7
    assert cache.get("missing", "default") == "default"
    assert cache.has_key("count")
    assert not cache.has_key("missing")


def test_several_values_are_read_at_once_expired_and_missing_ones_left_out(db):
    cache.set_many({"report": {"count": 3}, "days": {"2026-03-02": 1}, "count": 4}, 60)
    cache.set("gone", "old", -1)

    found = cache.get_many(["report", "days", "count", "gone", "missing"])

    assert found == {"report": {"count": 3}, "days": {"2026-03-02": 1}, "count": 4}


def test_a_value_set_by_one_worker_is_read_by_another(another_worker):
    cache.set("report", [1, 2, 3], 60)
    assert another_worker.get("report") == [1, 2, 3]

    another_worker.delete("report")
    assert cache.get("report") is None


def test_add_keeps_a_live_value_and_replaces_an_expired_one(db):
    assert cache.add("key", "first", 60)
    assert not cache.add("key", "second", 60)
    assert cache.get("key") == "first"

    cache.set("old", "stale", timeout=0)  # expired at once
    assert cache.get("old") is None
    assert cache.add("old", "fresh", 60)
    assert cache.get("old") == "fresh"


def test_increments_count_from_every_worker(another_worker):
    cache.add("attempts", 0, 60)
    assert cache.incr("attempts") == 1
    assert another_worker.incr("attempts") == 2
    assert cache.incr("attempts", 5) == 7
    with pytest.raises(ValueError, match="not found"):
        cache.incr("never-set")


def test_touch_and_clear(db):
    cache.set("key", "value", 60)
    assert cache.touch("key", 120)
    assert not cache.touch("missing", 120)

    cache.clear()

    assert cache.get("key") is None


@pytest.mark.django_db(transaction=True)
def test_concurrent_increments_from_many_workers_are_all_counted():
    # What the sign-in throttle needs: two workers counting at once must add two.
    cache.add("attempts", 0, 60)

    def count_five(_):
        worker = caches.create_connection("default")
        try:
            for _ in range(5):
                worker.incr("attempts")
        finally:
            connection.close()  # this thread's database connection

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(count_five, range(16)))

    assert cache.get("attempts") == 16 * 5


def start_django(code, **env):
    environment = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "interviewprep.settings",
        "ENV_FILE": "/nonexistent/.env",
        "DEBUG": "true",
        **env,
    }
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize(
    ("env", "backend"),
    [
        ({}, "interviewprep.caches.DatabaseCache"),
        (
            {"MONGODB_URI": "mongodb://127.0.0.1:1/interviewprep"},
            "interviewprep.caches.MongoDBCache",
        ),
        ({"CACHE_URL": "redis://127.0.0.1:6379/2"}, "django.core.cache.backends.redis.RedisCache"),
    ],
)
def test_cache_url_chooses_the_cache_and_each_database_has_a_default(env, backend):
    result = start_django(
        "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])", **env
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == backend


def test_migrate_makes_the_cache_table(db):
    if IS_MONGODB:
        pytest.skip("the MongoDB cache's collection is made on first use")
    assert "django_cache" in connection.introspection.table_names()


# Redis: the same throttle through CACHE_URL, against Debian's redis-server (.ci/run
# installs it). Without it the test is skipped here, but in CI it must run.
REDIS_SERVER = shutil.which("redis-server")


@pytest.fixture
def redis_url(tmp_path):
    if not REDIS_SERVER:
        if os.environ.get("CI"):
            pytest.fail("redis-server is missing in CI")
        pytest.skip("redis-server is not installed (apt-get install redis-server)")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen(
        [REDIS_SERVER, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--dir", tmp_path],
        stdout=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait()


def test_sign_in_is_throttled_through_redis(redis_url, settings, client, db):
    settings.CACHES = {"default": environ.Env.cache_url_config(redis_url)}
    first, second = caches.create_connection("default"), caches.create_connection("default")
    first.add("attempts", 0, 60)
    first.incr("attempts")
    assert second.incr("attempts") == 2

    statuses = [
        client.post(reverse("login"), {"username": "alice", "password": "x"}).status_code
        for _ in range(11)
    ]

    assert statuses == [200] * 10 + [429]
    assert any(key.startswith(b":1:rl:") for key in first._cache.get_client().keys("*"))
