"""A person's main requests with 60 and with 5,000 performances: time, queries, commands.

    .venv/bin/python scripts/with_test_mongodb.py .venv/bin/python scripts/bench_history_queries.py
    .venv/bin/python scripts/bench_history_queries.py [--sizes 60,5000] [--runs 7]

Seeds a throwaway database (the MongoDB of MONGODB_URI, or a SQLite file) with one person
per size, each with that many completed interviews and one session in progress, then
prints for the dashboard, the performance page (its report cached), GET
/api/performance-stats and the API's autosave (PUT .../questions/<n>/answer) the median
time and the query count at each size, and the goal: the dashboard of the longest history
within 1.5x of the shortest's. On MongoDB it also prints each command of one request with
the server's own time (command monitoring), so that a command whose time grows with the
history shows.
"""

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from pymongo import monitoring  # noqa: E402

from scripts.benchmarks import configure  # noqa: E402

GOAL_RATIO = 1.5
COMMANDS = []


class CommandTimes(monitoring.CommandListener):
    """Each command's name, the server's time in ms and a short form of the command."""

    def __init__(self):
        self.started_commands = {}

    def started(self, event):
        self.started_commands[event.request_id] = event.command

    def succeeded(self, event):
        command = self.started_commands.pop(event.request_id, {})
        COMMANDS.append((event.command_name, event.duration_micros / 1000, describe(command)))

    def failed(self, event):
        self.started_commands.pop(event.request_id, None)
        COMMANDS.append((event.command_name, event.duration_micros / 1000, "failed"))


def describe(command):
    """The collection and the stages or filter of a command, without values."""
    name = next(iter(command), "")
    target = command.get(name, "")
    if "pipeline" in command:
        stages = [next(iter(stage)) for stage in command["pipeline"]]
        match = next((stage["$match"] for stage in command["pipeline"] if "$match" in stage), {})
        return f"{target}: {' '.join(stages)} on {shape(match)}"
    if "updates" in command:
        return f"{target}: {' '.join(shape(update['q']) for update in command['updates'])}"
    return f"{target}: {shape(command.get('filter', ''))}"


def shape(value):
    """A filter's keys and operators, its values left out."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{key}: {shape(item)}" for key, item in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(shape(item) for item in value) + "]"
    return "…"


def seed(username, count, now):
    from django.contrib.auth.models import User

    from interviews.demo import build_history
    from interviews.models import Interview
    from interviews.services import interview_start, interviews_import

    user = User.objects.create_user(username, password="benchmark-pass")
    rng = random.Random(count)
    for start in range(0, count, 1000):
        size = min(1000, count - start)
        interviews_import(user=user, records=build_history(count=size, now=now, rng=rng))
    interview = Interview.objects.create(
        user=user,
        job_title="Staff Engineer",
        company_name="Cobalt Payments",
        interview_type="technical",
        experience_level="senior",
    )
    interview_start(interview=interview)
    return user, interview


def requests_of(user, interview):
    from django.test import Client

    from accounts.models import ApiToken

    browser = Client()
    browser.force_login(user)
    _token, key = ApiToken.issue(user=user, name="Benchmark")
    api = Client(headers={"Authorization": f"Bearer {key}"})
    interview.refresh_from_db()
    index = next(i for i, question in enumerate(interview.questions) if question.kind == "open")

    def get(client, url):
        def call():
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        return call

    def autosave():
        response = api.put(
            f"/api/interviews/{interview.pk}/questions/{index}/answer",
            json.dumps({"answer": f"A draft written at {time.time()}"}),
            content_type="application/json",
        )
        assert response.status_code == 200, response.content

    return {
        "dashboard": get(browser, "/dashboard/"),
        "performance page (warm)": get(browser, "/performance/"),
        "stats API": get(api, "/api/performance-stats"),
        "autosave PUT": autosave,
    }


def measured(call, runs):
    """Median ms over `runs`, the query count and the commands of one more call."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    # Warm-up: the report cached, the token's use recorded. The token records its use at
    # most once a minute (accounts/models.py), so an API request more than a minute after
    # that write makes one query more: the counted call follows the runs closely.
    call()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        samples.append((time.perf_counter() - start) * 1000)
    COMMANDS.clear()
    with CaptureQueriesContext(connection) as queries:
        call()
    return statistics.median(samples), len(queries), list(COMMANDS)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="60,5000")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]

    monitoring.register(CommandTimes())
    with tempfile.TemporaryDirectory(prefix="bench-history-queries-") as folder:
        configure(Path(folder) / "bench.sqlite3", mongodb=True)
        from django.conf import settings
        from django.utils import timezone

        now = timezone.now()
        started = time.perf_counter()
        people = {size: seed(f"person-{size}", size, now) for size in sizes}
        engine = "the MongoDB test server" if settings.IS_MONGODB else "SQLite"
        print(
            f"Seeded {sum(sizes):,} performances in {time.perf_counter() - started:.0f} s on "
            f"{engine}; {args.runs} runs per figure."
        )
        calls = {size: requests_of(*person) for size, person in people.items()}
        smallest, largest = min(sizes), max(sizes)
        for name in calls[smallest]:
            print(f"\n{name}")
            results = {size: measured(calls[size][name], args.runs) for size in sizes}
            for size, (median, count, commands) in results.items():
                ratio = median / results[smallest][0]
                verdict = ""
                if name == "dashboard" and size == largest:
                    verdict = f" (goal {GOAL_RATIO}x) " + (
                        "within" if ratio <= GOAL_RATIO else "OVER"
                    )
                # The cache's own reads (interviewprep/caches.py) go to pymongo directly:
                # Django counts them on SQLite only.
                sent = f" ({len(commands)} commands)" if commands else ""
                print(
                    f"  {size:>6,} performances  p50 {median:8.1f} ms, {count} queries{sent}"
                    f"  x{ratio:.2f}{verdict}"
                )
                for command, milliseconds, text in commands:
                    print(f"        {milliseconds:8.1f} ms  {command} {text}")


if __name__ == "__main__":
    main()
