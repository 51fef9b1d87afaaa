from datetime import datetime, timedelta

import factory
from django.utils import timezone

from interviews.choices import Status
from interviews.models import Interview
from interviews.tests.factories import InterviewFactory, UserFactory, results
from interviews.validation import clean_performance
from performance.models import Performance, history_changed


def _hour_before(moment):
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    return moment - timedelta(hours=1)


def _results(name):
    return factory.LazyFunction(lambda: clean_performance(results())[name])


class PerformanceFactory(factory.django.DjangoModelFactory):
    """A performance with its completed interview, the two pointing at each other.

    The values a performance copies (user, title, company, type, level, completion date)
    are given to its interview too, so that a pair made here is one that check_integrity
    finds nothing wrong with: `PerformanceFactory(company_name="Acme")`.
    """

    class Meta:
        model = Performance
        skip_postgeneration_save = True

    interview = factory.SubFactory(
        InterviewFactory,
        status=Status.COMPLETED,
        user=factory.SelfAttribute("..user"),
        job_title=factory.SelfAttribute("..job_title"),
        company_name=factory.SelfAttribute("..company_name"),
        interview_type=factory.SelfAttribute("..interview_type"),
        experience_level=factory.SelfAttribute("..experience_level"),
        completed_at=factory.SelfAttribute("..completed_at"),
        created_at=factory.LazyAttribute(lambda o: _hour_before(o.completed_at)),
    )
    user = factory.SubFactory(UserFactory)
    job_title = "Backend Engineer"
    company_name = "Acme"
    interview_type = "technical"
    experience_level = "mid"
    completed_at = factory.LazyFunction(timezone.now)
    total_questions = 10
    correct_answers = 7
    score = 72.5
    time_spent = 45
    feedback = _results("feedback")
    round_results = _results("round_results")

    @factory.post_generation
    def link_interview(obj, create, extracted, **kwargs):
        if create:
            Interview.objects.filter(pk=obj.interview_id).update(performance=obj)
            obj.interview.performance = obj
            # As interviews/services.py counts every new performance.
            # (As stored: a test may give the time as text.)
            history_changed(
                Performance.objects.filter(pk=obj.pk).values_list("user", "completed_at")
            )
