"""The access-log review: filters, the three flags, constant query count, and the review itself is logged."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from stegvis.audit.models import AuditEntry
from stegvis.audit.services import audit_log
from stegvis.participants import services as participants
from stegvis.participants.models import Exit, Sysselsattning
from stegvis.participants.tests.factories import enrol
from stegvis.privacy.selectors import LogFilter, access_log, flags_of

pytestmark = pytest.mark.django_db


def _read(user, enrolment, action="participants.enrolment.viewed"):
    return audit_log(
        user=user,
        action=action,
        project_id=enrolment.project_id,
        person_id=enrolment.person_id,
        enrolment_id=enrolment.pk,
    )


def _flags(entry) -> list[str]:
    return flags_of(access_log(LogFilter()).get(pk=entry.pk))


def test_own_caseload_read_is_not_flagged(world):
    assert _flags(_read(world.alice, world.alice_enrolment)) == []


def test_project_manager_read_is_not_flagged(world):
    assert _flags(_read(world.petra, world.bob_enrolment)) == []


def test_read_outside_caseload_is_flagged(world):
    # Bob is a coach in the same project but not Aina's coach, without the whole project.
    assert _flags(_read(world.bob, world.alice_enrolment)) == ["outside_caseload"]


def test_coach_with_whole_project_is_in_caseload(world):
    world.bob.memberships.filter(project=world.project_a).update(whole_project=True)
    assert _flags(_read(world.bob, world.alice_enrolment)) == []


def test_referrer_reading_own_referral_is_in_caseload(world):
    assert _flags(_read(world.rita, world.rita_enrolment, "participants.referred_status.viewed")) == []


def test_writes_are_never_flagged(world):
    entry = audit_log(
        user=world.bob, action="participants.phase.changed", person_id=world.alice_enrolment.person_id
    )
    assert _flags(entry) == []


def test_read_after_exit_is_flagged(world):
    enrolment = world.alice_enrolment
    participants.enrolment_exit(
        enrolment=enrolment,
        exit_date=timezone.localdate() - datetime.timedelta(days=3),
        reason=Exit.Reason.WORK,
        outcome=Exit.Outcome.EMPLOYMENT,
        qualification_gained=None,
        situation=participants.SituationData(
            sysselsattning=Sysselsattning.FORVARVSARBETE, income_sources=["lon"]
        ),
        by=world.alice,
        expected_version=enrolment.version,
    )
    assert _flags(_read(world.alice, enrolment)) == ["after_exit"]


def test_many_persons_in_a_short_time_is_flagged(world, settings):
    settings.REVIEW_BURST_PERSONS = 3
    settings.REVIEW_BURST_MINUTES = 10
    world.petra.memberships.update(whole_project=True)
    first = _read(world.petra, world.alice_enrolment)
    second = _read(world.petra, world.bob_enrolment)
    third = _read(world.petra, world.rita_enrolment)
    assert _flags(first) == []
    assert _flags(second) == []
    assert _flags(third) == ["burst"]


def test_same_person_read_many_times_is_not_a_burst(world, settings):
    settings.REVIEW_BURST_PERSONS = 3
    entries = [_read(world.alice, world.alice_enrolment) for _ in range(5)]
    assert _flags(entries[-1]) == []


def test_filters_by_user_person_period_and_action(world):
    _read(world.alice, world.alice_enrolment)
    _read(world.petra, world.bob_enrolment)
    person = world.bob_enrolment.person_id
    assert {e.user_id for e in access_log(LogFilter(user_id=world.alice.pk))} == {world.alice.pk}
    assert {e.person_id for e in access_log(LogFilter(person_id=person))} == {person}
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    assert not access_log(LogFilter(date_from=tomorrow)).exists()
    assert access_log(LogFilter(date_to=tomorrow)).exists()
    reads = access_log(LogFilter(action="reads"))
    assert reads.exists() and all(e.read for e in reads)
    assert {e.action for e in access_log(LogFilter(action="participants.enrolment.created"))} == {
        "participants.enrolment.created"
    }


def test_flagged_only_shows_only_flagged_reads(world):
    flagged = _read(world.bob, world.alice_enrolment)
    _read(world.alice, world.alice_enrolment)
    assert list(access_log(LogFilter(flagged_only=True))) == [flagged]


def test_page_shows_reference_not_name_and_logs_the_review(world):
    entry = _read(world.bob, world.alice_enrolment)
    response = world.client_for("ada").get(
        reverse("privacy:access_log"), {"person": f"P-{entry.person_id}", "user": world.bob.pk}
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert f"P-{entry.person_id}" in content
    assert "Utanför användarens ärenden" in content
    assert "Aina" not in content and world.alice_enrolment.person.personal_id not in content
    review = AuditEntry.objects.filter(action="privacy.log_reviewed").latest("pk")
    assert review.user == world.ada
    assert review.person_id == entry.person_id


def test_invalid_person_filter_explains_itself(world):
    response = world.client_for("ada").get(reverse("privacy:access_log"), {"person": "Aina"})
    assert response.status_code == 200
    assert "Skriv personens interna referens" in response.content.decode()
    assert response.context["form"].data["person"] == "Aina"


def test_end_before_start_is_refused(world):
    response = world.client_for("ada").get(
        reverse("privacy:access_log"), {"date_from": "2026-05-02", "date_to": "2026-05-01"}
    )
    assert "Slutdatumet kan inte vara före startdatumet." in response.content.decode()


def test_query_count_does_not_grow_with_rows(world):
    client = world.client_for("ada")
    url = reverse("privacy:access_log")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for index in range(12):
        enrolment = enrol(
            project=world.project_b,
            coach=world.charlie,
            first_name=f"Extra{index}",
            birth=datetime.date(1980, 1, 1) + datetime.timedelta(days=index),
        )
        _read(world.charlie, enrolment)
        _read(world.bob, enrolment)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)
    assert len(many) <= 12
