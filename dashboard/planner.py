"""The next session the planner proposes: the round type to practise, the questions due
for review in it, and why.

It reads the analytics report the dashboard already has (cached, and without the
performances the person excluded; its latest result gives the job title, company and
level) and the questions of one round type and level: never the history.
How it chooses: docs/performance.md, "The next-session planner".
"""

from datetime import date

from django.utils import timezone

from interviews.choices import ExperienceLevel, InterviewType, RoundType
from interviews.plans import ROUNDS, due_questions, questions_per_round
from interviews.services import interview_create, interview_start
from performance.filters import PerformanceFilter
from performance.models import Performance
from performance.reporting import filtered_report

# The interview that practises one round type and nothing else.
PRACTISED_BY = {
    RoundType.TECHNICAL: InterviewType.TECHNICAL,
    RoundType.BEHAVIORAL: InterviewType.BEHAVIORAL,
    RoundType.DSA: InterviewType.DSA,
}
ROUND_LABELS = dict(RoundType.choices)
MAX_DUE_SHOWN = 5
MAX_PLAN_WEAKNESSES = 2
INVITATION = (
    "Complete your first interview: the planner then proposes what to practise next, and why."
)


class NothingToPlan(Exception):
    """The person has no completed interview yet to take a job title, company and level
    from."""


def history_report(user, *, days=False):
    """The analytics report over the person's whole history, as the dashboard shows it;
    with its interviews per day (`activity`) only when asked for `days`."""
    everything = PerformanceFilter({}, queryset=Performance.objects.for_user(user), user=user)
    report, _count = filtered_report(everything, days=days)
    return report


def rank(recent_rounds, today):
    """Every round type with its recent figures and priority, the one to practise first.

    A round type never practised comes first (in RoundType's order); the others by
    priority, (100 − recent average) × (days since last practised + 1): a weak score and
    a long gap both raise it. Ties go to the lower average.
    """
    ranked = []
    for round_type in RoundType.values:
        figures = recent_rounds.get(round_type)
        if figures is None or figures["recent_average"] is None:
            ranked.append({"round_type": round_type, "never_practised": True, "priority": None})
            continue
        days = (today - date.fromisoformat(figures["last_practised"])).days
        average = figures["recent_average"]
        ranked.append(
            {
                "round_type": round_type,
                "never_practised": False,
                "recent_average": average,
                "recent_rounds": len(figures["recent_scores"]),
                "last_practised": figures["last_practised"],
                "days_since": days,
                "priority": round(max(0.0, 100 - average) * (max(days, 0) + 1), 2),
            }
        )
    order = {round_type: place for place, round_type in enumerate(RoundType.values)}
    ranked.sort(
        key=lambda item: (
            not item["never_practised"],
            -(item["priority"] or 0),
            item.get("recent_average", 0),
            order[item["round_type"]],
        )
    )
    for item in ranked:
        item["label"] = ROUND_LABELS[item["round_type"]]
    return ranked


def _latest_result(report):
    """The latest completed interview that counts, as the report lists it, or None."""
    return report["latest"][0] if report["latest"] else None


def _weaknesses_for(report, round_type):
    """The open and regressed weaknesses of the interview types that have this round, each
    text once (the report lists regressed ones first, then the most recently seen)."""
    types = {kind for kind, rounds in ROUNDS.items() if round_type in rounds}
    found = {}
    for item in report["weaknesses"]["items"]:
        if item["status"] != "resolved" and item["interview_type"] in types:
            found.setdefault(item["text"].casefold(), item)
    return list(found.values())[:MAX_PLAN_WEAKNESSES]


def _ago(days):
    if days <= 0:
        return "today"
    return "yesterday" if days == 1 else f"{days} days ago"


def _figure(value):
    return f"{round(value, 1):g}"


def _reasons(choice, ranked, due_count, weaknesses):
    label = choice["label"]
    if choice["never_practised"]:
        first = f"You have not practised a {label} round yet: it comes before polishing the others."
    else:
        practised = [item for item in ranked if not item["never_practised"]]
        weakest = min(practised, key=lambda item: item["recent_average"])
        stalest = max(practised, key=lambda item: item["days_since"])
        rounds = choice["recent_rounds"]
        over = f"over the last {rounds}" if rounds > 1 else "in your only round of it"
        average = _figure(choice["recent_average"])
        if weakest is choice:
            first = f"{label} is your weakest recent round ({average} on average {over})"
        else:
            first = f"{label} averages {average} {over}"
        first += f" and you last practised it {_ago(choice['days_since'])}"
        if stalest is choice and weakest is not choice and len(practised) > 1:
            first += ", longer ago than any other round type"
        first += "."
    reasons = [first]
    if due_count:
        are = "question is" if due_count == 1 else "questions are"
        reasons.append(f"{due_count} {are} due for review; the session asks them first.")
    else:
        reasons.append(
            "No question of this round is due for review: it asks ones you have not seen."
        )
    for item in weaknesses:
        kind = "Regressed weakness" if item["status"] == "regressed" else "Open weakness"
        # The text may hold quotes of its own: it follows the colon unquoted.
        reasons.append(f"{kind} (seen in {item['sessions']} sessions): {item['text']}")
    return reasons


def next_session(*, user, report, now=None):
    """The session the planner proposes, as plain values; `ready` is False (with an
    invitation) until the person has completed an interview."""
    latest = _latest_result(report)
    if latest is None:
        return {"ready": False, "reasons": [INVITATION]}
    now = now or timezone.now()
    ranked = rank(report["recent_rounds"], timezone.localdate(now))
    choice = ranked[0]
    round_type, level = choice["round_type"], latest["experience_level"]
    due = due_questions(user_id=user.pk, round_type=round_type, experience_level=level, now=now)
    weaknesses = _weaknesses_for(report, round_type)
    return {
        "ready": True,
        **choice,
        "interview_type": PRACTISED_BY[round_type],
        "job_title": latest["job_title"],
        "company_name": latest["company_name"],
        "experience_level": level,
        "experience_level_label": dict(ExperienceLevel.choices).get(level, level),
        "questions": questions_per_round(level),
        "due_count": len(due),
        "due": [
            {
                "question_id": str(question.pk),
                "prompt": question.prompt,
                "last_score": seen.last_score,
                "due_since": timezone.localdate(seen.due_at()).isoformat(),
            }
            for question, seen in due[:MAX_DUE_SHOWN]
        ],
        "weaknesses": weaknesses,
        "reasons": _reasons(choice, ranked, len(due), weaknesses),
        "round_types": ranked,
    }


def planned_session_start(*, user, round_type=None, now=None):
    """Create and start the planned interview: the given round type, or the planner's
    choice; the job title, company and level of the person's latest completed interview.
    Its session asks the questions due for review first."""
    report = history_report(user)
    latest = _latest_result(report)
    if latest is None:
        raise NothingToPlan(INVITATION)
    if round_type is None:
        round_type = next_session(user=user, report=report, now=now)["round_type"]
    interview = interview_create(
        user=user,
        data={
            "job_title": latest["job_title"],
            "company_name": latest["company_name"],
            "interview_type": PRACTISED_BY[round_type],
            "experience_level": latest["experience_level"],
        },
        created_at=now,
    )
    return interview_start(interview=interview, now=now, due_first=True)
