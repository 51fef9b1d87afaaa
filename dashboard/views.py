from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from dashboard.planner import next_session
from interviews.forms import InterviewForm
from interviews.models import Interview
from performance.filters import PerformanceFilter
from performance.models import Performance
from performance.reporting import filtered_report, next_steps

ACTIVE_PER_PAGE = 20
RECENT_RESULTS = 5


def _recent_results(user):
    """The latest completed interviews, newest first, each with its change from the one
    before it (None for the first ever)."""
    rows = list(
        Performance.objects.for_user(user)
        .counted()
        .order_by("-completed_at", "-pk")
        .values("id", "completed_at", "job_title", "company_name", "score")[: RECENT_RESULTS + 1]
    )
    for row, previous in zip(rows, [*rows[1:], None], strict=True):
        row["change"] = None if previous is None else round(row["score"] - previous["score"], 1)
    return rows[:RECENT_RESULTS]


def index(request: HttpRequest) -> HttpResponse:
    user = request.user
    active = Interview.objects.for_user(user).active().order_by("-created_at", "-pk")
    page = Paginator(active, ACTIVE_PER_PAGE).get_page(request.GET.get("page"))
    # The performance page's report over the whole history (cached there and here alike).
    everything = PerformanceFilter({}, queryset=Performance.objects.for_user(user), user=user)
    report, count = filtered_report(everything)
    context = {
        "page": page,
        "active_count": page.paginator.count,
        "stats": report["summary"],
        "trend": report["trend"]["overall"],
        "recent": _recent_results(user) if count else [],
        "next_steps": next_steps(report),
        "form": InterviewForm(),
        "plan": next_session(user=user, report=report),
    }
    return render(request, "dashboard/index.html", context)
