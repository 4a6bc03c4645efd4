"""Project pages: list, overview, and the project manager's settings."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from stegvis.accounts.models import Role
from stegvis.accounts.selectors import (
    has_participant_access,
    is_project_manager,
    is_referrer,
    project_get_for,
    projects_for,
    roles_in,
)
from stegvis.core.access import require
from stegvis.core.forms import add_validation_error
from stegvis.core.suppression import threshold as suppression_threshold
from stegvis.projects import services
from stegvis.projects.forms import MunicipalityForm, PartnerForm, ProjectForm, TargetForm
from stegvis.projects.links import links_for
from stegvis.projects.sections import sections_for
from stegvis.projects.selectors import project_overview_figures


def _can_manage(user, project) -> bool:
    return is_project_manager(user, project) or user.is_administrator


@login_required
def project_list(request: HttpRequest) -> HttpResponse:
    projects = list(projects_for(request.user).order_by("name"))
    visible = {p.pk for p in projects}
    children: dict[int, list] = {}
    for project in projects:
        if project.parent_id in visible:
            children.setdefault(project.parent_id, []).append(project)
    # Each umbrella project is followed by its sub-projects.
    ordered = []
    for project in projects:
        if project.parent_id not in visible:
            ordered += [project, *children.get(project.pk, [])]
    labels = dict(Role.choices)
    rows = [(p, sorted(labels[r] for r in roles_in(request.user, p) if r in labels)) for p in ordered]
    return render(request, "projects/project_list.html", {"rows": rows})


@login_required
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    project = project_get_for(request.user, pk)
    participant_access = has_participant_access(request.user, project)
    context = {
        "project": project,
        "figures": project_overview_figures(project, suppress=not participant_access),
        "participant_access": participant_access,
        "can_manage": _can_manage(request.user, project),
        "is_referrer": is_referrer(request.user, project),
        "partners": project.partners.select_related("organisation"),
        "targets": project.targets.all(),
        "subprojects": project.subprojects.select_related("owner"),
        "SMALL_COUNT": suppression_threshold(),
        "extra_links": links_for(request.user, project),
        "sections": sections_for(request, project, participant_access),
    }
    return render(request, "projects/project_detail.html", context)


@login_required
def project_edit(request: HttpRequest, pk: int) -> HttpResponse:
    project = project_get_for(request.user, pk)
    require(_can_manage(request.user, project))
    form = ProjectForm(request.POST or None, instance=project)
    if request.method == "POST" and form.is_valid():
        try:
            services.project_update(
                project=project, data=form.cleaned_data, by=request.user, path=request.path
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("Projektet är sparat."))
            return redirect("projects:detail", pk=project.pk)
    return render(request, "projects/project_form.html", {"project": project, "form": form})


@login_required
def project_settings(request: HttpRequest, pk: int) -> HttpResponse:
    """Partners, municipalities with planned places, and targets on one page."""
    project = project_get_for(request.user, pk)
    require(_can_manage(request.user, project))
    forms = {
        "partner": PartnerForm(prefix="partner"),
        "target": TargetForm(prefix="target"),
        "municipality": MunicipalityForm(prefix="municipality"),
    }
    if request.method == "POST":
        kind = request.POST.get("kind", "")
        if kind in forms:
            form = {"partner": PartnerForm, "target": TargetForm, "municipality": MunicipalityForm}[kind](
                request.POST, prefix=kind
            )
            forms[kind] = form
            if form.is_valid():
                try:
                    _save_setting(kind, project, form.cleaned_data, request)
                except ValidationError as error:
                    add_validation_error(form, error)
                else:
                    messages.success(request, _("Sparat."))
                    return redirect("projects:settings", pk=project.pk)
    context = {
        "project": project,
        "forms": forms,
        "partners": project.partners.select_related("organisation"),
        "targets": project.targets.all(),
        "municipalities": project.municipalities.all(),
    }
    return render(request, "projects/project_settings.html", context)


def _save_setting(kind: str, project, data: dict, request: HttpRequest) -> None:
    if kind == "partner":
        services.partner_add(
            project=project,
            organisation=data["organisation"],
            role=data["role"],
            by=request.user,
            path=request.path,
        )
    elif kind == "target":
        services.target_save(
            project=project,
            metric=data["metric"],
            threshold_percent=data["threshold_percent"],
            description=data["description"],
            by=request.user,
            path=request.path,
        )
    else:
        services.municipality_save(
            project=project,
            name=data["name"],
            planned_places=data["planned_places"],
            by=request.user,
            path=request.path,
        )


@login_required
@require_POST
def project_setting_delete(request: HttpRequest, pk: int, kind: str, item_pk: int) -> HttpResponse:
    if kind not in ("partner", "target", "municipality"):
        raise Http404
    project = project_get_for(request.user, pk)
    require(_can_manage(request.user, project))
    try:
        if kind == "partner":
            services.partner_remove(
                partner=get_object_or_404(project.partners, pk=item_pk), by=request.user, path=request.path
            )
        elif kind == "target":
            services.target_delete(
                target=get_object_or_404(project.targets, pk=item_pk), by=request.user, path=request.path
            )
        else:
            services.municipality_delete(
                municipality=get_object_or_404(project.municipalities, pk=item_pk),
                by=request.user,
                path=request.path,
            )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Borttaget."))
    return redirect("projects:settings", pk=project.pk)
