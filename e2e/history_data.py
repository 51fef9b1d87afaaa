"""A known practice history for the performance-page tests: `python e2e/history_data.py USER
PASSWORD`, run with the served app's environment. Made through the lifecycle services, as a
person would, so the stored documents are the real ones.

Interview i (0 to 29) is completed on 1 March 2026 + i days at noon UTC, scores 50 + i, has
the type TYPES[i % 4] and the company COMPANIES[i % 3]; only interview 7 mentions Kubernetes.
Two more interviews are active: one ready, one in progress. Prints the ids the tests visit, as
JSON.
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


def job_title(index):
    return f"Platform Engineer {index + 1:02d}"


def main(username, password):
    from django.contrib.auth.models import User

    from interviews.services import interview_complete, interview_create, interview_start

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
        interview_start(interview=interview)
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
    return {
        "ready": str(ready.pk),
        "in_progress": str(in_progress.pk),
        "completed": str(completed[-1][0]),
        "performance": str(completed[-1][1]),
    }


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "interviewprep.settings")
    import django

    django.setup()
    print(json.dumps(main(*sys.argv[1:3])))
