"""What the API's fuzz test (test_fuzz.py) and scripts/fuzz_api.py share.

schemathesis generates requests from the published OpenAPI schema. A few of the API's
rules cannot be written in JSON Schema: correctAnswers <= totalQuestions, the id of a body
equal to the one in the URL, date_to not before date_from, an answer that fits its
question's kind. The schema states them in words, and `Fuzzer.prepare` makes each
generated request obey them, as a client that read the documentation would; everything
else is left as generated. It also aims half the requests that name an interview at a
real one of the person's (ready, in progress or completed, made for the request), and
half of those that name a performance or a shared link at one of the person's, so that
every operation is exercised past the 404.

It runs as a schemathesis `before_call` hook, so that schemathesis judges each request
(valid or not) as it is sent. Invalid requests are sent as generated, their ids aside.
"""

import itertools
from collections import Counter
from contextlib import contextmanager

import schemathesis

from interviewprep.db import parse_id
from interviews.choices import QuestionKind, QuestionState, Status
from interviews.models import Interview
from interviews.services import (
    interview_start,
    session_finish,
    session_save_answer,
    session_submit,
)
from interviews.tests.factories import InterviewFactory
from performance.models import Performance
from sharing.models import Share

SCHEMA_URL = "/api/openapi.json"
AN_ANSWER = "A hash map gives constant-time lookups."

_active = []


@schemathesis.hook
def before_call(context, case, kwargs):
    if _active:
        _active[-1].prepare(case)


@contextmanager
def fuzzing(fuzzer):
    """Requests sent inside the block are prepared by `fuzzer`."""
    _active.append(fuzzer)
    try:
        yield fuzzer
    finally:
        _active.remove(fuzzer)


def _number(value):
    return isinstance(value, int | float) and not isinstance(value, bool)


def _at_most(data, part, total):
    """Swap `part` and `total` of `data` when part > total, so both stay in range."""
    if not isinstance(data, dict):
        return
    if _number(data.get(part)) and _number(data.get(total)) and data[part] > data[total]:
        data[part], data[total] = data[total], data[part]


class Fuzzer:
    """Prepares generated requests as `user`, and counts them by operation."""

    def __init__(self, user):
        self.user = user
        self.tosses = itertools.count()
        self.stages = itertools.cycle(range(4))
        self.sent = Counter()

    def _heads(self):
        return next(self.tosses) % 2 == 1

    def _owned(self, value):
        if not isinstance(value, str):
            return None
        try:
            pk = parse_id(value)
        except ValueError:
            return None
        return Interview.objects.for_user(self.user).filter(pk=pk).first()

    def _fresh_interview(self):
        """A new interview of the person's: in turn ready, in progress twice, completed."""
        interview = InterviewFactory(user=self.user)
        stage = next(self.stages)
        if stage:
            interview_start(interview=interview)
        if stage == 3:
            session_finish(interview=interview)
        return interview

    def _aim(self, container, key):
        """The person's interview `container[key]` names; half the others become one."""
        interview = self._owned(container.get(key))
        if interview is None and self._heads():
            interview = self._fresh_interview()
            container[key] = str(interview.pk)
        return interview

    def _aim_share(self, params):
        """Half the shared-link ids that name none of the person's become a new one."""
        value = params["share_id"]
        try:
            owned = Share.objects.for_user(self.user).filter(pk=parse_id(value)).exists()
        except ValueError:
            owned = False
        if not owned and self._heads():
            params["share_id"] = str(Share.create(user=self.user, days=7).pk)

    def prepare(self, case):
        operation = f"{case.operation.method.upper()} {case.operation.path}"
        if case.method.upper() != case.operation.method.upper():
            self.sent["other methods"] += 1
            return
        self.sent[operation] += 1
        path = case.operation.path
        body = case.body if isinstance(case.body, dict) else None
        params = case.path_parameters if isinstance(case.path_parameters, dict) else {}
        interview = self._aim(params, "interview_id") if "interview_id" in params else None
        if "performance_id" in params:
            self._aim_performance(params)
        if "share_id" in params:
            self._aim_share(params)

        if path == "/api/save-performance" and body is not None:
            self._aim(body, "interviewId")
        # The rules are a valid request's: an invalid one is sent as generated (its ids
        # aside), to be refused.
        valid = case.meta is None or case.meta.generation.mode.is_positive
        if path == "/api/delete-interview":
            self._delete_target(case, body, valid)
        if interview is not None and "index" in params:
            self._obey_the_question(case, interview, params, body if valid else None)
        if not valid:
            return
        if path.endswith("/complete") and body and isinstance(body.get("interviewId"), str):
            body["interviewId"] = params["interview_id"]
        if body is not None:
            _at_most(body, "correctAnswers", "totalQuestions")
            rounds = body.get("roundResults")
            for item in rounds if isinstance(rounds, list) else []:
                _at_most(item, "questionsAnswered", "totalQuestions")
        if isinstance(case.query, dict):
            dates = (case.query.get("date_from"), case.query.get("date_to"))
            if all(isinstance(date, str) for date in dates) and dates[0] > dates[1]:
                case.query["date_from"], case.query["date_to"] = dates[1], dates[0]

    def _aim_performance(self, params):
        """Half the performance ids become one of the person's performances."""
        performance = Performance.objects.for_user(self.user).first()
        if performance is not None and self._heads():
            params["performance_id"] = str(performance.pk)

    def _delete_target(self, case, body, valid):
        """?id= or the body's interviewId, at least one, equal when both are given."""
        query = case.query if isinstance(case.query, dict) else {}
        in_body = body is not None and isinstance(body.get("interviewId"), str)
        if isinstance(query.get("id"), str):
            self._aim(query, "id")
            if in_body and valid:
                body["interviewId"] = query["id"]
        elif in_body:
            self._aim(body, "interviewId")
        elif body is None and valid:
            case.query = {**query, "id": "0"}
            self._aim(case.query, "id")

    def _obey_the_question(self, case, interview, params, body):
        """Aim the index at one of the session's questions, and fit the body (if given)
        to the question's kind."""
        questions = interview.questions
        index = params["index"]
        # Some phases give path parameters as the text they are sent as.
        as_text = isinstance(index, str)
        if as_text and index.isascii() and index.isdigit():
            index = int(index)
        if not questions or not isinstance(index, int) or isinstance(index, bool) or index < 0:
            return

        def point_at(number):
            params["index"] = str(number) if as_text else number
            return number

        index = point_at(index % len(questions))
        in_progress = interview.status == Status.IN_PROGRESS
        endpoint = case.operation.path.rsplit("/", 1)[-1]
        if endpoint == "assessment":
            opens = [i for i, q in enumerate(questions) if q.kind == QuestionKind.OPEN]
            if questions[index].kind != QuestionKind.OPEN and opens:
                index = point_at(opens[index % len(opens)])
            question = questions[index]
            if in_progress and question.state == QuestionState.UNANSWERED:
                session_submit(interview=interview, index=index, answer=AN_ANSWER)
            points = body.get("pointsHit") if body else None
            if isinstance(points, list):
                count = len(question.key_points)
                body["pointsHit"] = [point % count for point in points if _number(point) and count]
            return
        if endpoint not in ("answer", "submit"):
            return
        question = questions[index]
        if endpoint == "submit" and in_progress and question.state == QuestionState.UNANSWERED:
            # A saved draft, so that a body without an answer has one to submit.
            draft = {"answer": AN_ANSWER} if question.kind == QuestionKind.OPEN else {"choice": 0}
            session_save_answer(interview=interview, index=index, **draft)
        if body is None:
            return
        if question.kind == QuestionKind.OPEN:
            body.pop("choice", None)
            answer = body.get("answer")
            if endpoint == "answer" and not isinstance(answer, str):
                body["answer"] = AN_ANSWER
            if endpoint == "submit" and isinstance(answer, str) and not answer.strip():
                body["answer"] = AN_ANSWER
        else:
            if body.get("answer") not in (None, ""):
                body.pop("answer")
            choice = body.get("choice")
            if _number(choice):
                body["choice"] = int(choice) % len(question.choices)
            elif endpoint == "answer":
                body["choice"] = 0
