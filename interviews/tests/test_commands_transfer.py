import csv
import io
import json
import random
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from dashboard.models import Goal
from interviews import validation
from interviews.choices import Status
from interviews.demo import bank_by_round, build_active, build_sessions
from interviews.models import Interview
from interviews.services import interviews_import
from interviews.tests.factories import UserFactory
from performance import analytics
from performance.export import stream_csv
from performance.models import Performance
from sharing.models import Share

pytestmark = pytest.mark.django_db

# What a transfer must carry over, besides ids.
INTERVIEW_FIELDS = (
    *validation.INTERVIEW_FIELDS,
    "status",
    "created_at",
    "completed_at",
    "started_at",
    "questions",
)
PERFORMANCE_FIELDS = (
    *validation.INTERVIEW_FIELDS,
    "completed_at",
    *validation.PERFORMANCE_FIELDS,
    "scored_by",
)


def run(name, *args):
    out, err = StringIO(), StringIO()
    call_command(name, *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def history(user, shipped_bank):
    """A practice history: completed sessions with their performances, and active ones."""
    now, bank = timezone.now(), bank_by_round()
    records = build_sessions(count=8, now=now, bank=bank, rng=random.Random(3))
    interviews_import(user=user, records=records)
    interviews_import(user=user, records=build_active(now=now, bank=bank))
    return user


def export(user, tmp_path):
    path = tmp_path / "export.json"
    out, _err = run("export_user_data", user.username, "--output", str(path))
    assert f"Exported 11 interviews and 8 performances of {user.username}" in out
    return path


def interviews_of(user):
    return list(
        Interview.objects.filter(user=user).order_by("created_at").values(*INTERVIEW_FIELDS)
    )


def performances_of(user):
    return list(
        Performance.objects.filter(user=user).order_by("completed_at").values(*PERFORMANCE_FIELDS)
    )


def as_stored(user):
    """performances_of(user) with the feedback and round results as stored, as the
    analytics take them."""
    rows = performances_of(user)
    for row in rows:
        row["feedback"] = row["feedback"].to_document()
        row["round_results"] = [item.to_document() for item in row["round_results"]]
    return rows


def csv_rows_without_ids(user):
    queryset = Performance.objects.filter(user=user).order_by("completed_at")
    text = b"".join(stream_csv(queryset)).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    header = rows[0]
    ids = {header.index(name) for name in ("_id", "userId", "interviewId")}
    return [[cell for index, cell in enumerate(row) if index not in ids] for row in rows]


def test_an_export_imported_into_a_new_account_reproduces_its_history(history, tmp_path):
    path = export(history, tmp_path)
    newcomer = UserFactory()

    out, _err = run("import_user_data", newcomer.username, str(path), "--yes")

    assert "Imported 11 interviews and 8 performances" in out
    assert interviews_of(newcomer) == interviews_of(history)
    assert performances_of(newcomer) == performances_of(history)
    assert analytics.summary(performances_of(newcomer)) == analytics.summary(
        performances_of(history)
    )
    assert analytics.report(as_stored(newcomer)) == analytics.report(as_stored(history))
    assert csv_rows_without_ids(newcomer) == csv_rows_without_ids(history)
    # The copy is consistent on its own: each interview points at its own performance.
    for interview in Interview.objects.filter(user=newcomer, status=Status.COMPLETED):
        assert Performance.objects.get(pk=interview.performance_id).interview_id == interview.pk
    assert Interview.objects.filter(user=newcomer, status=Status.READY).count() == 2


def test_importing_the_same_file_twice_creates_no_duplicates(history, tmp_path):
    path = export(history, tmp_path)
    newcomer = UserFactory()
    run("import_user_data", newcomer.username, str(path), "--yes")

    out, _err = run("import_user_data", newcomer.username, str(path), "--yes")

    assert "Imported 0 interviews and 0 performances" in out
    assert "11 already there" in out
    assert Interview.objects.filter(user=newcomer).count() == 11
    assert Performance.objects.filter(user=newcomer).count() == 8


def test_importing_into_the_exporting_account_changes_nothing(history, tmp_path):
    path = export(history, tmp_path)
    out, _err = run("import_user_data", history.username, str(path), "--yes")
    assert "11 already there" in out
    assert Interview.objects.count() == 11


def test_without_yes_the_import_only_says_what_it_would_do(history, tmp_path):
    path = export(history, tmp_path)
    newcomer = UserFactory()

    out, _err = run("import_user_data", newcomer.username, str(path))

    assert "Would import 11 interviews and 8 performances" in out
    assert "run again with --yes" in out
    assert not Interview.objects.filter(user=newcomer).exists()


def test_an_import_interrupted_between_its_writes_is_finished_by_importing_again(history, tmp_path):
    path = export(history, tmp_path)
    newcomer = UserFactory()
    run("import_user_data", newcomer.username, str(path), "--yes")
    # What an interruption leaves without a transaction: the interview written in
    # progress, its performance not yet.
    interview = Interview.objects.filter(user=newcomer, status=Status.COMPLETED).first()
    Interview.objects.filter(pk=interview.pk).update(
        status=Status.IN_PROGRESS, completed_at=None, performance=None
    )
    Performance.objects.filter(interview_id=interview.pk).delete()

    out, _err = run("import_user_data", newcomer.username, str(path), "--yes")

    assert "Completed 1 interview(s) left in progress" in out
    interview.refresh_from_db()
    assert interview.status == Status.COMPLETED
    assert performances_of(newcomer) == performances_of(history)


def test_export_to_standard_output_is_the_document_alone(history):
    out, err = run("export_user_data", history.username)
    document = json.loads(out)
    assert document["format"] == "interviewprep-export"
    assert document["version"] == 2
    assert document["goal"] is None
    assert len(document["interviews"]) == 11
    completed = next(i for i in document["interviews"] if i["status"] == "completed")
    performance = next(p for p in document["performances"] if p["interviewId"] == completed["id"])
    assert completed["performanceId"] == performance["id"]
    assert set(performance["feedback"]) == {
        "overall",
        "strengths",
        "improvements",
        "recommendations",
    }
    assert "Exported 11 interviews" in err


def test_export_warns_when_the_account_data_would_not_import(user):
    Interview.objects.create(
        user=user,
        job_title="Backend Engineer",
        company_name="Acme",
        interview_type="dsa",
        experience_level="mid",
        status=Status.COMPLETED,
        completed_at=timezone.now(),
    )
    _out, err = run("export_user_data", user.username)
    assert "would be refused by import_user_data" in err
    assert "check_integrity --fix" in err


def valid_document():
    return {
        "format": "interviewprep-export",
        "version": 1,
        "interviews": [
            {
                "id": "a",
                "jobTitle": "Backend Engineer",
                "companyName": "Acme",
                "interviewType": "technical",
                "experienceLevel": "mid",
                "status": "completed",
                "createdAt": "2026-03-01T10:00:00+00:00",
                "completedAt": "2026-03-01T11:00:00+00:00",
                "performanceId": "p",
            },
            {
                "id": "b",
                "jobTitle": "Data Engineer",
                "companyName": "Bluefin",
                "interviewType": "mixed",
                "experienceLevel": "senior",
                "status": "ready",
                "createdAt": "2026-03-02T10:00:00+00:00",
                "completedAt": None,
            },
        ],
        "performances": [
            {
                "id": "p",
                "interviewId": "a",
                "totalQuestions": 10,
                "correctAnswers": 7,
                "score": 72.5,
                "timeSpent": 45,
                "feedback": {"overall": "Good.", "strengths": ["Clear"]},
                "roundResults": [
                    {
                        "roundType": "technical",
                        "score": 70,
                        "questionsAnswered": 5,
                        "totalQuestions": 6,
                        "timeSpent": 25,
                    }
                ],
            }
        ],
    }


def write(tmp_path, document):
    path = tmp_path / "import.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return str(path)


def test_a_hand_written_document_without_copied_fields_imports(user, tmp_path):
    out, _err = run("import_user_data", user.username, write(tmp_path, valid_document()), "--yes")
    assert "Imported 2 interviews and 1 performance" in out
    performance = Performance.objects.get(user=user)
    assert (performance.job_title, performance.company_name) == ("Backend Engineer", "Acme")
    assert performance.feedback.improvements == []


def test_every_error_is_listed_with_its_position_and_nothing_is_imported(user, tmp_path):
    document = valid_document()
    document["interviews"][0]["jobTitle"] = " "
    document["interviews"][1]["status"] = "finished"
    document["interviews"].append(
        {
            "id": "c",
            "jobTitle": "QA",
            "companyName": "Acme",
            "interviewType": "technical",
            "experienceLevel": "mid",
            "status": "completed",
            "createdAt": "2026-03-05T10:00:00+00:00",
            "completedAt": "2026-03-04T10:00:00+00:00",
            "extra": 1,
        }
    )
    document["performances"][0]["score"] = 101
    document["performances"][0]["roundResults"][0]["questionsAnswered"] = 9
    document["performances"].append(
        {
            "id": "q",
            "interviewId": "zzz",
            "totalQuestions": 1,
            "correctAnswers": 1,
            "score": 1,
            "timeSpent": 1,
        }
    )

    with pytest.raises(CommandError) as raised:
        run("import_user_data", user.username, write(tmp_path, document), "--yes")

    message = str(raised.value)
    assert "nothing was imported" in message
    for expected in (
        "interviews[0].jobTitle: This field is required.",
        "interviews[1].status: Must be one of: ready, in-progress, completed.",
        "interviews[2].extra: Unknown field.",
        "interviews[2].completedAt: Cannot be before createdAt.",
        "performances[0].score: Must be between 0 and 100.",
        "performances[0].roundResults[0].questionsAnswered: Cannot be more than",
        'performances[1].interviewId: No interview in this file has id "zzz".',
    ):
        assert expected in message
    assert not Interview.objects.exists()


def test_inconsistent_links_are_refused(user, tmp_path):
    document = valid_document()
    document["interviews"][1]["status"] = "completed"
    document["interviews"][1]["completedAt"] = "2026-03-02T11:00:00+00:00"
    document["performances"][0]["jobTitle"] = "Something else"
    document["performances"].append({**document["performances"][0], "id": "p2"})

    with pytest.raises(CommandError) as raised:
        run("import_user_data", user.username, write(tmp_path, document), "--yes")

    message = str(raised.value)
    assert "performances[0].jobTitle: Differs from its interview's jobTitle" in message
    assert "performances[1].interviewId: That interview already has a performance" in message
    assert 'interviews[1]: Completed, but no performance in this file has interviewId "b"' in (
        message
    )
    assert not Interview.objects.exists()


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"format": "something-else"}, 'format: Must be "interviewprep-export".'),
        ({"version": 3}, "version: Unsupported version 3; this program reads versions 1 and 2."),
        ({"interviews": {}}, "interviews: Must be a list."),
    ],
)
def test_a_document_of_another_format_or_version_is_refused(user, tmp_path, change, expected):
    document = {**valid_document(), **change}
    with pytest.raises(CommandError, match=expected):
        run("import_user_data", user.username, write(tmp_path, document), "--yes")


def test_bad_arguments_are_clear_errors(user, tmp_path):
    with pytest.raises(CommandError, match="No user is named 'nobody'"):
        run("export_user_data", "nobody")
    with pytest.raises(CommandError, match="No user is named 'nobody'"):
        run("import_user_data", "nobody", write(tmp_path, valid_document()))
    with pytest.raises(CommandError, match="No such file"):
        run("import_user_data", user.username, str(tmp_path / "missing.json"))
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": ', encoding="utf-8")
    with pytest.raises(CommandError, match=r"not valid JSON.*line 1"):
        run("import_user_data", user.username, str(broken))
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    with pytest.raises(CommandError, match="nested too deeply"):
        run("import_user_data", user.username, str(deep))
    with pytest.raises(CommandError, match="Cannot write"):
        run("export_user_data", user.username, "--output", str(tmp_path / "no" / "such.json"))


def test_a_broken_session_or_scorer_is_named_by_its_path_and_nothing_is_imported(user, tmp_path):
    document = valid_document()
    document["interviews"][0]["questions"] = [
        {"questionId": "q1", "roundType": "technical", "kind": "open", "prompt": "Why?"},
        {
            "questionId": "q2",
            "roundType": "chess",
            "kind": "open",
            "prompt": "How?",
            "state": "assessed",
            "pointsHit": [-1],
            "answeredAt": "yesterday",
            "colour": "red",
        },
    ]
    document["performances"][0]["scoredBy"] = "robot"

    with pytest.raises(CommandError) as caught:
        run("import_user_data", user.username, write(tmp_path, document), "--yes")

    message = str(caught.value)
    for expected in (
        "interviews[0].questions[0].state: This field is required.",
        "interviews[0].questions[1].roundType: Must be one of: technical, behavioral, dsa.",
        "interviews[0].questions[1].pointsHit: Must be a list of key point numbers.",
        "interviews[0].questions[1].answeredAt: Not an ISO 8601 date and time: 'yesterday'.",
        "interviews[0].questions[1].colour: Unknown field.",
        "performances[0].scoredBy: Must be one of: self, ai, manual.",
    ):
        assert expected in message
    assert not Interview.objects.filter(user=user).exists()


# The weekly goal --------------------------------------------------------------------------


def test_the_weekly_goal_travels_with_the_history_but_share_links_stay(history, tmp_path):
    Goal.objects.create(user=history, per_week=3)
    share = Share.create(user=history, days=7, label="For my mentor")
    path = tmp_path / "export.json"
    out, _err = run("export_user_data", history.username, "--output", str(path))
    assert "The weekly goal (3 a week) is included." in out
    text = path.read_text(encoding="utf-8")
    assert json.loads(text)["goal"] == {"perWeek": 3}
    assert share.token not in text
    assert "For my mentor" not in text
    newcomer = UserFactory()

    out, _err = run("import_user_data", newcomer.username, str(path), "--yes")

    assert "Imported 11 interviews and 8 performances" in out
    assert "Set the weekly goal of 3 a week." in out
    assert Goal.objects.per_week(newcomer) == 3
    assert not Share.objects.filter(user=newcomer).exists()


def test_an_account_with_a_goal_keeps_its_own(history, tmp_path):
    Goal.objects.create(user=history, per_week=3)
    path = export(history, tmp_path)
    newcomer = UserFactory()
    Goal.objects.create(user=newcomer, per_week=5)

    out, _err = run("import_user_data", newcomer.username, str(path), "--yes")

    assert "Imported 11 interviews" in out
    assert "Kept the account's own weekly goal of 5 a week, not the file's 3." in out
    assert Goal.objects.per_week(newcomer) == 5
    assert Goal.objects.per_week(history) == 3
    # Into the exporting account: nothing to change.
    out, _err = run("import_user_data", history.username, str(path), "--yes")
    assert "The account already has the weekly goal of 3 a week." in out
    assert Goal.objects.count() == 2


def test_without_yes_the_goal_is_only_announced(user, tmp_path):
    document = {**valid_document(), "version": 2, "goal": {"perWeek": 4}}
    out, _err = run("import_user_data", user.username, write(tmp_path, document))
    assert "Would set the weekly goal of 4 a week." in out
    assert not Goal.objects.exists()

    Goal.objects.create(user=user, per_week=2)
    out, _err = run("import_user_data", user.username, write(tmp_path, document))
    assert "Would keep the account's own weekly goal of 2 a week, not the file's 4." in out
    assert Goal.objects.per_week(user) == 2


@pytest.mark.parametrize("goal", ["absent", None])
@pytest.mark.parametrize("own", [None, 2])
def test_a_file_without_a_goal_leaves_the_accounts_goal_as_it_is(user, tmp_path, goal, own):
    if own is not None:
        Goal.objects.create(user=user, per_week=own)
    document = valid_document()  # version 1, as written before goals were exported
    if goal != "absent":
        document["goal"] = goal

    out, _err = run("import_user_data", user.username, write(tmp_path, document), "--yes")

    assert "Imported 2 interviews and 1 performance" in out
    assert "goal" not in out
    assert Goal.objects.per_week(user) == own


@pytest.mark.parametrize(
    ("goal", "expected"),
    [
        ({"perWeek": 0}, "goal.perWeek: Must be a whole number from 1 to 21."),
        ({"perWeek": 22}, "goal.perWeek: Must be a whole number from 1 to 21."),
        ({"perWeek": 2.5}, "goal.perWeek: Must be a whole number from 1 to 21."),
        ({"perWeek": "3"}, "goal.perWeek: Must be a whole number from 1 to 21."),
        ({"perWeek": True}, "goal.perWeek: Must be a whole number from 1 to 21."),
        ({}, "goal.perWeek: Must be a whole number from 1 to 21."),
        ({"perWeek": 3, "since": "2026-01-01"}, "goal.since: Unknown field."),
        (3, "goal: Must be an object."),
    ],
)
def test_a_bad_goal_refuses_the_file(user, tmp_path, goal, expected):
    Goal.objects.create(user=user, per_week=2)
    document = {**valid_document(), "version": 2, "goal": goal}

    with pytest.raises(CommandError) as raised:
        run("import_user_data", user.username, write(tmp_path, document), "--yes")

    assert "nothing was imported" in str(raised.value)
    assert expected in str(raised.value)
    assert not Interview.objects.exists()
    assert Goal.objects.per_week(user) == 2
