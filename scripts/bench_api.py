"""Benchmark of the JSON API on SQLite with 5,000 performances.

    .venv/bin/python scripts/bench_api.py [--performances 5000] [--runs 41]

Seeds a throwaway SQLite file (never var/db.sqlite3) with one person's completed
interviews beside another person's 2,000, then sends in-process requests with a
personal API token and prints the median (p50) and p90 of:
- POST /api/save-performance for a fresh in-progress interview (201), and again for an
  already-completed one (200), against a baseline of the same completion made by
  calling interviews.services.interview_complete directly (the API's own overhead);
- GET /api/performance-stats with and without filters, against a baseline of the
  performance page (/performance/) with the same filters, which computes the same
  analytics, and the number of queries each request makes.
"""

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from scripts.benchmarks import configure, line  # noqa: E402

OTHER_PERSON_PERFORMANCES = 2_000
STATS_QUERIES = {
    "no filters": "",
    "type + company + dates": "?interview_type=technical&company=helio+health"
    "&date_from={start}&date_to={end}",
    "search in feedback": "?q=dp+patterns",
    "sort by score, page 3, 100 a page": "?sort=score_high&page=3&limit=100",
}


def seed(username, count, now):
    from django.contrib.auth.models import User

    from interviews.demo import build_history
    from interviews.services import interviews_import

    user = User.objects.create_user(username, password="benchmark-pass")
    interviews_import(
        user=user, records=build_history(count=count, now=now, rng=random.Random(count))
    )
    return user


def timed(call, runs, prepare=None):
    """Milliseconds of `call(prepared)` over `runs`; `prepare()` runs untimed before each."""
    samples = []
    for _ in range(runs):
        argument = prepare() if prepare else None
        start = time.perf_counter()
        call(argument)
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--performances", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=41)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-api-") as folder:
        configure(Path(folder) / "bench.sqlite3")
        run(args.performances, args.runs)


def run(count, runs):
    import json

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from accounts.models import ApiToken
    from api.tests.factories import results
    from interviews.choices import Status
    from interviews.models import Interview
    from interviews.services import interview_complete
    from interviews.tests.factories import results as service_results

    now = timezone.now()
    started = time.perf_counter()
    user = seed("bench", count, now)
    seed("someone-else", OTHER_PERSON_PERFORMANCES, now)
    print(
        f"Seeded {count} performances (and another person's {OTHER_PERSON_PERFORMANCES}) "
        f"in {time.perf_counter() - started:.1f} s; {runs} runs per figure, SQLite file."
    )
    _token, key = ApiToken.issue(user=user, name="Benchmark")
    api = Client(headers={"Authorization": f"Bearer {key}"})
    browser = Client()
    browser.force_login(user)

    def new_interview(_=None):
        return Interview.objects.create(
            user=user,
            job_title="Backend Engineer",
            company_name="Helio Health",
            interview_type="technical",
            experience_level="mid",
            status=Status.IN_PROGRESS,
        )

    def save(interview):
        body = json.dumps({**results(), "interviewId": str(interview.pk)})
        response = api.post("/api/save-performance", body, content_type="application/json")
        assert response.status_code in (200, 201), response.content
        return response

    print("\nPOST /api/save-performance")
    baseline = timed(
        lambda interview: interview_complete(interview=interview, data=service_results()),
        runs,
        new_interview,
    )
    line("baseline: interview_complete() called directly", baseline)
    line("first save of an in-progress interview (201)", timed(save, runs, new_interview), baseline)
    completed = new_interview()
    save(completed)
    line("repeated save, already completed (200)", timed(lambda _: save(completed), runs))

    today = timezone.localdate()
    print(f"\nGET /api/performance-stats over {count + runs * 2 + 1} performances")
    for label, query in STATS_QUERIES.items():
        query = query.format(start=today.replace(day=1).replace(month=1), end=today)
        page = timed(lambda _, q=query: browser.get(f"/performance/{q}"), max(5, runs // 4))
        stats = timed(lambda _, q=query: api.get(f"/api/performance-stats{q}"), runs)
        with CaptureQueriesContext(connection) as queries:
            response = api.get(f"/api/performance-stats{query}")
        assert response.status_code == 200, response.content
        matches = response.json()["count"]
        print(f" {label}: {matches} matches, {len(queries)} queries per request")
        line("baseline: the /performance/ page, same filters", page)
        line("the stats endpoint", stats, page)


if __name__ == "__main__":
    main()
