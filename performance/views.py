from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from interviews.choices import ExperienceLevel, InterviewType
from interviews.models import Interview
from interviews.services import performance_set_excluded
from interviews.views import review_context
from performance import activity
from performance.comparison import comparison
from performance.export import csv_response
from performance.filters import PerformanceFilter
from performance.models import Performance
from performance.reporting import filtered_report, next_steps
from performance.templatetags.formats import day, duration, score

PER_PAGE = 25
TABLE_FIELDS = (
    "id",
    "completed_at",
    "job_title",
    "company_name",
    "interview_type",
    "experience_level",
    "score",
    "time_spent",
    "total_questions",
    "correct_answers",
    "excluded",
)


def _filterset(request):
    user = request.user
    return PerformanceFilter(request.GET, queryset=Performance.objects.for_user(user), user=user)


def _query_without(request, *names):
    """The request's query without `names` and without empty parameters."""
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    for name in list(query):
        values = [value for value in query.getlist(name) if value]
        if values:
            query.setlist(name, values)
        else:
            del query[name]
    return query.urlencode()


def _has_empty_parameters(request):
    return any(value == "" for _name, values in request.GET.lists() for value in values)


def _problems(filterset, request, page):
    """What was ignored, in the form's order: each filter's label and the id of the field
    whose own message says why (a parameter the form does not show: its message here)."""
    problems = []
    form = filterset.form
    for name, errors in filterset.errors.items():
        if name in form.fields:
            problems.append({"label": form.fields[name].label, "field": form[name].auto_id})
        else:
            problems.extend({"label": f"{name}: {error}"} for error in errors)
    requested = request.GET.get("page")
    if requested not in (None, "", str(page.number)):
        problems.append(
            {"label": f"Page: “{requested[:20]}” does not exist; showing page {page.number}."}
        )
    return problems


def type_label(value, choices=InterviewType):
    try:
        return choices(value).label
    except ValueError:
        return str(value).capitalize()


def report_display(report):
    """The report's keyed groups as (label, figures) pairs, for the page's tables."""
    rounds = report["rounds"]
    for company in report["companies"]:
        company["weakest_round_label"] = company["weakest_round"] and type_label(
            company["weakest_round"]
        )
    return {
        "next_steps": next_steps(report),
        "trend_by_type": [(type_label(k), v) for k, v in report["trend"]["by_type"].items()],
        "rounds_by_type": [(type_label(k), v) for k, v in rounds["by_type"].items()],
        "strongest_round": rounds["strongest"] and type_label(rounds["strongest"]),
        "weakest_round": rounds["weakest"] and type_label(rounds["weakest"]),
        "time_by_type": [(type_label(k), v) for k, v in report["time"]["by_type"].items()],
        "time_by_level": [
            (type_label(k, ExperienceLevel), v) for k, v in report["time"]["by_level"].items()
        ],
    }


def _percent(value):
    return "—" if value is None else f"{score(value)}%"


def _tracking_points(tracking):
    """Each point of the score chart: its place on the x-axis (the interview's number,
    oldest first), its score and moving average, and the same values as the page
    prints them."""
    if not tracking["enough_data"]:
        return []
    points = []
    for point in tracking["points"]:
        when = day(point["date"])
        if point["first_date"] != point["date"]:
            when = f"{day(point['first_date'])} to {when}"
        first = point["number"] - point["interviews"] + 1
        interviews = f"#{first}" if first == point["number"] else f"#{first}–{point['number']}"
        points.append(
            {
                "x": point["number"],
                "score": point["score"],
                "moving_average": point["moving_average"],
                "title": f"Interview {interviews}, {when}",
                "score_text": score(point["score"]),
                "moving_average_text": score(point["moving_average"]),
            }
        )
    return points


def chart_data(report):
    """The series the page's charts draw, and each value as the page prints it; every
    number is also in the page's tables."""
    time = report["time"]
    rounds = report["rounds"]["by_type"]
    return {
        "tracking": _tracking_points(report["tracking"]),
        "rounds": {
            "labels": [type_label(name) for name in rounds],
            "scores": [stats["average_score"] for stats in rounds.values()],
            "score_texts": [score(stats["average_score"]) for stats in rounds.values()],
            "completion": [stats["completion_rate"] for stats in rounds.values()],
            "completion_texts": [_percent(stats["completion_rate"]) for stats in rounds.values()],
        },
        "bands": {
            "labels": [band["band"] for band in time["by_band"]],
            "scores": [band["average_score"] for band in time["by_band"]],
            "texts": [score(band["average_score"]) for band in time["by_band"]],
        },
        "pace": {
            "labels": [type_label(name) for name in time["by_type"]],
            "minutes": [group["minutes_per_question"] for group in time["by_type"].values()],
            "texts": [
                duration(group["minutes_per_question"]) for group in time["by_type"].values()
            ],
        },
    }


# The parameters that narrow the set (not sort and page): their count is shown on the
# phone's "Filters" button.
NARROWING = (
    "q",
    "interview_type",
    "experience_level",
    "company",
    "date_from",
    "date_to",
    "scored_by",
    "excluded",
)


@require_GET
def history(request: HttpRequest) -> HttpResponse:
    # The filter form sends every field, filled or not; the address keeps only those used.
    if _has_empty_parameters(request):
        query = _query_without(request)
        return redirect(f"{request.path}?{query}" if query else request.path)
    return _history_page(request, _filterset(request))


def table_page(performances, count, number):
    """The history table's page `number` of `performances`, whose `count` the report gives,
    each row with its type and level as shown."""
    paginator = Paginator(performances.values(*TABLE_FIELDS), PER_PAGE)
    paginator.count = count
    page = paginator.get_page(number)
    for row in page.object_list:
        row["interview_type_label"] = type_label(row["interview_type"])
        row["experience_level_label"] = type_label(row["experience_level"], ExperienceLevel)
    return page


def _history_page(request, filterset, status=200):
    report, count = filtered_report(filterset, days=True)
    excluded = report["summary"]["excluded"]

    # The report has counted the filtered set, excluded interviews included; no second
    # COUNT query.
    page = table_page(filterset.qs, count + excluded, request.GET.get("page"))

    context = {
        "filter": filterset,
        "page": page,
        "query": _query_without(request, "page"),
        "problems": _problems(filterset, request, page),
        "filtered": any(value for key, value in request.GET.items() if key not in ("page", "sort")),
        "active_filters": sum(1 for name in NARROWING if request.GET.get(name)),
        "report": report,
        "excluded": excluded,
        "chart_data": chart_data(report),
        "display": report_display(report),
        # The filtered report's days: the calendar follows the filters.
        "calendar": activity.calendar(report["activity"], timezone.localdate()),
    }
    return render(request, "performance/history.html", context, status=status)


@require_GET
def detail(request: HttpRequest, pk) -> HttpResponse:
    performance = get_object_or_404(Performance.objects.for_user(request.user), pk=pk)
    # The questions of a practice session, shown with their answers.
    interview = (
        Interview.objects.for_user(request.user)
        .filter(pk=performance.interview_id)
        .order_by()  # one document by _id: no sort
        .first()
    )
    context = {
        "performance": performance,
        "interview": interview,
        **review_context(interview, performance),
        "comparison": comparison(performance, interview),
    }
    return render(request, "performance/detail.html", context)


@require_GET
def export(request: HttpRequest) -> HttpResponse:
    """The filter form's other submit button: the CSV of the interviews its fields select,
    applied or not. Invalid fields export nothing; the page comes back with their errors."""
    filterset = _filterset(request)
    if not filterset.is_valid():
        # Exporting another set than the one asked for would mislead.
        messages.error(request, "Nothing was exported: correct the filters first.")
        return _history_page(request, filterset, status=400)
    return csv_response(filterset.qs)


@require_POST
def exclusion(request: HttpRequest, pk, excluded: bool) -> HttpResponse:
    """Exclude the interview from the analytics or count it again, then go back to the page
    the button was on (`next`, on this site), else to the interview's details."""
    performance = get_object_or_404(Performance.objects.for_user(request.user), pk=pk)
    performance_set_excluded(performance=performance, excluded=excluded)
    name = f"{performance.job_title} at {performance.company_name}"
    if excluded:
        messages.success(
            request, f"“{name}” is excluded from your stats; include it again at any time."
        )
    else:
        messages.success(request, f"“{name}” counts in your stats again.")
    back = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(back)
    return redirect("performance:detail", pk=performance.pk)
