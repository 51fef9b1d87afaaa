"""Read-only links that show a mentor one report or a filtered history, without a login.

The token is kept as it is, not hashed, so that the owner can copy the link again from
the shares page. A hash would protect it only from someone who can read the database,
and a share reveals nothing to them that the same database does not already hold (the
interviews and performances it shows); it never grants more than reading what was
shared. The admin never shows it.
"""

import secrets
from datetime import timedelta
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

MIN_DAYS, MAX_DAYS, DEFAULT_DAYS = 1, 30, 7
MAX_LABEL_LENGTH = 100
# 32 URL-safe characters: 192 random bits.
TOKEN_BYTES = 24
# Recording every view would turn each read into a write; a minute is precise enough for
# "when was it last opened?".
OPENED_PRECISION = timedelta(minutes=1)


class Kind(models.TextChoices):
    REPORT = "report", "Report"
    HISTORY = "history", "History"


class ShareQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(user=user)

    def newest_first(self):
        return self.order_by("-created_at", "-pk")

    def usable(self, token, now=None):
        """The share with this token if it is active (not expired, not revoked), else None."""
        now = now or timezone.now()
        if not isinstance(token, str) or not 20 <= len(token) <= 64:
            return None
        # No order: the token's index finds the one row (first() would sort by _id).
        found = list(self.filter(token=token)[:1])
        if not found or found[0].status(now) != "active":
            return None
        return found[0]


class Share(models.Model):
    """A read-only link to one interview's report or to a filtered history."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_column="userId"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, db_column="kind")
    # The report's interview (kind "report"); deleting it deletes the share, found through
    # the foreign key's own index.
    interview = models.ForeignKey(
        "interviews.Interview",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        db_column="interviewId",
    )
    # The history's filters (kind "history"): the performance page's query string, only
    # the parameters that select (no page), as the owner applied them.
    query = models.CharField(max_length=1000, blank=True, default="", db_column="query")
    # Shown to the mentor as the page's title; the owner's name appears only if put here.
    label = models.CharField(max_length=MAX_LABEL_LENGTH, blank=True, default="", db_column="label")
    token = models.CharField(max_length=64, unique=True, db_column="token")
    created_at = models.DateTimeField(default=timezone.now, db_column="createdAt")
    expires_at = models.DateTimeField(db_column="expiresAt")
    revoked_at = models.DateTimeField(null=True, blank=True, db_column="revokedAt")
    last_opened_at = models.DateTimeField(null=True, blank=True, db_column="lastOpenedAt")
    # Opens counted at most once a minute (see OPENED_PRECISION).
    open_count = models.PositiveIntegerField(default=0, db_column="openCount")

    objects = ShareQuerySet.as_manager()

    class Meta:
        db_table = "shares"
        indexes = [
            # The owner's list, newest first.
            models.Index(fields=["user", "-created_at", "-id"], name="share_user_created_id"),
            # The link's look-up. (django-mongodb-backend makes the unique index partial,
            # which MongoDB's planner may pass over for a plain match.)
            models.Index(fields=["token"], name="share_token"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} shared until {self.expires_at:%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse("sharing:shared", args=[self.token])

    @classmethod
    def create(cls, *, user, days, label="", interview=None, query=""):
        """A new share of `interview`'s report, or of the history `query` selects."""
        now = timezone.now()
        return cls.objects.create(
            user=user,
            kind=Kind.REPORT if interview is not None else Kind.HISTORY,
            interview=interview,
            query=query,
            label=label,
            token=secrets.token_urlsafe(TOKEN_BYTES),
            created_at=now,
            expires_at=now + timedelta(days=days),
        )

    def status(self, now=None):
        """ "revoked", "expired" or "active"."""
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_at <= (now or timezone.now()):
            return "expired"
        return "active"

    def filters(self):
        """The history's filter parameters, as a dict."""
        return dict(parse_qsl(self.query))

    def revoke(self):
        """Stop the link working now (a revoked share stays revoked)."""
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            Share.objects.filter(pk=self.pk, revoked_at=None).update(revoked_at=self.revoked_at)

    def record_open(self, now=None):
        """Note that the link was opened: at most one write a minute."""
        now = now or timezone.now()
        if self.last_opened_at is None or now - self.last_opened_at >= OPENED_PRECISION:
            Share.objects.filter(pk=self.pk).update(
                last_opened_at=now, open_count=models.F("open_count") + 1
            )
            self.last_opened_at = now


def history_query(parameters):
    """A query string of the filter `parameters` that select (empty ones and the page left out)."""
    return urlencode(
        sorted((name, value) for name, value in parameters.items() if value and name != "page")
    )
