from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from performance.models import Performance

PER_PAGE = 25


def history(request: HttpRequest) -> HttpResponse:
    performances = Performance.objects.for_user(request.user).order_by("-completed_at", "-pk")
    page = Paginator(performances, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "performance/history.html", {"page": page})
