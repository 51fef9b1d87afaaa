import pytest
from django.contrib import admin
from django.db import connection
from django.templatetags.static import static
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from accounts.models import ApiToken
from interviewprep.db import IS_MONGODB
from interviewprep.testing import admin_change_url, select_one, texts
from interviews.choices import Status
from interviews.models import Interview
from interviews.tests.factories import InterviewFactory, QuestionFactory, UserFactory
from performance.models import Performance
from performance.tests.factories import PerformanceFactory

pytestmark = pytest.mark.django_db

INTERVIEWS = reverse("admin:interviews_interview_changelist")
PERFORMANCES = reverse("admin:performance_performance_changelist")
LISTS = [INTERVIEWS, PERFORMANCES]


def interview_change(pk):
    return admin_change_url(Interview, pk)


def performance_change(pk):
    return admin_change_url(Performance, pk)


def list_queries(client, url, params=None):
    """The queries one visit of an admin list sends, as the database log shows them."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return [query["sql"] for query in captured.captured_queries]


def joins(query):
    """Whether a logged query joins another table or collection, or reads one by an
    expression that no index serves (an `$in` inside `$expr` on MongoDB)."""
    if IS_MONGODB:
        return "'$lookup'" in query or "'$expr': {'$in'" in query
    return " JOIN " in query


@pytest.mark.parametrize("url", LISTS)
def test_each_list_costs_the_same_queries_for_3_rows_as_for_30(admin_client, url):
    PerformanceFactory.create_batch(3)
    list_queries(admin_client, url)  # the first visit of a session may read more
    few = len(list_queries(admin_client, url))
    PerformanceFactory.create_batch(27)

    assert len(list_queries(admin_client, url)) == few
    assert admin_client.get(url).context["cl"].result_count == 30


@pytest.mark.parametrize("url", LISTS)
@pytest.mark.parametrize(
    "params",
    [{}, {"q": "alice engineer"}, {"interview_type__exact": "dsa"}, {"o": "1"}, {"p": "2"}],
)
def test_no_list_joins_another_table_to_page_through_its_rows(admin_client, url, params):
    # A join (a `$lookup` on MongoDB) runs on every row of the table before the page is
    # cut, so the list would slow down with everyone's data.
    alice = UserFactory(username="alice")
    PerformanceFactory(user=alice, job_title="Platform Engineer", interview_type="dsa")
    PerformanceFactory.create_batch(2)

    queries = list_queries(admin_client, url, params)

    assert [query for query in queries if joins(query)] == []


@pytest.mark.parametrize(("model", "url"), [(Interview, INTERVIEWS), (Performance, PERFORMANCES)])
def test_each_list_reads_its_page_newest_first_by_primary_key_which_an_index_serves(
    admin_client, monkeypatch, model, url
):
    monkeypatch.setattr(admin.site._registry[model], "list_per_page", 2)
    PerformanceFactory.create_batch(3)

    queries = list_queries(admin_client, url)

    table = model._meta.db_table
    if IS_MONGODB:  # the sort opens the pipeline, where the `_id` index can serve it
        page = f"db.{table}.aggregate([{{'$sort': SON([('_id', -1)])}}, {{'$limit': 2}}])"
    else:
        page = f'FROM "{table}" ORDER BY "{table}"."id" DESC LIMIT 2'
    assert [query for query in queries if page in query] != []


def test_the_interview_list_shows_owners_and_performances_read_with_the_page(admin_client):
    performance = PerformanceFactory(user=UserFactory(username="alice"))
    InterviewFactory(user=UserFactory(username="bob"))

    response = admin_client.get(INTERVIEWS)

    assert sorted(texts(response, "td.field-user")) == ["alice", "bob"]
    link = f'td.field-performance_link a[href="{performance_change(performance.pk)}"]'
    assert texts(response, link) == [f"Score {performance.score:g}"]


def test_searching_finds_job_titles_companies_and_usernames(admin_client):
    alice = UserFactory(username="alice")
    InterviewFactory(user=alice, job_title="Platform Engineer", company_name="Northwind")
    InterviewFactory(job_title="Data Scientist", company_name="Bluefin")

    def found(query):
        response = admin_client.get(INTERVIEWS, {"q": query})
        assert response.status_code == 200
        return response.context["cl"].result_count

    assert found("platform") == 1
    assert found("bluefin") == 1
    assert found("alice") == 1
    assert found("engineer") == 1
    assert found("nothing like this") == 0


def test_filters_and_date_lookups_narrow_the_list(admin_client):
    PerformanceFactory(interview_type="dsa")
    InterviewFactory(interview_type="dsa")
    InterviewFactory(interview_type="behavioral")

    response = admin_client.get(INTERVIEWS, {"interview_type__exact": "dsa"})
    assert response.context["cl"].result_count == 2
    response = admin_client.get(
        INTERVIEWS, {"interview_type__exact": "dsa", "status__exact": "completed"}
    )
    assert response.context["cl"].result_count == 1

    year = Interview.objects.first().created_at.year
    response = admin_client.get(INTERVIEWS, {"created_at__year": year})
    assert response.status_code == 200
    assert response.context["cl"].result_count == 3

    response = admin_client.get(PERFORMANCES, {"interview_type__exact": "behavioral"})
    assert response.context["cl"].result_count == 0


def test_the_interview_page_links_to_its_performance_and_keeps_the_lifecycle_read_only(
    admin_client,
):
    performance = PerformanceFactory()
    response = admin_client.get(interview_change(performance.interview_id))

    assert response.status_code == 200
    link = f'.field-performance_link a[href="{performance_change(performance.pk)}"]'
    assert texts(response, link) == [f"Score {performance.score:g}"]
    form = response.context["adminform"].form
    assert "status" not in form.fields
    assert "completed_at" not in form.fields
    assert "job_title" in form.fields


def test_an_interview_pointing_at_a_missing_performance_says_so(admin_client):
    performance = PerformanceFactory()
    dead = performance.pk
    Interview.objects.filter(pk=performance.interview_id).delete()
    InterviewFactory(performance_id=dead)

    response = admin_client.get(INTERVIEWS)
    assert f"missing ({dead})" in texts(response, "td.field-performance_link")


def test_editing_an_interview_updates_the_copies_on_its_performance(admin_client):
    performance = PerformanceFactory()
    interview = performance.interview
    response = admin_client.post(
        interview_change(interview.pk),
        {
            "user": interview.user_id,
            "job_title": "Staff Engineer",
            "company_name": "Cobalt Payments",
            "interview_type": "mixed",
            "experience_level": "senior",
            "created_at_0": interview.created_at.strftime("%Y-%m-%d"),
            "created_at_1": interview.created_at.strftime("%H:%M:%S"),
            "_save": "Save",
        },
    )

    assert response.status_code == 302
    performance.refresh_from_db()
    assert (
        performance.job_title,
        performance.company_name,
        performance.interview_type,
        performance.experience_level,
    ) == ("Staff Engineer", "Cobalt Payments", "mixed", "senior")


def test_an_interview_edit_breaking_the_shared_rules_is_refused(admin_client):
    interview = InterviewFactory()
    response = admin_client.post(
        interview_change(interview.pk),
        {
            "user": interview.user_id,
            "job_title": "x" * 201,
            "company_name": "Acme",
            "interview_type": "technical",
            "experience_level": "mid",
            "created_at_0": interview.created_at.strftime("%Y-%m-%d"),
            "created_at_1": interview.created_at.strftime("%H:%M:%S"),
            "_save": "Save",
        },
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["job_title"]
    interview.refresh_from_db()
    assert interview.job_title == "Backend Engineer"


def test_deleting_an_interview_in_the_admin_deletes_its_performance(admin_client):
    performance = PerformanceFactory()
    response = admin_client.post(
        reverse("admin:interviews_interview_delete", args=[performance.interview_id]),
        {"post": "yes"},
    )
    assert response.status_code == 302
    assert not Interview.objects.exists()
    assert not Performance.objects.exists()


def test_the_bulk_delete_action_removes_interviews_with_their_performances(admin_client):
    performances = PerformanceFactory.create_batch(2)
    kept = InterviewFactory()
    response = admin_client.post(
        INTERVIEWS,
        {
            "action": "delete_selected",
            "_selected_action": [p.interview_id for p in performances],
            "post": "yes",
        },
    )
    assert response.status_code == 302
    assert list(Interview.objects.values_list("pk", flat=True)) == [kept.pk]
    assert not Performance.objects.exists()


def test_the_integrity_action_reports_the_selected_rows(admin_client):
    healthy = PerformanceFactory()
    broken = InterviewFactory(status=Status.COMPLETED)

    response = admin_client.post(
        INTERVIEWS,
        {"action": "check_integrity", "_selected_action": [broken.pk]},
        follow=True,
    )
    messages = [str(message) for message in response.context["messages"]]
    assert any(
        message.startswith("Completed interviews without a performance: 1") for message in messages
    )

    response = admin_client.post(
        PERFORMANCES,
        {"action": "check_integrity", "_selected_action": [healthy.pk]},
        follow=True,
    )
    messages = [str(message) for message in response.context["messages"]]
    assert messages == ["No integrity problems in the 1 selected performance."]


def test_an_interview_added_in_the_admin_starts_ready(admin_client, user):
    response = admin_client.post(
        reverse("admin:interviews_interview_add"),
        {
            "user": user.pk,
            "job_title": "Site Reliability Engineer",
            "company_name": "Helio Health",
            "interview_type": "mixed",
            "experience_level": "entry",
            "created_at_0": "2026-03-01",
            "created_at_1": "09:30:00",
            "_save": "Save",
        },
    )
    assert response.status_code == 302
    interview = Interview.objects.get(user=user)
    assert (interview.status, interview.performance_id) == (Status.READY, None)
    response = admin_client.get(interview_change(interview.pk))
    assert response.status_code == 200
    assert select_one(response, "input[name=job_title]").attrs["value"] == (
        "Site Reliability Engineer"
    )


OUR_APPS = ("accounts", "interviews", "performance")


def test_no_admin_page_shows_a_literal_backtick(admin_client, user):
    PerformanceFactory(user=user)
    ApiToken.issue(user=user, name="Laptop script")
    QuestionFactory()
    ours = [model for model in admin.site._registry if model._meta.app_label in OUR_APPS]
    assert len(ours) >= 4
    for model in ours:
        meta = model._meta
        name = f"admin:{meta.app_label}_{meta.model_name}"
        pages = [reverse(f"{name}_changelist"), reverse(f"{name}_add")]
        if (instance := model.objects.first()) is not None:
            pages.append(reverse(f"{name}_change", args=[instance.pk]))
        for page in pages:
            response = admin_client.get(page)
            assert response.status_code in (200, 403), page
            assertNotContains(response, "`", status_code=response.status_code)


def test_the_integrity_action_names_the_command_without_backticks(admin_client):
    broken = InterviewFactory(status=Status.COMPLETED)

    response = admin_client.post(
        INTERVIEWS, {"action": "check_integrity", "_selected_action": [broken.pk]}, follow=True
    )

    assert "“manage.py check_integrity --fix” repairs them; see its --help." in [
        str(message) for message in response.context["messages"]
    ]


def test_the_site_and_the_admin_name_the_icon_and_favicon_ico_serves_it(
    admin_client, client, settings
):
    icon = f'<link rel="icon" href="{static("favicon.svg")}" type="image/svg+xml">'
    assertContains(admin_client.get(reverse("admin:index")), icon)
    assertContains(client.get(reverse("admin:login")), icon)
    assertContains(client.get(reverse("login")), icon)

    # Static files as WhiteNoise serves them in production (tests have no collected copy).
    settings.WHITENOISE_USE_FINDERS = True
    response = Client().get("/favicon.ico", follow=True)

    assert response.redirect_chain == [(static("favicon.svg"), 302)]
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
