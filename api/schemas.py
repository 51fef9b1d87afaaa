"""The API's request and response declarations; the OpenAPI schema is generated from them.

Request bodies are checked here for shape and type only: strict types (a string or a
boolean is not a number), no NaN or Infinity, no unknown keys. Every rule on the values
(ranges, choices, lengths, correctAnswers <= totalQuestions...) is applied afterwards by
interviews/validation.py, the module the forms use too, and the filters by their
FilterSet. The schema states each of those rules with the same modules' limits, so that
clients and fuzzers see them: in JSON Schema where it can say them, in the description
where it cannot (a rule across fields or about the stored interview).
"""

from datetime import datetime
from typing import Annotated

from ninja import Field, Schema
from pydantic import BeforeValidator, ConfigDict, create_model
from pydantic.alias_generators import to_camel

from dashboard.models import MAX_PER_WEEK, MIN_PER_WEEK, PER_WEEK_RULE
from interviews.choices import (
    ExperienceLevel,
    InterviewType,
    QuestionKind,
    QuestionState,
    RoundType,
    ScoredBy,
    Status,
)
from interviews.filters import INTERVIEW_SORTS, MAX_QUERY_LENGTH
from interviews.validation import (
    MAX_ANSWER_LENGTH,
    MAX_FEEDBACK_ITEMS,
    MAX_ITEM_LENGTH,
    MAX_MINUTES,
    MAX_OVERALL_LENGTH,
    MAX_QUESTIONS,
    MAX_ROUNDS,
    MAX_TITLE_LENGTH,
)
from performance.filters import SORTS

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 25
MAX_PAGE = 100_000

# The characters str.strip() removes, which interviews/validation.py applies before it
# checks that a required text is not empty (written out, as JSON Schema's \s differs).
STRIPPED = r"\t-\r\u001c-\u0020\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
# validation.py and Django's form fields refuse the NUL character in any text.
NO_NUL = r"^[^\u0000]*$"
# A required text: no NUL, and something left once the surrounding spaces are stripped.
NOT_BLANK = rf"^[^\u0000]*[^\u0000{STRIPPED}][^\u0000]*$"
NO_NUL_RULE = "No NUL character."
TEXT_RULES = "No NUL character and no unpaired surrogate (\\ud800 to \\udfff)."
STRIPPED_RULES = (
    f"{TEXT_RULES} Leading and trailing spaces are removed, and the length counted, "
    "after that; it must not be blank."
)


def _documented(**rules):
    """Rules shown in the schema and enforced by interviews/validation.py."""
    return {"json_schema_extra": rules}


def _text(max_length, **extra):
    return _documented(maxLength=max_length, pattern=NO_NUL, **extra)


def _required_text(max_length):
    return {
        "description": STRIPPED_RULES,
        **_documented(minLength=1, maxLength=max_length, pattern=NOT_BLANK),
    }


def _range(maximum):
    return _documented(minimum=0, maximum=maximum)


def _parameter(**rules):
    """A query parameter: a string (a query string has no null) with the filter's rules."""

    def shape(schema):
        schema.pop("anyOf", None)
        schema.pop("default", None)
        schema.update(type="string", **rules)

    return {"json_schema_extra": shape}


def _choice_parameter(values):
    # An empty value means "any", as when the performance page's form is sent blank.
    return _parameter(enum=["", *values])


def _whole(value):
    # JSON has one kind of number, and JSON Schema counts 3.0 as an integer: take it as 3.
    # Strict mode still refuses a fraction, a string or a boolean.
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


WholeNumber = Annotated[int, BeforeValidator(_whole)]


class StrictIn(Schema):
    # Bodies use the specification's names; the views receive the models' (payload.dict()).
    model_config = ConfigDict(
        extra="forbid", strict=True, allow_inf_nan=False, alias_generator=to_camel
    )


class CamelOut(Schema):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True)


FEEDBACK_LIST = {
    "description": f"At most {MAX_FEEDBACK_ITEMS} items. Each item: {STRIPPED_RULES}",
    **_documented(
        maxItems=MAX_FEEDBACK_ITEMS,
        items={
            "type": "string",
            "minLength": 1,
            "maxLength": MAX_ITEM_LENGTH,
            "pattern": NOT_BLANK,
        },
    ),
}


class FeedbackIn(StrictIn):
    overall: str = Field(
        "",
        description=f"{TEXT_RULES} Leading and trailing spaces are removed.",
        **_text(MAX_OVERALL_LENGTH),
    )
    strengths: list[str] = Field([], **FEEDBACK_LIST)
    improvements: list[str] = Field([], **FEEDBACK_LIST)
    recommendations: list[str] = Field([], **FEEDBACK_LIST)


class RoundIn(StrictIn):
    round_type: str = Field(..., **_documented(enum=InterviewType.values))
    score: float = Field(..., **_range(100))
    questions_answered: WholeNumber = Field(
        ...,
        description="At most the round's totalQuestions.",
        **_range(MAX_QUESTIONS),
    )
    total_questions: WholeNumber = Field(..., **_range(MAX_QUESTIONS))
    time_spent: float = Field(..., description="Minutes.", **_range(MAX_MINUTES))


class PerformanceIn(StrictIn):
    """The results of an interview, as the specification's performance defines them.

    correctAnswers is at most totalQuestions, and each round's questionsAnswered at most
    its totalQuestions; a body that breaks either is a 400."""

    total_questions: WholeNumber = Field(..., **_range(MAX_QUESTIONS))
    correct_answers: WholeNumber = Field(
        ..., description="At most totalQuestions.", **_range(MAX_QUESTIONS)
    )
    score: float = Field(..., description="Overall score, 0 to 100.", **_range(100))
    time_spent: float = Field(..., description="Minutes.", **_range(MAX_MINUTES))
    feedback: FeedbackIn = Field(default_factory=FeedbackIn)
    round_results: list[RoundIn] = Field(
        [], description=f"At most {MAX_ROUNDS} rounds.", **_documented(maxItems=MAX_ROUNDS)
    )


INTERVIEW_ID = (
    "The id of one of your interviews, as its `id` gives it; an unknown, malformed or "
    "another person's id is a 404."
)


class SavePerformanceIn(PerformanceIn):
    interview_id: str = Field(..., description=INTERVIEW_ID)


class CompleteIn(PerformanceIn):
    interview_id: str | None = Field(
        None,
        description=(
            "Optional; if given (not null) it must be the interview's id in the URL, else a 400."
        ),
    )


class InterviewIn(StrictIn):
    job_title: str = Field(..., **_required_text(MAX_TITLE_LENGTH))
    company_name: str = Field(..., **_required_text(MAX_TITLE_LENGTH))
    interview_type: str = Field(..., **_documented(enum=InterviewType.values))
    experience_level: str = Field(..., **_documented(enum=ExperienceLevel.values))


class DeleteInterviewIn(StrictIn):
    interview_id: str = Field(
        ...,
        description=f"{INTERVIEW_ID} If `?id=` is given too, the two must be equal, else a 400.",
    )


class FeedbackOut(CamelOut):
    overall: str
    strengths: list[str]
    improvements: list[str]
    recommendations: list[str]


class RoundOut(CamelOut):
    round_type: str
    score: float
    questions_answered: int
    total_questions: int
    time_spent: float


class PerformanceOut(CamelOut):
    id: str
    user_id: str
    interview_id: str
    job_title: str
    company_name: str
    interview_type: str = Field(..., json_schema_extra={"enum": InterviewType.values})
    experience_level: str = Field(..., json_schema_extra={"enum": ExperienceLevel.values})
    completed_at: datetime
    total_questions: int
    correct_answers: int
    score: float
    time_spent: float
    feedback: FeedbackOut
    round_results: list[RoundOut]
    scored_by: str = Field(
        ...,
        description=(
            "Who scored it: self (the person's practice session: choices graded, key points "
            "ticked), ai (a session in which the AI evaluator assessed an answer) or manual "
            "(results typed in)."
        ),
        json_schema_extra={"enum": ScoredBy.values},
    )
    excluded: bool = Field(
        ...,
        description=(
            "Left out of every statistic at the person's request (abandoned, a test run, "
            "unfair); still listed. Set it with PATCH /api/performances/{id}."
        ),
    )


class InterviewOut(CamelOut):
    id: str
    user_id: str
    job_title: str
    company_name: str
    interview_type: str = Field(..., json_schema_extra={"enum": InterviewType.values})
    experience_level: str = Field(..., json_schema_extra={"enum": ExperienceLevel.values})
    status: str = Field(..., json_schema_extra={"enum": Status.values})
    created_at: datetime
    completed_at: datetime | None
    performance_id: str | None


class InterviewDetailOut(InterviewOut):
    performance: PerformanceOut | None = Field(
        ..., description="The saved results once the interview is completed."
    )


class Page(CamelOut):
    count: int = Field(..., description="How many items match, over all pages.")
    page: int
    limit: int


class InterviewPage(Page):
    interviews: list[InterviewOut]


class Deleted(CamelOut):
    message: str
    interview_id: str


# The practice session -------------------------------------------------------------------


ANSWER_RULES = (
    "`answer` is for an open question (a choice one takes only an empty answer), `choice` "
    "for a choice question (an open one takes none), else a 400; null is the same as "
    "leaving it out."
)


class SubmitIn(StrictIn):
    """A submitted answer: `answer` for an open question, `choice` for a choice one; either
    or both left out (or null) to submit the saved draft."""

    answer: str | None = Field(
        None,
        description=f"The written answer of an open question. {TEXT_RULES}",
        **_text(MAX_ANSWER_LENGTH),
    )
    choice: WholeNumber | None = Field(
        None,
        description=(
            "The number of the chosen answer of a choice question, from 0 to the number of "
            "its choices less one, else a 400."
        ),
        **_documented(minimum=0),
    )


class AnswerIn(SubmitIn):
    """A draft answer: `answer` or `choice`, at least one of them not null."""

    model_config = ConfigDict(
        json_schema_extra={
            "anyOf": [
                {"required": ["answer"], "properties": {"answer": {"type": "string"}}},
                {"required": ["choice"], "properties": {"choice": {"type": "integer"}}},
            ]
        }
    )


class AssessmentIn(StrictIn):
    points_hit: list[WholeNumber] = Field(
        ...,
        description=(
            "The numbers (from 0) of the key points the submitted answer covered: each less "
            "than the number of the question's keyPoints, else a 400; repeats count once."
        ),
        **_documented(items={"type": "integer", "minimum": 0}),
    )


def _once_submitted(description):
    """A field present only once the question is submitted (absent, never null, before)."""

    def without_default(schema):
        schema.pop("default", None)

    return Field(
        None, description=f"Once submitted: {description}", json_schema_extra=without_default
    )


class SessionQuestionOut(CamelOut):
    """One question of the session. Its answer and explanation are absent until submitted."""

    index: int = Field(..., description="Its place in the session, from 0.")
    round_type: str = Field(..., json_schema_extra={"enum": RoundType.values})
    kind: str = Field(
        ...,
        description="choice (pick one of `choices`) or open (a written answer).",
        json_schema_extra={"enum": QuestionKind.values},
    )
    prompt: str
    choices: list[str] = Field(..., description="The answers to choose from; empty when open.")
    answer: str = Field(..., description="The written answer so far (open questions).")
    choice: int | None = Field(..., description="The chosen answer so far (choice questions).")
    state: str = Field(
        ...,
        description=(
            "unanswered (a draft at most), answered (an open answer submitted, its key points "
            "not yet ticked) or assessed (scored)."
        ),
        json_schema_extra={"enum": QuestionState.values},
    )
    score: float | None = Field(..., description="0 to 100 once assessed, else null.")
    seconds: float = Field(..., description="Time spent on it, measured by the server.")
    suggested_minutes: int
    tags: list[str]
    correct: bool = _once_submitted("whether the choice is the right one (choice questions).")
    answer_index: int = _once_submitted("the number of the right choice (choice questions).")
    explanation: str = _once_submitted("why the right answer is right.")
    key_points: list[str] = _once_submitted(
        "what a good answer covers (open questions); tick them with the assessment endpoint."
    )
    points_hit: list[int] = _once_submitted(
        "the numbers of the key points the answer covered (open questions)."
    )
    model_answer: str = _once_submitted("a model answer (open questions).")
    comment: str = _once_submitted(
        "the AI evaluator's sentence on the answer, empty when the person ticked the key "
        "points (open questions)."
    )


class SubmittedOut(SessionQuestionOut):
    message: str | None = Field(
        ...,
        description=(
            "null, or why the AI evaluator did not assess the open answer: tick its key "
            "points with the assessment endpoint."
        ),
    )


class SessionOut(CamelOut):
    interview_id: str
    status: str = Field(
        ...,
        description=(
            "ready: not started, no questions yet; in-progress: the session; completed: the "
            "questions as they were when it finished."
        ),
        json_schema_extra={"enum": Status.values},
    )
    current: int = Field(..., description="The index of the question being shown.")
    elapsed_seconds: float = Field(..., description="Time spent on the whole session so far.")
    questions: list[SessionQuestionOut]


PERFORMANCE_ID = (
    "The id of one of your performances, as its `id` gives it; an unknown, malformed or "
    "another person's id is a 404."
)


class PerformanceChangeIn(StrictIn):
    excluded: bool = Field(
        ...,
        description="true: left out of every statistic; false: counted again.",
    )


class Error(Schema):
    error: str = Field(..., description="What went wrong, in a sentence.")
    details: dict[str, list[str]] = Field(
        ...,
        description="Messages by field; nested fields are paths such as roundResults[0].score.",
    )


class PageQuery(Schema):
    limit: int = Field(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="Items a page.")
    page: int = Field(1, ge=1, le=MAX_PAGE, description="From 1; a page past the last is empty.")


DATE_RULES = (
    "A date, YYYY-MM-DD, in the site's time zone; inclusive; empty is any. date_to must "
    "not be before date_from, else a 400."
)
# A date, or empty as the performance page's form sends it.
DATE = _parameter(anyOf=[{"format": "date"}, {"maxLength": 0}])


class RecordQuery(PageQuery):
    """The filters interviews/filters.py's InterviewRecordFilterSet applies; empty is any."""

    interview_type: str | None = Field(None, **_choice_parameter(InterviewType.values))
    experience_level: str | None = Field(None, **_choice_parameter(ExperienceLevel.values))
    company: str | None = Field(
        None,
        description=f"Exact company name, case-insensitive. {NO_NUL_RULE}",
        **_parameter(maxLength=MAX_TITLE_LENGTH, pattern=NO_NUL),
    )


class PerformanceQuery(RecordQuery):
    date_from: str | None = Field(None, description=f"On completedAt. {DATE_RULES}", **DATE)
    date_to: str | None = Field(None, description=f"On completedAt. {DATE_RULES}", **DATE)
    q: str | None = Field(
        None,
        description=f"Search in job title, company and feedback. {NO_NUL_RULE}",
        **_parameter(maxLength=MAX_QUERY_LENGTH, pattern=NO_NUL),
    )
    sort: str | None = Field(None, **_choice_parameter(SORTS))
    scored_by: str | None = Field(
        None,
        description="Who scored it: self, ai or manual (see a performance's scoredBy).",
        **_choice_parameter(ScoredBy.values),
    )
    excluded: str | None = Field(
        None,
        description=(
            "false: only the performances the statistics count; true: only the excluded "
            "ones (then `stats` covers none). Empty is both."
        ),
        **_choice_parameter(["false", "true"]),
    )


class InterviewQuery(RecordQuery):
    status: str | None = Field(None, **_choice_parameter(["active", *Status.values]))
    date_from: str | None = Field(None, description=f"On createdAt. {DATE_RULES}", **DATE)
    date_to: str | None = Field(None, description=f"On createdAt. {DATE_RULES}", **DATE)
    q: str | None = Field(
        None,
        description=f"Search in job title and company. {NO_NUL_RULE}",
        **_parameter(maxLength=MAX_QUERY_LENGTH, pattern=NO_NUL),
    )
    sort: str | None = Field(None, **_choice_parameter(INTERVIEW_SORTS))


# The performance statistics: performance/analytics.py's report, keys in camelCase. ----


class SummaryOut(CamelOut):
    count: int
    average_score: float | None
    best_score: float | None
    latest_score: float | None
    accuracy: float | None = Field(..., description="correctAnswers / totalQuestions, percent.")
    total_time: float = Field(..., description="Minutes.")
    average_time: float | None = Field(..., description="Minutes per interview.")
    excluded: int = Field(
        ...,
        description="How many matching performances are excluded, and so in none of these figures.",
    )


class TrackingPointOut(CamelOut):
    date: str = Field(..., description="ISO date of the group's last interview.")
    first_date: str
    interviews: int
    score: float | None
    moving_average: float | None


class TrackingOut(CamelOut):
    enough_data: bool
    window: int
    group_size: int
    points: list[TrackingPointOut]


class TrendOut(CamelOut):
    interviews: int
    slope: float | None = Field(..., description="Score points per interview (least squares).")
    recent_change: float | None = Field(..., description="Mean of the last 5 minus the 5 before.")
    label: str | None = Field(
        ..., json_schema_extra={"enum": ["improving", "steady", "declining", None]}
    )


class TrendsOut(CamelOut):
    overall: TrendOut
    by_type: dict[str, TrendOut]
    slope_threshold: float
    recent_window: int


class RoundStatsOut(CamelOut):
    rounds: int
    average_score: float | None
    completion_rate: float | None = Field(..., description="questionsAnswered / totalQuestions.")
    minutes_per_question: float | None


class RoundsOut(CamelOut):
    by_type: dict[str, RoundStatsOut]
    strongest: str | None
    weakest: str | None


class TimeGroupOut(CamelOut):
    interviews: int
    minutes_per_interview: float | None
    minutes_per_question: float | None


class TimeBandOut(CamelOut):
    band: str
    interviews: int
    average_score: float | None


class PaceOutlierOut(CamelOut):
    id: str | None = Field(..., description="The performance's id.")
    date: str
    job_title: str | None
    company_name: str
    minutes_per_question: float | None
    times_median: float | None


class TimeOut(CamelOut):
    by_type: dict[str, TimeGroupOut]
    by_level: dict[str, TimeGroupOut]
    by_band: list[TimeBandOut]
    median_minutes_per_question: float | None
    outlier_ratio: float
    outlier_count: int
    outliers: list[PaceOutlierOut]


class PatternOut(CamelOut):
    text: str
    interviews: int
    first_seen: str
    last_seen: str


class PatternsOut(CamelOut):
    minimum: int
    strengths: list[PatternOut]
    improvements: list[PatternOut]


class CompanyOut(CamelOut):
    company_name: str
    interviews: int
    average_score: float | None
    best_score: float
    last_attempt: str
    trend: str | None
    weakest_round: str | None
    recurring_improvements: list[str]
    recommendations: list[str]


class StatsOut(CamelOut):
    summary: SummaryOut
    tracking: TrackingOut
    trend: TrendsOut
    rounds: RoundsOut
    time: TimeOut
    patterns: PatternsOut
    companies: list[CompanyOut]


class PerformanceStatsOut(CamelOut):
    stats: StatsOut = Field(..., description="Every analytic of /performance/, over all matches.")
    performances: list[PerformanceOut] = Field(..., description="This page of the matches.")
    count: int = Field(..., description="How many performances match, over all pages.")
    page: int
    limit: int


# The weakness lifecycle and the next-session planner. --------------------------------

WEAKNESS_STATUS = (
    "open once it recurs; resolved when the last resolveAfter sessions of its type went "
    "without it; regressed when it came back after being resolved, until resolved again."
)


class WeaknessOut(CamelOut):
    text: str = Field(..., description="The improvement as first written.")
    interview_type: str = Field(..., json_schema_extra={"enum": InterviewType.values})
    status: str = Field(
        ...,
        description=WEAKNESS_STATUS,
        json_schema_extra={"enum": ["open", "resolved", "regressed"]},
    )
    sessions: int = Field(..., description="Sessions of its type that asked for it.")
    first_seen: str = Field(..., description="ISO date, in the site's time zone.")
    last_seen: str = Field(..., description="ISO date, in the site's time zone.")
    resolved_on: str | None = Field(
        ..., description="ISO date it was (last) resolved; null if it never was."
    )
    absent_for: int = Field(..., description="Sessions of its type since it was last seen.")


class WeaknessCountsOut(Schema):
    open: int
    resolved: int
    regressed: int


class WeaknessesOut(CamelOut):
    minimum: int = Field(..., description="Sessions of one type an improvement must recur in.")
    resolve_after: int
    counts: WeaknessCountsOut = Field(..., description="Every weakness, beyond the items listed.")
    items: list[WeaknessOut] = Field(
        ..., description="Regressed, then open, then resolved; the most recently seen first."
    )


class RoundPriorityOut(CamelOut):
    round_type: str = Field(..., json_schema_extra={"enum": RoundType.values})
    label: str
    never_practised: bool
    priority: float | None = Field(
        ...,
        description="(100 - recentAverage) x (daysSince + 1); null for a round never practised.",
    )
    recent_average: float | None = Field(None, description="Mean of its last 3 round scores.")
    recent_rounds: int | None = None
    last_practised: str | None = Field(None, description="ISO date.")
    days_since: int | None = None


class DueQuestionOut(CamelOut):
    question_id: str
    prompt: str
    last_score: float
    due_since: str = Field(..., description="ISO date its rest ended.")


class PlanOut(CamelOut):
    ready: bool = Field(
        ..., description="False until a first interview is completed; only reasons then."
    )
    reasons: list[str] = Field(..., description="Why this session, in plain words.")
    round_type: str | None = Field(None, json_schema_extra={"enum": [*RoundType.values, None]})
    label: str | None = None
    never_practised: bool | None = None
    priority: float | None = None
    recent_average: float | None = None
    recent_rounds: int | None = None
    last_practised: str | None = None
    days_since: int | None = None
    interview_type: str | None = Field(
        None, description="The interview that practises this round alone."
    )
    job_title: str | None = Field(None, description="From your latest completed interview.")
    company_name: str | None = Field(None, description="From your latest completed interview.")
    experience_level: str | None = Field(None, description="From your latest completed interview.")
    experience_level_label: str | None = None
    questions: int | None = Field(None, description="Questions the session asks.")
    due_count: int | None = Field(None, description="Questions of this round and level due.")
    due: list[DueQuestionOut] | None = Field(None, description="The first ones due.")
    weaknesses: list[WeaknessOut] | None = Field(
        None, description="Open and regressed weaknesses of interviews with this round."
    )
    round_types: list[RoundPriorityOut] | None = Field(
        None, description="Every round type, the one chosen first."
    )


class PlannedStartIn(StrictIn):
    round_type: str | None = Field(
        None,
        description="The round type to practise; left out or null: the planner's choice.",
        **_documented(enum=[*RoundType.values, None]),
    )


# The comparison with the previous comparable interview: performance/comparison.py. -------


class ChangeOut(CamelOut):
    current: float | None = Field(..., description="This interview's value.")
    previous: float | None = Field(..., description="The previous interview's value.")
    change: float | None = Field(
        ..., description="current − previous, one decimal; null unless both have a value."
    )
    trend: str | None = Field(
        ...,
        description=(
            "better or worse for a score (higher is better), same when unchanged; null when "
            "one value is missing, and for time spent (more time is not worse in itself)."
        ),
        json_schema_extra={"enum": ["better", "worse", "same", None]},
    )


class OverallChangeOut(CamelOut):
    score: ChangeOut
    accuracy: ChangeOut = Field(..., description="correctAnswers / totalQuestions, percent.")
    time_spent: ChangeOut = Field(..., description="Minutes.")


class RoundChangeOut(ChangeOut):
    round_type: str | None
    number: int = Field(..., description="Which round of its type (1 for the first).")
    label: str


class TagChangeOut(ChangeOut):
    tag: str
    questions: int = Field(..., description="This interview's questions with the tag.")
    previous_questions: int = Field(..., description="The previous one's questions with it.")


class PreviousOut(CamelOut):
    performance_id: str
    interview_id: str
    job_title: str
    company_name: str
    completed_at: datetime
    score: float


class ComparisonOut(CamelOut):
    interview_id: str
    performance_id: str
    excluded: bool = Field(
        ..., description="This interview is excluded from the analytics: compared with none."
    )
    previous: PreviousOut | None = Field(
        ...,
        description=(
            "The latest interview of the same type completed before this one and not "
            "excluded, at the same company (ignoring case) when there is one; null when none."
        ),
    )
    same_company: bool
    overall: OverallChangeOut | None
    rounds: list[RoundChangeOut] = Field(
        ..., description="Matched by round type, and by order when a type repeats."
    )
    tags: list[TagChangeOut] | None = Field(
        ...,
        description=(
            "Mean score of the questions with each tag; null unless both interviews were "
            "practice sessions (results typed in by hand have no questions)."
        ),
    )


# Shared links (sharing/): a read-only link to one report or to a filtered history. ------

SHARE_DAYS_RULE = "Days until the link expires, from 1 to 30 (default 7)."
SHARE_LABEL_RULE = (
    "The title the mentor sees (your name appears only if you put it here); at most 100 "
    f"characters. {TEXT_RULES}"
)


class ShareIn(StrictIn):
    days: WholeNumber = Field(7, description=SHARE_DAYS_RULE, **_documented(minimum=1, maximum=30))
    label: str = Field("", description=SHARE_LABEL_RULE, **_text(100))


# The performance history's filters, as /api/performance-stats takes them (no paging).
ShareFiltersQuery = create_model(
    "ShareFiltersQuery",
    __base__=Schema,
    **{
        name: (field.annotation, field)
        for name, field in PerformanceQuery.model_fields.items()
        if name not in PageQuery.model_fields
    },
)


class ShareOut(CamelOut):
    id: str
    kind: str = Field(
        ...,
        description="report: one interview's feedback; history: the filtered history.",
        json_schema_extra={"enum": ["report", "history"]},
    )
    interview_id: str | None = Field(..., description="The report's interview; null for a history.")
    filters: dict[str, str] = Field(
        ..., description="The history's filters (query parameter names); {} for a report."
    )
    label: str
    url: str = Field(..., description="The link to send: it opens the page without a login.")
    status: str = Field(..., json_schema_extra={"enum": ["active", "expired", "revoked"]})
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None
    last_opened_at: datetime | None = Field(
        ..., description="When the link was last opened (to the minute); null if never."
    )
    open_count: int = Field(..., description="Opens, counting at most one a minute.")


class SharePage(Page):
    shares: list[ShareOut]


# The weekly goal, the streak and the activity per day (dashboard/goals.py). -------------


class GoalIn(StrictIn):
    per_week: WholeNumber = Field(
        ...,
        description=f"Interviews per week. {PER_WEEK_RULE}",
        ge=MIN_PER_WEEK,
        le=MAX_PER_WEEK,
    )


class GoalOut(CamelOut):
    per_week: int | None = Field(..., description="Interviews per week; null when none is set.")


class ProgressOut(CamelOut):
    per_week: int | None = Field(..., description="The weekly goal; null when none is set.")
    this_week: int = Field(..., description="Interviews completed this week (Monday to Sunday).")
    week_start: str = Field(..., description="This week's Monday, YYYY-MM-DD, site time zone.")
    week_end: str = Field(..., description="This week's Sunday.")
    remaining: int | None = Field(..., description="Interviews left to meet the goal this week.")
    percent: int | None = Field(..., description="thisWeek / perWeek, percent, at most 100.")
    met: bool = Field(..., description="This week holds streakTarget interviews or more.")
    streak_target: int = Field(..., description="Interviews a week needs to count: perWeek, or 1.")
    streak: int = Field(
        ...,
        description=(
            "Weeks in a row meeting streakTarget, up to this week when it is met, else up to "
            "last week (a week under way does not break it)."
        ),
    )
    best_streak: int = Field(..., description="The longest such run, the current one included.")


class ActivityOut(CamelOut):
    time_zone: str = Field(..., description="The zone the days are in: the site's.")
    days: dict[str, int] = Field(
        ..., description="Interviews completed per day, YYYY-MM-DD; days without one left out."
    )
