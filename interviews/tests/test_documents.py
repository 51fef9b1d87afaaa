"""What is stored has exactly the specification's shape: raw documents on MongoDB
(read back with pymongo), raw rows on SQLite."""

import json

import pytest
from bson import ObjectId
from django.db import connection

from interviewprep.db import IS_MONGODB
from interviews.choices import Status
from interviews.services import interview_complete
from interviews.tests.factories import InterviewFactory, results

pytestmark = pytest.mark.django_db


def raw(table, pk):
    """The stored record as the database holds it, `_id` naming the primary key."""
    if IS_MONGODB:
        return connection.database[table].find_one({"_id": ObjectId(str(pk))})
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table} WHERE id = %s", [pk])
        names = [column[0] for column in cursor.description]
        record = dict(zip(names, cursor.fetchone(), strict=True))
    record["_id"] = record.pop("id")
    for key in ("feedback", "roundResults"):
        if key in record:
            record[key] = json.loads(record[key])
    return record


def index_keys(table):
    """Each index of `table` as (list of stored field names, unique)."""
    if IS_MONGODB:
        return [
            (list(index["key"]), bool(index.get("unique")))
            for index in connection.database[table].list_indexes()
        ]
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    return [(c["columns"], c["unique"]) for c in constraints.values() if c["index"] or c["unique"]]


def test_interview_and_performance_records_carry_the_specifications_field_names():
    interview = InterviewFactory(status=Status.IN_PROGRESS)
    performance, _ = interview_complete(interview=interview, data=results())

    interview_doc = raw("interviews", interview.pk)
    performance_doc = raw("performances", performance.pk)

    assert set(interview_doc) == {
        "_id",
        "userId",
        "jobTitle",
        "companyName",
        "interviewType",
        "experienceLevel",
        "status",
        "createdAt",
        "completedAt",
        "performanceId",
    }
    assert set(performance_doc) == {
        "_id",
        "userId",
        "interviewId",
        "jobTitle",
        "companyName",
        "interviewType",
        "experienceLevel",
        "completedAt",
        "totalQuestions",
        "correctAnswers",
        "score",
        "timeSpent",
        "feedback",
        "roundResults",
    }
    assert interview_doc["performanceId"] == performance_doc["_id"]
    assert performance_doc["interviewId"] == interview_doc["_id"]
    if IS_MONGODB:
        assert isinstance(performance_doc["userId"], ObjectId)
    assert interview_doc["status"] == "completed"
    assert set(performance_doc["feedback"]) == {
        "overall",
        "strengths",
        "improvements",
        "recommendations",
    }
    assert isinstance(performance_doc["roundResults"], list)
    assert set(performance_doc["roundResults"][0]) == {
        "roundType",
        "score",
        "questionsAnswered",
        "totalQuestions",
        "timeSpent",
    }


def test_the_collections_have_the_indexes_the_queries_use():
    interview_keys = [keys for keys, _ in index_keys("interviews")]
    performance_indexes = index_keys("performances")
    performance_keys = [keys for keys, _ in performance_indexes]

    assert ["userId", "status", "createdAt"] in interview_keys
    assert ["userId", "completedAt"] in performance_keys
    assert ["userId", "interviewType", "completedAt"] in performance_keys
    assert ["userId", "companyName"] in performance_keys
    assert (["interviewId"], True) in performance_indexes
