"""Reads of activities, with the access rules of participants.selectors.

- The catalogue is read by everyone with participant access in the project, and changed
  by the project manager (and the administrator, who configures projects).
- An individual activity is seen by whoever may see its enrolment (enrolment_get_for).
- Group activities are seen by the project's coaches and project managers. The people
  booked on them only as far as enrolments_for allows: a coach sees the names in their own
  caseload and only a count of the others, unless they see the whole project.
- Hours are summed over the enrolments the user may see, with one query per figure,
  whatever the number of participants.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404

from stegvis.accounts.models import User
from stegvis.accounts.selectors import has_participant_access, is_project_manager, sees_whole_project
from stegvis.activities.models import (
    Activity,
    ActivityHours,
    ActivityKind,
    ActivityType,
    Attendance,
    AttendanceStatus,
    GroupActivity,
    GroupBooking,
    GroupSession,
)
from stegvis.core.models import Gender
from stegvis.participants.models import Enrolment
from stegvis.participants.selectors import enrolment_get_for, enrolments_for
from stegvis.plans.models import Goal
from stegvis.projects.models import Project

ZERO = Decimal(0)
TWO_PLACES = Decimal("0.01")
# A week (given by its Monday) belongs to the period that holds its Thursday.
THURSDAY = datetime.timedelta(days=3)


def _subquery_count(queryset: QuerySet, group_field: str) -> Coalesce:
    counted = queryset.order_by().values(group_field).annotate(n=Count("pk")).values("n")[:1]
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


# --- catalogue -------------------------------------------------------------------------


def can_manage_catalogue(user: User, project: Project) -> bool:
    return is_project_manager(user, project) or user.is_administrator


def can_view_catalogue(user: User, project: Project) -> bool:
    return can_manage_catalogue(user, project) or has_participant_access(user, project)


def catalogue_for(user: User, project: Project) -> QuerySet[ActivityType]:
    """The project's catalogue with how often each activity is used (counts only)."""
    if not can_view_catalogue(user, project):
        raise PermissionDenied
    return ActivityType.objects.filter(project=project).annotate(
        activity_count=_subquery_count(
            Activity.objects.filter(activity_type=OuterRef("pk")), "activity_type"
        ),
        group_count=_subquery_count(
            GroupActivity.objects.filter(activity_type=OuterRef("pk")), "activity_type"
        ),
    )


def activity_type_get_for_manage(user: User, project: Project, pk: int) -> ActivityType:
    if not can_manage_catalogue(user, project):
        raise PermissionDenied
    return get_object_or_404(ActivityType.objects.select_related("project"), project=project, pk=pk)


def activity_types_for_individual(
    project: Project, current: ActivityType | None = None
) -> QuerySet[ActivityType]:
    """Choices for an individual activity: active ones that may be given individually (and the current one)."""
    usable = Q(active=True, kind__in=[ActivityKind.INDIVIDUAL, ActivityKind.BOTH])
    if current is not None:
        usable |= Q(pk=current.pk)
    return ActivityType.objects.filter(usable, project=project)


def activity_types_for_group(project: Project, current: ActivityType | None = None) -> QuerySet[ActivityType]:
    usable = Q(active=True, kind__in=[ActivityKind.GROUP, ActivityKind.BOTH])
    if current is not None:
        usable |= Q(pk=current.pk)
    return ActivityType.objects.filter(usable, project=project)


# --- individual activities -------------------------------------------------------------


def activities_of(enrolment: Enrolment, *, with_goals: bool = True) -> QuerySet[Activity]:
    """An enrolment's activities with their reported hours, and their goals (prefetched) or only
    how many (``goal_count``). The caller has loaded the enrolment through enrolment_get_for,
    so access is already decided."""
    reported = (
        ActivityHours.objects.filter(activity=OuterRef("pk"))
        .order_by()
        .values("activity")
        .annotate(total=Sum("hours"))
        .values("total")[:1]
    )
    activities = (
        Activity.objects.filter(enrolment=enrolment)
        .select_related("activity_type", "provider")
        .annotate(reported_hours=Coalesce(Subquery(reported), ZERO))
        .order_by("end_reason", "-start_date", "-pk")
    )
    if with_goals:
        return activities.prefetch_related(
            Prefetch("goals", queryset=Goal.objects.order_by("position", "pk"))
        )
    goal_count = Activity.goals.through.objects.filter(activity=OuterRef("pk"))
    return activities.annotate(goal_count=_subquery_count(goal_count, "activity"))


def activity_get_for(user: User, enrolment_pk: int, pk: int) -> Activity:
    """One activity of an enrolment the user may see; 404 otherwise."""
    enrolment = enrolment_get_for(user, enrolment_pk)
    activity = (
        Activity.objects.select_related("activity_type", "provider", "created_by")
        .filter(enrolment=enrolment, pk=pk)
        .first()
    )
    if activity is None:
        raise Http404
    activity.enrolment = enrolment
    return activity


def plan_goals(enrolment: Enrolment) -> list[Goal]:
    """The goals and sub-goals of the enrolment's action plan, sub-goals right after their goal."""
    goals = list(Goal.objects.filter(plan__enrolment=enrolment).order_by("position", "pk"))
    children: dict[int | None, list[Goal]] = defaultdict(list)
    for goal in goals:
        children[goal.parent_id].append(goal)
    ordered: list[Goal] = []

    def walk(parent: int | None, depth: int) -> None:
        for goal in children.get(parent, []):
            goal.depth = depth  # type: ignore[attr-defined]
            ordered.append(goal)
            walk(goal.pk, depth + 1)

    walk(None, 0)
    return ordered


def activity_goals(activity: Activity) -> list[Goal]:
    """The goals an activity serves, in the plan's order (a sub-goal after its goal); one query."""

    def key(goal: Goal) -> tuple:
        top = goal.parent if goal.parent_id is not None else goal
        return (top.position, top.pk, goal.parent_id is not None, goal.position, goal.pk)

    return sorted(activity.goals.select_related("parent"), key=key)


@dataclass
class BookingSummary:
    booking: GroupBooking
    present: int
    recorded: int
    hours: Decimal


@dataclass
class EnrolmentActivities:
    """What the participant page and the participant's activity page show."""

    activities: list[Activity]
    bookings: list[BookingSummary]
    individual_hours: Decimal
    group_hours: Decimal
    with_goals: bool

    @property
    def total_hours(self) -> Decimal:
        return self.individual_hours + self.group_hours


OVERVIEW_CACHE = "_activities_overview"


def enrolment_activities(enrolment: Enrolment, *, with_goals: bool = False) -> EnrolmentActivities:
    """Activities, group bookings and hours of one (already access-checked) enrolment: two queries,
    three with the goals. The participant page's panel and timeline share one result per request."""
    cached = getattr(enrolment, OVERVIEW_CACHE, None)
    if cached is not None and cached.with_goals >= with_goals:
        return cached
    activities = list(activities_of(enrolment, with_goals=with_goals))
    attended = Attendance.objects.filter(
        enrolment=OuterRef("enrolment"), session__group_activity=OuterRef("group_activity")
    )
    # Attendance is recorded only for booked participants (attendance_record) and a booking
    # with attendance is never deleted (booking_end), so the bookings' hours are all group hours.
    group_hours = attended.order_by().values("enrolment").annotate(h=Sum("hours")).values("h")[:1]
    bookings = (
        GroupBooking.objects.filter(enrolment=enrolment)
        .select_related("group_activity__activity_type")
        .annotate(
            present=_subquery_count(attended.filter(status=AttendanceStatus.PRESENT), "enrolment"),
            recorded=_subquery_count(attended, "enrolment"),
            hours=Coalesce(Subquery(group_hours), ZERO),
        )
        .order_by("-booked_from", "-pk")
    )
    summaries = [BookingSummary(b, b.present, b.recorded, _exact(b.hours)) for b in bookings]
    overview = EnrolmentActivities(
        activities=activities,
        bookings=summaries,
        individual_hours=_exact(sum((_exact(a.reported_hours) for a in activities), ZERO)),
        group_hours=sum((b.hours for b in summaries), ZERO),
        with_goals=with_goals,
    )
    setattr(enrolment, OVERVIEW_CACHE, overview)
    return overview


# --- group activities ------------------------------------------------------------------


def group_activities_for(user: User, project: Project) -> QuerySet[GroupActivity]:
    """The project's group activities with session and booking counts (no names)."""
    if not has_participant_access(user, project):
        raise PermissionDenied
    today = datetime.date.today()
    next_session = (
        GroupSession.objects.filter(group_activity=OuterRef("pk"), date__gte=today, cancelled=False)
        .order_by("date", "start_time")
        .values("date")[:1]
    )
    return (
        GroupActivity.objects.filter(project=project)
        .select_related("activity_type", "leader", "provider")
        .annotate(
            session_count=_subquery_count(
                GroupSession.objects.filter(group_activity=OuterRef("pk"), cancelled=False), "group_activity"
            ),
            booked_count=_subquery_count(
                GroupBooking.objects.filter(group_activity=OuterRef("pk"), left_on__isnull=True),
                "group_activity",
            ),
            next_session=Subquery(next_session),
        )
    )


def group_activity_get_for(user: User, project: Project, pk: int) -> GroupActivity:
    group = group_activities_for(user, project).filter(pk=pk).first()
    if group is None:
        raise Http404
    return group


def session_get_for(user: User, group: GroupActivity, pk: int) -> GroupSession:
    """A session of a group the user has already been allowed to open."""
    session = GroupSession.objects.filter(group_activity=group, pk=pk).first()
    if session is None:
        raise Http404
    session.group_activity = group
    return session


def sessions_with_counts(group: GroupActivity) -> QuerySet[GroupSession]:
    """Every session with how many were booked that day and how many were recorded (counts, no names)."""
    booked = (
        GroupBooking.objects.filter(
            group_activity=OuterRef("group_activity"), booked_from__lte=OuterRef("date")
        )
        .filter(Q(left_on__isnull=True) | Q(left_on__gte=OuterRef("date")))
        .filter(enrolment__start_date__lte=OuterRef("date"))
        .filter(Q(enrolment__exit__isnull=True) | Q(enrolment__exit__exit_date__gte=OuterRef("date")))
    )
    return group.sessions.annotate(
        booked=_subquery_count(booked, "group_activity"),
        recorded=Count("attendances"),
        present=Count("attendances", filter=Q(attendances__status=AttendanceStatus.PRESENT)),
        notified=Count("attendances", filter=Q(attendances__status=AttendanceStatus.NOTIFIED)),
        absent=Count("attendances", filter=Q(attendances__status=AttendanceStatus.ABSENT)),
    ).order_by("date", "start_time")


@dataclass
class Bookings:
    """The bookings a user may see by name, and how many others there are."""

    visible: list[GroupBooking]
    hidden: int
    whole_project: bool


def bookings_for(user: User, group: GroupActivity) -> Bookings:
    visible = enrolments_for(user, group.project).values("pk")
    attended = Attendance.objects.filter(
        enrolment=OuterRef("enrolment"), session__group_activity=OuterRef("group_activity")
    )
    bookings = (
        group.bookings.filter(enrolment__in=visible)
        .select_related("enrolment__person", "enrolment__coach")
        .annotate(
            present=_subquery_count(attended.filter(status=AttendanceStatus.PRESENT), "enrolment"),
            recorded=_subquery_count(attended, "enrolment"),
        )
        .order_by(
            F("left_on").asc(nulls_first=True),
            "enrolment__person__last_name",
            "enrolment__person__first_name",
            "pk",
        )
    )
    whole = sees_whole_project(user, group.project)
    hidden = (
        0 if whole else group.bookings.filter(left_on__isnull=True).exclude(enrolment__in=visible).count()
    )
    return Bookings(list(bookings), hidden, whole)


def bookable_enrolments(user: User, group: GroupActivity) -> QuerySet[Enrolment]:
    """Open enrolments the user may see that are not booked on the group now."""
    booked_now = group.bookings.filter(left_on__isnull=True).values("enrolment")
    return (
        enrolments_for(user, group.project)
        .filter(phase__in=["kartlaggning", "aktivitet", "provning"])
        .exclude(pk__in=booked_now)
        .order_by("person__last_name", "person__first_name", "pk")
    )


@dataclass
class AttendanceRow:
    enrolment: Enrolment
    attendance: Attendance | None


@dataclass
class AttendanceSheet:
    """The attendance list of one session as one user may see it."""

    session: GroupSession
    rows: list[AttendanceRow]
    hidden: int
    hidden_recorded: dict[str, int] = field(default_factory=dict)


def attendance_sheet_for(user: User, session: GroupSession) -> AttendanceSheet:
    """Everyone booked on the session's day (or already recorded): named rows for the enrolments
    the user may see, counts for the others. A fixed number of queries."""
    group = session.group_activity
    day = session.date
    expected = (
        group.bookings.filter(booked_from__lte=day)
        .filter(Q(left_on__isnull=True) | Q(left_on__gte=day))
        .filter(enrolment__start_date__lte=day)
        .filter(Q(enrolment__exit__isnull=True) | Q(enrolment__exit__exit_date__gte=day))
        .values("enrolment")
    )
    recorded = session.attendances.values("enrolment")
    on_list = Q(pk__in=expected) | Q(pk__in=recorded)
    enrolments = list(
        enrolments_for(user, group.project)
        .filter(on_list)
        .order_by("person__last_name", "person__first_name", "pk")
    )
    attendances = {
        a.enrolment_id: a for a in session.attendances.filter(enrolment__in=[e.pk for e in enrolments])
    }
    rows = [AttendanceRow(e, attendances.get(e.pk)) for e in enrolments]
    hidden = 0
    hidden_recorded: dict[str, int] = {}
    if not sees_whole_project(user, group.project):
        others = Enrolment.objects.filter(on_list, project=group.project).exclude(
            pk__in=[e.pk for e in enrolments]
        )
        hidden = others.count()
        hidden_recorded = dict(
            session.attendances.filter(enrolment__in=others)
            .values("status")
            .annotate(n=Count("pk"))
            .values_list("status", "n")
        )
    return AttendanceSheet(session, rows, hidden, hidden_recorded)


# --- hours -----------------------------------------------------------------------------


def _exact(value: Decimal | float | int | None) -> Decimal:
    """Sums come back as floats on SQLite; hours have two decimals, so round to those."""
    return Decimal(str(value or 0)).quantize(TWO_PLACES)


@dataclass
class TypeHours:
    activity_type: ActivityType
    individual: Decimal = ZERO
    group: Decimal = ZERO
    by_gender: dict[str, Decimal] = field(default_factory=lambda: {g: ZERO for g in Gender.values})
    participants: int = 0

    @property
    def total(self) -> Decimal:
        return self.individual + self.group

    @property
    def gender_cells(self) -> list[Decimal]:
        return [self.by_gender[g] for g in Gender.values]


@dataclass
class ParticipantHours:
    enrolment: Enrolment
    individual: Decimal = ZERO
    group: Decimal = ZERO

    @property
    def total(self) -> Decimal:
        return self.individual + self.group


@dataclass
class HoursSummary:
    """Hours done in a period, per activity type and per participant, and their totals.

    Each table comes from its own GROUP BY, so that the tables adding up to the same total
    is a real check (tests/test_hours.py), not a consequence of summing one list twice.
    """

    start: datetime.date
    end: datetime.date
    by_type: list[TypeHours]
    by_participant: list[ParticipantHours]
    individual_total: Decimal
    group_total: Decimal
    whole_project: bool

    @property
    def total(self) -> Decimal:
        return self.individual_total + self.group_total

    @property
    def gender_totals(self) -> list[Decimal]:
        return [sum((row.by_gender[g] for row in self.by_type), ZERO) for g in Gender.values]


def hours_summary(user: User, project: Project, *, start: datetime.date, end: datetime.date) -> HoursSummary:
    """Hours per activity type (by gender) and per participant in [start, end]; about ten queries."""
    visible = enrolments_for(user, project).values("pk")
    individual = ActivityHours.objects.filter(
        activity__enrolment__in=visible, week__gte=start - THURSDAY, week__lte=end - THURSDAY
    )
    group = Attendance.objects.filter(
        enrolment__in=visible, session__date__gte=start, session__date__lte=end, hours__gt=0
    )

    types: dict[int, TypeHours] = {}
    type_ids = set(individual.order_by().values_list("activity__activity_type", flat=True).distinct()) | set(
        group.order_by().values_list("session__group_activity__activity_type", flat=True).distinct()
    )
    for activity_type in ActivityType.objects.filter(pk__in=type_ids):
        types[activity_type.pk] = TypeHours(activity_type)
    for row in (
        individual.values("activity__activity_type", "activity__enrolment__person__gender")
        .annotate(h=Sum("hours"))
        .order_by()
    ):
        cell = types[row["activity__activity_type"]]
        hours = _exact(row["h"])
        cell.individual += hours
        cell.by_gender[row["activity__enrolment__person__gender"]] += hours
    for row in (
        group.values("session__group_activity__activity_type", "enrolment__person__gender")
        .annotate(h=Sum("hours"))
        .order_by()
    ):
        cell = types[row["session__group_activity__activity_type"]]
        hours = _exact(row["h"])
        cell.group += hours
        cell.by_gender[row["enrolment__person__gender"]] += hours
    pairs = set(
        individual.order_by().values_list("activity__activity_type", "activity__enrolment").distinct()
    ) | set(group.order_by().values_list("session__group_activity__activity_type", "enrolment").distinct())
    for type_id, _enrolment_id in pairs:
        types[type_id].participants += 1

    people: dict[int, ParticipantHours] = {}
    individual_by_enrolment = dict(
        individual.values("activity__enrolment")
        .annotate(h=Sum("hours"))
        .order_by()
        .values_list("activity__enrolment", "h")
    )
    group_by_enrolment = dict(
        group.values("enrolment").annotate(h=Sum("hours")).order_by().values_list("enrolment", "h")
    )
    enrolments = Enrolment.objects.filter(
        pk__in=set(individual_by_enrolment) | set(group_by_enrolment)
    ).select_related("person", "coach")
    for enrolment in enrolments:
        people[enrolment.pk] = ParticipantHours(
            enrolment,
            _exact(individual_by_enrolment.get(enrolment.pk)),
            _exact(group_by_enrolment.get(enrolment.pk)),
        )
    return HoursSummary(
        start=start,
        end=end,
        by_type=sorted(types.values(), key=lambda t: (t.activity_type.position, t.activity_type.name)),
        by_participant=sorted(
            people.values(),
            key=lambda p: (p.enrolment.person.last_name, p.enrolment.person.first_name, p.enrolment.pk),
        ),
        individual_total=_exact(individual.aggregate(h=Sum("hours"))["h"]),
        group_total=_exact(group.aggregate(h=Sum("hours"))["h"]),
        whole_project=sees_whole_project(user, project),
    )
