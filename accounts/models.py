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


def fold(text):
    """`text` as it is compared ignoring case: Unicode full case folding, so that "ALICE"
    and "alice" are one name, and so are "Straße" and "STRASSE" (both "strasse")."""
    return text.casefold()


class UserKey(models.Model):
    """A person's username and e-mail address case-folded, for the lookups that ignore case.

    A case-insensitive query (`iexact`) is a regular expression on MongoDB and a `LIKE` on
    SQLite: no index serves it, so sign-up and password reset would read every user. These
    keys are matched exactly, through their indexes. They are written whenever a user is
    saved (`user_saved` below) and filled for existing users by a migration.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="key"
    )
    # Case folding can make a text longer ("ß" becomes "ss"; a ligature up to three letters).
    username_key = models.CharField(max_length=3 * 150, unique=True)
    email_key = models.CharField(max_length=3 * 254, blank=True, db_index=True)

    class Meta:
        verbose_name = "user key"

    def __str__(self):
        return self.username_key

    @classmethod
    def record(cls, user):
        """Write `user`'s keys as the user now is."""
        keys = {"username_key": fold(user.get_username()), "email_key": fold(user.email or "")}
        if not cls.objects.filter(user=user).update(**keys):
            cls.objects.create(user=user, **keys)

    @classmethod
    def record_new(cls, users):
        """Write the keys of `users`, just made by `bulk_create` (which saves no keys)."""
        cls.objects.bulk_create(
            cls(user=user, username_key=fold(user.get_username()), email_key=fold(user.email))
            for user in users
        )

    @classmethod
    def username_taken(cls, username):
        """Whether a user has `username`, ignoring case."""
        return cls.objects.filter(username_key=fold(username)).exists()

    @classmethod
    def users_at(cls, email):
        """The pks of the users whose e-mail address is `email` ignoring case."""
        return list(cls.objects.filter(email_key=fold(email)).values_list("user", flat=True))


def user_saved(sender, instance, created, update_fields=None, raw=False, **kwargs):
    """Keep the user's keys in step with every save of a user.

    A receiver rather than a call in each view, because users are written by code that is
    not the app's: the admin's user pages, `createsuperuser`, `changepassword` and Django's
    own forms. A save of other fields only (a login records `last_login`) writes nothing.
    """
    if raw:  # loaddata: the fixture holds the keys, if it has any
        return
    if update_fields is not None and not {"username", "email"} & set(update_fields):
        return
    UserKey.record(instance)
