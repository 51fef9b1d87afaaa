"""Pure computations over a person's performances.

Every function takes plain values (dicts keyed by the Performance model's field
names, ordered oldest first, with the feedback and the round results as stored, read
as Feedback.from_document and RoundResult.from_document read them) and returns plain values
that `json.dumps` accepts: numbers are finite and rounded, dates are ISO strings,
and a figure without enough data behind it is None. Nothing here touches the
database. `report()` gathers every analytic for the page and the stats API; it codes
its rows (`encode()`) and computes them with `coded_report()`, which also reads a history
kept coded a month at a time (performance/reporting.py).
"""

import datetime
import functools
import itertools
import math
import re
from bisect import bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass
from statistics import fmean, median

from interviews.documents import STORED_ROUND_KEYS
from interviews.validation import INTERVIEW_FIELDS, PERFORMANCE_FIELDS

# A stored round's keys, in RoundResult's order.
_ROUND_TYPE, _SCORE, _ANSWERED, _TOTAL, _MINUTES = STORED_ROUND_KEYS

# The Performance fields report() reads; performance/reporting.py's `report_rows()` gives
# its rows.
ROW_FIELDS = (
    "id",
    "completed_at",
    *INTERVIEW_FIELDS,
    *PERFORMANCE_FIELDS,
)
MOVING_AVERAGE_WINDOW = 5
MIN_TREND_INTERVIEWS = 3
# A trend is "improving" or "declining" when the least-squares slope of the score
# reaches this many points per interview either way; in between it is "steady".
TREND_SLOPE_THRESHOLD = 0.5
RECENT_WINDOW = 5
# The dashboard's latest results.
LATEST_RESULTS = 5
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
# Per company, the recurring improvements shown as particular to it.
MAX_COMPANY_FOCUS = 2
MAX_NEXT_RECOMMENDATIONS = 3

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
    return _summary(
        [row["score"] for row in rows],
        sum(row["total_questions"] for row in rows),
        sum(row["correct_answers"] for row in rows),
        sum(row["time_spent"] for row in rows),
    )


def _summary(scores, questions, correct, total_time):
    """summary() from the scores (oldest first) and the sums of the other figures."""
    if not scores:
        return {
            "count": 0,
            "average_score": None,
            "best_score": None,
            "latest_score": None,
            "accuracy": None,
            "total_time": 0,
            "average_time": None,
        }
    return {
        "count": len(scores),
        "average_score": _round(fmean(scores)),
        "best_score": max(scores),
        "latest_score": scores[-1],
        "accuracy": _ratio(correct, questions, 100),
        "total_time": _round(total_time),
        "average_time": _round(total_time / len(scores)),
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
    # The sum of (x - mean_x)² over the positions, in whole numbers: (n³ - n) / 12.
    variance = (count**3 - count) / 12
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


def _date(row, zone):
    return row["completed_at"].astimezone(zone).date().isoformat()


def score_tracking(rows, zone=datetime.UTC, max_points=MAX_CHART_POINTS, date=None):
    """Score over time with its moving average, at most `max_points` points.

    Longer histories are drawn as consecutive groups of interviews: each point is
    the group's mean score and the moving average at the group's last interview.
    `date(index)` gives a row's day in `zone` when the caller knows it already.
    """
    if date is None:

        def date(index):
            return _date(rows[index], zone)

    return _tracking([row["score"] for row in rows], date, max_points)


def _tracking(scores, date, max_points=MAX_CHART_POINTS):
    """score_tracking() from the scores, oldest first; `date(index)` is a row's day."""
    count = len(scores)
    enough = count >= MIN_TREND_INTERVIEWS
    averages = moving_averages(scores)
    size = max(1, math.ceil(count / max_points))
    points = []
    for start in range(0, count, size):
        end = min(start + size, count)
        points.append(
            {
                "date": date(end - 1),
                "first_date": date(start),
                # The position of the point's last interview, oldest first, from 1.
                "number": end,
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


@dataclass(slots=True)
class RoundTotals:
    """The sums over the rounds of one type."""

    rounds: int = 0
    score: float = 0.0
    answered: int = 0
    questions: int = 0
    minutes: float = 0.0

    def add(self, score, answered, questions, minutes):
        """Count one round."""
        self.rounds += 1
        self.score += score
        self.answered += answered
        self.questions += questions
        self.minutes += minutes

    def stats(self):
        """Rounds taken, average score, completion rate (questions answered / questions
        asked, in percent) and minutes per question asked."""
        return {
            "rounds": self.rounds,
            "average_score": _ratio(self.score, self.rounds),
            "completion_rate": _ratio(self.answered, self.questions, 100),
            "minutes_per_question": _ratio(self.minutes, self.questions),
        }


class RoundTally:
    """Totals of round results per round type (missing numbers count as 0)."""

    __slots__ = ("by_type",)

    def __init__(self):
        self.by_type = defaultdict(RoundTotals)

    def stats(self):
        """RoundTotals.stats() per round type, by name."""
        return {name: totals.stats() for name, totals in sorted(self.by_type.items())}


def round_values(results):
    """(type, score, questions answered, questions, minutes) of each stored round result,
    "unknown" and 0 for what is missing; entries that are not objects are no rounds."""
    if type(results) is not list:
        return []
    return [
        (
            result.get(_ROUND_TYPE) or "unknown",
            result.get(_SCORE) or 0,
            result.get(_ANSWERED) or 0,
            result.get(_TOTAL) or 0,
            result.get(_MINUTES) or 0,
        )
        for result in results
        if type(result) is dict
    ]


def _extremes(by_type):
    """The strongest and weakest round types by average score; None below two types."""
    scored = [(s["average_score"], name) for name, s in by_type.items()]
    if len(scored) < 2:
        return None, None
    return max(scored)[1], min(scored)[1]


@dataclass(slots=True)
class _Time:
    """Interviews, minutes, questions and scores of a group of interviews."""

    interviews: int = 0
    minutes: float = 0.0
    questions: int = 0
    score: float = 0.0

    def average_score(self):
        return _ratio(self.score, self.interviews)

    def stats(self):
        return {
            "interviews": self.interviews,
            "minutes_per_interview": _ratio(self.minutes, self.interviews),
            "minutes_per_question": _ratio(self.minutes, self.questions),
        }


@functools.lru_cache(maxsize=8192)
def normalise(text):
    """`text` folded for comparison: case, runs of spaces and trailing punctuation ignored."""
    return _SPACES.sub(" ", str(text)).strip().rstrip(_TRAILING_PUNCTUATION).strip().casefold()


def feedback_items(feedback, key):
    """The entries of one list (strengths, improvements or recommendations) of a stored
    feedback, as text; none when the document or the list is malformed."""
    items = feedback.get(key) if type(feedback) is dict else None
    if type(items) is not list:
        return []
    return [text if type(text) is str else str(text) for text in items]


@functools.lru_cache(maxsize=8192)
def _folded(text):
    """`text` normalised for comparison, and as shown (without surrounding spaces)."""
    return normalise(text), text.strip()


def _normalised_items(feedback, key):
    """The distinct normalised items of one feedback list, with their first wording."""
    found = {}
    items = feedback.get(key) if type(feedback) is dict else None
    if type(items) is not list:
        return found
    for text in items:
        folded, shown = _folded(text if type(text) is str else str(text))
        if folded and folded not in found:
            found[folded] = shown
    return found


@dataclass(slots=True)
class Mention:
    """A feedback item: its first wording, how many interviews mention it, first and last."""

    text: str
    interviews: int
    first: int
    last: int


class _Tally:
    """Interviews mentioning each normalised item, with its first and last appearance."""

    def __init__(self):
        self.items = {}

    def add(self, items, index):
        """Count the interview at `index` once for each of `items` (_normalised_items())."""
        for folded, text in items.items():
            mention = self.items.get(folded)
            if mention is None:
                self.items[folded] = Mention(text, 1, index, index)
            else:
                mention.interviews += 1
                mention.last = index

    def add_coded(self, items, pairs, index):
        """Count the interview at `index` once for each item of one coded list: `items` are
        positions in `pairs`, each text's (normalised, shown) pair, None for one that
        normalises to nothing. An item twice in the list counts once."""
        mentions = self.items
        for at in items:
            pair = pairs[at]
            if pair is None:
                continue
            folded, shown = pair
            mention = mentions.get(folded)
            if mention is None:
                mentions[folded] = Mention(shown, 1, index, index)
            # Last seen here already: the same item twice in one interview counts once.
            elif mention.last != index:
                mention.interviews += 1
                mention.last = index

    def count(self, folded):
        mention = self.items.get(folded)
        return mention.interviews if mention else 0

    def recurring(self, minimum=RECURRING_MIN_INTERVIEWS, limit=MAX_PATTERNS):
        found = [mention for mention in self.items.values() if mention.interviews >= minimum]
        found.sort(key=lambda mention: (-mention.interviews, mention.text.casefold()))
        return found[:limit]


class _Company:
    def __init__(self):
        self.name = ""
        self.scores = []
        self.last = 0
        self.rounds = RoundTally()
        self.improvements = _Tally()
        self.recommendations = _Tally()


# A history coded for the report: a table of the texts it uses and a row of numbers per
# interview, the texts given by their position in the table. performance/reporting.py
# stores a person's history coded in blocks, a month each, kept up to date as it changes,
# so that a report reads numbers instead of every document. A row is:
ROW_ID, ROW_TIME, ROW_JOB, ROW_COMPANY, ROW_TYPE, ROW_LEVEL = range(6)
# then the questions, correct answers, score and minutes as stored; the strengths,
# improvements and recommendations (positions of each item without its surrounding spaces);
# and the rounds, [type position, score, answered, questions, minutes] as round_values()
# reads them. The id is text and the time is in microseconds since 1970 (UTC).
# Raised when the coding changes, so that months stored in an older one are coded again.
CODING = 1
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
_MICROSECOND = datetime.timedelta(microseconds=1)
_DAY = 86_400_000_000
_EPOCH_DAY = EPOCH.date().toordinal()


def encode(rows):
    """`rows` (as report() takes them, oldest first) as one coded block: {"coding": CODING,
    "texts": [...], "rows": [...]}, which json.dumps accepts."""
    texts, positions = [], {}

    def text(value):
        # True and 1 are equal keys: a value that is not text is kept with its type.
        key = value if type(value) is str else (type(value), value)
        position = positions.get(key)
        if position is None:
            position = positions[key] = len(texts)
            texts.append(value)
        return position

    def items(feedback, key):
        return [text(item.strip()) for item in feedback_items(feedback, key)]

    coded = []
    for row in rows:
        feedback = row["feedback"]
        coded.append(
            [
                None if row.get("id") is None else str(row["id"]),
                (row["completed_at"] - EPOCH) // _MICROSECOND,
                text(row.get("job_title")),
                text(row["company_name"]),
                text(row["interview_type"]),
                text(row["experience_level"]),
                row["total_questions"],
                row["correct_answers"],
                row["score"],
                row["time_spent"],
                items(feedback, "strengths"),
                items(feedback, "improvements"),
                items(feedback, "recommendations"),
                [[text(kind), *figures] for kind, *figures in round_values(row["round_results"])],
            ]
        )
    return {"coding": CODING, "texts": texts, "rows": coded}


def report(rows, zone=datetime.UTC):
    """Every analytic over `rows` (oldest first), as JSON-ready values; dates are in `zone`.

    Each row is a dict with the ROW_FIELDS (completed_at aware).
    """
    rows = rows if isinstance(rows, list) else list(rows)
    return coded_report([encode(rows)], zone)


def coded_report(blocks, zone=datetime.UTC):
    """report() of a history coded in `blocks` (encode()'s, oldest first, in order).

    One pass gathers the totals and each row's day in `zone` (the activity counts them;
    every date shown is read from them).
    """
    scores = []
    questions_asked = correct_answers = total_time = 0
    scores_by_type = defaultdict(list)
    time_by_type, time_by_level = defaultdict(_Time), defaultdict(_Time)
    bands = [_Time() for _ in TIME_BANDS]
    paces = []
    rounds = RoundTally()
    strengths, improvements = _Tally(), _Tally()
    companies = defaultdict(_Company)

    # For weaknesses(), recent_rounds() and activity(), gathered in the same pass.
    sessions = defaultdict(list)  # interview type -> indexes of its rows
    sightings = {}  # (type, folded) -> [first wording, positions among the type's sessions]
    round_scores, last_round = defaultdict(list), {}
    day_zone = _day_zone(zone)
    in_utc = day_zone is datetime.UTC
    days = []  # each row's day in `zone`, as its ordinal
    starts = []  # the index of each block's first row

    # The work per row is inlined (this loop is most of a cold page's time): the round
    # tallies in one pass over the rounds, each total still added in the order of the rows;
    # each text folded once per block; each company name folded once.
    overall = rounds.by_type
    uppers = [upper for upper, _label in TIME_BANDS]
    band_count = len(bands)
    by_name = {}  # a company's name as written -> its _Company
    index = 0
    for block in blocks:
        texts = block["texts"]
        starts.append(index)
        # Each text's (normalised, shown) pair; None for an item that normalises to nothing.
        folded = [_folded(text) if type(text) is str else None for text in texts]
        folded = [pair if pair and pair[0] else None for pair in folded]
        for row in block["rows"]:
            (
                _pk,
                moment,
                _job,
                name,
                kind,
                level,
                questions,
                correct,
                score,
                minutes,
                said_strengths,
                said_improvements,
                said_recommendations,
                results,
            ) = row
            kind = texts[kind]
            scores.append(score)
            questions_asked += questions
            correct_answers += correct
            total_time += minutes
            scores_by_type[kind].append(score)
            for spent in (time_by_type[kind], time_by_level[texts[level]]):
                spent.interviews += 1
                spent.minutes += minutes
                spent.questions += questions
            # The first band whose upper bound is above the minutes (none for a NaN).
            band = bisect_right(uppers, minutes)
            if band < band_count:
                band = bands[band]
                band.interviews += 1
                band.score += score
            if questions:
                paces.append((minutes / questions, index))
            if in_utc:
                days.append(_EPOCH_DAY + moment // _DAY)
            else:
                days.append((EPOCH + moment * _MICROSECOND).astimezone(day_zone).date().toordinal())

            name = texts[name]
            company = by_name.get(name)
            if company is None:
                company = by_name[name] = companies[name.casefold()]
            company.name = name
            company.scores.append(score)
            company.last = index
            by_company = company.rounds.by_type
            for round_type, round_score, answered, asked, taken in results:
                round_type = texts[round_type]
                overall[round_type].add(round_score, answered, asked, taken)
                by_company[round_type].add(round_score, answered, asked, taken)
                round_scores[round_type].append(round_score)
                last_round[round_type] = index

            strengths.add_coded(said_strengths, folded, index)
            improvements.add_coded(said_improvements, folded, index)
            company.improvements.add_coded(said_improvements, folded, index)
            company.recommendations.add_coded(said_recommendations, folded, index)
            of_kind = sessions[kind]
            position = len(of_kind)
            of_kind.append(index)
            for at in said_improvements:
                if folded[at] is None:
                    continue
                folded_text, shown = folded[at]
                found = sightings.get((kind, folded_text))
                if found is None:
                    sightings[(kind, folded_text)] = [shown, [position]]
                elif found[1][-1] != position:
                    found[1].append(position)
            index += 1
    count = index

    def row_at(index):
        """The row at `index` with the fields latest() and the outliers show."""
        first = bisect_right(starts, index) - 1
        block = blocks[first]
        texts, row = block["texts"], block["rows"][index - starts[first]]
        return {
            "id": row[ROW_ID],
            "completed_at": EPOCH + row[ROW_TIME] * _MICROSECOND,
            "job_title": texts[row[ROW_JOB]],
            "company_name": texts[row[ROW_COMPANY]],
            "interview_type": texts[row[ROW_TYPE]],
            "experience_level": texts[row[ROW_LEVEL]],
            "score": row[ROW_LEVEL + 3],
            "recommendations": [texts[at] for at in row[ROW_LEVEL + 7]],
        }

    def date(index):
        return datetime.date.fromordinal(days[index]).isoformat()

    def patterns(tally):
        return [
            {
                "text": mention.text,
                "interviews": mention.interviews,
                "first_seen": date(mention.first),
                "last_seen": date(mention.last),
            }
            for mention in tally.recurring()
        ]

    round_stats = rounds.stats()
    strongest, weakest = _extremes(round_stats)
    recurring_improvements = patterns(improvements)
    last_rows = [row_at(index) for index in range(max(0, count - LATEST_RESULTS - 1), count)]
    return {
        "summary": _summary(scores, questions_asked, correct_answers, total_time),
        "tracking": _tracking(scores, date),
        "trend": {
            "overall": trend(scores),
            "by_type": {name: trend(scores) for name, scores in sorted(scores_by_type.items())},
            "slope_threshold": TREND_SLOPE_THRESHOLD,
            "recent_window": RECENT_WINDOW,
        },
        "rounds": {"by_type": round_stats, "strongest": strongest, "weakest": weakest},
        "time": _time_report(row_at, time_by_type, time_by_level, bands, paces, date),
        "patterns": {
            "minimum": RECURRING_MIN_INTERVIEWS,
            "strengths": patterns(strengths),
            "improvements": recurring_improvements,
        },
        "companies": _company_report(companies.values(), date, improvements, round_stats),
        "next_steps": _next_steps(
            last_rows[-1:], count, round_stats, weakest, recurring_improvements, date
        ),
        "weaknesses": _weakness_report(sessions, sightings, date),
        "recent_rounds": _recent_round_report(round_scores, last_round, date),
        "latest": latest(last_rows),
        **_activity_sections(
            {datetime.date.fromordinal(day): count for day, count in Counter(days).items()}
        ),
    }


def latest(rows, count=LATEST_RESULTS):
    """The last `count` of `rows`, newest first, each with its score's change from the row
    before it (None for the first row). Ids are text, as everywhere in the report; times
    are ISO in UTC, to be shown in any zone."""
    shown = rows[-count - 1 :][::-1]
    return [
        {
            "id": None if row.get("id") is None else str(row["id"]),
            "completed_at": row["completed_at"].astimezone(datetime.UTC).isoformat(),
            "job_title": row["job_title"],
            "company_name": row["company_name"],
            "interview_type": row["interview_type"],
            "experience_level": row["experience_level"],
            "score": row["score"],
            "change": None if previous is None else _round(row["score"] - previous["score"], 1),
        }
        for row, previous in zip(shown[:count], [*shown[1:], None], strict=False)
    ]


def _next_steps(last, count, round_stats, weakest, recurring_improvements, date):
    """What to work on next: the weakest round type, the improvement asked for most often
    and the recommendations of the latest interview (`last`: a list of its row_at() row, or
    empty), the `count`th."""
    latest = last[0]["recommendations"] if last else []
    return {
        "weakest_round": weakest and {"round_type": weakest, **round_stats[weakest]},
        "top_improvement": recurring_improvements[0] if recurring_improvements else None,
        "recommendations": latest[:MAX_NEXT_RECOMMENDATIONS],
        "recommendations_date": date(count - 1) if latest else None,
    }


def _time_report(row_at, by_type, by_level, bands, paces, date):
    """Minutes per interview and per question by type and by level, score by time band,
    and the interviews whose pace is far from the person's own median."""
    typical = median(pace for pace, _ in paces) if paces else None
    outliers = []
    for pace, index in paces:
        if typical:
            ratio = pace / typical
            if ratio >= PACE_OUTLIER_RATIO or ratio <= 1 / PACE_OUTLIER_RATIO:
                distance = abs(math.log(ratio)) if ratio else math.inf
                outliers.append((distance, index, pace))
        elif typical == 0 and pace > 0:
            outliers.append((math.inf, index, pace))
    outliers.sort(key=lambda item: (-item[0], -item[1]))
    return {
        "by_type": {name: totals.stats() for name, totals in sorted(by_type.items())},
        "by_level": {name: totals.stats() for name, totals in sorted(by_level.items())},
        "by_band": [
            {"band": label, "interviews": band.interviews, "average_score": band.average_score()}
            for (_upper, label), band in zip(TIME_BANDS, bands, strict=True)
        ],
        "median_minutes_per_question": _round(typical),
        "outlier_ratio": PACE_OUTLIER_RATIO,
        "outlier_count": len(outliers),
        "outliers": [
            {
                "id": row["id"],
                "date": date(index),
                "job_title": row["job_title"],
                "company_name": row["company_name"],
                "minutes_per_question": _round(pace),
                "times_median": _ratio(pace, typical),
            }
            for _distance, index, pace in outliers[:MAX_PACE_OUTLIERS]
            for row in [row_at(index)]
        ],
    }


def _company_focus(company, improvements, total):
    """The improvements recurring at `company` that come up there more often than elsewhere,
    the most particular first: what the person saw at that company rather than everywhere."""
    count = len(company.scores)
    elsewhere = total - count
    found = []
    for folded, mention in company.improvements.items.items():
        if mention.interviews < RECURRING_MIN_INTERVIEWS:
            continue
        share = mention.interviews / count
        others = improvements.count(folded) - mention.interviews
        share_elsewhere = others / elsewhere if elsewhere else 0
        if share > share_elsewhere:
            found.append((share - share_elsewhere, mention))
    found.sort(key=lambda item: (-item[0], -item[1].interviews, item[1].text.casefold()))
    return [
        {"text": mention.text, "interviews": mention.interviews}
        for _lift, mention in found[:MAX_COMPANY_FOCUS]
    ]


def _company_report(companies, date, improvements, overall_rounds):
    """Per company (names compared without case, shown as last written): interviews,
    scores, last attempt, trend, weakest round type (with its average there and
    overall), recurring improvements, those particular to the company (`focus`) and the
    recommendations given there, most frequent first."""
    insights = []
    total = sum(len(company.scores) for company in companies)
    for company in companies:
        round_stats = company.rounds.stats()
        weakest = (
            min((s["average_score"], name) for name, s in round_stats.items())[1]
            if round_stats
            else None
        )
        insights.append(
            {
                "company_name": company.name,
                "interviews": len(company.scores),
                "average_score": _round(fmean(company.scores)),
                "best_score": max(company.scores),
                "last_attempt": date(company.last),
                "trend": trend(company.scores)["label"],
                "weakest_round": weakest,
                "weakest_round_score": weakest and round_stats[weakest]["average_score"],
                "weakest_round_overall": weakest and overall_rounds[weakest]["average_score"],
                "focus": _company_focus(company, improvements, total),
                "recurring_improvements": [
                    mention.text for mention in company.improvements.recurring()
                ],
                "recommendations": [
                    mention.text
                    for mention in company.recommendations.recurring(
                        minimum=1, limit=MAX_COMPANY_RECOMMENDATIONS
                    )
                ],
            }
        )
    insights.sort(key=lambda item: (-item["interviews"], item["company_name"].casefold()))
    return insights


# Weakness lifecycle and recent rounds (read by the performance page and the planner). ------

# A recurring improvement is resolved once this many sessions of its type in a row lack it.
RESOLVE_AFTER = 3
MAX_WEAKNESSES = 25
WEAKNESS_STATUSES = ("regressed", "open", "resolved")
# The round scores of each type that make its recent average.
RECENT_ROUNDS = 3


def weakness_status(positions, sessions, minimum=RECURRING_MIN_INTERVIEWS, rest=RESOLVE_AFTER):
    """(status, position of the session where it was last resolved or None) of an item seen
    in the sessions at `positions` (ascending) out of `sessions` sessions of its type.

    Open once seen; resolved when, after `minimum` sightings, `rest` sessions in a row lack
    it; regressed when seen again after being resolved, until it is resolved again.
    """
    status, resolved_at = "open", None
    for seen, (before, position) in enumerate(itertools.pairwise(positions), start=1):
        if seen >= minimum and position - before > rest:
            status, resolved_at = "regressed", before + rest
    if len(positions) >= minimum and sessions - 1 - positions[-1] >= rest:
        status, resolved_at = "resolved", positions[-1] + rest
    return status, resolved_at


def weaknesses(rows, zone=datetime.UTC, limit=MAX_WEAKNESSES):
    """Each recurring improvement per interview type with its status, first and last seen.

    An improvement (normalised) is tracked among the sessions of one interview type and
    recurs when seen in RECURRING_MIN_INTERVIEWS of them. Regressed ones first, then open,
    then resolved; the most recently seen first within each.
    """
    sessions = defaultdict(list)  # interview type -> indexes of its rows
    sightings = {}  # (type, folded) -> [first wording, positions among the type's sessions]
    for index, row in enumerate(rows):
        kind = row["interview_type"]
        position = len(sessions[kind])
        sessions[kind].append(index)
        for folded, text in _normalised_items(row["feedback"], "improvements").items():
            found = sightings.get((kind, folded))
            if found is None:
                sightings[(kind, folded)] = [text, [position]]
            else:
                found[1].append(position)
    return _weakness_report(sessions, sightings, lambda index: _date(rows[index], zone), limit)


def _weakness_report(sessions, sightings, date, limit=MAX_WEAKNESSES):
    """weaknesses() from its sessions and sightings; `date(index)` is a row's day."""
    found = []
    for (kind, _folded), (text, positions) in sightings.items():
        if len(positions) < RECURRING_MIN_INTERVIEWS:
            continue
        status, resolved_at = weakness_status(positions, len(sessions[kind]))
        found.append((status, kind, text, positions, resolved_at))
    counts = dict.fromkeys(WEAKNESS_STATUSES, 0)
    for status, *_rest in found:
        counts[status] += 1
    order = {status: rank for rank, status in enumerate(WEAKNESS_STATUSES)}
    found.sort(key=lambda item: (order[item[0]], -sessions[item[1]][item[3][-1]], item[2]))

    def session_date(kind, position):
        return date(sessions[kind][position])

    return {
        "minimum": RECURRING_MIN_INTERVIEWS,
        "resolve_after": RESOLVE_AFTER,
        "counts": counts,
        "items": [
            {
                "text": text,
                "interview_type": kind,
                "status": status,
                "sessions": len(positions),
                "first_seen": session_date(kind, positions[0]),
                "last_seen": session_date(kind, positions[-1]),
                "resolved_on": None if resolved_at is None else session_date(kind, resolved_at),
                # Sessions of its type since it was last seen.
                "absent_for": len(sessions[kind]) - 1 - positions[-1],
            }
            for status, kind, text, positions, resolved_at in found[:limit]
        ],
    }


def recent_rounds(rows, zone=datetime.UTC, window=RECENT_ROUNDS):
    """Per round type: rounds taken, the scores of the last `window` (oldest first), their
    mean and the date of the last one, in `zone`."""
    scores, last = defaultdict(list), {}
    for index, row in enumerate(rows):
        for round_type, score, *_counts in round_values(row["round_results"]):
            scores[round_type].append(score)
            last[round_type] = index
    return _recent_round_report(scores, last, lambda index: _date(rows[index], zone), window)


def _recent_round_report(scores, last, date, window=RECENT_ROUNDS):
    """recent_rounds() from every round score per type, oldest first, and the index of each
    type's last row; `date(index)` is a row's day."""
    return {
        round_type: {
            "rounds": len(every),
            "recent_scores": [_round(score) for score in every[-window:]],
            "recent_average": _round(fmean(every[-window:])),
            "last_practised": date(last[round_type]),
        }
        for round_type, every in sorted(scores.items())
    }


# Activity: interviews per day. -------------------------------------------------------


def activity(rows, zone=datetime.UTC):
    """How many of `rows` were completed on each day in `zone`: {"YYYY-MM-DD": count}, oldest
    day first, days without an interview left out."""
    zone = _day_zone(zone)
    days = defaultdict(int)
    for row in rows:
        days[row["completed_at"].astimezone(zone).date()] += 1
    return _activity_report(days)


def _activity_report(days):
    """activity() from {date: interviews}."""
    return {day.isoformat(): count for day, count in sorted(days.items())}


def weekly_activity(days):
    """Interviews per week from {date: interviews}: {"YYYY-MM-DD" of its Monday: count},
    oldest week first."""
    weeks = defaultdict(int)
    for day, count in days.items():
        weeks[day - datetime.timedelta(days=day.weekday())] += count
    return _activity_report(weeks)


def _activity_sections(days):
    """The report's activity per day and per week: the weekly goal's streak reads the
    weeks, which a long history has far fewer of than days."""
    return {"activity": _activity_report(days), "activity_weeks": weekly_activity(days)}


def _day_zone(zone):
    """`zone`, or datetime.UTC for a ZoneInfo of UTC: converting a time that is in UTC
    already to datetime.UTC costs nothing, to a ZoneInfo four times as much as to UTC."""
    return datetime.UTC if getattr(zone, "key", None) in ("UTC", "Etc/UTC") else zone
