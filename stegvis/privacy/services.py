"""Writes for the privacy app: retention rules, gallring (anonymisation in place), and the audit of reviews."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from stegvis.accounts.models import User
from stegvis.audit.services import audit_log
from stegvis.participants.models import Enrolment, Person, Referral
from stegvis.privacy import register
from stegvis.privacy.models import ErasureRecord, RetentionPolicy
from stegvis.privacy.selectors import ProjectRetention, persons_due, retention_all
from stegvis.projects.models import Project


def log_reviewed(*, by: User, person_id: int | None, path: str) -> None:
    """The review is itself a read of who saw whom: logged, with the person when filtered by one."""
    audit_log(user=by, action="privacy.log_reviewed", person_id=person_id, path=path)


def subject_exported(*, person: Person, by: User, file_format: str, path: str) -> None:
    audit_log(
        user=by,
        action="privacy.subject_export",
        person_id=person.pk,
        path=path,
        purpose=_("Registerutdrag (%(format)s)") % {"format": file_format},
    )


def retention_policy_save(
    *, project: Project, years: int, legal_hold: bool, hold_reason: str, by: User, path: str = ""
) -> RetentionPolicy:
    if years < 1:
        raise ValidationError({"years": _("Ange minst ett år.")})
    hold_reason = hold_reason.strip()
    if legal_hold and not hold_reason:
        raise ValidationError(
            {"hold_reason": _("Ange varför gallringen ska stoppas, t.ex. en pågående revision.")}
        )
    with transaction.atomic():
        policy, _created = RetentionPolicy.objects.update_or_create(
            project=project,
            defaults={
                "years": years,
                "legal_hold": legal_hold,
                "hold_reason": hold_reason if legal_hold else "",
                "updated_by": by,
            },
        )
        audit_log(user=by, action="privacy.retention.updated", project_id=project.pk, path=path)
    return policy


# --- gallring --------------------------------------------------------------------------------


@dataclass
class ErasurePlan:
    """What a gallring run would do (dry run) or did: counts only, never contents."""

    persons: int = 0
    enrolments: int = 0
    per_project: dict[int, int] = field(default_factory=dict)  # project id -> persons
    rows: Counter[str] = field(default_factory=Counter)  # model label -> rows cleared


def _empty_value(model_field: models.Field, entry: register.FieldEntry) -> object:
    if entry.erasure == register.Erasure.SET:
        return entry.erased_value
    if entry.erasure == register.Erasure.PSEUDONYMISE:
        return register.PSEUDONYM_TEXT
    if model_field.null:
        return None
    if isinstance(model_field, models.JSONField):
        return model_field.get_default()
    if isinstance(model_field, models.CharField | models.TextField):
        return ""
    raise TypeError(f"{model_field} cannot be blanked")


def erasure_updates(entry: register.ModelEntry) -> dict[str, object]:
    """The field values erasure writes for one register entry."""
    from django.apps import apps

    model = apps.get_model(entry.model)
    return {
        f.name: _empty_value(model._meta.get_field(f.name), f)
        for f in entry.fields
        if f.erasure != register.Erasure.KEEP
    }


def _rows_about(entry: register.ModelEntry, person_ids: list[int]) -> models.QuerySet:
    from django.apps import apps

    model = apps.get_model(entry.model)
    lookup = f"{entry.person_path}__in" if entry.person_path else "pk__in"
    return model._default_manager.filter(**{lookup: person_ids})


def erasure_plan(*, today: datetime.date) -> ErasurePlan:
    """The dry run: who is due and how many rows each part of the register would clear."""
    person_ids = list(persons_due(today).values_list("pk", flat=True))
    return _plan_for(person_ids)


def _plan_for(person_ids: list[int]) -> ErasurePlan:
    plan = ErasurePlan(persons=len(person_ids))
    if not person_ids:
        return plan
    enrolments = Enrolment.objects.filter(person_id__in=person_ids)
    plan.enrolments = enrolments.count()
    pairs = set(enrolments.values_list("project_id", "person_id"))
    pairs |= set(Referral.objects.filter(person_id__in=person_ids).values_list("project_id", "person_id"))
    plan.per_project = dict(Counter(project_id for project_id, _person in pairs))
    for entry in register.erasable():
        plan.rows[entry.model] = _rows_about(entry, person_ids).count()
    return plan


def retention_erase(*, today: datetime.date, by: User | None = None) -> ErasurePlan:
    """Anonymise, in place, everyone due for gallring; statistics stay, identities and free text go.

    Driven by the register of processing: every field marked blank or pseudonymise is
    cleared on every row that reaches a due person. Rows are never deleted, so counts,
    phases, exits, situations and assessment levels stay correct. Logged with counts only.
    """
    with transaction.atomic():
        person_ids = list(persons_due(today).values_list("pk", flat=True))
        plan = _plan_for(person_ids)
        if not person_ids:
            return plan
        for entry in register.erasable():
            updates = erasure_updates(entry)
            rows = _rows_about(entry, person_ids)
            plan.rows[entry.model] = rows.update(**updates) if updates else 0
        ErasureRecord.objects.bulk_create([ErasureRecord(person_id=pk) for pk in person_ids])
        for project_id, persons in sorted(plan.per_project.items()):
            audit_log(
                user=by,
                action="privacy.erased",
                project_id=project_id,
                purpose=_("Gallring: %(persons)s personer anonymiserade") % {"persons": persons},
            )
    return plan


def retention_overview(*, today: datetime.date) -> tuple[list[tuple[ProjectRetention, int]], ErasurePlan]:
    """Per project: its retention and how many persons a run today would anonymise there."""
    plan = erasure_plan(today=today)
    return [(r, plan.per_project.get(r.project.pk, 0)) for r in retention_all()], plan
