"""Benchmark of a person's pages among many people's histories, on SQLite.

    .venv/bin/python scripts/bench_scale.py [--people 1000] [--per-person 1000]
        [--cold-sizes 5000,100000] [--runs 21]

Seeds a throwaway SQLite file (never var/db.sqlite3) by bulk inserts straight into its
tables: `--people` people with `--per-person` completed interviews each (1,000 x 1,000 =
1 M performances), a person with 20, and one person per `--cold-sizes` size. Then prints
the median (p50) in-process time and the query count of:
- the dashboard, the performance page with its report cached (warm) and the stats API
  (GET /api/performance-stats) for one of the many people, against the same for the
  person with 20 (goal: within 1.5x);
- the performance page when its report must be computed (cold) for the people of
  `--cold-sizes` (goals: p50 <= 80 ms at 5,000 and <= 1.5 s at 100,000).
"""

import argparse
import json
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from scripts.benchmarks import configure  # noqa: E402

COLD_GOALS_MS = {5000: 80, 100000: 1500}
WARM_GOAL_RATIO = 1.5
TEMPLATES = 5000
BATCH = 20_000


def templates(now):
    """Completed interviews as the demo builds them, encoded once as their stored columns."""
    from interviews.demo import build_history

    encoded = []
    for record in build_history(count=TEMPLATES, now=now, rng=random.Random(14)):
        interview, results = record.interview, record.results
        encoded.append(
            (
                interview["job_title"],
                interview["company_name"],
                interview["interview_type"],
                interview["experience_level"],
                results["total_questions"],
                results["correct_answers"],
                results["score"],
                results["time_spent"],
                json.dumps(results["feedback"].to_document()),
                json.dumps([item.to_document() for item in results["round_results"]]),
            )
        )
    return encoded


def stored_time(moment):
    """A datetime as Django stores it in SQLite: UTC, without its zone."""
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(" ")


def seed(database, people, now):
    """Insert `people` ({username: performances}) in bulk; {username: user id}."""
    from django.contrib.auth.hashers import make_password

    pool = templates(now)
    password = make_password("benchmark-pass")
    from django.db import connection as django_connection

    django_connection.close()
    connection = sqlite3.connect(database)
    connection.execute("PRAGMA synchronous = OFF")
    joined = now.astimezone(UTC).replace(tzinfo=None).isoformat(" ")
    connection.executemany(
        "INSERT INTO auth_user (username, password, is_superuser, first_name, last_name, "
        "email, is_staff, is_active, date_joined) VALUES (?, ?, 0, '', '', '', 0, 1, ?)",
        [(username, password, joined) for username in people],
    )
    ids = dict(connection.execute("SELECT username, id FROM auth_user"))
    next_id = 1
    interviews, performances = [], []

    def flush():
        connection.executemany(
            'INSERT INTO interviews (id, "userId", "jobTitle", "companyName", "interviewType", '
            '"experienceLevel", status, "createdAt", "completedAt", "performanceId", questions, '
            "current, revision) VALUES (?, ?, ?, ?, ?, ?, 'completed', ?, ?, ?, '[]', 0, 0)",
            interviews,
        )
        connection.executemany(
            'INSERT INTO performances (id, "userId", "interviewId", "jobTitle", "companyName", '
            '"interviewType", "experienceLevel", "completedAt", "totalQuestions", '
            '"correctAnswers", score, "timeSpent", feedback, "roundResults", "scoredBy", '
            "revision) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'manual', 0)",
            performances,
        )
        connection.commit()
        interviews.clear()
        performances.clear()

    # People in turn, a slice of each at a time, so that a person's rows are spread over
    # the file as they would be after years of use.
    rng = random.Random(1)
    remaining = dict(people)
    while remaining:
        for username in list(remaining):
            count = people[username]
            left = remaining[username]
            step = min(left, 100)
            for position in range(count - left, count - left + step):
                row = pool[rng.randrange(TEMPLATES)]
                # Oldest first, one every six hours, the newest an hour ago.
                completed = now - timedelta(hours=1 + 6 * (count - 1 - position))
                finished = stored_time(completed)
                created = stored_time(completed - timedelta(hours=1))
                interviews.append((next_id, ids[username], *row[:4], created, finished, next_id))
                performances.append((next_id, ids[username], next_id, *row[:4], finished, *row[4:]))
                next_id += 1
            if left == step:
                del remaining[username]
            else:
                remaining[username] = left - step
            if len(performances) >= BATCH:
                flush()
    flush()
    connection.execute("ANALYZE")
    connection.commit()
    connection.close()
    return {username: ids[username] for username in people}


def timed(call, runs):
    """Median milliseconds of `call()` over `runs`, after one warm-up call."""
    call()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def query_count(call):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        call()
    return len(captured)


def requests_of(user_id):
    """The dashboard, the warm performance page and the stats API of this person."""
    from django.contrib.auth.models import User
    from django.test import Client

    from accounts.models import ApiToken

    user = User.objects.get(pk=user_id)
    browser = Client()
    browser.force_login(user)
    _token, key = ApiToken.issue(user=user, name="Benchmark")
    api = Client(headers={"Authorization": f"Bearer {key}"})

    def get(client, url):
        def call():
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        return call

    return {
        "dashboard": get(browser, "/dashboard/"),
        "performance page (warm)": get(browser, "/performance/"),
        "stats API": get(api, "/api/performance-stats"),
    }


def cold_page(user_id, runs):
    """Median milliseconds and query count of the performance page with no report cached."""
    from django.contrib.auth.models import User
    from django.core.cache import cache
    from django.test import Client

    browser = Client()
    browser.force_login(User.objects.get(pk=user_id))

    def call():
        cache.clear()
        response = browser.get("/performance/")
        assert response.status_code == 200, response.status_code

    call()
    samples = []
    for _ in range(runs):
        cache.clear()
        start = time.perf_counter()
        response = browser.get("/performance/")
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    return statistics.median(samples), query_count(call) - 1  # less the cache's own clear


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--per-person", type=int, default=1000)
    parser.add_argument("--cold-sizes", default="5000,100000")
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()
    cold_sizes = [int(size) for size in args.cold_sizes.split(",") if size]

    with tempfile.TemporaryDirectory(prefix="bench-scale-") as folder:
        database = Path(folder) / "bench.sqlite3"
        configure(database)
        now = datetime.now(UTC).replace(microsecond=0)
        people = {f"person-{number}": args.per_person for number in range(args.people)}
        people["person-20"] = 20
        people.update({f"history-{size}": size for size in cold_sizes})
        started = time.perf_counter()
        ids = seed(database, people, now)
        total = sum(people.values())
        print(
            f"Seeded {len(people):,} people, {total:,} performances, in "
            f"{time.perf_counter() - started:.0f} s (SQLite {sqlite3.sqlite_version} file in "
            f"{folder}); {args.runs} runs per figure."
        )

        print(
            f"\nOne person among {args.people:,} x {args.per_person:,} against the person with "
            f"20 (goal: within {WARM_GOAL_RATIO}x)"
        )
        many = requests_of(ids[f"person-{args.people // 2}"])
        few = requests_of(ids["person-20"])
        for name in many:
            small = timed(few[name], args.runs)
            large = timed(many[name], args.runs)
            ratio = large / small
            verdict = "within" if ratio <= WARM_GOAL_RATIO else "OVER"
            print(
                f"  {name:<24} 20: p50 {small:6.1f} ms, {query_count(few[name])} queries;"
                f"  {args.per_person:,}: p50 {large:6.1f} ms, "
                f"{query_count(many[name])} queries;  x{ratio:.2f} {verdict}"
            )

        print("\nThe performance page with its report computed (cold)")
        for size in cold_sizes:
            runs = args.runs if size <= 5000 else max(3, args.runs // 4)
            median, queries = cold_page(ids[f"history-{size}"], runs)
            goal = COLD_GOALS_MS.get(size)
            verdict = ""
            if goal:
                verdict = f"  (goal {goal} ms) {'within' if median <= goal else 'OVER'}"
            print(f"  {size:>7,} performances  p50 {median:8.1f} ms, {queries} queries{verdict}")


if __name__ == "__main__":
    main()
