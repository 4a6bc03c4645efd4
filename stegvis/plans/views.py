"""Plan pages: caseloads, the action plan with its goals, agreement, follow-ups and the printable plan."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from stegvis.accounts.selectors import project_get_for
from stegvis.core.access import require
from stegvis.core.exceptions import ConcurrentEditError
from stegvis.core.forms import add_validation_error
from stegvis.plans import selectors, services
from stegvis.plans.forms import (
    AgreementForm,
    FollowUpForm,
    GoalCreateForm,
    GoalForm,
    GoalStatusForm,
    PlanCreateForm,
)
from stegvis.plans.models import GoalStatus
from stegvis.plans.pdf import render_pdf

PAGE_SIZE = 50


def _try(form, action) -> bool:
    """Run a service for a valid form; on a conflict or a broken rule, say so on the form and keep the input."""
    try:
        action()
    except ConcurrentEditError as error:
        form.add_error(None, error.message)
        form.conflict = True
    except ValidationError as error:
        add_validation_error(form, error)
    else:
        return True
    return False


# --- caseloads -------------------------------------------------------------------------------


@login_required
def caseload(request: HttpRequest) -> HttpResponse:
    """Mina deltagare: the coach's start page, across every project they coach in."""
    require(selectors.is_coach_anywhere(request.user))
    today = datetime.date.today()
    rows = selectors.caseload_for_coach(request.user, today)
    services.caseload_viewed(by=request.user, path=request.get_full_path())
    context = {
        "rows": rows,
        "figures": selectors.caseload_figures(rows, today),
        "several_projects": len({r.project_id for r in rows}) > 1,
        "projects": selectors.coach_projects(request.user),
        "today": today,
        "soon_days": selectors.SOON_DAYS,
    }
    return render(request, "plans/caseload.html", context)


@login_required
def project_caseload(request: HttpRequest, project_pk: int) -> HttpResponse:
    """The whole project's caseload, load per coach and per municipality: for the project manager."""
    project = project_get_for(request.user, project_pk)
    today = datetime.date.today()
    rows = selectors.caseload_for_project(request.user, project, today)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    services.caseload_viewed(by=request.user, path=request.get_full_path(), project_id=project.pk)
    context = {
        "project": project,
        "page_obj": page,
        "rows": page.object_list,
        "figures": selectors.caseload_figures(rows, today),
        "coaches": selectors.coach_load(project, rows),
        "municipalities": selectors.municipality_load(project, rows),
        "today": today,
        "soon_days": selectors.SOON_DAYS,
    }
    return render(request, "plans/project_caseload.html", context)


# --- the plan --------------------------------------------------------------------------------


def _plan_context(request: HttpRequest, enrolment, plan, **extra) -> dict:
    today = datetime.date.today()
    tree = selectors.goal_tree(plan, history=True) if plan else []
    context = {
        "enrolment": enrolment,
        "project": enrolment.project,
        "person": enrolment.person,
        "plan": plan,
        "goals": tree,
        "summary": selectors.goal_summary(tree, today),
        "follow_ups": selectors.follow_ups_for(enrolment),
        "can_edit": enrolment.is_open,
        "statuses": GoalStatus.choices,
        "show_activities": selectors.goals_have_activities(),
        "today": today,
        "create_form": PlanCreateForm(),
    }
    context.update(extra)
    return context


@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment, plan = selectors.plan_for(request.user, pk)
    services.plan_viewed(enrolment=enrolment, by=request.user, path=request.path)
    return render(request, "plans/plan_detail.html", _plan_context(request, enrolment, plan))


@login_required
@require_POST
def plan_create(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment, plan = selectors.plan_for(request.user, pk)
    if plan is not None:
        return redirect("plans:plan", pk=enrolment.pk)
    form = PlanCreateForm(request.POST)
    if form.is_valid() and _try(
        form,
        lambda: services.plan_create(
            enrolment=enrolment, on=form.cleaned_data["drawn_up_on"], by=request.user, path=request.path
        ),
    ):
        messages.success(request, _("Handlingsplanen är skapad. Lägg till det första målet."))
        return redirect("plans:goal_add", pk=enrolment.pk)
    return render(
        request, "plans/plan_detail.html", _plan_context(request, enrolment, None, create_form=form)
    )


def _closed(request: HttpRequest, enrolment) -> HttpResponse | None:
    if enrolment.is_open:
        return None
    messages.info(request, _("Inskrivningen är avslutad. Planen visas som den var vid avslut."))
    return redirect("plans:plan", pk=enrolment.pk)


@login_required
def goal_add(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment, plan = selectors.plan_get_for(request.user, pk)
    if closed := _closed(request, enrolment):
        return closed
    parent_pk = request.POST.get("parent") or request.GET.get("delmal_till")
    parent = selectors.goal_get(plan, int(parent_pk)) if parent_pk and str(parent_pk).isdigit() else None
    if parent is not None and parent.parent_id is not None:
        parent = selectors.goal_get(plan, parent.parent_id)
    form = GoalCreateForm(
        request.POST or None, initial={"version": plan.version}, sub_goal=parent is not None
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _try(
            form,
            lambda: services.goal_create(
                plan=plan,
                expected_version=data["version"],
                description=data["description"],
                target_date=data["target_date"],
                status=data["status"],
                parent=parent,
                by=request.user,
                path=request.path,
            ),
        ):
            messages.success(request, _("Delmålet är sparat.") if parent else _("Målet är sparat."))
            if "another" in request.POST:
                url = request.path + (f"?delmal_till={parent.pk}" if parent else "")
                return redirect(url)
            return redirect("plans:plan", pk=enrolment.pk)
    context = {
        "enrolment": enrolment,
        "project": enrolment.project,
        "plan": plan,
        "parent": parent,
        "form": form,
        "current_tree": selectors.goal_tree(plan) if getattr(form, "conflict", False) else None,
    }
    return render(request, "plans/goal_form.html", context)


@login_required
def goal_edit(request: HttpRequest, pk: int, goal_pk: int) -> HttpResponse:
    enrolment, plan = selectors.plan_get_for(request.user, pk)
    if closed := _closed(request, enrolment):
        return closed
    goal = selectors.goal_get(plan, goal_pk)
    initial = {"version": plan.version, "description": goal.description, "target_date": goal.target_date}
    form = GoalForm(request.POST or None, initial=initial, sub_goal=goal.is_sub_goal)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _try(
            form,
            lambda: services.goal_update(
                goal=goal,
                expected_version=data["version"],
                description=data["description"],
                target_date=data["target_date"],
                by=request.user,
                path=request.path,
            ),
        ):
            messages.success(request, _("Ändringen är sparad."))
            return redirect("plans:plan", pk=enrolment.pk)
        goal = selectors.goal_get(plan, goal_pk)  # what is saved now, shown beside the user's input
    context = {
        "enrolment": enrolment,
        "project": enrolment.project,
        "plan": plan,
        "goal": goal,
        "parent": selectors.goal_get(plan, goal.parent_id) if goal.parent_id else None,
        "form": form,
        "current_goal": goal if getattr(form, "conflict", False) else None,
        "blockers": services.goal_delete_blockers(goal),
    }
    return render(request, "plans/goal_form.html", context)


@login_required
@require_POST
def goal_status(request: HttpRequest, pk: int, goal_pk: int) -> HttpResponse:
    """Inline status change on the plan page; with htmx only the goal list is swapped."""
    enrolment, plan = selectors.plan_get_for(request.user, pk)
    if not enrolment.is_open:
        return _closed(request, enrolment)  # type: ignore[return-value]
    goal = selectors.goal_get(plan, goal_pk)
    form = GoalStatusForm(request.POST)
    error = ""
    if form.is_valid():
        data = form.cleaned_data
        if _try(
            form,
            lambda: services.goal_status_change(
                goal=goal,
                expected_version=data["version"],
                status=data["status"],
                by=request.user,
                path=request.path,
            ),
        ):
            done = _("Status för ”%(goal)s” är nu %(status)s.") % {
                "goal": goal.description,
                "status": goal.get_status_display().lower(),
            }
            if not request.htmx:
                messages.success(request, done)
                return redirect("plans:plan", pk=enrolment.pk)
            return _goals_fragment(request, enrolment, plan, notice=done)
    error = " ".join(str(e) for e in form.non_field_errors() or [])
    error = error or " ".join(str(e) for errors in form.errors.values() for e in errors)
    plan.refresh_from_db(fields=["version"])
    if not request.htmx:
        messages.error(request, error)
        return redirect("plans:plan", pk=enrolment.pk)
    return _goals_fragment(request, enrolment, plan, error=error, error_goal=goal.pk)


def _goals_fragment(request: HttpRequest, enrolment, plan, **extra) -> HttpResponse:
    """The goal list partial of the plan page, re-rendered with the plan's new version."""
    context = _plan_context(request, enrolment, plan, **extra)
    return HttpResponse(render_to_string("plans/_goal_tree.html", context, request=request))


@login_required
def goal_delete(request: HttpRequest, pk: int, goal_pk: int) -> HttpResponse:
    enrolment, plan = selectors.plan_get_for(request.user, pk)
    if closed := _closed(request, enrolment):
        return closed
    goal = selectors.goal_get(plan, goal_pk)
    form = GoalStatusForm(request.POST or None, initial={"version": plan.version, "status": goal.status})
    form.fields["status"].required = False
    if request.method == "POST" and form.is_valid():
        if _try(
            form,
            lambda: services.goal_delete(
                goal=goal, expected_version=form.cleaned_data["version"], by=request.user, path=request.path
            ),
        ):
            messages.success(request, _("Målet är borttaget."))
            return redirect("plans:plan", pk=enrolment.pk)
    context = {
        "enrolment": enrolment,
        "project": enrolment.project,
        "goal": goal,
        "form": form,
        "blockers": services.goal_delete_blockers(goal),
    }
    return render(request, "plans/goal_delete.html", context)


@login_required
def agreement(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment, plan = selectors.plan_get_for(request.user, pk)
    if closed := _closed(request, enrolment):
        return closed
    initial = {
        "version": plan.version,
        "participant_on": plan.agreed_by_participant_on,
        "coach_on": plan.agreed_by_coach_on,
        "referrer_on": plan.agreed_by_referrer_on,
    }
    form = AgreementForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _try(
            form,
            lambda: services.plan_agreement_update(
                plan=plan,
                expected_version=data["version"],
                participant_on=data["participant_on"],
                coach_on=data["coach_on"],
                referrer_on=data["referrer_on"],
                by=request.user,
                path=request.path,
            ),
        ):
            messages.success(request, _("Godkännandet är sparat."))
            return redirect("plans:plan", pk=enrolment.pk)
        plan.refresh_from_db()
    context = {
        "enrolment": enrolment,
        "project": enrolment.project,
        "plan": plan,
        "form": form,
        "current": plan if getattr(form, "conflict", False) else None,
    }
    return render(request, "plans/agreement_form.html", context)


# --- follow-ups ------------------------------------------------------------------------------


def _flat(tree) -> list:
    return [g for goal in tree for g in (goal, *goal.sub_goals)]


@login_required
def follow_up_add(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment, plan = selectors.plan_for(request.user, pk)
    if not enrolment.is_open:
        messages.info(request, _("Inskrivningen är avslutad."))
        return redirect("plans:plan", pk=enrolment.pk)
    today = datetime.date.today()
    tree = selectors.goal_tree(plan) if plan else []
    initial = {"enrolment_version": enrolment.version, "plan_version": plan.version if plan else None}
    form = FollowUpForm(
        request.POST or None, enrolment=enrolment, goals=_flat(tree), today=today, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _try(
            form,
            lambda: services.follow_up_record(
                enrolment=enrolment,
                held_on=data["held_on"],
                participant_present=data["participant_present"],
                coach_present=data["coach_present"],
                referrer_present=data["referrer_present"],
                others_present=data["others_present"],
                agreed=data["agreed"],
                goal_statuses=form.goal_statuses(),
                plan_version=data["plan_version"],
                phase=data["phase"],
                next_follow_up_on=data["next_follow_up_on"],
                enrolment_version=data["enrolment_version"],
                by=request.user,
                path=request.path,
            ),
        ):
            messages.success(
                request,
                _("Uppföljningen är sparad. Nästa uppföljning: %(date)s.")
                % {"date": enrolment.next_follow_up_on.isoformat()},
            )
            return redirect("participants:detail", pk=enrolment.pk)
    if getattr(form, "conflict", False):
        # Show what is saved now next to what the user chose.
        tree = selectors.goal_tree(plan) if plan else []
        enrolment.refresh_from_db()
    fields = {name: form[name] for name in form.fields}
    rows = [
        (goal, fields[f"goal_{goal.pk}"], [(sub, fields[f"goal_{sub.pk}"]) for sub in goal.sub_goals])
        for goal in tree
        if f"goal_{goal.pk}" in fields
    ]
    context = {
        "enrolment": enrolment,
        "project": enrolment.project,
        "plan": plan,
        "form": form,
        "goal_rows": rows,
        "last": selectors.follow_ups_for(enrolment).first(),
        "today": today,
    }
    return render(request, "plans/follow_up_form.html", context)


# --- the printable plan ----------------------------------------------------------------------


def _print_context(request: HttpRequest, enrolment, plan) -> dict:
    tree = selectors.goal_tree(plan)
    referral = enrolment.referral
    today = datetime.date.today()
    next_on = enrolment.next_follow_up_on
    return {
        "enrolment": enrolment,
        "project": enrolment.project,
        "person": enrolment.person,
        "plan": plan,
        "goals": tree,
        "show_activities": selectors.goals_have_activities(),
        "referrer_organisation": referral.referring_organisation.name if referral else "",
        "printed_on": today,
        # An overdue date would only confuse the reader; the coach books a new one.
        "next_follow_up_on": next_on if enrolment.is_open and next_on and next_on >= today else None,
        "how_often": how_often(enrolment.project.follow_up_interval_days),
    }


def how_often(days: int) -> str:
    """The follow-up interval in words a participant uses."""
    if days <= 10:
        return _("varje vecka")
    if days <= 17:
        return _("varannan vecka")
    if 25 <= days <= 35:
        return _("ungefär en gång i månaden")
    if 50 <= days <= 70:
        return _("ungefär varannan månad")
    if 80 <= days <= 100:
        return _("ungefär var tredje månad")
    return _("ungefär var %(weeks)s:e vecka") % {"weeks": round(days / 7)}


@login_required
def plan_print(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment, plan = selectors.plan_get_for(request.user, pk)
    services.plan_printed(plan=plan, by=request.user, path=request.path)
    return render(request, "plans/plan_print.html", _print_context(request, enrolment, plan))


@login_required
def plan_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment, plan = selectors.plan_get_for(request.user, pk)
    context = _print_context(request, enrolment, plan)
    context["pdf"] = True
    html = render_to_string("plans/plan_print.html", context, request=request)
    pdf = render_pdf(html)
    services.plan_printed(plan=plan, by=request.user, path=request.path)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="handlingsplan-{enrolment.pk}.pdf"'
    return response
