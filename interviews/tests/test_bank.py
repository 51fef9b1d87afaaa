import importlib
import json
from io import StringIO

import pytest
import yaml
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import Count
from django.urls import reverse
from pytest_django.asserts import assertContains

from interviews.bank import FIELDS, SHIPPED_BANK, import_questions, load_bank, parse_questions
from interviews.choices import ExperienceLevel, QuestionKind, RoundType
from interviews.models import Question

pytestmark = pytest.mark.django_db

# A savepoint and its release, one read per 1,000 questions, then the writes: inserts of
# up to 1,000 rows (83 on SQLite, whose queries take 999 parameters) and updates of up to
# 100, so 200 questions take a few more than 50. One query per question would be 50 or 200.
IMPORT_QUERIES = 6
BANK_MIGRATION = "0004_load_question_bank"


def choice_entry(slug, **overrides):
    return {
        "slug": slug,
        "roundType": "technical",
        "experienceLevel": "mid",
        "kind": "choice",
        "prompt": "Which HTTP status says that a resource was created?",
        "choices": ["200 OK", "201 Created", "204 No Content"],
        "answerIndex": 1,
        "explanation": "201 is the answer to a POST that created something.",
        "tags": ["http"],
        "suggestedMinutes": 2,
        **overrides,
    }


def open_entry(slug, **overrides):
    return {
        "slug": slug,
        "roundType": "behavioral",
        "experienceLevel": "senior",
        "kind": "open",
        "prompt": "Tell me about a project you led that went wrong.",
        "keyPoints": ["owns the outcome", "explains what changed", "says what they learned"],
        "modelAnswer": "I led a migration that slipped by a month; here is what I changed.",
        "tags": ["leadership", "failure"],
        "suggestedMinutes": 5,
        **overrides,
    }


def run(*args):
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


def write_yaml(path, entries):
    path.write_text(yaml.safe_dump(entries, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture
def questions():
    """One question of each kind, whatever else the database holds."""
    entries = [choice_entry("test-http-created"), open_entry("test-led-failure")]
    import_questions(parse_questions(entries), dry_run=False)
    return {
        question.kind: question for question in Question.objects.filter(slug__startswith="test-")
    }


def stored(slug):
    return Question.objects.filter(slug=slug).values(*FIELDS).get()


def migrate_an_empty_bank():
    """Run the data migration on an empty bank, as `migrate` does on a fresh database.

    The test database was built by the migrations, but on MongoDB (no transactions) every
    test ends by emptying it, so the bank the migrations loaded is gone after the first.
    """
    migration = importlib.import_module(f"interviews.migrations.{BANK_MIGRATION}")
    state = MigrationLoader(connection).project_state(("interviews", BANK_MIGRATION))
    migration.load_question_bank(state.apps, None)


def test_migrating_a_fresh_database_loads_the_whole_shipped_bank():
    applied = MigrationRecorder(connection).applied_migrations()
    assert ("interviews", BANK_MIGRATION) in applied
    Question.objects.all().delete()

    migrate_an_empty_bank()

    assert Question.objects.count() == len(load_bank(SHIPPED_BANK)) >= 270
    cells = {
        (row["round_type"], row["experience_level"]): row["count"]
        for row in Question.objects.values("round_type", "experience_level").annotate(
            count=Count("pk")
        )
    }
    for round_type in RoundType.values:
        for level in ExperienceLevel.values:
            assert cells.get((round_type, level), 0) >= 30, (round_type, level)
        kinds = set(Question.objects.filter(round_type=round_type).values_list("kind", flat=True))
        assert kinds == set(QuestionKind.values), round_type

    out = run("import_questions", str(SHIPPED_BANK))
    assert f"left {Question.objects.count()} unchanged" in out


def test_migrating_again_keeps_the_questions_and_adds_the_missing_ones():
    migrate_an_empty_bank()
    kept = Question.objects.get(slug="t-design-url-shortener")
    Question.objects.filter(slug="t-design-rate-limiter-api").delete()

    migrate_an_empty_bank()

    assert Question.objects.get(slug="t-design-url-shortener").pk == kept.pk
    assert Question.objects.filter(slug="t-design-rate-limiter-api").exists()
    assert Question.objects.count() == len(load_bank(SHIPPED_BANK))


def test_a_yaml_file_is_imported(tmp_path):
    before = Question.objects.count()
    path = write_yaml(
        tmp_path / "new.yaml", [choice_entry("test-http-created"), open_entry("test-led-failure")]
    )

    out = run("import_questions", str(path), "--yes")

    assert "Created 2, updated 0 and left 0 unchanged of the 2 questions" in out
    assert Question.objects.count() == before + 2
    assert stored("test-http-created") == {
        "slug": "test-http-created",
        "round_type": "technical",
        "experience_level": "mid",
        "kind": "choice",
        "prompt": "Which HTTP status says that a resource was created?",
        "choices": ["200 OK", "201 Created", "204 No Content"],
        "answer_index": 1,
        "explanation": "201 is the answer to a POST that created something.",
        "key_points": [],
        "model_answer": "",
        "tags": ["http"],
        "suggested_minutes": 2,
    }
    question = stored("test-led-failure")
    assert question["key_points"] == [
        "owns the outcome",
        "explains what changed",
        "says what they learned",
    ]
    assert question["choices"] == []
    assert question["answer_index"] is None


def test_a_json_file_holding_an_object_is_imported_with_its_text_stripped(tmp_path):
    path = tmp_path / "new.json"
    entry = choice_entry("test-json", prompt="  Padded prompt?  ", tags=[" http "])
    path.write_text(json.dumps({"questions": [entry]}), encoding="utf-8")

    out = run("import_questions", str(path), "--yes")

    assert "Created 1, updated 0 and left 0 unchanged of the 1 question in" in out
    question = stored("test-json")
    assert question["prompt"] == "Padded prompt?"
    assert question["tags"] == ["http"]


def test_a_dry_run_writes_nothing_and_says_what_it_would_do(tmp_path):
    run(
        "import_questions",
        str(write_yaml(tmp_path / "one.yaml", [open_entry("test-led-failure")])),
        "--yes",
    )
    before = list(Question.objects.values(*FIELDS))
    path = write_yaml(
        tmp_path / "two.yaml",
        [
            choice_entry("test-http-created"),
            open_entry("test-led-failure", prompt="A project you led that failed?"),
        ],
    )

    out = run("import_questions", str(path))

    assert "Would create 1, would update 1 and left 0 unchanged of the 2 questions" in out
    assert "Would update: test-led-failure." in out
    assert "Nothing was changed; run again with --yes to import." in out
    assert list(Question.objects.values(*FIELDS)) == before


def test_importing_twice_changes_nothing_and_an_edit_updates_only_its_question(tmp_path):
    entries = [choice_entry("test-http-created"), open_entry("test-led-failure")]
    path = write_yaml(tmp_path / "bank.yaml", entries)
    run("import_questions", str(path), "--yes")
    first = list(Question.objects.values("pk", *FIELDS))

    out = run("import_questions", str(path), "--yes")
    assert "Created 0, updated 0 and left 2 unchanged" in out
    assert list(Question.objects.values("pk", *FIELDS)) == first

    entries[1]["prompt"] = "Tell me about a launch you led that went wrong."
    write_yaml(path, entries)
    out = run("import_questions", str(path), "--yes")

    assert "Created 0, updated 1 and left 1 unchanged" in out
    assert "Updated: test-led-failure." in out
    after = {row["slug"]: row for row in Question.objects.values("pk", *FIELDS)}
    for row in first:
        expected = dict(row)
        if row["slug"] == "test-led-failure":
            expected["prompt"] = "Tell me about a launch you led that went wrong."
        assert after[row["slug"]] == expected


def test_a_file_with_errors_lists_every_one_with_its_position_and_writes_nothing(tmp_path):
    before = Question.objects.count()
    path = write_yaml(
        tmp_path / "bad.yaml",
        [
            choice_entry("test-fine"),
            open_entry("test-short", keyPoints=["only one", "and two"]),
            choice_entry("Test Upper", answerIndex=3, choices=["a", "a", ""]),
            open_entry("test-fine", choices=["x", "y"], tags=["UPPER"], suggestedMinutes=90),
            {**open_entry("test-extra", prompt="nul \x00 inside"), "difficulty": "hard"},
            choice_entry("test-no-kind", kind="essay", roundType="mixed"),
            "not a question",
        ],
    )

    with pytest.raises(CommandError) as refused:
        run("import_questions", str(path), "--yes")

    message = str(refused.value)
    assert "nothing was imported: 14 errors" in message
    for line in (
        "questions[1].keyPoints: Must have 3 to 6 items.",
        "questions[2].slug: Only lower-case letters, digits and hyphens.",
        "questions[2].choices[1]: The same as choices[0].",
        "questions[2].choices[2]: Must not be empty.",
        "questions[2].answerIndex: Must be between 0 and 2 (0 for the first of the 3 choices).",
        "questions[3].choices: Only for multiple-choice questions.",
        "questions[3].tags[0]: Must be lower-case.",
        "questions[3].suggestedMinutes: Must be between 1 and 60.",
        "questions[3].slug: The same slug as questions[0].",
        "questions[4].difficulty: Unknown field.",
        "questions[4].prompt: Must not contain NUL characters.",
        "questions[5].roundType: Must be one of: technical, behavioral, dsa.",
        "questions[5].kind: Must be one of: choice, open.",
        "questions[6]: Must be an object.",
    ):
        assert f"  {line}\n" in message + "\n", line
    assert Question.objects.count() == before


def test_a_folder_is_read_file_by_file_and_its_errors_name_the_file(tmp_path):
    write_yaml(tmp_path / "a-technical.yaml", [choice_entry("test-a")])
    (tmp_path / "b-behavioral.json").write_text(
        json.dumps([open_entry("test-b", modelAnswer="")]), encoding="utf-8"
    )
    (tmp_path / "c-broken.yml").write_text("- slug: test-c\n  prompt: [unclosed\n")
    (tmp_path / "notes.txt").write_text("not part of the bank")
    before = Question.objects.count()

    with pytest.raises(CommandError) as refused:
        run("import_questions", str(tmp_path), "--yes")

    message = str(refused.value)
    assert "2 errors" in message
    assert "b-behavioral.json: questions[0].modelAnswer: This field is required." in message
    assert "c-broken.yml: Not valid YAML:" in message
    assert "at line 3, column 1." in message
    assert Question.objects.count() == before

    (tmp_path / "b-behavioral.json").write_text(json.dumps([open_entry("test-b")]))
    (tmp_path / "c-broken.yml").write_text("questions:\n  - " + json.dumps(open_entry("test-c")))
    out = run("import_questions", str(tmp_path), "--yes")
    assert "Created 3, updated 0 and left 0 unchanged of the 3 questions" in out


def test_a_file_that_is_not_json_is_refused_with_its_line(tmp_path):
    path = tmp_path / "bank.json"
    path.write_text('[\n  {"slug": "test-a",}\n]\n', encoding="utf-8")

    with pytest.raises(CommandError) as refused:
        run("import_questions", str(path))

    assert f"{path}: Not valid JSON: Expecting property name" in str(refused.value)
    assert "line 2, column 21." in str(refused.value)


@pytest.mark.parametrize("suffix", ["yaml", "json"])
def test_export_then_import_gives_back_the_same_bank(tmp_path, suffix):
    run(
        "import_questions",
        str(
            write_yaml(
                tmp_path / "extra.yaml",
                [
                    open_entry("test-open-explained", explanation="Why it matters."),
                    choice_entry("test-multiline", prompt="First line.\nSecond line: yes"),
                ],
            )
        ),
        "--yes",
    )
    before = list(Question.objects.order_by("slug").values(*FIELDS))
    path = tmp_path / f"export.{suffix}"

    out = run("export_questions", "--output", str(path))

    assert f"Exported {len(before)} questions to {path}." in out
    Question.objects.all().delete()
    out = run("import_questions", str(path), "--yes")
    assert f"Created {len(before)}, updated 0 and left 0 unchanged" in out
    assert list(Question.objects.order_by("slug").values(*FIELDS)) == before


@pytest.mark.usefixtures("questions")
def test_the_export_holds_only_each_kinds_keys_in_bank_order():
    out = run("export_questions", "--format", "json")
    entries = json.loads(out)

    keys = [(entry["roundType"], entry["experienceLevel"], entry["slug"]) for entry in entries]
    assert keys == sorted(keys)
    choice = next(entry for entry in entries if entry["kind"] == "choice")
    assert list(choice) == [
        "slug",
        "roundType",
        "experienceLevel",
        "kind",
        "prompt",
        "choices",
        "answerIndex",
        "explanation",
        "tags",
        "suggestedMinutes",
    ]
    open_ = next(entry for entry in entries if entry["kind"] == "open")
    assert "choices" not in open_
    assert "answerIndex" not in open_
    assert {"keyPoints", "modelAnswer"} <= set(open_)
    assert yaml.safe_load(run("export_questions")) == entries


def test_an_unknown_output_extension_is_refused(tmp_path):
    with pytest.raises(CommandError, match=r"Cannot tell the format of .*bank\.txt"):
        run("export_questions", "--output", str(tmp_path / "bank.txt"))


def generated(count, prefix="test-gen"):
    return [
        choice_entry(f"{prefix}-{index}") if index % 3 == 0 else open_entry(f"{prefix}-{index}")
        for index in range(count)
    ]


@pytest.mark.parametrize("count", [50, 200])
def test_importing_new_questions_costs_the_same_queries_whatever_their_number(
    django_assert_max_num_queries, count
):
    values = parse_questions(generated(count))
    before = Question.objects.count()

    with django_assert_max_num_queries(IMPORT_QUERIES):
        result = import_questions(values, dry_run=False)

    assert (result.created, result.updated, result.unchanged) == (count, 0, 0)
    assert Question.objects.count() == before + count


@pytest.mark.parametrize("count", [50, 200])
def test_updating_questions_costs_the_same_queries_whatever_their_number(
    django_assert_max_num_queries, count
):
    entries = generated(count)
    import_questions(parse_questions(entries), dry_run=False)
    for entry in entries[::2]:
        entry["prompt"] += " (edited)"
    values = parse_questions(entries)

    with django_assert_max_num_queries(IMPORT_QUERIES):
        result = import_questions(values, dry_run=False)

    assert (result.created, result.updated) == (0, len(entries[::2]))
    assert Question.objects.filter(prompt__endswith="(edited)").count() == len(entries[::2])


def question_change(question):
    return reverse("admin:interviews_question_change", args=[question.pk])


def admin_data(question, **changes):
    data = {
        "slug": question.slug,
        "round_type": question.round_type,
        "experience_level": question.experience_level,
        "kind": question.kind,
        "prompt": question.prompt,
        "choices": "\n".join(question.choices),
        "answer_index": "" if question.answer_index is None else question.answer_index,
        "explanation": question.explanation,
        "key_points": "\n".join(question.key_points),
        "model_answer": question.model_answer,
        "tags": "\n".join(question.tags),
        "suggested_minutes": question.suggested_minutes,
    }
    return {**data, **changes}


def test_the_admin_edits_a_questions_lists_as_lines(admin_client, questions):
    question = questions["open"]

    page = admin_client.get(question_change(question))
    assertContains(page, "\n".join(question.key_points))

    response = admin_client.post(
        question_change(question),
        admin_data(
            question,
            key_points="  first point \nsecond point\nthird point\n\n",
            tags="design\nscaling",
            suggested_minutes=12,
        ),
    )

    assert response.status_code == 302
    question.refresh_from_db()
    assert question.key_points == ["first point", "second point", "third point"]
    assert question.tags == ["design", "scaling"]
    assert question.suggested_minutes == 12


def test_the_admin_turns_an_open_question_into_a_choice_one(admin_client, questions):
    question = questions["open"]

    response = admin_client.post(
        question_change(question),
        admin_data(
            question,
            kind="choice",
            key_points="",
            model_answer="",
            choices="Yes\nNo",
            answer_index=1,
            explanation="Because.",
        ),
    )

    assert response.status_code == 302
    question.refresh_from_db()
    assert (question.kind, question.choices, question.answer_index) == ("choice", ["Yes", "No"], 1)
    assert (question.key_points, question.model_answer) == ([], "")


def test_the_admin_refuses_a_bad_question_with_each_error_on_its_field(admin_client, questions):
    question = questions["choice"]
    before = stored(question.slug)

    response = admin_client.post(
        question_change(question),
        admin_data(
            question,
            choices="Only one",
            answer_index=7,
            key_points="not for this kind",
            tags="fine\nNot Lower",
            slug="Bad Slug",
        ),
    )

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["choices"] == ["Must have 2 to 6 items."]
    assert errors["answer_index"] == ["Must be between 0 and 5."]
    assert errors["key_points"] == ["Only for open questions."]
    assert errors["tags"] == ["Line 2: Must be lower-case."]
    assert "slug" in errors
    assert stored(question.slug) == before


def test_the_admin_lists_filters_and_searches_questions(admin_client, questions):
    url = reverse("admin:interviews_question_changelist")
    total = Question.objects.count()

    response = admin_client.get(url)
    assert response.status_code == 200
    assert response.context["cl"].result_count == total

    response = admin_client.get(url, {"kind__exact": "choice", "round_type__exact": "technical"})
    expected = Question.objects.filter(kind="choice", round_type="technical").count()
    assert response.context["cl"].result_count == expected > 0

    response = admin_client.get(url, {"q": "led-failure"})
    assert response.context["cl"].result_count == 1
    assertContains(response, questions["open"].prompt)

    response = admin_client.get(url, {"q": "status says that a resource"})
    assert response.context["cl"].result_count == 1
    assertContains(response, "test-http-created")


def test_the_admin_adds_a_question_with_its_lists_as_lines(admin_client):
    add = reverse("admin:interviews_question_add")
    assert admin_client.get(add).status_code == 200

    response = admin_client.post(
        add,
        {
            "slug": "test-added",
            "round_type": "dsa",
            "experience_level": "entry",
            "kind": "choice",
            "prompt": "Which structure gives O(1) average lookups by key?",
            "choices": "A hash map\nA sorted array\nA linked list",
            "answer_index": 0,
            "explanation": "Hashing finds the bucket directly.",
            "key_points": "",
            "model_answer": "",
            "tags": "hashing",
            "suggested_minutes": 2,
        },
    )

    assert response.status_code == 302
    question = stored("test-added")
    assert question["choices"] == ["A hash map", "A sorted array", "A linked list"]
    assert (question["answer_index"], question["tags"]) == (0, ["hashing"])
