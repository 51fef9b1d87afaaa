"""Benchmark of the dashboard with the next-session planner against the dashboard without it.

    .venv/bin/python scripts/bench_planner.py [--count 5000] [--runs 30]

Seeds a throwaway SQLite file (never var/db.sqlite3) with one person's completed
interviews (the demo's history) and a spaced-repetition record of every question of the
bank, some due. Prints the p50 and p90 of /dashboard/ with its report cached (warm: every
visit but the first after a change) and computed (cold), without the planner (the
baseline: no plan and no weaknesses or recent rounds in the report) and with it, and the
ratio. The goal: the planner's dashboard within 1.5x of the baseline.
"""

import argparse
import random
import sys
import tempfile
import time
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from unittest import mock

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from scripts.benchmarks import configure, line  # noqa: E402

GOAL = 1.5


def seed(count, now):
    from django.contrib.auth.models import User

    from interviews.demo import build_history
    from interviews.models import Question, QuestionStat
    from interviews.services import interviews_import

    user = User.objects.create_user("planner-bench", password="benchmark-pass")
    rng = random.Random(count)
    interviews_import(user=user, records=build_history(count=count, now=now, rng=rng, months=12))
    QuestionStat.objects.bulk_create(
        QuestionStat(
            user=user,
            question=question,
            times_seen=1,
            last_score=rng.choice([30, 60, 80, 95]),
            last_seen_at=now - timedelta(days=rng.randint(0, 30)),
        )
        for question in Question.objects.all()
    )
    return user


@contextmanager
def without_planner():
    """The dashboard as it was before the planner: no plan, and a report without the
    weaknesses and the recent rounds."""
    from dashboard import views

    invitation = {"ready": False, "reasons": [""]}
    with (
        mock.patch.object(views, "next_session", return_value=invitation),
        mock.patch("performance.analytics.weaknesses", return_value={}),
        mock.patch("performance.analytics.recent_rounds", return_value={}),
    ):
        yield


def sample(client, runs, *, cold):
    """Milliseconds of `runs` visits to the dashboard."""
    from django.core.cache import cache

    times = []
    for _ in range(runs):
        if cold:
            cache.clear()
        start = time.perf_counter()
        response = client.get("/dashboard/")
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.status_code
    return times


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-planner-") as folder:
        configure(Path(folder) / "bench.sqlite3")
        from django.core.cache import cache
        from django.test import Client
        from django.utils import timezone

        started = time.perf_counter()
        user = seed(args.count, timezone.now())
        print(f"Seeded {args.count:,} performances in {time.perf_counter() - started:.0f} s.")
        client = Client()
        client.force_login(user)
        from dashboard.planner import history_report, next_session

        plan = next_session(user=user, report=history_report(user))
        print(f"The plan: {plan['label']}, {plan['due_count']} questions due; {plan['reasons'][0]}")
        print(f"/dashboard/ at {args.count:,} performances, {args.runs} visits each:")
        ratios = {}
        for state, cold in (("warm", False), ("cold", True)):
            runs = args.runs if not cold else max(5, args.runs // 3)
            # Alternate the two, so that neither gets the machine's quieter moments.
            baseline, planner = [], []
            for _ in range(3):
                cache.clear()
                with without_planner():
                    client.get("/dashboard/")
                    baseline += sample(client, runs, cold=cold)
                cache.clear()
                client.get("/dashboard/")
                planner += sample(client, runs, cold=cold)
            line(f"{state}, without the planner (baseline)", baseline)
            line(f"{state}, with the planner", planner, baseline)
            ratios[state] = (
                sorted(planner)[len(planner) // 2] / sorted(baseline)[len(baseline) // 2]
            )
        verdict = "within" if ratios["warm"] <= GOAL else "OVER"
        print(f"Warm ratio x{ratios['warm']:.2f}: {verdict} the goal of x{GOAL}.")


if __name__ == "__main__":
    main()
