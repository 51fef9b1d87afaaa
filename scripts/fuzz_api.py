"""A large fuzz campaign against the JSON API: valid requests only, every check.

    .venv/bin/python scripts/fuzz_api.py [--examples 300]
    .venv/bin/python scripts/with_test_mongodb.py .venv/bin/python scripts/fuzz_api.py

Under scripts/with_test_mongodb.py (a MONGODB_URI in the environment) the app and this
script use a throwaway database of the MongoDB test server instead of the SQLite file.

Serves the app as production does (e2e/server.py: gunicorn, DEBUG off) on a throwaway
SQLite file, seeds it with a person, a personal token, some history and the shipped
question bank, then runs schemathesis over /api/openapi.json against it: every phase
(explicit examples, coverage, fuzzing, stateful sequences), positive data generation only
(requests the schema calls valid), every check. api/tests/fuzzing.py makes the requests
obey the rules the schema states in words and aims half of those that name an interview
at a real one, as in the test suite's shorter run.

Prints the requests sent by operation, the valid requests refused (400, 413, 415...; must
be 0), the server errors (must be 0) and every other failure; exits 1 if there is any.
"""

import argparse
import os
import sys
import tempfile
from collections import Counter
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from e2e.server import LiveServer  # noqa: E402
from scripts.benchmarks import configure  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=300, help="examples per operation")
    args = parser.parse_args()

    env = None
    if os.environ.get("MONGODB_URI"):
        # configure(mongodb=True) names this process's database so; the server uses it too.
        env = {"MONGODB_URI": os.environ["MONGODB_URI"], "MONGODB_NAME": f"benchmark_{os.getpid()}"}
    print(f"Database: {'MongoDB test server' if env else 'SQLite'}")
    with (
        tempfile.TemporaryDirectory(prefix="fuzz-api-") as folder,
        LiveServer(folder, env=env) as server,
    ):
        # This process prepares the requests on the server's database.
        configure(Path(server.env["SQLITE_PATH"]), mongodb=env is not None)
        failures = run(server.url, args.examples)
    sys.exit(1 if failures else 0)


def seed():
    """A person with a token, some history and an interview in progress; the token's key."""
    from accounts.models import ApiToken
    from interviews.bank import load_shipped_bank
    from interviews.choices import Status
    from interviews.models import Question
    from interviews.tests.factories import InterviewFactory, UserFactory
    from performance.tests.factories import PerformanceFactory

    if not Question.objects.exists():
        load_shipped_bank()
    user = UserFactory()
    _token, key = ApiToken.issue(user=user, name="Fuzz campaign")
    PerformanceFactory.create_batch(5, user=user)
    InterviewFactory(user=user, status=Status.IN_PROGRESS)
    return user, key


def run(url, examples):
    import schemathesis
    from schemathesis.engine import events, from_schema

    from api.tests.fuzzing import SCHEMA_URL, Fuzzer, fuzzing

    user, key = seed()
    schema = schemathesis.openapi.from_url(url + SCHEMA_URL)
    schema.config.update(
        base_url=url, headers={"Authorization": f"Bearer {key}"}, continue_on_failure=True
    )
    schema.config.generation.update(modes=["positive"], max_examples=examples)
    # Every request is sent (no answers replayed from an earlier run), and nothing is written.
    schema.config.cache.enabled = False

    phases = Counter()
    statuses = Counter()
    refused = Counter()
    server_errors = Counter()
    failures = Counter()
    unfinished = Counter()
    errors = []
    with fuzzing(Fuzzer(user)) as fuzzer:
        for event in from_schema(schema).execute():
            if isinstance(event, events.ScenarioFinished):
                recorder = event.recorder
                # The explicit-examples phase is skipped: the schema gives none.
                if event.status.value not in ("success", "skip") or (
                    event.skip_reason and "No examples" not in event.skip_reason
                ):
                    why = event.skip_reason or event.skip_warning or ""
                    scenario = f"{event.phase.value} {recorder.label}: {event.status.value}"
                    unfinished[f"{scenario} {why}"] += 1
                for case_id, interaction in recorder.interactions.items():
                    case = recorder.cases[case_id].value
                    status = interaction.response.status_code if interaction.response else None
                    statuses[status] += 1
                    phases[event.phase.value] += 1
                    if status is not None and status >= 500:
                        server_errors[f"{case.method} {case.operation.path}"] += 1
                for checks in recorder.checks.values():
                    for check in checks:
                        if check.failure_info is None:
                            continue
                        failure = check.failure_info.failure
                        if check.name == "positive_data_acceptance":
                            refused[failure.operation] += 1
                        title = failure.title.splitlines()[0]
                        failures[f"{check.name}: {failure.operation}: {title}"] += 1
            elif isinstance(event, events.NonFatalError | events.FatalError):
                errors.append(getattr(event, "value", None) or getattr(event, "exception", ""))

    sent = fuzzer.sent
    print(f"Requests sent: {sum(sent.values())} over {len(sent)} operations")
    for operation, count in sorted(sent.items()):
        print(f"  {count:6d}  {operation}")
    print("Responses by phase: " + ", ".join(f"{p}: {n}" for p, n in phases.items()))
    print("Responses by status: " + ", ".join(f"{s}: {n}" for s, n in sorted(statuses.items())))
    print(f"Valid requests refused: {sum(refused.values())}")
    for operation, count in sorted(refused.items()):
        print(f"  {count:6d}  {operation}")
    print(f"Server errors: {sum(server_errors.values())}")
    for operation, count in sorted(server_errors.items()):
        print(f"  {count:6d}  {operation}")
    print(f"Check failures: {sum(failures.values())}")
    for failure, count in sorted(failures.items()):
        print(f"  {count:6d}  {failure}")
    print(f"Scenarios not finished as a success: {sum(unfinished.values())}")
    for scenario, count in sorted(unfinished.items()):
        print(f"  {count:6d}  {scenario}")
    for error in errors:
        print(f"Error: {error}")
    return sum(failures.values()) + sum(server_errors.values()) + len(errors)


if __name__ == "__main__":
    main()
