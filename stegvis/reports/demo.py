"""Demo post-exit checks for ``manage.py seed_demo`` (see stegvis.core.demo._seed_extensions).

Most demo participants who left more than six months ago were followed up: those who
left to work mostly still work, others sometimes found work since, some could not be
reached. A few recent ones are left undone, so the coach's "due" reminder shows. Felre-
gistreringar are never followed up. Bulk-created with one audit entry per check, as the
service would write it; everything dated on or before today.
"""

from __future__ import annotations

import datetime
import random

from stegvis.accounts.models import User
from stegvis.audit.models import AuditEntry
from stegvis.participants.models import Exit, Sysselsattning
from stegvis.reports.models import PostExitCheck, due_on

# Share of due checks left undone, so that some reminders show.
UNDONE = 0.15


def _answers(outcome: str, rng: random.Random) -> dict:
    worked = outcome in (Exit.Outcome.EMPLOYMENT, Exit.Outcome.SUBSIDISED_EMPLOYMENT)
    if rng.random() < 0.12:
        return {"reached": False, "sysselsattning": "", "employed": None, "improved": None}
    employed = rng.random() < (0.8 if worked else 0.25)
    if employed:
        sysselsattning = Sysselsattning.FORVARVSARBETE
    elif outcome == Exit.Outcome.STUDIES or rng.random() < 0.15:
        sysselsattning = Sysselsattning.STUDIER
    else:
        sysselsattning = rng.choice([Sysselsattning.ARBETSSOKANDE, Sysselsattning.OVRIGT])
    improved = (
        (employed and not worked)
        or (worked and rng.random() < 0.3)
        or (sysselsattning == Sysselsattning.STUDIER and rng.random() < 0.5)
    )
    return {
        "reached": True,
        "sysselsattning": sysselsattning,
        "employed": employed,
        "improved": bool(improved),
    }


def seed(*, today: datetime.date, rng: random.Random, users: dict[str, User]) -> list[str]:
    """Checks for demo exits whose six months have passed; summary lines (counts only)."""
    exits = (
        Exit.objects.exclude(reason=Exit.Reason.MISREGISTRATION)
        .select_related("enrolment", "recorded_by")
        .order_by("exit_date", "pk")
    )
    checks, undone = [], 0
    for exit_ in exits:
        due = due_on(exit_.exit_date)
        if due > today:
            continue
        if rng.random() < UNDONE:
            undone += 1
            continue
        checked_on = min(today, due + datetime.timedelta(days=rng.randint(0, 30)))
        checks.append(
            PostExitCheck(
                enrolment=exit_.enrolment,
                checked_on=checked_on,
                method=rng.choice(PostExitCheck.Method.values),
                recorded_by=exit_.recorded_by,
                **_answers(exit_.outcome, rng),
            )
        )
    PostExitCheck.objects.bulk_create(checks)
    pks = dict(
        PostExitCheck.objects.filter(enrolment_id__in=[c.enrolment_id for c in checks]).values_list(
            "enrolment_id", "pk"
        )
    )
    AuditEntry.objects.bulk_create(
        AuditEntry(
            user=check.recorded_by,
            organisation_id=check.recorded_by.organisation_id,
            action="reports.post_exit_check.recorded",
            project_id=check.enrolment.project_id,
            person_id=check.enrolment.person_id,
            enrolment_id=check.enrolment_id,
            object_id=pks[check.enrolment_id],
        )
        for check in checks
    )
    employed = sum(1 for c in checks if c.employed)
    return [f"Uppföljning efter avslut: {len(checks)} gjorda ({employed} i arbete), {undone} att göra."]
