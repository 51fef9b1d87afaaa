"""Benchmark of a person's pages among many people's histories, on SQLite.

    .venv/bin/python scripts/bench_scale.py [--people 1000] [--per-person 1000]
        [--cold-sizes 5000,100000] [--runs 21]

Seeds a throwaway SQLite file (never var/db.sqlite3) by bulk inserts straight into its
tables: `--people` people with `--per-person` completed interviews each (1,000 x 1,000 =
1 M performances), a person with 20, and one person per `--cold-sizes` size. Then prints
the median (p50) in-process time and the query count of:
- the dashboard, the performance page with its report cached (warm) and the stats API
  (GET /api/performance-stats) for one of the many people, against the same for the
  person with 20 (goal: within 1.5x), and for the person with the longest history;
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
            "revision, excluded) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'manual', 0, 0)",
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


def timed(calls, runs):
    """{name: (median wall ms, median CPU ms)} of each of `calls` ({name: call}), taken in
    turn run after run so that each meets the same load of a shared machine."""
    for call in calls.values():
        call()  # warm-up: templates, imports
    walls = {name: [] for name in calls}
    cpus = {name: [] for name in calls}
    for _ in range(runs):
        for name, call in calls.items():
            start, cpu_start = time.perf_counter(), time.process_time()
            call()
            walls[name].append((time.perf_counter() - start) * 1000)
            cpus[name].append((time.process_time() - cpu_start) * 1000)
    return {name: (statistics.median(walls[name]), statistics.median(cpus[name])) for name in calls}


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


def cold_page(user_id):
    """The performance page of this person with no report cached, just after a change to
    their latest month (as completing an interview makes): that month is coded again from
    its performances, the others are read as their months keep them."""
    from django.contrib.auth.models import User
    from django.core.cache import cache
    from django.test import Client

    from performance.models import HistoryMonth, Performance

    browser = Client()
    browser.force_login(User.objects.get(pk=user_id))
    newest = Performance.objects.filter(user_id=user_id).latest("completed_at").completed_at

    def call():
        cache.clear()
        HistoryMonth.objects.changed([(user_id, newest)])
        response = browser.get("/performance/")
        assert response.status_code == 200, response.status_code

    return call


def coding_every_month(user_id):
    """CPU milliseconds of the first report of a history written without its months (as
    before they were kept): every month is coded from the documents and stored."""
    from django.contrib.auth.models import User

    from performance.models import HistoryMonth
    from performance.reporting import _no_cyclic_gc, coded_history

    user = User.objects.get(pk=user_id)
    HistoryMonth.objects.filter(user=user).delete()
    with _no_cyclic_gc():
        start = time.process_time()
        coded_history(user)
        return (time.process_time() - start) * 1000


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
            f"20 (goal: within {WARM_GOAL_RATIO}x), and the person with the longest history"
        )
        largest = max(cold_sizes, default=0)
        people = {20: ids["person-20"], args.per_person: ids[f"person-{args.people // 2}"]}
        if largest:
            people[largest] = ids[f"history-{largest}"]
        requests = {size: requests_of(user_id) for size, user_id in people.items()}
        for name in requests[20]:
            calls = {size: requests[size][name] for size in people}
            results = timed(calls, args.runs)
            small = results[20][0]
            print(f"  {name}")
            for size, (wall, cpu) in results.items():
                ratio = wall / small
                verdict = ""
                if size == args.per_person:
                    verdict = "within" if ratio <= WARM_GOAL_RATIO else "OVER"
                print(
                    f"    {size:>7,} performances  p50 {wall:6.1f} ms (CPU {cpu:6.1f} ms), "
                    f"{query_count(calls[size])} queries  x{ratio:.2f} {verdict}"
                )

        print("\nA history written without its months: its first report codes every month")
        for size in cold_sizes:
            took = coding_every_month(ids[f"history-{size}"])
            print(f"  {size:>7,} performances  {took:8.1f} ms (CPU), once")

        print("\nThe performance page with its report computed (cold), after a change")
        cold_cpu = {}
        for size in cold_sizes:
            runs = args.runs if size <= 5000 else max(3, args.runs // 4)
            call = cold_page(ids[f"history-{size}"])
            (wall, cpu) = timed({size: call}, runs)[size]
            cold_cpu[size] = cpu
            queries = query_count(call) - 1  # less the cache's own clear
            goal = COLD_GOALS_MS.get(size)
            verdict = ""
            if goal:
                verdict = f"  (goal {goal} ms) {'within' if wall <= goal else 'OVER'}"
            print(
                f"  {size:>7,} performances  p50 {wall:8.1f} ms (CPU {cpu:8.1f} ms), "
                f"{queries} queries{verdict}"
            )

        print("\nWhere the cold page's time goes (CPU, median of 3)")
        for size in cold_sizes:
            read, computed = breakdown(ids[f"history-{size}"])
            rest = cold_cpu[size] - read - computed
            print(
                f"  {size:>7,} performances  reading the months {read:8.1f} ms"
                f" ({read / size * 1000:.1f} µs a row), report {computed:8.1f} ms"
                f" ({computed / size * 1000:.1f} µs a row), the rest of the page {rest:6.1f} ms"
            )


def breakdown(user_id):
    """Median CPU milliseconds of reading the history (its latest month coded again, the
    others as stored) and of computing the report."""
    from django.contrib.auth.models import User

    from performance import analytics
    from performance.models import HistoryMonth, Performance
    from performance.reporting import _no_cyclic_gc, coded_history

    user = User.objects.get(pk=user_id)
    newest = Performance.objects.filter(user=user).latest("completed_at").completed_at
    reads, reports = [], []
    for _ in range(3):
        HistoryMonth.objects.changed([(user_id, newest)])
        with _no_cyclic_gc():
            start = time.process_time()
            blocks, _excluded = coded_history(user)
            middle = time.process_time()
            analytics.coded_report(blocks)
            reads.append((middle - start) * 1000)
            reports.append((time.process_time() - middle) * 1000)
    return statistics.median(reads), statistics.median(reports)


if __name__ == "__main__":
    main()
