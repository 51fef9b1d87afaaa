"""Two practice sessions of one person, for the comparison and print tests: `python
e2e/comparison_data.py USER PASSWORD`, run with the served app's environment. Both are
technical interviews at Acme, made through the session services as a person would: the
first with every choice wrong and one key point of each open answer, the second with every
choice right and two key points. Prints the later interview's id, as JSON.
"""

import json
import os
import sys
from pathlib import Path


def practise(user, *, right, points):
    from interviews.choices import QuestionKind
    from interviews.services import (
        interview_create,
        interview_start,
        session_assess,
        session_finish,
        session_submit,
    )

    interview = interview_create(
        user=user,
        data={
            "job_title": "Backend Engineer",
            "company_name": "Acme",
            "interview_type": "technical",
            "experience_level": "mid",
        },
    )
    interview_start(interview=interview)
    for index, question in enumerate(interview.questions):
        if question.kind == QuestionKind.CHOICE:
            wrong = (question.answer_index + 1) % len(question.choices)
            choice = question.answer_index if right else wrong
            session_submit(interview=interview, index=index, choice=choice)
        else:
            session_submit(interview=interview, index=index, answer="An answer in a few words.")
            session_assess(interview=interview, index=index, points_hit=list(range(points)))
    session_finish(interview=interview)
    return interview


def main(username, password):
    from django.contrib.auth.models import User

    from e2e.history_data import ensure_bank

    ensure_bank()
    user = User.objects.create_user(username, password=password)
    practise(user, right=False, points=1)
    later = practise(user, right=True, points=2)
    return {"later": str(later.pk)}


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "interviewprep.settings")
    import django

    django.setup()
    print(json.dumps(main(*sys.argv[1:3])))
