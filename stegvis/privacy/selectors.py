"""Reads for the privacy pages: the access-log review, the persons an administrator may extract, retention.

All of it is for administrators only (``require_administrator``); retention of one
project is also open to its project manager. Flags on the access log are computed in
the database, one correlated subquery each, so a page costs the same whatever its size.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import (
    BooleanField,
    Count,
    DateTimeField,
    Exists,
    ExpressionWrapper,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, TruncDate
from django.shortcuts import get_object_or_404

from stegvis.accounts.models import Role, User
from stegvis.accounts.selectors import is_project_manager
from stegvis.audit.models import AuditEntry
from stegvis.participants.models import Enrolment, Person, Referral
from stegvis.privacy.models import ErasureRecord, RetentionPolicy, erase_after
from stegvis.projects.models import Project

# Actions by which an administrator reads a person by role (the register extract): never "outside caseload".
ROLE_GRANTED_ACTIONS = ("privacy.subject_export",)


def require_administrator(user: User) -> None:
    if not user.is_authenticated or not user.is_administrator:
        raise PermissionDenied


def is_read(action_field: str = "action") -> Q:
    """Reads of a person's data: pages viewed, sensitive data or notes opened, prints and exports."""
    return (
        Q(**{f"{action_field}__endswith": ".viewed"})
        | Q(**{f"{action_field}__endswith": ".opened"})
        | Q(**{f"{action_field}__endswith": ".printed"})
        | Q(**{f"{action_field}__contains": "export"})
    )


@dataclass(frozen=True)
class LogFilter:
    user_id: int | None = None
    person_id: int | None = None
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    action: str = ""  # "" all entries about a person, "reads", or one action code
    flagged_only: bool = False


def _burst_count() -> Subquery:
    """Distinct persons the same user read in the window ending at this entry."""
    window = datetime.timedelta(minutes=settings.REVIEW_BURST_MINUTES)
    start = ExpressionWrapper(OuterRef("at") - Value(window), output_field=DateTimeField())
    reads = (
        AuditEntry.objects.filter(is_read(), user_id=OuterRef("user_id"), person_id__isnull=False)
        .filter(at__lte=OuterRef("at"), at__gte=start)
        .order_by()
        .values("user_id")
        .annotate(n=Count("person_id", distinct=True))
        .values("n")
    )
    return Subquery(reads, output_field=IntegerField())


def _caseload_enrolment() -> Exists:
    """The reader had a reason to see this person when reading, by the rules of participants.selectors:

    an enrolment of the person that existed then, in a project where the reader is project
    manager or coach with the whole project, or whose coach the reader is. Memberships
    carry no dates, so they are taken as they are now.
    """
    user = OuterRef("user_id")
    enrolments = Enrolment.objects.filter(person_id=OuterRef("person_id"), created_at__lte=OuterRef("at"))
    return Exists(
        enrolments.filter(
            Q(coach_id=user)
            | Q(project__memberships__user_id=user, project__memberships__role=Role.PROJECT_MANAGER)
            | Q(
                project__memberships__user_id=user,
                project__memberships__role=Role.COACH,
                project__memberships__whole_project=True,
            )
        )
    )


def _caseload_referral() -> Exists:
    """A referral the reader made, or a pending one in a project where the reader coaches (triage)."""
    user = OuterRef("user_id")
    return Exists(
        Referral.objects.filter(person_id=OuterRef("person_id")).filter(
            Q(referred_by_id=user)
            | Q(
                status=Referral.Status.PENDING,
                project__memberships__user_id=user,
                project__memberships__role=Role.COACH,
            )
        )
    )


def _open_at_read() -> Exists:
    """An enrolment of the person that had not ended before the day of the read."""
    return Exists(
        Enrolment.objects.filter(person_id=OuterRef("person_id")).filter(
            Q(exit__isnull=True) | Q(exit__exit_date__gte=OuterRef("read_day"))
        )
    )


def access_log(filters: LogFilter) -> QuerySet[AuditEntry]:
    """Log entries about persons, newest first, each with its three flags."""
    entries = AuditEntry.objects.filter(person_id__isnull=False).select_related("user", "user__organisation")
    if filters.user_id:
        entries = entries.filter(user_id=filters.user_id)
    if filters.person_id:
        entries = entries.filter(person_id=filters.person_id)
    if filters.date_from:
        entries = entries.filter(at__date__gte=filters.date_from)
    if filters.date_to:
        entries = entries.filter(at__date__lte=filters.date_to)
    if filters.action == "reads":
        entries = entries.filter(is_read())
    elif filters.action:
        entries = entries.filter(action=filters.action)
    entries = entries.annotate(read_day=TruncDate("at")).annotate(
        read=ExpressionWrapper(is_read(), output_field=BooleanField()),
        burst=Coalesce(_burst_count(), 0),
        caseload_enrolment=_caseload_enrolment(),
        caseload_referral=_caseload_referral(),
        has_enrolment=Exists(Enrolment.objects.filter(person_id=OuterRef("person_id"))),
        open_at_read=_open_at_read(),
    )
    if filters.flagged_only:
        entries = entries.filter(
            Q(read=True)
            & (
                Q(burst__gte=settings.REVIEW_BURST_PERSONS)
                | (Q(caseload_enrolment=False, caseload_referral=False) & ~Q(action__in=ROLE_GRANTED_ACTIONS))
                | Q(has_enrolment=True, open_at_read=False)
            )
        )
    return entries.order_by("-at", "-pk")


def flags_of(entry: AuditEntry) -> list[str]:
    """Flag codes for one annotated entry (see access_log); only reads are flagged."""
    if not entry.read:  # type: ignore[attr-defined]
        return []
    flags = []
    if entry.burst >= settings.REVIEW_BURST_PERSONS:  # type: ignore[attr-defined]
        flags.append("burst")
    in_caseload = entry.caseload_enrolment or entry.caseload_referral  # type: ignore[attr-defined]
    if not in_caseload and entry.action not in ROLE_GRANTED_ACTIONS:
        flags.append("outside_caseload")
    if entry.has_enrolment and not entry.open_at_read:  # type: ignore[attr-defined]
        flags.append("after_exit")
    return flags


def log_actions() -> list[str]:
    """Action codes that occur on entries about persons, for the filter."""
    return list(
        AuditEntry.objects.filter(person_id__isnull=False)
        .order_by("action")
        .values_list("action", flat=True)
        .distinct()
    )


def log_users() -> QuerySet[User]:
    return User.objects.select_related("organisation").order_by("username")


def project_names(project_ids: set[int]) -> dict[int, str]:
    return dict(Project.objects.filter(pk__in=project_ids).values_list("pk", "name"))


# --- register extract ------------------------------------------------------------------------


def person_for_extract(user: User, *, personal_id: str) -> Person | None:
    """Exact match on a normalised personnummer; never a partial search (administrators only)."""
    require_administrator(user)
    return Person.objects.filter(personal_id=personal_id).first()


def person_get_for_extract(user: User, pk: int) -> Person:
    require_administrator(user)
    return get_object_or_404(Person, pk=pk)


# --- retention -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProjectRetention:
    project: Project
    years: int
    legal_hold: bool
    hold_reason: str
    erase_after: datetime.date | None
    is_default: bool

    def is_due(self, today: datetime.date) -> bool:
        return not self.legal_hold and self.erase_after is not None and self.erase_after <= today


def retention_of(project: Project) -> ProjectRetention:
    return _retention(project, RetentionPolicy.objects.filter(project=project).first())


def _retention(project: Project, policy: RetentionPolicy | None) -> ProjectRetention:
    years = policy.years if policy else settings.RETENTION_YEARS
    return ProjectRetention(
        project=project,
        years=years,
        legal_hold=bool(policy and policy.legal_hold),
        hold_reason=policy.hold_reason if policy else "",
        erase_after=erase_after(project.end_date, years),
        is_default=policy is None,
    )


def retention_all() -> list[ProjectRetention]:
    """Every project's retention, two queries in all."""
    policies = {p.project_id: p for p in RetentionPolicy.objects.all()}
    projects = Project.objects.select_related("parent").order_by("name")
    return [_retention(p, policies.get(p.pk)) for p in projects]


def retention_get_for(user: User, project: Project) -> ProjectRetention:
    """Project managers of the project and administrators."""
    if not (user.is_administrator or is_project_manager(user, project)):
        raise PermissionDenied
    return retention_of(project)


def persons_due(today: datetime.date) -> QuerySet[Person]:
    """Persons every one of whose projects is past retention and not on hold, not yet erased.

    A person's projects are those of their enrolments, referrals and consents; one
    project still within its period (or on hold, or without an end date) keeps them.
    """
    keeping = [r.project.pk for r in retention_all() if not r.is_due(today)]
    return (
        Person.objects.filter(Q(enrolments__isnull=False) | Q(referrals__isnull=False))
        .exclude(enrolments__project__in=keeping)
        .exclude(referrals__project__in=keeping)
        .exclude(consents__project__in=keeping)
        .exclude(pk__in=ErasureRecord.objects.values("person_id"))
        .distinct()
    )
