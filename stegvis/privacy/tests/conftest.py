"""Helpers for the privacy tests: a past project end date and some content about a person."""

from __future__ import annotations

import datetime

import pytest

from stegvis.journal import services as journal
from stegvis.participants import services as participants
from stegvis.participants.models import Exit, Sysselsattning
from stegvis.plans import services as plans

TODAY = datetime.date(2026, 11, 23)
ENDED = datetime.date(2024, 12, 31)


@pytest.fixture
def ended_world(world):
    """Project A ended at the end of 2024 with one year's retention; Aina has a note, a goal and an exit."""
    world.project_a.end_date = ENDED
    world.project_a.save(update_fields=["end_date"])
    from stegvis.privacy.services import retention_policy_save

    retention_policy_save(project=world.project_a, years=1, legal_hold=False, hold_reason="", by=world.petra)
    journal.note_create(
        enrolment=world.alice_enrolment,
        written_on=datetime.date(2024, 3, 1),
        title="Samtal om hälsan",
        text="Deltagaren berättade om sin sömn.",
        sensitive=False,
        by=world.alice,
    )
    plan = plans.plan_create(enrolment=world.alice_enrolment, by=world.alice)
    plans.goal_create(
        plan=plan,
        expected_version=plan.version,
        description="Få en praktikplats",
        target_date=None,
        by=world.alice,
    )
    enrolment = world.bob_enrolment
    participants.enrolment_exit(
        enrolment=enrolment,
        exit_date=datetime.date(2024, 6, 30),
        reason=Exit.Reason.WORK,
        outcome=Exit.Outcome.EMPLOYMENT,
        qualification_gained=None,
        situation=participants.SituationData(
            sysselsattning=Sysselsattning.FORVARVSARBETE, income_sources=["lon"]
        ),
        by=world.bob,
        expected_version=enrolment.version,
    )
    return world
