"""Import pages: upload, column mapping, the dry-run report and the import itself."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from stegvis.accounts.selectors import project_get_for
from stegvis.core.access import require
from stegvis.imports import fields, reading, selectors, services
from stegvis.imports.forms import MappingForm, UploadForm
from stegvis.imports.models import ImportRun

TEMPLATE_CSV = Path(__file__).resolve().parent / "mall.csv"
RECENT = 10


@login_required
def start(request: HttpRequest, project_pk: int) -> HttpResponse:
    """Upload a file; the checks run before anything is stored."""
    project = project_get_for(request.user, project_pk)
    require(selectors.can_import(request.user, project))
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            run = services.import_upload(project=project, upload=form.cleaned_data["file"], by=request.user)
        except reading.FileRefused as refused:
            form.add_error("file", refused.message)
        else:
            return redirect("imports:mapping", pk=run.pk)
    context = {
        "project": project,
        "form": form,
        "recent": selectors.imports_for(request.user, project)[:RECENT],
        "targets": fields.TARGETS,
        "max_rows": settings.IMPORT_MAX_ROWS,
        "max_mb": settings.IMPORT_MAX_BYTES // (1024 * 1024),
    }
    return render(request, "imports/start.html", context)


@login_required
def template_csv(request: HttpRequest, project_pk: int) -> FileResponse:
    project = project_get_for(request.user, project_pk)
    require(selectors.can_import(request.user, project))
    return FileResponse(
        TEMPLATE_CSV.open("rb"),
        as_attachment=True,
        filename="stegvis-import-mall.csv",
        content_type="text/csv",
    )


@login_required
def mapping(request: HttpRequest, pk: int) -> HttpResponse:
    run = selectors.import_get_for(request.user, pk)
    if run.status not in (ImportRun.Status.UPLOADED, ImportRun.Status.CHECKED, ImportRun.Status.FAILED):
        return redirect("imports:detail", pk=run.pk)
    form = MappingForm(
        request.POST or None,
        headers=run.headers,
        initial=MappingForm.initial_for(run.mapping, run.consent_form_version),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.import_check(
                run=run,
                mapping=form.mapping(),
                consent_form_version=form.cleaned_data.get("consent_form_version", "").strip(),
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("imports:detail", pk=run.pk)
    return render(request, "imports/mapping.html", {"run": run, "project": run.project, "form": form})


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Where the import stands: the dry run's progress and report, the import's progress and result."""
    run = selectors.import_get_for(request.user, pk)
    job = run.running_job
    context = {
        "run": run,
        "project": run.project,
        "job": job,
        "mapped": [
            (fields.TARGET_LABELS[name], run.headers[index])
            for name, index in run.mapping.items()
            if index < len(run.headers)
        ],
    }
    return render(request, "imports/detail.html", context)


@login_required
@require_POST
def run_import(request: HttpRequest, pk: int) -> HttpResponse:
    run = selectors.import_get_for(request.user, pk)
    try:
        services.import_run(run=run, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("imports:detail", pk=run.pk)


@login_required
def abandon(request: HttpRequest, pk: int) -> HttpResponse:
    run = selectors.import_get_for(request.user, pk)
    if request.method == "POST":
        try:
            services.import_abandon(run=run, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("imports:detail", pk=run.pk)
        messages.success(request, _("Importen är avbruten och filen är raderad."))
        return redirect("imports:start", project_pk=run.project_id)
    return render(request, "imports/abandon.html", {"run": run, "project": run.project})
