"""Stored numbers made one type each on MongoDB: counts 32-bit integers, scores and minutes
doubles, in the top-level fields and the sub-documents alike (docs/development.md).

Before, the backend stored integer fields as 64-bit `long`s and a round's score as an `int`
when it was whole. Each collection is rewritten by the server in one update, document by
document, without a transaction. On SQLite there is nothing to do: JSON and SQLite have
one number type that Python reads back as it was written."""

from django.db import migrations


def to_int(path):
    return {"$toInt": path}


def to_double(path):
    return {"$toDouble": path}


def each(array, changes):
    """`array`'s sub-documents with `changes` ({key: expression on "$$item"}) applied."""
    merged = {"$mergeObjects": ["$$item", changes]}
    mapped = {"$map": {"input": array, "as": "item", "in": merged}}
    return {"$cond": [{"$isArray": array}, mapped, array]}


CHANGES = {
    "performances": {
        "totalQuestions": to_int("$totalQuestions"),
        "correctAnswers": to_int("$correctAnswers"),
        "score": to_double("$score"),
        "timeSpent": to_double("$timeSpent"),
        "revision": to_int("$revision"),
        "roundResults": each(
            "$roundResults",
            {
                "score": to_double("$$item.score"),
                "questionsAnswered": to_int("$$item.questionsAnswered"),
                "totalQuestions": to_int("$$item.totalQuestions"),
                "timeSpent": to_double("$$item.timeSpent"),
            },
        ),
    },
    "interviews": {
        "revision": to_int("$revision"),
        "questions": each(
            "$questions",
            {"score": to_double("$$item.score"), "seconds": to_double("$$item.seconds")},
        ),
    },
    "question_stats": {"timesSeen": to_int("$timesSeen")},
}


def store_one_type_per_number(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "mongodb":
        return
    for collection, changes in CHANGES.items():
        connection.database[collection].update_many({}, [{"$set": changes}])


class Migration(migrations.Migration):
    dependencies = [
        ("performance", "0006_history_version"),
        ("interviews", "0005_question_stats_lookup_index"),
    ]

    operations = [migrations.RunPython(store_one_type_per_number, migrations.RunPython.noop)]
