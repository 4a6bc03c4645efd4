"""Demo data for ``seed_demo``: retention rules and some reads in the access log to review.

Retention: the two projects that have ended get a rule each, one past its period (so
the dry run on the Gallring page has persons to show) and one on legal hold. The access
log gets reads that the review flags: a project manager going through many persons in a
few minutes, a coach opening a colleague's participant, and a read after exit. Only
ids and action codes are written, as the application itself does.
"""

from __future__ import annotations

import datetime
import random

from stegvis.accounts.models import Membership, Role, User
from stegvis.audit.services import audit_log
from stegvis.participants.models import Enrolment, Phase
from stegvis.privacy import services
from stegvis.projects.models import Project

BURST_READS = 24


def _read(user: User, enrolment: Enrolment) -> None:
    audit_log(
        user=user,
        action="participants.enrolment.viewed",
        project_id=enrolment.project_id,
        person_id=enrolment.person_id,
        enrolment_id=enrolment.pk,
        path=f"/inskrivning/{enrolment.pk}/",
    )


def seed(*, today: datetime.date, rng: random.Random, users: dict[str, User]) -> list[str]:
    admin = users["admin"]
    lines = []
    ended = list(Project.objects.filter(end_date__lt=today).order_by("end_date"))
    if ended:
        oldest = ended[0]
        years = max(1, today.year - oldest.end_date.year - 1)
        services.retention_policy_save(
            project=oldest, years=years, legal_hold=False, hold_reason="", by=admin
        )
        lines.append(f"Gallring: {oldest.name} har {years} års frist och har passerat den (se provkörningen)")
    if len(ended) > 1:
        held = ended[1]
        services.retention_policy_save(
            project=held,
            years=10,
            legal_hold=True,
            hold_reason="Granskning från ESF-rådet pågår",
            by=admin,
        )
        lines.append(f"Gallring: {held.name} har gallringsstopp")

    manager = (
        Membership.objects.filter(role=Role.PROJECT_MANAGER, user__username="projektledare")
        .select_related("user", "project")
        .first()
    )
    if manager is not None:
        enrolments = list(Enrolment.objects.filter(project=manager.project).order_by("pk")[:BURST_READS])
        for enrolment in enrolments:
            _read(manager.user, enrolment)
    coach, colleague = users.get("handledare"), users.get("kollega")
    if coach is not None and colleague is not None:
        others = list(Enrolment.objects.filter(coach=colleague).order_by("pk")[:2])
        for enrolment in others:
            _read(coach, enrolment)
        own = list(Enrolment.objects.filter(coach=coach).order_by("pk"))
        for enrolment in rng.sample(own, min(5, len(own))):
            _read(coach, enrolment)
        exited = Enrolment.objects.filter(coach=coach, phase=Phase.AVSLUT).order_by("pk").first()
        if exited is not None:
            _read(coach, exited)
    lines.append("Loggkontroll: läsningar att granska, några flaggade")
    return lines
