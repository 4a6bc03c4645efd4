"""Writes for projects, their partners, municipalities and targets (project managers)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from stegvis.accounts.models import Organisation, User
from stegvis.audit.services import audit_log
from stegvis.projects.models import Project, ProjectMunicipality, ProjectPartner, ProjectTarget


@transaction.atomic
def project_update(*, project: Project, data: dict[str, Any], by: User, path: str = "") -> Project:
    for name, value in data.items():
        setattr(project, name, value)
    project.full_clean()
    project.save()
    audit_log(user=by, action="projects.project.updated", project_id=project.pk, path=path)
    return project


@transaction.atomic
def partner_add(
    *, project: Project, organisation: Organisation, role: str, by: User, path: str = ""
) -> ProjectPartner:
    if ProjectPartner.objects.filter(project=project, organisation=organisation, role=role).exists():
        raise ValidationError(_("Organisationen har redan den rollen i projektet."))
    partner = ProjectPartner.objects.create(project=project, organisation=organisation, role=role)
    audit_log(
        user=by, action="projects.partner.added", project_id=project.pk, object_id=partner.pk, path=path
    )
    return partner


@transaction.atomic
def partner_remove(*, partner: ProjectPartner, by: User, path: str = "") -> None:
    audit_log(
        user=by,
        action="projects.partner.removed",
        project_id=partner.project_id,
        object_id=partner.pk,
        path=path,
    )
    partner.delete()


@transaction.atomic
def target_save(
    *, project: Project, metric: str, threshold_percent: int, description: str, by: User, path: str = ""
) -> ProjectTarget:
    """Create or replace the project's target for one metric."""
    target = ProjectTarget.objects.filter(project=project, metric=metric).first() or ProjectTarget(
        project=project, metric=metric
    )
    target.threshold_percent = threshold_percent
    target.description = description
    target.full_clean()
    target.save()
    audit_log(user=by, action="projects.target.saved", project_id=project.pk, object_id=target.pk, path=path)
    return target


@transaction.atomic
def target_delete(*, target: ProjectTarget, by: User, path: str = "") -> None:
    audit_log(
        user=by,
        action="projects.target.deleted",
        project_id=target.project_id,
        object_id=target.pk,
        path=path,
    )
    target.delete()


@transaction.atomic
def municipality_save(
    *, project: Project, name: str, planned_places: int | None, by: User, path: str = ""
) -> ProjectMunicipality:
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Ange kommunens namn.")})
    municipality, _created = ProjectMunicipality.objects.update_or_create(
        project=project, name=name, defaults={"planned_places": planned_places}
    )
    audit_log(
        user=by,
        action="projects.municipality.saved",
        project_id=project.pk,
        object_id=municipality.pk,
        path=path,
    )
    return municipality


@transaction.atomic
def municipality_delete(*, municipality: ProjectMunicipality, by: User, path: str = "") -> None:
    if municipality.enrolments.exists():
        raise ValidationError(_("Kommunen har deltagare och kan inte tas bort."))
    audit_log(
        user=by,
        action="projects.municipality.deleted",
        project_id=municipality.project_id,
        object_id=municipality.pk,
        path=path,
    )
    municipality.delete()
