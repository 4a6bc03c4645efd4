"""The demo generator keeps the invariants the services keep, and gives the same data every time."""

from __future__ import annotations

import datetime
import random

from django.db import transaction

from stegvis.audit.models import AuditEntry
from stegvis.participants.models import Enrolment
from stegvis.participants.tests.factories import enrol
from stegvis.surveys import demo
from stegvis.surveys.models import Answer, Occasion, Response, SurveyLink
from stegvis.surveys.tests.conftest import give_survey_consent

TODAY = datetime.date.today()


def _run(world) -> tuple[list[str], list[tuple]]:
    lines = demo.seed(today=TODAY, rng=random.Random("surveys-demo-test"), users={})  # noqa: S311
    rows = list(
        Response.objects.order_by("enrolment_id", "occasion").values_list(
            "enrolment_id", "occasion", "answered_on", "channel"
        )
    )
    return lines, rows


def test_demo_answers_keep_the_rules_and_repeat(surveys, world):
    for i in range(12):
        enrolment = enrol(
            project=world.project_a,
            coach=world.bob,
            first_name=f"Demo{i}",
            birth=datetime.date(1988, 2, i + 1),
        )
        give_survey_consent(enrolment, world.bob)
    with transaction.atomic():
        first = _run(world)
        transaction.set_rollback(True)
    second = _run(world)
    assert first == second, "the same rng gives the same demo"

    lines, _rows = second
    assert not any(name in " ".join(lines) for name in ("Aina", "Bertil", "Demo1"))  # counts only
    assert Response.objects.filter(occasion=Occasion.START).exists()
    assert not Response.objects.filter(answered_on__gt=TODAY).exists()
    assert not Response.objects.filter(enrolment__person__consents__isnull=True).exists()
    for response in Response.objects.select_related("link", "enrolment"):
        if response.link is not None:
            assert response.link.used_at is not None and response.link.version_id == response.version_id
        if response.enrolment is not None:
            assert (
                response.answered_on >= response.enrolment.start_date or response.occasion == Occasion.START
            )
    # Exit answers use the version answered at start.
    for exit_ in Response.objects.filter(occasion=Occasion.EXIT):
        start = Response.objects.filter(enrolment=exit_.enrolment_id, occasion=Occasion.START).first()
        assert start is None or start.version_id == exit_.version_id
    assert Answer.objects.exists()
    # A used link without a response, or a response without its audit entry, would be a broken history.
    assert not SurveyLink.objects.filter(used_at__isnull=False, response__isnull=True).exists()
    logged = set(
        AuditEntry.objects.filter(action__startswith="surveys.response.").values_list("object_id", flat=True)
    )
    assert set(Response.objects.values_list("pk", flat=True)) <= logged
    assert Enrolment.objects.count() == 16
