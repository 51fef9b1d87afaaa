from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone

from interviews.choices import ExperienceLevel, InterviewType, Status
from interviews.validation import INTERVIEW_FIELDS, clean_interview, errors_by_field


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

    objects = InterviewQuerySet.as_manager()

    class Meta:
        db_table = "interviews"
        ordering = ["-created_at"]
        indexes = [
            models.Index(
                fields=["user", "status", "-created_at"], name="interviews_user_status_created"
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

    @property
    def is_ready(self):
        return self.status == Status.READY

    @property
    def is_in_progress(self):
        return self.status == Status.IN_PROGRESS

    @property
    def is_completed(self):
        return self.status == Status.COMPLETED
