"""A realistic practice history for the demo account: scores that improve unevenly."""

import random
from datetime import timedelta

from interviews.choices import ExperienceLevel, InterviewType, Status
from interviews.models import Interview
from performance.models import Performance

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


def build_history(user, *, count, now, rng=None, months=6):
    """Unsaved completed interviews and their performances, oldest first, spread over `months`."""
    rng = rng or random.Random(7)
    span = timedelta(days=30 * months)
    moments = sorted(now - span * rng.random() for _ in range(count))
    pairs = []
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
        time_spent = round(sum(r["timeSpent"] for r in rounds) + rng.uniform(0, 6), 1)
        interview = Interview(
            user=user,
            job_title=rng.choice(JOB_TITLES[interview_type]),
            company_name=rng.choice(COMPANIES),
            interview_type=interview_type,
            experience_level=level,
            status=Status.COMPLETED,
            created_at=completed_at - timedelta(minutes=time_spent + rng.randint(5, 120)),
            completed_at=completed_at,
        )
        performance = Performance(
            user=user,
            job_title=interview.job_title,
            company_name=interview.company_name,
            interview_type=interview_type,
            experience_level=level,
            completed_at=completed_at,
            total_questions=total,
            correct_answers=correct,
            score=score,
            time_spent=time_spent,
            feedback=_feedback(score, progress, rng),
            round_results=rounds,
        )
        pairs.append((interview, performance))
    return pairs


def _rounds(interview_type, score, rng):
    rounds = []
    for round_type in ROUNDS[interview_type]:
        total = rng.randint(2, 6)
        answered = rng.choices([total, total - 1, max(0, total - 2)], weights=[6, 3, 1])[0]
        rounds.append(
            {
                "roundType": round_type,
                "score": round(min(100, max(0, rng.gauss(score + TYPE_OFFSET[round_type], 9))), 1),
                "questionsAnswered": answered,
                "totalQuestions": total,
                "timeSpent": round(total * rng.uniform(3, 9), 1),
            }
        )
    return rounds


def _feedback(score, progress, rng):
    strengths_pool = STRENGTHS[: 4 + round(4 * progress)]
    improvements_pool = IMPROVEMENTS[round(3 * progress) :]
    return {
        "overall": next(text for floor, text in OVERALL if score >= floor),
        "strengths": rng.sample(strengths_pool, k=rng.randint(1, 3)),
        "improvements": rng.sample(improvements_pool, k=rng.randint(1, 3)),
        "recommendations": rng.sample(RECOMMENDATIONS, k=rng.randint(1, 2)),
    }


def save_history(pairs):
    """Write interviews and performances in bulk, then point each interview at its performance."""
    interviews = Interview.objects.bulk_create([interview for interview, _ in pairs])
    performances = []
    for interview, performance in zip(interviews, (p for _, p in pairs), strict=True):
        performance.interview = interview
        performances.append(performance)
    Performance.objects.bulk_create(performances)
    for interview, performance in zip(interviews, performances, strict=True):
        interview.performance = performance
    Interview.objects.bulk_update(interviews, ["performance"])
    return performances


def build_active(user, *, now, rng=None):
    """Three unsaved interviews still to do: two ready, one in progress."""
    rng = rng or random.Random(11)
    specs = [
        ("Staff Engineer", "Cobalt Payments", "mixed", "senior", Status.READY, 1),
        ("Backend Engineer", "Helio Health", "technical", "mid", Status.IN_PROGRESS, 2),
        ("Software Engineer", "Quanta Robotics", "dsa", "mid", Status.READY, 5),
    ]
    return [
        Interview(
            user=user,
            job_title=title,
            company_name=company,
            interview_type=interview_type,
            experience_level=level,
            status=status,
            created_at=now - timedelta(hours=hours, minutes=rng.randint(0, 59)),
        )
        for title, company, interview_type, level, status, hours in specs
    ]
