"""The demo's post-exit checks: six months after a real exit, never for a felregistrering, audited, repeatable."""

from __future__ import annotations

import datetime
import random

from django.db import transaction

from stegvis.audit.models import AuditEntry
from stegvis.reports import demo
from stegvis.reports.models import PostExitCheck, due_on
from stegvis.reports.tests.conftest import build

TODAY = datetime.date.today()


def _run() -> tuple[list[str], list[tuple]]:
    lines = demo.seed(today=TODAY, rng=random.Random("reports-demo-test"), users={})  # noqa: S311
    return lines, list(
        PostExitCheck.objects.order_by("enrolment_id").values_list("enrolment_id", "checked_on")
    )


def test_demo_checks_keep_the_rules_and_repeat(world):
    data = build(world)
    PostExitCheck.objects.all().delete()
    with transaction.atomic():
        first = _run()
        transaction.set_rollback(True)
    lines, rows = _run()
    assert (lines, rows) == first
    assert rows, "the fixed data set has exits more than six months ago"
    assert data.p5.pk not in {enrolment for enrolment, _day in rows}  # felregistrering
    for check in PostExitCheck.objects.select_related("enrolment__exit"):
        assert due_on(check.enrolment.exit.exit_date) <= check.checked_on <= TODAY
        assert check.reached or (check.employed is None and check.improved is None)
        assert AuditEntry.objects.filter(
            action="reports.post_exit_check.recorded", enrolment_id=check.enrolment_id, object_id=check.pk
        ).exists()
    assert "Uppföljning efter avslut" in lines[0] and "P1" not in lines[0]
