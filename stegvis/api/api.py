"""The JSON API under /api/v1/: the same selectors, services, access rules and audit as the pages.

Every operation runs as the token's user. Not visible is 404 (existence is not revealed);
visible but not allowed is 403, as on the pages. Every read of person data writes the
same audit entry as the corresponding page, with the API path. Writes go through the
services; a stale `version` gives 409 with the current version.

No `from __future__ import annotations` here: ninja reads the annotations at runtime.
"""

from typing import Any, Literal

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Path, Query, Status
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.pagination import paginate

from stegvis.accounts.models import Role
from stegvis.accounts.selectors import (
    has_participant_access,
    is_referrer,
    project_get_for,
    projects_for,
    roles_in,
)
from stegvis.activities import selectors as activity_selectors
from stegvis.activities import services as activity_services
from stegvis.api import schemas as s
from stegvis.api.auth import TokenAuth
from stegvis.api.pagination import Pagination, Rows
from stegvis.assessments import selectors as assessment_selectors
from stegvis.assessments import services as assessment_services
from stegvis.assessments.models import Area
from stegvis.core.exceptions import ConcurrentEditError
from stegvis.core.models import Gender
from stegvis.participants import selectors as participant_selectors
from stegvis.participants import services as participant_services
from stegvis.participants.forms import EnrolForm, ExitForm, PhaseForm
from stegvis.participants.models import Enrolment, Phase, Situation
from stegvis.plans import selectors as plan_selectors
from stegvis.plans import services as plan_services
from stegvis.projects.models import Project
from stegvis.projects.selectors import project_overview_figures


class StegvisAPI(NinjaAPI):
    def create_response(self, request: HttpRequest, data: Any, **kwargs: Any) -> HttpResponse:
        response = super().create_response(request, data, **kwargs)
        # Answers hold personal data: no cache, proxy or browser may keep them.
        response["Cache-Control"] = "no-store"
        return response


api = StegvisAPI(
    title="Stegvis API",
    version="1",
    description=(
        "Stegvis JSON-API. Autentisera med en API-nyckel (sidan API-nycklar) i huvudet "
        "`Authorization: Bearer <nyckel>`. Nyckeln har exakt dina behörigheter. "
        "Alla listor sidindelas med `limit` (högst 100) och `offset`."
    ),
    urls_namespace="api-v1",
    openapi_url="/openapi.json",
    # The Swagger page loads scripts from a CDN and inline, which the CSP forbids: docs/api.md instead.
    docs_url=None,
    auth=TokenAuth(),
)

ID = Path(..., ge=1, le=s.MAX_ID)
ERRORS: dict[int, Any] = {401: s.ErrorOut, 403: s.ErrorOut, 404: s.ErrorOut, 422: s.ValidationErrorOut}
BODY_ERRORS: dict[int, Any] = {**ERRORS, 400: s.ErrorOut}
WRITE_ERRORS: dict[int, Any] = {**BODY_ERRORS, 409: s.ConflictOut}


# --- errors as JSON, in Swedish ------------------------------------------------------------


def _detail(request: HttpRequest, message: str, status: int) -> HttpResponse:
    return api.create_response(request, {"detail": message}, status=status)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = _detail(
        request,
        _(
            "Ange en giltig API-nyckel i huvudet Authorization, som Bearer följt av nyckeln. Nycklar skapas på sidan API-nycklar."
        ),
        401,
    )
    response["WWW-Authenticate"] = "Bearer"
    return response


class NotFound(Http404):
    """A 404 whose message may be shown (it reveals nothing the user may not know)."""


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if exc.status_code == 400:
        return _detail(request, _("Begäran kunde inte tolkas. Skicka giltig JSON (UTF-8)."), 400)
    return _detail(request, str(exc), exc.status_code)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    if isinstance(exc, NotFound):
        return _detail(request, str(exc), 404)
    return _detail(request, _("Hittades inte, eller så har du inte behörighet att se det."), 404)


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return _detail(request, _("Din roll i projektet ger inte tillgång till det här."), 403)


@api.exception_handler(NinjaValidationError)
def _invalid(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    errors = [
        {"loc": list(e.get("loc", [])), "msg": str(e.get("msg", "")), "type": str(e.get("type", ""))}
        for e in exc.errors
    ]
    return api.create_response(request, {"detail": errors}, status=422)


# The page forms' field names where the API's differ.
API_FIELD = {
    "coach": "coach_id",
    "municipality": "municipality_id",
    "referring_organisation": "referring_organisation_id",
}


@api.exception_handler(DjangoValidationError)
def _rule_broken(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    """A page form's or service's rule, in the shape of ninja's validation errors (same `loc`)."""
    body = ["body", "payload"]
    if hasattr(exc, "error_dict"):
        errors = [
            {
                "loc": body if field == NON_FIELD_ERRORS else [*body, API_FIELD.get(field, field)],
                "msg": message,
                "type": "value_error",
            }
            for field, messages in exc.message_dict.items()
            for message in messages
        ]
    else:
        errors = [{"loc": body, "msg": message, "type": "value_error"} for message in exc.messages]
    return api.create_response(request, {"detail": errors}, status=422)


def _conflict(request: HttpRequest, enrolment: Enrolment, sent: int) -> HttpResponse:
    current = Enrolment.objects.filter(pk=enrolment.pk).values_list("version", flat=True).first() or 0
    message = _(
        "Inskrivningen har ändrats av någon annan sedan du hämtade den (du skickade version %(sent)s, "
        "nu gäller version %(current)s). Ingenting är sparat: hämta inskrivningen igen och gör om ändringen."
    ) % {"sent": sent, "current": current}
    return api.create_response(
        request, {"detail": message, "code": "conflict", "current_version": current}, status=409
    )


def _form_errors(form) -> DjangoValidationError:
    """A page form's errors as a ValidationError, so they reach the client like a service's."""
    return DjangoValidationError(
        {field: [e["message"] for e in errors] for field, errors in form.errors.get_json_data().items()}
    )


# --- rows -------------------------------------------------------------------------------------


def _project_row(user, project: Project) -> dict:
    labels = dict(Role.choices)
    return {
        "id": project.pk,
        "name": project.name,
        "diarienummer": project.diarienummer,
        "fund": project.fund,
        "parent_id": project.parent_id,
        "start_date": project.start_date,
        "end_date": project.end_date,
        "planned_participants": project.planned_participants,
        "roles": sorted(str(labels[r]) for r in roles_in(user, project) if r in labels),
        "participant_access": has_participant_access(user, project),
    }


def _person_list(person) -> dict:
    return {
        "id": person.pk,
        "display_name": person.display_name,
        "personal_id_masked": person.personal_id_masked,
        "gender": person.gender,
        "birth_year": person.birth_year,
        "is_anonymous": person.is_anonymous,
    }


def _enrolment_row(enrolment: Enrolment) -> dict:
    coach = enrolment.coach
    return {
        "id": enrolment.pk,
        "project_id": enrolment.project_id,
        "person": _person_list(enrolment.person),
        "phase": enrolment.phase,
        "phase_label": str(enrolment.get_phase_display()),
        "start_date": enrolment.start_date,
        "next_follow_up_on": enrolment.next_follow_up_on,
        "coach": {"id": coach.pk, "name": coach.get_full_name() or coach.username},
        "municipality": enrolment.municipality.name if enrolment.municipality else None,
        "version": enrolment.version,
    }


def _enrolment_detail(enrolment: Enrolment) -> dict:
    person = enrolment.person
    row = _enrolment_row(enrolment)
    row["person"] = {
        **_person_list(person),
        "personal_id": person.personal_id_display,
        "first_name": person.first_name,
        "last_name": person.last_name,
        "protected_identity": person.protected_identity,
    }
    row["phase_history"] = [
        {"phase": phase, "changed_on": on}
        for phase, on in enrolment.phase_changes.order_by("changed_on", "pk").values_list(
            "phase", "changed_on"
        )
    ]
    # Sensitive characteristics and income sources stay behind the page's logged "open".
    entry = (
        Situation.objects.filter(enrolment=enrolment, moment=Situation.Moment.ENTRY)
        .values("sysselsattning", "labour_status", "education")
        .first()
    )
    row["entry"] = entry
    exit_ = getattr(enrolment, "exit", None) if not enrolment.is_open else None
    row["exit"] = (
        {
            "exit_date": exit_.exit_date,
            "reason": exit_.reason,
            "outcome": exit_.outcome,
            "qualification_gained": exit_.qualification_gained,
        }
        if exit_ is not None
        else None
    )
    return row


# --- projects ---------------------------------------------------------------------------------


@api.get("/projects", response={200: list[s.ProjectOut], **ERRORS}, tags=["Projekt"], url_name="projects")
@paginate(Pagination)
def project_list(request: HttpRequest):
    """Projekt du är medlem i (administratörer: alla)."""
    user = request.user
    return Rows(projects_for(user).order_by("name", "pk"), lambda p: _project_row(user, p))


@api.get(
    "/projects/{project_id}", response={200: s.ProjectOut, **ERRORS}, tags=["Projekt"], url_name="project"
)
def project_detail(request: HttpRequest, project_id: int = ID):
    project = project_get_for(request.user, project_id)
    return _project_row(request.user, project)


def _figure_row(row) -> dict:
    return {"label": str(row.label), "cells": row.cells, "total": row.total, "planned": row.planned}


def _share(share) -> dict:
    return {"met": share.met, "total": share.total, "percent": share.percent}


def _share_row(row) -> dict:
    return {
        "label": str(row.label),
        "criterion": row.criterion,
        "in_rule": row.in_rule,
        "applies": row.applies,
        "cells": {g: _share(c) for g, c in row.cells.items()},
        "total": _share(row.total),
    }


@api.get(
    "/projects/{project_id}/figures",
    response={200: s.FiguresOut, **ERRORS},
    tags=["Projekt"],
    url_name="project_figures",
)
def project_figures(request: HttpRequest, project_id: int = ID):
    """Projektets siffror som på projektsidan, per kön; små antal döljs ("..") för roller utan åtkomst till deltagare."""
    project = project_get_for(request.user, project_id)
    suppress = not has_participant_access(request.user, project)
    figures = project_overview_figures(project, suppress=suppress)
    steps = assessment_selectors.project_step_movement(project, suppress=suppress)
    return {
        "project_id": project.pk,
        "suppressed": suppress,
        "genders": [{"code": code, "label": str(label)} for code, label in Gender.choices],
        "reached": _figure_row(figures["reached"]),
        "current": _figure_row(figures["current"]),
        "phases": [_figure_row(r) for r in figures["phases"]],
        "municipalities": [_figure_row(r) for r in figures["municipalities"]],
        "outcomes": [_figure_row(r) for r in figures["outcomes"]],
        "step_movement": {
            "rule_text": str(steps.rule_text),
            "suppressed": steps.suppressed,
            "exited_count": steps.exited_count,
            "current_count": steps.current_count,
            "exited": [_share_row(r) for r in steps.exited],
            "current": [_share_row(r) for r in steps.current],
            "target_percent": steps.target.threshold_percent if steps.target else None,
            "target_reached": steps.target_reached,
        },
    }


# --- enrolments -------------------------------------------------------------------------------


SEARCH = Query("", max_length=100, pattern=s.TEXT, description="Namn, personnummer eller id.")
PHASE_FILTER = Query("open", description='"open" (standard), "all" eller en fas.')
COACH_FILTER = Query(None, ge=1, le=s.MAX_ID)
PhaseFilter = Literal[("open", "all", *Phase.values)]  # type: ignore[misc]


@api.get(
    "/projects/{project_id}/enrolments",
    response={200: list[s.EnrolmentListOut], **ERRORS},
    tags=["Deltagare"],
    url_name="enrolments",
)
@paginate(Pagination)
def enrolment_list(
    request: HttpRequest,
    project_id: int = ID,
    q: str = SEARCH,
    phase: PhaseFilter = PHASE_FILTER,
    coach_id: int | None = COACH_FILTER,
):
    """Deltagare du ser i projektet, som listan Deltagare (personnummer maskerat)."""
    project = project_get_for(request.user, project_id)
    enrolments = participant_selectors.enrolments_search(
        participant_selectors.enrolments_for(request.user, project),
        query=q.strip(),
        phase=phase,
        coach_id=coach_id,
    ).order_by("person__last_name", "person__first_name", "pk")
    participant_services.participant_list_viewed(
        project=project, by=request.user, path=request.get_full_path()
    )
    return Rows(enrolments, _enrolment_row)


@api.get(
    "/projects/{project_id}/referred",
    response={200: list[s.ReferredOut], **ERRORS},
    tags=["Deltagare"],
    url_name="referred",
)
@paginate(Pagination)
def referred_list(request: HttpRequest, project_id: int = ID):
    """För anvisande handläggare: status för de personer du har anvisat (som sidan Mina anvisade)."""
    project = project_get_for(request.user, project_id)
    if not is_referrer(request.user, project):
        raise PermissionDenied
    rows = participant_selectors.referred_status_for(request.user, project).order_by("-start_date", "pk")
    participant_services.participant_list_viewed(
        project=project, by=request.user, path=request.get_full_path(), list_name="referred_status"
    )
    return Rows(
        rows,
        lambda e: {
            "id": e.pk,
            "display_name": e.person.display_name,
            "phase": e.phase,
            "phase_label": str(e.get_phase_display()),
            "referred_on": e.referral.received_on if e.referral else None,
            "start_date": e.start_date,
            "next_follow_up_on": e.next_follow_up_on,
        },
    )


def _bool_field(value: bool | None) -> str:
    return {True: "true", False: "false"}.get(value, "")  # type: ignore[arg-type]


@api.post(
    "/projects/{project_id}/enrolments",
    response={201: s.EnrolmentOut, **WRITE_ERRORS},
    tags=["Deltagare"],
    url_name="enrolment_create",
)
def enrolment_create(request: HttpRequest, payload: s.EnrolmentIn, project_id: int = ID):
    """Skriv in en deltagare, med samma fält och regler som sidan Skriv in deltagare."""
    project = project_get_for(request.user, project_id)
    if not has_participant_access(request.user, project):
        raise PermissionDenied
    data = payload.dict()
    form_data = {
        **{k: v for k, v in data.items() if isinstance(v, str)},
        "birth_year": "" if data["birth_year"] is None else str(data["birth_year"]),
        "protected_identity": data["protected_identity"],
        "consent_given": data["consent_given"],
        "coach": str(data["coach_id"] or request.user.pk),
        "start_date": data["start_date"].isoformat(),
        "municipality": str(data["municipality_id"] or ""),
        "referring_organisation": str(data["referring_organisation_id"] or ""),
        "income_sources": list(data["income_sources"]),
        "current_with": [str(pk) for pk in data["current_with"]],
        **{name: _bool_field(data[name]) for name in (*Situation.SENSITIVE_FIELDS, "rural_area")},
    }
    form = EnrolForm(form_data, project=project)
    if not form.is_valid():
        raise _form_errors(form)
    cleaned = form.cleaned_data
    enrolment = participant_services.participant_enrol(
        project=project,
        person_data=participant_services.PersonData(
            anonymous=cleaned["identity"] == "anonymous",
            gender=cleaned["gender"],
            personal_id=cleaned.get("personal_id", ""),
            first_name=cleaned.get("first_name", ""),
            last_name=cleaned.get("last_name", ""),
            birth_year=cleaned.get("birth_year"),
            protected_identity=cleaned.get("protected_identity", False),
        ),
        consent_form_version=cleaned.get("consent_form_version", ""),
        by=request.user,
        coach=cleaned["coach"],
        start_date=cleaned["start_date"],
        municipality=cleaned["municipality"],
        entry=form.situation(),
        referral=None,
        referring_organisation=cleaned["referring_organisation"],
        override_reason=cleaned.get("override_reason", ""),
        path=request.path,
    )
    enrolment = participant_selectors.enrolment_get_for(request.user, enrolment.pk)
    return Status(201, _enrolment_detail(enrolment))


@api.get(
    "/enrolments/{enrolment_id}",
    response={200: s.EnrolmentOut, **ERRORS},
    tags=["Deltagare"],
    url_name="enrolment",
)
def enrolment_detail(request: HttpRequest, enrolment_id: int = ID):
    """En deltagares inskrivning med personuppgifter, som deltagarsidan (läsningen loggas)."""
    enrolment = participant_selectors.enrolment_get_for(request.user, enrolment_id)
    participant_services.enrolment_viewed(enrolment=enrolment, by=request.user, path=request.path)
    return _enrolment_detail(enrolment)


def _versioned(request: HttpRequest, enrolment: Enrolment, version: int, write) -> HttpResponse | None:
    """Run a write against the version the client read; a stale one is a 409, nothing saved."""
    if version != enrolment.version:
        return _conflict(request, enrolment, version)
    try:
        write()
    except ConcurrentEditError:
        return _conflict(request, enrolment, version)
    return None


@api.post(
    "/enrolments/{enrolment_id}/phase",
    response={200: s.EnrolmentOut, **WRITE_ERRORS},
    tags=["Deltagare"],
    url_name="enrolment_phase",
)
def enrolment_phase(request: HttpRequest, payload: s.PhaseIn, enrolment_id: int = ID):
    """Byt fas (Kartläggning, Aktivitet, Prövning). Skicka `version` från senaste hämtningen."""
    enrolment = participant_selectors.enrolment_get_for(request.user, enrolment_id)
    form = PhaseForm(
        {"phase": payload.phase, "on": payload.on.isoformat(), "version": payload.version},
        current=enrolment.phase,
    )
    if not form.is_valid():
        if payload.version != enrolment.version:
            return _conflict(request, enrolment, payload.version)
        raise _form_errors(form)
    conflict = _versioned(
        request,
        enrolment,
        payload.version,
        lambda: participant_services.phase_change(
            enrolment=enrolment,
            phase=payload.phase,
            on=payload.on,
            by=request.user,
            expected_version=payload.version,
            path=request.path,
        ),
    )
    if conflict is not None:
        return conflict
    return _enrolment_detail(participant_selectors.enrolment_get_for(request.user, enrolment_id))


@api.post(
    "/enrolments/{enrolment_id}/exit",
    response={200: s.EnrolmentOut, **WRITE_ERRORS},
    tags=["Deltagare"],
    url_name="enrolment_exit",
)
def enrolment_exit(request: HttpRequest, payload: s.ExitIn, enrolment_id: int = ID):
    """Avsluta en inskrivning (avslut) med anledning, utfall och situation efter. Skicka `version`."""
    enrolment = participant_selectors.enrolment_get_for(request.user, enrolment_id)
    if payload.version != enrolment.version:
        return _conflict(request, enrolment, payload.version)
    form = ExitForm(
        {
            "exit_date": payload.exit_date.isoformat(),
            "reason": payload.reason,
            "outcome": payload.outcome,
            "qualification_gained": _bool_field(payload.qualification_gained),
            "sysselsattning": payload.sysselsattning,
            "income_sources": list(payload.income_sources),
            "version": payload.version,
        }
    )
    if not form.is_valid():
        raise _form_errors(form)
    conflict = _versioned(
        request,
        enrolment,
        payload.version,
        lambda: participant_services.enrolment_exit(
            enrolment=enrolment,
            exit_date=form.cleaned_data["exit_date"],
            reason=form.cleaned_data["reason"],
            outcome=form.cleaned_data["outcome"],
            qualification_gained=form.cleaned_data["qualification_gained"],
            situation=form.situation(),
            by=request.user,
            expected_version=payload.version,
            path=request.path,
        ),
    )
    if conflict is not None:
        return conflict
    return _enrolment_detail(participant_selectors.enrolment_get_for(request.user, enrolment_id))


# --- plan, activities, assessments ------------------------------------------------------------


def _goal(goal) -> dict:
    return {
        "id": goal.pk,
        "description": goal.description,
        "target_date": goal.target_date,
        "status": goal.status,
        "status_label": str(goal.get_status_display()),
        "status_changed_on": goal.status_changed_on,
    }


@api.get(
    "/enrolments/{enrolment_id}/plan",
    response={200: s.PlanOut, **ERRORS},
    tags=["Handlingsplan"],
    url_name="plan",
)
def plan_detail(request: HttpRequest, enrolment_id: int = ID):
    """Handlingsplanen med mål och delmål (404 när ingen plan är upprättad ännu)."""
    enrolment, plan = plan_selectors.plan_for(request.user, enrolment_id)
    if plan is None:
        raise NotFound(_("Deltagaren har ingen handlingsplan ännu."))
    plan_services.plan_viewed(enrolment=enrolment, by=request.user, path=request.path)
    return {
        "id": plan.pk,
        "enrolment_id": enrolment.pk,
        "drawn_up_on": plan.drawn_up_on,
        "agreed_by_participant_on": plan.agreed_by_participant_on,
        "agreed_by_coach_on": plan.agreed_by_coach_on,
        "agreed_by_referrer_on": plan.agreed_by_referrer_on,
        "version": plan.version,
        "goals": [
            {**_goal(goal), "sub_goals": [_goal(sub) for sub in goal.sub_goals]}
            for goal in plan_selectors.goal_tree(plan)
        ],
    }


def _activity(activity) -> dict:
    return {
        "id": activity.pk,
        "activity_type": activity.activity_type.name,
        "kind": activity.activity_type.kind,
        "start_date": activity.start_date,
        "end_date": activity.end_date,
        "end_reason": activity.end_reason,
        "place": activity.place,
        "planned_hours_per_week": (
            float(activity.planned_hours_per_week) if activity.planned_hours_per_week is not None else None
        ),
        "reported_hours": round(float(activity.reported_hours or 0), 2),
        "goal_ids": [goal.pk for goal in activity.goals.all()],
        "note": activity.note,
        "version": activity.version,
    }


@api.get(
    "/enrolments/{enrolment_id}/activities",
    response={200: list[s.ActivityOut], **ERRORS},
    tags=["Aktiviteter"],
    url_name="activities",
)
@paginate(Pagination)
def activity_list(request: HttpRequest, enrolment_id: int = ID):
    """Deltagarens individuella aktiviteter med rapporterade timmar och de mål de hör till."""
    enrolment = participant_selectors.enrolment_get_for(request.user, enrolment_id)
    activity_services.enrolment_page_viewed(enrolment=enrolment, by=request.user, path=request.path)
    return Rows(activity_selectors.activities_of(enrolment, with_goals=True), _activity)


def _assessment(assessment, area_names: dict[int, str]) -> dict:
    instrument = assessment.instrument
    return {
        "id": assessment.pk,
        "instrument": {"id": instrument.pk, "name": instrument.name, "version": instrument.version},
        "assessed_on": assessment.assessed_on,
        "occasion": assessment.occasion,
        "rater": assessment.rater,
        "version": assessment.version,
        "scores": [
            {"area_id": score.area_id, "area": area_names.get(score.area_id, ""), "level": score.level.value}
            for score in assessment.scores.all()
        ],
    }


@api.get(
    "/enrolments/{enrolment_id}/assessments",
    response={200: list[s.AssessmentOut], **ERRORS},
    tags=["Skattningar"],
    url_name="assessments",
)
@paginate(Pagination)
def assessment_list(request: HttpRequest, enrolment_id: int = ID):
    """Deltagarens skattningar, äldst först, med nivå per område (läsningen loggas)."""
    enrolment = assessment_selectors.enrolment_for_assessments(request.user, enrolment_id)
    assessment_services.assessments_viewed(enrolment=enrolment, by=request.user, path=request.path)
    readings = assessment_selectors.assessments_of(enrolment)
    names = _area_names(readings)
    return Rows(readings, lambda a: _assessment(a, names))


def _area_names(readings: list) -> dict[int, str]:
    """The areas' names for all readings in one query (the scores carry only the area's id)."""
    instruments = {a.instrument_id for a in readings}
    return dict(Area.objects.filter(instrument_id__in=instruments).values_list("pk", "name"))


@api.post(
    "/enrolments/{enrolment_id}/assessments",
    response={201: s.AssessmentOut, **BODY_ERRORS},
    tags=["Skattningar"],
    url_name="assessment_create",
)
def assessment_create(request: HttpRequest, payload: s.AssessmentIn, enrolment_id: int = ID):
    """Registrera en skattning: en nivå per område av projektets instrument."""
    enrolment = assessment_selectors.enrolment_for_assessments(request.user, enrolment_id)
    if payload.instrument_id is None:
        instrument = assessment_selectors.project_instrument(enrolment.project)
        if instrument is None:
            raise DjangoValidationError(
                {
                    "instrument_id": _(
                        "Projektet har inget skattningsinstrument. Projektledaren väljer ett under Stegförflyttning."
                    )
                }
            )
    else:
        instrument = assessment_selectors.instrument_get_for(
            request.user, enrolment.project, payload.instrument_id
        )
    assessment = assessment_services.assessment_record(
        enrolment=enrolment,
        instrument=instrument,
        assessed_on=payload.assessed_on,
        occasion=payload.occasion,
        rater=payload.rater,
        levels={item.area_id: item.level for item in payload.levels},
        by=request.user,
        path=request.path,
    )
    enrolment.__dict__.pop("_assessments", None)  # the selector keeps the readings per request
    readings = assessment_selectors.assessments_of(enrolment)
    created = next(a for a in readings if a.pk == assessment.pk)
    return Status(201, _assessment(created, _area_names([created])))
