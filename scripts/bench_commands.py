"""Benchmark of the operator commands on SQLite: wall time and peak memory of each.

    .venv/bin/python scripts/bench_commands.py [--people 1000] [--each 1000]
        [--owner 100000] [--stale 10000] [--seed-users 5] [--seed-interviews 1000]

Seeds a throwaway SQLite file (never var/db.sqlite3) with --people people of --each
completed interviews and their performances (1 M of each by default), one person with
--owner more (each with its practice session, about 20 KB), and --stale ready interviews
older than 30 days, written with raw sqlite3 from one row the app made (fast, so the
seeding is not what is measured). Then runs, each in its own process: check_integrity,
expire_stale_interviews --days 30 (listing, then --delete), export_user_data and
delete_user_data --yes of the person with --owner interviews, and prints each one's wall
time and peak resident memory (the maximum RSS of the process, as /usr/bin/time reports
it; the goal is at most 100 MB). Last, seed_demo on an empty file, once with 500 sessions
and once with --users --seed-users --interviews --seed-interviews: the same peak memory,
and its rows per second.
"""

import argparse
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from scripts.benchmarks import configure  # noqa: E402

GOAL_MB = 100
ROWS_PER_INSERT = 20_000


def template_rows(database):
    """One interview row (a practice session of 15 questions, about 20 KB) and its
    performance row as the app writes them ({column: value})."""
    from django.contrib.auth.models import User

    from interviews.demo import bank_by_round, build_sessions
    from interviews.services import interviews_import

    user = User.objects.create_user("template", password="benchmark-pass")
    sessions = build_sessions(count=40, now=datetime.now(UTC), bank=bank_by_round())
    longest = max(sessions, key=lambda record: len(record.interview["questions"]))
    interviews_import(user=user, records=[longest])
    with sqlite3.connect(database) as db:
        db.row_factory = sqlite3.Row
        interview = dict(db.execute("SELECT * FROM interviews").fetchone())
        performance = dict(db.execute("SELECT * FROM performances").fetchone())
        db.execute("DELETE FROM performances")
        db.execute("DELETE FROM interviews")
    return interview, performance


def insert_statement(table, columns):
    names = ", ".join(f'"{column}"' for column in columns)
    return f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' * len(columns))})"


def stored(moment):
    """A datetime as Django keeps it in SQLite (UTC, without an offset)."""
    return moment.replace(tzinfo=None).isoformat(sep=" ")


def seed(database, *, people, each, owner, stale):
    """Fill the file; the owner's username."""
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import User

    interview, performance = template_rows(database)
    hashed = make_password("benchmark-pass")
    users = User.objects.bulk_create(
        [User(username=f"person-{n}", password=hashed) for n in range(people)]
        + [User(username="owner", password=hashed)]
    )
    plan = [(user.pk, each) for user in users[:-1]] + [(users[-1].pk, owner)]
    now = datetime.now(UTC)
    rng = random.Random(1)
    interview_columns, performance_columns = list(interview), list(performance)
    insert_interview = insert_statement("interviews", interview_columns)
    insert_performance = insert_statement("performances", performance_columns)

    # Only the owner's interviews keep the session: the checks never read it, and a
    # million of them would make a 20 GB file.
    plain = {**interview, "questions": "[]"}

    def rows():
        pk = 0
        for user_id, count in plan:
            template = interview if user_id == plan[-1][0] else plain
            for _ in range(count):
                pk += 1
                completed = now - timedelta(minutes=rng.randint(60, 60 * 24 * 180))
                stamp = stored(completed)
                created = stored(completed - timedelta(minutes=90))
                yield (
                    {
                        **template,
                        "id": pk,
                        "userId": user_id,
                        "createdAt": created,
                        "completedAt": stamp,
                        "performanceId": pk,
                    },
                    {
                        **performance,
                        "id": pk,
                        "userId": user_id,
                        "interviewId": pk,
                        "completedAt": stamp,
                        "score": round(rng.uniform(30, 95), 1),
                    },
                )
        for _ in range(stale):
            pk += 1
            created = stored(now - timedelta(days=rng.randint(31, 300)))
            yield (
                {
                    **plain,
                    "id": pk,
                    "userId": plan[pk % people][0],
                    "status": "ready",
                    "createdAt": created,
                    "completedAt": None,
                    "performanceId": None,
                },
                None,
            )

    started = time.perf_counter()
    total = 0
    with sqlite3.connect(database) as db:
        pending = iter(rows())
        while True:
            chunk = [pair for _, pair in zip(range(ROWS_PER_INSERT), pending, strict=False)]
            if not chunk:
                break
            db.executemany(insert_interview, [list(i.values()) for i, _ in chunk])
            db.executemany(insert_performance, [list(p.values()) for _, p in chunk if p])
            total += len(chunk)
        db.commit()
    print(
        f"Seeded {people:,} people x {each:,} interviews with their performances, one person "
        f"with {owner:,} and {stale:,} stale ready interviews ({total:,} interviews) in "
        f"{time.perf_counter() - started:.0f} s."
    )
    return "owner"


def measure(label, *args, baseline=None):
    """Run `manage.py args` in its own process; print its wall time and peak RSS (and how
    far above `baseline`'s, a process that only starts Django); (seconds, MB)."""
    with tempfile.NamedTemporaryFile("r") as report:
        started = time.perf_counter()
        completed = subprocess.run(
            ["/usr/bin/time", "-f", "%M", "-o", report.name, sys.executable, "manage.py", *args],
            cwd=BASE_DIR,
            capture_output=True,
            text=True,
        )
        wall = time.perf_counter() - started
        peak_mb = int(report.read().strip().splitlines()[-1]) / 1024
    text = f"  {label:<44} {wall:7.1f} s   peak RSS {peak_mb:6.1f} MB"
    if baseline is not None:
        verdict = "within" if peak_mb <= GOAL_MB else "OVER"
        text += f" ({verdict} {GOAL_MB} MB; +{peak_mb - baseline[1]:.1f} MB over an idle start)"
    print(f"{text}   exit {completed.returncode}")
    last = (completed.stdout.strip().splitlines() or [""])[-1]
    print(f"    {last[:110]}")
    return wall, peak_mb


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--each", type=int, default=1000)
    parser.add_argument("--owner", type=int, default=100_000)
    parser.add_argument("--stale", type=int, default=10_000)
    parser.add_argument("--seed-users", type=int, default=20)
    parser.add_argument("--seed-interviews", type=int, default=1000)
    options = parser.parse_args()

    with tempfile.TemporaryDirectory() as directory:
        database = Path(directory) / "bench.sqlite3"
        configure(database)
        owner = seed(
            database,
            people=options.people,
            each=options.each,
            owner=options.owner,
            stale=options.stale,
        )
        with sqlite3.connect(database) as db:
            rows = db.execute("SELECT COUNT(*) FROM performances").fetchone()[0]
        print(f"Commands at {rows:,} performances (SQLite, each in its own process):")
        idle = measure("an idle start (manage.py check)", "check")
        measure("check_integrity", "check_integrity", baseline=idle)
        measure(
            "expire_stale_interviews --days 30",
            "expire_stale_interviews",
            "--days",
            "30",
            baseline=idle,
        )
        measure(
            "expire_stale_interviews --days 30 --delete",
            "expire_stale_interviews",
            "--days",
            "30",
            "--delete",
            baseline=idle,
        )
        export = Path(directory) / "owner.json"
        measure(
            f"export_user_data ({options.owner:,} interviews)",
            "export_user_data",
            owner,
            "--output",
            str(export),
            baseline=idle,
        )
        # One record a line: the file is read a line at a time (it is several GB).
        with open(export, encoding="utf-8") as file:
            performances = sum(
                1 for text in file if text.startswith('    {"id"') and '"interviewId"' in text
            )
        print(
            f"    the file holds {performances:,} performances "
            f"({export.stat().st_size / 2**20:,.0f} MB)"
        )
        measure(
            f"delete_user_data --yes ({options.owner:,})",
            "delete_user_data",
            owner,
            "--yes",
            baseline=idle,
        )

        seed_demo(directory, options, idle)


def seed_demo(directory, options, idle):
    """seed_demo on an empty file, small and large: the same peak memory, and its rate."""
    users, count = options.seed_users, options.seed_interviews
    print("seed_demo on an empty file (completed practice sessions from the bank):")
    for label, args in (
        ("small", ("--users", "1", "--interviews", "500")),
        ("large", ("--users", str(users), "--interviews", str(count))),
    ):
        os.environ["SQLITE_PATH"] = str(Path(directory) / f"seed-{label}.sqlite3")
        subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=BASE_DIR, check=True)
        wall, _peak = measure(f"seed_demo {' '.join(args)}", "seed_demo", *args, baseline=idle)
    rows = 2 * users * count  # an interview and its performance each
    print(f"    {rows / wall:,.0f} rows/s (interviews and performances; start-up included)")


if __name__ == "__main__":
    main()
