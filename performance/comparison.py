"""How one interview compares with the person's previous comparable one.

The previous comparable interview is the latest counted performance of the same person and
interview type completed before this one (the id breaks ties between equal times), at the
same company when there is one (company names compared ignoring case, as the filters do),
else at any company. An excluded performance is never chosen, and an excluded one is not
compared with anything.

`previous_comparable` reads it with at most three small queries, each served by an index
(performance/models.py); `compare` is a pure function over the two performances and their
questions, and `comparison` puts the two together for the feedback page, its modal and the
API.
"""

from collections import Counter, defaultdict
from statistics import fmean

from django.db.models import Q

from accounts.models import fold
from interviews.choices import InterviewType, RoundType, ScoredBy
from interviews.evaluation import question_score
from interviews.models import Interview
from performance.models import Performance

ROUND_LABELS = dict(RoundType.choices)
TYPE_LABELS = dict(InterviewType.choices)


def _kind(interview_type):
    """The interview type as a sentence says it: "technical", "DSA"."""
    label = TYPE_LABELS.get(interview_type, str(interview_type))
    return label if label.isupper() else label.lower()


def _earlier(performance):
    """The person's counted performances of the same type completed before `performance`,
    latest first."""
    moment = performance.completed_at
    return (
        Performance.objects.filter(user_id=performance.user_id)
        .counted()
        .filter(interview_type=performance.interview_type, completed_at__lte=moment)
        .filter(Q(completed_at__lt=moment) | Q(pk__lt=performance.pk))
        .order_by("-completed_at", "-pk")
    )


def previous_comparable(performance):
    """The performance `performance` is compared with, or None (none earlier, or it is
    excluded)."""
    if performance.excluded:
        return None
    earlier = _earlier(performance)
    latest = earlier.first()
    wanted = fold(performance.company_name.strip())
    if latest is None or not wanted or fold(latest.company_name.strip()) == wanted:
        return latest
    # The person's spellings of the company ("Acme", "ACME"), matched exactly through the
    # index: a case-insensitive query would be a pattern no index serves.
    names = (
        Performance.objects.filter(
            user_id=performance.user_id, interview_type=performance.interview_type
        )
        .order_by("company_name")
        .values_list("company_name", flat=True)
        .distinct()
    )
    spellings = [name for name in names if fold(name.strip()) == wanted]
    return earlier.filter(company_name__in=spellings).first() or latest


def _change(current, previous, *, higher_is_better=True):
    """A measure in both interviews: the values, the change and whether it is better."""
    if current is None or previous is None:
        change, trend = None, None
    else:
        change = round(current - previous, 1)
        if change == 0:
            trend = "same"
        elif not higher_is_better:
            trend = None  # more time is not worse in itself: shown without a judgement
        else:
            trend = "better" if change > 0 else "worse"
    return {"current": current, "previous": previous, "change": change, "trend": trend}


def _rounded(value):
    return None if value is None else round(value, 1)


def _keyed_rounds(round_results):
    """Each round with its key: its type and which of that type it is (1 for the first)."""
    seen = Counter()
    keyed = []
    for result in round_results:
        if result is None:  # a stored round that is not an object (see RoundResult)
            continue
        seen[result.round_type] += 1
        keyed.append(((result.round_type, seen[result.round_type]), result))
    return keyed


def _round_label(round_type, number, repeated):
    label = ROUND_LABELS.get(round_type, str(round_type or "Round").capitalize())
    return f"{label} {number}" if repeated else label


def compare_rounds(current_rounds, previous_rounds):
    """Each round of either interview, matched by type (and order when a type repeats):
    the current interview's in its order, then those only the previous one had."""
    current = dict(_keyed_rounds(current_rounds))
    previous = dict(_keyed_rounds(previous_rounds))
    # A type is numbered when either interview had it more than once.
    counts = Counter(kind for kind, _ in current) | Counter(kind for kind, _ in previous)
    keys = [*current, *(key for key in previous if key not in current)]
    rows = []
    for key in keys:
        now, before = current.get(key), previous.get(key)
        rows.append(
            {
                "round_type": key[0],
                "number": key[1],
                "label": _round_label(key[0], key[1], counts[key[0]] > 1),
                **_change(now.score if now else None, before.score if before else None),
            }
        )
    return rows


def tag_scores(questions):
    """Each tag of a session's questions: (mean score of its questions, how many)."""
    scores = defaultdict(list)
    for question in questions:
        score = question_score(question)
        for tag in dict.fromkeys(question.tags or ()):
            scores[tag].append(score)
    return {tag: (round(fmean(values), 1), len(values)) for tag, values in scores.items()}


def compare_tags(current_questions, previous_questions):
    """Each tag of either session, by name: its mean score in each and the change."""
    current, previous = tag_scores(current_questions), tag_scores(previous_questions)
    rows = []
    for tag in sorted(current.keys() | previous.keys(), key=str.casefold):
        now, now_count = current.get(tag, (None, 0))
        before, before_count = previous.get(tag, (None, 0))
        rows.append(
            {
                "tag": tag,
                "questions": now_count,
                "previous_questions": before_count,
                **_change(now, before),
            }
        )
    return rows


def compare(current, previous, current_questions=None, previous_questions=None):
    """The changes from `previous` to `current` (two performances): overall, per round, and
    per question tag when both had practice questions (else `tags` is None)."""
    tags = None
    if current_questions and previous_questions:
        tags = compare_tags(current_questions, previous_questions)
    return {
        "overall": {
            "score": _change(current.score, previous.score),
            "accuracy": _change(_rounded(current.accuracy), _rounded(previous.accuracy)),
            "time_spent": _change(current.time_spent, previous.time_spent, higher_is_better=False),
        },
        "rounds": compare_rounds(current.round_results, previous.round_results),
        "tags": tags,
    }


def practice_questions(performance, interview):
    """The questions of the practice session behind `performance`; none for results typed
    in by hand (their scores are not the questions')."""
    if interview is None or performance.scored_by == ScoredBy.MANUAL:
        return []
    return interview.questions


def comparison(performance, interview=None):
    """What the feedback shows of the comparison: `previous` (a performance or None),
    whether it is at the same company, and the changes when there is one.

    `interview` is `performance`'s, when the caller has read it already."""
    previous = previous_comparable(performance)
    result = {
        "kind": _kind(performance.interview_type),
        "excluded": performance.excluded,
        "previous": previous,
        "same_company": False,
    }
    if previous is None:
        return result
    current_questions = practice_questions(performance, interview)
    previous_questions = []
    if current_questions and previous.scored_by != ScoredBy.MANUAL:
        earlier = (
            Interview.objects.filter(user_id=previous.user_id, pk=previous.interview_id)
            .only("questions")
            .order_by()
            .first()
        )
        previous_questions = practice_questions(previous, earlier)
    same = fold(previous.company_name.strip()) == fold(performance.company_name.strip())
    result["same_company"] = same
    result.update(compare(performance, previous, current_questions, previous_questions))
    return result
