from django.contrib import messages
from django.core.exceptions import BadRequest, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from dashboard.planner import NothingToPlan, planned_session_start
from interviews.choices import QuestionKind, QuestionState, RoundType, ScoredBy
from interviews.evaluation import PASS_SCORE, question_score, rounds_of
from interviews.forms import (
    AnswerForm,
    AssessForm,
    FeedbackFields,
    GoForm,
    InterviewForm,
    PlannedSessionForm,
    ResultsForm,
    round_formset,
    typed_rounds,
)
from interviews.models import IDLE_CAP_SECONDS, Interview
from interviews.services import (
    QuestionNotFound,
    TransitionError,
    interview_create,
    interview_delete,
    interview_save_results,
    interview_start,
    interview_update_results,
    session_assess,
    session_finish,
    session_go,
    session_save_answer,
    session_submit,
)
from performance.comparison import comparison
from performance.models import Performance

ROUND_LABELS = dict(RoundType.choices)
SCORERS = {
    ScoredBy.SELF: "self-assessment",
    ScoredBy.AI: "AI evaluator",
    ScoredBy.MANUAL: "entered by hand",
}


def _get_interview(request, pk):
    return get_object_or_404(Interview.objects.for_user(request.user), pk=pk)


def clock(seconds):
    """Seconds as a clock shows them: 4:05, or 1:02:03 past the hour."""
    hours, rest = divmod(int(seconds), 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02}:{seconds:02}" if hours else f"{minutes}:{seconds:02}"


def session_review(questions):
    """Each question of a session as the feedback shows it: the answer, what it got right
    and what it missed, its score and time."""
    review = []
    for number, question in enumerate(questions, start=1):
        answered = question.state != QuestionState.UNANSWERED
        hit = set(question.points_hit) if answered else set()
        score = question_score(question)
        review.append(
            {
                "number": number,
                "round": ROUND_LABELS.get(question.round_type, question.round_type),
                "kind": question.kind,
                "prompt": question.prompt,
                "answered": answered,
                "answer": question.answer,
                "choices": [
                    {
                        "text": text,
                        "chosen": answered and index == question.choice,
                        "right": index == question.answer_index,
                    }
                    for index, text in enumerate(question.choices)
                ],
                "key_points": [
                    {"text": text, "hit": index in hit}
                    for index, text in enumerate(question.key_points)
                ],
                "points_hit": len(hit),
                "model_answer": question.model_answer,
                "explanation": question.explanation,
                "comment": question.comment,
                "score": score,
                "correct": score >= PASS_SCORE,
                "time": clock(question.seconds),
            }
        )
    return review


def review_context(interview, performance):
    """What includes/performance_detail.html shows of the interview's session, if it had one
    (results entered by hand are not the questions' scores, so they show none)."""
    practised = interview is not None and performance.scored_by != ScoredBy.MANUAL
    questions = interview.questions if practised else []
    return {
        "review": session_review(questions),
        "pass_score": PASS_SCORE,
        "scored_by": SCORERS.get(performance.scored_by, ""),
    }


@require_http_methods(["GET", "POST"])
def interview_new(request: HttpRequest) -> HttpResponse:
    form = InterviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        interview = interview_create(user=request.user, data=form.cleaned_data)
        messages.success(request, f"Created “{interview}”. Start it when you are ready.")
        return redirect("dashboard:index")
    return render(request, "interviews/new.html", {"form": form})


@require_POST
def interview_start_view(request: HttpRequest, pk) -> HttpResponse:
    interview = _get_interview(request, pk)
    try:
        interview_start(interview=interview)
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        if interview.questions:
            messages.success(request, f"Started “{interview}”. Good luck!")
        else:
            messages.warning(
                request,
                f"Started “{interview}”. The question bank has no questions for its type "
                "and level, so enter its results by hand.",
            )
    return redirect("interviews:session", pk=interview.pk)


def _results_forms(request, *, initial=None, rounds=()):
    """(form, round rows, whether they were sent to be saved): empty or `initial` on a
    GET, as posted on a POST. "Add round" (the page's way to more rows without
    JavaScript) shows the typed values again, unchecked, with one more empty row."""
    data = request.POST
    if request.method != "POST":
        return (
            ResultsForm(initial=initial),
            round_formset(initial=rounds or None, extra=1 if rounds else 3),
            False,
        )
    if "add_round" in data:
        typed = typed_rounds(data)
        return ResultsForm(initial=data.dict()), round_formset(initial=typed, extra=1), False
    return ResultsForm(data), round_formset(data), True


def _results_page(request, interview, form, formset, *, editing):
    context = {
        "interview": interview,
        "form": form,
        "formset": formset,
        "editing": editing,
        "max_rounds": formset.max_num,
    }
    return render(request, "interviews/complete.html", context)


@require_http_methods(["GET", "POST"])
def interview_complete_view(request: HttpRequest, pk) -> HttpResponse:
    """Log an outside interview: results typed in, for a ready or an in-progress interview
    without a practice session."""
    interview = _get_interview(request, pk)
    if interview.is_completed and interview.performance_id:
        messages.info(request, "This interview is already completed.")
        return redirect("interviews:feedback", pk=interview.pk)
    if interview.questions:
        messages.info(request, "This interview is a practice session: finish it for its results.")
        return redirect("interviews:session", pk=interview.pk)

    form, formset, submitted = _results_forms(request)
    if submitted and form.is_valid() and formset.is_valid():
        try:
            _performance, created = interview_save_results(
                interview=interview, data=form.values(rounds=formset.rounds())
            )
        except TransitionError as error:
            messages.error(request, str(error))
            return redirect("dashboard:index")
        except ValidationError as error:
            form.add_rule_errors(error)
        else:
            if created:
                messages.success(request, f"Completed “{interview}”. Here is your feedback.")
            else:
                messages.info(request, "This interview was already completed; nothing changed.")
            return redirect("interviews:feedback", pk=interview.pk)
    return _results_page(request, interview, form, formset, editing=False)


def _as_typed(number):
    """A saved number as a person would type it: 85, not 85.0."""
    return int(number) if float(number).is_integer() else number


@require_http_methods(["GET", "POST"])
def interview_edit_results(request: HttpRequest, pk) -> HttpResponse:
    """Correct the results of a completed interview: the results form, filled with them."""
    interview = _get_interview(request, pk)
    performance = get_object_or_404(
        Performance.objects.for_user(request.user), interview_id=interview.pk
    )
    initial = {
        "total_questions": performance.total_questions,
        "correct_answers": performance.correct_answers,
        "score": _as_typed(performance.score),
        "time_spent": _as_typed(performance.time_spent),
        **FeedbackFields.initial_for(performance.feedback),
    }
    rounds = [
        {
            "round_type": item.round_type,
            "score": _as_typed(item.score),
            "questions_answered": item.questions_answered,
            "total_questions": item.total_questions,
            "time_spent": _as_typed(item.time_spent),
        }
        for item in performance.round_results
    ]
    form, formset, submitted = _results_forms(request, initial=initial, rounds=rounds)
    if submitted and form.is_valid() and formset.is_valid():
        try:
            interview_update_results(interview=interview, data=form.values(rounds=formset.rounds()))
        except TransitionError as error:
            messages.error(request, str(error))
            return redirect("performance:history")
        except ValidationError as error:
            form.add_rule_errors(error)
        else:
            messages.success(request, f"Saved the corrected results of “{interview}”.")
            return redirect("interviews:feedback", pk=interview.pk)
    return _results_page(request, interview, form, formset, editing=True)


@require_safe
def interview_feedback(request: HttpRequest, pk) -> HttpResponse:
    interview = _get_interview(request, pk)
    if not interview.is_completed:
        # Reached from a bookmark or the browser's history: say why there is no feedback
        # yet and where the interview goes on.
        return render(request, "interviews/unfinished.html", {"interview": interview})
    # By the interview's link to it: a lookup by _id, as the comparison API's.
    performance = get_object_or_404(
        Performance.objects.for_user(request.user), pk=interview.performance_id
    )
    context = {
        "interview": interview,
        "performance": performance,
        **review_context(interview, performance),
        "comparison": comparison(performance, interview),
    }
    return render(request, "interviews/feedback.html", context)


@require_http_methods(["GET", "POST"])
def interview_delete_view(request: HttpRequest, pk) -> HttpResponse:
    """GET: the confirmation (the page's modal without JavaScript); POST: delete. A
    completed interview leads back to the history, where it was listed."""
    interview = _get_interview(request, pk)
    completed = interview.is_completed
    if request.method == "POST":
        interview_delete(interview=interview)
        messages.success(request, f"Deleted “{interview}”.")
        return redirect("performance:history" if completed else "dashboard:index")
    cancel = (
        reverse("interviews:feedback", args=[interview.pk])
        if completed and interview.performance_id
        else reverse("dashboard:index")
    )
    return render(request, "interviews/delete.html", {"interview": interview, "cancel": cancel})


# The practice session: one question at a time. Every change goes through the session
# services; the page only shows the interview as they left it.


def _wants_json(request):
    return "application/json" in request.headers.get("Accept", "")


def _refused(request, interview, error):
    """Say why the interview's status refused an action, and go where it can be seen."""
    messages.error(request, str(error))
    if interview.is_completed:
        return redirect("interviews:feedback", pk=interview.pk)
    return redirect("interviews:session", pk=interview.pk)


def _state_text(question):
    if question.state == QuestionState.ASSESSED:
        return f"Scored {question_score(question):g}"
    if question.state == QuestionState.ANSWERED:
        return "Submitted, key points not ticked"
    if question.answer.strip() or question.choice is not None:
        return "Draft, not submitted"
    return "Not answered"


def _positions(questions):
    """For each question: (round number, its position in the round, the round's size)."""
    positions = []
    for number, (_round_type, members) in enumerate(rounds_of(questions), start=1):
        positions.extend(
            (number, position, len(members)) for position in range(1, len(members) + 1)
        )
    return positions


def _as_int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _session_page(request, interview, *, index=None, answer_form=None, assess_form=None):
    """The session page showing question `index` (the current one by default), with the
    forms' errors and typed values when they come back from a POST."""
    if not interview.is_in_progress or not interview.questions:
        return redirect("interviews:session", pk=interview.pk)
    questions = interview.questions
    index = interview.current if index is None else index
    if not 0 <= index < len(questions):
        raise Http404("This interview has no such question.")
    question = questions[index]
    now = timezone.now()
    positions = _positions(questions)
    round_number, position, round_size = positions[index]

    answer_form = answer_form or AnswerForm(
        initial={"index": index, "answer": question.answer, "choice": question.choice}
    )
    selected = _as_int(answer_form["choice"].value())
    assess_form = assess_form or AssessForm(initial={"index": index, "points": question.points_hit})
    ticked = {_as_int(value) for value in assess_form["points"].value() or []}

    context = {
        "interview": interview,
        "question": question,
        "index": index,
        "last": index == len(questions) - 1,
        "round_label": ROUND_LABELS.get(question.round_type, question.round_type),
        "round_number": round_number,
        "round_count": positions[-1][0],
        "position": position,
        "round_size": round_size,
        "total": len(questions),
        "answered_count": sum(1 for q in questions if q.state != QuestionState.UNANSWERED),
        "unanswered": question.state == QuestionState.UNANSWERED,
        "is_choice": question.kind == QuestionKind.CHOICE,
        "score": question_score(question),
        "points_hit": len(question.points_hit),
        "running": index == interview.current,
        # The server stops counting a visit after IDLE_CAP_SECONDS; so do the page's clocks.
        "idle_left": int(IDLE_CAP_SECONDS - interview.live_seconds(now)),
        "session_seconds": int(interview.session_seconds(now)),
        "question_seconds": int(interview.question_seconds(index, now)),
        "answer_form": answer_form,
        "answer_text": answer_form["answer"].value() or "",
        "assess_form": assess_form,
        "choices": [
            {
                "index": number,
                "text": text,
                "selected": number == selected,
                "chosen": number == question.choice,
                "right": number == question.answer_index,
            }
            for number, text in enumerate(question.choices)
        ],
        "key_points": [
            {"index": number, "text": text, "ticked": number in ticked}
            for number, text in enumerate(question.key_points)
        ],
        "overview": [
            {
                "index": number,
                "round": ROUND_LABELS.get(item.round_type, item.round_type),
                "prompt": item.prompt,
                "state": _state_text(item),
            }
            for number, item in enumerate(questions)
        ],
    }
    if question.kind != QuestionKind.OPEN or question.state == QuestionState.UNANSWERED:
        # Ticks sent for a question that has no key points form to show them on.
        context["stray_errors"] = [
            message for messages in assess_form.errors.values() for message in messages
        ]
    context["session_clock"] = clock(context["session_seconds"])
    context["question_clock"] = clock(context["question_seconds"])
    return render(request, "interviews/session.html", context)


@require_safe
def session_view(request: HttpRequest, pk) -> HttpResponse:
    interview = _get_interview(request, pk)
    if interview.is_completed:
        return redirect("interviews:feedback", pk=interview.pk)
    if interview.is_ready:
        return render(request, "interviews/session.html", {"interview": interview})
    if not interview.questions:
        # Started without a plan (an interview practised elsewhere): its results are typed in.
        return redirect("interviews:complete", pk=interview.pk)
    return _session_page(request, interview)


def _posted_index(form):
    """The question index a form names; a form without a usable one is a bad request."""
    if "index" in form.errors:
        raise BadRequest("The question index is missing or not a number.")
    return form.cleaned_data["index"]


def _errors(form):
    return {
        name: [error["message"] for error in errors]
        for name, errors in form.errors.get_json_data().items()
    }


@require_POST
def session_answer(request: HttpRequest, pk) -> HttpResponse:
    """Save a draft answer (the page's autosave asks for JSON) or submit it."""
    interview = _get_interview(request, pk)
    form = AnswerForm(request.POST)
    as_json = _wants_json(request)
    if form.is_valid():
        index = form.cleaned_data["index"]
        submit = form.cleaned_data["action"] == "submit"
        try:
            if submit:
                _question, problem = session_submit(
                    interview=interview, index=index, **form.values()
                )
            else:
                session_save_answer(interview=interview, index=index, **form.values())
        except QuestionNotFound as error:
            raise Http404(str(error)) from None
        except TransitionError as error:
            if as_json:
                return JsonResponse({"errors": {"__all__": [str(error)]}}, status=409)
            return _refused(request, interview, error)
        except ValidationError as error:
            form.add_service_errors(error)
            interview.refresh_from_db()
        else:
            if as_json:
                return JsonResponse({"saved": True})
            if submit and problem:
                messages.warning(request, problem)
            elif not submit:
                messages.success(request, "Draft saved.")
            return redirect("interviews:session", pk=interview.pk)
    if as_json:
        return JsonResponse({"errors": _errors(form)}, status=400)
    return _session_page(request, interview, index=_posted_index(form), answer_form=form)


@require_POST
def session_assess_view(request: HttpRequest, pk) -> HttpResponse:
    """Record the key points a submitted open answer covered."""
    interview = _get_interview(request, pk)
    form = AssessForm(request.POST)
    if form.is_valid():
        try:
            question = session_assess(
                interview=interview,
                index=form.cleaned_data["index"],
                points_hit=form.cleaned_data["points"],
            )
        except QuestionNotFound as error:
            raise Http404(str(error)) from None
        except TransitionError as error:
            return _refused(request, interview, error)
        except ValidationError as error:
            form.add_service_errors(error)
            interview.refresh_from_db()
        else:
            count = len(question.key_points)
            messages.success(
                request,
                f"Assessment saved: {len(question.points_hit)} of {count} key points, "
                f"a score of {question.score:g}.",
            )
            return redirect("interviews:session", pk=interview.pk)
    return _session_page(request, interview, index=_posted_index(form), assess_form=form)


@require_POST
def session_go_view(request: HttpRequest, pk) -> HttpResponse:
    """Show question `to` (previous, next, skip or one from the list), first keeping the
    draft typed on the question shown, so that moving on without JavaScript loses nothing."""
    interview = _get_interview(request, pk)
    go = GoForm(request.POST)
    if not go.is_valid():
        raise BadRequest("The question to show is missing or not a number.")
    if "index" in request.POST and ("answer" in request.POST or "choice" in request.POST):
        draft = AnswerForm(request.POST)
        if not draft.is_valid():
            return _session_page(request, interview, index=_posted_index(draft), answer_form=draft)
        index = draft.cleaned_data["index"]
        values = draft.values()
        if _draft_changed(interview, index, values):
            try:
                session_save_answer(interview=interview, index=index, **values)
            except QuestionNotFound as error:
                raise Http404(str(error)) from None
            except TransitionError as error:
                return _refused(request, interview, error)
            except ValidationError as error:
                draft.add_service_errors(error)
                interview.refresh_from_db()
                return _session_page(request, interview, index=index, answer_form=draft)
    try:
        session_go(interview=interview, index=go.cleaned_data["to"])
    except QuestionNotFound as error:
        raise Http404(str(error)) from None
    except TransitionError as error:
        return _refused(request, interview, error)
    return redirect("interviews:session", pk=interview.pk)


def _draft_changed(interview, index, values):
    """Whether the draft differs from what the unanswered question `index` holds."""
    if not interview.is_in_progress or not 0 <= index < len(interview.questions):
        return True  # let the service say why
    question = interview.questions[index]
    if question.state != QuestionState.UNANSWERED:
        return False
    answer, choice = values["answer"], values["choice"]
    return (answer is not None and answer != question.answer) or (
        choice is not None and choice != question.choice
    )


@require_http_methods(["GET", "POST"])
def session_finish_view(request: HttpRequest, pk) -> HttpResponse:
    """GET: what finishing now means (unanswered questions score 0); POST: finish."""
    interview = _get_interview(request, pk)
    if interview.is_ready:
        messages.error(request, "This interview has not been started; start it first.")
        return redirect("interviews:session", pk=interview.pk)
    if not interview.questions and not interview.is_completed:
        return redirect("interviews:complete", pk=interview.pk)
    if request.method == "POST":
        try:
            _performance, created = session_finish(interview=interview)
        except TransitionError as error:
            return _refused(request, interview, error)
        if created:
            messages.success(request, f"Finished “{interview}”. Here is your feedback.")
        else:
            messages.info(request, "This interview was already finished; nothing changed.")
        return redirect("interviews:feedback", pk=interview.pk)
    if interview.is_completed:
        return redirect("interviews:feedback", pk=interview.pk)
    questions = interview.questions
    unanswered = [q for q in questions if q.state == QuestionState.UNANSWERED]
    context = {
        "interview": interview,
        "total": len(questions),
        "submitted": len(questions) - len(unanswered),
        "unanswered": len(unanswered),
        "drafts": sum(1 for q in unanswered if q.answer.strip() or q.choice is not None),
        "unticked": sum(1 for q in questions if q.state == QuestionState.ANSWERED),
    }
    return render(request, "interviews/finish.html", context)


@require_POST
def planned_session_start_view(request: HttpRequest) -> HttpResponse:
    """Create and start the session the dashboard's planner proposed, in one click."""
    form = PlannedSessionForm(request.POST)
    if not form.is_valid():
        for error in form.errors["round_type"]:
            messages.error(request, error)
        return redirect("dashboard:index")
    try:
        interview = planned_session_start(
            user=request.user, round_type=form.cleaned_data["round_type"]
        )
    except NothingToPlan as error:
        messages.info(request, str(error))
        return redirect("dashboard:index")
    messages.success(
        request,
        f"Started your planned {interview.get_interview_type_display()} session. Good luck!",
    )
    return redirect("interviews:session", pk=interview.pk)
