"""What is stored has exactly the specification's shape: raw documents on MongoDB
(read back with pymongo), raw rows on SQLite."""

import importlib
import json
from types import SimpleNamespace

import pytest
from bson import ObjectId
from bson.int64 import Int64
from django.db import connection

from interviewprep.db import IS_MONGODB
from interviews.choices import Status
from interviews.models import Interview, Question
from interviews.services import interview_complete, interview_start, session_submit
from interviews.tests.factories import InterviewFactory, QuestionFactory, results

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
    for key in ("feedback", "roundResults", "questions", "choices", "keyPoints", "tags"):
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
        # The practice session: the specification's "other interview fields".
        "questions",
        "startedAt",
        "current",
        "currentSince",
        "revision",
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
        "scoredBy",
        "revision",
        "excluded",
    }
    assert performance_doc["scoredBy"] == "manual"
    assert performance_doc["excluded"] is False
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


def stored_types(document, keys):
    """{key: the stored type} of `document`: "int" (32 bits), "long" (64), "double"."""
    # pymongo reads a 64-bit integer as bson's Int64 (an int subclass), a 32-bit one as int;
    # SQLite's JSON and columns have one integer type.
    names = {Int64: "long", int: "int", float: "double"}
    return {key: names.get(type(document[key]), type(document[key]).__name__) for key in keys}


def test_counts_are_stored_as_integers_and_scores_and_minutes_as_doubles():
    # Scores and minutes typed as whole numbers (70, 25) are stored as doubles all the same.
    data = results(
        score=70,
        time_spent=45,
        round_results=[
            {
                "round_type": "technical",
                "score": 70,
                "questions_answered": 5,
                "total_questions": 6,
                "time_spent": 25,
            },
            {
                "round_type": "behavioral",
                "score": 80.5,
                "questions_answered": 4,
                "total_questions": 4,
                "time_spent": 20.5,
            },
        ],
    )
    interview = InterviewFactory(status=Status.IN_PROGRESS)
    performance, _ = interview_complete(interview=interview, data=data)

    document = raw("performances", performance.pk)

    counts = {"totalQuestions": "int", "correctAnswers": "int"}
    measures = {"score": "double", "timeSpent": "double"}
    assert stored_types(document, [*counts, *measures]) == {**counts, **measures}
    for stored_round in document["roundResults"]:
        assert stored_types(stored_round, ["questionsAnswered", "totalQuestions"]) == {
            "questionsAnswered": "int",
            "totalQuestions": "int",
        }
        assert stored_types(stored_round, ["score", "timeSpent"]) == measures
    if IS_MONGODB:  # what a query on the types sees
        performances = connection.database["performances"]
        assert performances.count_documents({"score": {"$type": "double"}}) == 1
        assert performances.count_documents({"totalQuestions": {"$type": "int"}}) == 1
        assert performances.count_documents({"totalQuestions": {"$type": "long"}}) == 0
    performance.refresh_from_db()
    assert performance.round_results[0].questions_answered == 5


@pytest.mark.skipif(not IS_MONGODB, reason="SQLite has one number type")
def test_the_migration_gives_numbers_stored_before_their_one_type():
    migration = importlib.import_module("performance.migrations.0007_stored_number_types")
    interview = InterviewFactory(status=Status.IN_PROGRESS)
    performance, _ = interview_complete(interview=interview, data=results())
    performances = connection.database["performances"]
    key = {"_id": ObjectId(str(performance.pk))}
    # As the backend stored them before: 64-bit counts, whole round scores as integers.
    performances.update_one(
        key,
        {
            "$set": {
                "totalQuestions": Int64(10),
                "correctAnswers": Int64(7),
                "revision": Int64(0),
                "roundResults.0.score": 70,
                "roundResults.0.timeSpent": 25,
            }
        },
    )

    migration.store_one_type_per_number(None, SimpleNamespace(connection=connection))

    document = raw("performances", performance.pk)
    assert stored_types(document, ["totalQuestions", "correctAnswers", "revision"]) == {
        "totalQuestions": "int",
        "correctAnswers": "int",
        "revision": "int",
    }
    assert stored_types(document["roundResults"][0], ["score", "timeSpent", "totalQuestions"]) == {
        "score": "double",
        "timeSpent": "double",
        "totalQuestions": "int",
    }
    assert document["roundResults"][0]["score"] == 70
    performance.refresh_from_db()
    assert performance.round_results[0].score == 70


def test_an_interview_not_completed_reads_the_same_with_completed_at_null_or_absent():
    # The backend writes every field of a model, so an interview not completed stores
    # `completedAt: null`; a document without the key (written by another tool) reads alike.
    interview = InterviewFactory(status=Status.IN_PROGRESS)
    assert raw("interviews", interview.pk)["completedAt"] is None
    if IS_MONGODB:
        connection.database["interviews"].update_one(
            {"_id": ObjectId(str(interview.pk))}, {"$unset": {"completedAt": ""}}
        )
        assert "completedAt" not in raw("interviews", interview.pk)

    interview.refresh_from_db()

    assert interview.completed_at is None
    assert list(Interview.objects.filter(completed_at__isnull=True)) == [interview]
    assert not Interview.objects.filter(completed_at__isnull=False).exists()


def test_a_session_keeps_each_question_as_a_sub_document_of_the_interview():
    Question.objects.all().delete()
    QuestionFactory(kind="choice", choices=["a", "b", "c"], answer_index=0, key_points=[])
    QuestionFactory()
    interview = InterviewFactory(interview_type="technical", experience_level="mid")
    interview_start(interview=interview)
    interview.refresh_from_db()
    index = next(i for i, q in enumerate(interview.questions) if q.kind == "choice")
    session_submit(interview=interview, index=index, choice=2)

    document = raw("interviews", interview.pk)

    assert len(document["questions"]) == 2
    answered = document["questions"][index]
    for key in (
        "questionId",
        "roundType",
        "kind",
        "prompt",
        "keyPoints",
        "choices",
        "answer",
        "choice",
        "startedAt",
        "answeredAt",
        "seconds",
        "pointsHit",
        "score",
        "state",
    ):
        assert key in answered
    assert (answered["choice"], answered["state"], answered["score"]) == (2, "assessed", 0)
    assert answered["questionId"] == str(Question.objects.get(kind="choice").pk)


def test_a_question_of_the_bank_keeps_the_issues_field_names():
    question = QuestionFactory(tags=["indexes", "databases"])

    document = raw("questions", question.pk)

    assert set(document) == {
        "_id",
        "slug",
        "roundType",
        "experienceLevel",
        "kind",
        "prompt",
        "choices",
        "answerIndex",
        "keyPoints",
        "modelAnswer",
        "explanation",
        "tags",
        "suggestedMinutes",
    }
    assert document["tags"] == ["indexes", "databases"]


def test_the_collections_have_the_indexes_the_queries_use():
    interview_keys = [keys for keys, _ in index_keys("interviews")]
    performance_indexes = index_keys("performances")
    performance_keys = [keys for keys, _ in performance_indexes]

    pk = "_id" if IS_MONGODB else "id"
    assert ["userId", "createdAt", pk] in interview_keys
    assert ["userId", "status", "createdAt", pk] in interview_keys
    assert ["userId", "completedAt", pk] in performance_keys
    assert ["userId", "score", "completedAt", pk] in performance_keys
    assert ["userId", "companyName"] in performance_keys
    assert (["interviewId"], True) in performance_indexes
    question_keys = [keys for keys, _ in index_keys("questions")]
    assert ["roundType", "experienceLevel", "slug"] in question_keys
    assert (["slug"], True) in index_keys("questions")
    assert (["userId", "questionId"], True) in index_keys("question_stats")
    assert (["userId", "questionId"], False) in index_keys("question_stats")
