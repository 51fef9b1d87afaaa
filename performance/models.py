from datetime import UTC

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F
from django.urls import reverse

from interviews.choices import ExperienceLevel, InterviewType, ScoredBy
from interviews.documents import Feedback, FeedbackField, RoundResultsField
from interviews.validation import PERFORMANCE_FIELDS, clean_performance, errors_by_field


class PerformanceQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(user=user)

    def counted(self):
        """The performances the analytics count: all but those the person excluded."""
        return self.filter(excluded=False)


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
    # How many times its results were corrected.
    revision = models.PositiveIntegerField(default=0, db_column="revision")
    # Left out of every analytic at the person's request (abandoned, a test run, unfair);
    # still listed in the history, and reversible.
    excluded = models.BooleanField(default=False, db_column="excluded")

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
            # The previous comparable interview (performance/comparison.py): the latest of
            # one type, and the latest of one type at one company (its spellings read from
            # the index alone).
            models.Index(
                fields=["user", "interview_type", "-completed_at", "-id"],
                name="perf_user_type_completed",
            ),
            models.Index(
                fields=["user", "interview_type", "company_name", "-completed_at", "-id"],
                name="perf_user_type_company",
            ),
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


class HistoryVersionQuerySet(models.QuerySet):
    def current(self, user):
        """The version of the user's history: 0 until its first change."""
        # No order: the unique userId index finds the one row (first() would sort by _id).
        versions = list(self.filter(user=user).values_list("version", flat=True)[:1])
        return versions[0] if versions else 0

    def bump(self, user_ids):
        """Count one change to the performances of each of these users.

        Called after the change is written (in its transaction when there is one), so a
        report computed under the new version includes the change.
        """
        for user_id in set(user_ids):
            if self.filter(user_id=user_id).update(version=F("version") + 1):
                continue
            _version, created = self.get_or_create(user_id=user_id, defaults={"version": 1})
            if not created:  # made meanwhile by a concurrent change: count this one too
                self.filter(user_id=user_id).update(version=F("version") + 1)


class HistoryVersion(models.Model):
    """How many times a person's performances have changed (added, corrected, deleted).

    interviews/services.py raises it with every such write; the analytics reports are
    cached under it (performance/reporting.py), so a report is never served for an older
    state of the history and a cached one needs no look at the history itself.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_column="userId"
    )
    version = models.PositiveBigIntegerField(default=0, db_column="version")

    objects = HistoryVersionQuerySet.as_manager()

    class Meta:
        db_table = "history_versions"
        # django-mongodb-backend makes the unique index partial (on the value's type),
        # which MongoDB's planner may pass over for a plain match on userId.
        indexes = [models.Index(fields=["user"], name="history_version_user")]

    def __str__(self):
        return f"{self.user_id}: {self.version}"


def month_of(moment):
    """The month of a completion time in UTC, as HistoryMonth numbers it: 202603 for March 2026."""
    moment = moment.astimezone(UTC) if moment.tzinfo else moment
    return moment.year * 100 + moment.month


class HistoryMonthQuerySet(models.QuerySet):
    def changed(self, changes):
        """Mark the months of these performances, (user id, completed_at) pairs, as changed:
        their figures are coded again when a report next reads them."""
        for user_id, month in {(user_id, month_of(moment)) for user_id, moment in changes}:
            months = self.filter(user_id=user_id, month=month)
            if months.update(version=F("version") + 1, figures=""):
                continue
            _month, created = self.get_or_create(
                user_id=user_id, month=month, defaults={"version": 1}
            )
            if not created:  # made meanwhile by a concurrent change: count this one too
                months.update(version=F("version") + 1, figures="")


class HistoryMonth(models.Model):
    """One month (UTC) of a person's history, coded for the analytics report.

    `figures` is analytics.encode() of the month's counted performances, with how many it
    has in all and how many are excluded, as JSON text (performance/reporting.py); empty
    once a performance of the month changes. Every write of a performance marks its month
    changed (history_changed(), with the HistoryVersion), so a report reads the months
    that did not change as they are and codes the others again from their performances.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_column="userId"
    )
    month = models.PositiveIntegerField(db_column="month")
    # Raised with each change, so that figures coded from an older state of the month are
    # never stored over a newer one.
    version = models.PositiveBigIntegerField(default=0, db_column="version")
    figures = models.TextField(blank=True, default="", db_column="figures")

    objects = HistoryMonthQuerySet.as_manager()

    class Meta:
        db_table = "history_months"
        constraints = [
            models.UniqueConstraint(fields=["user", "month"], name="history_month_unique")
        ]
        # A person's months in order (see HistoryVersion on the unique index).
        indexes = [models.Index(fields=["user", "month"], name="history_month_user")]

    def __str__(self):
        return f"{self.user_id}: {self.month}"


def history_changed(changes):
    """Count a change to these performances, (user id, completed_at) pairs: their months are
    coded again and their owners' cached reports are left behind.

    Called after the change is written (in its transaction when there is one), as
    HistoryVersion.objects.bump() is.
    """
    changes = list(changes)
    HistoryMonth.objects.changed(changes)
    HistoryVersion.objects.bump(user_id for user_id, _moment in changes)
