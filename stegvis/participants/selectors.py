"""Reads of participant data, with the access rules of DESIGN.md.

The only way a view or the API loads a person, enrolment or referral. Each rule
is on its own line:
- project isolation: nothing crosses a project the user is not a member of;
- a project manager sees every enrolment in the project;
- a coach sees their own caseload, or the whole project when granted it;
- a referrer sees only the status of the people they referred (referred_status_for), and
  not once the person has withdrawn their consent to sharing with partners (sharing_withdrawn);
- steering group and administrators see no participant-level data.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from stegvis.accounts.models import User
from stegvis.accounts.selectors import has_participant_access, is_referrer, projects_for, sees_whole_project
from stegvis.participants.models import Consent, Enrolment, Person, Phase, Referral
from stegvis.projects.models import Project


def enrolments_for(user: User, project: Project) -> QuerySet[Enrolment]:
    """Enrolments in one project that the user may see at participant level."""
    if not has_participant_access(user, project):
        raise PermissionDenied
    enrolments = Enrolment.objects.filter(project=project).select_related(
        "person", "coach", "municipality", "project"
    )
    if sees_whole_project(user, project):
        return enrolments
    return enrolments.filter(coach=user)


def enrolments_search(
    enrolments: QuerySet[Enrolment], *, query: str = "", phase: str = "", coach_id: int | None = None
) -> QuerySet[Enrolment]:
    """Filter a visible set of enrolments by name or personnummer, phase ("open", "all" or one phase) and coach."""
    if query:
        digits = query.replace("-", "").replace(" ", "")
        condition = Q(person__first_name__icontains=query) | Q(person__last_name__icontains=query)
        if digits.isdigit() and len(digits) >= 4:
            condition |= Q(person__personal_id__contains=digits)
        parts = query.split()
        if len(parts) == 2:
            condition |= Q(person__first_name__icontains=parts[0], person__last_name__icontains=parts[1])
        if query.isdigit():
            condition |= Q(pk=int(query))
        enrolments = enrolments.filter(condition)
    if phase == "open":
        enrolments = enrolments.exclude(phase=Phase.AVSLUT)
    elif phase and phase != "all":
        enrolments = enrolments.filter(phase=phase)
    if coach_id:
        enrolments = enrolments.filter(coach_id=coach_id)
    return enrolments


def enrolment_get_for(user: User, pk: int) -> Enrolment:
    """One enrolment the user may see at participant level; 404 otherwise (existence is not revealed)."""
    enrolment = (
        Enrolment.objects.select_related("person", "project", "coach", "municipality", "referral")
        .filter(pk=pk, project__in=projects_for(user))
        .first()
    )
    if enrolment is None:
        raise Http404
    if not has_participant_access(user, enrolment.project):
        raise Http404
    if not sees_whole_project(user, enrolment.project) and enrolment.coach_id != user.pk:
        raise Http404
    return enrolment


def person_enrolment_history(enrolment: Enrolment) -> QuerySet[Enrolment]:
    """Earlier and later enrolments of the same person in the same project."""
    return (
        Enrolment.objects.filter(person_id=enrolment.person_id, project_id=enrolment.project_id)
        .exclude(pk=enrolment.pk)
        .order_by("start_date")
    )


def referrals_for(user: User, project: Project) -> QuerySet[Referral]:
    """Referrals to a project: all for managers, pending and own caseload for coaches, own for referrers."""
    referrals = Referral.objects.filter(project=project).select_related(
        "person", "referring_organisation", "referred_by"
    )
    if sees_whole_project(user, project):
        return referrals
    if has_participant_access(user, project):
        # Coaches triage pending referrals, but see accepted ones only for their own caseload.
        return referrals.filter(Q(status=Referral.Status.PENDING) | Q(enrolment__coach=user))
    if is_referrer(user, project):
        # The referral is the referrer's own; its outcome is the person's status, hidden after withdrawal.
        return referrals.filter(referred_by=user).annotate(sharing_withdrawn=sharing_withdrawn())
    raise PermissionDenied


def referral_get_for(user: User, project: Project, pk: int) -> Referral:
    referral = referrals_for(user, project).filter(pk=pk).first()
    if referral is None:
        raise Http404
    return referral


def sharing_withdrawn(
    *, person_ref: str = "person_id", project_ref: str = "project_id", on: datetime.date | None = None
) -> Q:
    """True where the person withdrew consent to sharing with partners in the project, by ``on``.

    From the day of withdrawal partners see nothing more, unless a new sharing consent
    has been given since (an active one exists).
    """
    on = on or timezone.localdate()
    sharing = Consent.objects.filter(
        person_id=OuterRef(person_ref), project_id=OuterRef(project_ref), scope=Consent.Scope.SHARING
    )
    return Q(Exists(sharing.filter(withdrawn_on__lte=on))) & ~Q(
        Exists(sharing.filter(withdrawn_on__isnull=True))
    )


def referred_status_for(user: User, project: Project) -> QuerySet[Enrolment]:
    """Status only (phase, next follow-up) of the people this referrer referred, while sharing is allowed."""
    return (
        Enrolment.objects.filter(project=project, referral__referred_by=user)
        .exclude(sharing_withdrawn())
        .select_related("person", "referral")
        .only(
            "pk",
            "phase",
            "start_date",
            "next_follow_up_on",
            "project_id",
            "person__first_name",
            "person__last_name",
            "person__is_anonymous",
            "referral__received_on",
        )
    )


def person_find(personal_id: str) -> Person | None:
    """Duplicate detection: the same personnummer is the same person."""
    return Person.objects.filter(personal_id=personal_id).first()
