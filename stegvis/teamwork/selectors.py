"""Reads of team meetings and barriers, with the access rules of DESIGN.md.

Meetings (samverkansteam):
- project members with participant access (coaches, project manager) and the
  project's referrers see them: the referrers sit in the team;
- the steering group and administrators do not;
- a case on the agenda carries the person's name only for a user who may see that
  enrolment (participants.selectors): their own caseload, the whole project, or a
  referrer's own referred person. Everyone else sees a pseudonym such as
  "Ärende 3 (kvinna, 30–39 år)", never a name or personnummer.

Barriers (samverkanshinder):
- coaches and the project manager see the log and record barriers; only the project
  manager raises one to the steering group and records the decision;
- the steering group sees the log without personal data: no link to an enrolment,
  no names of staff;
- referrers and administrators do not see it.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stegvis.accounts.models import Role, User
from stegvis.accounts.selectors import (
    has_participant_access,
    is_project_manager,
    is_referrer,
    projects_for,
    roles_in,
)
from stegvis.participants.models import Enrolment, Person, Phase
from stegvis.participants.selectors import enrolments_for, referred_status_for
from stegvis.participants.services import age_on
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

# --- who may do what ----------------------------------------------------------------------


def is_steering(user: User, project: Project) -> bool:
    return Role.STEERING in roles_in(user, project)


def may_see_meetings(user: User, project: Project) -> bool:
    return has_participant_access(user, project) or is_referrer(user, project)


def may_manage_meetings(user: User, project: Project) -> bool:
    """Plan meetings, put cases on the agenda, record decisions and tasks."""
    return has_participant_access(user, project)


def may_see_barriers(user: User, project: Project) -> bool:
    return has_participant_access(user, project) or is_steering(user, project)


def may_record_barriers(user: User, project: Project) -> bool:
    return has_participant_access(user, project)


def may_decide_barriers(user: User, project: Project) -> bool:
    """Raise to the steering group, record its decision, close."""
    return is_project_manager(user, project)


def barriers_without_personal_data(user: User, project: Project) -> bool:
    """The steering group's view: no enrolment links, no staff names."""
    return not has_participant_access(user, project)


# --- pseudonyms -------------------------------------------------------------------------


GENDER_WORDS = {
    "kvinna": gettext_lazy("kvinna"),
    "man": gettext_lazy("man"),
    "annan": gettext_lazy("annan könstillhörighet"),
}


def age_band(age: int) -> str:
    if age < 20:
        return _("under 20 år")
    if age >= 60:
        return _("60 år eller äldre")
    low = age // 10 * 10
    return _("%(low)s–%(high)s år") % {"low": low, "high": low + 9}


def pseudonym(person: Person, on: datetime.date) -> str:
    """Gender and a ten-year age band: enough for the team to discuss, too little to identify."""
    gender = GENDER_WORDS.get(person.gender) or _("kön okänt")
    return f"{gender}, {age_band(age_on(person, on))}"


def visible_enrolment_ids(user: User, project: Project, ids: Iterable[int]) -> set[int]:
    """Of these enrolments, the ones whose person the user may see by name (one query)."""
    wanted = {pk for pk in ids if pk}
    if not wanted:
        return set()
    if has_participant_access(user, project):
        return set(enrolments_for(user, project).filter(pk__in=wanted).values_list("pk", flat=True))
    if is_referrer(user, project):
        return set(referred_status_for(user, project).filter(pk__in=wanted).values_list("pk", flat=True))
    return set()


@dataclass
class Case:
    """How an agenda item's case is shown to one user: a name, or a pseudonym."""

    number: int
    label: str
    name: str = ""
    enrolment_id: int | None = None  # set only when the user may open the participant page

    def __str__(self) -> str:
        return self.label


def _case(item: AgendaItem, visible: set[int], on: datetime.date, links: bool) -> Case:
    if item.enrolment_id is None:
        return Case(item.position, _("Ärende %(n)s (allmän fråga)") % {"n": item.position})
    if item.enrolment_id in visible:
        person = item.enrolment.person
        return Case(
            item.position,
            _("Ärende %(n)s: %(name)s") % {"n": item.position, "name": person.display_name},
            name=person.display_name,
            enrolment_id=item.enrolment_id if links else None,
        )
    return Case(
        item.position,
        _("Ärende %(n)s (%(who)s)") % {"n": item.position, "who": pseudonym(item.enrolment.person, on)},
    )


# --- meetings ---------------------------------------------------------------------------


def meetings_for(user: User, project: Project) -> QuerySet[TeamMeeting]:
    """A project's meetings with their counts, newest first."""
    if not may_see_meetings(user, project):
        raise PermissionDenied
    today = datetime.date.today()
    open_tasks = Q(tasks__done_on__isnull=True)
    return (
        TeamMeeting.objects.filter(project=project)
        .annotate(
            case_count=Count("agenda_items", distinct=True),
            decision_count=Count("agenda_items", filter=~Q(agenda_items__decision=""), distinct=True),
            open_task_count=Count("tasks", filter=open_tasks, distinct=True),
            overdue_task_count=Count("tasks", filter=open_tasks & Q(tasks__due_on__lt=today), distinct=True),
        )
        .prefetch_related("organisations")
        .order_by("-held_on", "-pk")
    )


def meeting_get_for(user: User, pk: int) -> TeamMeeting:
    """One meeting in a project the user belongs to; 404 outside it, 403 for a role that may not see it."""
    meeting = (
        TeamMeeting.objects.select_related("project", "created_by")
        .filter(pk=pk, project__in=projects_for(user))
        .first()
    )
    if meeting is None:
        raise Http404
    if not may_see_meetings(user, meeting.project):
        raise PermissionDenied
    return meeting


def agenda_item_get_for(user: User, pk: int) -> AgendaItem:
    item = AgendaItem.objects.select_related("enrolment__person").filter(pk=pk).first()
    if item is None:
        raise Http404
    item.meeting = meeting_get_for(user, item.meeting_id)
    return item


def task_get_for(user: User, pk: int) -> Task:
    task = Task.objects.filter(pk=pk).first()
    if task is None:
        raise Http404
    task.meeting = meeting_get_for(user, task.meeting_id)
    return task


@dataclass
class AgendaRow:
    item: AgendaItem
    case: Case
    tasks: list[Task] = field(default_factory=list)


def agenda_for(user: User, meeting: TeamMeeting) -> list[AgendaRow]:
    """The meeting's agenda as this user may see it: names only where the selectors allow."""
    tasks = Task.objects.select_related("done_by")
    items = list(
        meeting.agenda_items.select_related("enrolment__person", "raised_by").prefetch_related(
            Prefetch("tasks", queryset=tasks)
        )
    )
    visible = visible_enrolment_ids(user, meeting.project, (i.enrolment_id for i in items))
    links = has_participant_access(user, meeting.project)
    return [
        AgendaRow(item, _case(item, visible, meeting.held_on, links), list(item.tasks.all()))
        for item in items
    ]


def meeting_tasks(meeting: TeamMeeting) -> QuerySet[Task]:
    return meeting.tasks.select_related("agenda_item", "done_by")


def open_tasks_for(user: User, project: Project) -> QuerySet[Task]:
    """Every task not yet done in the project's meetings, the most urgent first."""
    if not may_see_meetings(user, project):
        raise PermissionDenied
    return (
        Task.objects.filter(meeting__project=project, done_on__isnull=True)
        .select_related("meeting", "agenda_item")
        .order_by(F("due_on").asc(nulls_last=True), "meeting__held_on", "pk")
    )


def enrolment_choices(user: User, project: Project, current: Enrolment | None = None) -> QuerySet[Enrolment]:
    """Enrolments a user may link to a case or barrier: their visible ongoing ones, and the current link."""
    visible = enrolments_for(user, project)
    condition = ~Q(phase=Phase.AVSLUT)
    if current is not None:
        condition |= Q(pk=current.pk)
    return visible.filter(condition).order_by("person__last_name", "person__first_name", "pk")


# --- barriers ---------------------------------------------------------------------------


def barriers_for(user: User, project: Project) -> QuerySet[Barrier]:
    if not may_see_barriers(user, project):
        raise PermissionDenied
    return (
        Barrier.objects.filter(project=project)
        .select_related("raised_by")
        .prefetch_related("agencies")
        .order_by("-registered_on", "-pk")
    )


def barrier_get_for(user: User, pk: int) -> Barrier:
    barrier = (
        Barrier.objects.select_related("project", "raised_by", "enrolment__person")
        .prefetch_related(
            "agencies", Prefetch("history", queryset=BarrierStatusChange.objects.select_related("changed_by"))
        )
        .filter(pk=pk, project__in=projects_for(user))
        .first()
    )
    if barrier is None:
        raise Http404
    if not may_see_barriers(user, barrier.project):
        raise PermissionDenied
    return barrier


def barrier_case_for(user: User, barrier: Barrier) -> Enrolment | None:
    """The enrolment a barrier was seen in, only for a user who may see it by name; else None."""
    if barrier.enrolment_id is None or barriers_without_personal_data(user, barrier.project):
        return None
    if barrier.enrolment_id not in visible_enrolment_ids(user, barrier.project, [barrier.enrolment_id]):
        return None
    return barrier.enrolment


@dataclass
class BarrierCounts:
    """Barriers per category and status, with totals both ways."""

    statuses: list[tuple[str, str]]
    rows: list[tuple[str, list[int], int]]
    totals: list[int]
    total: int


def barrier_counts(project: Project) -> BarrierCounts:
    """Counts of barriers (not people), so nothing is suppressed."""
    cells = {
        (row["category"], row["status"]): row["n"]
        for row in Barrier.objects.filter(project=project)
        .values("category", "status")
        .annotate(n=Count("pk"))
    }
    statuses = list(BarrierStatus.choices)
    rows = []
    for value, label in BarrierCategory.choices:
        counts = [cells.get((value, status), 0) for status, _label in statuses]
        rows.append((label, counts, sum(counts)))
    totals = [sum(row[1][i] for row in rows) for i in range(len(statuses))]
    return BarrierCounts(statuses, rows, totals, sum(totals))
