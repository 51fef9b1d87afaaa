"""A person's history kept coded a month at a time (HistoryMonth): the report read from the
months is the report over the stored documents after every kind of write (test_reporting.py
shows each on the page too, an edit in the admin among them), and a month coded from an
older state is never stored over a newer one."""

import datetime
import io
import json
import random
import zoneinfo

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from interviewprep.testing import admin_change_url, admin_interview_form
from interviews.demo import build_history
from interviews.models import Interview
from interviews.services import (
    interview_delete,
    interview_save_results,
    interview_update_results,
    interviews_import,
    performance_set_excluded,
    performances_delete,
    user_data_delete,
)
from interviews.tests.factories import InterviewFactory, results
from performance import analytics
from performance.models import HistoryMonth, Performance, month_of
from performance.reporting import coded_history, report_rows
from performance.tests.factories import PerformanceFactory

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 3, 10, 12, 0, tzinfo=datetime.UTC)
ZONES = [
    datetime.UTC,
    zoneinfo.ZoneInfo("Asia/Tokyo"),
    zoneinfo.ZoneInfo("America/Los_Angeles"),
]


def months_report(user, zone):
    blocks, excluded = coded_history(user)
    return analytics.coded_report(blocks, zone), excluded


def assert_months_match_the_documents(user):
    """The report from the months equals the report over the documents, in three zones;
    the first reading codes the months that changed, the others read them as stored."""
    performances = Performance.objects.filter(user=user)
    for zone in ZONES:
        report, excluded = months_report(user, zone)
        assert report == analytics.report(report_rows(performances.counted()), zone)
        assert excluded == performances.filter(excluded=True).count()
    assert not HistoryMonth.objects.filter(user=user, figures="").exists()
    months = {month_of(moment) for moment in performances.values_list("completed_at", flat=True)}
    assert months <= set(HistoryMonth.objects.filter(user=user).values_list("month", flat=True))


@pytest.fixture
def history(user):
    """Thirty completed interviews of `user` over six months, imported, and read once so
    that every month is stored coded."""
    records = list(build_history(count=30, now=NOW, rng=random.Random(5)))
    interviews_import(user=user, records=records)
    assert_months_match_the_documents(user)
    performances = list(Performance.objects.filter(user=user).order_by("completed_at"))
    assert len({month_of(p.completed_at) for p in performances}) >= 4
    return performances


def test_a_completed_interview_is_coded_in_its_month(user, history):
    interview = InterviewFactory(user=user)
    interview_save_results(interview=interview, data=results(score=91), completed_at=NOW)

    assert_months_match_the_documents(user)
    assert months_report(user, datetime.UTC)[0]["summary"]["latest_score"] == 91


def test_corrected_results_of_an_old_interview_are_coded_again(user, history):
    oldest = history[0]
    corrected = results(score=3, feedback={"strengths": [], "improvements": ["Pacing"]})
    interview_update_results(interview=oldest.interview, data=corrected)

    assert_months_match_the_documents(user)


def test_an_excluded_interview_leaves_the_figures_and_comes_back(user, history):
    performance = history[len(history) // 2]
    performance_set_excluded(performance=performance, excluded=True)
    assert_months_match_the_documents(user)
    assert months_report(user, datetime.UTC)[1] == 1

    performance_set_excluded(performance=performance, excluded=False)
    assert_months_match_the_documents(user)
    assert months_report(user, datetime.UTC)[1] == 0


def test_deleted_interviews_and_performances_leave_their_months(user, history):
    interview_delete(interview=history[0].interview)
    performances_delete(pks=[history[-1].pk])

    assert_months_match_the_documents(user)
    assert months_report(user, datetime.UTC)[0]["summary"]["count"] == len(history) - 2


def test_a_completion_time_moved_to_another_month_leaves_the_first(user, history):
    performance = history[0]
    moved = performance.completed_at + datetime.timedelta(days=75)
    assert month_of(moved) != month_of(performance.completed_at)
    # Changed behind the app's back on the interview; check_integrity copies it over.
    Interview.objects.filter(pk=performance.interview_id).update(completed_at=moved)

    call_command("check_integrity", "--fix", stdout=None)

    performance.refresh_from_db()
    assert performance.completed_at == moved
    assert_months_match_the_documents(user)


def test_an_interview_moved_to_another_person_moves_between_their_months(
    admin_client, user, other_user, history
):
    interview = history[3].interview
    form = admin_interview_form(interview, user=other_user.pk)
    response = admin_client.post(admin_change_url(Interview, interview.pk), form)

    assert response.status_code == 302
    assert_months_match_the_documents(user)
    assert_months_match_the_documents(other_user)
    assert months_report(other_user, datetime.UTC)[0]["summary"]["count"] == 1


def test_copies_repaired_by_check_integrity_are_coded_again(user, history):
    Interview.objects.filter(pk=history[5].interview_id).update(company_name="Globex Renamed")

    call_command("check_integrity", "--fix", stdout=None)

    assert_months_match_the_documents(user)
    companies = months_report(user, datetime.UTC)[0]["companies"]
    assert "Globex Renamed" in [company["company_name"] for company in companies]


def test_erasing_a_persons_data_leaves_no_month(user, history):
    user_data_delete(user=user)

    assert months_report(user, datetime.UTC)[0]["summary"]["count"] == 0
    assert not HistoryMonth.objects.filter(user=user).exists()


def test_performances_written_without_counting_are_found_and_every_month_coded(user, history):
    # As before months were kept, or written by hand: no month knows of these.
    HistoryMonth.objects.filter(user=user, month=month_of(history[0].completed_at)).delete()
    extra = InterviewFactory(user=user, completed_at=NOW - datetime.timedelta(days=400))
    Performance.objects.bulk_create(
        [
            Performance(
                user=user,
                interview=extra,
                job_title="Written by hand",
                company_name="Initech",
                interview_type="technical",
                experience_level="mid",
                completed_at=NOW - datetime.timedelta(days=400),
                total_questions=5,
                correct_answers=1,
                score=12,
                time_spent=30,
            )
        ]
    )

    assert_months_match_the_documents(user)
    assert months_report(user, datetime.UTC)[0]["summary"]["count"] == len(history) + 1


def test_a_month_changed_while_it_is_coded_is_not_stored(user, history, monkeypatch):
    month = month_of(history[-1].completed_at)
    performance_set_excluded(performance=history[-1], excluded=True)
    # A change counted between the month's version being read and its figures being stored.
    real = report_rows

    def rows_then_a_change(performances):
        read = real(performances)
        HistoryMonth.objects.changed([(user.pk, history[-1].completed_at)])
        return read

    monkeypatch.setattr("performance.reporting.report_rows", rows_then_a_change)
    months_report(user, datetime.UTC)
    monkeypatch.undo()

    assert HistoryMonth.objects.get(user=user, month=month).figures == ""
    assert_months_match_the_documents(user)


def test_the_page_shows_the_figures_kept_in_months(user, history):
    client = Client()
    client.force_login(user)
    interview_update_results(interview=history[0].interview, data=results(score=0))

    report = client.get("/performance/").context["report"]

    performances = Performance.objects.filter(user=user).counted()
    expected = analytics.report(report_rows(performances), timezone.get_current_timezone())
    assert report["summary"] == {**expected["summary"], "excluded": 0}
    assert (report["patterns"], report["time"]) == (expected["patterns"], expected["time"])


def test_months_coded_the_old_way_are_coded_again(user, history):
    month = HistoryMonth.objects.filter(user=user).first()
    block = json.loads(month.figures)
    block["coding"] -= 1
    HistoryMonth.objects.filter(pk=month.pk).update(figures=json.dumps(block))

    assert_months_match_the_documents(user)
    assert json.loads(HistoryMonth.objects.get(pk=month.pk).figures)["coding"] == analytics.CODING


def test_a_filter_that_keeps_everything_gives_the_report_of_the_months(user, history, site_zone):
    client = Client()
    client.force_login(user)
    performance_set_excluded(performance=history[2], excluded=True)

    whole = client.get("/performance/").context["report"]
    filtered = client.get("/performance/", {"date_from": "2000-01-01"}).context["report"]

    assert whole["summary"]["excluded"] == 1
    assert whole == filtered


def test_the_command_codes_the_months_of_histories_written_without_them(
    user, other_user, history, monkeypatch
):
    # As after an upgrade from a version without months.
    HistoryMonth.objects.all().delete()
    PerformanceFactory(user=other_user)
    HistoryMonth.objects.filter(user=other_user).delete()
    out = io.StringIO()

    call_command("code_history_months", stdout=out)

    kept = HistoryMonth.objects.count()
    assert f"are up to date ({kept} months kept)" in out.getvalue()
    assert not HistoryMonth.objects.filter(figures="").exists()
    assert_months_match_the_documents(user)
    assert_months_match_the_documents(other_user)

    def coded_again(*args):
        raise AssertionError("a month up to date was coded again")

    monkeypatch.setattr("performance.reporting._code_month", coded_again)
    monkeypatch.setattr("performance.reporting._code_every_month", coded_again)
    call_command("code_history_months", stdout=io.StringIO())
