from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone

from interviews.choices import (
    ExperienceLevel,
    InterviewType,
    QuestionKind,
    RoundType,
    Status,
)
from interviews.documents import QuestionsField
from interviews.validation import INTERVIEW_FIELDS, clean_interview, errors_by_field

# The most a single visit to a question adds to its time.
IDLE_CAP_SECONDS = 30 * 60


class InterviewQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(user=user)

    def active(self):
        return self.filter(status__in=[Status.READY, Status.IN_PROGRESS])

    def completed(self):
        return self.filter(status=Status.COMPLETED)


class Interview(models.Model):
    """One practice interview; stored in the `interviews` collection of the specification."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="interviews",
        db_column="userId",
    )
    job_title = models.CharField(max_length=200, db_column="jobTitle")
    company_name = models.CharField(max_length=200, db_column="companyName")
    interview_type = models.CharField(
        max_length=20, choices=InterviewType.choices, db_column="interviewType"
    )
    experience_level = models.CharField(
        max_length=20, choices=ExperienceLevel.choices, db_column="experienceLevel"
    )
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.READY, db_column="status"
    )
    created_at = models.DateTimeField(default=timezone.now, db_column="createdAt")
    completed_at = models.DateTimeField(null=True, blank=True, db_column="completedAt")
    # A pointer the specification keeps on the interview; the performance's own
    # `interviewId` (unique) is what guarantees one performance per interview.
    performance = models.ForeignKey(
        "performance.Performance",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_column="performanceId",
        db_constraint=False,
    )

    # The practice session (see interviews/services.py): its questions with the answers,
    # which of them is shown, since when, and a counter that makes concurrent saves safe.
    questions = QuestionsField(default=list, blank=True, db_column="questions")
    started_at = models.DateTimeField(null=True, blank=True, db_column="startedAt")
    current = models.PositiveSmallIntegerField(default=0, db_column="current")
    current_since = models.DateTimeField(null=True, blank=True, db_column="currentSince")
    revision = models.PositiveIntegerField(default=0, db_column="revision")

    objects = InterviewQuerySet.as_manager()

    class Meta:
        db_table = "interviews"
        # The id breaks ties between equal times, so that an order is the same on every
        # read; each index ends with it so that MongoDB reads the order from the index
        # instead of sorting in memory (performance/tests/test_query_shapes.py checks it).
        ordering = ["-created_at", "-id"]
        indexes = [
            # The integration API's list without a status.
            models.Index(fields=["user", "-created_at", "-id"], name="interviews_user_created"),
            # The dashboard's and the API's active interviews, the API's list by status.
            models.Index(
                fields=["user", "status", "-created_at", "-id"], name="interviews_user_status_id"
            ),
        ]

    def __str__(self):
        return f"{self.job_title} at {self.company_name}"

    def get_absolute_url(self):
        if self.status == Status.COMPLETED:
            return reverse("interviews:feedback", args=[self.pk])
        return reverse("dashboard:index")

    def clean(self):
        try:
            clean_interview({name: getattr(self, name) for name in INTERVIEW_FIELDS})
        except ValidationError as error:
            raise ValidationError(errors_by_field(error, INTERVIEW_FIELDS)) from None

    def live_seconds(self, now):
        """Seconds since the current question was shown, up to IDLE_CAP: time not yet
        added to it. A tab left open overnight counts as IDLE_CAP, not the night."""
        if self.current_since is None or self.status != Status.IN_PROGRESS:
            return 0.0
        return min(max((now - self.current_since).total_seconds(), 0.0), IDLE_CAP_SECONDS)

    def question_seconds(self, index, now):
        """Seconds spent on question `index` so far, measured by the server."""
        seconds = self.questions[index].seconds
        return seconds + self.live_seconds(now) if index == self.current else seconds

    def session_seconds(self, now):
        """Seconds spent on the whole session so far."""
        return sum(question.seconds for question in self.questions) + self.live_seconds(now)

    @property
    def is_ready(self):
        return self.status == Status.READY

    @property
    def is_in_progress(self):
        return self.status == Status.IN_PROGRESS

    @property
    def is_completed(self):
        return self.status == Status.COMPLETED


class QuestionQuerySet(models.QuerySet):
    def for_round(self, round_type, experience_level):
        return self.filter(round_type=round_type, experience_level=experience_level)


class Question(models.Model):
    """A question of the bank; stored in the `questions` collection."""

    slug = models.SlugField(max_length=100, unique=True, db_column="slug")
    round_type = models.CharField(max_length=20, choices=RoundType.choices, db_column="roundType")
    experience_level = models.CharField(
        max_length=20, choices=ExperienceLevel.choices, db_column="experienceLevel"
    )
    kind = models.CharField(max_length=10, choices=QuestionKind.choices, db_column="kind")
    prompt = models.TextField(db_column="prompt")
    choices = models.JSONField(default=list, blank=True, db_column="choices")
    answer_index = models.PositiveSmallIntegerField(null=True, blank=True, db_column="answerIndex")
    key_points = models.JSONField(default=list, blank=True, db_column="keyPoints")
    model_answer = models.TextField(blank=True, db_column="modelAnswer")
    explanation = models.TextField(blank=True, db_column="explanation")
    tags = models.JSONField(default=list, blank=True, db_column="tags")
    suggested_minutes = models.PositiveSmallIntegerField(db_column="suggestedMinutes")

    objects = QuestionQuerySet.as_manager()

    class Meta:
        db_table = "questions"
        ordering = ["round_type", "experience_level", "slug"]
        indexes = [
            # A plan's questions of one round, in this order.
            models.Index(
                fields=["round_type", "experience_level", "slug"], name="questions_round_level_slug"
            ),
        ]

    def __str__(self):
        return self.slug


class QuestionStat(models.Model):
    """How one person last did on one question of the bank: what the next plan is chosen by."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_column="userId"
    )
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="+", db_column="questionId"
    )
    times_seen = models.PositiveIntegerField(default=0, db_column="timesSeen")
    last_score = models.FloatField(db_column="lastScore")
    last_seen_at = models.DateTimeField(db_column="lastSeenAt")

    class Meta:
        db_table = "question_stats"
        # django-mongodb-backend 5.2.4 makes a unique index partial (on the values' type),
        # which MongoDB's planner may pass over for a plain lookup; the plan's reads
        # (one person, the questions of one round) use this ordinary index instead.
        indexes = [models.Index(fields=["user", "question"], name="question_stats_lookup")]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "question"], name="question_stats_user_question"
            )
        ]

    def __str__(self):
        return f"{self.question_id}: {self.last_score:g}"
