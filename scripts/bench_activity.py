"""What the activity per day adds to the analytics report: `python scripts/bench_activity.py`.

Builds 100,000 report rows in memory (three interviews a day; no database) and prints, for
the site zones UTC and America/Los_Angeles, the best of several runs of
`analytics.activity()` and of the whole `analytics.report()` that includes it.
"""

import datetime
import sys
import timeit
import zoneinfo
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from performance import analytics

ROWS = 100_000
START = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)


def rows():
    return [
        {
            "id": index,
            "completed_at": START + datetime.timedelta(hours=8 * index),
            "job_title": "Backend Engineer",
            "company_name": ("Acme", "Globex", "Initech")[index % 3],
            "interview_type": ("technical", "behavioral")[index % 2],
            "experience_level": "mid",
            "total_questions": 10,
            "correct_answers": 7,
            "score": 50 + index % 50,
            "time_spent": 30 + index % 60,
            "feedback": {"strengths": ["Clear"], "improvements": ["Depth"]},
            "round_results": [
                {"roundType": "technical", "score": 70, "questionsAnswered": 5}
                | {"totalQuestions": 6, "timeSpent": 25}
            ],
        }
        for index in range(ROWS)
    ]


def best_ms(function, repeat):
    return 1000 * min(timeit.repeat(function, number=1, repeat=repeat))


def main():
    data = rows()
    print(f"{ROWS:,} rows, three a day:")
    for name in ("UTC", "America/Los_Angeles"):
        zone = zoneinfo.ZoneInfo(name)
        days = best_ms(lambda zone=zone: analytics.activity(data, zone), 7)
        whole = best_ms(lambda zone=zone: analytics.report(data, zone), 5)
        print(f"  {name:<20} activity() {days:5.0f} ms of report() {whole:5.0f} ms", end="")
        print(f" ({100 * days / whole:.0f}%)")


if __name__ == "__main__":
    main()
