"""The privacy demo data: an ended project past its period, one on hold, and reads the review flags."""

from __future__ import annotations

import datetime
import random

import pytest

from stegvis.privacy import demo
from stegvis.privacy.models import RetentionPolicy
from stegvis.privacy.selectors import LogFilter, access_log, flags_of, persons_due
from stegvis.projects.tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def test_demo_gives_the_dry_run_and_the_review_something_to_show(world, settings):
    settings.REVIEW_BURST_PERSONS = 3
    today = datetime.date(2026, 11, 23)
    world.project_a.end_date = datetime.date(2020, 8, 31)
    world.project_a.save(update_fields=["end_date"])
    ProjectFactory(name="Avslutat", end_date=datetime.date(2023, 2, 28))
    world.petra.username = "projektledare"
    world.petra.save(update_fields=["username"])
    users = {"admin": world.ada, "handledare": world.alice, "kollega": world.bob}

    lines = demo.seed(today=today, rng=random.Random(1), users=users)  # noqa: S311 - demo data

    assert len(lines) == 3
    assert RetentionPolicy.objects.get(project=world.project_a).legal_hold is False
    assert RetentionPolicy.objects.filter(legal_hold=True).count() == 1
    assert persons_due(today).exists()
    flags = {flag for entry in access_log(LogFilter(action="reads")) for flag in flags_of(entry)}
    assert {"burst", "outside_caseload"} <= flags
