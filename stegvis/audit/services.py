"""Writing the audit log. Called by services inside their own transaction."""

from __future__ import annotations

from django.http import HttpRequest

from stegvis.accounts.models import User
from stegvis.audit.models import AuditEntry


def audit_log(
    *,
    user: User | None,
    action: str,
    project_id: int | None = None,
    person_id: int | None = None,
    enrolment_id: int | None = None,
    object_id: int | None = None,
    path: str = "",
    purpose: str = "",
) -> AuditEntry:
    """Record one action. Never pass field contents: ids, an action code, a page and a purpose."""
    return AuditEntry.objects.create(
        user=user,
        organisation_id=user.organisation_id if user is not None else None,
        action=action,
        project_id=project_id,
        person_id=person_id,
        enrolment_id=enrolment_id,
        object_id=object_id,
        path=path[:300],
        purpose=purpose[:200],
    )


def request_path(request: HttpRequest | None) -> str:
    return request.get_full_path()[:300] if request is not None else ""
