from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from interviews.forms import InterviewForm
from interviews.models import Interview
from performance import analytics
from performance.models import Performance

ACTIVE_PER_PAGE = 20


def index(request: HttpRequest) -> HttpResponse:
    active = Interview.objects.for_user(request.user).active().order_by("-created_at", "-pk")
    page = Paginator(active, ACTIVE_PER_PAGE).get_page(request.GET.get("page"))
    scores = (
        Performance.objects.for_user(request.user)
        .order_by("completed_at", "pk")
        .values("score", "total_questions", "correct_answers", "time_spent")
    )
    context = {
        "page": page,
        "active_count": page.paginator.count,
        "stats": analytics.summary(scores),
        "form": InterviewForm(),
    }
    return render(request, "dashboard/index.html", context)
