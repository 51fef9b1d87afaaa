import factory
from django.contrib.auth.models import User
from django.utils import timezone

from interviews.choices import Status
from interviews.models import Interview
from performance.models import Performance


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
    """A valid performance body keyed by the specification's field names."""
    data = {
        "totalQuestions": 10,
        "correctAnswers": 7,
        "score": 72.5,
        "timeSpent": 45,
        "feedback": {
            "overall": "Solid answers, a little slow on the coding round.",
            "strengths": ["Clear communication"],
            "improvements": ["Time management"],
            "recommendations": ["Practise timed problems"],
        },
        "roundResults": [
            {
                "roundType": "technical",
                "score": 70,
                "questionsAnswered": 5,
                "totalQuestions": 6,
                "timeSpent": 25,
            },
            {
                "roundType": "behavioral",
                "score": 80,
                "questionsAnswered": 4,
                "totalQuestions": 4,
                "timeSpent": 20,
            },
        ],
    }
    data.update(overrides)
    return data


class PerformanceFactory(factory.django.DjangoModelFactory):
    """A performance with its completed interview, the two pointing at each other."""

    class Meta:
        model = Performance
        skip_postgeneration_save = True

    interview = factory.SubFactory(
        InterviewFactory,
        status=Status.COMPLETED,
        user=factory.SelfAttribute("..user"),
    )
    user = factory.SubFactory(UserFactory)
    job_title = factory.SelfAttribute("interview.job_title")
    company_name = factory.SelfAttribute("interview.company_name")
    interview_type = factory.SelfAttribute("interview.interview_type")
    experience_level = factory.SelfAttribute("interview.experience_level")
    completed_at = factory.LazyFunction(timezone.now)
    total_questions = 10
    correct_answers = 7
    score = 72.5
    time_spent = 45
    feedback = factory.LazyFunction(lambda: results()["feedback"])
    round_results = factory.LazyFunction(lambda: results()["roundResults"])

    @factory.post_generation
    def link_interview(obj, create, extracted, **kwargs):
        if create:
            Interview.objects.filter(pk=obj.interview_id).update(
                completed_at=obj.completed_at, performance=obj
            )
            obj.interview.completed_at = obj.completed_at
            obj.interview.performance = obj
