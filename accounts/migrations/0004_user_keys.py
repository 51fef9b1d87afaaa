"""Case-folded usernames and e-mail addresses (accounts.models.UserKey); the next
migration fills them for the users that exist."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import interviewprep.db


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_cache_table"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="UserKey",
            fields=[
                (
                    "id",
                    interviewprep.db.PortableAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("username_key", models.CharField(max_length=450, unique=True)),
                ("email_key", models.CharField(blank=True, db_index=True, max_length=762)),
                (
                    "user",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="key",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={"verbose_name": "user key"},
        ),
    ]
