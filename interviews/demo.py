"""A realistic practice history for the demo account: scores that improve unevenly.

`build_sessions` makes it of practice sessions from the question bank, with answers
whose quality follows the person's progress, scored as the app scores them;
`build_history` makes results without sessions, quickly, for benchmarks.

The `demo` account itself also gets what shows the rest of the product (`build_demo` and
`demo_extras`): the last weeks practised three times a week (a weekly goal of 3 with a
streak), real interview loops logged by hand whose notes make weaknesses that are open,
resolved and regressed, the first session excluded as a test run, what each question
scored last (so that the planner finds questions due for review), and a share link for
a mentor.
"""

import heapq
import random
import re
from datetime import datetime, time, timedelta

from django.utils import timezone

from interviewprep.db import parse_id
from interviews.choices import ExperienceLevel, InterviewType, QuestionState, ScoredBy, Status
from interviews.documents import Feedback, RoundResult
from interviews.evaluation import question_score, session_results
from interviews.models import Question, QuestionStat
from interviews.plans import ROUNDS as SESSION_ROUNDS
from interviews.plans import questions_per_round, snapshot
from interviews.services import HistoryRecord
from interviews.validation import clean_performance

COMPANIES = [
    "Northwind Labs",
    "Bluefin Analytics",
    "Cobalt Payments",
    "Helio Health",
    "Orchard Retail",
    "Quanta Robotics",
]
JOB_TITLES = {
    InterviewType.TECHNICAL: ["Backend Engineer", "Full-Stack Developer", "Platform Engineer"],
    InterviewType.BEHAVIORAL: ["Engineering Manager", "Product Engineer", "Team Lead"],
    InterviewType.MIXED: ["Software Engineer", "Data Engineer", "Site Reliability Engineer"],
    InterviewType.DSA: ["Software Engineer", "Algorithms Engineer", "Backend Engineer"],
}
ROUNDS = {
    InterviewType.TECHNICAL: ["technical", "technical", "behavioral"],
    InterviewType.BEHAVIORAL: ["behavioral", "behavioral"],
    InterviewType.MIXED: ["technical", "behavioral", "dsa"],
    InterviewType.DSA: ["dsa", "dsa"],
}
# How long a round of FULL_ROUND questions takes, in minutes (shortest, longest), as hiring
# panels time them: a coding round 45 to 90 minutes, a technical round 20 to 60, a
# behavioural round 15 to 45 (typed stories, without a panel's introductions and follow-up
# questions). A round of fewer (or more) questions takes its share.
FULL_ROUND = 5
ROUND_MINUTES = {"dsa": (45, 90), "technical": (20, 60), "behavioral": (15, 45)}
# The fastest and slowest a person answers, against a question's suggested minutes: below
# the pace that the feedback calls slow (interviews.evaluation.SLOW_RATIO).
FASTEST, SLOWEST = 0.5, 1.4
# How hard each type is for this person at first: DSA starts weakest and improves most.
TYPE_OFFSET = {"technical": 0, "behavioral": 6, "mixed": -2, "dsa": -10}
STRENGTHS = [
    "Clear communication",
    "Structured answers (STAR)",
    "Good grasp of data structures",
    "Asks clarifying questions",
    "Clean, readable code",
    "Strong system design fundamentals",
    "Calm under pressure",
    "Good test cases",
]
IMPROVEMENTS = [
    "Time management",
    "Explain trade-offs out loud",
    "Dynamic programming",
    "Edge cases",
    "Concise answers",
    "Complexity analysis",
    "Quantify impact in stories",
    "Graph algorithms",
]
RECOMMENDATIONS = [
    "Practise timed problems, 25 minutes each",
    "Review common DP patterns",
    "Prepare three STAR stories with numbers",
    "Say the brute force first, then optimise",
    "Walk through one example by hand before coding",
    "Read one system design case study a week",
]
OVERALL = [
    (85, "Excellent interview: confident, precise and well paced."),
    (70, "Strong performance with a few gaps to close."),
    (55, "A fair attempt; the fundamentals are there but answers need more depth."),
    (0, "A difficult session; focus on the basics listed below and try again soon."),
]


def _occasions(count, now, rng, months, *, weekly=0, types=None):
    """(progress from 0 to 1, completion time, type, level) of each past interview, oldest
    first: levels rise as the person progresses. With `weekly` weeks, the latest interviews
    fall WEEKLY_PRACTICE to a week in each of the last `weekly` weeks and a few this week."""
    span = timedelta(days=30 * months)
    recent = _weekly_moments(now, weekly, rng)[-count:] if weekly else []
    earliest = min(recent, default=now)
    moments = sorted(
        earliest - (earliest - (now - span)) * rng.random() for _ in range(count - len(recent))
    )
    moments += recent
    for index, completed_at in enumerate(moments):
        progress = index / max(count - 1, 1)
        interview_type = rng.choice(types or InterviewType.values)
        level = rng.choices(ExperienceLevel.values, weights=[2, 3, 1 + 2 * progress])[0]
        yield progress, completed_at, interview_type, level


def build_history(*, count, now, rng=None, months=6):
    """Completed interviews with their results, oldest first, spread over `months`, to be
    written by interviews.services.interviews_import; made one at a time, as it writes them."""
    rng = rng or random.Random(7)
    for progress, completed_at, interview_type, level in _occasions(count, now, rng, months):
        # Improvement with setbacks: a rising line, a per-type offset that shrinks, noise.
        base = 52 + 30 * progress + TYPE_OFFSET[interview_type] * (1 - progress)
        score = round(min(100, max(0, rng.gauss(base, 8))), 1)
        total = rng.randint(8, 15)
        correct = min(total, max(0, round(total * score / 100 + rng.uniform(-1.5, 1.5))))
        rounds = _rounds(interview_type, score, rng)
        time_spent = round(sum(r.time_spent for r in rounds) + rng.uniform(0, 6), 1)
        interview = {
            "job_title": rng.choice(JOB_TITLES[interview_type]),
            "company_name": rng.choice(COMPANIES),
            "interview_type": interview_type,
            "experience_level": level,
            "status": Status.COMPLETED,
            "created_at": completed_at - timedelta(minutes=time_spent + rng.randint(5, 120)),
        }
        results = {
            "total_questions": total,
            "correct_answers": correct,
            "score": score,
            "time_spent": time_spent,
            "feedback": _feedback(score, progress, rng),
            "round_results": rounds,
        }
        yield HistoryRecord(interview, results, completed_at)


def round_minutes(round_type, questions):
    """The (shortest, longest) minutes a round of `questions` questions takes."""
    low, high = ROUND_MINUTES[round_type]
    return low * questions / FULL_ROUND, high * questions / FULL_ROUND


def _rounds(interview_type, score, rng):
    rounds = []
    for round_type in ROUNDS[interview_type]:
        total = rng.randint(2, 6)
        answered = rng.choices([total, total - 1, max(0, total - 2)], weights=[6, 3, 1])[0]
        rounds.append(
            RoundResult(
                round_type=round_type,
                score=round(min(100, max(0, rng.gauss(score + TYPE_OFFSET[round_type], 9))), 1),
                questions_answered=answered,
                total_questions=total,
                time_spent=round(rng.uniform(*round_minutes(round_type, total)), 1),
            )
        )
    return rounds


def _feedback(score, progress, rng):
    strengths_pool = STRENGTHS[: 4 + round(4 * progress)]
    improvements_pool = IMPROVEMENTS[round(3 * progress) :]
    return Feedback(
        overall=next(text for floor, text in OVERALL if score >= floor),
        strengths=rng.sample(strengths_pool, k=rng.randint(1, 3)),
        improvements=rng.sample(improvements_pool, k=rng.randint(1, 3)),
        recommendations=rng.sample(RECOMMENDATIONS, k=rng.randint(1, 2)),
    )


def bank_by_round():
    """The question bank by (round type, level), for build_sessions."""
    bank = {}
    for question in Question.objects.order_by("slug"):
        bank.setdefault((question.round_type, question.experience_level), []).append(question)
    return bank


def build_sessions(*, count, now, bank, rng=None, months=6, weekly=0, types=None, seen=None):
    """Completed practice sessions, oldest first, spread over `months`: questions from
    `bank` ({(round type, level): [Question]}) with answers that get better over time;
    made one at a time, as interviews_import writes them. `weekly` and `types` as
    _occasions takes them; `seen`, a dict, collects each question's last score and time
    ({question id: (times seen, last score, last seen at)})."""
    rng = rng or random.Random(7)
    occasions = _occasions(count, now, rng, months, weekly=weekly, types=types)
    for progress, completed_at, interview_type, level in occasions:
        questions = []
        for round_type in SESSION_ROUNDS[interview_type]:
            pool = bank.get((round_type, level), [])
            skill = (52 + 30 * progress + TYPE_OFFSET[round_type] * (1 - progress)) / 100
            chosen = rng.sample(pool, min(len(pool), questions_per_round(level)))
            planned = [snapshot(question) for question in chosen]
            pace = _pace(round_type, planned)
            for question in planned:
                _answer(question, skill, rng, pace)
            questions.extend(planned)
        moment = completed_at - timedelta(seconds=sum(q.seconds for q in questions))
        started_at = moment
        for planned in questions:
            planned.started_at = moment
            moment += timedelta(seconds=planned.seconds)
            if planned.state != QuestionState.UNANSWERED:
                planned.answered_at = moment
        interview = {
            "job_title": rng.choice(JOB_TITLES[interview_type]),
            "company_name": rng.choice(COMPANIES),
            "interview_type": interview_type,
            "experience_level": level,
            "status": Status.COMPLETED,
            "created_at": started_at - timedelta(minutes=rng.randint(5, 120)),
            "started_at": started_at,
            "questions": questions,
            "current": max(len(questions) - 1, 0),
        }
        results = clean_performance(session_results(questions))
        results["scored_by"] = ScoredBy.SELF
        if seen is not None:
            for planned in questions:
                times = seen.get(planned.question_id, (0,))[0]
                seen[planned.question_id] = (times + 1, question_score(planned), completed_at)
        yield HistoryRecord(interview, results, completed_at)


def _answer(question, skill, rng, pace):
    """Answer a planned question as someone of this skill (0 to 1) would, at a pace drawn
    from `pace` (the least and most minutes taken against those suggested)."""
    question.seconds = round(question.suggested_minutes * 60 * rng.uniform(*pace), 1)
    if rng.random() < 0.05:  # ran out of time, or skipped it
        question.seconds = round(question.seconds / 4, 1)
        return
    quality = min(1.0, max(0.0, rng.gauss(skill, 0.15)))
    if question.kind == "choice":
        wrong = [index for index in range(len(question.choices)) if index != question.answer_index]
        right = rng.random() < quality or not wrong
        question.choice = question.answer_index if right else rng.choice(wrong)
    else:
        count = len(question.key_points)
        hit = sorted(rng.sample(range(count), round(quality * count)))
        question.points_hit = hit
        question.answer = _partial_answer(question.model_answer, count, hit)
    question.state = QuestionState.ASSESSED
    question.score = question_score(question)
    question.scored_by = ScoredBy.SELF


def _pace(round_type, questions):
    """The range of paces (minutes taken against minutes suggested) for a round of these
    questions: from FASTEST to SLOWEST, narrowed so that the round lasts what such a round
    takes (round_minutes). The bank's suggestions alone would make five coding problems last
    two hours; where they make a round shorter than a panel's, it stays at the slowest pace
    rather than read as slow in its feedback."""
    suggested = sum(question.suggested_minutes for question in questions)
    if not suggested:  # no question of this round in the bank
        return FASTEST, SLOWEST
    low, high = round_minutes(round_type, len(questions))
    slowest = min(SLOWEST, high / suggested)
    return min(max(FASTEST, low / suggested), slowest), slowest


def _partial_answer(model_answer, parts, hit):
    """The parts of the model answer that cover the key points hit (it covers them in
    order), as a person's answer that gets some points and misses others."""
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", model_answer) if s]
    if not hit:
        return sentences[0] if sentences else "I am not sure."
    size = max(1, len(sentences) // parts)
    chosen = []
    for part in hit:
        chosen.extend(sentences[part * size : (part + 1) * size] or sentences[-1:])
    return " ".join(dict.fromkeys(chosen))


def build_active(*, now, rng=None, bank=None):
    """Three interviews still to do: two ready, one in progress (with its session begun
    when a `bank` is given)."""
    rng = rng or random.Random(11)
    specs = [
        ("Staff Engineer", "Cobalt Payments", "mixed", "senior", Status.READY, 1),
        ("Backend Engineer", "Helio Health", "technical", "mid", Status.IN_PROGRESS, 2),
        ("Software Engineer", "Quanta Robotics", "dsa", "mid", Status.READY, 5),
    ]
    records = [
        HistoryRecord(
            {
                "job_title": title,
                "company_name": company,
                "interview_type": interview_type,
                "experience_level": level,
                "status": status,
                "created_at": now - timedelta(hours=hours, minutes=rng.randint(0, 59)),
            }
        )
        for title, company, interview_type, level, status, hours in specs
    ]
    begun = records[1].interview
    pool = (bank or {}).get(("technical", begun["experience_level"]), [])
    if pool:
        questions = [
            snapshot(question)
            for question in rng.sample(pool, min(len(pool), questions_per_round("mid")))
        ]
        started_at = begun["created_at"] + timedelta(minutes=5)
        questions[0].started_at = started_at
        questions[0].answer = "I would start by asking what the system must guarantee, then"
        questions[0].seconds = 240.0
        begun.update(questions=questions, started_at=started_at, current_since=now)
    return records


# The demo account ------------------------------------------------------------------------

DEMO_GOAL = 3  # interviews a week
WEEKLY_PRACTICE = [3, 3, 4, 3, 3, 3, 4, 3]  # the last eight weeks, oldest first
TEST_RUN = {"job_title": "Test run", "company_name": "Trying the app"}
# Real interview loops the person went through and logged by hand (mixed, every round):
# (days ago, job title, company, score, what to improve in the interviewer's words).
# Among the mixed interviews, "Explain trade-offs out loud" and "Edge cases" stop coming
# up (resolved), "Time management" comes back after weeks without it (regressed), and
# "Quantify impact in stories" and "Complexity analysis" are recent (open).
TRADE_OFFS, TIME, EDGES = "Explain trade-offs out loud", "Time management", "Edge cases"
IMPACT, COMPLEXITY = "Quantify impact in stories", "Complexity analysis"
LOOPS = [
    (170, "Software Engineer", "Orchard Retail", 48, [TRADE_OFFS, TIME]),
    (150, "Backend Engineer", "Bluefin Analytics", 55, [TRADE_OFFS, TIME]),
    (128, "Software Engineer", "Northwind Labs", 58, [TRADE_OFFS, EDGES]),
    (105, "Data Engineer", "Helio Health", 63, [EDGES]),
    (84, "Platform Engineer", "Quanta Robotics", 66, ["Concise answers"]),
    (60, "Site Reliability Engineer", "Cobalt Payments", 71, [TIME, IMPACT]),
    (34, "Backend Engineer", "Northwind Labs", 74, [TIME, IMPACT, COMPLEXITY]),
    (12, "Senior Software Engineer", "Bluefin Analytics", 78, [IMPACT, COMPLEXITY]),
]
SHARE = {
    "label": "Priya (mentor): my last six months of practice",
    "days": 14,
}


def _weekly_moments(now, weeks, rng):
    """Completion times, oldest first: WEEKLY_PRACTICE evenings in each of the last `weeks`
    calendar weeks (Monday to Sunday, in the site's time zone) and, this week, one evening
    fewer than the goal on the days already past, in the evening."""
    zone = timezone.get_current_timezone()
    today = timezone.localdate(now)
    monday = today - timedelta(days=today.weekday())
    plan = [
        (monday - timedelta(weeks=weeks - index), sorted(rng.sample(range(7), count)))
        for index, count in enumerate(WEEKLY_PRACTICE[-weeks:])
    ]
    plan.append((monday, list(range(today.weekday()))[: DEMO_GOAL - 1]))
    return [
        datetime.combine(start + timedelta(days=day), time(19, rng.randint(0, 59)), zone)
        for start, days in plan
        for day in days
    ]


def _loops(now, rng):
    for days, title, company, score, improvements in LOOPS:
        completed_at = now - timedelta(days=days, hours=rng.randint(2, 9))
        progress = 1 - days / 180
        rounds = _rounds(InterviewType.MIXED, score, rng)
        time_spent = round(sum(r.time_spent for r in rounds) + rng.uniform(0, 6), 1)
        total = sum(r.total_questions for r in rounds)
        interview = {
            "job_title": title,
            "company_name": company,
            "interview_type": InterviewType.MIXED,
            "experience_level": ExperienceLevel.MID if days > 90 else ExperienceLevel.SENIOR,
            "status": Status.COMPLETED,
            "created_at": completed_at - timedelta(days=rng.randint(3, 10)),
        }
        feedback = _feedback(score, progress, rng)
        feedback.improvements = list(improvements)
        results = {
            "total_questions": total,
            "correct_answers": min(total, round(total * score / 100)),
            "score": float(score),
            "time_spent": time_spent,
            "feedback": feedback,
            "round_results": rounds,
            "scored_by": ScoredBy.MANUAL,
        }
        yield HistoryRecord(interview, results, completed_at)


def build_demo(*, count, now, bank, seen, rng=None):
    """The demo account's `count` completed interviews, oldest first: practice sessions of
    one round type each (the last eight weeks at the goal's pace, the oldest one a test run
    excluded from the statistics) and the interview loops of LOOPS, logged by hand."""
    rng = rng or random.Random(7)
    loops = list(_loops(now, rng))[: count // 4]
    sessions = build_sessions(
        count=count - len(loops),
        now=now,
        bank=bank,
        rng=rng,
        weekly=len(WEEKLY_PRACTICE),
        types=[InterviewType.TECHNICAL, InterviewType.BEHAVIORAL, InterviewType.DSA],
        seen=seen,
    )
    for index, record in enumerate(heapq.merge(sessions, loops, key=lambda r: r.completed_at)):
        if index == 0 and record.interview.get("questions"):
            record.interview.update(TEST_RUN)
            record.results["excluded"] = True
        yield record


def demo_extras(*, user, now, seen):
    """The demo account's goal, share link and questions' last scores (`seen`, as
    build_demo collected it), replacing those it had."""
    from dashboard.models import Goal
    from sharing.models import Share

    Goal.objects.set_for(user, DEMO_GOAL)
    Share.objects.filter(user=user).delete()
    Share.create(user=user, **SHARE)
    QuestionStat.objects.filter(user=user).delete()
    QuestionStat.objects.bulk_create(
        QuestionStat(
            user=user,
            question_id=parse_id(question_id),
            times_seen=times,
            last_score=score,
            last_seen_at=last_seen_at,
        )
        for question_id, (times, score, last_seen_at) in seen.items()
    )
