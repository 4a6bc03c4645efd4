"""Withdrawing consent to sharing stops a referrer seeing the person's status from that day."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from stegvis.participants import services
from stegvis.participants.models import Consent

pytestmark = pytest.mark.django_db


def _share(world, given_on=datetime.date(2024, 1, 15)) -> Consent:
    return services.consent_record(
        person=world.rita_enrolment.person,
        project=world.project_a,
        scope=Consent.Scope.SHARING,
        form_version="1.0",
        given_on=given_on,
        by=world.alice,
    )


def _rita_sees_rune(world) -> tuple[bool, str]:
    client = world.client_for("rita")
    status = client.get(reverse("participants:referred_status", args=[world.project_a.pk])).content.decode()
    referrals = client.get(reverse("participants:referrals", args=[world.project_a.pk])).content.decode()
    return "Rune" in status, referrals


def test_referrer_sees_status_while_sharing_is_allowed(world):
    _share(world)
    sees, referrals = _rita_sees_rune(world)
    assert sees
    assert "Inskriven" in referrals


def test_referrer_stops_seeing_status_from_the_day_of_withdrawal(world):
    consent = _share(world)
    services.consent_withdraw(consent=consent, on=timezone.localdate(), by=world.alice)
    sees, referrals = _rita_sees_rune(world)
    assert not sees
    assert "Samtycket till uppgiftsdelning är återkallat" in referrals
    assert "Inskriven" not in referrals.split("Samtycket till uppgiftsdelning")[0].split("<tbody>")[-1]


def test_new_sharing_consent_after_withdrawal_shows_the_status_again(world):
    consent = _share(world)
    services.consent_withdraw(consent=consent, on=timezone.localdate(), by=world.alice)
    _share(world, given_on=timezone.localdate())
    sees, _referrals = _rita_sees_rune(world)
    assert sees


def test_withdrawal_in_another_project_does_not_hide_the_person_here(world):
    consent = services.consent_record(
        person=world.rita_enrolment.person,
        project=world.project_b,
        scope=Consent.Scope.SHARING,
        form_version="1.0",
        given_on=datetime.date(2024, 1, 15),
        by=world.charlie,
    )
    services.consent_withdraw(consent=consent, on=timezone.localdate(), by=world.charlie)
    sees, _referrals = _rita_sees_rune(world)
    assert sees


def test_withdrawing_another_scope_does_not_hide_the_person(world):
    _share(world)
    surveys = services.consent_record(
        person=world.rita_enrolment.person,
        project=world.project_a,
        scope=Consent.Scope.SURVEYS,
        form_version="1.0",
        given_on=datetime.date(2024, 1, 15),
        by=world.alice,
    )
    services.consent_withdraw(consent=surveys, on=timezone.localdate(), by=world.alice)
    sees, _referrals = _rita_sees_rune(world)
    assert sees
