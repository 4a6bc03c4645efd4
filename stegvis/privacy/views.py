"""Privacy pages: access-log review, register extract, retention and the register of processing.

Administrators only, except a project's retention rule, which its project manager may
also set. Administrators see no participant content here by default: persons appear
by an internal reference (P-12), never by name or personnummer.
"""

from __future__ import annotations

import json

from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from django_tasks import TaskResultStatus

from stegvis.accounts.selectors import project_get_for
from stegvis.core.forms import add_validation_error
from stegvis.plans.pdf import render_pdf
from stegvis.privacy import extract, register, selectors, services, tasks
from stegvis.privacy.forms import EraseNowForm, LogFilterForm, RetentionForm, SubjectSearchForm

PAGE_SIZE = 50

FLAG_LABELS = {
    "burst": gettext_lazy("Många personer på kort tid"),
    "outside_caseload": gettext_lazy("Utanför användarens ärenden"),
    "after_exit": gettext_lazy("Öppnad efter avslut"),
}


@login_required
def index(request: HttpRequest) -> HttpResponse:
    selectors.require_administrator(request.user)
    return render(request, "privacy/index.html")


@login_required
def access_log(request: HttpRequest) -> HttpResponse:
    selectors.require_administrator(request.user)
    form = LogFilterForm(request.GET or None, users=selectors.log_users(), actions=selectors.log_actions())
    log_filter = form.to_filter()
    page = Paginator(selectors.access_log(log_filter), PAGE_SIZE).get_page(request.GET.get("page"))
    entries = list(page.object_list)
    projects = selectors.project_names({e.project_id for e in entries if e.project_id})
    rows = [
        (entry, projects.get(entry.project_id, ""), [FLAG_LABELS[f] for f in selectors.flags_of(entry)])
        for entry in entries
    ]
    services.log_reviewed(by=request.user, person_id=log_filter.person_id, path=request.get_full_path())
    context = {
        "form": form,
        "page_obj": page,
        "rows": rows,
        "filtered": bool(request.GET),
        "burst_persons": settings.REVIEW_BURST_PERSONS,
        "burst_minutes": settings.REVIEW_BURST_MINUTES,
    }
    return render(request, "privacy/access_log.html", context)


# --- register extract -----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def subject_search(request: HttpRequest) -> HttpResponse:
    """POST only for the number, so no personnummer ends up in a URL, a log or the browser history."""
    selectors.require_administrator(request.user)
    form = SubjectSearchForm(request.POST or None)
    not_found = False
    if request.method == "POST" and form.is_valid():
        person = selectors.person_for_extract(request.user, personal_id=form.cleaned_data["personal_id"])
        if person is not None:
            return redirect("privacy:subject_detail", pk=person.pk)
        not_found = True
    return render(request, "privacy/subject_search.html", {"form": form, "not_found": not_found})


@login_required
def subject_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """What the extract will hold, as counts per section; the content is in the files only."""
    person = selectors.person_get_for_extract(request.user, pk)
    sections = extract.sections_for(person)
    context = {
        "person": person,
        "reference": extract.person_reference(person),
        "sections": [(s.title, len(s.records)) for s in sections],
    }
    return render(request, "privacy/subject_detail.html", context)


def _extract(request: HttpRequest, pk: int, file_format: str):  # type: ignore[no-untyped-def]
    person = selectors.person_get_for_extract(request.user, pk)
    # Logged first, so the extract's own access section includes this very extract.
    services.subject_exported(person=person, by=request.user, file_format=file_format, path=request.path)
    return person, extract.sections_for(person), timezone.now()


@login_required
def subject_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    person, sections, produced_at = _extract(request, pk, "PDF")
    html = render_to_string(
        "privacy/subject_extract.html",
        {"person": person, "sections": sections, "produced_at": produced_at},
        request=request,
    )
    response = HttpResponse(render_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="registerutdrag-{extract.person_reference(person)}.pdf"'
    )
    return response


@login_required
def subject_json(request: HttpRequest, pk: int) -> HttpResponse:
    person, sections, produced_at = _extract(request, pk, "JSON")
    body = json.dumps(
        extract.as_json(person, sections, produced_at=produced_at), ensure_ascii=False, indent=2
    )
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="registerutdrag-{extract.person_reference(person)}.json"'
    )
    return response


# --- retention ------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def retention_overview(request: HttpRequest) -> HttpResponse:
    """The dry run per project, and a way to run gallring now instead of waiting for the schedule."""
    selectors.require_administrator(request.user)
    today = timezone.localdate()
    form = EraseNowForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = tasks.erase_due.enqueue(today=today.isoformat(), user_id=request.user.pk)
        if result.status == TaskResultStatus.SUCCESSFUL:
            counts = result.return_value
            messages.success(
                request,
                _("Gallringen är klar: %(persons)s personer är anonymiserade och körningen är loggad.")
                % {"persons": counts["persons"]},
            )
        elif result.status == TaskResultStatus.FAILED:
            messages.error(request, _("Gallringen kunde inte genomföras. Inget har ändrats; försök igen."))
        else:
            messages.info(request, _("Gallringen är startad och körs i bakgrunden. Resultatet loggas."))
        return redirect("privacy:retention")
    rows, plan = services.retention_overview(today=today)
    models_affected = [
        (apps.get_model(label)._meta.verbose_name_plural, count)
        for label, count in plan.rows.items()
        if count
    ]
    context = {"rows": rows, "plan": plan, "models_affected": models_affected, "form": form, "today": today}
    return render(request, "privacy/retention.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def retention_edit(request: HttpRequest, pk: int) -> HttpResponse:
    project = project_get_for(request.user, pk)
    retention = selectors.retention_get_for(request.user, project)
    initial = {
        "years": retention.years,
        "legal_hold": retention.legal_hold,
        "hold_reason": retention.hold_reason,
    }
    form = RetentionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.retention_policy_save(
                project=project, by=request.user, path=request.path, **form.cleaned_data
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("Gallringsregeln är sparad."))
            return redirect("privacy:retention_edit", pk=project.pk)
    context = {"project": project, "retention": retention, "form": form}
    return render(request, "privacy/retention_edit.html", context)


# --- register of processing -----------------------------------------------------------------


@login_required
def processing_register(request: HttpRequest) -> HttpResponse:
    """The register as a printable page (GDPR art. 30): one table per model."""
    selectors.require_administrator(request.user)
    label = {
        **dict(register.Category.choices),
        **dict(register.Sensitivity.choices),
        **dict(register.Erasure.choices),
    }
    subjects, retentions = dict(register.Subject.choices), dict(register.Retention.choices)
    groups = []
    for entry in register.REGISTER:
        model = apps.get_model(entry.model)
        rows = [
            {
                "field": model._meta.get_field(f.name).verbose_name,
                "category": label[f.category],
                "purpose": f.purpose,
                "sensitivity": label[f.sensitivity],
                "erasure": label[f.erasure],
                "special": f.sensitivity != register.Sensitivity.ORDINARY,
            }
            for f in entry.fields
        ]
        groups.append(
            {
                "title": str(model._meta.verbose_name_plural).capitalize(),
                "model": entry.model,
                "subject": subjects[entry.subject],
                "retention": retentions[entry.retention],
                "rows": rows,
            }
        )
    context = {"groups": groups, "printed_on": timezone.localdate()}
    return render(request, "privacy/register.html", context)
