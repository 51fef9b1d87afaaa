"""Benchmark of a practice session with 5,000 past performances.

    .venv/bin/python scripts/bench_session.py [--performances 5000] [--runs 101]
    .venv/bin/python scripts/with_test_mongodb.py .venv/bin/python scripts/bench_session.py

Seeds a throwaway database (a SQLite file, or the MongoDB of MONGODB_URI) with one person's
past practice sessions from the shipped bank (and another person's 2,000), starts a mixed
senior interview (15 questions) and sends in-process requests, printing the median (p50)
and p90 of:
- the session page, GET /interviews/<id>/session/ (goal: p50 <= 40 ms), against a baseline
  of the same request to the dashboard, the lightest page of a logged-in person;
- autosave: the page's own (POST .../session/answer/ asking for JSON) and the API's
  (PUT /api/interviews/<id>/questions/<n>/answer) (goal: p50 <= 15 ms), against a baseline
  of calling interviews.services.session_save_answer directly;
- the number of queries each request makes, which must not grow with the history.
"""

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from scripts.benchmarks import configure  # noqa: E402
from scripts.benchmarks import line as print_line  # noqa: E402

OTHER_PERSON_PERFORMANCES = 2_000


def seed(username, count, now, bank):
    from django.contrib.auth.models import User

    from interviews.demo import build_sessions
    from interviews.services import interviews_import

    user = User.objects.create_user(username, password="benchmark-pass")
    rng = random.Random(count)
    for start in range(0, count, 1000):
        size = min(1000, count - start)
        records = build_sessions(count=size, now=now, bank=bank, rng=rng)
        interviews_import(user=user, records=records)
    return user


def timed(call, runs):
    """Milliseconds of `call(run_number)` over `runs`."""
    samples = []
    for number in range(runs):
        start = time.perf_counter()
        call(number)
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def line(label, samples, baseline=None):
    print_line(label, samples, baseline, width=52)


def queries(call):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        call(0)
    return len(captured)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--performances", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=101)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-session-") as folder:
        configure(Path(folder) / "bench.sqlite3", mongodb=True)
        run(args.performances, args.runs)


def run(count, runs):
    import json

    from django.conf import settings
    from django.test import Client
    from django.utils import timezone

    from accounts.models import ApiToken
    from interviews.demo import bank_by_round
    from interviews.models import Interview
    from interviews.services import interview_start, session_save_answer

    now = timezone.now()
    bank = bank_by_round()
    started = time.perf_counter()
    user = seed("bench", count, now, bank)
    seed("someone-else", OTHER_PERSON_PERFORMANCES, now, bank)
    engine = "MongoDB" if settings.IS_MONGODB else "SQLite"
    print(
        f"Seeded {count} past sessions (and another person's {OTHER_PERSON_PERFORMANCES}) "
        f"in {time.perf_counter() - started:.1f} s on {engine}; {runs} runs per figure."
    )

    interview = Interview.objects.create(
        user=user,
        job_title="Staff Engineer",
        company_name="Cobalt Payments",
        interview_type="mixed",
        experience_level="senior",
    )
    interview_start(interview=interview)
    interview.refresh_from_db()
    open_index = next(i for i, q in enumerate(interview.questions) if q.kind == "open")
    print(f"A mixed senior session of {len(interview.questions)} questions.")

    browser = Client()
    browser.force_login(user)
    _token, key = ApiToken.issue(user=user, name="Benchmark")
    api = Client(headers={"Authorization": f"Bearer {key}"})
    page_url = f"/interviews/{interview.pk}/session/"
    csrf = browser.get(page_url).cookies["csrftoken"].value

    def text(number):
        return f"A B-tree keeps the keys sorted, so a lookup is O(log n). Draft {number}."

    def dashboard(_):
        assert browser.get("/dashboard/").status_code == 200

    def session_page(_):
        assert browser.get(page_url).status_code == 200

    def service(number):
        session_save_answer(interview=interview, index=open_index, answer=text(number))

    def page_autosave(number):
        response = browser.post(
            f"{page_url}answer/",
            {"index": open_index, "answer": text(number), "action": "save"},
            headers={"Accept": "application/json", "X-CSRFToken": csrf},
        )
        assert response.status_code == 200, response.content

    def api_autosave(number):
        response = api.put(
            f"/api/interviews/{interview.pk}/questions/{open_index}/answer",
            json.dumps({"answer": text(number)}),
            content_type="application/json",
        )
        assert response.status_code == 200, response.content

    for call in (dashboard, session_page, page_autosave, api_autosave):
        call(0)  # warm-up: templates, imports

    print("\nThe session page (goal: p50 <= 40 ms)")
    baseline = timed(dashboard, runs)
    line(f"baseline: the dashboard ({queries(dashboard)} queries)", baseline)
    line(f"GET the session page ({queries(session_page)} queries)", timed(session_page, runs))

    print("\nAutosave (goal: p50 <= 15 ms)")
    baseline = timed(service, runs)
    line(f"baseline: session_save_answer() ({queries(service)} queries)", baseline)
    line(
        f"the page's autosave, JSON ({queries(page_autosave)} queries)",
        timed(page_autosave, runs),
        baseline,
    )
    line(
        f"PUT the API's answer ({queries(api_autosave)} queries)",
        timed(api_autosave, runs),
        baseline,
    )


if __name__ == "__main__":
    main()
