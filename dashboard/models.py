from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

MIN_PER_WEEK = 1
MAX_PER_WEEK = 21
PER_WEEK_RULE = f"A whole number from {MIN_PER_WEEK} to {MAX_PER_WEEK}."


class GoalQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(user=user)

    def per_week(self, user):
        """The person's weekly goal, or None when they have set none."""
        # No order: the userId index finds the one row (first() would sort by _id).
        found = list(self.filter(user=user).values_list("per_week", flat=True)[:1])
        return found[0] if found else None

    def set_for(self, user, per_week):
        """Make `per_week` the person's goal, replacing the one they had."""
        if not self.filter(user=user).update(per_week=per_week):
            _goal, created = self.get_or_create(user=user, defaults={"per_week": per_week})
            if not created:  # set meanwhile by another request: this one is the latest
                self.filter(user=user).update(per_week=per_week)


class Goal(models.Model):
    """How many interviews a week a person means to practise; the `goals` collection."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_column="userId"
    )
    per_week = models.PositiveSmallIntegerField(
        db_column="perWeek",
        validators=[MinValueValidator(MIN_PER_WEEK), MaxValueValidator(MAX_PER_WEEK)],
        help_text=f"Interviews per week, {MIN_PER_WEEK} to {MAX_PER_WEEK}.",
    )

    objects = GoalQuerySet.as_manager()

    class Meta:
        db_table = "goals"
        # django-mongodb-backend makes the unique index partial (on the value's type),
        # which MongoDB's planner may pass over for a plain match on userId.
        indexes = [models.Index(fields=["user"], name="goal_user")]

    def __str__(self):
        return f"{self.per_week} a week"
