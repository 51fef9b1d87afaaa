"""Benchmark of the admin's interview and performance lists as the data grows.

    .venv/bin/python scripts/bench_admin.py [--sizes 10000,1000000] [--runs 7]
    .venv/bin/python scripts/with_test_mongodb.py \
        .venv/bin/python scripts/bench_admin.py --mongodb --sizes 500,5000

Seeds a throwaway database (a SQLite file, never var/db.sqlite3; or, with --mongodb, the
MONGODB_URI server) with 1,000 people sharing completed interviews, each with its
performance, copied from one made through the services and written straight into the
tables. For each size it prints the median time and the query count of the lists as an
operator uses them: the first page, a later page, a filter, a search by username. On
MongoDB it also prints the server's own time for a page sorted by `_id` (pymongo alone):
a server that serves the sort from the `_id` index (MongoDB) answers it at any size, one
that sorts by reading the collection (the wire test server) grows with it.
"""

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from scripts.benchmarks import configure, line  # noqa: E402

PEOPLE = 1000
BUDGET_MS = 300
VISITS = {
    "first page": {},
    "page 4": {"p": "4"},
    "filter: type dsa": {"interview_type__exact": "dsa"},
    "search: a username": {"q": "person-0007"},
}


def prototype():
    """One person's completed interview and its performance, made through the services."""
    from django.contrib.auth.models import User

    from interviews.services import interview_complete
    from interviews.tests.factories import InterviewFactory, results

    owner = User.objects.create_superuser("admin", "admin@example.com", "benchmark-password")
    interview = InterviewFactory(user=owner, status="in_progress", interview_type="dsa")
    performance, _ = interview_complete(interview=interview, data=results())
    people = [User(username=f"person-{number:04d}") for number in range(PEOPLE)]
    User.objects.bulk_create(people, batch_size=500)
    people = list(User.objects.filter(username__startswith="person-").values_list("pk", flat=True))
    return owner, interview.pk, performance.pk, people


def grow_sqlite(start, stop, interview_pk, performance_pk, people):
    """Copy the prototype pair into rows start..stop-1, one owner out of `people` each."""
    from django.db import connection

    first_user = min(people)  # bulk_create numbers the people consecutively on SQLite
    with connection.cursor() as cursor:
        for table, prototype_pk, overrides in (
            (
                "interviews",
                interview_pk,
                {
                    "id": f"{interview_pk} + n.i",
                    "userId": f"{first_user} + n.i % {PEOPLE}",
                    "performanceId": f"{performance_pk} + n.i",
                    "createdAt": "datetime(p.createdAt, '-' || n.i || ' seconds')",
                    "completedAt": "datetime(p.completedAt, '-' || n.i || ' seconds')",
                    "interviewType": "CASE n.i % 4 WHEN 0 THEN 'dsa' ELSE 'technical' END",
                },
            ),
            (
                "performances",
                performance_pk,
                {
                    "id": f"{performance_pk} + n.i",
                    "userId": f"{first_user} + n.i % {PEOPLE}",
                    "interviewId": f"{interview_pk} + n.i",
                    "completedAt": "datetime(p.completedAt, '-' || n.i || ' seconds')",
                    "interviewType": "CASE n.i % 4 WHEN 0 THEN 'dsa' ELSE 'technical' END",
                },
            ),
        ):
            columns = [row[1] for row in cursor.execute(f"PRAGMA table_info({table})")]
            names = ", ".join(f'"{column}"' for column in columns)
            values = ", ".join(overrides.get(column, f'p."{column}"') for column in columns)
            cursor.execute(
                f"WITH RECURSIVE n(i) AS (SELECT {start} UNION ALL SELECT i + 1 FROM n "
                f"WHERE i < {stop - 1}) INSERT INTO {table} ({names}) "
                f"SELECT {values} FROM n, {table} AS p WHERE p.id = {prototype_pk}"
            )


def grow_mongodb(start, stop, interview_pk, performance_pk, people):
    """Copy the prototype pair `stop - start` times, one owner out of `people` each."""
    from bson import ObjectId
    from django.db import connection

    interviews = connection.database["interviews"]
    performances = connection.database["performances"]
    interview = interviews.find_one({"_id": interview_pk})
    performance = performances.find_one({"_id": performance_pk})
    for batch_start in range(start, stop, 1000):
        batch_interviews, batch_performances = [], []
        for number in range(batch_start, min(stop, batch_start + 1000)):
            interview_id, performance_id = ObjectId(), ObjectId()
            owner = people[number % PEOPLE]
            kind = "dsa" if number % 4 == 0 else "technical"
            batch_interviews.append(
                {
                    **interview,
                    "_id": interview_id,
                    "userId": owner,
                    "performanceId": performance_id,
                    "interviewType": kind,
                }
            )
            batch_performances.append(
                {
                    **performance,
                    "_id": performance_id,
                    "userId": owner,
                    "interviewId": interview_id,
                    "interviewType": kind,
                }
            )
        interviews.insert_many(batch_interviews)
        performances.insert_many(batch_performances)


def visit(client, url, params, runs):
    """Median-ready times (ms) of `runs` visits, and the query count of one."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url, params)  # warm-up: templates, imports
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(url, params)
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    with CaptureQueriesContext(connection) as captured:
        client.get(url, params)
    slowest = max(float(query["time"]) for query in captured.captured_queries) * 1000
    return samples, len(captured.captured_queries), slowest


def server_alone(runs):
    """Print how long the server takes for a sorted page on its own (pymongo, no app)."""
    from django.db import connection

    performances = connection.database["performances"]
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        list(performances.find().sort("_id", -1).limit(100))
        samples.append((time.perf_counter() - started) * 1000)
    line("the server alone: newest 100 performances", samples, width=46)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,1000000")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--mongodb", action="store_true", help="use MONGODB_URI's server")
    args = parser.parse_args()
    sizes = sorted(int(size) for size in args.sizes.split(","))

    with tempfile.TemporaryDirectory(prefix="bench-admin-") as folder:
        configure(Path(folder) / "bench.sqlite3", mongodb=args.mongodb)
        from django.conf import settings
        from django.test import Client
        from django.urls import reverse

        owner, interview_pk, performance_pk, people = prototype()
        grow = grow_mongodb if settings.IS_MONGODB else grow_sqlite
        client = Client()
        client.force_login(owner)
        lists = {
            "interviews": reverse("admin:interviews_interview_changelist"),
            "performances": reverse("admin:performance_performance_changelist"),
        }
        engine = "MongoDB (MONGODB_URI)" if settings.IS_MONGODB else "SQLite"
        print(f"Admin lists on {engine}, {PEOPLE:,} people, {args.runs} runs, p50 budget")
        print(f"{BUDGET_MS} ms; a page is 100 rows.")
        seeded, counts, first_pages = 1, {}, {}
        for size in sizes:
            started = time.perf_counter()
            grow(seeded, size, interview_pk, performance_pk, people)
            seeded = size
            print()
            print(
                f"{size:,} interviews and {size:,} performances "
                f"(seeded in {time.perf_counter() - started:.0f} s)"
            )
            if settings.IS_MONGODB:
                server_alone(args.runs)
            for name, url in lists.items():
                for label, params in VISITS.items():
                    samples, queries, slowest = visit(client, url, params, args.runs)
                    line(f"{name}, {label} ({queries} queries)", samples, width=46)
                    print(f"{'':48}slowest query {slowest:7.1f} ms")
                    counts.setdefault((name, label), set()).add(queries)
                    if label == "first page":
                        first_pages.setdefault(name, []).append(statistics.median(samples))
        print()
        same = all(len(found) == 1 for found in counts.values())
        print(f"Query count the same at every size: {'yes' if same else 'NO'}")
        for name, medians in first_pages.items():
            ratio = medians[-1] / medians[0]
            verdict = "within" if medians[-1] <= BUDGET_MS else "OVER"
            print(
                f"{name}, first page: p50 {medians[-1]:.1f} ms at {sizes[-1]:,} "
                f"({verdict} {BUDGET_MS} ms), x{ratio:.2f} of {sizes[0]:,}"
            )


if __name__ == "__main__":
    main()
