"""Fills accounts.models.UserKey for the users that exist, a thousand at a time."""

from django.conf import settings
from django.db import migrations

BATCH = 1000


def fill_user_keys(apps, schema_editor):
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    UserKey = apps.get_model("accounts", "UserKey")
    last = None
    while True:
        users = User.objects.order_by("pk")
        if last is not None:
            users = users.filter(pk__gt=last)
        batch = list(users.values_list("pk", "username", "email")[:BATCH])
        if not batch:
            return
        last = batch[-1][0]
        # Resumable: a run stopped half-way (MongoDB has no transaction here) goes on.
        done = set(UserKey.objects.filter(user__in=[row[0] for row in batch]).values_list(
            "user", flat=True
        ))
        keys = {}
        for pk, username, email in batch:
            if pk in done:
                continue
            key = username.casefold()
            if key in keys:
                raise_taken(User, key)
            keys[key] = UserKey(user_id=pk, username_key=key, email_key=(email or "").casefold())
        taken = UserKey.objects.filter(username_key__in=list(keys)).values_list(
            "username_key", flat=True
        )
        for key in taken:
            raise_taken(User, key)
        UserKey.objects.bulk_create(keys.values())


def raise_taken(User, key):
    # Usernames were unique only in their exact case; made by hand (createsuperuser), two
    # can differ by case alone. The person running the migration picks which one to rename.
    names = sorted(
        name for name in User.objects.values_list("username", flat=True) if name.casefold() == key
    )
    raise RuntimeError(
        f"The usernames {', '.join(names)} differ only in case, and usernames must not any "
        "more. Rename all but one of them (manage.py shell, or the admin), then migrate again."
    )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_user_keys")]

    operations = [migrations.RunPython(fill_user_keys, migrations.RunPython.noop)]
