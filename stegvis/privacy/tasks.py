"""Background gallring: the scheduled run (``manage.py gallra`` from cron) and the admin's "run now"."""

from __future__ import annotations

import datetime

from django_tasks import task

from stegvis.accounts.models import User


@task()
def erase_due(*, today: str, user_id: int | None = None) -> dict[str, int]:
    """Anonymise everyone due on ``today`` (ISO date); returns counts only."""
    from stegvis.privacy import services

    user = User.objects.filter(pk=user_id).first() if user_id else None
    plan = services.retention_erase(today=datetime.date.fromisoformat(today), by=user)
    return {"persons": plan.persons, "enrolments": plan.enrolments}
