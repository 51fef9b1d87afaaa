import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

TOKEN_PREFIX = "ipt_"
MAX_TOKEN_NAME_LENGTH = 100
# Recording every use would turn each API read into a write; a minute is precise enough
# for "when was this token last used?".
LAST_USED_PRECISION = timedelta(minutes=1)


def hash_token(key):
    """The stored form of a token: its SHA-256 in hex (the token itself is never kept)."""
    return hashlib.sha256(key.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(user=user)


class ApiToken(models.Model):
    """A personal API token: named, shown once, stored hashed, revoked by deleting it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=MAX_TOKEN_NAME_LENGTH)
    key_hash = models.CharField(max_length=64, unique=True)
    # The first characters, shown on the tokens page so that a person can tell tokens apart.
    hint = models.CharField(max_length=12)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "API token"
        verbose_name_plural = "API tokens"

    def __str__(self):
        return f"{self.name} ({self.hint}…)"

    @classmethod
    def issue(cls, *, user, name):
        """Create a token for `user`; returns (token, key). The key is never stored."""
        key = TOKEN_PREFIX + secrets.token_urlsafe(32)
        token = cls.objects.create(
            user=user, name=name, key_hash=hash_token(key), hint=key[: len(TOKEN_PREFIX) + 4]
        )
        return token, key

    @classmethod
    def authenticate(cls, key):
        """The active user owning `key`, recording the use; None for an unknown or revoked key."""
        if not key.startswith(TOKEN_PREFIX) or len(key) > 100:
            return None
        token = cls.objects.select_related("user").filter(key_hash=hash_token(key)).first()
        if token is None or not token.user.is_active:
            return None
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
            cls.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user
