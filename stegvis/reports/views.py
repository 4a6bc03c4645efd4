"""Report pages: the list of reports, a report on screen, its files, and the post-exit checks."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from stegvis.accounts.selectors import sees_whole_project
from stegvis.core.forms import add_validation_error
from stegvis.jobs.services import job_start
from stegvis.participants.selectors import enrolment_get_for, enrolments_for
from stegvis.reports import jobs, selectors, services
from stegvis.reports.exporters import EXPORTERS, Exporter
from stegvis.reports.forms import AnnualReportTextForm, AnnualYearForm, PeriodForm, PostExitCheckForm
from stegvis.reports.render import FORMATS


def _exporter_for(request: HttpRequest, project_pk: int, identifier: str) -> tuple[Exporter, PeriodForm]:
    cls = EXPORTERS.get(identifier)
    if cls is None:
        raise Http404
    project = selectors.report_project_for(request.user, project_pk, participant_level=cls.participant_level)
    today = datetime.date.today()
    form = PeriodForm(request.GET or None, project=project, today=today)
    exporter = cls(
        project=project,
        period=form.period(),
        suppress=selectors.suppress_for(request.user, project),
        today=today,
    )
    return exporter, form


@login_required
def index(request: HttpRequest, project_pk: int) -> HttpResponse:
    project = selectors.report_project_for(request.user, project_pk)
    whole = sees_whole_project(request.user, project)
    reports = [cls for cls in EXPORTERS.values() if whole or not cls.participant_level]
    return render(request, "reports/index.html", {"project": project, "reports": reports})


@login_required
def report(request: HttpRequest, project_pk: int, identifier: str) -> HttpResponse:
    exporter, form = _exporter_for(request, project_pk, identifier)
    result = exporter.report()
    services.report_viewed(
        project=exporter.project,
        identifier=identifier,
        file_format="screen",
        by=request.user,
        path=request.get_full_path(),
    )
    return render(
        request,
        "reports/report.html",
        {
            "project": exporter.project,
            "exporter": exporter,
            "report": result,
            "form": form,
            "query": request.GET.urlencode(),
            "formats": exporter.formats,
            "in_background": selectors.is_large(exporter.project),
        },
    )


@login_required
def download(request: HttpRequest, project_pk: int, identifier: str, file_format: str) -> HttpResponse:
    exporter, form = _exporter_for(request, project_pk, identifier)
    if file_format not in exporter.formats:
        raise Http404
    if form.is_bound and not form.is_valid():
        return redirect(f"{request.path.rsplit('/', 1)[0]}/?{request.GET.urlencode()}")
    render_file, content_type = FORMATS[file_format]
    result = exporter.report()
    content = render_file(result)
    services.report_viewed(
        project=exporter.project,
        identifier=identifier,
        file_format=file_format,
        by=request.user,
        path=request.get_full_path(),
    )
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{result.filename(file_format)}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def export(request: HttpRequest, project_pk: int, identifier: str) -> HttpResponse:
    """Make a report file in the background and go to its progress page."""
    exporter, form = _exporter_for(request, project_pk, identifier)
    file_format = request.POST.get("file_format", "")
    if file_format not in exporter.formats or (form.is_bound and not form.is_valid()):
        messages.error(request, _("Välj en giltig period och ett filformat."))
        return redirect("reports:report", project_pk=project_pk, identifier=identifier)
    period = exporter.period
    job = job_start(
        user=request.user,
        kind=jobs.KIND,
        project=exporter.project,
        task=jobs.run_export,
        params={
            "user_id": request.user.pk,
            "project_id": exporter.project.pk,
            "identifier": identifier,
            "file_format": file_format,
            "start": period.start.isoformat(),
            "end": period.end.isoformat(),
        },
    )
    services.report_viewed(
        project=exporter.project,
        identifier=identifier,
        file_format=f"{file_format}:background",
        by=request.user,
        path=request.get_full_path(),
    )
    return redirect("jobs:detail", pk=job.pk)


@login_required
def checks_due(request: HttpRequest, project_pk: int) -> HttpResponse:
    """The user's participants whose check about six months after exit is due or overdue."""
    from stegvis.accounts.selectors import project_get_for

    project = project_get_for(request.user, project_pk)
    enrolments_for(request.user, project)  # 403 without participant-level access
    today = datetime.date.today()
    due = selectors.checks_due_for(request.user, project, today)
    return render(request, "reports/checks_due.html", {"project": project, "due": due, "today": today})


@login_required
def post_exit_check(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = enrolment_get_for(request.user, pk)
    if not selectors.needs_check(enrolment):
        messages.info(request, _("Uppföljning efter avslut görs när inskrivningen är avslutad."))
        return redirect("participants:detail", pk=enrolment.pk)
    existing = selectors.check_of(enrolment)
    initial = {}
    if existing is not None:
        initial = {
            "checked_on": existing.checked_on,
            "reached": "true" if existing.reached else "false",
            "method": existing.method,
            "sysselsattning": existing.sysselsattning,
            "employed": {True: "true", False: "false"}.get(existing.employed, ""),
            "improved": {True: "true", False: "false"}.get(existing.improved, ""),
        }
    form = PostExitCheckForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = services.CheckData(**form.cleaned_data)
        try:
            services.post_exit_check_record(
                enrolment=enrolment, data=data, by=request.user, path=request.path
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("Uppföljningen efter avslut är sparad."))
            return redirect("participants:detail", pk=enrolment.pk)
    return render(
        request,
        "reports/post_exit_check_form.html",
        {
            "enrolment": enrolment,
            "form": form,
            "existing": existing,
            "due_on": selectors.due_on_for(enrolment),
        },
    )


# --- the annual report -------------------------------------------------------------------------


@login_required
def annual(request: HttpRequest, project_pk: int) -> HttpResponse:
    """Choose a year, see what the report holds, and make the PDF in the background."""
    project = selectors.report_project_for(request.user, project_pk)
    form = AnnualYearForm(request.GET or None, project=project, today=datetime.date.today())
    year = form.chosen_year()
    return render(
        request,
        "reports/annual.html",
        {
            "project": project,
            "form": form,
            "year": year,
            "text": selectors.annual_text_of(project, year),
            "may_write": selectors.may_write_annual_text(request.user, project),
            "suppressed": selectors.suppress_for(request.user, project),
        },
    )


@login_required
@require_POST
def annual_export(request: HttpRequest, project_pk: int) -> HttpResponse:
    project = selectors.report_project_for(request.user, project_pk)
    form = AnnualYearForm(request.POST, project=project, today=datetime.date.today())
    if not form.is_valid():
        messages.error(request, _("Välj ett av åren i listan."))
        return redirect("reports:annual", project_pk=project.pk)
    year = form.cleaned_data["year"]
    job = job_start(
        user=request.user,
        kind=jobs.ANNUAL_KIND,
        project=project,
        task=jobs.run_annual,
        params={"user_id": request.user.pk, "project_id": project.pk, "year": year},
    )
    services.report_viewed(
        project=project,
        identifier="arsrapport",
        file_format=f"pdf:{year}",
        by=request.user,
        path=request.get_full_path(),
    )
    return redirect("jobs:detail", pk=job.pk)


@login_required
def annual_text(request: HttpRequest, project_pk: int, year: int) -> HttpResponse:
    """The project manager's analysis and proposed measures for the year."""
    from stegvis.reports.forms import year_choices

    project = selectors.report_project_for(request.user, project_pk)
    if not selectors.may_write_annual_text(request.user, project):
        raise PermissionDenied
    if year not in {y for y, _label in year_choices(project, datetime.date.today())}:
        raise Http404
    existing = selectors.annual_text_of(project, year)
    initial = (
        {"analysis": existing.analysis, "proposed_measures": existing.proposed_measures} if existing else {}
    )
    form = AnnualReportTextForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.annual_report_text_save(
            project=project, year=year, by=request.user, path=request.path, **form.cleaned_data
        )
        messages.success(request, _("Texten till årsrapporten är sparad."))
        return redirect(f"{reverse('reports:annual', args=[project.pk])}?year={year}")
    return render(
        request,
        "reports/annual_text_form.html",
        {"project": project, "year": year, "form": form, "existing": existing},
    )
