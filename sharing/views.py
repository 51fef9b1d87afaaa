from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_http_methods, require_safe
from django_ratelimit.core import get_usage

from accounts.throttle import in_words
from interviews.models import Interview
from interviews.views import review_context
from performance.filters import PerformanceFilter
from performance.models import Performance
from performance.reporting import filtered_report
from performance.views import NARROWING, chart_data, report_display, table_page
from sharing.forms import ShareForm
from sharing.models import Kind, Share, history_query

SHARES_PER_PAGE = 20
# Opens of shared links per client address: a mentor paging through a history stays far
# below it; someone guessing tokens is stopped (an unknown token counts too).
OPENS_PER_MINUTE = 60


def _history_filter(data, user):
    return PerformanceFilter(data, queryset=Performance.objects.for_user(user), user=user)


def describe_filters(parameters):
    """What a history share shows, in words: "all completed interviews" or its filters."""
    form = PerformanceFilter(parameters, user=None).form
    parts = []
    for name in NARROWING:
        value = parameters.get(name)
        if not value:
            continue
        field = form.fields[name]
        choices = dict(getattr(field, "choices", ()))
        parts.append(f"{field.label}: {choices.get(value, value)}")
    if not parts:
        return "all completed interviews"
    return "completed interviews with " + "; ".join(parts)


def _describe(user, shares):
    """Ready `shares` to say what they show: each report's interview (one query for them
    all, by primary key), each history's filters in words."""
    ids = {share.interview_id for share in shares} - {None}
    found = Interview.objects.for_user(user).only("job_title", "company_name").order_by()
    found = found.in_bulk(ids)
    for share in shares:
        if share.interview_id is not None:
            share.interview = found.get(share.interview_id)
        else:
            share.description = describe_filters(share.filters())
    return shares


@require_safe
def share_list(request: HttpRequest) -> HttpResponse:
    paginator = Paginator(Share.objects.for_user(request.user).newest_first(), SHARES_PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    now = timezone.now()
    shares = _describe(request.user, list(page.object_list))
    rows = [{"share": share, "status": share.status(now)} for share in shares]
    return render(request, "sharing/list.html", {"page": page, "rows": rows, "query": ""})


@require_http_methods(["GET", "POST"])
def share_report(request: HttpRequest, pk) -> HttpResponse:
    interview = get_object_or_404(Interview.objects.for_user(request.user).completed(), pk=pk)
    form = ShareForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        share = Share.create(user=request.user, interview=interview, **form.cleaned_data)
        messages.success(request, "Your link is ready. Copy it and send it to your mentor.")
        return redirect("sharing:detail", pk=share.pk)
    context = {"form": form, "what": f"the report of {interview}", "interview": interview}
    return render(request, "sharing/new.html", context)


@require_http_methods(["GET", "POST"])
def share_history(request: HttpRequest) -> HttpResponse:
    """Share the performance page's history as its filters (in the query string) select it."""
    filterset = _history_filter(request.GET, request.user)
    valid = filterset.is_valid()
    form = ShareForm(request.POST or None)
    if request.method == "POST" and valid and form.is_valid():
        query = history_query({name: request.GET.get(name) for name in filterset.form.fields})
        share = Share.create(user=request.user, query=query, **form.cleaned_data)
        messages.success(request, "Your link is ready. Copy it and send it to your mentor.")
        return redirect("sharing:detail", pk=share.pk)
    context = {
        "form": form,
        "what": f"your history of {describe_filters(request.GET)}" if valid else None,
        "count": filtered_report(filterset)[1] if valid else None,
        "back": request.GET.urlencode(),
    }
    return render(request, "sharing/new.html", context, status=200 if valid else 400)


@require_safe
def share_detail(request: HttpRequest, pk) -> HttpResponse:
    share = get_object_or_404(Share.objects.for_user(request.user), pk=pk)
    _describe(request.user, [share])
    context = {
        "share": share,
        "status": share.status(),
        "link": request.build_absolute_uri(share.get_absolute_url()),
    }
    return render(request, "sharing/detail.html", context)


@require_http_methods(["GET", "POST"])
def share_revoke(request: HttpRequest, pk) -> HttpResponse:
    share = get_object_or_404(Share.objects.for_user(request.user), pk=pk)
    if request.method == "POST":
        share.revoke()
        messages.success(request, "Revoked the link. Anyone who opens it now sees “not found”.")
        return redirect("sharing:list")
    _describe(request.user, [share])
    return render(request, "sharing/revoke.html", {"share": share})


# The shared link itself: no login. ----------------------------------------------------------


def _for_anyone(response):
    """Keep a shared page out of search engines, caches and other sites' referrer logs."""
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    patch_cache_control(response, private=True, no_store=True)
    return response


def _seconds_to_wait(request):
    """Count this open against the client's address; the seconds to wait, or 0."""
    usage = get_usage(
        request, group="shared-link", key="ip", rate=f"{OPENS_PER_MINUTE}/m", increment=True
    )
    if usage and usage["should_limit"]:
        return max(usage["time_left"], 1)
    return 0


def _unavailable(request):
    # One answer for an unknown, expired or revoked link: it does not say which.
    return render(request, "sharing/unavailable.html", status=404)


@login_not_required
@require_safe
def shared(request: HttpRequest, token: str) -> HttpResponse:
    wait = _seconds_to_wait(request)
    if wait:
        response = render(request, "sharing/throttled.html", {"wait": in_words(wait)}, status=429)
        response["Retry-After"] = str(wait)
        return _for_anyone(response)
    share = Share.objects.usable(token)
    # A deactivated account's links stop working with it.
    if share is None or not share.user.is_active:
        return _for_anyone(_unavailable(request))
    if share.kind == Kind.REPORT:
        response = _shared_report(request, share)
    else:
        response = _shared_history(request, share)
    if response.status_code == 200:
        share.record_open()
    return _for_anyone(response)


def _shared_report(request, share):
    owner = share.user_id
    interview = Interview.objects.for_user(owner).filter(pk=share.interview_id).order_by().first()
    if interview is None or interview.performance_id is None:
        return _unavailable(request)
    # By the interview's pointer: the primary key's index finds it.
    performance = Performance.objects.for_user(owner).filter(pk=interview.performance_id)
    performance = performance.order_by().first()
    if performance is None:
        return _unavailable(request)
    context = {
        "share": share,
        "performance": performance,
        # Read-only: the report's include shows no edit or delete controls.
        "read_only": True,
        **review_context(interview, performance),
    }
    return render(request, "sharing/report.html", context)


def _shared_history(request, share):
    filterset = _history_filter(QueryDict(share.query), share.user)
    if not filterset.is_valid():
        # A filter left out would show more than was shared.
        return _unavailable(request)
    report, count = filtered_report(filterset)
    # The performances the report counts: those the owner excluded are not shown either.
    page = table_page(filterset.qs.counted(), count, request.GET.get("page"))
    context = {
        "share": share,
        "what": describe_filters(share.filters()),
        "page": page,
        "query": "",
        "report": report,
        "chart_data": chart_data(report),
        "display": report_display(report),
        "read_only": True,
    }
    return render(request, "sharing/history.html", context)
