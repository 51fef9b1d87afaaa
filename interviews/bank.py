"""The question bank: its rules, its files (YAML or JSON) and their import and export.

A bank file is a list of questions (or {"questions": [...]}) keyed by the stored names
(`roundType`, `keyPoints`...). Every question has slug, roundType, experienceLevel, kind,
prompt, tags and suggestedMinutes; a multiple-choice one adds choices, answerIndex
(counted from 0) and explanation, an open one keyPoints and modelAnswer (and may have an
explanation). parse_questions() checks a whole file and lists every error with its
position; the importer, the shipped bank's migration and the admin all go through it.
"""

import json
import re
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from interviewprep.db import atomic
from interviews.choices import ExperienceLevel, QuestionKind, RoundType
from interviews.documents import column_names
from interviews.models import Question

SHIPPED_BANK = Path(__file__).parent / "bank"
SUFFIXES = (".yaml", ".yml", ".json")
BATCH = 1000
# bulk_update() writes a batch as one CASE over its rows, which the database evaluates for
# each row: the cost grows with the square of the batch (on the MongoDB test server, 1,000
# edited questions take 9 s in one batch and 2 s in batches of 100).
UPDATE_BATCH = 100

FIELDS = (
    "slug",
    "round_type",
    "experience_level",
    "kind",
    "prompt",
    "choices",
    "answer_index",
    "explanation",
    "key_points",
    "model_answer",
    "tags",
    "suggested_minutes",
)
# {model field name: key in a bank file}, from each field's db_column.
KEYS = column_names(Question, FIELDS)
FIELD_OF_KEY = {key: name for name, key in KEYS.items()}
REQUIRED = ("slug", "round_type", "experience_level", "kind", "prompt", "tags", "suggested_minutes")
CHOICE_ONLY = ("choices", "answer_index")
OPEN_ONLY = ("key_points", "model_answer")
# What a question of the other kind holds in these fields.
EMPTY = {
    "choices": [],
    "answer_index": None,
    "explanation": "",
    "key_points": [],
    "model_answer": "",
}

SLUG = re.compile(r"[a-z0-9-]+")
SURROGATE = re.compile("[\ud800-\udfff]")
MAX_SLUG = 100
MAX_PROMPT = 2000
MAX_TEXT = 5000  # a model answer or an explanation
MAX_CHOICE = 500
MAX_KEY_POINT = 200
MAX_TAG = 40
CHOICES_RANGE = (2, 6)
KEY_POINTS_RANGE = (3, 6)
TAGS_RANGE = (1, 5)
MINUTES_RANGE = (1, 60)
FOLD_AT = 80  # exported text longer than this is folded over several lines

RULES = (
    "slug: required, lower-case letters, digits and hyphens, at most 100 characters, unique; "
    "roundType: technical, behavioral or dsa; experienceLevel: entry, mid or senior; "
    "kind: choice or open; prompt: required, at most 2000 characters; "
    "a choice question: 2 to 6 distinct choices (each at most 500 characters), answerIndex "
    "(0 for the first choice) and an explanation, no keyPoints or modelAnswer; "
    "an open question: 3 to 6 keyPoints (each at most 200 characters) and a modelAnswer, "
    "no choices or answerIndex; a model answer or an explanation at most 5000 characters; "
    "tags: 1 to 5 distinct lower-case tags of at most 40 characters; "
    "suggestedMinutes: a whole number from 1 to 60. "
    "Unknown keys and NUL characters are refused; text is stripped of surrounding spaces."
)


@dataclass(frozen=True)
class Problem:
    """One error: where (`questions[3]`, maybe after a file name), the file key and item."""

    where: str
    key: str = ""
    index: int | None = None
    message: str = ""

    def __str__(self):
        path = self.where
        if self.key:
            path += f".{self.key}"
        if self.index is not None:
            path += f"[{self.index}]"
        return f"{path}: {self.message}"


class BankError(Exception):
    """A bank that cannot be read or imported; `errors` lists "position: message" lines."""

    def __init__(self, problems):
        self.problems = list(problems)
        self.errors = [str(problem) for problem in self.problems]
        super().__init__(f"{len(self.errors)} error(s)")


@dataclass
class BankEntries:
    """The raw questions read from a file or a folder, and where each one comes from."""

    entries: list = field(default_factory=list)
    positions: list = field(default_factory=list)  # "questions[3]" or "x.yaml: questions[3]"


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    updated_slugs: list = field(default_factory=list)


class _Entry:
    """Checks one question of a file, collecting its problems."""

    def __init__(self, data, where, problems):
        self.data = data
        self.where = where
        self.problems = problems

    def add(self, name, message, index=None):
        key = KEYS.get(name, name)
        self.problems.append(Problem(self.where, key, index, message))

    def text(self, name, value, *, max_length, index=None):
        """`value` stripped, or None (with a problem) if it is not acceptable text."""
        if not isinstance(value, str):
            self.add(name, "Must be a string.", index)
            return None
        value = value.strip()
        if "\x00" in value:
            self.add(name, "Must not contain NUL characters.", index)
        elif SURROGATE.search(value):
            self.add(name, "Must not contain unpaired surrogate characters.", index)
        elif not value:
            self.add(
                name,
                "Must not be empty." if index is not None else "This field is required.",
                index,
            )
        elif len(value) > max_length:
            self.add(name, f"At most {max_length} characters (it has {len(value)}).", index)
        else:
            return value
        return None

    def choice(self, name, value, choices):
        if not isinstance(value, str) or value.strip() not in choices.values:
            self.add(name, f"Must be one of: {', '.join(choices.values)}.")
            return None
        return value.strip()

    def integer(self, name, value, low, high, hint=""):
        if isinstance(value, bool) or not isinstance(value, int):
            self.add(name, "Must be a whole number.")
            return None
        if not low <= value <= high:
            self.add(name, f"Must be between {low} and {high}{hint}.")
            return None
        return value

    def items(self, name, value, size, *, max_length, distinct, lower=False):
        """The list's stripped items, or None if the list or any item is refused."""
        low, high = size
        if not isinstance(value, list):
            self.add(name, "Must be a list.")
            return None
        if not low <= len(value) <= high:
            self.add(name, f"Must have {low} to {high} items.")
            return None
        cleaned, seen, ok = [], {}, True
        for index, item in enumerate(value):
            item = self.text(name, item, max_length=max_length, index=index)
            if item is None:
                ok = False
                continue
            if lower and item != item.lower():
                self.add(name, "Must be lower-case.", index)
                ok = False
            elif distinct and item in seen:
                self.add(name, f"The same as {KEYS[name]}[{seen[item]}].", index)
                ok = False
            seen.setdefault(item, index)
            cleaned.append(item)
        return cleaned if ok else None

    def clean(self):
        """The model's field values, or None when the entry has problems."""
        data = self.data
        if not isinstance(data, dict):
            self.problems.append(Problem(self.where, message="Must be an object."))
            return None
        before = len(self.problems)
        for key in data:
            if key not in FIELD_OF_KEY:
                self.add(str(key), "Unknown field.")
        present = {FIELD_OF_KEY[key]: value for key, value in data.items() if key in FIELD_OF_KEY}
        for name in REQUIRED:
            if name not in present:
                self.add(name, "This field is required.")

        cleaned = dict(EMPTY)
        checks = {
            "slug": self.slug,
            "round_type": lambda value: self.choice("round_type", value, RoundType),
            "experience_level": lambda value: self.choice(
                "experience_level", value, ExperienceLevel
            ),
            "kind": lambda value: self.choice("kind", value, QuestionKind),
            "prompt": lambda value: self.text("prompt", value, max_length=MAX_PROMPT),
            "tags": lambda value: self.items(
                "tags", value, TAGS_RANGE, max_length=MAX_TAG, distinct=True, lower=True
            ),
            "suggested_minutes": lambda value: self.integer(
                "suggested_minutes", value, *MINUTES_RANGE
            ),
        }
        for name, check in checks.items():
            if name in present:
                cleaned[name] = check(present[name])

        kind = cleaned.get("kind")
        if kind == QuestionKind.CHOICE:
            self.choice_fields(present, cleaned)
        elif kind == QuestionKind.OPEN:
            self.open_fields(present, cleaned)
        if len(self.problems) > before:
            return None
        return {name: cleaned[name] for name in FIELDS}

    def slug(self, value):
        value = self.text("slug", value, max_length=MAX_SLUG)
        if value is not None and not SLUG.fullmatch(value):
            self.add("slug", "Only lower-case letters, digits and hyphens.")
            return None
        return value

    def choice_fields(self, present, cleaned):
        for name in OPEN_ONLY:
            if name in present:
                self.add(name, "Only for open questions.")
        for name in (*CHOICE_ONLY, "explanation"):
            if name not in present:
                self.add(name, "This field is required.")
        if "choices" in present:
            cleaned["choices"] = self.items(
                "choices", present["choices"], CHOICES_RANGE, max_length=MAX_CHOICE, distinct=True
            )
        if "answer_index" in present:
            # Judged against the number of choices, even when some of them are refused.
            count = present.get("choices")
            low, high = CHOICES_RANGE
            count = len(count) if isinstance(count, list) and low <= len(count) <= high else None
            hint = f" (0 for the first of the {count} choices)" if count else ""
            cleaned["answer_index"] = self.integer(
                "answer_index", present["answer_index"], 0, (count or high) - 1, hint
            )
        if "explanation" in present:
            cleaned["explanation"] = self.text(
                "explanation", present["explanation"], max_length=MAX_TEXT
            )

    def open_fields(self, present, cleaned):
        for name in CHOICE_ONLY:
            if name in present:
                self.add(name, "Only for multiple-choice questions.")
        for name in OPEN_ONLY:
            if name not in present:
                self.add(name, "This field is required.")
        if "key_points" in present:
            cleaned["key_points"] = self.items(
                "key_points",
                present["key_points"],
                KEY_POINTS_RANGE,
                max_length=MAX_KEY_POINT,
                distinct=False,
            )
        if "model_answer" in present:
            cleaned["model_answer"] = self.text(
                "model_answer", present["model_answer"], max_length=MAX_TEXT
            )
        explanation = present.get("explanation", "")
        if not isinstance(explanation, str) or explanation.strip():  # optional here
            cleaned["explanation"] = self.text("explanation", explanation, max_length=MAX_TEXT)


def parse_questions(entries, *, positions=None):
    """The model field values of every question, or BankError listing every error.

    `positions` names where each entry comes from (default `questions[i]`).
    """
    if not isinstance(entries, list):
        raise BankError([Problem("questions", message="Must be a list of questions.")])
    if positions is None:
        positions = [f"questions[{index}]" for index in range(len(entries))]
    problems, values, slugs = [], [], {}
    for entry, where in zip(entries, positions, strict=True):
        cleaned = _Entry(entry, where, problems).clean()
        slug = entry.get(KEYS["slug"]) if isinstance(entry, dict) else None
        if isinstance(slug, str) and slug.strip():
            slug = slug.strip()
            if slug in slugs:
                problems.append(
                    Problem(where, KEYS["slug"], None, f"The same slug as {slugs[slug]}.")
                )
                continue
            slugs[slug] = where
        if cleaned is not None:
            values.append(cleaned)
    if problems:
        raise BankError(problems)
    return values


def _load(path, name):
    """The document held by one file."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise BankError([Problem(name, message="No such file.")]) from None
    except UnicodeDecodeError:
        raise BankError([Problem(name, message="Not UTF-8 text.")]) from None
    except OSError as error:
        raise BankError([Problem(name, message=f"Cannot read it: {error.strerror}.")]) from None
    try:
        if path.suffix.lower() == ".json":
            return json.loads(text)
        return yaml.safe_load(text)
    except json.JSONDecodeError as error:
        message = f"Not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}."
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        message = f"Not valid YAML: {error.problem or error.context}{where}."
    except yaml.YAMLError as error:
        message = f"Not valid YAML: {error}."
    except RecursionError:
        message = "Nested too deeply to be a bank file."
    raise BankError([Problem(name, message=message)])


def _questions_of(document, name):
    if isinstance(document, list):
        return document
    if isinstance(document, dict) and isinstance(document.get("questions"), list):
        extra = [key for key in document if key != "questions"]
        if extra:
            problems = [Problem(name, str(key), None, "Unknown field.") for key in extra]
            raise BankError(problems)
        return document["questions"]
    raise BankError(
        [Problem(name, message='Must be a list of questions or an object with a "questions" list.')]
    )


def read_bank_file(path):
    """The raw questions of a .yaml/.yml/.json file, or of every such file in a folder."""
    bank, problems = _read(Path(path))
    if problems:
        raise BankError(problems)
    return bank


def _read(path):
    """The questions of the files that could be read, and the problems of the others."""
    if path.is_dir():
        files = sorted(item for item in path.iterdir() if item.suffix.lower() in SUFFIXES)
        if not files:
            return BankEntries(), [
                Problem(str(path), message="Holds no .yaml, .yml or .json file.")
            ]
        named = True
    else:
        if path.suffix.lower() not in SUFFIXES:
            return BankEntries(), [Problem(str(path), message="Must end in .yaml, .yml or .json.")]
        files, named = [path], False

    bank, problems = BankEntries(), []
    for file in files:
        name = file.name if named else str(file)
        try:
            questions = _questions_of(_load(file, name), name)
        except BankError as error:
            problems.extend(error.problems)
            continue
        prefix = f"{name}: " if named else ""
        bank.entries.extend(questions)
        bank.positions.extend(f"{prefix}questions[{index}]" for index in range(len(questions)))
    return bank, problems


def load_bank(path):
    """The model field values of every question in a file or folder, or BankError listing
    the errors of every file (those that cannot be read, then those of the questions)."""
    bank, problems = _read(Path(path))
    try:
        values = parse_questions(bank.entries, positions=bank.positions)
    except BankError as error:
        problems.extend(error.problems)
    if problems:
        raise BankError(problems)
    return values


def import_questions(values, *, dry_run, question_model=Question):
    """Create the new questions and update the changed ones, matched by slug.

    With dry_run, only counts what would change. Questions are read and created 1,000 at
    a time and updated 100 at a time, so the queries grow with batches, not questions.
    """
    # The data migration passes its historical model, which may lack later fields.
    names = [name for name in FIELDS if _has_field(question_model, name)]
    result = ImportResult()
    with nullcontext() if dry_run else atomic():
        for start in range(0, len(values), BATCH):
            batch = values[start : start + BATCH]
            new, changed, changed_fields = _compare(batch, names, result, question_model)
            if dry_run:
                continue
            if new:
                question_model.objects.bulk_create(new)
            if changed:
                question_model.objects.bulk_update(
                    changed, sorted(changed_fields), batch_size=UPDATE_BATCH
                )
    return result


def _compare(batch, names, result, question_model):
    """The batch's new questions, its changed ones and the fields that changed; counted."""
    slugs = [value["slug"] for value in batch]
    existing = {
        question.slug: question for question in question_model.objects.filter(slug__in=slugs)
    }
    new, changed, changed_fields = [], [], set()
    for value in batch:
        question = existing.get(value["slug"])
        if question is None:
            new.append(question_model(**{name: value[name] for name in names}))
            continue
        differ = [name for name in names if getattr(question, name) != value[name]]
        if not differ:
            result.unchanged += 1
            continue
        for name in differ:
            setattr(question, name, value[name])
        changed.append(question)
        changed_fields.update(differ)
        result.updated_slugs.append(question.slug)
    result.created += len(new)
    result.updated += len(changed)
    return new, changed, changed_fields


def _has_field(model, name):
    return any(item.name == name for item in model._meta.concrete_fields)


def export_questions():
    """Every question in the file shape, ordered by roundType, experienceLevel and slug."""
    questions = Question.objects.order_by("round_type", "experience_level", "slug")
    return [to_entry(question) for question in questions.iterator(chunk_size=BATCH)]


def to_entry(question):
    """One question as a bank file holds it: only the keys of its kind."""
    if question.kind == QuestionKind.CHOICE:
        skip = set(OPEN_ONLY)
    else:
        skip = set(CHOICE_ONLY)
        if not question.explanation:
            skip.add("explanation")
    return {KEYS[name]: getattr(question, name) for name in FIELDS if name not in skip}


def load_shipped_bank(question_model=Question):
    """Import the bank shipped in interviews/bank/ (the data migration's work)."""
    return import_questions(load_bank(SHIPPED_BANK), dry_run=False, question_model=question_model)


class _BankDumper(yaml.SafeDumper):
    """YAML as the shipped files are written: lists indented under their key, long text
    folded, text with line breaks as a literal block."""

    def increase_indent(self, flow=False, indentless=False):
        return super().increase_indent(flow, False)


def _represent_text(dumper, value):
    style = None
    if "\n" in value.strip("\n"):
        style = "|"
    elif len(value) > FOLD_AT:
        style = ">"
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_BankDumper.add_representer(str, _represent_text)


def to_yaml(questions):
    """Questions in file shape as the text of a YAML bank file."""
    return yaml.dump(
        questions, Dumper=_BankDumper, sort_keys=False, allow_unicode=True, width=FOLD_AT + 10
    )


def to_json(questions):
    """Questions in file shape as the text of a JSON bank file."""
    return json.dumps(questions, indent=2, ensure_ascii=False) + "\n"
