"""Pure computations over a person's performances.

Every function takes plain values (dicts keyed by the Performance model's field
names, as `values()` gives them; oldest first where order matters) and returns
plain values; nothing here touches the database.
"""

from statistics import fmean


def summary(performances):
    """Count, average / best / latest score, accuracy and time over the given performances.

    `performances` is an iterable of dicts with score, total_questions,
    correct_answers and time_spent, ordered oldest first.
    """
    rows = list(performances)
    if not rows:
        return {
            "count": 0,
            "average_score": None,
            "best_score": None,
            "latest_score": None,
            "accuracy": None,
            "total_time": 0,
            "average_time": None,
        }
    questions = sum(row["total_questions"] for row in rows)
    correct = sum(row["correct_answers"] for row in rows)
    total_time = sum(row["time_spent"] for row in rows)
    return {
        "count": len(rows),
        "average_score": fmean(row["score"] for row in rows),
        "best_score": max(row["score"] for row in rows),
        "latest_score": rows[-1]["score"],
        "accuracy": 100 * correct / questions if questions else None,
        "total_time": total_time,
        "average_time": total_time / len(rows),
    }
