"""A known practice history for the performance-page tests: `python e2e/history_data.py USER
PASSWORD`, run with the served app's environment. Made through the lifecycle services, as a
person would, so the stored documents are the real ones.

Interview i (0 to 29) is completed on 1 March 2026 + i days at noon UTC, scores 50 + i, has
the type TYPES[i % 4] and the company COMPANIES[i % 3]; only interview 7 mentions Kubernetes.
Three more interviews are active: one ready, one in progress with its practice session, one
in progress without questions (an outside interview whose results are still to be entered).
Prints the ids the tests visit, as JSON.

The practice sessions draw on the question bank that a migration loads; a database without it
gets a small bank of its own (BANK), enough for a mixed interview at each level.
"""

import datetime
import json
import os
import sys
from pathlib import Path

COUNT = 30
FIRST_DAY = datetime.datetime(2026, 3, 1, 12, 0, tzinfo=datetime.UTC)
TYPES = ["technical", "behavioral", "mixed", "dsa"]
COMPANIES = ["Acme", "Globex", "Initech"]
SEARCH_WORD = "Kubernetes"
SEARCH_INDEX = 7


def ensure_bank():
    """A few questions of each round and level when the bank is empty."""
    from interviews.choices import ExperienceLevel, RoundType
    from interviews.models import Question

    if Question.objects.exists():
        return
    for round_type in RoundType.values:
        for level in ExperienceLevel.values:
            for number in range(6):
                slug = f"e2e-{round_type}-{level}-{number}"
                common = {"round_type": round_type, "experience_level": level, "slug": slug}
                if number % 2:
                    Question.objects.create(
                        **common,
                        kind="choice",
                        prompt=f"Which of these is true of {slug}?",
                        choices=["The first statement", "The second statement", "Neither"],
                        answer_index=1,
                        explanation="The second statement holds for this made-up question.",
                        tags=["e2e"],
                        suggested_minutes=2,
                    )
                else:
                    Question.objects.create(
                        **common,
                        kind="open",
                        prompt=f"Explain {slug} to a colleague.",
                        key_points=["names the idea", "gives an example", "states a trade-off"],
                        model_answer="The idea, an example of it, and what it costs.",
                        tags=["e2e"],
                        suggested_minutes=5,
                    )


def job_title(index):
    return f"Platform Engineer {index + 1:02d}"


def main(username, password):
    from django.contrib.auth.models import User

    from interviews.services import interview_complete, interview_create, interview_start

    ensure_bank()
    user = User.objects.create_user(username, password=password)
    completed = []
    for index in range(COUNT):
        day = FIRST_DAY + datetime.timedelta(days=index)
        interview = interview_create(
            user=user,
            data={
                "job_title": job_title(index),
                "company_name": COMPANIES[index % 3],
                "interview_type": TYPES[index % 4],
                "experience_level": "mid",
            },
            created_at=day - datetime.timedelta(hours=1),
        )
        interview_start(interview=interview, plan=False)
        overall = (
            f"Explained {SEARCH_WORD} rollouts well."
            if index == SEARCH_INDEX
            else "Solid answers overall."
        )
        performance, _created = interview_complete(
            interview=interview,
            completed_at=day,
            data={
                "total_questions": 10,
                "correct_answers": 5 + index % 6,
                "score": 50 + index,
                "time_spent": 30 + index,
                "feedback": {
                    "overall": overall,
                    "strengths": ["Clear communication"],
                    "improvements": ["Edge cases"],
                    "recommendations": ["Practise timed problems"],
                },
                "round_results": [
                    {
                        "round_type": TYPES[index % 4],
                        "score": 50 + index,
                        "questions_answered": 4,
                        "total_questions": 5,
                        "time_spent": 20,
                    }
                ],
            },
        )
        completed.append((interview.pk, performance.pk))

    active = {"job_title": "Security Engineer", "experience_level": "senior"}
    ready = interview_create(
        user=user, data={**active, "company_name": "Hooli", "interview_type": "technical"}
    )
    in_progress = interview_create(
        user=user, data={**active, "company_name": "Umbrella", "interview_type": "mixed"}
    )
    interview_start(interview=in_progress)
    outside = interview_create(
        user=user, data={**active, "company_name": "Initrode", "interview_type": "dsa"}
    )
    interview_start(interview=outside, plan=False)
    return {
        "ready": str(ready.pk),
        "in_progress": str(in_progress.pk),
        "outside": str(outside.pk),
        "completed": str(completed[-1][0]),
        "performance": str(completed[-1][1]),
    }


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "interviewprep.settings")
    import django

    django.setup()
    print(json.dumps(main(*sys.argv[1:3])))
