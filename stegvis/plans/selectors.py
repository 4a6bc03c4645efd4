"""Reads of plans, follow-ups and caseloads, with the access rules of DESIGN.md.

Plans are participant content: they are reached only through an enrolment the user
may see (participants.selectors.enrolment_get_for), so the same rules hold:
- a coach sees the plans of their own caseload (or the whole project when granted it);
- a project manager sees every plan in the project;
- referrers, steering group and administrators see no plan and no caseload.
Caseloads are built in a fixed number of queries, whatever their size.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404

from stegvis.accounts.models import Membership, Role, User
from stegvis.accounts.selectors import sees_whole_project
from stegvis.participants.models import Enrolment, Phase
from stegvis.participants.selectors import enrolment_get_for
from stegvis.plans.models import OPEN_GOAL_STATUSES, ActionPlan, FollowUp, Goal, GoalStatus, GoalStatusChange
from stegvis.projects.models import Project

# Within this many days a follow-up counts as coming up soon.
SOON_DAYS = 14


def goals_have_activities() -> bool:
    """Whether the activities app has linked its activities to goals (Activity.goals, related_name "activities")."""
    return hasattr(Goal, "activities")


def plan_for(user: User, enrolment_pk: int) -> tuple[Enrolment, ActionPlan | None]:
    """The enrolment (404 unless visible to the user) and its plan, if one has been drawn up."""
    enrolment = enrolment_get_for(user, enrolment_pk)
    plan = ActionPlan.objects.filter(enrolment=enrolment).select_related("created_by").first()
    if plan is not None:
        plan.enrolment = enrolment  # already loaded, with its person and project
    return enrolment, plan


def plan_get_for(user: User, enrolment_pk: int) -> tuple[Enrolment, ActionPlan]:
    """As plan_for, but 404 when there is no plan yet."""
    enrolment, plan = plan_for(user, enrolment_pk)
    if plan is None:
        raise Http404
    return enrolment, plan


def goal_get(plan: ActionPlan, pk: int) -> Goal:
    """A goal of this plan (the plan was loaded through an access-checked selector)."""
    goal = Goal.objects.filter(plan=plan, pk=pk).first()
    if goal is None:
        raise Http404
    goal.plan = plan
    return goal


def goal_tree(plan: ActionPlan, *, history: bool = False) -> list[Goal]:
    """The plan's goals in order, each with .sub_goals (its delmål in order).

    One query for the goals, one for status histories when asked for, and one for the
    activities serving each goal when the activities app provides them.
    """
    goals = Goal.objects.filter(plan=plan).order_by("position", "pk")
    if history:
        goals = goals.prefetch_related(
            Prefetch(
                "status_changes",
                queryset=GoalStatusChange.objects.select_related("changed_by", "follow_up"),
            )
        )
    if goals_have_activities():
        goals = goals.prefetch_related("activities")
    by_parent: dict[int | None, list[Goal]] = {}
    for goal in goals:
        goal.plan = plan
        by_parent.setdefault(goal.parent_id, []).append(goal)
    top = by_parent.get(None, [])
    for goal in top:
        goal.sub_goals = by_parent.get(goal.pk, [])  # type: ignore[attr-defined]
    return top


@dataclass(frozen=True)
class GoalSummary:
    total: int
    reached: int
    past_target: int
    by_status: dict[str, int]


def goal_summary(tree: list[Goal], today: datetime.date) -> GoalSummary:
    flat = [g for goal in tree for g in (goal, *goal.sub_goals)]  # type: ignore[attr-defined]
    by_status: dict[str, int] = {}
    for goal in flat:
        by_status[goal.status] = by_status.get(goal.status, 0) + 1
    return GoalSummary(
        total=len(flat),
        reached=by_status.get(GoalStatus.REACHED, 0),
        past_target=sum(1 for g in flat if g.is_past_target(today)),
        by_status=by_status,
    )


def follow_ups_for(enrolment: Enrolment) -> QuerySet[FollowUp]:
    """The enrolment's follow-ups, newest first, with the goal changes made at each."""
    return (
        FollowUp.objects.filter(enrolment=enrolment)
        .select_related("created_by")
        .prefetch_related(
            Prefetch(
                "goal_changes",
                queryset=GoalStatusChange.objects.select_related("goal").order_by("goal__position", "pk"),
            )
        )
        .order_by("-held_on", "-pk")
    )


# --- caseloads -------------------------------------------------------------------------------


def _with_attention(enrolments: QuerySet[Enrolment], today: datetime.date) -> QuerySet[Enrolment]:
    """Goal counts and the "needs attention" flags, in the same query as the enrolments."""
    goals = "action_plan__goals"
    return enrolments.annotate(
        goals_total=Count(goals, distinct=True),
        goals_reached=Count(goals, filter=Q(action_plan__goals__status=GoalStatus.REACHED), distinct=True),
        goals_past_target=Count(
            goals,
            filter=Q(
                action_plan__goals__target_date__lt=today,
                action_plan__goals__status__in=OPEN_GOAL_STATUSES,
            ),
            distinct=True,
        ),
        has_plan=Exists(ActionPlan.objects.filter(enrolment=OuterRef("pk"))),
    )


def _caseload_order(rows: list[Enrolment], today: datetime.date) -> list[Enrolment]:
    """Overdue follow-ups and goals past their date first, then by next follow-up, then by name."""
    far = datetime.date.max
    for row in rows:
        row.follow_up_overdue = bool(row.next_follow_up_on and row.next_follow_up_on < today)  # type: ignore[attr-defined]
        row.needs_attention = row.follow_up_overdue or row.goals_past_target > 0  # type: ignore[attr-defined]
        row.days_in_project = (today - row.start_date).days  # type: ignore[attr-defined]
    return sorted(
        rows,
        key=lambda r: (
            not r.needs_attention,  # type: ignore[attr-defined]
            r.next_follow_up_on or far,
            r.person.last_name,
            r.person.first_name,
            r.pk,
        ),
    )


def coach_project_ids(user: User) -> list[int]:
    return list(
        Membership.objects.filter(user=user, role=Role.COACH).values_list("project_id", flat=True).distinct()
    )


def coach_projects(user: User) -> QuerySet[Project]:
    return Project.objects.filter(pk__in=coach_project_ids(user)).order_by("name")


def is_coach_anywhere(user: User) -> bool:
    return user.is_authenticated and Membership.objects.filter(user=user, role=Role.COACH).exists()


def caseload_for_coach(user: User, today: datetime.date) -> list[Enrolment]:
    """Mina deltagare: the coach's open enrolments across every project they coach in."""
    project_ids = coach_project_ids(user)
    if not project_ids:
        raise PermissionDenied
    enrolments = (
        Enrolment.objects.filter(coach=user, project_id__in=project_ids)
        .exclude(phase=Phase.AVSLUT)
        .select_related("person", "project", "municipality")
    )
    return _caseload_order(list(_with_attention(enrolments, today)), today)


def caseload_for_project(user: User, project: Project, today: datetime.date) -> list[Enrolment]:
    """Every open enrolment of one project: for those who see the whole project."""
    if not sees_whole_project(user, project):
        raise PermissionDenied
    enrolments = (
        Enrolment.objects.filter(project=project)
        .exclude(phase=Phase.AVSLUT)
        .select_related("person", "project", "municipality", "coach")
    )
    return _caseload_order(list(_with_attention(enrolments, today)), today)


@dataclass(frozen=True)
class CaseloadFigures:
    open: int
    follow_ups_overdue: int
    follow_ups_soon: int
    goals_past_target: int
    without_plan: int


def caseload_figures(rows: list[Enrolment], today: datetime.date) -> CaseloadFigures:
    soon = today + datetime.timedelta(days=SOON_DAYS)
    return CaseloadFigures(
        open=len(rows),
        follow_ups_overdue=sum(1 for r in rows if r.follow_up_overdue),  # type: ignore[attr-defined]
        follow_ups_soon=sum(1 for r in rows if r.next_follow_up_on and today <= r.next_follow_up_on <= soon),
        goals_past_target=sum(r.goals_past_target for r in rows),  # type: ignore[attr-defined]
        without_plan=sum(1 for r in rows if not r.has_plan),  # type: ignore[attr-defined]
    )


@dataclass(frozen=True)
class CoachLoad:
    coach: User
    open: int
    follow_ups_overdue: int
    goals_past_target: int


def coach_load(project: Project, rows: list[Enrolment]) -> list[CoachLoad]:
    """Open participants per coach in the project, coaches without any included (one query)."""
    coaches = {
        u.pk: u
        for u in User.objects.filter(
            memberships__project=project, memberships__role=Role.COACH, is_active=True
        ).distinct()
    }
    counts: dict[int, list[int]] = {pk: [0, 0, 0] for pk in coaches}
    for row in rows:
        coaches.setdefault(row.coach_id, row.coach)
        entry = counts.setdefault(row.coach_id, [0, 0, 0])
        entry[0] += 1
        entry[1] += 1 if row.follow_up_overdue else 0  # type: ignore[attr-defined]
        entry[2] += row.goals_past_target  # type: ignore[attr-defined]
    loads = [CoachLoad(coaches[pk], *values) for pk, values in counts.items()]
    return sorted(loads, key=lambda c: (-c.open, c.coach.get_full_name() or c.coach.username))


@dataclass(frozen=True)
class MunicipalityLoad:
    name: str
    open: int
    planned: int | None

    @property
    def free(self) -> int | None:
        return None if self.planned is None else self.planned - self.open


def municipality_load(project: Project, rows: list[Enrolment]) -> list[MunicipalityLoad]:
    """Open participants per municipality against its planned places (REBUS: 17/17/6); one query."""
    counts: dict[int | None, int] = {}
    for row in rows:
        counts[row.municipality_id] = counts.get(row.municipality_id, 0) + 1
    loads = [
        MunicipalityLoad(m.name, counts.get(m.pk, 0), m.planned_places) for m in project.municipalities.all()
    ]
    if counts.get(None):
        loads.append(MunicipalityLoad("", counts[None], None))
    return loads
