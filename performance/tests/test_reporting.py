"""The cached analytics report: every write of a performance shows at once, and a cached
report costs the same few queries however long the history is."""

import csv
import datetime
import io
import random
import zoneinfo

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.models import ApiToken
from interviewprep.db import IS_MONGODB
from interviewprep.testing import admin_change_url, admin_interview_form
from interviews.choices import Status
from interviews.demo import build_history
from interviews.models import Interview
from interviews.services import (
    HistoryRecord,
    interview_delete,
    interview_save_results,
    interview_update_results,
    interviews_import,
    performances_delete,
    user_data_delete,
)
from interviews.tests.factories import InterviewFactory, results
from interviews.validation import clean_performance
from performance import analytics
from performance.export import stream_csv
from performance.filters import PerformanceFilter
from performance.models import Performance
from performance.reporting import filtered_report, report_rows
from performance.tests.factories import PerformanceFactory

pytestmark = pytest.mark.django_db

PAGE = reverse("performance:history")
STATS = "/api/performance-stats"
NOW = datetime.datetime(2026, 3, 10, 12, 0, tzinfo=datetime.UTC)


def summary(client):
    """The performance page's summary: what a person reads at the top of it."""
    response = client.get(PAGE)
    assert response.status_code == 200
    return response.context["report"]["summary"]


def companies(client):
    return [row["company_name"] for row in client.get(PAGE).context["report"]["companies"]]


@pytest.fixture
def history(user):
    """Two performances of `user`, scored 60 and 80."""
    return [
        PerformanceFactory(user=user, score=60, completed_at=NOW - datetime.timedelta(days=2)),
        PerformanceFactory(user=user, score=80, completed_at=NOW - datetime.timedelta(days=1)),
    ]


@pytest.fixture
def seen(client_for, user, history):
    """A logged-in client whose page has cached the report of `history`."""
    client = client_for(user)
    assert (summary(client)["count"], summary(client)["average_score"]) == (2, 70)
    return client


def test_a_completed_interview_is_in_the_report_at_once(seen, user, history):
    interview = InterviewFactory(user=user)
    interview_save_results(interview=interview, data=results(score=90))

    assert (summary(seen)["count"], summary(seen)["latest_score"]) == (3, 90)


def test_corrected_results_are_in_the_report_at_once(seen, history):
    interview = history[0].interview
    interview_update_results(interview=interview, data=results(score=100))

    assert summary(seen)["average_score"] == 90


def test_a_deleted_interview_leaves_the_report_at_once(seen, history):
    interview_delete(interview=history[0].interview)

    assert (summary(seen)["count"], summary(seen)["average_score"]) == (1, 80)


def test_a_deleted_performance_leaves_the_report_and_its_interview_reopens(seen, history):
    performances_delete(pks=[history[1].pk])

    assert (summary(seen)["count"], summary(seen)["latest_score"]) == (1, 60)
    assert Interview.objects.get(pk=history[1].interview_id).status == Status.IN_PROGRESS


def test_imported_interviews_are_in_the_report_at_once(seen, user, history):
    record = HistoryRecord(
        interview={
            "job_title": "Data Engineer",
            "company_name": "Initech",
            "interview_type": "technical",
            "experience_level": "mid",
            "status": Status.COMPLETED,
            "created_at": NOW,
        },
        results=clean_performance(results(score=30)),
        completed_at=NOW,
    )
    interviews_import(user=user, records=[record])

    assert (summary(seen)["count"], summary(seen)["latest_score"]) == (3, 30)


def test_erasing_a_persons_data_empties_their_report_at_once(seen, user, history):
    user_data_delete(user=user)

    assert summary(seen)["count"] == 0


def test_a_performance_edited_in_the_admin_is_in_the_report_at_once(seen, admin_client, history):
    performance = history[0]
    response = admin_client.post(
        admin_change_url(Performance, performance.pk),
        {
            "total_questions": 10,
            "correct_answers": 7,
            "score": 100,
            "time_spent": 45,
            "overall": "Better than last time.",
            "strengths": "Clear communication",
            "improvements": "",
            "recommendations": "",
            "round_results": "technical, 82.5, 6, 6, 30",
            "_save": "Save",
        },
    )

    assert response.status_code == 302
    assert summary(seen)["average_score"] == 90


def test_an_interview_edited_in_the_admin_changes_the_report_at_once(seen, admin_client, history):
    interview = history[0].interview
    response = admin_client.post(
        admin_change_url(Interview, interview.pk),
        admin_interview_form(interview, company_name="Cobalt Payments"),
    )

    assert response.status_code == 302
    assert sorted(companies(seen)) == ["Acme", "Cobalt Payments"]


def test_an_interview_moved_to_another_person_moves_in_both_reports_at_once(
    seen, admin_client, client_for, history, other_user
):
    other = client_for(other_user)
    assert summary(other)["count"] == 0
    interview = history[0].interview

    form = admin_interview_form(interview, user=other_user.pk)
    admin_client.post(admin_change_url(Interview, interview.pk), form)

    assert (summary(other)["count"], summary(other)["latest_score"]) == (1, 60)
    seen.force_login(history[1].user)
    assert (summary(seen)["count"], summary(seen)["latest_score"]) == (1, 80)


def test_copies_repaired_by_check_integrity_are_in_the_report_at_once(seen, history):
    # An interview changed behind the app's back: its performance keeps the old company.
    Interview.objects.filter(pk=history[0].interview_id).update(company_name="Globex")
    assert companies(seen) == ["Acme"]

    call_command("check_integrity", "--fix", stdout=None)

    assert sorted(companies(seen)) == ["Acme", "Globex"]


def test_a_change_to_another_persons_history_keeps_this_report_cached(
    seen, other_user, django_assert_num_queries
):
    with CaptureQueriesContext(connection) as warm:
        seen.get(PAGE)
    PerformanceFactory(user=other_user, score=10)

    with django_assert_num_queries(len(warm)):
        assert summary(seen)["count"] == 2


def stats_client(user):
    _token, key = ApiToken.issue(user=user, name="Test script")
    return Client(headers={"Authorization": f"Bearer {key}"})


@pytest.mark.parametrize(
    "url", [reverse("dashboard:index"), PAGE, STATS], ids=["dashboard", "page", "stats API"]
)
def test_cached_reports_cost_the_same_queries_with_3_or_40_performances(
    client_for, user, django_assert_num_queries, url
):
    client = stats_client(user) if url == STATS else client_for(user)
    PerformanceFactory.create_batch(2, user=user, completed_at=NOW)
    client.get(url)  # once-a-visit writes (the token's last use) out of the way
    # Computed after a change: the month it falls in is coded again, the others are read.
    PerformanceFactory(user=user, completed_at=NOW)
    with CaptureQueriesContext(connection) as cold_few:
        assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as warm_few:
        client.get(url)
    # Warm, the history is not read at all: fewer queries than when it is computed.
    assert len(warm_few) < len(cold_few)

    PerformanceFactory.create_batch(37, user=user, completed_at=NOW)

    with django_assert_num_queries(len(cold_few)):
        response = client.get(url)
    with django_assert_num_queries(len(warm_few)):
        client.get(url)
    assert response.status_code == 200
    if url == STATS:
        assert response.json()["count"] == 40


# The report over the rows as report_rows() reads them (the stored documents decoded
# directly) equals the report over the rows as the ORM reads them (typed values).


def orm_rows(performances):
    rows = list(performances.order_by("completed_at", "pk").values(*analytics.ROW_FIELDS))
    for row in rows:
        row["feedback"] = row["feedback"].to_document()
        row["round_results"] = [item.to_document() for item in row["round_results"]]
    return rows


@pytest.fixture
def varied_history(user, other_user):
    """Sixty interviews of several types, levels, companies and feedback, over months."""
    for person, seed in ((user, 1), (other_user, 2)):
        records = build_history(count=60, now=NOW, rng=random.Random(seed))
        interviews_import(user=person, records=records)
    return Performance.objects.for_user(user)


def test_the_report_read_from_the_stored_documents_equals_the_typed_one(
    varied_history, user, client_for, site_zone
):
    everything = PerformanceFilter({}, queryset=varied_history, user=user)
    report, count = filtered_report(everything, days=True)

    expected = analytics.report(orm_rows(varied_history), site_zone)
    expected["summary"]["excluded"] = 0  # the matches left out of the figures: none here
    assert report == expected
    assert count == 60
    assert client_for(user).get(PAGE).context["report"]["summary"] == report["summary"]


@pytest.mark.parametrize(
    "filters",
    [{"interview_type": "technical"}, {"company": "helio health", "q": "dynamic"}],
    ids=["type", "company and search"],
)
def test_filtered_reports_equal_the_typed_ones(varied_history, user, filters):
    filterset = PerformanceFilter(filters, queryset=varied_history, user=user)
    expected = analytics.report(orm_rows(filterset.qs))
    expected["summary"]["excluded"] = 0

    assert 0 < expected["summary"]["count"] < 60
    assert filtered_report(filterset, days=True) == (expected, expected["summary"]["count"])


def test_the_days_are_given_only_when_asked_for_and_read_apart(varied_history, user, monkeypatch):
    """The dashboard's and the stats API's read does not carry every day of the history;
    days lost from the cache alone are computed again with the report."""
    everything = PerformanceFilter({}, queryset=varied_history, user=user)
    full, _count = filtered_report(everything, days=True)

    without, _count = filtered_report(everything)
    assert "activity" not in without
    assert without == {name: value for name, value in full.items() if name != "activity"}

    read = cache.get_many
    evicted = []

    def without_days(keys):
        found = read(keys)
        evicted.extend(key for key in keys if key.endswith(":days"))
        return {key: value for key, value in found.items() if not key.endswith(":days")}

    monkeypatch.setattr(cache, "get_many", without_days)
    again, _count = filtered_report(everything, days=True)
    assert evicted
    assert again == full


def test_malformed_stored_documents_give_the_figures_of_the_typed_values(user):
    performances = [PerformanceFactory(user=user, score=score) for score in (50, 60, 70)]
    # Written past the validation, as an old import or a hand edit of the database might.
    stored = [
        (
            {"overall": 5, "strengths": "not a list", "improvements": [3, " Time management. "]},
            [{"roundType": None, "score": 40}, "not a round", {"totalQuestions": 4}],
        ),
        ({"recommendations": [None, "Practise"]}, {"not": "a list"}),
        ("not a document", [{"roundType": "dsa", "score": 55.5, "questionsAnswered": 2}]),
    ]
    for performance, (feedback, rounds) in zip(performances, stored, strict=True):
        Performance.objects.filter(pk=performance.pk).update(
            feedback=feedback, round_results=rounds
        )
    history = Performance.objects.for_user(user)

    report = analytics.report(report_rows(history))

    assert report == analytics.report(orm_rows(history))
    assert report["rounds"]["by_type"]["unknown"]["rounds"] == 2
    assert report["next_steps"]["recommendations"] == []


# The fast readers (report_rows() and the CSV export read the time and the documents as
# stored) give what the ORM gives, for any time of day, fraction of a second and history.

STORED_MOMENTS = st.datetimes(
    min_value=datetime.datetime(2001, 1, 1),
    max_value=datetime.datetime(2099, 12, 31),
    timezones=st.just(datetime.UTC),
)


@settings(
    max_examples=15,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(moments=st.lists(STORED_MOMENTS, min_size=1, max_size=8), seed=st.integers(0, 10**6))
def test_the_fast_readers_read_every_time_and_document_as_the_orm_does(
    user, site_zone, moments, seed
):
    Performance.objects.filter(user=user).delete()
    interviews_import(
        user=user, records=build_history(count=len(moments), now=NOW, rng=random.Random(seed))
    )
    performances = Performance.objects.for_user(user)
    for pk, moment in zip(performances.values_list("pk", flat=True), moments, strict=True):
        Performance.objects.filter(pk=pk).update(completed_at=moment)

    expected = orm_rows(performances)
    assert report_rows(performances) == expected
    assert analytics.report(report_rows(performances), site_zone) == analytics.report(
        expected, site_zone
    )
    exported = csv.DictReader(io.StringIO(b"".join(stream_csv(performances)).decode("utf-8-sig")))
    zone = zoneinfo.ZoneInfo(django_settings.TIME_ZONE)
    by_id = {str(row["id"]): row for row in expected}
    for line in exported:
        row = by_id[line["_id"]]
        moment = row["completed_at"].astimezone(zone).isoformat(" ", "seconds")[:19]
        assert line[f"completedAt ({django_settings.TIME_ZONE})"] == moment
        assert line["feedback.overall"] == row["feedback"]["overall"]
        assert line["round1.score"] == (
            f"{row['round_results'][0]['score']:.15g}" if row["round_results"] else ""
        )


@pytest.mark.skipif(IS_MONGODB, reason="MongoDB hands over documents, not their JSON text")
def test_a_stored_document_only_pythons_decoder_reads_is_still_reported(
    user, client_for, site_zone
):
    kept, odd = PerformanceFactory.create_batch(2, user=user, round_results=[])
    # A number past a double's range: valid JSON that Python reads as infinity.
    odd_rounds = (
        '[{"roundType": "technical", "score": 1e999, "questionsAnswered": 1, '
        '"totalQuestions": 2, "timeSpent": 5.0}]'
    )
    with connection.cursor() as cursor:
        cursor.execute(
            'UPDATE performances SET "roundResults" = %s WHERE id = %s', [odd_rounds, odd.pk]
        )

    rows = report_rows(Performance.objects.for_user(user))

    assert {row["id"] for row in rows} == {kept.pk, odd.pk}
    technical = analytics.report(rows, site_zone)["rounds"]["by_type"]["technical"]
    assert (technical["rounds"], technical["average_score"]) == (1, None)
    assert client_for(user).get(PAGE).status_code == 200
