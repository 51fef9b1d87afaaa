"""Benchmark of the question bank's import with 10,000 generated questions.

    .venv/bin/python scripts/bench_questions.py [--questions 10000] [--runs 3]
    .venv/bin/python scripts/with_test_mongodb.py .venv/bin/python scripts/bench_questions.py

Without MONGODB_URI it works on a throwaway SQLite file (never var/db.sqlite3); with it,
on a throwaway database of that server (bench_questions_<pid>, dropped at the end). The
database is built by the migrations, then emptied of its questions. Each run starts from
an empty bank and times, untimed work aside:
- checking the entries with the bank's rules (interviews.bank.parse_questions);
- importing them into the empty bank (every question created);
- importing them again (every question unchanged);
- importing them with every prompt edited (every question updated).
It prints the median of the runs, the questions per second and the queries each made.
"""

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from scripts.benchmarks import configure  # noqa: E402

ROUNDS = ("technical", "behavioral", "dsa")
LEVELS = ("entry", "mid", "senior")
WORDS = (
    *("index", "query", "cache", "latency", "queue", "retry", "schema", "shard", "replica"),
    *("lock", "deadline", "team", "stakeholder", "trade-off", "incident", "rollback"),
    *("feature", "review", "test", "deploy", "metric", "budget", "customer", "design"),
    *("partition", "stream", "batch", "window", "consistency", "failure", "ownership"),
)


def drop_mongodb_database():
    from django.conf import settings
    from django.db import connection

    if settings.IS_MONGODB:
        connection.connection.drop_database(settings.DATABASES["default"]["NAME"])


def sentence(rng, words):
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def generate(count, rng):
    """`count` valid questions in the file shape, a third multiple-choice."""
    entries = []
    for index in range(count):
        entry = {
            "slug": f"bench-{index:05d}",
            "roundType": ROUNDS[index % 3],
            "experienceLevel": LEVELS[index // 3 % 3],
            "kind": "choice" if index % 3 == 0 else "open",
            "prompt": sentence(rng, 30),
            "tags": sorted({rng.choice(WORDS) for _ in range(2)}),
            "suggestedMinutes": rng.randint(1, 20),
        }
        if entry["kind"] == "choice":
            entry["choices"] = [f"{letter}) {sentence(rng, 10)}" for letter in "abcd"]
            entry["answerIndex"] = rng.randrange(4)
            entry["explanation"] = sentence(rng, 60)
        else:
            entry["keyPoints"] = [sentence(rng, 12) for _ in range(5)]
            entry["modelAnswer"] = sentence(rng, 150)
        entries.append(entry)
    return entries


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-questions-") as folder:
        configure(Path(folder) / "bench.sqlite3", mongodb=True)
        try:
            run(args.questions, args.runs)
        finally:
            drop_mongodb_database()


def run(count, runs):
    from django.conf import settings
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from interviews.bank import import_questions, parse_questions
    from interviews.models import Question

    entries = generate(count, random.Random(count))
    edited = [{**entry, "prompt": entry["prompt"] + " (edited)"} for entry in entries]
    backend = "MongoDB" if settings.IS_MONGODB else "SQLite file"
    print(f"{count:,} generated questions, median of {runs} runs, {backend}.")

    steps = {
        "check the entries (parse_questions)": [],
        "import into an empty bank (all created)": [],
        "import again (all unchanged)": [],
        "import with every prompt edited (all updated)": [],
    }
    queries = {}

    def timed(label, function, *args, **kwargs):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            result = function(*args, **kwargs)
            steps[label].append(time.perf_counter() - start)
        queries[label] = len(captured)
        return result

    parse, create, again, update = steps
    for _ in range(runs):
        Question.objects.all().delete()
        values = timed(parse, parse_questions, entries)
        result = timed(create, import_questions, values, dry_run=False)
        assert result.created == count, result
        result = timed(again, import_questions, values, dry_run=False)
        assert result.unchanged == count, result
        changed = parse_questions(edited)
        result = timed(update, import_questions, changed, dry_run=False)
        assert result.updated == count, result
        assert Question.objects.count() == count

    for label, samples in steps.items():
        median = statistics.median(samples)
        print(
            f"  {label:<46} {median:7.2f} s  {count / median:9,.0f} questions/s"
            f"  {queries[label]:4d} queries"
        )


if __name__ == "__main__":
    main()
