"""Writes for people, consents, referrals, enrolments, phases and exits.

Every service is keyword-only, runs in one transaction and writes its audit entry
in that same transaction. Business rules raise ValidationError with a Swedish
message; a stale write raises ConcurrentEditError.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from stegvis.accounts.models import Organisation, Role, User
from stegvis.audit.services import audit_log
from stegvis.core.exceptions import ConcurrentEditError
from stegvis.participants.models import (
    PHASE_ORDER,
    Consent,
    Enrolment,
    Exit,
    IncomeSource,
    LabourStatus,
    Person,
    Phase,
    PhaseChange,
    Referral,
    Situation,
)
from stegvis.participants.personal_id import birth_date_of
from stegvis.projects.models import Project, ProjectMunicipality


@dataclass
class SituationData:
    """What a form collects about a participant's situation at entry or exit."""

    sysselsattning: str
    income_sources: list[str] = field(default_factory=list)
    labour_status: str = LabourStatus.UNKNOWN
    education: str = "unknown"
    current_with: list[Organisation] = field(default_factory=list)
    characteristics: dict[str, bool | None] = field(default_factory=dict)


@dataclass(frozen=True)
class EligibilityWarning:
    code: str
    message: str


# --- people ---------------------------------------------------------------------------


def person_get_or_create(
    *, personal_id: str, first_name: str, last_name: str, gender: str, by: User
) -> tuple[Person, bool]:
    """The person with this (normalised) personnummer, created if new."""
    existing = Person.objects.filter(personal_id=personal_id).first()
    if existing is not None:
        return existing, False
    birth = birth_date_of(personal_id)
    person = Person(
        personal_id=personal_id,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        gender=gender,
        birth_date=birth,
        birth_year=birth.year,
    )
    person.full_clean()
    person.save()
    audit_log(user=by, action="participants.person.created", person_id=person.pk)
    return person, True


def person_create_anonymous(*, gender: str, birth_year: int, protected_identity: bool, by: User) -> Person:
    """A person counted in statistics but never identified."""
    this_year = datetime.date.today().year
    if not (this_year - 110 <= birth_year <= this_year):
        raise ValidationError(
            {
                "birth_year": _("Ange ett födelseår mellan %(a)s och %(b)s.")
                % {"a": this_year - 110, "b": this_year}
            }
        )
    person = Person.objects.create(
        is_anonymous=True, gender=gender, birth_year=birth_year, protected_identity=protected_identity
    )
    audit_log(user=by, action="participants.person.created_anonymous", person_id=person.pk)
    return person


# --- eligibility ----------------------------------------------------------------------


def age_on(person: Person, on: datetime.date) -> int:
    if person.birth_date is not None:
        born = person.birth_date
        return on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    return on.year - person.birth_year


def eligibility_warnings(
    *,
    project: Project,
    person: Person,
    start_date: datetime.date,
    municipality: ProjectMunicipality | None,
    current_with: Iterable[Organisation],
) -> list[EligibilityWarning]:
    """The project's rules this enrolment does not meet. Each needs a written reason to override."""
    warnings: list[EligibilityWarning] = []
    age = age_on(person, start_date)
    if project.age_min is not None and age < project.age_min:
        warnings.append(
            EligibilityWarning(
                "age",
                _("Personen är %(age)s år; projektets målgrupp är från %(min)s år.")
                % {"age": age, "min": project.age_min},
            )
        )
    if project.age_max is not None and age > project.age_max:
        warnings.append(
            EligibilityWarning(
                "age",
                _("Personen är %(age)s år; projektets målgrupp är till %(max)s år.")
                % {"age": age, "max": project.age_max},
            )
        )
    if project.min_partner_agencies:
        partner_ids = set(project.partners.values_list("organisation_id", flat=True))
        current = {org.pk for org in current_with} & partner_ids
        if len(current) < project.min_partner_agencies:
            warnings.append(
                EligibilityWarning(
                    "agencies",
                    _(
                        "Personen ska vara aktuell hos minst %(min)s av projektets parter, men är aktuell hos %(n)s."
                    )
                    % {"min": project.min_partner_agencies, "n": len(current)},
                )
            )
    if municipality is None and project.municipalities.exists():
        warnings.append(
            EligibilityWarning("municipality", _("Personen bor inte i någon av projektets kommuner."))
        )
    if (
        project.start_date
        and start_date < project.start_date
        or project.end_date
        and start_date > project.end_date
    ):
        warnings.append(EligibilityWarning("period", _("Startdatum ligger utanför projektperioden.")))
    return warnings


# --- referrals ------------------------------------------------------------------------


@transaction.atomic
def referral_create(
    *,
    project: Project,
    person: Person,
    referring_organisation: Organisation,
    received_on: datetime.date,
    reason: str,
    by: User,
    referred_by: User | None = None,
    path: str = "",
) -> Referral:
    referral = Referral.objects.create(
        project=project,
        person=person,
        referring_organisation=referring_organisation,
        referred_by=referred_by,
        received_on=received_on,
        reason=reason,
    )
    audit_log(
        user=by,
        action="participants.referral.created",
        project_id=project.pk,
        person_id=person.pk,
        object_id=referral.pk,
        path=path,
    )
    return referral


@transaction.atomic
def referral_decline(
    *, referral: Referral, reason: str, on: datetime.date, by: User, path: str = ""
) -> Referral:
    if referral.status != Referral.Status.PENDING:
        raise ValidationError(_("Anvisningen är redan hanterad."))
    referral.status = Referral.Status.DECLINED
    referral.decided_on = on
    referral.decline_reason = reason
    referral.save(update_fields=["status", "decided_on", "decline_reason", "updated_at"])
    audit_log(
        user=by,
        action="participants.referral.declined",
        project_id=referral.project_id,
        person_id=referral.person_id,
        object_id=referral.pk,
        path=path,
    )
    return referral


# --- enrolments -----------------------------------------------------------------------


def _situation_save(*, enrolment: Enrolment, moment: str, data: SituationData) -> Situation:
    situation = Situation(
        enrolment=enrolment,
        moment=moment,
        sysselsattning=data.sysselsattning,
        labour_status=data.labour_status,
        education=data.education,
        **{name: data.characteristics.get(name) for name in (*Situation.SENSITIVE_FIELDS, "rural_area")},
    )
    situation.full_clean(exclude=["enrolment"])
    situation.save()
    IncomeSource.objects.bulk_create(
        IncomeSource(situation=situation, source=s) for s in dict.fromkeys(data.income_sources)
    )
    if data.current_with:
        situation.current_with.set(data.current_with)
    return situation


@transaction.atomic
def enrolment_create(
    *,
    project: Project,
    person: Person,
    coach: User,
    start_date: datetime.date,
    municipality: ProjectMunicipality | None,
    entry: SituationData,
    by: User,
    referral: Referral | None = None,
    referring_organisation: Organisation | None = None,
    override_reason: str = "",
    path: str = "",
) -> Enrolment:
    """Enrol a person (inskrivning): phase Kartläggning, situation at entry, first follow-up date."""
    if not coach.memberships.filter(project=project, role=Role.COACH).exists():
        raise ValidationError({"coach": _("Handledaren arbetar inte i det här projektet.")})
    if municipality is not None and municipality.project_id != project.pk:
        raise ValidationError({"municipality": _("Kommunen hör inte till projektet.")})
    if start_date > datetime.date.today():
        raise ValidationError(
            {"start_date": _("Startdatum kan inte ligga i framtiden. Skriv in deltagaren när hen börjar.")}
        )
    if referral is not None and referral.project_id != project.pk:
        raise ValidationError(_("Anvisningen gäller ett annat projekt."))
    if Enrolment.objects.filter(person=person, project=project).exclude(phase=Phase.AVSLUT).exists():
        raise ValidationError(
            _("Personen är redan inskriven i projektet. Avsluta den pågående inskrivningen först.")
        )
    warnings = eligibility_warnings(
        project=project,
        person=person,
        start_date=start_date,
        municipality=municipality,
        current_with=entry.current_with,
    )
    if warnings and not override_reason.strip():
        raise ValidationError(
            {
                "override_reason": _(
                    "Inskrivningen avviker från projektets villkor. Skriv en motivering för att skriva in ändå."
                )
            }
        )
    if referral is None and referring_organisation is not None:
        referral = Referral.objects.create(
            project=project,
            person=person,
            referring_organisation=referring_organisation,
            received_on=start_date,
            status=Referral.Status.ACCEPTED,
            decided_on=start_date,
        )
    elif referral is not None:
        if referral.status != Referral.Status.PENDING or referral.person_id != person.pk:
            raise ValidationError(_("Anvisningen är redan hanterad."))
        referral.status = Referral.Status.ACCEPTED
        referral.decided_on = start_date
        referral.save(update_fields=["status", "decided_on", "updated_at"])
    try:
        with transaction.atomic():
            enrolment = Enrolment.objects.create(
                project=project,
                person=person,
                coach=coach,
                municipality=municipality,
                start_date=start_date,
                referral=referral,
                phase=Phase.KARTLAGGNING,
                next_follow_up_on=start_date + datetime.timedelta(days=project.follow_up_interval_days),
                eligibility_warnings=[w.code for w in warnings],
                eligibility_override_reason=override_reason.strip() if warnings else "",
                created_by=by,
            )
    except IntegrityError:
        raise ValidationError(_("Personen är redan inskriven i projektet.")) from None
    PhaseChange.objects.create(
        enrolment=enrolment, phase=Phase.KARTLAGGNING, changed_on=start_date, changed_by=by
    )
    _situation_save(enrolment=enrolment, moment=Situation.Moment.ENTRY, data=entry)
    audit_log(
        user=by,
        action="participants.enrolment.created",
        project_id=project.pk,
        person_id=person.pk,
        enrolment_id=enrolment.pk,
        path=path,
    )
    return enrolment


def _bump_version(enrolment: Enrolment, expected_version: int, **changes: object) -> None:
    """Apply changes only if nobody saved since expected_version was read."""
    updated = Enrolment.objects.filter(pk=enrolment.pk, version=expected_version).update(
        version=F("version") + 1, **changes
    )
    if not updated:
        raise ConcurrentEditError
    enrolment.refresh_from_db()


def _last_change_date(enrolment: Enrolment) -> datetime.date:
    last = enrolment.phase_changes.order_by("-changed_on", "-pk").values_list("changed_on", flat=True).first()
    return last or enrolment.start_date


@transaction.atomic
def phase_change(
    *, enrolment: Enrolment, phase: str, on: datetime.date, by: User, expected_version: int, path: str = ""
) -> Enrolment:
    """Move an open enrolment to another working phase (Avslut goes through enrolment_exit)."""
    if not enrolment.is_open:
        raise ValidationError(_("Inskrivningen är avslutad."))
    if phase == Phase.AVSLUT or phase not in PHASE_ORDER:
        raise ValidationError(
            {"phase": _("Välj Kartläggning, Aktivitet eller Prövning. Avslut görs via Avsluta.")}
        )
    if phase == enrolment.phase:
        raise ValidationError({"phase": _("Deltagaren är redan i den fasen.")})
    if on < _last_change_date(enrolment):
        raise ValidationError({"on": _("Datumet kan inte vara före det senaste fasbytet.")})
    if on > datetime.date.today():
        raise ValidationError({"on": _("Datumet kan inte ligga i framtiden.")})
    _bump_version(enrolment, expected_version, phase=phase)
    PhaseChange.objects.create(enrolment=enrolment, phase=phase, changed_on=on, changed_by=by)
    audit_log(
        user=by,
        action="participants.phase.changed",
        project_id=enrolment.project_id,
        person_id=enrolment.person_id,
        enrolment_id=enrolment.pk,
        path=path,
    )
    return enrolment


@transaction.atomic
def enrolment_exit(
    *,
    enrolment: Enrolment,
    exit_date: datetime.date,
    reason: str,
    outcome: str,
    qualification_gained: bool | None,
    situation: SituationData,
    by: User,
    expected_version: int,
    path: str = "",
) -> Exit:
    """End an enrolment (avslut) with reason, outcome and the situation after."""
    if not enrolment.is_open:
        raise ValidationError(_("Inskrivningen är redan avslutad."))
    if exit_date < _last_change_date(enrolment):
        raise ValidationError(
            {"exit_date": _("Avslutsdatum kan inte vara före startdatum eller senaste fasbyte.")}
        )
    if exit_date > datetime.date.today():
        raise ValidationError({"exit_date": _("Avslutsdatum kan inte ligga i framtiden.")})
    _bump_version(enrolment, expected_version, phase=Phase.AVSLUT, next_follow_up_on=None)
    exit_ = Exit(
        enrolment=enrolment,
        exit_date=exit_date,
        reason=reason,
        outcome=outcome,
        qualification_gained=qualification_gained,
        recorded_by=by,
    )
    exit_.full_clean(exclude=["enrolment"])
    exit_.save()
    PhaseChange.objects.create(enrolment=enrolment, phase=Phase.AVSLUT, changed_on=exit_date, changed_by=by)
    _situation_save(enrolment=enrolment, moment=Situation.Moment.EXIT, data=situation)
    audit_log(
        user=by,
        action="participants.enrolment.exited",
        project_id=enrolment.project_id,
        person_id=enrolment.person_id,
        enrolment_id=enrolment.pk,
        path=path,
    )
    return exit_


# --- consent --------------------------------------------------------------------------


@transaction.atomic
def consent_record(
    *,
    person: Person,
    project: Project,
    scope: str,
    form_version: str,
    given_on: datetime.date,
    by: User,
    enrolment: Enrolment | None = None,
    path: str = "",
) -> Consent:
    if given_on > datetime.date.today():
        raise ValidationError({"given_on": _("Datumet kan inte ligga i framtiden.")})
    if Consent.objects.filter(
        person=person, project=project, scope=scope, withdrawn_on__isnull=True
    ).exists():
        raise ValidationError({"scope": _("Det finns redan ett gällande samtycke med den omfattningen.")})
    consent = Consent.objects.create(
        person=person,
        project=project,
        scope=scope,
        form_version=form_version.strip(),
        given_on=given_on,
        recorded_by=by,
    )
    audit_log(
        user=by,
        action="participants.consent.recorded",
        project_id=project.pk,
        person_id=person.pk,
        enrolment_id=enrolment.pk if enrolment else None,
        object_id=consent.pk,
        path=path,
    )
    return consent


@transaction.atomic
def consent_withdraw(
    *, consent: Consent, on: datetime.date, by: User, enrolment: Enrolment | None = None, path: str = ""
) -> Consent:
    if consent.withdrawn_on is not None:
        raise ValidationError(_("Samtycket är redan återkallat."))
    if on < consent.given_on:
        raise ValidationError({"on": _("Återkallelsen kan inte vara före datumet samtycket lämnades.")})
    consent.withdrawn_on = on
    consent.withdrawn_by = by
    consent.save(update_fields=["withdrawn_on", "withdrawn_by", "updated_at"])
    audit_log(
        user=by,
        action="participants.consent.withdrawn",
        project_id=consent.project_id,
        person_id=consent.person_id,
        enrolment_id=enrolment.pk if enrolment else None,
        object_id=consent.pk,
        path=path,
    )
    return consent


# --- reading is logged too -------------------------------------------------------------


def enrolment_viewed(*, enrolment: Enrolment, by: User, path: str) -> None:
    audit_log(
        user=by,
        action="participants.enrolment.viewed",
        project_id=enrolment.project_id,
        person_id=enrolment.person_id,
        enrolment_id=enrolment.pk,
        path=path,
    )


def sensitive_opened(*, enrolment: Enrolment, by: User, purpose: str, path: str) -> None:
    """Sensitive fields are shown only after this entry is written."""
    if not purpose.strip():
        raise ValidationError({"purpose": _("Ange varför du öppnar de känsliga uppgifterna.")})
    audit_log(
        user=by,
        action="participants.sensitive.opened",
        project_id=enrolment.project_id,
        person_id=enrolment.person_id,
        enrolment_id=enrolment.pk,
        path=path,
        purpose=purpose.strip(),
    )


def participant_list_viewed(*, project: Project, by: User, path: str, list_name: str = "list") -> None:
    """Lists show people too: log which list, in which project, from which page."""
    audit_log(user=by, action=f"participants.{list_name}.viewed", project_id=project.pk, path=path)


@dataclass
class PersonData:
    """Identity as a form collects it: personnummer and name, or anonymous."""

    anonymous: bool
    gender: str
    personal_id: str = ""
    first_name: str = ""
    last_name: str = ""
    birth_year: int | None = None
    protected_identity: bool = False


def person_from_data(*, data: PersonData, by: User) -> Person:
    if data.anonymous:
        return person_create_anonymous(
            gender=data.gender,
            birth_year=data.birth_year or 0,
            protected_identity=data.protected_identity,
            by=by,
        )
    person, _created = person_get_or_create(
        personal_id=data.personal_id,
        first_name=data.first_name,
        last_name=data.last_name,
        gender=data.gender,
        by=by,
    )
    return person


@transaction.atomic
def participant_enrol(
    *,
    project: Project,
    person_data: PersonData,
    consent_form_version: str,
    by: User,
    **enrolment: object,
) -> Enrolment:
    """Find or create the person, record consent to participation, and enrol: all or nothing.

    Enrolling from a referral enrols the referred person; person_data is then not used.
    """
    referral = enrolment.get("referral")
    person = referral.person if isinstance(referral, Referral) else person_from_data(data=person_data, by=by)
    path = str(enrolment.get("path", ""))
    if not person.is_anonymous:
        has_consent = Consent.objects.filter(
            person=person, project=project, scope=Consent.Scope.PARTICIPATION, withdrawn_on__isnull=True
        ).exists()
        if not has_consent:
            consent_record(
                person=person,
                project=project,
                scope=Consent.Scope.PARTICIPATION,
                form_version=consent_form_version,
                given_on=min(enrolment["start_date"], datetime.date.today()),  # type: ignore[type-var]
                by=by,
                path=path,
            )
    return enrolment_create(project=project, person=person, by=by, **enrolment)  # type: ignore[arg-type]


@transaction.atomic
def participant_refer(
    *,
    project: Project,
    person_data: PersonData,
    referring_organisation: Organisation,
    received_on: datetime.date,
    reason: str,
    by: User,
    path: str = "",
) -> Referral:
    """A handläggare's anvisning: the person is found or created and a pending referral filed."""
    person = person_from_data(data=person_data, by=by)
    return referral_create(
        project=project,
        person=person,
        referring_organisation=referring_organisation,
        received_on=received_on,
        reason=reason,
        by=by,
        referred_by=by,
        path=path,
    )
