"""Assessment pages: a participant's readings and charts, instruments, the project's rule, IPS fidelity."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from stegvis.accounts.selectors import project_get_for
from stegvis.assessments import charts, selectors, services
from stegvis.assessments.content import FIDELITY_MAX
from stegvis.assessments.forms import (
    AssessmentForm,
    DeleteForm,
    FidelityForm,
    ImportForm,
    InstrumentForm,
    RuleForm,
)
from stegvis.assessments.importing import AreaData, template_csv, template_json
from stegvis.assessments.models import Assessment, FidelityReview, Instrument
from stegvis.assessments.overview import enrolment_overview
from stegvis.assessments.stepmovement import CRITERIA, CRITERION_LABELS
from stegvis.core.access import require
from stegvis.core.exceptions import ConcurrentEditError
from stegvis.core.forms import add_validation_error
from stegvis.participants.models import Enrolment
from stegvis.plans.models import FollowUp
from stegvis.projects.models import Project


def _try(form: forms.Form, action: Callable[[], object]) -> bool:
    """Run a service for a valid form; on a conflict or a broken rule say so on the form, keeping the input."""
    try:
        action()
    except ConcurrentEditError as error:
        form.add_error(None, error.message)
    except ValidationError as error:
        add_validation_error(form, error)
    else:
        return True
    return False


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


# --- step movement as the pages show it --------------------------------------------------------


def step_movement_context(enrolment: Enrolment) -> dict:
    result = selectors.step_movement_for(enrolment)
    rule = enrolment.__dict__["_step_movement_rule"]
    criteria = [
        {
            "number": n,
            "label": CRITERION_LABELS[n],
            "met": result.criteria_met[n],
            "since": result.criteria_since[n],
            "in_rule": n in rule.criteria,
        }
        for n in CRITERIA
    ]
    return {
        "result": result,
        "rule": rule,
        "rule_text": selectors.rule_text(rule),
        "in_rule": [c for c in criteria if c["in_rule"]],
        "others": [c for c in criteria if not c["in_rule"]],
    }


# --- one participant ---------------------------------------------------------------------------


@login_required
def enrolment_assessments(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = selectors.enrolment_for_assessments(request.user, pk)
    services.assessments_viewed(enrolment=enrolment, by=request.user, path=request.path)
    readings = selectors.assessments_of(enrolment)
    overview = enrolment_overview(readings, instrument_pk=_int(request.GET.get("instrument")))
    context = {
        "enrolment": enrolment,
        "project": enrolment.project,
        "person": enrolment.person,
        "overview": overview,
        "step": step_movement_context(enrolment),
        "project_instrument": selectors.project_instrument(enrolment.project),
    }
    return render(request, "assessments/enrolment_assessments.html", context)


def _recording_instrument(request: HttpRequest, enrolment: Enrolment) -> Instrument | None:
    """The project's instrument, or another version this enrolment already has readings of."""
    asked = _int(request.GET.get("instrument") or request.POST.get("instrument"))
    current = selectors.project_instrument(enrolment.project)
    if asked is None or (current is not None and asked == current.pk):
        return current
    used = Instrument.objects.filter(pk=asked, assessments__enrolment=enrolment).distinct().first()
    if used is None:
        raise Http404
    return used


def _previous_levels(enrolment: Enrolment, instrument: Instrument, exclude: int | None = None) -> dict:
    """The latest level per area in earlier readings of this version, with when and by whom."""
    latest: dict[int, tuple[int, str]] = {}
    readings = (
        Assessment.objects.filter(enrolment=enrolment, instrument=instrument)
        .exclude(pk=exclude)
        .prefetch_related("scores__level")
        .order_by("assessed_on", "pk")
    )
    for reading in readings:
        for score in reading.scores.all():
            latest[score.area_id] = (
                score.level.value,
                f"{reading.assessed_on.isoformat()}, {reading.get_rater_display().lower()}",
            )
    return latest


def _follow_ups(enrolment: Enrolment) -> QuerySet[FollowUp]:
    return FollowUp.objects.filter(enrolment=enrolment).order_by("-held_on")


@login_required
def assessment_record(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = selectors.enrolment_for_assessments(request.user, pk)
    instrument = _recording_instrument(request, enrolment)
    if instrument is None:
        messages.info(
            request,
            _("Projektet har inget skattningsinstrument. Projektledaren väljer ett under Stegförflyttning."),
        )
        return redirect("assessments:enrolment", pk=enrolment.pk)
    areas = selectors.instrument_structure(instrument)
    follow_ups = _follow_ups(enrolment)
    initial = {}
    today_follow_up = follow_ups.filter(held_on=datetime.date.today()).first()
    if today_follow_up is not None:
        initial = {"follow_up": today_follow_up.pk, "occasion": Assessment.Occasion.FOLLOW_UP}
    elif not Assessment.objects.filter(enrolment=enrolment).exists():
        initial = {"occasion": Assessment.Occasion.ENTRY}
    form = AssessmentForm(
        request.POST or None,
        initial=initial,
        instrument=instrument,
        areas=areas,
        follow_ups=follow_ups,
        previous=_previous_levels(enrolment, instrument),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _try(
            form,
            lambda: services.assessment_record(
                enrolment=enrolment,
                instrument=instrument,
                assessed_on=data["assessed_on"],
                occasion=data["occasion"],
                rater=data["rater"],
                follow_up=data.get("follow_up"),
                levels=form.levels(),
                by=request.user,
                path=request.path,
            ),
        ):
            messages.success(request, _("Skattningen är sparad."))
            if request.POST.get("next") == "participant":
                return redirect("participants:detail", pk=enrolment.pk)
            return redirect("assessments:enrolment", pk=enrolment.pk)
    context = {
        "enrolment": enrolment,
        "project": enrolment.project,
        "person": enrolment.person,
        "instrument": instrument,
        "form": form,
        "next": request.GET.get("next") or request.POST.get("next", ""),
    }
    return render(request, "assessments/assessment_form.html", context)


@login_required
def assessment_edit(request: HttpRequest, pk: int, assessment_pk: int) -> HttpResponse:
    enrolment = selectors.enrolment_for_assessments(request.user, pk)
    assessment = selectors.assessment_get(enrolment, assessment_pk)
    instrument = assessment.instrument
    areas = selectors.instrument_structure(instrument)
    form = AssessmentForm(
        request.POST or None,
        initial=AssessmentForm.initial_from(assessment, areas),
        instrument=instrument,
        areas=areas,
        follow_ups=_follow_ups(enrolment),
        previous=_previous_levels(enrolment, instrument, exclude=assessment.pk),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _try(
            form,
            lambda: services.assessment_correct(
                assessment=assessment,
                expected_version=data.get("version") or 0,
                assessed_on=data["assessed_on"],
                occasion=data["occasion"],
                rater=data["rater"],
                follow_up=data.get("follow_up"),
                levels=form.levels(),
                by=request.user,
                path=request.path,
            ),
        ):
            messages.success(request, _("Skattningen är rättad."))
            return redirect("assessments:enrolment", pk=enrolment.pk)
    context = {
        "enrolment": enrolment,
        "project": enrolment.project,
        "person": enrolment.person,
        "instrument": instrument,
        "assessment": assessment,
        "form": form,
    }
    return render(request, "assessments/assessment_form.html", context)


@login_required
def assessment_delete(request: HttpRequest, pk: int, assessment_pk: int) -> HttpResponse:
    enrolment = selectors.enrolment_for_assessments(request.user, pk)
    assessment = selectors.assessment_get(enrolment, assessment_pk)
    form = DeleteForm(request.POST or None, initial={"version": assessment.version})
    if request.method == "POST" and form.is_valid():
        if _try(
            form,
            lambda: services.assessment_delete(
                assessment=assessment,
                expected_version=form.cleaned_data["version"],
                by=request.user,
                path=request.path,
            ),
        ):
            messages.success(request, _("Skattningen är borttagen."))
            return redirect("assessments:enrolment", pk=enrolment.pk)
    context = {
        "enrolment": enrolment,
        "project": enrolment.project,
        "person": enrolment.person,
        "assessment": assessment,
        "form": form,
    }
    return render(request, "assessments/assessment_delete.html", context)


# --- instruments -------------------------------------------------------------------------------


@login_required
def instrument_list(request: HttpRequest, project_pk: int) -> HttpResponse:
    project = project_get_for(request.user, project_pk)
    require(selectors.can_read_instruments(request.user, project))
    context = {
        "project": project,
        "instruments": list(selectors.instruments_for(project)),
        "project_instrument": selectors.project_instrument(project),
        "can_manage": selectors.can_manage(request.user, project),
    }
    return render(request, "assessments/instrument_list.html", context)


@login_required
def instrument_detail(request: HttpRequest, project_pk: int, pk: int) -> HttpResponse:
    project = project_get_for(request.user, project_pk)
    require(selectors.can_read_instruments(request.user, project))
    instrument = selectors.instrument_get_for(request.user, project, pk)
    context = {
        "project": project,
        "instrument": instrument,
        "areas": selectors.instrument_structure(instrument),
        "versions": list(selectors.instrument_versions(instrument, project)),
        "used": selectors.instrument_use_count(instrument, project),
        "used_anywhere": selectors.instrument_use_count(instrument),
        "is_project_instrument": selectors.project_instrument(project) == instrument,
        "can_edit": selectors.can_manage(request.user, project)
        and instrument.project_id == project.pk
        and instrument.is_current,
    }
    return render(request, "assessments/instrument_detail.html", context)


def _instrument_form(request: HttpRequest, initial: dict) -> tuple[InstrumentForm, bool]:
    """The form, and whether the user only asked to add an area or change the number of levels."""
    if request.method != "POST":
        count = initial.get("area_count", 8)
        return InstrumentForm(initial=initial, area_count=count, scale=initial.get("scale_max", 5)), False
    count = _int(request.POST.get("area_count")) or 1
    scale = _int(request.POST.get("scale_max")) or 5
    shown_scale = _int(request.POST.get("shown_scale")) or scale
    if "add_area" in request.POST or "refresh" in request.POST:
        if "add_area" in request.POST:
            count += 1
        data = {key: request.POST.get(key, "") for key in request.POST if key != "csrfmiddlewaretoken"}
        data["area_count"] = count
        return InstrumentForm(initial=data, area_count=count, scale=scale), False
    return InstrumentForm(request.POST, area_count=count, scale=shown_scale), True


@login_required
def instrument_create(request: HttpRequest, project_pk: int) -> HttpResponse:
    project = project_get_for(request.user, project_pk)
    require(selectors.can_manage(request.user, project))
    form, submitted = _instrument_form(
        request, {"raters": Instrument.Raters.BOTH, "scale_max": 5, "area_count": 6}
    )
    if submitted and form.is_valid():
        created: list[Instrument] = []
        if _try(
            form,
            lambda: created.append(
                services.instrument_create(
                    project=project, data=form.instrument_data(), by=request.user, path=request.path
                )
            ),
        ):
            messages.success(
                request, _("Instrumentet är sparat. Välj det under Stegförflyttning för att använda det.")
            )
            return redirect("assessments:instrument", project_pk=project.pk, pk=created[0].pk)
    return render(request, "assessments/instrument_form.html", {"project": project, "form": form})


@login_required
def instrument_edit(request: HttpRequest, project_pk: int, pk: int) -> HttpResponse:
    project = project_get_for(request.user, project_pk)
    require(selectors.can_manage(request.user, project))
    instrument = selectors.instrument_get_for(request.user, project, pk)
    if instrument.project_id != project.pk or not instrument.is_current:
        messages.info(request, _("Det här instrumentet kan inte ändras här."))
        return redirect("assessments:instrument", project_pk=project.pk, pk=instrument.pk)
    areas = selectors.instrument_structure(instrument)
    form, submitted = _instrument_form(request, InstrumentForm.initial_from(instrument, areas))
    if submitted and form.is_valid():
        saved: list[Instrument] = []
        if _try(
            form,
            lambda: saved.append(
                services.instrument_update(
                    instrument=instrument, data=form.instrument_data(), by=request.user, path=request.path
                )
            ),
        ):
            if saved[0].pk != instrument.pk:
                messages.success(
                    request,
                    _("Version %(v)s är sparad och används från och med nu.") % {"v": saved[0].version},
                )
            else:
                messages.success(request, _("Instrumentet är sparat."))
            return redirect("assessments:instrument", project_pk=project.pk, pk=saved[0].pk)
    context = {
        "project": project,
        "instrument": instrument,
        "form": form,
        "used": selectors.instrument_use_count(instrument),
    }
    return render(request, "assessments/instrument_form.html", context)


@login_required
def instrument_import(request: HttpRequest, project_pk: int) -> HttpResponse:
    project = project_get_for(request.user, project_pk)
    require(selectors.can_manage(request.user, project))
    form = ImportForm(request.POST or None, request.FILES or None, initial={"raters": Instrument.Raters.BOTH})
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        created: list[Instrument] = []
        if _try(
            form,
            lambda: created.append(
                services.instrument_import(
                    project=project,
                    filename=upload.name,
                    content=upload.read(),
                    name=form.cleaned_data["name"],
                    raters=form.cleaned_data["raters"],
                    licence_note=form.cleaned_data["licence_note"],
                    by=request.user,
                    path=request.path,
                )
            ),
        ):
            messages.success(
                request,
                _("Instrumentet är importerat med %(n)s områden. Kontrollera texterna nedan.")
                % {"n": created[0].areas.count()},
            )
            return redirect("assessments:instrument", project_pk=project.pk, pk=created[0].pk)
    return render(request, "assessments/instrument_import.html", {"project": project, "form": form})


EXAMPLE_AREAS = [
    AreaData(
        "Exempelområde",
        "Vad området handlar om.",
        ["Längst från målet", "Ett steg på väg", "Halvvägs", "Nära målet", "Vid målet"],
    ),
    AreaData("Ett område till", "", ["Nivå 1", "Nivå 2", "Nivå 3", "Nivå 4", "Nivå 5"]),
]


@login_required
def import_template(request: HttpRequest, project_pk: int) -> HttpResponse:
    project = project_get_for(request.user, project_pk)
    require(selectors.can_manage(request.user, project))
    if request.GET.get("format") == "json":
        body = template_json("Exempelinstrument", "Vad instrumentet mäter.", EXAMPLE_AREAS)
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="skattningsinstrument-mall.json"'
        return response
    # A BOM lets Excel open the file as UTF-8.
    response = HttpResponse("\ufeff" + template_csv(EXAMPLE_AREAS), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="skattningsinstrument-mall.csv"'
    return response


# --- the rule ----------------------------------------------------------------------------------


@login_required
def rule_edit(request: HttpRequest, project_pk: int) -> HttpResponse:
    project = project_get_for(request.user, project_pk)
    require(selectors.can_manage(request.user, project))
    rule = selectors.rule_for(project)
    instruments = selectors.instruments_for(project)
    initial = {
        "version": rule.version if rule.pk else 0,
        "criteria": sorted(rule.criteria),
        "combination": rule.combination,
        "instrument": rule.instrument_id,
        "description": rule.description,
        "uses_ips": rule.uses_ips,
    }
    form = RuleForm(request.POST or None, initial=initial, instruments=instruments)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _try(
            form,
            lambda: services.rule_save(
                project=project,
                expected_version=data["version"],
                criteria=set(data["criteria"]),
                combination=data["combination"],
                instrument=data["instrument"],
                description=data["description"],
                uses_ips=data["uses_ips"],
                by=request.user,
                path=request.path,
            ),
        ):
            messages.success(request, _("Regeln är sparad. Siffrorna på projektsidan räknas nu efter den."))
            return redirect("assessments:rule", project_pk=project.pk)
    context = {
        "project": project,
        "rule": rule,
        "rule_text": selectors.rule_text(rule),
        "form": form,
        "saved": rule.pk is not None,
    }
    return render(request, "assessments/rule_form.html", context)


# --- IPS fidelity ------------------------------------------------------------------------------


def _bands() -> list[tuple[int, str]]:
    return [(floor, str(band.label)) for floor, band in FidelityReview.BAND_FLOORS if floor > 0]


@login_required
def fidelity_list(request: HttpRequest, project_pk: int) -> HttpResponse:
    project = selectors.fidelity_project_for(request.user, project_pk)
    reviews = selectors.fidelity_reviews_for(project)
    teams = selectors.fidelity_by_team(reviews)
    chart = None
    if reviews:
        chart = charts.fidelity(
            {team: [(r.reviewed_on, r.total) for r in items] for team, items in teams.items()},
            _bands(),
            title=_("IPS-trohet över tid, totalpoäng per granskning"),
        )
    context = {
        "project": project,
        "reviews": list(reversed(reviews)),
        "teams": [(team, charts.legend_swatch(i)) for i, team in enumerate(teams)],
        "chart": chart,
        "can_manage": selectors.can_manage(request.user, project),
        "max": FIDELITY_MAX,
        "bands": FidelityReview.BAND_FLOORS,
    }
    return render(request, "assessments/fidelity_list.html", context)


@login_required
def fidelity_detail(request: HttpRequest, project_pk: int, pk: int) -> HttpResponse:
    project = selectors.fidelity_project_for(request.user, project_pk)
    review = selectors.fidelity_review_get(project, pk)
    previous = selectors.fidelity_previous(review)
    before = {item.number: item.score for item in previous.items.all()} if previous else {}
    context = {
        "project": project,
        "review": review,
        "previous": previous,
        "rows": [
            (
                item,
                before.get(item.number),
                item.score - before[item.number] if item.number in before else None,
            )
            for item in review.items.all()
        ],
        "can_manage": selectors.can_manage(request.user, project),
        "max": FIDELITY_MAX,
    }
    return render(request, "assessments/fidelity_detail.html", context)


def _fidelity_form(request: HttpRequest, project: Project, review: FidelityReview | None) -> HttpResponse:
    initial: dict = {}
    if review is not None:
        initial = {
            "version": review.version,
            "team_name": review.team_name,
            "reviewed_on": review.reviewed_on,
            "reviewers": review.reviewers,
            "summary": review.summary,
            **{f"item_{item.number}": item.score for item in review.items.all()},
        }
    else:
        last = FidelityReview.objects.filter(project=project).order_by("-reviewed_on").first()
        if last is not None:
            initial = {"team_name": last.team_name, "reviewers": last.reviewers}
    form = FidelityForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved: list[FidelityReview] = []
        if _try(
            form,
            lambda: saved.append(
                services.fidelity_review_save(
                    project=project,
                    review=review,
                    expected_version=data.get("version"),
                    team_name=data["team_name"],
                    reviewed_on=data["reviewed_on"],
                    reviewers=data["reviewers"],
                    summary=data["summary"],
                    scores=form.scores(),
                    by=request.user,
                    path=request.path,
                )
            ),
        ):
            messages.success(request, _("Granskningen är sparad."))
            return redirect("assessments:fidelity", project_pk=project.pk, pk=saved[0].pk)
    return render(
        request, "assessments/fidelity_form.html", {"project": project, "review": review, "form": form}
    )


@login_required
def fidelity_create(request: HttpRequest, project_pk: int) -> HttpResponse:
    project = selectors.fidelity_project_for(request.user, project_pk)
    require(selectors.can_manage(request.user, project))
    return _fidelity_form(request, project, None)


@login_required
def fidelity_edit(request: HttpRequest, project_pk: int, pk: int) -> HttpResponse:
    project = selectors.fidelity_project_for(request.user, project_pk)
    require(selectors.can_manage(request.user, project))
    return _fidelity_form(request, project, selectors.fidelity_review_get(project, pk))
