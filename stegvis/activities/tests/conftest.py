"""Fixtures for activities tests, on top of the shared personas in stegvis/conftest.py."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from stegvis.activities.tests import factories


@pytest.fixture
def group(world):
    return factories.group_for(world)


@pytest.fixture
def past_session(world):
    return factories.past_session_for(world)


@pytest.fixture
def today_session(world):
    return factories.today_session_for(world)


@pytest.fixture
def activity(world):
    return factories.activity_for(world)


@pytest.fixture
def count_queries():
    """count_queries(client, url) -> number of queries a GET makes (asserting a 200)."""

    def count(client, url, **extra) -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url, **extra)
            assert response.status_code == 200, response.status_code
        return len(captured)

    return count
