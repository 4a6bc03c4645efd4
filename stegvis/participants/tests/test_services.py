"""Participant services: the rules that keep the records and the numbers right."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from stegvis.audit.models import AuditEntry
from stegvis.core.exceptions import ConcurrentEditError
from stegvis.participants import services
from stegvis.participants.models import Consent, Enrolment, Exit, Person, Phase, Situation
from stegvis.participants.tests.factories import enrol, make_personal_id
from stegvis.projects.tests.factories import MunicipalityFactory

EXIT_SITUATION = services.SituationData(sysselsattning="forvarvsarbete", income_sources=["lon"])


def _exit(enrolment, on=datetime.date(2024, 6, 1), reason="work", outcome="employment"):
    return services.enrolment_exit(
        enrolment=enrolment,
        exit_date=on,
        reason=reason,
        outcome=outcome,
        qualification_gained=None,
        situation=EXIT_SITUATION,
        by=enrolment.coach,
        expected_version=enrolment.version,
    )


def test_enrolment_starts_in_kartlaggning_with_history_situation_consent_and_audit(world):
    enrolment = world.alice_enrolment
    assert enrolment.phase == Phase.KARTLAGGNING
    assert list(enrolment.phase_changes.values_list("phase", flat=True)) == [Phase.KARTLAGGNING]
    assert enrolment.situations.get().moment == Situation.Moment.ENTRY
    assert Consent.objects.filter(person=enrolment.person, scope=Consent.Scope.PARTICIPATION).exists()
    assert enrolment.next_follow_up_on == enrolment.start_date + datetime.timedelta(days=61)
    assert AuditEntry.objects.filter(
        action="participants.enrolment.created", enrolment_id=enrolment.pk
    ).exists()


def test_same_personnummer_is_one_person(world):
    person = world.alice_enrolment.person
    again, created = services.person_get_or_create(
        personal_id=person.personal_id,
        first_name="Annan",
        last_name="Stavning",
        gender="kvinna",
        by=world.alice,
    )
    assert again == person and not created


def test_second_open_enrolment_in_same_project_is_refused_and_changes_nothing(world):
    person = world.alice_enrolment.person
    before = (Enrolment.objects.count(), AuditEntry.objects.count())
    with pytest.raises(ValidationError):
        services.enrolment_create(
            project=world.project_a,
            person=person,
            coach=world.alice,
            start_date=datetime.date(2024, 2, 1),
            municipality=None,
            entry=services.SituationData(sysselsattning="ovrigt"),
            by=world.alice,
            override_reason="x",
        )
    assert (Enrolment.objects.count(), AuditEntry.objects.count()) == before


def test_person_may_be_in_two_projects_at_once(world):
    world.charlie.memberships.create(project=world.project_a, role="coach")
    other = services.enrolment_create(
        project=world.project_b,
        person=world.alice_enrolment.person,
        coach=world.charlie,
        start_date=datetime.date(2024, 3, 1),
        municipality=None,
        entry=services.SituationData(sysselsattning="ovrigt"),
        by=world.charlie,
    )
    assert other.person == world.alice_enrolment.person


def test_re_enrolment_after_exit_is_allowed(world):
    enrolment = world.alice_enrolment
    _exit(enrolment)
    again = services.enrolment_create(
        project=world.project_a,
        person=enrolment.person,
        coach=world.alice,
        start_date=datetime.date(2024, 9, 1),
        municipality=enrolment.municipality,
        entry=services.SituationData(sysselsattning="ovrigt"),
        by=world.alice,
        override_reason="Återkommer",
    )
    assert again.pk != enrolment.pk and again.person == enrolment.person


def test_eligibility_warnings_need_a_written_reason(world):
    project = world.project_a
    with pytest.raises(ValidationError) as caught:
        enrol(project=project, coach=world.alice, birth=datetime.date(2010, 1, 1), override_reason="")
    assert "override_reason" in caught.value.error_dict
    enrolment = enrol(
        project=project,
        coach=world.alice,
        birth=datetime.date(2010, 1, 1),
        override_reason="Ungdom i gränszonen, beslut i styrgrupp",
    )
    assert "age" in enrolment.eligibility_warnings
    assert enrolment.eligibility_override_reason


def test_eligibility_checks_age_agencies_municipality_and_period(world):
    project = world.project_a
    project.min_partner_agencies = 2
    project.end_date = datetime.date(2025, 12, 31)
    person = Person(birth_date=datetime.date(1950, 1, 1), birth_year=1950)
    warnings = services.eligibility_warnings(
        project=project,
        person=person,
        start_date=datetime.date(2026, 1, 1),
        municipality=None,
        current_with=[world.af],
    )
    assert {w.code for w in warnings} == {"age", "agencies", "municipality", "period"}
    ok = services.eligibility_warnings(
        project=project,
        person=Person(birth_date=datetime.date(1990, 1, 1), birth_year=1990),
        start_date=datetime.date(2024, 1, 1),
        municipality=MunicipalityFactory(project=project),
        current_with=[world.af, *[p.organisation for p in project.partners.all()]],
    )
    assert {w.code for w in ok} == {"agencies"}  # only one distinct partner organisation exists


def test_phase_change_is_refused_against_a_stale_version(world):
    enrolment = world.alice_enrolment
    stale = enrolment.version
    services.phase_change(
        enrolment=enrolment,
        phase=Phase.AKTIVITET,
        on=datetime.date(2024, 2, 1),
        by=world.alice,
        expected_version=stale,
    )
    with pytest.raises(ConcurrentEditError):
        services.phase_change(
            enrolment=Enrolment.objects.get(pk=enrolment.pk),
            phase=Phase.PROVNING,
            on=datetime.date(2024, 3, 1),
            by=world.bob,
            expected_version=stale,
        )
    enrolment.refresh_from_db()
    assert enrolment.phase == Phase.AKTIVITET
    assert enrolment.phase_changes.count() == 2


def test_phase_change_before_last_change_is_refused(world):
    with pytest.raises(ValidationError):
        services.phase_change(
            enrolment=world.alice_enrolment,
            phase=Phase.AKTIVITET,
            on=datetime.date(2023, 1, 1),
            by=world.alice,
            expected_version=world.alice_enrolment.version,
        )


def test_exit_closes_enrolment_with_situation_after(world):
    enrolment = world.alice_enrolment
    exit_ = _exit(enrolment)
    enrolment.refresh_from_db()
    assert enrolment.phase == Phase.AVSLUT and enrolment.next_follow_up_on is None
    assert exit_.outcome == Exit.Outcome.EMPLOYMENT
    after = enrolment.situations.get(moment=Situation.Moment.EXIT)
    assert list(after.income_sources.values_list("source", flat=True)) == ["lon"]
    with pytest.raises(ValidationError):
        _exit(enrolment)


def test_a_failed_exit_leaves_no_trace(world):
    enrolment = world.alice_enrolment
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError):
        services.enrolment_exit(
            enrolment=enrolment,
            exit_date=datetime.date(2024, 6, 1),
            reason="no-such-reason",
            outcome="employment",
            qualification_gained=None,
            situation=EXIT_SITUATION,
            by=world.alice,
            expected_version=enrolment.version,
        )
    enrolment.refresh_from_db()
    assert enrolment.phase == Phase.KARTLAGGNING
    assert AuditEntry.objects.count() == before
    assert not Exit.objects.filter(enrolment=enrolment).exists()


def test_consent_withdrawal_is_dated_and_a_new_consent_can_follow(world):
    consent = world.alice_enrolment.person.consents.get()
    services.consent_withdraw(consent=consent, on=datetime.date(2024, 5, 1), by=world.alice)
    consent.refresh_from_db()
    assert not consent.is_active
    services.consent_record(
        person=consent.person,
        project=consent.project,
        scope=consent.scope,
        form_version="2.0",
        given_on=datetime.date(2024, 6, 1),
        by=world.alice,
    )
    with pytest.raises(ValidationError):
        services.consent_record(
            person=consent.person,
            project=consent.project,
            scope=consent.scope,
            form_version="2.0",
            given_on=datetime.date(2024, 6, 2),
            by=world.alice,
        )


def test_anonymous_person_has_no_identity(world):
    person = services.person_create_anonymous(
        gender="annan", birth_year=1999, protected_identity=True, by=world.alice
    )
    assert person.personal_id is None and person.first_name == ""
    assert "Anonym" in person.display_name


def test_referral_accepted_on_enrolment(world):
    referral = world.rita_enrolment.referral
    assert referral.status == referral.Status.ACCEPTED
    with pytest.raises(ValidationError):
        services.referral_decline(referral=referral, reason="x", on=datetime.date.today(), by=world.alice)


def test_sensitive_opening_needs_a_purpose_and_is_logged(world):
    with pytest.raises(ValidationError):
        services.sensitive_opened(enrolment=world.alice_enrolment, by=world.alice, purpose=" ", path="/x")
    services.sensitive_opened(
        enrolment=world.alice_enrolment, by=world.alice, purpose="Uppföljning", path="/x"
    )
    entry = AuditEntry.objects.get(action="participants.sensitive.opened")
    assert entry.purpose == "Uppföljning" and entry.person_id == world.alice_enrolment.person_id


def test_synthetic_numbers_carry_gender_digit(world):
    assert int(make_personal_id(datetime.date(1990, 1, 1), female=True)[10]) % 2 == 0
    assert int(make_personal_id(datetime.date(1990, 1, 1), female=False)[10]) % 2 == 1


def test_referral_to_another_project_cannot_be_accepted(world):
    with pytest.raises(ValidationError):
        services.enrolment_create(
            project=world.project_b,
            person=world.pending_referral.person,
            coach=world.charlie,
            start_date=datetime.date(2024, 2, 1),
            municipality=None,
            entry=services.SituationData(sysselsattning="ovrigt"),
            referral=world.pending_referral,
            by=world.charlie,
        )


def test_start_date_in_the_future_is_refused(world):
    with pytest.raises(ValidationError) as caught:
        enrol(
            project=world.project_a,
            coach=world.alice,
            start=datetime.date.today() + datetime.timedelta(days=3),
        )
    assert "start_date" in caught.value.error_dict
