"""Benchmark of the performance page and its CSV export on SQLite.

    .venv/bin/python scripts/bench_performance.py [--sizes 20,5000,100000] [--runs 7]
        [--export-only]

Seeds a throwaway SQLite file (never var/db.sqlite3) with one person per size, each
with that many completed interviews, beside another person's 10,000, then prints for
each size the median in-process time and the query count of /performance/ without
and with filters, and for the largest size the CSV export's rate against a raw
sqlite3 + csv.writer baseline reading the same rows, the wait for the header's round count
(one aggregate, against the former one query per round), and its peak memory.
"""

import argparse
import csv
import io
import random
import sqlite3
import statistics
import sys
import tempfile
import time
import tracemalloc
from datetime import timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from scripts.benchmarks import configure  # noqa: E402

BUDGETS_MS = {5000: 80, 100000: 1500}
EXPORT_GOAL_RATIO = 1.3
FILTERS = {
    "no filters": "",
    "type + dates": "?interview_type=technical&date_from={start}&date_to={end}",
    "company": "?company=helio+health",
    "search in feedback": "?q=dp+patterns",
    "sort by score, page 3": "?sort=score_high&page=3",
}
OTHER_PEOPLE_INTERVIEWS = 10_000


def seed(username, count, now):
    from django.contrib.auth.models import User

    from interviews.demo import build_history
    from interviews.services import interviews_import

    user = User.objects.create_user(username, password="benchmark-pass")
    rng = random.Random(count)
    for start in range(0, count, 20_000):
        size = min(20_000, count - start)
        # Each slice covers its own stretch of the past, so the history stays in order.
        slice_now = now - timedelta(days=(count - start - size) // 50)
        records = build_history(count=size, now=slice_now, rng=rng, months=1)
        interviews_import(user=user, records=records)
    return user


def timed_get(client, url, runs):
    """Median wall and CPU seconds and the query count of `url`, without and with its
    report cached (cold: the first visit after the set changed; warm: every later one)."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm-up: templates, imports
    results = {}
    for state in ("cold", "warm"):
        times, cpu_times = [], []
        for _ in range(runs):
            if state == "cold":
                cache.clear()
            start, cpu_start = time.perf_counter(), time.process_time()
            response = client.get(url)
            times.append(time.perf_counter() - start)
            cpu_times.append(time.process_time() - cpu_start)
            assert response.status_code == 200, (url, response.status_code)
        if state == "cold":
            cache.clear()
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        results[state] = (statistics.median(times), statistics.median(cpu_times), len(queries))
    return results


def bench_page(user, count, runs):
    from django.test import Client

    from performance.models import Performance

    client = Client()
    client.force_login(user)
    newest = Performance.objects.for_user(user).order_by("-completed_at").first().completed_at
    start = (newest - timedelta(days=60)).date().isoformat()
    end = newest.date().isoformat()
    results = {}
    for name, query in FILTERS.items():
        url = "/performance/" + query.format(start=start, end=end)
        results[name] = timed_get(client, url, runs)
    return results


def breakdown(user, runs):
    """Median CPU seconds of the page's two big steps at this size: reading the rows, the report."""
    from performance import analytics
    from performance.models import Performance
    from performance.reporting import _no_cyclic_gc, report_rows

    queryset = Performance.objects.for_user(user)
    reads, reports = [], []
    for _ in range(runs):
        with _no_cyclic_gc():
            start = time.process_time()
            rows = report_rows(queryset)
            middle = time.process_time()
            analytics.report(rows)
            reads.append(middle - start)
            reports.append(time.process_time() - middle)
    return statistics.median(reads), statistics.median(reports)


def consume_export(user, query=""):
    from django.test import Client

    client = Client()
    client.force_login(user)
    start, cpu_start = time.perf_counter(), time.process_time()
    response = client.get("/performance/export.csv" + query)
    chunks = iter(response.streaming_content)
    first = next(chunks)
    first_byte = time.perf_counter() - start
    size = len(first)
    lines = first.count(b"\n")
    for chunk in chunks:
        size += len(chunk)
        lines += chunk.count(b"\n")
    cpu = time.process_time() - cpu_start
    return time.perf_counter() - start, cpu, first_byte, size, lines - 1


def round_count(queryset):
    from performance.export import round_count

    return round_count(queryset)


def round_count_by_queries(queryset):
    """The round count as the export read it before: "is there a round n + 1?" per n."""
    from interviews.validation import MAX_ROUNDS

    count = 0
    while (
        count < MAX_ROUNDS
        and queryset.filter(**{f"round_results__{count}__isnull": False}).exists()
    ):
        count += 1
    return count


def timed_round_count(user, count):
    from performance.models import Performance

    start = time.perf_counter()
    rounds = count(Performance.objects.filter(user=user))
    return time.perf_counter() - start, rounds


def raw_baseline(database, user_id):
    """The same rows and columns read with sqlite3 and written with csv.writer."""
    start, cpu_start = time.perf_counter(), time.process_time()
    connection = sqlite3.connect(database)
    rows = connection.execute(
        'SELECT id, "userId", "interviewId", "jobTitle", "companyName", "interviewType", '
        '"experienceLevel", "completedAt", "totalQuestions", "correctAnswers", score, '
        '"timeSpent", feedback, "roundResults" FROM performances WHERE "userId" = ? '
        'ORDER BY "completedAt" DESC, id DESC',
        (user_id,),
    )
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    count = 0
    size = 0
    for row in rows:
        writer.writerow(row)
        count += 1
        if count % 500 == 0:
            size += len(buffer.getvalue().encode())
            buffer.seek(0)
            buffer.truncate()
    size += len(buffer.getvalue().encode())
    connection.close()
    return time.perf_counter() - start, time.process_time() - cpu_start, count, size


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="20,5000,100000")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument(
        "--export-only", action="store_true", help="skip the page, time the CSV export only"
    )
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]

    with tempfile.TemporaryDirectory(prefix="bench-performance-") as folder:
        database = Path(folder) / "bench.sqlite3"
        configure(database)
        from django.utils import timezone

        now = timezone.now()
        started = time.perf_counter()
        seed("someone-else", OTHER_PEOPLE_INTERVIEWS, now)
        users = {size: seed(f"person-{size}", size, now) for size in sizes}
        print(
            f"Seeded {sum(sizes) + OTHER_PEOPLE_INTERVIEWS:,} performances "
            f"in {time.perf_counter() - started:.0f} s (SQLite file in {folder})."
        )
        print(f"Python {sys.version.split()[0]}, SQLite {sqlite3.sqlite_version}, {args.runs} runs")
        if not args.export_only:
            print()
            print(
                "/performance/ (first page unless stated): median time and query count, with the"
                " report computed (cold) and reused from the cache (warm)"
            )
            counts = {}
            for size in sizes:
                runs = args.runs if size <= 5000 else max(3, args.runs // 2)
                for name, states in bench_page(users[size], size, runs).items():
                    for state, (median, cpu, queries) in states.items():
                        budget = BUDGETS_MS.get(size)
                        verdict = ""
                        if budget:
                            within = median * 1000 <= budget
                            verdict = f"  (budget {budget} ms) {'within' if within else 'OVER'}"
                        print(
                            f"  {size:>7,} interviews  {name:<24} {state}  p50 "
                            f"{median * 1000:8.1f} ms (CPU {cpu * 1000:7.1f} ms)  "
                            f"{queries} queries{verdict}"
                        )
                        counts.setdefault((name, state), set()).add(queries)
            print("  Where the time goes without filters (CPU, median):")
            for size in sizes:
                read, computed = breakdown(users[size], 3)
                print(
                    f"  {size:>7,} interviews  reading the rows {read * 1000:8.1f} ms"
                    f" ({read / size * 1e6:.1f} µs a row), report {computed * 1000:8.1f} ms"
                    f" ({computed / size * 1e6:.1f} µs a row)"
                )
            same = all(len(found) == 1 for found in counts.values())
            print(f"  Query count the same at every size: {'yes' if same else 'NO'}")

        largest = max(sizes)
        user = users[largest]
        print()
        print(f"CSV export of {largest:,} rows")
        exports, baselines = [], []
        for _ in range(3):
            # Alternated, so that both meet the same load on a shared machine.
            exports.append(consume_export(user))
            baselines.append(raw_baseline(database, user.pk))
        seconds = statistics.median(run[0] for run in exports)
        cpu = statistics.median(run[1] for run in exports)
        first_byte = statistics.median(run[2] for run in exports)
        size, lines = exports[0][3], exports[0][4]
        raw_seconds = statistics.median(run[0] for run in baselines)
        raw_cpu = statistics.median(run[1] for run in baselines)
        raw_rows, raw_size = baselines[0][2], baselines[0][3]
        print(
            f"  /performance/export.csv: {lines:,} rows, {size / 1e6:.1f} MB, median "
            f"{seconds:.2f} s (CPU {cpu:.2f} s) = {lines / seconds:,.0f} rows/s "
            f"(budget 50,000); first bytes after {first_byte * 1000:.1f} ms"
        )
        print(
            f"  raw sqlite3 + csv.writer:  {raw_rows:,} rows, {raw_size / 1e6:.1f} MB, median "
            f"{raw_seconds:.2f} s (CPU {raw_cpu:.2f} s) = {raw_rows / raw_seconds:,.0f} rows/s"
        )
        ratio = seconds / raw_seconds
        print(
            f"  export / baseline: {ratio:.2f}x wall, {cpu / raw_cpu:.2f}x CPU "
            f"(goal {EXPORT_GOAL_RATIO}x) {'within' if ratio <= EXPORT_GOAL_RATIO else 'OVER'}"
        )
        aggregate, per_round = [], []
        for _ in range(5):
            aggregate.append(timed_round_count(user, round_count))
            per_round.append(timed_round_count(user, round_count_by_queries))
        assert aggregate[0][1] == per_round[0][1], (aggregate[0][1], per_round[0][1])
        print(
            f"  the header's round count ({aggregate[0][1]}): one aggregate median "
            f"{statistics.median(run[0] for run in aggregate) * 1000:.1f} ms, one query per "
            f"round {statistics.median(run[0] for run in per_round) * 1000:.1f} ms"
        )
        tracemalloc.start()
        consume_export(user)
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(
            f"  peak Python memory during the export (tracemalloc): {peak / 1e6:.1f} MB "
            "(budget 50 MB)"
        )


if __name__ == "__main__":
    main()
