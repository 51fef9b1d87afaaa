"""Pure computations over a person's performances.

Every function takes plain values (dicts keyed by the Performance model's field
names, as `values()` gives them, ordered oldest first) and returns plain values
that `json.dumps` accepts: numbers are finite and rounded, dates are ISO strings,
and a figure without enough data behind it is None. Nothing here touches the
database. `report()` gathers every analytic for the page and the stats API.
"""

import datetime
import math
import re
from collections import Counter, defaultdict
from statistics import fmean, median

MOVING_AVERAGE_WINDOW = 5
MIN_TREND_INTERVIEWS = 3
# A trend is "improving" or "declining" when the least-squares slope of the score
# reaches this many points per interview either way; in between it is "steady".
TREND_SLOPE_THRESHOLD = 0.5
RECENT_WINDOW = 5
MAX_CHART_POINTS = 100
# Time-spent bands for "score by time spent": (upper bound in minutes, label).
TIME_BANDS = [
    (30, "Under 30 min"),
    (45, "30–45 min"),
    (60, "45–60 min"),
    (90, "60–90 min"),
    (math.inf, "90 min or more"),
]
# An interview's pace is unusual when its minutes per question are this many times
# above, or this many times below, the person's own median.
PACE_OUTLIER_RATIO = 2
MAX_PACE_OUTLIERS = 10
RECURRING_MIN_INTERVIEWS = 2
MAX_PATTERNS = 25
MAX_COMPANY_RECOMMENDATIONS = 10

_TRAILING_PUNCTUATION = ".,;:!?…"
_SPACES = re.compile(r"\s+")


def _round(value, digits=2):
    """`value` rounded, or None for None and for values that are not finite."""
    if value is None or not math.isfinite(value):
        return None
    return round(value, digits)


def _ratio(numerator, denominator, scale=1):
    return _round(scale * numerator / denominator) if denominator else None


def summary(performances):
    """Count, average / best / latest score, accuracy and time over the given performances.

    `performances` is an iterable of dicts with score, total_questions,
    correct_answers and time_spent, ordered oldest first.
    """
    rows = performances if isinstance(performances, list) else list(performances)
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
    scores = [row["score"] for row in rows]
    questions = sum(row["total_questions"] for row in rows)
    correct = sum(row["correct_answers"] for row in rows)
    total_time = sum(row["time_spent"] for row in rows)
    return {
        "count": len(rows),
        "average_score": _round(fmean(scores)),
        "best_score": max(scores),
        "latest_score": scores[-1],
        "accuracy": _ratio(correct, questions, 100),
        "total_time": _round(total_time),
        "average_time": _round(total_time / len(rows)),
    }


def moving_averages(scores, window=MOVING_AVERAGE_WINDOW):
    """For each score, the mean of it and up to `window - 1` scores before it."""
    averages = []
    running = 0.0
    for index, score in enumerate(scores):
        running += score
        if index >= window:
            running -= scores[index - window]
        averages.append(running / min(index + 1, window))
    return averages


def slope(values):
    """The least-squares slope of `values` against their position, or None below two values."""
    count = len(values)
    if count < 2:
        return None
    mean_x = (count - 1) / 2
    mean_y = fmean(values)
    covariance = sum((x - mean_x) * (y - mean_y) for x, y in enumerate(values))
    variance = sum((x - mean_x) ** 2 for x in range(count))
    return covariance / variance


def trend(scores):
    """Slope per interview, change of the last 5 against the 5 before, and a label.

    The label is None below MIN_TREND_INTERVIEWS scores; otherwise "improving",
    "declining" or "steady" by TREND_SLOPE_THRESHOLD.
    """
    count = len(scores)
    result = {"interviews": count, "slope": None, "recent_change": None, "label": None}
    if count >= MIN_TREND_INTERVIEWS:
        per_interview = slope(scores)
        result["slope"] = _round(per_interview)
        if per_interview >= TREND_SLOPE_THRESHOLD:
            result["label"] = "improving"
        elif per_interview <= -TREND_SLOPE_THRESHOLD:
            result["label"] = "declining"
        else:
            result["label"] = "steady"
    if count >= 2 * RECENT_WINDOW:
        last = scores[-RECENT_WINDOW:]
        before = scores[-2 * RECENT_WINDOW : -RECENT_WINDOW]
        result["recent_change"] = _round(fmean(last) - fmean(before))
    return result


def score_tracking(rows, dates, max_points=MAX_CHART_POINTS):
    """Score over time with its moving average, at most `max_points` points.

    Longer histories are drawn as consecutive groups of interviews: each point is
    the group's mean score and the moving average at the group's last interview.
    """
    scores = [row["score"] for row in rows]
    count = len(scores)
    enough = count >= MIN_TREND_INTERVIEWS
    averages = moving_averages(scores)
    size = max(1, math.ceil(count / max_points))
    points = []
    for start in range(0, count, size):
        end = min(start + size, count)
        points.append(
            {
                "date": dates[end - 1],
                "first_date": dates[start],
                "interviews": end - start,
                "score": _round(fmean(scores[start:end])),
                "moving_average": _round(averages[end - 1]) if enough else None,
            }
        )
    return {
        "enough_data": enough,
        "window": MOVING_AVERAGE_WINDOW,
        "group_size": size,
        "points": points,
    }


def _round_stats(rounds):
    taken = len(rounds)
    questions = sum(r.get("totalQuestions") or 0 for r in rounds)
    return {
        "rounds": taken,
        "average_score": _round(fmean(r["score"] for r in rounds)) if taken else None,
        "completion_rate": _ratio(
            sum(r.get("questionsAnswered") or 0 for r in rounds), questions, 100
        ),
        "minutes_per_question": _ratio(sum(r.get("timeSpent") or 0 for r in rounds), questions),
    }


def _extremes(by_type):
    scored = [
        (s["average_score"], name) for name, s in by_type.items() if s["average_score"] is not None
    ]
    if len(scored) < 2:
        return None, None
    return max(scored)[1], min(scored)[1]


def round_analysis(rows):
    """Per round type: rounds taken, average score, completion rate and minutes per question.

    Completion is questionsAnswered / totalQuestions in percent; the strongest and
    weakest types are named only when there are at least two types.
    """
    grouped = defaultdict(list)
    for row in rows:
        for result in row["round_results"] or ():
            grouped[result.get("roundType") or "unknown"].append(result)
    by_type = {name: _round_stats(grouped[name]) for name in sorted(grouped)}
    strongest, weakest = _extremes(by_type)
    return {"by_type": by_type, "strongest": strongest, "weakest": weakest}


def _pace(row):
    return row["time_spent"] / row["total_questions"] if row["total_questions"] else None


def _time_group(rows):
    questions = sum(row["total_questions"] for row in rows)
    minutes = sum(row["time_spent"] for row in rows)
    return {
        "interviews": len(rows),
        "minutes_per_interview": _round(minutes / len(rows)),
        "minutes_per_question": _ratio(minutes, questions),
    }


def time_management(rows, dates):
    """Minutes per interview and per question by type and by level, score by time band,
    and the interviews whose pace is far from the person's own median."""
    by_type, by_level = defaultdict(list), defaultdict(list)
    bands = [[] for _ in TIME_BANDS]
    paces = []
    for index, row in enumerate(rows):
        by_type[row["interview_type"]].append(row)
        by_level[row["experience_level"]].append(row)
        for band, (upper, _label) in enumerate(TIME_BANDS):
            if row["time_spent"] < upper:
                bands[band].append(row["score"])
                break
        pace = _pace(row)
        if pace is not None:
            paces.append((pace, index))
    typical = median(pace for pace, _ in paces) if paces else None
    outliers = []
    if typical:
        for pace, index in paces:
            ratio = pace / typical
            if ratio >= PACE_OUTLIER_RATIO or ratio <= 1 / PACE_OUTLIER_RATIO:
                outliers.append((abs(math.log(ratio)) if ratio else math.inf, pace, index))
    elif typical == 0:
        outliers = [(math.inf, pace, index) for pace, index in paces if pace > 0]
    outliers.sort(key=lambda item: (-item[0], -item[2]))
    return {
        "by_type": {name: _time_group(group) for name, group in sorted(by_type.items())},
        "by_level": {name: _time_group(group) for name, group in sorted(by_level.items())},
        "by_band": [
            {
                "band": label,
                "interviews": len(scores),
                "average_score": _round(fmean(scores)) if scores else None,
            }
            for (_upper, label), scores in zip(TIME_BANDS, bands, strict=True)
        ],
        "median_minutes_per_question": _round(typical),
        "outlier_ratio": PACE_OUTLIER_RATIO,
        "outlier_count": len(outliers),
        "outliers": [
            {
                "id": _id(rows[index]),
                "date": dates[index],
                "job_title": rows[index].get("job_title"),
                "company_name": rows[index]["company_name"],
                "minutes_per_question": _round(pace),
                "times_median": _round(pace / typical) if typical else None,
            }
            for _distance, pace, index in outliers[:MAX_PACE_OUTLIERS]
        ],
    }


def _id(row):
    return None if row.get("id") is None else str(row["id"])


def normalise(text):
    """`text` folded for comparison: case, runs of spaces and trailing punctuation ignored."""
    return _SPACES.sub(" ", str(text)).strip().rstrip(_TRAILING_PUNCTUATION).strip().casefold()


def _feedback_items(row, key):
    feedback = row["feedback"]
    items = feedback.get(key) if isinstance(feedback, dict) else None
    return items if isinstance(items, list) else ()


class _Tally:
    """Interviews mentioning each normalised item, with its first and last appearance."""

    def __init__(self):
        self.items = {}

    def add(self, text, date):
        key = normalise(text)
        if not key:
            return
        entry = self.items.get(key)
        if entry is None:
            self.items[key] = {"text": str(text).strip(), "count": 1, "first": date, "last": date}
        else:
            entry["count"] += 1
            entry["last"] = date

    def ranked(self, minimum=RECURRING_MIN_INTERVIEWS, limit=MAX_PATTERNS):
        found = [entry for entry in self.items.values() if entry["count"] >= minimum]
        found.sort(key=lambda entry: (-entry["count"], entry["text"].casefold()))
        return [
            {
                "text": entry["text"],
                "interviews": entry["count"],
                "first_seen": entry["first"],
                "last_seen": entry["last"],
            }
            for entry in found[:limit]
        ]


def _tally(rows, dates, key):
    tally = _Tally()
    for row, date in zip(rows, dates, strict=True):
        # Counted once per interview, however often one list repeats it.
        for text in {normalise(item): item for item in _feedback_items(row, key)}.values():
            tally.add(text, date)
    return tally


def patterns(rows, dates):
    """Strengths and improvements that recur in two or more interviews, most frequent first."""
    return {
        "minimum": RECURRING_MIN_INTERVIEWS,
        "strengths": _tally(rows, dates, "strengths").ranked(),
        "improvements": _tally(rows, dates, "improvements").ranked(),
    }


def companies(rows, dates):
    """Per company (names compared without case): interviews, scores, last attempt, trend,
    weakest round type, recurring improvements and the recommendations given there."""
    grouped = defaultdict(list)
    for index, row in enumerate(rows):
        grouped[row["company_name"].casefold()].append(index)
    insights = []
    for indexes in grouped.values():
        group = [rows[index] for index in indexes]
        group_dates = [dates[index] for index in indexes]
        scores = [row["score"] for row in group]
        rounds = round_analysis(group)["by_type"]
        scored = [(s["average_score"], name) for name, s in rounds.items() if s["rounds"]]
        recommendations = Counter()
        wording = {}
        for row in group:
            for item in _feedback_items(row, "recommendations"):
                key = normalise(item)
                if key:
                    recommendations[key] += 1
                    wording.setdefault(key, str(item).strip())
        insights.append(
            {
                "company_name": group[-1]["company_name"],
                "interviews": len(group),
                "average_score": _round(fmean(scores)),
                "best_score": max(scores),
                "last_attempt": group_dates[-1],
                "trend": trend(scores)["label"],
                "weakest_round": min(scored)[1] if scored else None,
                "recurring_improvements": [
                    item["text"] for item in _tally(group, group_dates, "improvements").ranked()
                ],
                "recommendations": [
                    wording[key]
                    for key, _count in sorted(
                        recommendations.items(), key=lambda kv: (-kv[1], wording[kv[0]].casefold())
                    )[:MAX_COMPANY_RECOMMENDATIONS]
                ],
            }
        )
    insights.sort(key=lambda item: (-item["interviews"], item["company_name"].casefold()))
    return insights


def local_dates(rows, zone=datetime.UTC):
    """Each row's completed_at as an ISO date in `zone`."""
    return [row["completed_at"].astimezone(zone).date().isoformat() for row in rows]


def report(rows, zone=datetime.UTC):
    """Every analytic over `rows` (oldest first), as JSON-ready values; dates are in `zone`."""
    rows = rows if isinstance(rows, list) else list(rows)
    dates = local_dates(rows, zone)
    by_type = defaultdict(list)
    for row in rows:
        by_type[row["interview_type"]].append(row["score"])
    return {
        "summary": summary(rows),
        "tracking": score_tracking(rows, dates),
        "trend": {
            "overall": trend([row["score"] for row in rows]),
            "by_type": {name: trend(scores) for name, scores in sorted(by_type.items())},
            "slope_threshold": TREND_SLOPE_THRESHOLD,
            "recent_window": RECENT_WINDOW,
        },
        "rounds": round_analysis(rows),
        "time": time_management(rows, dates),
        "patterns": patterns(rows, dates),
        "companies": companies(rows, dates),
    }
