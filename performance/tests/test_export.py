"""The CSV export: its content, its filters and its defence against spreadsheet formulas."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from interviewprep.testing import element_text, messages_shown, select, select_one
from interviews.documents import RoundResult
from interviews.tests.factories import results
from interviews.validation import clean_performance
from performance.export import HEADER, neutralise
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


@pytest.mark.usefixtures("site_zone")
def test_the_export_is_a_dated_utf8_csv_with_a_byte_order_mark(client_for, user):
    PerformanceFactory(user=user)

    response, body = download(client_for(user))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="performance-{today}.csv"'
    header = next(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert header == HEADER


def test_every_field_of_the_specification_is_exported(client_for, user, settings):
    settings.TIME_ZONE = "Europe/Paris"
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
        completed_at=datetime.datetime(2026, 3, 1, 23, 30, tzinfo=datetime.UTC),
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
        "completedAt": "2026-03-02T00:30:00+01:00",
        "totalQuestions": "12",
        "correctAnswers": "9",
        "score": "72.5",
        "timeSpent": "45",
        "feedback.overall": "Good, with gaps.",
        "feedback.strengths": "Clear communication; Café-level calm",
        "feedback.improvements": "Time management",
        "feedback.recommendations": "Practise timed problems; Review DP",
        # The factory's technical round (70, 5 of 6, 25 min) and this one (80, 3 of 4, 15 min).
        "roundResults.technical": "2 rounds, average score 75.0, 8/10 answered, 40 min",
        "roundResults.behavioral": "1 round, average score 80.0, 4/4 answered, 20 min",
        "roundResults.mixed": "",
        "roundResults.dsa": "",
    }


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
