"""The database cache's table (settings.CACHES), made by `migrate` so that no deployment
forgets `createcachetable`. It does nothing for a cache that is not a database table
(MongoDB's collection is made on first use, Redis needs none)."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_api_token_verbose_names")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
