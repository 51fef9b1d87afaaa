"""Benchmark of today's full dashboard against the dashboard before the planner and the goal.

    .venv/bin/python scripts/bench_planner.py [--count 5000] [--runs 30] [--rounds 3]

Seeds a throwaway SQLite file (never var/db.sqlite3) with one person's completed
interviews (the demo's history), a weekly goal and a spaced-repetition record of every
question of the bank, some due. Measures /dashboard/ with its report cached (warm: every
visit but the first after a change) and computed (cold), two ways, alternated in rounds:

- the baseline, the dashboard as it was before the new features: no next-session card, no
  weekly goal card (no Goal read, neither card rendered), and a report without the
  weaknesses, the recent rounds and the activity calendar;
- the full dashboard as it is now.

Prints the p50 and p90 of each, the p50 of each round (the spread, which shows the load
of the machine), the ratio of the p50s, its range over the rounds and a verdict. The goal:
the full dashboard within 1.5x of the baseline, warm and cold.
"""

import argparse
import random
import statistics
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

    from dashboard.models import Goal
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
    Goal.objects.set_for(user, 3)
    return user


def baseline_template():
    """The dashboard's template without the next-session and weekly goal cards."""
    from django.template import engines

    source = (BASE_DIR / "templates" / "dashboard" / "index.html").read_text()
    removed = (
        '{% include "includes/dashboard_planner.html" %}',
        '{% include "includes/goal_card.html" %}',
    )
    for include in removed:
        assert include in source, include
        source = source.replace(include, "")
    return engines["django"].from_string(source)


@contextmanager
def before_the_features():
    """The dashboard as it was before the planner and the goal: neither card nor their
    reads, and a report without the weaknesses, the recent rounds and the activity."""
    from django.http import HttpResponse

    from dashboard import views

    template = baseline_template()

    def render(request, name, context):
        assert name == "dashboard/index.html", name
        return HttpResponse(template.render(context, request))

    with (
        mock.patch.object(views, "next_session", return_value=None),
        mock.patch.object(views, "_goal_context", return_value={}),
        mock.patch.object(views, "render", render),
        # report() gathers these sections in its one pass over the rows and builds them at
        # its end: the baseline skips the building (the gathering stays, a little of the
        # cold figure that "before" did not have).
        mock.patch("performance.analytics._weakness_report", return_value={}),
        mock.patch("performance.analytics._recent_round_report", return_value={}),
        mock.patch("performance.analytics._activity_sections", return_value={}),
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


def median(samples):
    return statistics.median(samples)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=30, help="warm visits per round")
    parser.add_argument("--rounds", type=int, default=3)
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
        print(
            f"/dashboard/ at {args.count:,} performances, {args.rounds} alternated rounds; "
            f"baseline = before the planner and the goal, full = today's dashboard:"
        )
        verdicts = []
        for state, cold in (("warm", False), ("cold", True)):
            runs = args.runs if not cold else max(5, args.runs // 3)
            # Alternate the two, so that neither gets the machine's quieter moments.
            baseline, full, ratios = [], [], []
            for _ in range(args.rounds):
                cache.clear()
                with before_the_features():
                    client.get("/dashboard/")
                    before = sample(client, runs, cold=cold)
                cache.clear()
                client.get("/dashboard/")
                now = sample(client, runs, cold=cold)
                baseline += before
                full += now
                ratios.append(median(now) / median(before))
            line(f"{state}, baseline (before the features)", baseline)
            line(f"{state}, full dashboard", full, baseline)
            ratio = median(full) / median(baseline)
            print(
                f"    p50 per round: baseline {spread(baseline, runs)}; full {spread(full, runs)};"
                f" ratio x{min(ratios):.2f} to x{max(ratios):.2f}"
            )
            verdict = "within" if ratio <= GOAL else "OVER"
            verdicts.append(verdict)
            print(f"  {state.capitalize()} ratio x{ratio:.2f}: {verdict} the goal of x{GOAL}.")
        print(
            "Verdict: " + ("within the goal." if verdicts == ["within"] * 2 else "OVER the goal.")
        )


def spread(samples, runs):
    """The p50 of each round, milliseconds."""
    rounds = [samples[i : i + runs] for i in range(0, len(samples), runs)]
    return " / ".join(f"{median(block):.1f}" for block in rounds) + " ms"


if __name__ == "__main__":
    main()
