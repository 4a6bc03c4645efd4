"""Writes for team meetings, their agenda and tasks, and barriers.

Every service is keyword-only, runs in one transaction and writes its audit entry in
that same transaction. Free text that the whole team (or the steering group) reads is
refused when it holds a personnummer or the linked participant's name: cases are
discussed under a pseudonym.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stegvis.accounts.models import Organisation, User
from stegvis.accounts.selectors import is_project_manager
from stegvis.audit.services import audit_log
from stegvis.core.exceptions import ConcurrentEditError
from stegvis.participants.models import Enrolment
from stegvis.projects.models import Project
from stegvis.teamwork.models import (
    AgendaItem,
    Barrier,
    BarrierCategory,
    BarrierStatus,
    BarrierStatusChange,
    Task,
    TeamMeeting,
)

# ÅÅMMDD-NNNN or ÅÅÅÅMMDDNNNN, with or without the dash (or a plus).
PERSONAL_ID_PATTERN = re.compile(r"(?<!\d)(?:19|20)?\d{6}[-+ ]?\d{4}(?!\d)")


def _refuse_personal_data(
    texts: dict[str, str], *, enrolment: Enrolment | None = None, name_message: str = ""
) -> None:
    """Text the team reads under a pseudonym must not name the person or give a personnummer."""
    errors: dict[str, str] = {}
    names: list[str] = []
    if enrolment is not None and not enrolment.person.is_anonymous:
        names = [n for n in (enrolment.person.first_name, enrolment.person.last_name) if len(n) >= 2]
    for field, text in texts.items():
        if PERSONAL_ID_PATTERN.search(text):
            errors[field] = _("Skriv inte personnummer eller samordningsnummer här.")
        elif any(re.search(rf"\b{re.escape(name)}\b", text, re.IGNORECASE) for name in names):
            errors[field] = name_message or _(
                "Skriv inte deltagarens namn här – ärendet visas med pseudonym för de andra i teamet."
            )
    if errors:
        raise ValidationError(errors)


def _same_project(enrolment: Enrolment | None, project: Project, field: str = "enrolment") -> None:
    if enrolment is not None and enrolment.project_id != project.pk:
        raise ValidationError({field: _("Deltagaren är inte inskriven i det här projektet.")})


def _bump(model: type, obj, expected_version: int, **changes: object) -> None:
    """Apply changes only if nobody saved since expected_version was read."""
    now = timezone.now()
    updated = model.objects.filter(pk=obj.pk, version=expected_version).update(
        version=F("version") + 1, updated_at=now, **changes
    )
    if not updated:
        raise ConcurrentEditError
    for name, value in changes.items():
        setattr(obj, name, value)
    obj.version = expected_version + 1
    obj.updated_at = now


def _partners_only(project: Project, organisations: Iterable[Organisation]) -> list[Organisation]:
    chosen = list(organisations)
    partners = set(project.partners.values_list("organisation_id", flat=True))
    if any(org.pk not in partners for org in chosen):
        raise ValidationError({"organisations": _("Välj bland projektets samverkansparter.")})
    return chosen


# --- meetings ---------------------------------------------------------------------------


@transaction.atomic
def meeting_create(
    *,
    project: Project,
    held_on: datetime.date,
    organisations: Iterable[Organisation],
    notes: str = "",
    by: User,
    path: str = "",
) -> TeamMeeting:
    """A meeting of the samverkansteam, held or planned."""
    chosen = _partners_only(project, organisations)
    _refuse_personal_data({"notes": notes})
    meeting = TeamMeeting.objects.create(project=project, held_on=held_on, notes=notes.strip(), created_by=by)
    meeting.organisations.set(chosen)
    audit_log(
        user=by, action="teamwork.meeting.created", project_id=project.pk, object_id=meeting.pk, path=path
    )
    return meeting


@transaction.atomic
def meeting_update(
    *,
    meeting: TeamMeeting,
    held_on: datetime.date,
    organisations: Iterable[Organisation],
    notes: str = "",
    by: User,
    expected_version: int,
    path: str = "",
) -> TeamMeeting:
    chosen = _partners_only(meeting.project, organisations)
    _refuse_personal_data({"notes": notes})
    _bump(TeamMeeting, meeting, expected_version, held_on=held_on, notes=notes.strip())
    meeting.organisations.set(chosen)
    audit_log(
        user=by,
        action="teamwork.meeting.updated",
        project_id=meeting.project_id,
        object_id=meeting.pk,
        path=path,
    )
    return meeting


def meeting_viewed(*, meeting: TeamMeeting, by: User, path: str) -> None:
    """The agenda names people to some readers: every reading is logged."""
    audit_log(
        user=by,
        action="teamwork.meeting.viewed",
        project_id=meeting.project_id,
        object_id=meeting.pk,
        path=path,
    )


def _agenda_audit(item: AgendaItem, *, action: str, by: User, path: str) -> None:
    audit_log(
        user=by,
        action=action,
        project_id=item.meeting.project_id,
        person_id=item.enrolment.person_id if item.enrolment else None,
        enrolment_id=item.enrolment_id,
        object_id=item.pk,
        path=path,
    )


@transaction.atomic
def agenda_item_add(
    *,
    meeting: TeamMeeting,
    enrolment: Enrolment | None,
    question: str,
    discussion: str = "",
    decision: str = "",
    by: User,
    path: str = "",
) -> AgendaItem:
    """Put a case (or a general question) on the agenda; it gets the next number."""
    _same_project(enrolment, meeting.project)
    if not question.strip():
        raise ValidationError({"question": _("Skriv vad teamet ska ta ställning till.")})
    _refuse_personal_data(
        {"question": question, "discussion": discussion, "decision": decision}, enrolment=enrolment
    )
    # Lock the meeting row so that two people adding at once do not get the same number.
    TeamMeeting.objects.select_for_update().filter(pk=meeting.pk).first()
    last = meeting.agenda_items.aggregate(last=Max("position"))["last"] or 0
    item = AgendaItem.objects.create(
        meeting=meeting,
        position=last + 1,
        enrolment=enrolment,
        question=question.strip(),
        discussion=discussion.strip(),
        decision=decision.strip(),
        raised_by=by,
    )
    _agenda_audit(item, action="teamwork.agenda_item.created", by=by, path=path)
    return item


@transaction.atomic
def agenda_item_update(
    *,
    item: AgendaItem,
    enrolment: Enrolment | None,
    question: str,
    discussion: str,
    decision: str,
    guard_names: bool = True,
    by: User,
    path: str = "",
) -> AgendaItem:
    """Change the question, or record what the team discussed and decided.

    guard_names=False when the editor sees the case only by pseudonym: refusing a text
    because it holds the person's name would tell them the name.
    """
    _same_project(enrolment, item.meeting.project)
    if not question.strip():
        raise ValidationError({"question": _("Skriv vad teamet ska ta ställning till.")})
    _refuse_personal_data(
        {"question": question, "discussion": discussion, "decision": decision},
        enrolment=enrolment if guard_names else None,
    )
    item.enrolment = enrolment
    item.question, item.discussion, item.decision = question.strip(), discussion.strip(), decision.strip()
    item.save(update_fields=["enrolment", "question", "discussion", "decision", "updated_at"])
    _agenda_audit(item, action="teamwork.agenda_item.updated", by=by, path=path)
    return item


@transaction.atomic
def task_add(
    *,
    meeting: TeamMeeting,
    what: str,
    responsible: str,
    due_on: datetime.date | None,
    agenda_item: AgendaItem | None = None,
    guard_names: bool = True,
    by: User,
    path: str = "",
) -> Task:
    """A task agreed at the meeting; guard_names as in agenda_item_update."""
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise ValidationError({"agenda_item": _("Ärendet hör till ett annat möte.")})
    if not what.strip():
        raise ValidationError({"what": _("Skriv vad som ska göras.")})
    if not responsible.strip():
        raise ValidationError({"responsible": _("Skriv vem som ansvarar.")})
    if due_on is not None and due_on < meeting.held_on:
        raise ValidationError({"due_on": _("Klart senast kan inte vara före mötet.")})
    _refuse_personal_data(
        {"what": what, "responsible": responsible},
        enrolment=agenda_item.enrolment if agenda_item and guard_names else None,
    )
    task = Task.objects.create(
        meeting=meeting,
        agenda_item=agenda_item,
        what=what.strip(),
        responsible=responsible.strip(),
        due_on=due_on,
        created_by=by,
    )
    audit_log(
        user=by, action="teamwork.task.created", project_id=meeting.project_id, object_id=task.pk, path=path
    )
    return task


@transaction.atomic
def task_set_done(*, task: Task, done: bool, on: datetime.date, by: User, path: str = "") -> Task:
    """Tick a task off (or undo it). Ticking twice changes nothing."""
    if done == (task.done_on is not None):
        return task
    task.done_on, task.done_by = (on, by) if done else (None, None)
    task.save(update_fields=["done_on", "done_by", "updated_at"])
    audit_log(
        user=by,
        action="teamwork.task.done" if done else "teamwork.task.reopened",
        project_id=task.meeting.project_id,
        object_id=task.pk,
        path=path,
    )
    return task


# --- barriers ---------------------------------------------------------------------------


def _barrier_audit(barrier: Barrier, *, action: str, by: User, path: str) -> None:
    audit_log(
        user=by,
        action=action,
        project_id=barrier.project_id,
        person_id=barrier.enrolment.person_id if barrier.enrolment else None,
        enrolment_id=barrier.enrolment_id,
        object_id=barrier.pk,
        path=path,
    )


def barrier_viewed(*, barrier: Barrier, by: User, path: str) -> None:
    """A barrier page that shows the participant it was seen in is a reading of that person: logged."""
    _barrier_audit(barrier, action="teamwork.barrier.viewed", by=by, path=path)


BARRIER_NAME_MESSAGE = gettext_lazy(
    "Skriv inte deltagarens namn här – exemplet ska gå att visa för styrgruppen utan personuppgifter."
)


def _check_barrier(
    *, project: Project, title: str, category: str, agencies: list, description: str, enrolment
) -> None:
    errors: dict[str, str] = {}
    if not title.strip():
        errors["title"] = _("Skriv en rubrik.")
    if category not in BarrierCategory.values:
        errors["category"] = _("Välj en kategori.")
    if not agencies:
        errors["agencies"] = _("Välj minst en berörd myndighet eller organisation.")
    if not description.strip():
        errors["description"] = _("Beskriv ett exempel på hur hindret visade sig.")
    if errors:
        raise ValidationError(errors)
    _same_project(enrolment, project)
    _refuse_personal_data(
        {"title": title, "description": description}, enrolment=enrolment, name_message=BARRIER_NAME_MESSAGE
    )


@transaction.atomic
def barrier_create(
    *,
    project: Project,
    title: str,
    category: str,
    agencies: Iterable[Organisation],
    description: str,
    enrolment: Enrolment | None = None,
    on: datetime.date | None = None,
    by: User,
    path: str = "",
) -> Barrier:
    """Record a barrier seen in the work (status Registrerat)."""
    chosen = list(agencies)
    _check_barrier(
        project=project,
        title=title,
        category=category,
        agencies=chosen,
        description=description,
        enrolment=enrolment,
    )
    on = on or timezone.localdate()
    if on > timezone.localdate():
        raise ValidationError({"on": _("Datumet kan inte ligga i framtiden.")})
    barrier = Barrier.objects.create(
        project=project,
        registered_on=on,
        title=title.strip(),
        category=category,
        description=description.strip(),
        enrolment=enrolment,
        raised_by=by,
    )
    barrier.agencies.set(chosen)
    BarrierStatusChange.objects.create(
        barrier=barrier, status=BarrierStatus.REGISTERED, changed_on=on, changed_by=by
    )
    _barrier_audit(barrier, action="teamwork.barrier.created", by=by, path=path)
    return barrier


@transaction.atomic
def barrier_update(
    *,
    barrier: Barrier,
    title: str,
    category: str,
    agencies: Iterable[Organisation],
    description: str,
    enrolment: Enrolment | None,
    by: User,
    expected_version: int,
    path: str = "",
) -> Barrier:
    """Edit a barrier while it is only registered; once raised, it reads as the steering group saw it."""
    if barrier.status != BarrierStatus.REGISTERED:
        raise ValidationError(_("Hindret är lyft till styrgruppen och kan inte längre ändras."))
    if barrier.raised_by_id != by.pk and not is_project_manager(by, barrier.project):
        raise PermissionDenied(_("Bara den som registrerade hindret eller projektledaren kan ändra det."))
    chosen = list(agencies)
    _check_barrier(
        project=barrier.project,
        title=title,
        category=category,
        agencies=chosen,
        description=description,
        enrolment=enrolment,
    )
    _bump(
        Barrier,
        barrier,
        expected_version,
        title=title.strip(),
        category=category,
        description=description.strip(),
        enrolment=enrolment,
    )
    barrier.agencies.set(chosen)
    _barrier_audit(barrier, action="teamwork.barrier.updated", by=by, path=path)
    return barrier


def _step(
    barrier: Barrier,
    *,
    allowed_from: tuple[str, ...],
    to: str,
    on: datetime.date,
    by: User,
    note: str,
    expected_version: int,
    **changes: object,
) -> None:
    if not is_project_manager(by, barrier.project):
        raise PermissionDenied(_("Bara projektledaren lyfter hinder till styrgruppen och för in beslut."))
    if barrier.status not in allowed_from:
        raise ValidationError(
            _("Hindret har status %(status)s och kan inte gå vidare så.")
            % {"status": barrier.get_status_display().lower()}
        )
    if on > timezone.localdate():
        raise ValidationError({"on": _("Datumet kan inte ligga i framtiden.")})
    last = barrier.history.order_by("-changed_on", "-pk").values_list("changed_on", flat=True).first()
    if last is not None and on < last:
        raise ValidationError({"on": _("Datumet kan inte vara före den senaste statusändringen.")})
    _refuse_personal_data({"note": note}, enrolment=barrier.enrolment, name_message=BARRIER_NAME_MESSAGE)
    _bump(Barrier, barrier, expected_version, status=to, **changes)
    BarrierStatusChange.objects.create(
        barrier=barrier, status=to, changed_on=on, changed_by=by, note=note.strip()
    )


@transaction.atomic
def barrier_raise(
    *, barrier: Barrier, on: datetime.date, note: str = "", by: User, expected_version: int, path: str = ""
) -> Barrier:
    """The project manager takes the barrier to the steering group."""
    _step(
        barrier,
        allowed_from=(BarrierStatus.REGISTERED,),
        to=BarrierStatus.RAISED,
        on=on,
        by=by,
        note=note,
        expected_version=expected_version,
        raised_to_steering_on=on,
    )
    _barrier_audit(barrier, action="teamwork.barrier.raised", by=by, path=path)
    return barrier


@transaction.atomic
def barrier_decide(
    *, barrier: Barrier, decision: str, on: datetime.date, by: User, expected_version: int, path: str = ""
) -> Barrier:
    """The steering group's decision, as the project manager records it."""
    if not decision.strip():
        raise ValidationError({"decision": _("Skriv styrgruppens beslut.")})
    _refuse_personal_data(
        {"decision": decision}, enrolment=barrier.enrolment, name_message=BARRIER_NAME_MESSAGE
    )
    _step(
        barrier,
        allowed_from=(BarrierStatus.RAISED,),
        to=BarrierStatus.DECIDED,
        on=on,
        by=by,
        note="",
        expected_version=expected_version,
        decision=decision.strip(),
        decided_on=on,
    )
    _barrier_audit(barrier, action="teamwork.barrier.decided", by=by, path=path)
    return barrier


@transaction.atomic
def barrier_close(
    *, barrier: Barrier, follow_up: str, on: datetime.date, by: User, expected_version: int, path: str = ""
) -> Barrier:
    """Åtgärdat/avslutat, with how it was followed up: after a decision, or solved without one."""
    if not follow_up.strip():
        raise ValidationError({"follow_up": _("Skriv hur hindret åtgärdades eller varför det avslutas.")})
    _refuse_personal_data(
        {"follow_up": follow_up}, enrolment=barrier.enrolment, name_message=BARRIER_NAME_MESSAGE
    )
    _step(
        barrier,
        allowed_from=(BarrierStatus.REGISTERED, BarrierStatus.DECIDED),
        to=BarrierStatus.CLOSED,
        on=on,
        by=by,
        note="",
        expected_version=expected_version,
        follow_up=follow_up.strip(),
        closed_on=on,
    )
    _barrier_audit(barrier, action="teamwork.barrier.closed", by=by, path=path)
    return barrier
