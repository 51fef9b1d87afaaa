"""A realistic practice history for the demo account: scores that improve unevenly."""

import random
from datetime import timedelta

from interviews.choices import ExperienceLevel, InterviewType, Status
from interviews.documents import Feedback, RoundResult
from interviews.services import HistoryRecord

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


def build_history(*, count, now, rng=None, months=6):
    """Completed interviews with their results, oldest first, spread over `months`, to be
    written by interviews.services.interviews_import."""
    rng = rng or random.Random(7)
    span = timedelta(days=30 * months)
    moments = sorted(now - span * rng.random() for _ in range(count))
    records = []
    for index, completed_at in enumerate(moments):
        progress = index / max(count - 1, 1)
        interview_type = rng.choice(InterviewType.values)
        level = rng.choices(ExperienceLevel.values, weights=[2, 3, 1 + 2 * progress])[0]
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
        records.append(HistoryRecord(interview, results, completed_at))
    return records


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
                time_spent=round(total * rng.uniform(3, 9), 1),
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


def build_active(*, now, rng=None):
    """Three interviews still to do: two ready, one in progress."""
    rng = rng or random.Random(11)
    specs = [
        ("Staff Engineer", "Cobalt Payments", "mixed", "senior", Status.READY, 1),
        ("Backend Engineer", "Helio Health", "technical", "mid", Status.IN_PROGRESS, 2),
        ("Software Engineer", "Quanta Robotics", "dsa", "mid", Status.READY, 5),
    ]
    return [
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
