from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from interviews.choices import ExperienceLevel, InterviewType, ScoredBy
from interviews.documents import Feedback, FeedbackField, RoundResultsField
from interviews.validation import PERFORMANCE_FIELDS, clean_performance, errors_by_field


class PerformanceQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(user=user)


class Performance(models.Model):
    """The results of one completed interview; the `performances` collection of the specification.

    The user, job title, company, type, level and completion date are copied from the
    interview so that the history can be listed and filtered on its own.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="performances",
        db_column="userId",
    )
    interview = models.OneToOneField(
        "interviews.Interview",
        on_delete=models.CASCADE,
        related_name="+",
        db_column="interviewId",
    )
    job_title = models.CharField(max_length=200, db_column="jobTitle")
    company_name = models.CharField(max_length=200, db_column="companyName")
    interview_type = models.CharField(
        max_length=20, choices=InterviewType.choices, db_column="interviewType"
    )
    experience_level = models.CharField(
        max_length=20, choices=ExperienceLevel.choices, db_column="experienceLevel"
    )
    completed_at = models.DateTimeField(db_column="completedAt")
    total_questions = models.PositiveIntegerField(db_column="totalQuestions")
    correct_answers = models.PositiveIntegerField(db_column="correctAnswers")
    score = models.FloatField(db_column="score")
    time_spent = models.FloatField(db_column="timeSpent", help_text="Minutes.")
    feedback = FeedbackField(default=Feedback, db_column="feedback")
    round_results = RoundResultsField(default=list, db_column="roundResults")
    # Who scored it: the person ticking key points, the AI evaluator, or results typed in.
    scored_by = models.CharField(
        max_length=10, choices=ScoredBy.choices, default=ScoredBy.MANUAL, db_column="scoredBy"
    )
    # How many times its results were corrected: part of the reports' fingerprint
    # (performance/reporting.py), so that a corrected performance is never shown stale.
    revision = models.PositiveIntegerField(default=0, db_column="revision")

    objects = PerformanceQuerySet.as_manager()

    class Meta:
        db_table = "performances"
        # The id breaks ties between equal times (see Interview.Meta).
        ordering = ["-completed_at", "-id"]
        # Each sort of the history (performance/filters.py) has an index that gives it
        # after the person, tie-break included, read forwards or backwards: the page, the
        # export, the stats API, the dashboard and the report read a page or a stream in
        # order without sorting in memory. Other filters are checked on the documents read.
        indexes = [
            # Newest first (backwards: oldest first, and the report's order).
            models.Index(fields=["user", "-completed_at", "-id"], name="perf_user_completed_id"),
            # Highest and lowest score first: ties newest first in both, so two indexes.
            models.Index(
                fields=["user", "-score", "-completed_at", "-id"], name="perf_user_score_high"
            ),
            models.Index(
                fields=["user", "score", "-completed_at", "-id"], name="perf_user_score_low"
            ),
            # The filter's list of the person's companies, read from the index alone.
            models.Index(fields=["user", "company_name"], name="perf_user_company"),
        ]

    def __str__(self):
        return f"{self.job_title} at {self.company_name}: {self.score:g}"

    def get_absolute_url(self):
        return reverse("interviews:feedback", args=[self.interview_id])

    def results(self):
        """The values the interview's results are made of, as clean_performance takes them."""
        return {name: getattr(self, name) for name in PERFORMANCE_FIELDS}

    def clean(self):
        try:
            clean_performance(self.results())
        except ValidationError as error:
            raise ValidationError(errors_by_field(error, PERFORMANCE_FIELDS)) from None

    @property
    def accuracy(self):
        """Correct answers as a percentage of questions, or None without questions."""
        if not self.total_questions:
            return None
        return 100 * self.correct_answers / self.total_questions
