from django.db import migrations


def load_question_bank(apps, schema_editor):
    # The shipped bank (interviews/bank/*.yaml), so that a fresh database always has it;
    # matched by slug, so running it on a database that has some of them is harmless.
    from interviews.bank import load_shipped_bank

    load_shipped_bank(question_model=apps.get_model("interviews", "Question"))


class Migration(migrations.Migration):
    dependencies = [
        ("interviews", "0003_question_bank_and_sessions"),
    ]

    operations = [
        migrations.RunPython(load_question_bank, migrations.RunPython.noop),
    ]
