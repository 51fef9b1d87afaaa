import os
import zoneinfo

import pytest
from django.core.cache import cache

from interviewprep.db import IS_MONGODB

ON_SECANTUSDB = IS_MONGODB and os.environ.get("MONGODB_TEST_SERVER") == "secantusdb"


def secantusdb_bug(reason):
    """Mark a test that fails only because of a known fidelity bug of the secantusdb test server."""
    return pytest.mark.xfail(ON_SECANTUSDB, reason=f"secantusdb bug: {reason}", strict=True)


@pytest.fixture(autouse=True)
def _empty_cache(request):
    # Ids are reused between tests; a report cached by one must not answer another. The
    # cache is in the database, so only a test that may use the database can have filled it.
    uses_database = {"db", "transactional_db"} & set(request.fixturenames)
    if uses_database or request.node.get_closest_marker("django_db"):
        request.getfixturevalue("_django_db_helper")  # pytest-django's: the test's database access
        cache.clear()


@pytest.fixture
def user(db):
    from interviews.tests.factories import UserFactory

    return UserFactory()


@pytest.fixture
def other_user(db):
    from interviews.tests.factories import UserFactory

    return UserFactory()


@pytest.fixture
def client_for(client):
    """Log `user` in with the test client and return the client."""

    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.fixture
def shipped_bank(db):
    """The question bank that ships with the app, as a fresh database has it.

    A migration loads it, but on MongoDB the test database is emptied between tests.
    """
    from interviews.bank import load_shipped_bank
    from interviews.models import Question

    if Question.objects.count() < 270:
        load_shipped_bank()


TIME_ZONES = ["UTC", "Asia/Tokyo", "America/Los_Angeles"]


@pytest.fixture(params=TIME_ZONES)
def site_zone(request, settings):
    """The site's time zone, in turn UTC, one east of it and one west of it."""
    settings.TIME_ZONE = request.param
    return zoneinfo.ZoneInfo(request.param)
