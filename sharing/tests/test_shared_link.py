"""A shared link, opened without logging in: what it shows, what it never shows, and when
it stops working."""

import datetime
import time
from unittest import mock

import pytest
from django.test import Client

from dashboard.tests.test_security import INLINE_HANDLER, INLINE_SCRIPT, INLINE_STYLE
from interviewprep.testing import select, texts
from interviews.tests.factories import UserFactory
from performance.tests.factories import PerformanceFactory
from sharing.models import Share
from sharing.tests.factories import ShareFactory
from sharing.views import OPENS_PER_MINUTE

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 3, 10, 12, 0, tzinfo=datetime.UTC)


def freeze_time(moment):
    """Within the block, the app's clock (django.utils.timezone.now) says `moment`."""
    return mock.patch("django.utils.timezone.now", return_value=moment)


@pytest.fixture
def mentor():
    """A browser with no session: the mentor who received the link."""
    return Client()


def open_link(client, share, **params):
    return client.get(share.get_absolute_url(), params)


def assert_unavailable(response):
    assert response.status_code == 404
    assert texts(response, "h1") == ["This link is not available"]
    assert_private(response)


def assert_private(response):
    """Kept out of search engines, caches and referrers; and no inline code (the policy)."""
    html = response.content.decode()
    for inline in (INLINE_SCRIPT, INLINE_HANDLER, INLINE_STYLE):
        assert not inline.search(html), inline.search(html).group(0)
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert response["Referrer-Policy"] == "no-referrer"
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    [meta] = select(response, "meta[name=robots]")
    assert "noindex" in meta.attrs["content"]


def assert_read_only(response):
    """No form, no CSRF token and no link into the owner's pages."""
    html = response.content.decode()
    assert select(response, "main form") == []
    assert "csrfmiddlewaretoken" not in html
    for link in select(response, "main a"):
        href = link.attrs.get("href", "")
        assert href.startswith("?"), f"a link out of the shared page: {href}"
    assert "Edit results" not in html
    assert "Delete" not in html
    assert "Export" not in html


def shown_rows(response):
    return [row["id"] for row in response.context["page"].object_list]


# A report share -------------------------------------------------------------------------


def test_a_report_share_shows_that_report_read_only_without_a_login(mentor, user):
    performance = PerformanceFactory(user=user, job_title="Data Engineer", company_name="Initech")
    share = ShareFactory(user=user, interview=performance.interview, label="Sam’s practice")

    response = open_link(mentor, share)

    assert response.status_code == 200
    assert texts(response, "h1") == ["Sam’s practice"]
    assert texts(response, ".performance-detail h2") == ["Data Engineer"]
    assert "Initech" in response.content.decode()
    assert_private(response)
    assert_read_only(response)


def test_a_report_share_never_reveals_the_owners_other_interviews(mentor, user):
    shared = PerformanceFactory(user=user, job_title="Data Engineer", company_name="Initech")
    PerformanceFactory(user=user, job_title="Secret Role", company_name="Hidden Corp")
    share = ShareFactory(user=user, interview=shared.interview)

    html = open_link(mentor, share).content.decode()

    assert "Data Engineer" in html
    assert "Secret Role" not in html
    assert "Hidden Corp" not in html


def test_the_page_never_shows_the_owners_username_or_email(mentor):
    owner = UserFactory(username="sam-private", email="sam@example.com")
    performance = PerformanceFactory(user=owner)
    for share in (
        ShareFactory(user=owner, interview=performance.interview),
        ShareFactory(user=owner),
    ):
        html = open_link(mentor, share).content.decode()
        assert "sam-private" not in html
        assert "sam@example.com" not in html


# A history share ------------------------------------------------------------------------


def test_a_history_share_shows_only_the_performances_its_filters_match(mentor, user, other_user):
    acme = [PerformanceFactory(user=user, company_name="Acme") for _ in range(2)]
    PerformanceFactory(user=user, company_name="Globex", job_title="Globex role")
    PerformanceFactory(user=other_user, company_name="Acme", job_title="Someone else")
    share = ShareFactory(user=user, query="company=Acme")

    response = open_link(mentor, share)

    assert response.status_code == 200
    assert sorted(shown_rows(response)) == sorted(p.pk for p in acme)
    assert response.context["report"]["summary"]["count"] == 2
    html = response.content.decode()
    assert "Globex role" not in html
    assert "Someone else" not in html
    assert texts(response, "h1") == ["Practice history"]
    assert "Company: Acme" in texts(response, "main p")[0]
    assert_private(response)
    assert_read_only(response)


def test_the_mentor_cannot_widen_a_history_share_through_the_address(mentor, user):
    PerformanceFactory(user=user, company_name="Acme")
    PerformanceFactory(user=user, company_name="Globex", job_title="Globex role")
    share = ShareFactory(user=user, query="company=Acme")

    response = open_link(mentor, share, company="Globex", q="", interview_type="")

    assert response.status_code == 200
    assert "Globex role" not in response.content.decode()
    assert response.context["report"]["summary"]["count"] == 1


def test_a_history_share_leaves_out_the_performances_the_owner_excluded(mentor, user):
    counted = PerformanceFactory(user=user, score=80)
    PerformanceFactory(user=user, score=10, excluded=True, job_title="Abandoned run")
    share = ShareFactory(user=user)

    response = open_link(mentor, share)

    assert shown_rows(response) == [counted.pk]
    assert response.context["report"]["summary"]["count"] == 1
    assert response.context["report"]["summary"]["average_score"] == 80
    assert "Abandoned run" not in response.content.decode()


def test_a_history_share_shows_the_weaknesses_over_time(mentor, user, other_user):
    for owner in (user, user, other_user, other_user):
        PerformanceFactory(
            user=owner,
            interview_type="behavioral",
            feedback={"improvements": ["Be concise" if owner == user else "Someone else's"]},
        )
    share = ShareFactory(user=user)

    response = open_link(mentor, share)

    assert texts(response, "#weaknesses-heading") == ["Weaknesses over time"]
    html = response.content.decode()
    assert "Be concise" in html
    assert "Someone else" not in html
    assert_read_only(response)


def test_a_long_shared_history_is_paged(mentor, user):
    for days in range(30):
        PerformanceFactory(user=user, completed_at=NOW - datetime.timedelta(days=days))
    share = ShareFactory(user=user)

    first, second = open_link(mentor, share), open_link(mentor, share, page=2)

    assert len(shown_rows(first)) == 25
    assert len(shown_rows(second)) == 5
    assert not set(shown_rows(first)) & set(shown_rows(second))
    assert "?page=2" in [a.attrs["href"] for a in select(first, "nav a")]


def test_a_history_share_with_nothing_to_show_says_so(mentor, user):
    share = ShareFactory(user=user, query="company=Nowhere")

    response = open_link(mentor, share)

    assert response.status_code == 200
    assert "No completed interviews match what was shared yet." in texts(response, "main p")


# When it stops working ------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["report", "history"])
def test_a_share_stops_working_when_it_expires(mentor, user, kind):
    performance = PerformanceFactory(user=user)
    with freeze_time(NOW):
        interview = performance.interview if kind == "report" else None
        share = ShareFactory(user=user, interview=interview, days=3)
    with freeze_time(NOW + datetime.timedelta(days=3, seconds=-1)):
        assert open_link(mentor, share).status_code == 200
    with freeze_time(NOW + datetime.timedelta(days=3)):
        assert_unavailable(open_link(mentor, share))


@pytest.mark.parametrize("kind", ["report", "history"])
def test_a_revoked_share_stops_working_at_once(mentor, user, kind):
    performance = PerformanceFactory(user=user)
    interview = performance.interview if kind == "report" else None
    share = ShareFactory(user=user, interview=interview)
    assert open_link(mentor, share).status_code == 200

    share.revoke()

    assert_unavailable(open_link(mentor, share))
    assert Share.objects.get(pk=share.pk).status() == "revoked"


def test_unknown_expired_and_revoked_links_look_the_same(mentor, user):
    with freeze_time(NOW - datetime.timedelta(days=10)):
        expired = ShareFactory(user=user, days=1)
    revoked = ShareFactory(user=user)
    revoked.revoke()
    responses = [
        mentor.get(f"/s/{'x' * 32}/"),
        mentor.get("/s/short/"),
        open_link(mentor, expired),
        open_link(mentor, revoked),
    ]
    for response in responses:
        assert_unavailable(response)
    bodies = {response.content for response in responses}
    assert len(bodies) == 1


def test_deleting_the_interview_deletes_its_report_share(mentor, user):
    from interviews.services import interview_delete

    performance = PerformanceFactory(user=user)
    share = ShareFactory(user=user, interview=performance.interview)

    interview_delete(interview=performance.interview)

    assert not Share.objects.filter(pk=share.pk).exists()
    assert_unavailable(open_link(mentor, share))


# What the owner learns, and the throttle ----------------------------------------------


def test_opening_records_when_at_most_once_a_minute(mentor, user):
    share = ShareFactory(user=user)
    assert share.last_opened_at is None
    with freeze_time(NOW):
        open_link(mentor, share)
        open_link(mentor, share)
    with freeze_time(NOW + datetime.timedelta(seconds=59)):
        open_link(mentor, share)
    share.refresh_from_db()
    assert share.last_opened_at == NOW
    assert share.open_count == 1
    with freeze_time(NOW + datetime.timedelta(minutes=2)):
        open_link(mentor, share)
    share.refresh_from_db()
    assert share.last_opened_at == NOW + datetime.timedelta(minutes=2)
    assert share.open_count == 2


def test_an_unavailable_link_records_nothing(mentor, user):
    share = ShareFactory(user=user)
    share.revoke()
    open_link(mentor, share)
    share.refresh_from_db()
    assert share.last_opened_at is None


def test_opens_are_throttled_per_address_guesses_included(mentor, user):
    share = ShareFactory(user=user)
    address = {"REMOTE_ADDR": "203.0.113.9"}
    # The throttle's clock stands still, so that no window ends during the test.
    start = time.time()
    with mock.patch("django_ratelimit.core.time.time", return_value=start):
        for number in range(OPENS_PER_MINUTE):
            assert mentor.get(f"/s/guess-{number:030d}/", **address).status_code == 404
        throttled = mentor.get(share.get_absolute_url(), **address)
        # Another address is not held back.
        elsewhere = mentor.get(share.get_absolute_url(), REMOTE_ADDR="198.51.100.4")

    assert throttled.status_code == 429
    assert 0 < int(throttled["Retry-After"]) <= 60
    assert "Try again in" in " ".join(texts(throttled, "p"))
    assert_private(throttled)
    assert elsewhere.status_code == 200
    with mock.patch("django_ratelimit.core.time.time", return_value=start + 61):
        assert mentor.get(share.get_absolute_url(), **address).status_code == 200


def test_a_history_share_whose_filters_no_longer_validate_shows_nothing(mentor, user):
    PerformanceFactory(user=user)
    # Ignoring the bad filter, as the performance page does, would show more than was shared.
    share = ShareFactory(user=user, query="date_from=2026-05-01&date_to=2026-01-01")

    assert_unavailable(open_link(mentor, share))


def test_the_links_of_a_deactivated_account_stop_working(mentor, user):
    share = ShareFactory(user=user)
    assert open_link(mentor, share).status_code == 200

    user.is_active = False
    user.save()

    assert_unavailable(open_link(mentor, share))
