"""Every main query is served by a declared index, and every one of a person's carries userId.

MongoDB's wire test server shows no query plans, so the rule is checked on the queries the
app sends (captured with pymongo's command monitoring, from real requests through the test
client): an index serves a filter and a sort when its keys are, in order, fields the filter
matches by equality, then the sort's keys in the sort's directions (or all of them
reversed), and only then anything else, ranges included. A sort is then read from the index
instead of being done in memory (a blocking sort, which Atlas's shared tiers refuse when it
is large), and a request reads the person's documents one page at a time. Aggregations
(the report's `$group`) need only their `$match` to be served.

For a sharded cluster (docs/deploy.md): every read of a person's collections matches
`userId` by equality, so each is sent to one shard only. (Writes to a document the request
has just read through such a read go by its `_id`.)
"""

import json

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from pymongo import monitoring

from dashboard.models import Goal
from interviewprep.db import IS_MONGODB
from interviews.choices import Status
from interviews.filters import INTERVIEW_SORTS
from interviews.models import Interview, Question, QuestionStat
from interviews.plans import snapshot
from interviews.tests.factories import InterviewFactory, QuestionFactory
from performance.filters import SORTS
from performance.models import HistoryMonth, Performance
from performance.tests.factories import PerformanceFactory

RANGES = {"$gt", "$gte", "$lt", "$lte"}
# A person's collections: sharded by userId on a sharded cluster.
PERSONAL = {"interviews", "performances", "question_stats", "goals", "history_months"}
# Fields whose equality finds one document: a lookup by one must use an index on it.
IDENTIFYING = {"_id", "interviewId"}


def indexes(model):
    """The key lists of the indexes `migrate` makes for `model` that a query may use:
    `Meta.indexes` and the `_id` index.

    Unique constraints and unique fields are left out: django-mongodb-backend makes them
    partial indexes (on the value's type), which MongoDB's planner may pass over for a
    plain match.
    """
    declared = [[("_id", 1)]]
    for index in model._meta.indexes:
        declared.append(
            [
                (model._meta.get_field(name).column, -1 if order == "DESC" else 1)
                for name, order in index.fields_orders
            ]
        )
    return declared


def conditions(match):
    """(fields matched by equality, fields matched by a range) of a `$match` or find filter.

    `$in` counts as equality: MongoDB reads each value's run of the index and merges them
    in sort order. Other conditions (`$or`, patterns) are checked on the documents read.
    """
    equal, ranged = set(), set()
    clauses = [match]
    while clauses:
        clause = clauses.pop()
        for field, value in clause.items():
            if field == "$and":
                clauses.extend(value)
            elif field.startswith("$"):
                continue
            elif not isinstance(value, dict) or set(value) & {"$eq", "$in"}:
                equal.add(field)
            elif set(value) <= RANGES:
                ranged.add(field)
    return equal, ranged


def unserved(match, sort, declared):
    """None when one of the `declared` indexes serves `match` and `sort` in ESR order,
    else why none does."""
    equal, ranged = conditions(match)
    # A sort on a field the filter fixes orders nothing.
    wanted = [(field, direction) for field, direction in sort if field not in equal]
    reversed_ = [(field, -direction) for field, direction in wanted]
    for keys in declared:
        prefix = 0
        while prefix < len(keys) and keys[prefix][0] in equal:
            prefix += 1
        if prefix == 0 and not (keys[0][0] in ranged and not wanted):
            continue  # the index's first key is not matched: a scan of the whole index
        if IDENTIFYING & equal and not IDENTIFYING & {field for field, _ in keys[:prefix]}:
            continue  # a lookup of one document that would read all of the person's
        following = keys[prefix : prefix + len(wanted)]
        if wanted and following not in (wanted, reversed_):
            continue  # a blocking sort
        return None
    return (
        f"no index serves filter fields {sorted(equal)} (equality), {sorted(ranged)} "
        f"(range) with sort {sort}"
    )


def shape(command):
    """(collection, filter, sort) of a read or write command, None for others.

    An aggregation's sort counts when it comes before any stage that reshapes the
    documents ($group, $facet, $lookup ...); only its leading `$match` is checked then.
    django-mongodb-backend puts the fields it reads ($project, or $addFields of the sort's
    own fields) before the $sort; they change no field the sort reads.
    """
    name = next(iter(command))
    collection = command[name]
    if name == "aggregate":
        match, sort = {}, []
        for stage in command["pipeline"]:
            (operator, value), *_ = stage.items()
            if operator == "$match" and not match:
                match = value
            elif operator == "$sort":
                sort = list(value.items())
                break
            elif operator not in ("$project", "$addFields", "$limit", "$skip"):
                break
        return collection, match, sort
    if name in ("find", "count", "distinct"):
        return (
            collection,
            command.get("filter", command.get("query", {})),
            list(command.get("sort", {}).items()),
        )
    if name == "update":
        return collection, command["updates"][0]["q"], []
    if name == "delete":
        return collection, command["deletes"][0]["q"], []
    if name == "findAndModify":
        return collection, command["query"], list(command.get("sort", {}).items())
    return None


MODELS = {
    model._meta.db_table: model
    for model in (Interview, Performance, Question, QuestionStat, Goal, HistoryMonth)
}


class CommandRecorder(monitoring.CommandListener):
    def __init__(self):
        self.commands = []

    def started(self, event):
        if event.command_name in (
            "aggregate",
            "find",
            "count",
            "distinct",
            "update",
            "delete",
            "findAndModify",
        ):
            self.commands.append(event.command)

    def succeeded(self, event):
        pass

    def failed(self, event):
        pass


@pytest.fixture
def sent():
    """The commands the app sends on MongoDB while the test runs (a new client that
    reports each command is made for it)."""
    if not IS_MONGODB:
        pytest.skip("captures MongoDB commands; the SQLite run has no MongoDB queries")
    recorder = CommandRecorder()
    options = connection.settings_dict["OPTIONS"]
    connection.close_pool()
    options["event_listeners"] = [recorder]
    try:
        yield recorder.commands
    finally:
        connection.close_pool()
        del options["event_listeners"]


# The checker itself, on hand-made queries: it must refuse what MongoDB cannot serve. ----

HISTORY = [("userId", 1), ("completedAt", -1), ("_id", -1)]


def test_an_index_serves_equality_then_the_sort_in_either_direction():
    newest = [("completedAt", -1), ("_id", -1)]
    oldest = [("completedAt", 1), ("_id", 1)]
    assert unserved({"userId": 1}, newest, [HISTORY]) is None
    assert unserved({"userId": 1}, oldest, [HISTORY]) is None
    ranged = {"$and": [{"userId": 1}, {"completedAt": {"$gte": 5}}, {"$or": [{"a": 1}]}]}
    assert unserved(ranged, newest, [HISTORY]) is None


def test_a_sort_without_its_tie_break_in_the_index_is_refused():
    newest = [("completedAt", -1), ("_id", -1)]
    assert unserved({"userId": 1}, newest, [[("userId", 1), ("completedAt", -1)]])


def test_a_sort_in_mixed_directions_is_refused_when_the_index_has_one():
    assert unserved({"userId": 1}, [("completedAt", -1), ("_id", 1)], [HISTORY])


def test_a_range_before_the_sort_keys_is_refused():
    index = [("userId", 1), ("completedAt", 1), ("score", -1)]
    match = {"userId": 1, "completedAt": {"$gte": 5}}
    assert unserved(match, [("score", -1)], [index])


def test_a_filter_that_misses_the_first_key_is_refused():
    assert unserved({"companyName": "Acme"}, [], [HISTORY])


def test_a_lookup_of_one_document_through_the_persons_index_is_refused():
    assert unserved({"userId": 1, "interviewId": 2}, [], [HISTORY])
    assert unserved({"userId": 1, "_id": 2}, [], [HISTORY, [("_id", 1)]]) is None


def test_a_sort_on_a_field_the_filter_fixes_is_ignored():
    index = [("roundType", 1), ("experienceLevel", 1), ("slug", 1)]
    match = {"$and": [{"roundType": "technical"}, {"experienceLevel": {"$in": ["mid"]}}]}
    sort = [("roundType", 1), ("experienceLevel", 1), ("slug", 1)]
    assert unserved(match, sort, [index]) is None
    assert unserved(match, sort, [index[:2]])


# The app's main requests, on MongoDB. ---------------------------------------------------


def _session(user, *questions):
    planned = [snapshot(question) for question in questions]
    now = timezone.now()
    planned[0].started_at = now
    return InterviewFactory(
        user=user,
        status=Status.IN_PROGRESS,
        questions=planned,
        started_at=now,
        current=0,
        current_since=now,
    )


FILTERS = {
    "interview_type": "technical",
    "experience_level": "mid",
    "company": "Acme",
    "date_from": "2000-01-01",
    "date_to": "2999-12-31",
    "q": "Engineer",
}


def _main_requests(user):
    """(label, method, path, data, headers) of each main request, with what it needs."""
    for _ in range(3):
        PerformanceFactory(user=user)
    PerformanceFactory(user=user, interview_type="behavioral", company_name="Globex")
    bank = [QuestionFactory() for _ in range(3)]
    QuestionStat.objects.create(
        user=user, question=bank[0], times_seen=1, last_score=50, last_seen_at=timezone.now()
    )
    ready = InterviewFactory(user=user, interview_type="technical", experience_level="mid")
    in_progress = _session(user, *bank)
    from accounts.models import ApiToken

    _token, key = ApiToken.issue(user=user, name="Query shapes")
    api = {"Authorization": f"Bearer {key}"}
    history, export = reverse("performance:history"), reverse("performance:export")
    requests = [("dashboard", "get", reverse("dashboard:index"), {}, {})]
    for sort in SORTS:
        requests += [
            (f"history, {sort}", "get", history, {"sort": sort}, {}),
            (f"history, {sort}, filtered", "get", history, {**FILTERS, "sort": sort}, {}),
            (f"export, {sort}", "get", export, {"sort": sort}, {}),
            (f"stats API, {sort}", "get", "/api/performance-stats", {"sort": sort}, api),
        ]
    # Who scored it and whether it counts (an excluded one is read for the list only).
    scorer = {"scored_by": "ai", "excluded": "false"}
    requests += [
        ("history, by scorer and exclusion", "get", history, scorer, {}),
        ("export, by scorer and exclusion", "get", export, scorer, {}),
        ("stats API, by scorer and exclusion", "get", "/api/performance-stats", scorer, api),
    ]
    excluded = Performance.objects.for_user(user).first()
    requests += [
        ("exclude", "post", reverse("performance:exclude", args=[excluded.pk]), {}, {}),
        ("history with an excluded one", "get", history, {}, {}),
        ("include", "post", reverse("performance:include", args=[excluded.pk]), {}, {}),
        # Through the API: a JSON body (text data is sent as application/json).
        ("exclusion API", "patch", f"/api/performances/{excluded.pk}", '{"excluded": true}', api),
        ("inclusion API", "patch", f"/api/performances/{excluded.pk}", '{"excluded": false}', api),
    ]
    requests += [
        ("export, filtered", "get", export, FILTERS, {}),
        ("stats API, filtered", "get", "/api/performance-stats", FILTERS, api),
        ("user-interviews API", "get", "/api/user-interviews", {}, api),
    ]
    for status in ("", "active", *Status.values):
        for sort in INTERVIEW_SORTS:
            data = {"status": status, "sort": sort} if status else {"sort": sort}
            requests.append((f"interviews API {data}", "get", "/api/interviews", data, api))
    dated = {"date_from": "2000-01-01", "company": "Acme", "q": "Engineer"}
    requests.append(("interviews API, filtered", "get", "/api/interviews", dated, api))
    session = reverse("interviews:session", args=[in_progress.pk])
    answer = reverse("interviews:session_answer", args=[in_progress.pk])
    autosave = {"index": "0", "answer": "A B-tree", "action": "save"}
    requests += [
        ("session page", "get", session, {}, {}),
        ("autosave", "post", answer, autosave, {"Accept": "application/json"}),
        ("plan (start)", "post", reverse("interviews:start", args=[ready.pk]), {}, {}),
    ]
    planned = reverse("interviews:planned_start")
    requests += [
        # The weaknesses API reads the report the dashboard has cached, as the planner does.
        ("planner API", "get", "/api/planner", {}, api),
        ("planned session (start)", "post", planned, {"round_type": "technical"}, {}),
        ("planned session API (start)", "post", "/api/planner/start", "{}", api),
        ("weaknesses API", "get", "/api/weaknesses", {}, api),
    ]
    # The comparison with the previous interview: the latest of the type is at another
    # company, so the same company's spellings, its latest and that one's questions are read.
    practice = {"scored_by": "self", "interview__questions": [snapshot(bank[0])]}
    PerformanceFactory(user=user, company_name="ACME", completed_at=timezone.now(), **practice)
    PerformanceFactory(user=user, company_name="Globex", completed_at=timezone.now())
    compared = PerformanceFactory(
        user=user, company_name="Acme", completed_at=timezone.now(), **practice
    )
    comparison = f"/api/interviews/{compared.interview_id}/comparison"
    requests += [
        ("comparison API", "get", comparison, {}, api),
        (
            "feedback page with the comparison",
            "get",
            reverse("interviews:feedback", args=[compared.interview_id]),
            {},
            {},
        ),
        (
            "detail modal with the comparison",
            "get",
            reverse("performance:detail", args=[compared.pk]),
            {},
            {"X-Requested-With": "XMLHttpRequest"},
        ),
    ]
    # The weekly goal: its page, set, changed, shown, removed, and through the API. (The
    # activity API reads the cached report alone, as the progress API does besides the goal.)
    goal, remove = reverse("dashboard:goal"), reverse("dashboard:goal_remove")
    requests += [
        ("goal page", "get", goal, {}, {}),
        ("goal set", "post", goal, {"per_week": "3"}, {}),
        ("goal changed", "post", goal, {"per_week": "4"}, {}),
        ("dashboard with a goal", "get", reverse("dashboard:index"), {}, {}),
        ("progress API", "get", "/api/progress", {}, api),
        ("goal API", "get", "/api/goal", {}, api),
        ("activity API", "get", "/api/activity", {}, api),
        ("goal removed", "post", remove, {}, {}),
        ("goal set through the API", "put", "/api/goal", '{"perWeek": 2}', api),
        ("goal removed through the API", "delete", "/api/goal", {}, api),
    ]
    return requests


ANSWERED = (200, 201, 204, 302)
# Requests answered from the report an earlier one cached: they may send no query at all.
FROM_THE_CACHED_REPORT = {"weaknesses API", "activity API"}


def _send(client, method, path, data, headers):
    """The request; text data is a JSON body."""
    if isinstance(data, str):
        return getattr(client, method)(path, data, content_type="application/json", headers=headers)
    return getattr(client, method)(path, data, headers=headers)


@pytest.mark.django_db
def test_every_main_query_is_served_by_an_index_and_targets_one_person(client_for, user, sent):
    client = client_for(user)
    problems = []
    for label, method, path, data, headers in _main_requests(user):
        sent.clear()
        response = _send(client, method, path, data, headers)
        assert response.status_code in ANSWERED, (label, response.status_code)
        if response.streaming:  # the export reads its rows as it sends them
            b"".join(response.streaming_content)
        personal = 0
        for command in list(sent):
            found = shape(command)
            if found is None or found[0] not in MODELS:
                continue
            collection, match, sort = found
            personal += collection in PERSONAL
            why = unserved(match, sort, indexes(MODELS[collection]))
            if why:
                problems.append(f"{label}: {collection}: {why}")
            read = next(iter(command)) in ("aggregate", "find")
            if read and collection in PERSONAL and "userId" not in conditions(match)[0]:
                problems.append(
                    f"{label}: {collection}: no userId in {json.dumps(match, default=str)}"
                )
        if label not in FROM_THE_CACHED_REPORT:
            assert personal, f"{label} sent no query on a person's collections"
    assert not problems, "\n".join(problems)


# Shared links (sharing/) ------------------------------------------------------------------


def _sharing_requests(user):
    """(label, client, method, path, data, headers) of the shared links' requests: the
    owner's pages and API, and the links opened without a login."""
    from django.test import Client

    from accounts.models import ApiToken
    from sharing.models import Share

    performance = PerformanceFactory(user=user)
    PerformanceFactory(user=user, company_name="Globex")
    report = Share.create(user=user, days=7, interview=performance.interview)
    history = Share.create(user=user, days=7, query="company=Acme&interview_type=technical")
    everything = Share.create(user=user, days=7)
    _token, key = ApiToken.issue(user=user, name="Query shapes")
    api = {"Authorization": f"Bearer {key}"}
    mentor = Client()
    return [
        ("shares page", None, "get", reverse("sharing:list"), {}, {}),
        ("share page", None, "get", reverse("sharing:detail", args=[report.pk]), {}, {}),
        (
            "share a history",
            None,
            "post",
            reverse("sharing:new_history") + "?company=Acme",
            {"days": "7"},
            {},
        ),
        (
            "share a report",
            None,
            "post",
            reverse("sharing:new_report", args=[performance.interview_id]),
            {"days": "7"},
            {},
        ),
        ("revoke", None, "post", reverse("sharing:revoke", args=[everything.pk]), {}, {}),
        ("shared report", mentor, "get", report.get_absolute_url(), {}, {}),
        ("shared history", mentor, "get", history.get_absolute_url(), {}, {}),
        ("shared history, page 2", mentor, "get", history.get_absolute_url(), {"page": 2}, {}),
        ("shares API", None, "get", "/api/shares", {}, api),
        ("share a history through the API", None, "post", "/api/shares", '{"days": 7}', api),
        (
            "share a report through the API",
            None,
            "post",
            f"/api/interviews/{performance.interview_id}/share",
            '{"days": 7}',
            api,
        ),
        ("revoke through the API", None, "post", f"/api/shares/{history.pk}/revoke", "", api),
    ]


@pytest.mark.django_db
def test_the_shared_links_queries_are_served_by_an_index(client_for, user, sent):
    from sharing.models import Share

    models = {**MODELS, "shares": Share}
    client = client_for(user)
    problems = []
    for label, other_client, method, path, data, headers in _sharing_requests(user):
        sent.clear()
        response = _send(other_client or client, method, path, data, headers)
        assert response.status_code in ANSWERED, (label, response.status_code)
        for command in list(sent):
            found = shape(command)
            if found is None or found[0] not in models:
                continue
            collection, match, sort = found
            why = unserved(match, sort, indexes(models[collection]))
            if why:
                problems.append(f"{label}: {collection}: {why}")
            equal = conditions(match)[0]
            read = next(iter(command)) in ("aggregate", "find")
            # A link is found by its token alone (whose owner it names); every other read
            # of a person's collection, shares included, matches userId.
            if read and collection in {*PERSONAL, "shares"} and not equal & {"userId", "token"}:
                problems.append(
                    f"{label}: {collection}: no userId in {json.dumps(match, default=str)}"
                )
    assert not problems, "\n".join(problems)
