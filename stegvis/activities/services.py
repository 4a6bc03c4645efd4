"""Writes for the activity catalogue, individual activities and their hours, and group activities.

Every service is keyword-only, runs in one transaction and writes its audit entry in that
same transaction. Business rules raise ValidationError with a Swedish message; a stale
write raises ConcurrentEditError. Services trust the caller to have checked access
(views load everything through activities.selectors and participants.selectors).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from stegvis.accounts.models import Organisation, User
from stegvis.activities.models import (
    HOURS_IN_A_WEEK,
    Activity,
    ActivityCatalogue,
    ActivityHours,
    ActivityKind,
    ActivityType,
    Attendance,
    AttendanceStatus,
    GroupActivity,
    GroupBooking,
    GroupSession,
    week_start,
)
from stegvis.audit.models import AuditEntry
from stegvis.audit.services import audit_log
from stegvis.core.exceptions import ConcurrentEditError
from stegvis.participants.models import Enrolment, Exit, Phase
from stegvis.plans.models import Goal
from stegvis.projects.models import Project

# The activities the five seed projects name, in the order a coach meets them.
DEFAULT_CATALOGUE: list[tuple[str, str, str]] = [
    (
        "Motiverande samtal",
        ActivityKind.INDIVIDUAL,
        "Samtal enligt MI (motivational interviewing) som stöd för deltagarens egen förändring.",
    ),
    ("Kartläggning", ActivityKind.INDIVIDUAL, "Deltagarens situation, resurser, hinder och behov."),
    ("Gruppaktivitet", ActivityKind.GROUP, "Aktiviteter i grupp med andra deltagare."),
    ("Social träning", ActivityKind.BOTH, "Träning i vardagliga och sociala situationer."),
    ("Friskvård", ActivityKind.BOTH, "Fysisk aktivitet och friskvård."),
    ("Arbetsprövning", ActivityKind.INDIVIDUAL, "Prövning av arbetsförmågan på en arbetsplats."),
    (
        "Arbetsträning",
        ActivityKind.INDIVIDUAL,
        "Träning på en arbetsplats, med särskilt stöd för den som behöver prova omfattningen av sin arbetsförmåga.",
    ),
    ("Praktik", ActivityKind.INDIVIDUAL, "Praktik på en arbetsplats."),
    ("Praktikbesök", ActivityKind.BOTH, "Besök på arbetsplatser och praktikplatser."),
    (
        "Språkstöd",
        ActivityKind.BOTH,
        "Språkundervisning för den som inte gjort progression på SFI.",
    ),
    ("Studievägledning", ActivityKind.INDIVIDUAL, "Vägledning inför studier."),
    (
        "IPS/Supported Employment – jobbsökning",
        ActivityKind.INDIVIDUAL,
        "Stöd att hitta ett arbete på den öppna arbetsmarknaden.",
    ),
    (
        "IPS/Supported Employment – stöd på arbetsplatsen",
        ActivityKind.INDIVIDUAL,
        "Efterföljande stöd (follow-along) för att behålla arbetet.",
    ),
    ("BIP (handledningsmetod)", ActivityKind.INDIVIDUAL, "Handledarstöd enligt metoden BIP."),
    (
        "Matchning från dag 1 (handledningsmetod)",
        ActivityKind.INDIVIDUAL,
        "Handledarstöd enligt metoden Matchning från dag 1.",
    ),
    ("Livsstil och hälsa", ActivityKind.BOTH, "Kost, sömn, rörelse och hälsa i vardagen."),
]

TWO_PLACES = Decimal("0.01")
MAX_SESSIONS_AT_ONCE = 60


# --- helpers ---------------------------------------------------------------------------


def _exit_date(enrolment: Enrolment) -> datetime.date | None:
    if enrolment.phase != Phase.AVSLUT:
        return None
    return Exit.objects.filter(enrolment=enrolment).values_list("exit_date", flat=True).first()


def _check_within_enrolment(
    enrolment: Enrolment, start: datetime.date, end: datetime.date | None, *, start_field: str
) -> None:
    if start < enrolment.start_date:
        raise ValidationError(
            {
                start_field: _("Datumet kan inte vara före inskrivningen (%(date)s).")
                % {"date": enrolment.start_date.isoformat()}
            }
        )
    exited = _exit_date(enrolment)
    if exited is not None and (start > exited or (end is not None and end > exited)):
        raise ValidationError(
            _("Deltagaren avslutades %(date)s; insatsen måste ligga inom inskrivningen.")
            % {"date": exited.isoformat()}
        )


def _bump_version(activity: Activity, expected_version: int, **changes: object) -> None:
    """Apply changes only if nobody saved since expected_version was read."""
    updated = Activity.objects.filter(pk=activity.pk, version=expected_version).update(
        version=F("version") + 1, **changes
    )
    if not updated:
        raise ConcurrentEditError
    activity.refresh_from_db()


def list_viewed(
    *, project: Project, by: User, path: str, list_name: str, object_id: int | None = None
) -> None:
    """Pages that list participants (bookings, attendance, hours) are logged like the participant list."""
    audit_log(
        user=by,
        action=f"activities.{list_name}.viewed",
        project_id=project.pk,
        object_id=object_id,
        path=path,
    )


def enrolment_page_viewed(*, enrolment: Enrolment, by: User, path: str) -> None:
    """A participant's activities are participant data: opening them is logged like the participant page."""
    audit_log(
        user=by,
        action="activities.enrolment.viewed",
        project_id=enrolment.project_id,
        person_id=enrolment.person_id,
        enrolment_id=enrolment.pk,
        path=path,
    )


# --- catalogue -------------------------------------------------------------------------


def catalogue_ensure_defaults(*, project: Project, by: User | None, path: str = "") -> int:
    """Give a project the default activities the first time its catalogue is needed.

    Runs once per project: the marker row serialises concurrent first visits (the unique
    project key makes the second one wait and then fail), and defaults deleted later stay
    deleted. Returns how many activities were added.
    """
    if ActivityCatalogue.objects.filter(project=project).exists():
        return 0
    try:
        with transaction.atomic():
            ActivityCatalogue.objects.create(project=project)
            taken = {name.lower() for name in project.activity_types.values_list("name", flat=True)}
            start = (
                project.activity_types.order_by("-position").values_list("position", flat=True).first()
            ) or 0
            new = [
                ActivityType(
                    project=project,
                    name=name,
                    kind=kind,
                    description=description,
                    position=start + 10 * (index + 1),
                )
                for index, (name, kind, description) in enumerate(DEFAULT_CATALOGUE)
                if name.lower() not in taken
            ]
            ActivityType.objects.bulk_create(new)
            audit_log(user=by, action="activities.catalogue.defaults_added", project_id=project.pk, path=path)
    except IntegrityError:
        return 0  # another request added them first
    return len(new)


def _clean_type_name(project: Project, name: str, exclude_pk: int | None = None) -> str:
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": _("Ange insatsens namn.")})
    clash = project.activity_types.filter(name__iexact=name)
    if exclude_pk is not None:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise ValidationError({"name": _("Det finns redan en insats med det namnet i katalogen.")})
    return name


@transaction.atomic
def activity_type_create(
    *,
    project: Project,
    name: str,
    kind: str,
    description: str = "",
    position: int | None = None,
    by: User,
    path: str = "",
) -> ActivityType:
    if position is None:
        last = project.activity_types.order_by("-position").values_list("position", flat=True).first()
        position = (last or 0) + 10
    activity_type = ActivityType(
        project=project,
        name=_clean_type_name(project, name),
        kind=kind,
        description=description.strip(),
        position=position,
    )
    activity_type.full_clean(exclude=["project"], validate_constraints=False)
    activity_type.save()
    audit_log(
        user=by,
        action="activities.type.created",
        project_id=project.pk,
        object_id=activity_type.pk,
        path=path,
    )
    return activity_type


@transaction.atomic
def activity_type_update(
    *,
    activity_type: ActivityType,
    name: str,
    kind: str,
    description: str,
    active: bool,
    position: int,
    by: User,
    path: str = "",
) -> ActivityType:
    """Rename, re-describe, reorder or (de)activate. A kind that existing use does not fit is refused."""
    project = activity_type.project
    if kind == ActivityKind.GROUP and activity_type.activities.exists():
        raise ValidationError(
            {"kind": _("Insatsen används för individuella insatser och kan inte bli enbart gruppinsats.")}
        )
    if kind == ActivityKind.INDIVIDUAL and activity_type.group_activities.exists():
        raise ValidationError(
            {"kind": _("Insatsen används för gruppaktiviteter och kan inte bli enbart individuell.")}
        )
    activity_type.name = _clean_type_name(project, name, exclude_pk=activity_type.pk)
    activity_type.kind = kind
    activity_type.description = description.strip()
    activity_type.active = active
    activity_type.position = position
    activity_type.full_clean(exclude=["project"], validate_constraints=False)
    activity_type.save()
    audit_log(
        user=by,
        action="activities.type.updated",
        project_id=project.pk,
        object_id=activity_type.pk,
        path=path,
    )
    return activity_type


@transaction.atomic
def activity_type_delete(*, activity_type: ActivityType, by: User, path: str = "") -> None:
    """Only an unused activity can be deleted; a used one is deactivated instead."""
    if activity_type.activities.exists() or activity_type.group_activities.exists():
        raise ValidationError(
            _("Insatsen används och kan inte tas bort. Markera den som inte längre använd i stället.")
        )
    audit_log(
        user=by,
        action="activities.type.deleted",
        project_id=activity_type.project_id,
        object_id=activity_type.pk,
        path=path,
    )
    activity_type.delete()


# --- individual activities -------------------------------------------------------------


@dataclass
class ActivityData:
    """What the activity form collects."""

    activity_type: ActivityType
    start_date: datetime.date
    end_date: datetime.date | None = None
    provider: Organisation | None = None
    place: str = ""
    planned_hours_per_week: Decimal | None = None
    goals: list[Goal] = field(default_factory=list)
    note: str = ""


def _check_activity(enrolment: Enrolment, data: ActivityData, current: Activity | None) -> None:
    activity_type = data.activity_type
    if activity_type.project_id != enrolment.project_id:
        raise ValidationError({"activity_type": _("Insatsen finns inte i projektets katalog.")})
    changed_type = current is None or current.activity_type_id != activity_type.pk
    if changed_type and not activity_type.active:
        raise ValidationError({"activity_type": _("Insatsen används inte längre i projektet.")})
    if changed_type and not activity_type.allows_individual:
        raise ValidationError(
            {"activity_type": _("Insatsen ges bara i grupp. Boka deltagaren på en gruppaktivitet i stället.")}
        )
    if data.end_date is not None and data.end_date < data.start_date:
        raise ValidationError({"end_date": _("Slutdatum kan inte vara före startdatum.")})
    _check_within_enrolment(enrolment, data.start_date, data.end_date, start_field="start_date")
    goal_ids = {goal.pk for goal in data.goals}
    if goal_ids:
        own = set(
            Goal.objects.filter(pk__in=goal_ids, plan__enrolment=enrolment).values_list("pk", flat=True)
        )
        if own != goal_ids:
            raise ValidationError({"goals": _("Välj bara mål ur deltagarens egen handlingsplan.")})
    if current is not None:
        last_week = current.hours.order_by("-week").values_list("week", flat=True).first()
        first_week = current.hours.order_by("week").values_list("week", flat=True).first()
        if first_week is not None and first_week + datetime.timedelta(days=6) < data.start_date:
            raise ValidationError(
                {"start_date": _("Det finns rapporterade timmar före det nya startdatumet.")}
            )
        if last_week is not None and data.end_date is not None and last_week > data.end_date:
            raise ValidationError({"end_date": _("Det finns rapporterade timmar efter det nya slutdatumet.")})


@transaction.atomic
def activity_create(*, enrolment: Enrolment, data: ActivityData, by: User, path: str = "") -> Activity:
    """Plan or start an individual activity for a participant."""
    _check_activity(enrolment, data, None)
    activity = Activity(
        enrolment=enrolment,
        activity_type=data.activity_type,
        start_date=data.start_date,
        end_date=data.end_date,
        provider=data.provider,
        place=data.place.strip(),
        planned_hours_per_week=data.planned_hours_per_week,
        note=data.note.strip(),
        created_by=by,
    )
    activity.full_clean(exclude=["enrolment", "activity_type", "created_by"])
    activity.save()
    activity.goals.set(data.goals)
    audit_log(
        user=by,
        action="activities.activity.created",
        project_id=enrolment.project_id,
        person_id=enrolment.person_id,
        enrolment_id=enrolment.pk,
        object_id=activity.pk,
        path=path,
    )
    return activity


@transaction.atomic
def activity_update(
    *, activity: Activity, data: ActivityData, expected_version: int, by: User, path: str = ""
) -> Activity:
    enrolment = activity.enrolment
    _check_activity(enrolment, data, activity)
    if activity.end_reason and data.end_date is None:
        raise ValidationError({"end_date": _("Insatsen är avslutad och behöver ett slutdatum.")})
    probe = Activity(
        enrolment=enrolment,
        activity_type=data.activity_type,
        start_date=data.start_date,
        end_date=data.end_date,
        place=data.place.strip(),
        planned_hours_per_week=data.planned_hours_per_week,
        created_by=by,
    )
    probe.full_clean(exclude=["enrolment", "activity_type", "created_by"], validate_constraints=False)
    _bump_version(
        activity,
        expected_version,
        activity_type=data.activity_type,
        start_date=data.start_date,
        end_date=data.end_date,
        provider=data.provider,
        place=data.place.strip(),
        planned_hours_per_week=data.planned_hours_per_week,
        note=data.note.strip(),
        updated_at=timezone.now(),
    )
    activity.goals.set(data.goals)
    audit_log(
        user=by,
        action="activities.activity.updated",
        project_id=enrolment.project_id,
        person_id=enrolment.person_id,
        enrolment_id=enrolment.pk,
        object_id=activity.pk,
        path=path,
    )
    return activity


@transaction.atomic
def activity_end(
    *,
    activity: Activity,
    end_date: datetime.date,
    end_reason: str,
    expected_version: int,
    by: User,
    path: str = "",
) -> Activity:
    """End an activity: the date it ended and whether it was completed or discontinued."""
    if activity.end_reason:
        raise ValidationError(_("Insatsen är redan avslutad."))
    if end_reason not in Activity.EndReason.values:
        raise ValidationError({"end_reason": _("Välj hur insatsen slutade.")})
    if end_date < activity.start_date:
        raise ValidationError({"end_date": _("Slutdatum kan inte vara före startdatum.")})
    if end_date > datetime.date.today():
        raise ValidationError({"end_date": _("Datumet kan inte ligga i framtiden.")})
    exited = _exit_date(activity.enrolment)
    if exited is not None and end_date > exited:
        raise ValidationError(
            {"end_date": _("Deltagaren avslutades %(date)s.") % {"date": exited.isoformat()}}
        )
    if activity.hours.filter(week__gt=end_date).exists():
        raise ValidationError({"end_date": _("Det finns rapporterade timmar efter det datumet.")})
    _bump_version(
        activity,
        expected_version,
        end_date=end_date,
        end_reason=end_reason,
        updated_at=timezone.now(),
    )
    enrolment = activity.enrolment
    audit_log(
        user=by,
        action="activities.activity.ended",
        project_id=enrolment.project_id,
        person_id=enrolment.person_id,
        enrolment_id=enrolment.pk,
        object_id=activity.pk,
        path=path,
    )
    return activity


def reportable_weeks(activity: Activity, today: datetime.date) -> tuple[datetime.date, datetime.date] | None:
    """The first and last Monday a coach may report hours for, or None if none yet."""
    enrolment = activity.enrolment
    first = week_start(max(activity.start_date, enrolment.start_date))
    ends = [today]
    if activity.end_date is not None:
        ends.append(activity.end_date)
    exited = _exit_date(enrolment)
    if exited is not None:
        ends.append(exited)
    last = week_start(min(ends))
    if last < first:
        return None
    return first, last


@transaction.atomic
def hours_report(
    *,
    activity: Activity,
    hours: Mapping[datetime.date, Decimal | None],
    by: User,
    today: datetime.date | None = None,
    path: str = "",
) -> int:
    """Set the hours done per week (Monday → hours); None or 0 clears a week. Returns weeks changed."""
    today = today or datetime.date.today()
    window = reportable_weeks(activity, today)
    errors: list[str] = []
    for week, value in hours.items():
        if week.weekday() != 0:
            raise ValueError("weeks are given by their Monday")
        if value is not None and value != 0:
            if window is None or not (window[0] <= week <= window[1]):
                errors.append(
                    _("Vecka %(week)s ligger utanför insatsens period eller i framtiden.")
                    % {"week": week.isocalendar().week}
                )
            elif value < 0 or value > HOURS_IN_A_WEEK:
                errors.append(
                    _("Vecka %(week)s: ange mellan 0 och 168 timmar.") % {"week": week.isocalendar().week}
                )
    if errors:
        raise ValidationError(errors)
    existing = {row.week: row for row in activity.hours.filter(week__in=list(hours))}
    changed = 0
    for week, value in hours.items():
        row = existing.get(week)
        amount = None if value is None or value == 0 else Decimal(value).quantize(TWO_PLACES)
        if amount is None:
            if row is not None:
                row.delete()
                changed += 1
        elif row is None:
            ActivityHours.objects.create(activity=activity, week=week, hours=amount, reported_by=by)
            changed += 1
        elif row.hours != amount:
            row.hours = amount
            row.reported_by = by
            row.save(update_fields=["hours", "reported_by", "reported_at"])
            changed += 1
    if changed:
        enrolment = activity.enrolment
        audit_log(
            user=by,
            action="activities.hours.reported",
            project_id=enrolment.project_id,
            person_id=enrolment.person_id,
            enrolment_id=enrolment.pk,
            object_id=activity.pk,
            path=path,
        )
    return changed


# --- group activities ------------------------------------------------------------------


@dataclass
class GroupActivityData:
    """What the group activity form collects."""

    activity_type: ActivityType
    title: str
    start_date: datetime.date
    end_date: datetime.date | None = None
    leader: User | None = None
    provider: Organisation | None = None
    place: str = ""
    capacity: int | None = None
    description: str = ""


def _check_group(project: Project, data: GroupActivityData, current: GroupActivity | None) -> None:
    activity_type = data.activity_type
    if activity_type.project_id != project.pk:
        raise ValidationError({"activity_type": _("Insatsen finns inte i projektets katalog.")})
    changed_type = current is None or current.activity_type_id != activity_type.pk
    if changed_type and not activity_type.active:
        raise ValidationError({"activity_type": _("Insatsen används inte längre i projektet.")})
    if changed_type and not activity_type.allows_group:
        raise ValidationError({"activity_type": _("Insatsen ges bara individuellt.")})
    if not data.title.strip():
        raise ValidationError({"title": _("Ange gruppaktivitetens namn.")})
    if data.end_date is not None and data.end_date < data.start_date:
        raise ValidationError({"end_date": _("Slutdatum kan inte vara före startdatum.")})
    if data.leader is not None and not data.leader.memberships.filter(project=project).exists():
        raise ValidationError({"leader": _("Ledaren arbetar inte i projektet.")})
    if current is not None:
        sessions = current.sessions.all()
        if sessions.filter(date__lt=data.start_date).exists() or (
            data.end_date is not None and sessions.filter(date__gt=data.end_date).exists()
        ):
            raise ValidationError(
                _("Det finns tillfällen utanför den nya perioden. Flytta eller ta bort dem först.")
            )
        booked = current.bookings.filter(left_on__isnull=True).count()
        if data.capacity is not None and booked > data.capacity:
            raise ValidationError({"capacity": _("%(n)s deltagare är redan bokade.") % {"n": booked}})


@transaction.atomic
def group_activity_create(
    *, project: Project, data: GroupActivityData, by: User, path: str = ""
) -> GroupActivity:
    _check_group(project, data, None)
    group = GroupActivity(project=project, created_by=by)
    _apply_group(group, data)
    group.full_clean(exclude=["project", "activity_type", "created_by", "leader", "provider"])
    group.save()
    audit_log(
        user=by, action="activities.group.created", project_id=project.pk, object_id=group.pk, path=path
    )
    return group


def _apply_group(group: GroupActivity, data: GroupActivityData) -> None:
    group.activity_type = data.activity_type
    group.title = data.title.strip()
    group.start_date = data.start_date
    group.end_date = data.end_date
    group.leader = data.leader
    group.provider = data.provider
    group.place = data.place.strip()
    group.capacity = data.capacity
    group.description = data.description.strip()


@transaction.atomic
def group_activity_update(
    *, group: GroupActivity, data: GroupActivityData, by: User, path: str = ""
) -> GroupActivity:
    _check_group(group.project, data, group)
    _apply_group(group, data)
    group.full_clean(exclude=["project", "activity_type", "created_by", "leader", "provider"])
    group.save()
    audit_log(
        user=by, action="activities.group.updated", project_id=group.project_id, object_id=group.pk, path=path
    )
    return group


def _check_session_date(group: GroupActivity, day: datetime.date, field_name: str) -> None:
    if day < group.start_date or (group.end_date is not None and day > group.end_date):
        raise ValidationError(
            {
                field_name: _("Tillfället måste ligga inom gruppaktivitetens period (%(period)s).")
                % {
                    "period": f"{group.start_date.isoformat()} – "
                    + (group.end_date.isoformat() if group.end_date else _("tills vidare"))
                }
            }
        )


@transaction.atomic
def sessions_add(
    *,
    group: GroupActivity,
    first_date: datetime.date,
    start_time: datetime.time,
    duration_hours: Decimal,
    repeat_until: datetime.date | None = None,
    by: User,
    path: str = "",
) -> list[GroupSession]:
    """One session, or one a week from first_date up to and including repeat_until."""
    if repeat_until is not None and repeat_until < first_date:
        raise ValidationError({"repeat_until": _("Datumet kan inte vara före det första tillfället.")})
    dates = [first_date]
    while repeat_until is not None and dates[-1] + datetime.timedelta(days=7) <= repeat_until:
        dates.append(dates[-1] + datetime.timedelta(days=7))
    if len(dates) > MAX_SESSIONS_AT_ONCE:
        raise ValidationError(
            {"repeat_until": _("Högst %(n)s tillfällen åt gången.") % {"n": MAX_SESSIONS_AT_ONCE}}
        )
    _check_session_date(group, dates[0], "first_date")
    _check_session_date(group, dates[-1], "repeat_until" if repeat_until else "first_date")
    if duration_hours <= 0 or duration_hours > 12:
        raise ValidationError({"duration_hours": _("Ange en längd mellan 0,25 och 12 timmar.")})
    clash = (
        group.sessions.filter(date__in=dates, start_time=start_time)
        .order_by("date")
        .values_list("date", flat=True)
    )
    if clash:
        raise ValidationError(
            _("Det finns redan ett tillfälle %(date)s kl. %(time)s.")
            % {"date": clash[0].isoformat(), "time": start_time.strftime("%H:%M")}
        )
    sessions = GroupSession.objects.bulk_create(
        GroupSession(group_activity=group, date=day, start_time=start_time, duration_hours=duration_hours)
        for day in dates
    )
    audit_log(
        user=by, action="activities.session.added", project_id=group.project_id, object_id=group.pk, path=path
    )
    return sessions


@transaction.atomic
def session_update(
    *,
    session: GroupSession,
    date: datetime.date,
    start_time: datetime.time,
    duration_hours: Decimal,
    cancelled: bool,
    note: str,
    by: User,
    path: str = "",
) -> GroupSession:
    group = session.group_activity
    _check_session_date(group, date, "date")
    recorded = session.attendances.all()
    if recorded.exists():
        if cancelled:
            raise ValidationError(
                {"cancelled": _("Närvaro är registrerad för tillfället, så det kan inte ställas in.")}
            )
        if date > datetime.date.today():
            raise ValidationError(
                {"date": _("Närvaro är registrerad, så tillfället kan inte flyttas framåt i tiden.")}
            )
        longest = max(a.hours for a in recorded)
        if duration_hours < longest:
            raise ValidationError(
                {
                    "duration_hours": _("Någon har registrerats med %(h)s timmar på tillfället.")
                    % {"h": longest}
                }
            )
    if group.sessions.filter(date=date, start_time=start_time).exclude(pk=session.pk).exists():
        raise ValidationError(_("Det finns redan ett tillfälle den tiden."))
    session.date = date
    session.start_time = start_time
    session.duration_hours = duration_hours
    session.cancelled = cancelled
    session.note = note.strip()
    session.full_clean(exclude=["group_activity"], validate_constraints=False)
    session.save()
    audit_log(
        user=by,
        action="activities.session.updated",
        project_id=group.project_id,
        object_id=session.pk,
        path=path,
    )
    return session


@transaction.atomic
def session_delete(*, session: GroupSession, by: User, path: str = "") -> None:
    if session.attendances.exists():
        raise ValidationError(
            _(
                "Närvaro är registrerad för tillfället. Markera det som inställt eller ändra närvaron i stället."
            )
        )
    audit_log(
        user=by,
        action="activities.session.deleted",
        project_id=session.group_activity.project_id,
        object_id=session.pk,
        path=path,
    )
    session.delete()


# --- bookings and attendance -----------------------------------------------------------


@transaction.atomic
def bookings_add(
    *,
    group: GroupActivity,
    enrolments: Iterable[Enrolment],
    booked_from: datetime.date,
    by: User,
    path: str = "",
) -> list[GroupBooking]:
    """Book participants on a group activity from a date (a participant who left is booked again)."""
    enrolments = list(enrolments)
    if not enrolments:
        raise ValidationError({"enrolments": _("Välj minst en deltagare.")})
    if booked_from < group.start_date:
        raise ValidationError(
            {"booked_from": _("Gruppaktiviteten börjar %(date)s.") % {"date": group.start_date.isoformat()}}
        )
    if group.end_date is not None and booked_from > group.end_date:
        raise ValidationError({"booked_from": _("Gruppaktiviteten har redan slutat.")})
    existing = {b.enrolment_id: b for b in group.bookings.filter(enrolment__in=enrolments)}
    for enrolment in enrolments:
        if enrolment.project_id != group.project_id:
            raise ValidationError(_("Deltagaren är inte inskriven i projektet."))
        if not enrolment.is_open:
            raise ValidationError(_("%(name)s är avslutad.") % {"name": enrolment.person.display_name})
        if booked_from < enrolment.start_date:
            raise ValidationError(
                {
                    "booked_from": _("%(name)s skrevs in %(date)s.")
                    % {"name": enrolment.person.display_name, "date": enrolment.start_date.isoformat()}
                }
            )
        booking = existing.get(enrolment.pk)
        if booking is not None and booking.left_on is None:
            raise ValidationError(_("%(name)s är redan bokad.") % {"name": enrolment.person.display_name})
    if group.capacity is not None:
        booked = group.bookings.filter(left_on__isnull=True).count()
        if booked + len(enrolments) > group.capacity:
            raise ValidationError(
                {
                    "enrolments": _("Gruppen har %(cap)s platser och %(booked)s är bokade.")
                    % {"cap": group.capacity, "booked": booked}
                }
            )
    bookings = []
    for enrolment in enrolments:
        booking = existing.get(enrolment.pk)
        if booking is None:
            booking = GroupBooking.objects.create(
                group_activity=group, enrolment=enrolment, booked_from=booked_from, booked_by=by
            )
        else:
            booking.left_on = None
            booking.booked_by = by
            booking.save(update_fields=["left_on", "booked_by", "updated_at"])
        bookings.append(booking)
        audit_log(
            user=by,
            action="activities.booking.added",
            project_id=group.project_id,
            person_id=enrolment.person_id,
            enrolment_id=enrolment.pk,
            object_id=group.pk,
            path=path,
        )
    return bookings


@transaction.atomic
def booking_end(
    *, booking: GroupBooking, left_on: datetime.date, by: User, path: str = ""
) -> GroupBooking | None:
    """Take a participant off a group: removed if never recorded, otherwise kept with the date they left."""
    enrolment = booking.enrolment
    recorded = Attendance.objects.filter(
        session__group_activity=booking.group_activity_id, enrolment=enrolment
    )
    common = {
        "user": by,
        "project_id": enrolment.project_id,
        "person_id": enrolment.person_id,
        "enrolment_id": enrolment.pk,
        "object_id": booking.group_activity_id,
        "path": path,
    }
    if not recorded.exists():
        audit_log(action="activities.booking.removed", **common)
        booking.delete()
        return None
    last = recorded.order_by("-session__date").values_list("session__date", flat=True).first()
    if last is not None and left_on < last:
        raise ValidationError(
            {"left_on": _("Närvaro är registrerad till och med %(date)s.") % {"date": last.isoformat()}}
        )
    if left_on < booking.booked_from:
        raise ValidationError({"left_on": _("Datumet kan inte vara före bokningen.")})
    booking.left_on = left_on
    booking.save(update_fields=["left_on", "updated_at"])
    audit_log(action="activities.booking.ended", **common)
    return booking


@dataclass(frozen=True)
class AttendanceEntry:
    """One row of the attendance list: hours None means the whole session for someone present."""

    enrolment: Enrolment
    status: str
    hours: Decimal | None = None


def attendance_hours(session: GroupSession, status: str, hours: Decimal | None) -> Decimal:
    """The hours an entry counts: the whole session by default when present, never any when absent."""
    if status != AttendanceStatus.PRESENT:
        return Decimal(0)
    return session.duration_hours if hours is None else hours


@transaction.atomic
def attendance_record(
    *, session: GroupSession, entries: list[AttendanceEntry], by: User, path: str = ""
) -> int:
    """Record attendance for booked participants, all or nothing. Returns the rows that changed.

    Raises ValidationError with a dict keyed by enrolment id, so a form can show each error on its row.
    """
    group = session.group_activity
    if session.cancelled:
        raise ValidationError(_("Tillfället är inställt."))
    if session.date > datetime.date.today():
        raise ValidationError(_("Närvaro kan registreras från och med dagen för tillfället."))
    bookings = {
        b.enrolment_id: b
        for b in group.bookings.filter(enrolment__in=[e.enrolment for e in entries]).select_related(
            "enrolment__exit"
        )
    }
    errors: dict[str, list[str]] = {}
    for entry in entries:
        key = str(entry.enrolment.pk)
        booking = bookings.get(entry.enrolment.pk)
        if booking is None or not booking.covers(session.date):
            errors[key] = [_("Deltagaren är inte bokad på tillfället.")]
            continue
        exit_ = getattr(booking.enrolment, "exit", None) if booking.enrolment.phase == Phase.AVSLUT else None
        if entry.enrolment.start_date > session.date or (
            exit_ is not None and exit_.exit_date < session.date
        ):
            errors[key] = [_("Deltagaren var inte inskriven den dagen.")]
            continue
        if entry.status not in AttendanceStatus.values:
            errors[key] = [_("Välj närvaro.")]
            continue
        hours = attendance_hours(session, entry.status, entry.hours)
        if entry.status == AttendanceStatus.PRESENT and not (0 < hours <= session.duration_hours):
            errors[key] = [
                _("Ange mellan 0,25 och %(max)s timmar.")
                % {"max": f"{session.duration_hours:.2f}".rstrip("0").rstrip(".").replace(".", ",")}
            ]
    if errors:
        raise ValidationError(errors)
    existing = {
        a.enrolment_id: a for a in session.attendances.filter(enrolment__in=[e.enrolment for e in entries])
    }
    changed: list[Enrolment] = []
    for entry in entries:
        hours = attendance_hours(session, entry.status, entry.hours).quantize(TWO_PLACES)
        row = existing.get(entry.enrolment.pk)
        if row is None:
            Attendance.objects.create(
                session=session, enrolment=entry.enrolment, status=entry.status, hours=hours, recorded_by=by
            )
        elif row.status != entry.status or row.hours != hours:
            row.status, row.hours, row.recorded_by = entry.status, hours, by
            row.save(update_fields=["status", "hours", "recorded_by", "updated_at"])
        else:
            continue
        changed.append(entry.enrolment)
    AuditEntry.objects.bulk_create(
        AuditEntry(
            user=by,
            organisation_id=by.organisation_id,
            action="activities.attendance.recorded",
            project_id=group.project_id,
            person_id=enrolment.person_id,
            enrolment_id=enrolment.pk,
            object_id=session.pk,
            path=path[:300],
        )
        for enrolment in changed
    )
    return len(changed)
