"""Writes for action plans, goals and follow-ups.

Every service is keyword-only, runs in one transaction and writes its audit entry in
that same transaction. Every write to a plan or its goals is made against the
ActionPlan.version the user saw (optimistic locking): a stale write raises
ConcurrentEditError and changes nothing. Dates may lie in the past (a plan or a
follow-up recorded afterwards) but never in the future, never before the enrolment
started and, for an ended enrolment, never after its exit.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from stegvis.accounts.models import User
from stegvis.audit.models import AuditEntry
from stegvis.audit.services import audit_log
from stegvis.core.exceptions import ConcurrentEditError
from stegvis.participants import services as participant_services
from stegvis.participants.models import Enrolment
from stegvis.plans.models import ActionPlan, FollowUp, Goal, GoalStatus, GoalStatusChange

DESCRIPTION_MAX = 500


def _exit_date(enrolment: Enrolment) -> datetime.date | None:
    if enrolment.is_open:
        return None
    try:
        return enrolment.exit.exit_date
    except ObjectDoesNotExist:
        return None


def _check_date(enrolment: Enrolment, on: datetime.date, field: str) -> None:
    """A date in the plan's history: within the enrolment, never in the future."""
    if on > datetime.date.today():
        raise ValidationError({field: _("Datumet kan inte ligga i framtiden.")})
    if on < enrolment.start_date:
        raise ValidationError(
            {
                field: _("Datumet kan inte vara före inskrivningen (%(date)s).")
                % {"date": enrolment.start_date.isoformat()}
            }
        )
    exit_date = _exit_date(enrolment)
    if exit_date is not None and on > exit_date:
        raise ValidationError(
            {
                field: _("Inskrivningen avslutades %(date)s; datumet kan inte vara senare.")
                % {"date": exit_date.isoformat()}
            }
        )


def _bump_plan(plan: ActionPlan, expected_version: int) -> None:
    """Claim the plan for this write, or refuse if someone saved since expected_version was read.

    Done first in every write, so that concurrent writes to one plan queue on its row.
    """
    updated = ActionPlan.objects.filter(pk=plan.pk, version=expected_version).update(
        version=F("version") + 1, updated_at=timezone.now()
    )
    if not updated:
        raise ConcurrentEditError
    plan.version = expected_version + 1


def _clean_description(description: str) -> str:
    text = " ".join(description.split())
    if not text:
        raise ValidationError({"description": _("Skriv vad målet är, med ord som deltagaren känner igen.")})
    if len(text) > DESCRIPTION_MAX:
        raise ValidationError(
            {"description": _("Skriv kortare: högst %(n)s tecken.") % {"n": DESCRIPTION_MAX}}
        )
    return text


def _audit(action: str, *, plan: ActionPlan, by: User, object_id: int | None = None, path: str = "") -> None:
    enrolment = plan.enrolment
    audit_log(
        user=by,
        action=action,
        project_id=enrolment.project_id,
        person_id=enrolment.person_id,
        enrolment_id=enrolment.pk,
        object_id=object_id,
        path=path,
    )


# --- the plan ------------------------------------------------------------------------------


@transaction.atomic
def plan_create(
    *, enrolment: Enrolment, by: User, on: datetime.date | None = None, path: str = ""
) -> ActionPlan:
    """Draw up the (empty) action plan of an enrolment; goals are added one by one."""
    on = on or datetime.date.today()
    _check_date(enrolment, on, "drawn_up_on")
    if ActionPlan.objects.filter(enrolment=enrolment).exists():
        raise ValidationError(_("Deltagaren har redan en handlingsplan."))
    try:
        with transaction.atomic():
            plan = ActionPlan.objects.create(enrolment=enrolment, drawn_up_on=on, created_by=by)
    except IntegrityError:
        raise ValidationError(_("Deltagaren har redan en handlingsplan.")) from None
    _audit("plans.plan.created", plan=plan, by=by, object_id=plan.pk, path=path)
    return plan


@transaction.atomic
def plan_agreement_update(
    *,
    plan: ActionPlan,
    expected_version: int,
    participant_on: datetime.date | None,
    coach_on: datetime.date | None,
    referrer_on: datetime.date | None,
    by: User,
    path: str = "",
) -> ActionPlan:
    """Record when participant, coach and referrer agreed to the plan (a date may be cleared)."""
    enrolment = plan.enrolment
    fields = {
        "agreed_by_participant_on": participant_on,
        "agreed_by_coach_on": coach_on,
        "agreed_by_referrer_on": referrer_on,
    }
    for name, value in fields.items():
        if value is not None:
            _check_date(enrolment, value, name)
            if value < plan.drawn_up_on:
                raise ValidationError(
                    {
                        name: _("Planen upprättades %(date)s; godkännandet kan inte vara tidigare.")
                        % {"date": plan.drawn_up_on.isoformat()}
                    }
                )
    _bump_plan(plan, expected_version)
    ActionPlan.objects.filter(pk=plan.pk).update(**fields)
    for name, value in fields.items():
        setattr(plan, name, value)
    _audit("plans.plan.agreed", plan=plan, by=by, object_id=plan.pk, path=path)
    return plan


# --- goals ---------------------------------------------------------------------------------


def _record_status(
    *,
    goal: Goal,
    status: str,
    on: datetime.date,
    by: User,
    follow_up: FollowUp | None = None,
    field: str = "status",
) -> GoalStatusChange:
    if status not in GoalStatus.values:
        raise ValidationError({field: _("Välj en status i listan.")})
    if goal.status_changed_on is not None and on < goal.status_changed_on:
        raise ValidationError(
            {
                field: _(
                    "Målets status ändrades senast %(date)s; en ny status kan inte få ett tidigare datum."
                )
                % {"date": goal.status_changed_on.isoformat()}
            }
        )
    goal.status = status
    goal.status_changed_on = on
    goal.save(update_fields=["status", "status_changed_on", "updated_at"])
    return GoalStatusChange.objects.create(
        goal=goal, status=status, changed_on=on, changed_by=by, follow_up=follow_up
    )


@transaction.atomic
def goal_create(
    *,
    plan: ActionPlan,
    expected_version: int,
    description: str,
    target_date: datetime.date | None,
    by: User,
    parent: Goal | None = None,
    status: str = GoalStatus.NOT_STARTED,
    on: datetime.date | None = None,
    path: str = "",
) -> Goal:
    """Add a goal, or with a parent a sub-goal (delmål); two levels, as the participant reads them."""
    on = on or datetime.date.today()
    description = _clean_description(description)
    _check_date(plan.enrolment, on, "on")
    if on < plan.drawn_up_on:
        raise ValidationError({"on": _("Ett mål kan inte sättas före planen upprättades.")})
    if parent is not None:
        if parent.plan_id != plan.pk:
            raise ValidationError({"parent": _("Målet hör till en annan plan.")})
        if parent.parent_id is not None:
            raise ValidationError({"parent": _("Ett delmål kan inte ha egna delmål. Välj huvudmålet.")})
    if target_date is not None and target_date < on:
        raise ValidationError({"target_date": _("Måldatum kan inte vara före dagen målet sätts.")})
    _bump_plan(plan, expected_version)
    if status not in GoalStatus.values:
        raise ValidationError({"status": _("Välj en status i listan.")})
    last = Goal.objects.filter(plan=plan, parent=parent).aggregate(last=Max("position"))["last"]
    goal = Goal.objects.create(
        plan=plan,
        parent=parent,
        description=description,
        target_date=target_date,
        status=status,
        status_changed_on=on,
        position=0 if last is None else last + 1,
    )
    # The status the goal was set with starts its history.
    GoalStatusChange.objects.create(goal=goal, status=status, changed_on=on, changed_by=by)
    _audit("plans.goal.created", plan=plan, by=by, object_id=goal.pk, path=path)
    return goal


@transaction.atomic
def goal_update(
    *,
    goal: Goal,
    expected_version: int,
    description: str,
    target_date: datetime.date | None,
    by: User,
    path: str = "",
) -> Goal:
    """Reword a goal or move its target date (status changes go through goal_status_change)."""
    description = _clean_description(description)
    set_on = goal.status_changes.order_by("changed_on", "pk").values_list("changed_on", flat=True).first()
    if target_date is not None and set_on is not None and target_date < set_on:
        raise ValidationError({"target_date": _("Måldatum kan inte vara före dagen målet sattes.")})
    _bump_plan(goal.plan, expected_version)
    goal.description = description
    goal.target_date = target_date
    goal.save(update_fields=["description", "target_date", "updated_at"])
    _audit("plans.goal.updated", plan=goal.plan, by=by, object_id=goal.pk, path=path)
    return goal


@transaction.atomic
def goal_status_change(
    *,
    goal: Goal,
    expected_version: int,
    status: str,
    by: User,
    on: datetime.date | None = None,
    path: str = "",
) -> Goal:
    """Give a goal a new status, dated; the history keeps every earlier one."""
    on = on or datetime.date.today()
    if status == goal.status:
        raise ValidationError({"status": _("Målet har redan den statusen.")})
    _check_date(goal.plan.enrolment, on, "on")
    _bump_plan(goal.plan, expected_version)
    _record_status(goal=goal, status=status, on=on, by=by)
    _audit("plans.goal.status_changed", plan=goal.plan, by=by, object_id=goal.pk, path=path)
    return goal


def goal_delete_blockers(goal: Goal) -> list[str]:
    """Why a goal cannot be removed; a goal that is part of the record is dropped (Avbrutet) instead."""
    reasons = []
    if goal.children.exists():
        reasons.append(_("Målet har delmål. Ta bort delmålen först."))
    if goal.status_changes.filter(follow_up__isnull=False).exists():
        reasons.append(_("Målet har följts upp. Sätt status Avbrutet i stället."))
    if hasattr(goal, "activities") and goal.activities.exists():
        reasons.append(_("Aktiviteter är kopplade till målet. Sätt status Avbrutet i stället."))
    return reasons


@transaction.atomic
def goal_delete(*, goal: Goal, expected_version: int, by: User, path: str = "") -> None:
    """Remove a goal added by mistake (never one that has been followed up)."""
    reasons = goal_delete_blockers(goal)
    if reasons:
        raise ValidationError(reasons)
    plan = goal.plan
    _bump_plan(plan, expected_version)
    goal_pk = goal.pk
    goal.delete()
    _audit("plans.goal.deleted", plan=plan, by=by, object_id=goal_pk, path=path)


# --- follow-ups ----------------------------------------------------------------------------


@transaction.atomic
def follow_up_record(
    *,
    enrolment: Enrolment,
    held_on: datetime.date,
    by: User,
    enrolment_version: int,
    participant_present: bool = True,
    coach_present: bool = True,
    referrer_present: bool = False,
    others_present: str = "",
    agreed: str = "",
    goal_statuses: Mapping[int, str] | None = None,
    plan_version: int | None = None,
    phase: str = "",
    next_follow_up_on: datetime.date | None = None,
    path: str = "",
) -> FollowUp:
    """Hold a follow-up: goal statuses, maybe a new phase, and the next date, all or nothing.

    goal_statuses maps goal ids to the status agreed at the meeting; only real changes are
    recorded (dated held_on, linked to the follow-up), and they need the plan's version.
    The next follow-up defaults to held_on + the project's interval. A follow-up of an
    ended enrolment (recorded afterwards) sets no next date and no phase.
    """
    _check_date(enrolment, held_on, "held_on")
    others_present = " ".join(others_present.split())
    if not (participant_present or coach_present or referrer_present or others_present):
        raise ValidationError(_("Ange vilka som deltog i uppföljningen."))
    if not enrolment.is_open and (phase or next_follow_up_on):
        raise ValidationError(_("Inskrivningen är avslutad: fas och nästa uppföljning kan inte ändras."))
    if enrolment.is_open:
        next_follow_up_on = next_follow_up_on or held_on + datetime.timedelta(
            days=enrolment.project.follow_up_interval_days
        )
        if next_follow_up_on <= held_on:
            raise ValidationError(
                {"next_follow_up_on": _("Nästa uppföljning ska ligga efter den här uppföljningen.")}
            )

    plan = ActionPlan.objects.filter(enrolment=enrolment).first()
    changes: list[tuple[Goal, str]] = []
    if goal_statuses:
        if plan is None:
            raise ValidationError(_("Deltagaren har ingen handlingsplan."))
        goals = {g.pk: g for g in Goal.objects.filter(plan=plan, pk__in=list(goal_statuses))}
        for goal_pk, status in goal_statuses.items():
            goal = goals.get(goal_pk)
            if goal is None:
                raise ValidationError(_("Ett av målen finns inte längre i planen."))
            if status and status != goal.status:
                if status not in GoalStatus.values:
                    raise ValidationError({f"goal_{goal.pk}": _("Välj en status i listan.")})
                if goal.status_changed_on is not None and held_on < goal.status_changed_on:
                    raise ValidationError(
                        {
                            f"goal_{goal.pk}": _(
                                "Målets status ändrades senast %(date)s, efter den här uppföljningen."
                            )
                            % {"date": goal.status_changed_on.isoformat()}
                        }
                    )
                changes.append((goal, status))
    if changes:
        if plan is None or plan_version is None:
            raise ConcurrentEditError
        _bump_plan(plan, plan_version)

    # The enrolment: phase first (its own service, its own audit entry), then the next date.
    if enrolment.is_open:
        version = enrolment_version
        if phase:
            participant_services.phase_change(
                enrolment=enrolment,
                phase=phase,
                on=held_on,
                by=by,
                expected_version=version,
                path=path,
            )
            version = enrolment.version
        updated = Enrolment.objects.filter(pk=enrolment.pk, version=version).update(
            version=F("version") + 1, next_follow_up_on=next_follow_up_on, updated_at=timezone.now()
        )
        if not updated:
            raise ConcurrentEditError
        enrolment.version = version + 1
        enrolment.next_follow_up_on = next_follow_up_on

    follow_up = FollowUp.objects.create(
        enrolment=enrolment,
        held_on=held_on,
        participant_present=participant_present,
        coach_present=coach_present,
        referrer_present=referrer_present,
        others_present=others_present[:300],
        agreed=agreed.strip(),
        next_follow_up_on=next_follow_up_on,
        created_by=by,
    )
    if changes:
        # One statement each for the goals, their histories and the audit entries: a follow-up
        # often moves several goals at once.
        now = timezone.now()
        for goal, status in changes:
            goal.status, goal.status_changed_on, goal.updated_at = status, held_on, now
        Goal.objects.bulk_update([g for g, _s in changes], ["status", "status_changed_on", "updated_at"])
        GoalStatusChange.objects.bulk_create(
            GoalStatusChange(goal=g, status=s, changed_on=held_on, changed_by=by, follow_up=follow_up)
            for g, s in changes
        )
        AuditEntry.objects.bulk_create(
            AuditEntry(
                user=by,
                organisation_id=by.organisation_id,
                action="plans.goal.status_changed",
                project_id=enrolment.project_id,
                person_id=enrolment.person_id,
                enrolment_id=enrolment.pk,
                object_id=g.pk,
                path=path[:300],
            )
            for g, _s in changes
        )
    audit_log(
        user=by,
        action="plans.follow_up.recorded",
        project_id=enrolment.project_id,
        person_id=enrolment.person_id,
        enrolment_id=enrolment.pk,
        object_id=follow_up.pk,
        path=path,
    )
    return follow_up


# --- reading is logged too -------------------------------------------------------------------


def plan_viewed(*, enrolment: Enrolment, by: User, path: str) -> None:
    audit_log(
        user=by,
        action="plans.plan.viewed",
        project_id=enrolment.project_id,
        person_id=enrolment.person_id,
        enrolment_id=enrolment.pk,
        path=path,
    )


def plan_printed(*, plan: ActionPlan, by: User, path: str) -> None:
    """The printable plan (HTML or PDF) leaves the system on paper or as a file: log it."""
    _audit("plans.plan.printed", plan=plan, by=by, object_id=plan.pk, path=path)


def caseload_viewed(*, by: User, path: str, project_id: int | None = None) -> None:
    audit_log(user=by, action="plans.caseload.viewed", project_id=project_id, path=path)
