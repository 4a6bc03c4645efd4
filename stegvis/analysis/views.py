"""The analysis page (figures per group, comparison of two groups, saved conclusions) and the conclusion form."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from stegvis.analysis import breakdown, charts, selectors, services
from stegvis.analysis.forms import AnalysisForm, CompareForm, NoteForm
from stegvis.analysis.models import Dimension
from stegvis.assessments import selectors as assessment_selectors
from stegvis.core.forms import add_validation_error
from stegvis.reports.exporters import Period, Table, small_count_note


def _diff(a: Any, b: Any) -> int | None:
    """A minus B in percentage points; None when either share is hidden or missing."""
    return a - b if isinstance(a, int) and isinstance(b, int) else None


def _context(request: HttpRequest, project, query, note_form: NoteForm | None = None) -> dict[str, Any]:
    today = datetime.date.today()
    form = AnalysisForm(query or None, project=project, today=today)
    period: Period = form.period()
    dimension = form.chosen_dimension()
    suppress = selectors.suppress(request.user, project)
    result = breakdown.breakdown(project, period, dimension, suppress=suppress)
    label = Dimension(dimension).label
    table = Table(
        str(label),
        breakdown.columns(),
        breakdown.table_rows(result),
        note=str(breakdown.ACTIVITY_NOTE) if dimension in breakdown.MULTI_VALUED else "",
        chart=charts.group_bars(
            [(row.label, row.work_share, row.moved_share) for row in result.rows],
            title=_("Andel arbete eller studier och stegförflyttning vid avslut per grupp"),
        )
        if result.rows
        else None,
        key="grupper",
    )
    compare_form = CompareForm(query if query.get("a") or query.get("b") else None, labels=result.labels)
    comparison = None
    if compare_form.is_bound and compare_form.is_valid():
        a, b = result.row(compare_form.cleaned_data["a"]), result.row(compare_form.cleaned_data["b"])
        comparison = {
            "a": a,
            "b": b,
            "work_diff": _diff(a.work_share, b.work_share),
            "moved_diff": _diff(a.moved_share, b.moved_share),
        }
    may_write = selectors.may_write_notes(request.user, project)
    if note_form is None and may_write:
        note_form = NoteForm(
            initial={
                "dimension": dimension,
                "period_start": period.start,
                "period_end": period.end,
                "group_a": comparison["a"].label if comparison else "",
                "group_b": comparison["b"].label if comparison else "",
            }
        )
    rule = assessment_selectors.rule_for(project, with_instrument=False)
    notes = selectors.notes_for(project)
    return {
        "project": project,
        "form": form,
        "period": period,
        "dimension": dimension,
        "dimension_label": label,
        "table": table,
        "tables": [table],
        "compare_form": compare_form,
        "comparison": comparison,
        "note_form": note_form,
        "may_write": may_write,
        "notes": notes,
        "dimension_labels": dict(Dimension.choices),
        "rule_text": assessment_selectors.rule_text(rule),
        "suppression_note": small_count_note() if suppress else "",
        "query": query.urlencode() if hasattr(query, "urlencode") else urlencode(query),
    }


@login_required
def index(request: HttpRequest, project_pk: int) -> HttpResponse:
    project = selectors.analysis_project_for(request.user, project_pk)
    context = _context(request, project, request.GET)
    services.analysis_viewed(project=project, by=request.user, path=request.get_full_path())
    return render(request, "analysis/index.html", context)


@login_required
@require_POST
def note_create(request: HttpRequest, project_pk: int) -> HttpResponse:
    project = selectors.analysis_project_for(request.user, project_pk)
    if not selectors.may_write_notes(request.user, project):
        raise PermissionDenied
    form = NoteForm(request.POST)
    if form.is_valid():
        data = services.NoteData(**form.cleaned_data)
        try:
            services.note_create(project=project, data=data, by=request.user, path=request.path)
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("Slutsatsen är sparad. Den kommer med i årsrapporten."))
            return redirect(_back(project.pk, form.cleaned_data))
    # Show the figures the note is about, with the form and what was typed.
    query = {
        "dimension": request.POST.get("dimension", ""),
        "start": request.POST.get("period_start", ""),
        "end": request.POST.get("period_end", ""),
    }
    if request.POST.get("group_a"):
        query.update(a=request.POST.get("group_a", ""), b=request.POST.get("group_b", ""))
    bound = QueryDict(mutable=True)
    bound.update(query)
    return render(request, "analysis/index.html", _context(request, project, bound, form))


def _back(project_pk: int, data: dict[str, Any]) -> str:
    query = {"dimension": data["dimension"], "start": data["period_start"], "end": data["period_end"]}
    if data.get("group_a"):
        query.update(a=data["group_a"], b=data["group_b"])
    return reverse("analysis:index", args=[project_pk]) + "?" + urlencode(query) + "#slutsatser"
