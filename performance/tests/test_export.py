"""The CSV export: its content, its filters and its defence against spreadsheet formulas."""

import csv
import datetime
import io
import os
import shutil
import subprocess
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import timezone

from interviewprep.testing import element_text, messages_shown, select, select_one
from interviews.documents import RoundResult
from interviews.tests.factories import results
from interviews.validation import FEEDBACK_FIELDS, MAX_ROUNDS, clean_performance
from performance.export import ROUND_COLUMNS, header, neutralise
from performance.models import Performance
from performance.tests.factories import PerformanceFactory

pytestmark = pytest.mark.django_db

URL = reverse("performance:export")


def download(client, params=None):
    response = client.get(URL, params or {})
    assert response.status_code == 200
    assert response.streaming
    body = b"".join(response.streaming_content)
    return response, body


def parse(body):
    assert body.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_export_is_a_dated_utf8_csv_with_a_byte_order_mark(client_for, user, site_zone):
    PerformanceFactory(user=user)  # two rounds

    response, body = download(client_for(user))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="performance-{today}.csv"'
    first_row = next(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert first_row == header(site_zone.key, 2)
    assert f"completedAt ({site_zone.key})" in first_row
    assert first_row[-10:] == [
        *("round1.type", "round1.score", "round1.answered", "round1.total", "round1.minutes"),
        *("round2.type", "round2.score", "round2.answered", "round2.total", "round2.minutes"),
    ]


# 23:30 UTC on 1 March, as the site's clock shows it.
COMPLETED_AT = datetime.datetime(2026, 3, 1, 23, 30, tzinfo=datetime.UTC)
LOCAL_COMPLETED_AT = {
    "UTC": "2026-03-01 23:30:00",
    "Asia/Tokyo": "2026-03-02 08:30:00",
    "America/Los_Angeles": "2026-03-01 15:30:00",
}


def test_every_field_of_the_specification_is_exported(client_for, user, site_zone):
    feedback = {
        "overall": "Good, with gaps.",
        "strengths": ["Clear communication", "Café-level calm"],
        "improvements": ["Time management"],
        "recommendations": ["Practise timed problems", "Review DP"],
    }
    rounds = [
        *clean_performance(results())["round_results"],
        RoundResult(
            round_type="technical", score=80, questions_answered=3, total_questions=4, time_spent=15
        ),
    ]
    performance = PerformanceFactory(
        user=user,
        job_title="Backend Engineer",
        company_name="Acme",
        interview_type="mixed",
        experience_level="senior",
        completed_at=COMPLETED_AT,
        total_questions=12,
        correct_answers=9,
        score=72.5,
        time_spent=45,
        feedback=feedback,
        round_results=rounds,
    )

    (row,) = parse(download(client_for(user))[1])

    assert row == {
        "_id": str(performance.pk),
        "userId": str(user.pk),
        "interviewId": str(performance.interview_id),
        "jobTitle": "Backend Engineer",
        "companyName": "Acme",
        "interviewType": "mixed",
        "experienceLevel": "senior",
        f"completedAt ({site_zone.key})": LOCAL_COMPLETED_AT[site_zone.key],
        "totalQuestions": "12",
        "correctAnswers": "9",
        "score": "72.5",
        "timeSpent": "45",
        "excluded": "false",
        "feedback.overall": "Good, with gaps.",
        "feedback.strengths": "Clear communication; Café-level calm",
        "feedback.improvements": "Time management",
        "feedback.recommendations": "Practise timed problems; Review DP",
        # The factory's two rounds, then this one: two technical rounds, each on its own.
        "round1.type": "technical",
        "round1.score": "70",
        "round1.answered": "5",
        "round1.total": "6",
        "round1.minutes": "25",
        "round2.type": "behavioral",
        "round2.score": "80",
        "round2.answered": "4",
        "round2.total": "4",
        "round2.minutes": "20",
        "round3.type": "technical",
        "round3.score": "80",
        "round3.answered": "3",
        "round3.total": "4",
        "round3.minutes": "15",
    }


def rounds_of(*scores, round_type="technical"):
    return [
        RoundResult(
            round_type=round_type,
            score=score,
            questions_answered=2,
            total_questions=3,
            time_spent=10,
        )
        for score in scores
    ]


def round_groups(row):
    return sorted({name.split(".")[0] for name in row if name.startswith("round")})


def test_the_rounds_get_as_many_column_groups_as_the_longest_exported_performance(
    client_for, user, other_user
):
    PerformanceFactory(user=user, interview_type="technical", round_results=rounds_of(61))
    PerformanceFactory(user=user, interview_type="technical", round_results=[])
    PerformanceFactory(user=user, interview_type="dsa", round_results=rounds_of(1, 2, 3))
    PerformanceFactory(user=other_user, round_results=rounds_of(*range(1, 8)))
    client = client_for(user)

    everything = parse(download(client, {"sort": "oldest"})[1])
    technical = parse(download(client, {"interview_type": "technical", "sort": "oldest"})[1])

    assert round_groups(everything[0]) == ["round1", "round2", "round3"]
    assert [row["round3.score"] for row in everything] == ["", "", "3"]
    assert round_groups(technical[0]) == ["round1"]
    one_round, no_rounds = technical
    assert (one_round["round1.type"], one_round["round1.score"]) == ("technical", "61")
    assert [no_rounds[f"round1.{name}"] for name in ROUND_COLUMNS] == [""] * 5


def test_a_history_without_round_results_has_no_round_columns(client_for, user):
    PerformanceFactory(user=user, round_results=[])

    (row,) = parse(download(client_for(user))[1])

    assert round_groups(row) == []
    assert list(row)[-1] == "feedback.recommendations"


def test_round_results_edited_by_hand_give_one_column_group_per_entry(client_for, user):
    # The header counts every entry of the longest list, an entry that is no round included
    # (the rounds after it move up, the last group stays empty); round results that are no
    # list count as none; and no file gets more groups than the rule allows.
    malformed = PerformanceFactory(user=user, completed_at=timezone.now())
    no_list = PerformanceFactory(user=user, completed_at=timezone.now())
    Performance.objects.filter(pk=malformed.pk).update(
        round_results=["not a round", {"roundType": "dsa", "score": 70.0}]
    )
    Performance.objects.filter(pk=no_list.pk).update(round_results={"roundType": "dsa"})

    rows = parse(download(client_for(user), {"sort": "oldest"})[1])

    assert round_groups(rows[0]) == ["round1", "round2"]
    assert [rows[0][f"round{number}.type"] for number in (1, 2)] == ["dsa", ""]
    assert [rows[1][f"round{number}.type"] for number in (1, 2)] == ["", ""]

    Performance.objects.filter(pk=no_list.pk).update(round_results=rounds_of(*[50] * 105))
    rows = parse(download(client_for(user), {"sort": "oldest"})[1])
    assert len(round_groups(rows[0])) == MAX_ROUNDS


def test_round_values_edited_by_hand_come_out_as_text_or_empty(client_for, user):
    performance = PerformanceFactory(user=user)
    stored = {"roundType": "=1+2", "score": "-5", "questionsAnswered": None, "totalQuestions": 4}
    Performance.objects.filter(pk=performance.pk).update(round_results=[stored])

    (row,) = parse(download(client_for(user))[1])

    assert [row[f"round1.{name}"] for name in ROUND_COLUMNS] == ["'=1+2", "'-5", "", "4", ""]


def test_feedback_edited_by_hand_comes_out_as_text_or_empty(client_for, user):
    edited, no_document = PerformanceFactory.create_batch(2, user=user)
    Performance.objects.filter(pk=edited.pk).update(
        feedback={
            "overall": 5,
            "strengths": 3,
            "improvements": [2.5, "=x"],
            "recommendations": None,
        }
    )
    Performance.objects.filter(pk=no_document.pk).update(feedback="not a document")

    rows = {row["_id"]: row for row in parse(download(client_for(user))[1])}

    columns = [f"feedback.{name}" for name in FEEDBACK_FIELDS]
    assert [rows[str(edited.pk)][column] for column in columns] == ["5", "3", "2.5; =x", ""]
    assert [rows[str(no_document.pk)][column] for column in columns] == ["", "", "", ""]


def test_the_export_holds_the_same_rows_as_the_filtered_table(client_for, user, other_user):
    now = timezone.now()
    for day in range(6):
        PerformanceFactory(
            user=user,
            interview_type="dsa" if day % 2 else "technical",
            company_name="Acme" if day < 4 else "Globex",
            completed_at=now - datetime.timedelta(days=day),
        )
    PerformanceFactory(user=other_user, interview_type="dsa", company_name="Acme")
    client = client_for(user)
    params = {"interview_type": "dsa", "company": "acme", "sort": "oldest"}

    page = client.get(reverse("performance:history"), params)
    rows = parse(download(client, params)[1])

    table = [str(row["id"]) for row in page.context["page"].object_list]
    assert [row["_id"] for row in rows] == table
    assert len(rows) == 2
    assert {row["userId"] for row in rows} == {str(user.pk)}


def test_a_search_narrows_the_export(client_for, user):
    feedback = results()["feedback"] | {"improvements": ["Précision des réponses"]}
    wanted = PerformanceFactory(user=user, feedback=feedback)
    PerformanceFactory(user=user)

    rows = parse(download(client_for(user), {"q": "précision"})[1])

    assert [row["_id"] for row in rows] == [str(wanted.pk)]


def test_cells_a_spreadsheet_would_run_as_formulas_come_out_as_text(client_for, user):
    feedback = results()["feedback"] | {
        "overall": "-2+3",
        "strengths": ["@SUM(A1:A2)"],
        "improvements": ["\tTabbed"],
        "recommendations": ["\rReturn", "fine"],
    }
    PerformanceFactory(
        user=user,
        company_name='=HYPERLINK("http://x","y")',
        job_title="+cmd",
        feedback=feedback,
    )

    (row,) = parse(download(client_for(user))[1])

    assert row["companyName"] == '\'=HYPERLINK("http://x","y")'
    assert row["jobTitle"] == "'+cmd"
    assert row["feedback.overall"] == "'-2+3"
    assert row["feedback.strengths"] == "'@SUM(A1:A2)"
    assert row["feedback.improvements"] == "'\tTabbed"
    assert row["feedback.recommendations"].startswith("'\r")
    assert row["score"] == "72.5"  # numbers are left alone


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@A1", "'@A1"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Acme = good", "Acme = good"),
        ("", ""),
    ],
)
def test_neutralising_prefixes_only_formula_starts(text, expected):
    assert neutralise(text) == expected


def test_invalid_filters_export_nothing_and_show_the_page_with_their_errors(client_for, user):
    PerformanceFactory(user=user)
    client = client_for(user)

    response = client.get(URL, {"date_from": "2026-02-31", "interview_type": "dsa"})

    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert "Content-Disposition" not in response
    assert messages_shown(response) == ["Nothing was exported: correct the filters first."]
    assert element_text(response, "id_date_from_error") == "Enter a valid date."
    # The form keeps what was asked for, ready to be corrected.
    form = response.context["filter"].form
    assert (form["date_from"].value(), form["interview_type"].value()) == ("2026-02-31", "dsa")


def test_an_expired_session_asks_to_log_in_again_instead_of_exporting(client):
    response = client.get(URL, {"interview_type": "dsa"})

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={URL}%3Finterview_type%3Ddsa"


def test_the_export_sends_the_filter_forms_fields_whether_applied_or_not(client_for, user):
    PerformanceFactory(user=user, interview_type="dsa", job_title="Solver")
    PerformanceFactory(user=user, interview_type="technical", job_title="Builder")
    client = client_for(user)

    # The page as loaded, with no filter applied, then its form submitted by "Export CSV"
    # after a type was chosen: the form's fields are the export's query.
    page = client.get(reverse("performance:history"))
    form = select_one(page, "form[aria-label='Filter interviews']")
    button = select_one(form, "button[formaction]")
    assert button.text == "Export CSV"
    assert "download" not in button.attrs
    rows = parse(download(client, {"interview_type": "dsa", "sort": "newest"})[1])

    assert [row["jobTitle"] for row in rows] == ["Solver"]


def test_an_empty_export_still_has_its_header(client_for, user):
    rows = parse(download(client_for(user))[1])

    assert rows == []


def test_the_history_offers_the_export_as_a_button_of_the_filter_form(client_for, user):
    PerformanceFactory(user=user)

    page = client_for(user).get(reverse("performance:history"), {"sort": "oldest"})

    form = select_one(page, "form[aria-label='Filter interviews']")
    assert form.attrs["method"] == "get"
    export = select_one(form, f'button[type=submit][formaction="{URL}"]')
    assert export.text == "Export CSV"
    assert not select(page, "[download]")


def spreadsheet(body, folder):
    """The first sheet of the CSV as LibreOffice Calc opens it (comma-separated, UTF-8),
    saved as xlsx and read back with openpyxl."""
    soffice = shutil.which("soffice")
    if soffice is None:
        # As the browser tests and Chromium: CI installs LibreOffice (.ci/run).
        if os.environ.get("CI"):
            pytest.fail("soffice (LibreOffice) is missing in CI")
        pytest.skip("SKIPPED: soffice is not installed (apt-get install libreoffice-calc-nogui)")
    openpyxl = pytest.importorskip("openpyxl")
    source = folder / "performance.csv"
    source.write_bytes(body)
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--infilter=CSV:44,34,76,1",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(folder),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return openpyxl.load_workbook(folder / "performance.xlsx").active


def test_a_spreadsheet_reads_completed_at_as_local_dates_and_each_round_as_numbers(
    client_for, user, tmp_path, settings
):
    # One zone west of UTC, where 23:30 UTC is still the afternoon before.
    settings.TIME_ZONE = "America/Los_Angeles"
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    moments = [COMPLETED_AT, COMPLETED_AT + datetime.timedelta(days=40, minutes=5)]
    for moment in moments:
        PerformanceFactory(user=user, completed_at=moment, round_results=rounds_of(55, 65.5))

    sheet = spreadsheet(download(client_for(user), {"sort": "oldest"})[1], tmp_path)

    names, *rows = sheet.iter_rows()
    names = [cell.value for cell in names]
    dates = [row[names.index("completedAt (America/Los_Angeles)")] for row in rows]
    assert [cell.is_date for cell in dates] == [True, True]
    assert [cell.value for cell in dates] == [
        moment.astimezone(zone).replace(tzinfo=None) for moment in moments
    ]
    assert [cell.value for cell in dates] == [
        datetime.datetime(2026, 3, 1, 15, 30),
        datetime.datetime(2026, 4, 10, 16, 35),  # summer time by then
    ]
    scores = [row[names.index("round2.score")] for row in rows]
    assert [cell.value for cell in scores] == [65.5, 65.5]
