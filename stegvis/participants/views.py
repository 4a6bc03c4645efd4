"""Participant pages: list, enrol, refer, the participant page, phase, exit, consent."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from stegvis.accounts.selectors import (
    has_participant_access,
    is_referrer,
    project_get_for,
    sees_whole_project,
)
from stegvis.core.access import require
from stegvis.core.exceptions import ConcurrentEditError
from stegvis.core.forms import add_validation_error
from stegvis.participants import selectors, services
from stegvis.participants.forms import (
    ALL,
    ANONYMOUS,
    OPEN,
    ConsentForm,
    DeclineForm,
    EnrolForm,
    EnrolmentFilterForm,
    ExitForm,
    PhaseForm,
    ReferralForm,
    SensitiveOpenForm,
    WithdrawForm,
)
from stegvis.participants.models import Consent, IncomeSource, PhaseChange, Referral, Situation
from stegvis.participants.panels import panels_for
from stegvis.participants.timeline import enrolment_timeline

PAGE_SIZE = 25


def _person_data(cleaned: dict) -> services.PersonData:
    return services.PersonData(
        anonymous=cleaned["identity"] == ANONYMOUS,
        gender=cleaned["gender"],
        personal_id=cleaned.get("personal_id", ""),
        first_name=cleaned.get("first_name", ""),
        last_name=cleaned.get("last_name", ""),
        birth_year=cleaned.get("birth_year"),
        protected_identity=cleaned.get("protected_identity", False),
    )


@login_required
def enrolment_list(request: HttpRequest, project_pk: int) -> HttpResponse:
    project = project_get_for(request.user, project_pk)
    enrolments = selectors.enrolments_for(request.user, project)
    filters = EnrolmentFilterForm(request.GET, project=project)
    phase = "open"
    if filters.is_valid():
        coach = filters.cleaned_data.get("coach")
        chosen = filters.cleaned_data.get("phase", "")
        phase = {OPEN: "open", ALL: "all"}.get(chosen, chosen)
        enrolments = selectors.enrolments_search(
            enrolments,
            query=filters.cleaned_data.get("q", "").strip(),
            phase=phase,
            coach_id=coach.pk if coach else None,
        )
    else:
        enrolments = selectors.enrolments_search(enrolments, phase=phase)
    page = Paginator(
        enrolments.order_by("person__last_name", "person__first_name", "pk"), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    services.participant_list_viewed(project=project, by=request.user, path=request.get_full_path())
    context = {
        "project": project,
        "page_obj": page,
        "filters": filters,
        "filtered": bool(request.GET.get("q") or request.GET.get("phase") or request.GET.get("coach")),
        "open_only": phase == "open",
        "whole_project": sees_whole_project(request.user, project),
        "today": datetime.date.today(),
    }
    template = "participants/_enrolment_rows.html" if request.htmx else "participants/enrolment_list.html"
    return render(request, template, context)


@login_required
def enrol(request: HttpRequest, project_pk: int) -> HttpResponse:
    project = project_get_for(request.user, project_pk)
    require(has_participant_access(request.user, project))
    referral = None
    if request.GET.get("anvisning") or request.POST.get("referral"):
        referral_pk = request.GET.get("anvisning") or request.POST.get("referral")
        referral = (
            selectors.referral_get_for(request.user, project, int(referral_pk))
            if str(referral_pk).isdigit()
            else None
        )
        if referral is None or referral.status != Referral.Status.PENDING:
            raise Http404
    initial = {"coach": request.user.pk}
    if referral is not None:
        person = referral.person
        initial.update(
            {
                "identity": ANONYMOUS if person.is_anonymous else "identified",
                "personal_id": person.personal_id or "",
                "first_name": person.first_name,
                "last_name": person.last_name,
                "gender": person.gender,
                "birth_year": person.birth_year,
                "referring_organisation": referral.referring_organisation_id,
            }
        )
    form = EnrolForm(
        request.POST or None, project=project, initial=initial, person_locked=referral is not None
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            enrolment = services.participant_enrol(
                project=project,
                person_data=_person_data(data),
                consent_form_version=data.get("consent_form_version", ""),
                by=request.user,
                coach=data["coach"],
                start_date=data["start_date"],
                municipality=data["municipality"],
                entry=form.situation(),
                referral=referral,
                referring_organisation=None if referral else data["referring_organisation"],
                override_reason=data.get("override_reason", ""),
                path=request.path,
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("Deltagaren är inskriven."))
            return redirect("participants:detail", pk=enrolment.pk)
    return render(
        request, "participants/enrol_form.html", {"project": project, "form": form, "referral": referral}
    )


@login_required
def referral_list(request: HttpRequest, project_pk: int) -> HttpResponse:
    project = project_get_for(request.user, project_pk)
    referrals = selectors.referrals_for(request.user, project)
    page = Paginator(referrals, PAGE_SIZE).get_page(request.GET.get("page"))
    services.participant_list_viewed(
        project=project, by=request.user, path=request.get_full_path(), list_name="referrals"
    )
    context = {
        "project": project,
        "page_obj": page,
        "participant_access": has_participant_access(request.user, project),
        "can_refer": is_referrer(request.user, project) or has_participant_access(request.user, project),
    }
    return render(request, "participants/referral_list.html", context)


@login_required
def referral_create(request: HttpRequest, project_pk: int) -> HttpResponse:
    project = project_get_for(request.user, project_pk)
    require(is_referrer(request.user, project) or has_participant_access(request.user, project))
    initial = {"referring_organisation": request.user.organisation_id}
    form = ReferralForm(request.POST or None, project=project, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.participant_refer(
                project=project,
                person_data=_person_data(data),
                referring_organisation=data["referring_organisation"],
                received_on=data["received_on"],
                reason=data["reason"],
                by=request.user,
                path=request.path,
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("Anvisningen är skickad till projektet."))
            return redirect("participants:referrals", project_pk=project.pk)
    return render(request, "participants/referral_form.html", {"project": project, "form": form})


@login_required
def referral_decline(request: HttpRequest, project_pk: int, pk: int) -> HttpResponse:
    project = project_get_for(request.user, project_pk)
    require(has_participant_access(request.user, project))
    referral = selectors.referral_get_for(request.user, project, pk)
    form = DeclineForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.referral_decline(
                referral=referral,
                reason=form.cleaned_data["reason"],
                on=datetime.date.today(),
                by=request.user,
                path=request.path,
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("Anvisningen är avböjd."))
            return redirect("participants:referrals", project_pk=project.pk)
    return render(
        request,
        "participants/referral_decline.html",
        {"project": project, "referral": referral, "form": form},
    )


@login_required
def referred_status(request: HttpRequest, project_pk: int) -> HttpResponse:
    """A referrer's view: phase and next follow-up of the people they referred, nothing more."""
    project = project_get_for(request.user, project_pk)
    require(is_referrer(request.user, project))
    page = Paginator(
        selectors.referred_status_for(request.user, project).order_by("-start_date", "pk"), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    services.participant_list_viewed(
        project=project, by=request.user, path=request.get_full_path(), list_name="referred_status"
    )
    return render(request, "participants/referred_status.html", {"project": project, "page_obj": page})


def _detail_context(request: HttpRequest, enrolment, **extra) -> dict:
    # Loaded once on the enrolment, so the timeline and the panels (step movement) reuse them.
    prefetch_related_objects(
        [enrolment],
        Prefetch("phase_changes", queryset=PhaseChange.objects.order_by("changed_on", "pk")),
        Prefetch(
            "situations",
            queryset=Situation.objects.prefetch_related(
                "current_with", Prefetch("income_sources", queryset=IncomeSource.objects.order_by("pk"))
            ),
        ),
        Prefetch(
            "person__consents",
            queryset=Consent.objects.filter(project_id=enrolment.project_id).select_related(
                "recorded_by", "withdrawn_by"
            ),
        ),
    )
    situations = {s.moment: s for s in enrolment.situations.all()}
    context = {
        "enrolment": enrolment,
        "project": enrolment.project,
        "person": enrolment.person,
        "entry": situations.get(Situation.Moment.ENTRY),
        "exit_situation": situations.get(Situation.Moment.EXIT),
        "exit": getattr(enrolment, "exit", None) if not enrolment.is_open else None,
        "timeline": enrolment_timeline(enrolment),
        "consents": enrolment.person.consents.all(),
        "history": selectors.person_enrolment_history(enrolment),
        "phase_form": PhaseForm(current=enrolment.phase, initial={"version": enrolment.version}),
        "consent_form": ConsentForm(),
        "sensitive_form": SensitiveOpenForm(),
        "show_sensitive": False,
        "today": datetime.date.today(),
        "panels": panels_for(request, enrolment),
    }
    context.update(extra)
    return context


@login_required
def enrolment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = selectors.enrolment_get_for(request.user, pk)
    services.enrolment_viewed(enrolment=enrolment, by=request.user, path=request.path)
    return render(request, "participants/enrolment_detail.html", _detail_context(request, enrolment))


@login_required
@require_POST
def sensitive_open(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = selectors.enrolment_get_for(request.user, pk)
    form = SensitiveOpenForm(request.POST)
    show = False
    if form.is_valid():
        services.sensitive_opened(
            enrolment=enrolment, by=request.user, purpose=form.cleaned_data["purpose"], path=request.path
        )
        show = True
    context = _detail_context(request, enrolment, sensitive_form=form, show_sensitive=show)
    template = "participants/_sensitive.html" if request.htmx else "participants/enrolment_detail.html"
    return render(request, template, context)


def _versioned_post(request: HttpRequest, enrolment, form, action) -> HttpResponse | None:
    """Run a write against the version the user saw; on conflict say so and keep their input."""
    if not form.is_valid():
        return None
    try:
        action(form.cleaned_data)
    except ConcurrentEditError as error:
        form.add_error(None, error.message)
    except ValidationError as error:
        add_validation_error(form, error)
    else:
        return redirect("participants:detail", pk=enrolment.pk)
    return None


@login_required
def phase_change(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = selectors.enrolment_get_for(request.user, pk)
    if not enrolment.is_open:
        messages.info(request, _("Inskrivningen är avslutad."))
        return redirect("participants:detail", pk=enrolment.pk)
    form = PhaseForm(request.POST or None, current=enrolment.phase, initial={"version": enrolment.version})
    if request.method == "POST":
        done = _versioned_post(
            request,
            enrolment,
            form,
            lambda d: services.phase_change(
                enrolment=enrolment,
                phase=d["phase"],
                on=d["on"],
                by=request.user,
                expected_version=d["version"],
                path=request.path,
            ),
        )
        if done:
            messages.success(request, _("Fasen är ändrad."))
            return done
    return render(
        request,
        "participants/phase_form.html",
        {"enrolment": enrolment, "project": enrolment.project, "form": form},
    )


@login_required
def enrolment_exit(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = selectors.enrolment_get_for(request.user, pk)
    if not enrolment.is_open:
        messages.info(request, _("Inskrivningen är redan avslutad."))
        return redirect("participants:detail", pk=enrolment.pk)
    form = ExitForm(request.POST or None, initial={"version": enrolment.version})
    if request.method == "POST":
        done = _versioned_post(
            request,
            enrolment,
            form,
            lambda d: services.enrolment_exit(
                enrolment=enrolment,
                exit_date=d["exit_date"],
                reason=d["reason"],
                outcome=d["outcome"],
                qualification_gained=d["qualification_gained"],
                situation=form.situation(),
                by=request.user,
                expected_version=d["version"],
                path=request.path,
            ),
        )
        if done:
            messages.success(request, _("Deltagaren är avslutad."))
            return done
    return render(
        request,
        "participants/exit_form.html",
        {"enrolment": enrolment, "project": enrolment.project, "form": form},
    )


@login_required
def consent_add(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = selectors.enrolment_get_for(request.user, pk)
    if enrolment.person.is_anonymous:
        raise Http404
    form = ConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.consent_record(
                person=enrolment.person,
                project=enrolment.project,
                by=request.user,
                enrolment=enrolment,
                path=request.path,
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("Samtycket är registrerat."))
            return redirect("participants:detail", pk=enrolment.pk)
    return render(
        request,
        "participants/consent_form.html",
        {"enrolment": enrolment, "project": enrolment.project, "form": form},
    )


@login_required
def consent_withdraw(request: HttpRequest, pk: int, consent_pk: int) -> HttpResponse:
    enrolment = selectors.enrolment_get_for(request.user, pk)
    consent = get_object_or_404(enrolment.person.consents.filter(project=enrolment.project), pk=consent_pk)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.consent_withdraw(
                consent=consent,
                on=form.cleaned_data["on"],
                by=request.user,
                enrolment=enrolment,
                path=request.path,
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("Samtycket är återkallat."))
            return redirect("participants:detail", pk=enrolment.pk)
    return render(
        request,
        "participants/consent_withdraw.html",
        {"enrolment": enrolment, "project": enrolment.project, "consent": consent, "form": form},
    )
