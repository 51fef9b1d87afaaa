import factory
from django.contrib.auth.models import User

from interviews.models import Interview, Question


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("secret-pass-123")


class InterviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Interview

    user = factory.SubFactory(UserFactory)
    job_title = "Backend Engineer"
    company_name = "Acme"
    interview_type = "technical"
    experience_level = "mid"


def results(**overrides):
    """Valid results of an interview, as interviews.services takes them."""
    data = {
        "total_questions": 10,
        "correct_answers": 7,
        "score": 72.5,
        "time_spent": 45,
        "feedback": {
            "overall": "Solid answers, a little slow on the coding round.",
            "strengths": ["Clear communication"],
            "improvements": ["Time management"],
            "recommendations": ["Practise timed problems"],
        },
        "round_results": [
            {
                "round_type": "technical",
                "score": 70,
                "questions_answered": 5,
                "total_questions": 6,
                "time_spent": 25,
            },
            {
                "round_type": "behavioral",
                "score": 80,
                "questions_answered": 4,
                "total_questions": 4,
                "time_spent": 20,
            },
        ],
    }
    data.update(overrides)
    return data


class QuestionFactory(factory.django.DjangoModelFactory):
    """An open question of the bank; `kind="choice"` with choices and answer_index for the other."""

    class Meta:
        model = Question

    slug = factory.Sequence(lambda n: f"question-{n}")
    round_type = "technical"
    experience_level = "mid"
    kind = "open"
    prompt = factory.Sequence(lambda n: f"Question {n}: explain how an index speeds up a query.")
    key_points = factory.LazyFunction(
        lambda: ["names the B-tree", "states the lookup cost", "mentions the write cost"]
    )
    model_answer = "An index is a sorted structure, usually a B-tree..."
    tags = factory.LazyFunction(lambda: ["indexes"])
    suggested_minutes = 5
