"""The owner's side: sharing a report or a filtered history, the list of shared links,
one link's page and revoking; each only for the owner."""

import datetime

import pytest
from django.urls import reverse

from dashboard.tests.test_security import assert_secure_html
from interviewprep.testing import messages_shown, select, select_one, table_rows, texts
from interviews.choices import Status
from interviews.tests.factories import InterviewFactory
from performance.tests.factories import PerformanceFactory
from sharing.models import Share
from sharing.tests.factories import ShareFactory

pytestmark = pytest.mark.django_db

LIST = reverse("sharing:list")
NEW_HISTORY = reverse("sharing:new_history")


def new_report(interview):
    return reverse("sharing:new_report", args=[interview.pk])


# Sharing a report -----------------------------------------------------------------------


def test_the_feedback_page_offers_to_share_the_report(client_for, user):
    performance = PerformanceFactory(user=user)
    response = client_for(user).get(reverse("interviews:feedback", args=[performance.interview_id]))
    links = [a.attrs["href"] for a in select(response, ".performance-actions a")]
    assert new_report(performance.interview) in links


def test_sharing_a_report_makes_a_link_the_owner_can_copy(client_for, user):
    performance = PerformanceFactory(user=user, job_title="Data Engineer", company_name="Initech")
    client = client_for(user)

    form = client.get(new_report(performance.interview))
    assert form.status_code == 200
    assert "Data Engineer at Initech" in " ".join(texts(form, "main p"))
    assert select_one(form, "input[name=days]").attrs["value"] == "7"

    response = client.post(new_report(performance.interview), {"days": "3", "label": "For Kim"})

    share = Share.objects.get(user=user)
    assert response.status_code == 302
    assert response["Location"] == share_url(share)
    assert share.kind == "report"
    assert share.interview_id == performance.interview_id
    assert share.label == "For Kim"
    assert share.expires_at - share.created_at == datetime.timedelta(days=3)
    assert len(share.token) >= 22  # at least 128 random bits
    page = client.get(response["Location"])
    link = select_one(page, "input#share-link").attrs["value"]
    assert link == f"http://testserver/s/{share.token}/"
    assert messages_shown(page) == ["Your link is ready. Copy it and send it to your mentor."]


def share_url(share):
    return reverse("sharing:detail", args=[share.pk])


@pytest.mark.parametrize("days", ["0", "31", "-1", "seven", ""])
def test_the_expiry_must_be_1_to_30_days(client_for, user, days):
    performance = PerformanceFactory(user=user)
    response = client_for(user).post(new_report(performance.interview), {"days": days})
    assert response.status_code == 200
    assert texts(response, ".invalid-feedback")
    assert not Share.objects.exists()


def test_a_label_over_100_characters_is_refused(client_for, user):
    performance = PerformanceFactory(user=user)
    response = client_for(user).post(
        new_report(performance.interview), {"days": "7", "label": "x" * 101}
    )
    assert "Ensure this value has at most 100 characters" in " ".join(
        texts(response, ".invalid-feedback")
    )
    assert not Share.objects.exists()


def test_only_the_owners_completed_interviews_can_be_shared(client_for, user, other_user):
    others = PerformanceFactory(user=other_user)
    unfinished = InterviewFactory(user=user, status=Status.READY)
    client = client_for(user)
    for interview in (others.interview, unfinished):
        assert client.get(new_report(interview)).status_code == 404
        assert client.post(new_report(interview), {"days": "7"}).status_code == 404
    assert not Share.objects.exists()


def test_sharing_needs_a_login(client, user):
    performance = PerformanceFactory(user=user)
    for url in (LIST, NEW_HISTORY, new_report(performance.interview)):
        response = client.get(url)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


# Sharing a filtered history -------------------------------------------------------------


def test_the_performance_page_offers_to_share_its_current_filters(client_for, user):
    PerformanceFactory(user=user)
    history = reverse("performance:history")
    response = client_for(user).get(history, {"company": "Acme", "page": "1"})
    [link] = [a.attrs["href"] for a in select(response, "main a") if "Share" in a.text]
    assert link == f"{NEW_HISTORY}?company=Acme"


def test_sharing_a_history_keeps_the_filters_that_select(client_for, user):
    PerformanceFactory(user=user, company_name="Acme", interview_type="technical")
    PerformanceFactory(user=user, company_name="Globex")
    client = client_for(user)
    query = "?company=Acme&interview_type=technical&q=&page=2"

    form = client.get(NEW_HISTORY + query)
    what = "your history of completed interviews with Type: Technical; Company: Acme"
    assert what in " ".join(texts(form, "main p"))
    assert "(1 interview now)" in " ".join(texts(form, "main p"))

    response = client.post(NEW_HISTORY + query, {"days": "30", "label": ""})

    share = Share.objects.get(user=user)
    assert response.status_code == 302
    assert share.kind == "history"
    assert share.interview_id is None
    assert share.filters() == {"company": "Acme", "interview_type": "technical"}
    assert share.expires_at - share.created_at == datetime.timedelta(days=30)


def test_invalid_filters_cannot_be_shared(client_for, user):
    client = client_for(user)
    query = "?date_from=2026-05-01&date_to=2026-01-01"

    page = client.get(NEW_HISTORY + query)
    assert page.status_code == 400
    assert "nothing to share yet" in " ".join(texts(page, "[role=alert]"))
    assert client.post(NEW_HISTORY + query, {"days": "7"}).status_code == 400
    assert not Share.objects.exists()


# The list, one link's page, revoking ----------------------------------------------------


def test_the_list_shows_what_when_and_the_status_of_each_link(client_for, user, other_user):
    performance = PerformanceFactory(user=user, job_title="Data Engineer", company_name="Initech")
    ShareFactory(user=user, interview=performance.interview, label="For Kim")
    history = ShareFactory(user=user, query="company=Acme")
    revoked = ShareFactory(user=user)
    revoked.revoke()
    expired = ShareFactory(user=user)
    Share.objects.filter(pk=expired.pk).update(expires_at=expired.created_at)
    ShareFactory(user=other_user, label="Not mine")
    Share.objects.filter(pk=history.pk).update(last_opened_at=history.created_at)

    response = client_for(user).get(LIST)

    rows = table_rows(response, ".shares-table")[1:]
    assert len(rows) == 4
    by_what = {row[0]: row for row in rows}
    assert "Report: Data Engineer at Initech" in next(w for w in by_what if "Report" in w)
    assert "For Kim" in next(w for w in by_what if "Report" in w)
    statuses = sorted(row[4] for row in rows)
    assert statuses == ["Active", "Active", "Expired", "Revoked"]
    assert sum("Never opened" in row[3] for row in rows) == 3
    assert any("History: Completed interviews with Company: Acme" in what for what in by_what)
    assert "Not mine" not in response.content.decode()


def test_the_list_is_paged_newest_first(client_for, user):
    shares = [ShareFactory(user=user, label=f"Link {number}") for number in range(23)]
    client = client_for(user)
    first, second = client.get(LIST), client.get(LIST, {"page": 2})
    assert [row["share"].pk for row in first.context["rows"]] == [s.pk for s in shares[::-1][:20]]
    assert len(second.context["rows"]) == 3


def test_the_list_says_when_nothing_is_shared(client_for, user):
    response = client_for(user).get(LIST)
    assert "You have not shared anything yet." in " ".join(texts(response, "main p"))


def test_the_account_menu_links_to_the_shared_links(client_for, user):
    response = client_for(user).get(reverse("dashboard:index"))
    assert LIST in [a.attrs["href"] for a in select(response, ".dropdown-menu a")]


def test_revoking_asks_first_then_stops_the_link(client_for, user, client):
    share = ShareFactory(user=user)
    owner = client_for(user)
    revoke = reverse("sharing:revoke", args=[share.pk])

    confirm = owner.get(revoke)
    assert texts(confirm, "h1") == ["Revoke this link?"]
    assert Share.objects.get(pk=share.pk).revoked_at is None

    response = owner.post(revoke)

    assert response.status_code == 302
    assert response["Location"] == LIST
    assert Share.objects.get(pk=share.pk).status() == "revoked"
    owner.logout()
    assert client.get(share.get_absolute_url()).status_code == 404


def test_another_users_link_is_a_404(client_for, user, other_user):
    share = ShareFactory(user=other_user)
    client = client_for(user)
    assert client.get(share_url(share)).status_code == 404
    assert client.get(reverse("sharing:revoke", args=[share.pk])).status_code == 404
    assert client.post(reverse("sharing:revoke", args=[share.pk])).status_code == 404
    assert Share.objects.get(pk=share.pk).revoked_at is None


def test_a_link_that_no_longer_works_says_why_and_offers_no_copy(client_for, user):
    share = ShareFactory(user=user)
    share.revoke()
    response = client_for(user).get(share_url(share))
    assert select(response, "input#share-link") == []
    assert "This link no longer works: it was revoked" in " ".join(texts(response, "main p"))


def test_the_sharing_pages_send_the_security_headers_and_no_inline_code(client_for, user):
    performance = PerformanceFactory(user=user)
    share = ShareFactory(user=user, interview=performance.interview)
    client = client_for(user)
    for url in (
        LIST,
        NEW_HISTORY,
        new_report(performance.interview),
        share_url(share),
        reverse("sharing:revoke", args=[share.pk]),
    ):
        assert_secure_html(client.get(url))
