"""Team meetings and barriers for tests, written through the services as the app writes them."""

from __future__ import annotations

import datetime

from stegvis.teamwork import services
from stegvis.teamwork.models import Barrier, TeamMeeting

LAST_WEEK = datetime.date.today() - datetime.timedelta(days=7)


def team_meeting(world) -> TeamMeeting:
    """Project A's meeting last week: cases about Aina (alice), Bertil (bob) and Rune (rita's referral).

    Each persona may see only some of them by name; the access matrix checks that no
    page shows a name to anyone else.
    """
    existing = TeamMeeting.objects.filter(project=world.project_a).first()
    if existing is not None:
        return existing
    meeting = services.meeting_create(
        project=world.project_a, held_on=LAST_WEEK, organisations=[world.af], notes="", by=world.petra
    )
    for enrolment, by in (
        (world.alice_enrolment, world.alice),
        (world.bob_enrolment, world.bob),
        (world.rita_enrolment, world.alice),
    ):
        item = services.agenda_item_add(
            meeting=meeting,
            enrolment=enrolment,
            question="Behöver samordnad planering mellan Af och kommunen.",
            decision="Trepartsmöte bokas.",
            by=by,
        )
        services.task_add(
            meeting=meeting,
            agenda_item=item,
            what="Boka trepartsmöte",
            responsible="Af, handläggare",
            due_on=LAST_WEEK + datetime.timedelta(days=14),
            by=by,
        )
    services.agenda_item_add(
        meeting=meeting, enrolment=None, question="Rutin för remisser till FK?", by=world.petra
    )
    return meeting


def first_agenda_item(world):
    """The case about Aina: alice sees the name; bob sees only the pseudonym."""
    return team_meeting(world).agenda_items.get(position=1)


def first_task(world):
    return team_meeting(world).tasks.order_by("pk").first()


def barrier(world, **overrides) -> Barrier:
    """A registered barrier recorded by alice, seen in Aina's case."""
    existing = Barrier.objects.filter(project=world.project_a, raised_by=world.alice).first()
    if existing is not None and not overrides:
        return existing
    values = {
        "project": world.project_a,
        "title": "Läkarintyg räcker inte för bedömning av arbetsförmåga",
        "category": "bollas_runt",
        "agencies": [world.af],
        "description": "Personen skickas mellan Af och FK eftersom ingen gör bedömningen av arbetsförmågan.",
        "enrolment": world.alice_enrolment,
        "by": world.alice,
    }
    values.update(overrides)
    return services.barrier_create(**values)
