from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from interviews.forms import InterviewForm, ResultsForm, RoundResultFormSet
from interviews.models import Interview
from interviews.services import (
    TransitionError,
    interview_complete,
    interview_create,
    interview_delete,
    interview_start,
)
from performance.models import Performance


def _get_interview(request, pk):
    return get_object_or_404(Interview.objects.for_user(request.user), pk=pk)


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
        messages.success(request, f"Started “{interview}”. Good luck!")
    return redirect("dashboard:index")


@require_http_methods(["GET", "POST"])
def interview_complete_view(request: HttpRequest, pk) -> HttpResponse:
    interview = _get_interview(request, pk)
    if interview.is_completed and interview.performance_id:
        messages.info(request, "This interview is already completed.")
        return redirect("interviews:feedback", pk=interview.pk)
    if interview.is_ready:
        messages.error(request, "Start this interview before entering its results.")
        return redirect("dashboard:index")

    form = ResultsForm(request.POST or None)
    formset = RoundResultFormSet(request.POST or None, prefix="rounds")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            _performance, created = interview_complete(
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
    context = {"interview": interview, "form": form, "formset": formset}
    return render(request, "interviews/complete.html", context)


@require_safe
def interview_feedback(request: HttpRequest, pk) -> HttpResponse:
    interview = _get_interview(request, pk)
    performance = get_object_or_404(
        Performance.objects.for_user(request.user), interview_id=interview.pk
    )
    return render(
        request, "interviews/feedback.html", {"interview": interview, "performance": performance}
    )


@require_http_methods(["GET", "POST"])
def interview_delete_view(request: HttpRequest, pk) -> HttpResponse:
    interview = _get_interview(request, pk)
    if request.method == "POST":
        interview_delete(interview=interview)
        messages.success(request, f"Deleted “{interview}”.")
        return redirect("dashboard:index")
    return render(request, "interviews/delete.html", {"interview": interview})
