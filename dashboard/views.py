from datetime import datetime

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.views.decorators.http import require_http_methods

from dashboard import goals
from dashboard.forms import GoalForm
from dashboard.models import Goal
from dashboard.planner import history_report, next_session
from interviews.forms import InterviewForm
from interviews.models import Interview
from performance.reporting import next_steps

ACTIVE_PER_PAGE = 20


def _recent_results(report):
    """The latest completed interviews, newest first, each with its change from the one
    before it: from the cached report, so that the dashboard never reads the history."""
    return [
        {**result, "completed_at": datetime.fromisoformat(result["completed_at"])}
        for result in report["latest"]
    ]


def index(request: HttpRequest) -> HttpResponse:
    user = request.user
    active = Interview.objects.for_user(user).active().order_by("-created_at", "-pk")
    page = Paginator(active, ACTIVE_PER_PAGE).get_page(request.GET.get("page"))
    # The performance page's report over the whole history (cached there and here alike).
    report = history_report(user)
    context = {
        "page": page,
        "active_count": page.paginator.count,
        "stats": report["summary"],
        "trend": report["trend"]["overall"],
        "recent": _recent_results(report),
        "next_steps": next_steps(report),
        "form": InterviewForm(),
        "plan": next_session(user=user, report=report),
        **_goal_context(user, report),
    }
    return render(request, "dashboard/index.html", context)


# The weekly goal ------------------------------------------------------------------------


def _goal_context(user, report):
    """The goal card's progress, built from the report's days, and the form to change it."""
    per_week = Goal.objects.per_week(user)
    return {
        "goal": goals.progress(
            None, per_week, timezone.localdate(), weeks=report["activity_weeks"]
        ),
        "goal_form": GoalForm(initial={"per_week": per_week}, auto_id="goal_%s"),
    }


@require_http_methods(["GET", "POST"])
def goal(request: HttpRequest) -> HttpResponse:
    """Set or change the weekly goal (the dashboard card's form, or this page without it)."""
    per_week = Goal.objects.per_week(request.user)
    data = request.POST if request.method == "POST" else None
    form = GoalForm(data, initial={"per_week": per_week})
    if request.method == "POST" and form.is_valid():
        Goal.objects.set_for(request.user, form.cleaned_data["per_week"])
        messages.success(request, f"Your weekly goal is now {form.cleaned_data['per_week']}.")
        return redirect("dashboard:index")
    return render(request, "dashboard/goal.html", {"form": form, "per_week": per_week})


@require_http_methods(["GET", "POST"])
def goal_remove(request: HttpRequest) -> HttpResponse:
    """GET: the confirmation (the card's modal without JavaScript); POST: remove the goal."""
    per_week = Goal.objects.per_week(request.user)
    if per_week is None:
        messages.info(request, "You have no weekly goal to remove.")
        return redirect("dashboard:index")
    if request.method == "GET":
        return render(request, "dashboard/goal_remove.html", {"per_week": per_week})
    Goal.objects.for_user(request.user).delete()
    messages.success(
        request,
        format_html(
            'Your weekly goal is removed. <a href="{}">Set a goal again</a> whenever you like.',
            reverse("dashboard:goal"),
        ),
    )
    return redirect("dashboard:index")
