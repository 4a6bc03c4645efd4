"""Teamwork services, called directly: meetings, agenda numbering, tasks, the barrier lifecycle."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from stegvis.accounts.tests.factories import OrganisationFactory
from stegvis.audit.models import AuditEntry
from stegvis.core.exceptions import ConcurrentEditError
from stegvis.participants.models import Person
from stegvis.teamwork import selectors, services
from stegvis.teamwork.models import BarrierStatus, BarrierStatusChange, TeamMeeting
from stegvis.teamwork.tests.factories import LAST_WEEK, barrier

TODAY = datetime.date.today()


def _meeting(world, **kwargs) -> TeamMeeting:
    values = {
        "project": world.project_a,
        "held_on": LAST_WEEK,
        "organisations": [world.af],
        "by": world.petra,
    }
    values.update(kwargs)
    return services.meeting_create(**values)


@pytest.mark.parametrize(
    ("age", "band"),
    [(18, "under 20 år"), (20, "20–29 år"), (34, "30–39 år"), (59, "50–59 år"), (60, "60 år eller äldre")],
)
def test_age_bands(age, band):
    assert selectors.age_band(age) == band


@pytest.mark.parametrize(
    ("gender", "word"),
    [("kvinna", "kvinna"), ("man", "man"), ("annan", "annan könstillhörighet"), ("saknas", "kön okänt")],
)
def test_pseudonym_gives_gender_and_age_band_only(gender, word):
    person = Person(
        first_name="Aina",
        gender=gender,
        birth_date=datetime.date(1990, 5, 17),
        birth_year=1990,
        personal_id="x",
    )
    assert selectors.pseudonym(person, datetime.date(2025, 5, 16)) == f"{word}, 30–39 år"


def test_meeting_takes_only_partner_organisations(world):
    stranger = OrganisationFactory(name="Migrationsverket")
    with pytest.raises(ValidationError) as raised:
        _meeting(world, organisations=[world.af, stranger])
    assert "organisations" in raised.value.error_dict
    meeting = _meeting(world)
    assert list(meeting.organisations.all()) == [world.af]
    assert AuditEntry.objects.filter(action="teamwork.meeting.created", object_id=meeting.pk).exists()


def test_meeting_notes_refuse_a_personnummer(world):
    with pytest.raises(ValidationError):
        _meeting(world, notes="Gäller 19900517-1234, se akten.")
    assert not TeamMeeting.objects.exists()


def test_meeting_update_refuses_a_stale_version(world):
    meeting = _meeting(world)
    services.meeting_update(
        meeting=meeting, held_on=TODAY, organisations=[], notes="Ny", by=world.petra, expected_version=1
    )
    with pytest.raises(ConcurrentEditError):
        services.meeting_update(
            meeting=meeting,
            held_on=TODAY,
            organisations=[],
            notes="Gammal",
            by=world.alice,
            expected_version=1,
        )
    meeting.refresh_from_db()
    assert (meeting.notes, meeting.version) == ("Ny", 2)


def test_agenda_items_are_numbered_in_order_and_logged_with_the_enrolment(world):
    meeting = _meeting(world)
    first = services.agenda_item_add(
        meeting=meeting, enrolment=world.alice_enrolment, question="Fråga", by=world.alice
    )
    second = services.agenda_item_add(
        meeting=meeting, enrolment=None, question="Allmän fråga", by=world.petra
    )
    assert (first.position, second.position) == (1, 2)
    entry = AuditEntry.objects.get(action="teamwork.agenda_item.created", object_id=first.pk)
    assert (
        entry.enrolment_id == world.alice_enrolment.pk and entry.person_id == world.alice_enrolment.person_id
    )


@pytest.mark.parametrize("text", ["Aina behöver stöd", "Kontakt med aina Testsson", "Pnr 900517-1234"])
def test_agenda_text_refuses_the_persons_name_or_a_personnummer(world, text):
    meeting = _meeting(world)
    with pytest.raises(ValidationError) as raised:
        services.agenda_item_add(
            meeting=meeting, enrolment=world.alice_enrolment, question=text, by=world.alice
        )
    assert "question" in raised.value.error_dict
    assert not meeting.agenda_items.exists()


def test_a_text_is_not_checked_against_a_name_the_editor_cannot_see(world):
    """Refusing would tell bob the name of alice's participant."""
    meeting = _meeting(world)
    item = services.agenda_item_add(
        meeting=meeting, enrolment=world.alice_enrolment, question="Fråga", by=world.alice
    )
    services.agenda_item_update(
        item=item,
        enrolment=item.enrolment,
        question="Fråga",
        discussion="Aina",
        decision="",
        guard_names=False,
        by=world.bob,
    )
    assert item.discussion == "Aina"


def test_agenda_item_refuses_an_enrolment_in_another_project(world):
    with pytest.raises(ValidationError):
        services.agenda_item_add(
            meeting=_meeting(world), enrolment=world.charlie_enrolment, question="Fråga", by=world.petra
        )


def test_task_due_date_cannot_precede_the_meeting(world):
    meeting = _meeting(world)
    with pytest.raises(ValidationError) as raised:
        services.task_add(
            meeting=meeting,
            what="Ring FK",
            responsible="Projektet",
            due_on=LAST_WEEK - datetime.timedelta(days=1),
            by=world.petra,
        )
    assert "due_on" in raised.value.error_dict


def test_task_done_and_reopened_are_logged_once_each(world):
    meeting = _meeting(world)
    task = services.task_add(
        meeting=meeting, what="Ring FK", responsible="Projektet", due_on=None, by=world.petra
    )
    services.task_set_done(task=task, done=True, on=TODAY, by=world.rita)
    services.task_set_done(task=task, done=True, on=TODAY, by=world.rita)
    assert (task.done_on, task.done_by) == (TODAY, world.rita)
    assert AuditEntry.objects.filter(action="teamwork.task.done", object_id=task.pk).count() == 1
    services.task_set_done(task=task, done=False, on=TODAY, by=world.alice)
    assert task.done_on is None and task.done_by is None
    assert AuditEntry.objects.filter(action="teamwork.task.reopened").count() == 1


def test_barrier_goes_from_registered_to_raised_decided_and_closed_by_the_project_manager(world):
    b = barrier(world, enrolment=None)
    services.barrier_raise(
        barrier=b, on=TODAY, note="Förslag: gemensam rutin", by=world.petra, expected_version=1
    )
    services.barrier_decide(
        barrier=b,
        decision="Parterna tar fram en gemensam rutin.",
        on=TODAY,
        by=world.petra,
        expected_version=2,
    )
    services.barrier_close(
        barrier=b, follow_up="Rutinen gäller sedan maj.", on=TODAY, by=world.petra, expected_version=3
    )
    b.refresh_from_db()
    assert b.status == BarrierStatus.CLOSED and b.raised_to_steering_on == TODAY and b.decided_on == TODAY
    assert list(BarrierStatusChange.objects.filter(barrier=b).values_list("status", flat=True)) == [
        "registrerat",
        "lyft",
        "beslutat",
        "avslutat",
    ]
    actions = set(AuditEntry.objects.filter(object_id=b.pk).values_list("action", flat=True))
    assert actions >= {"teamwork.barrier.created", "teamwork.barrier.raised", "teamwork.barrier.decided"}


def test_only_the_project_manager_raises_a_barrier(world):
    b = barrier(world)
    with pytest.raises(PermissionDenied):
        services.barrier_raise(barrier=b, on=TODAY, by=world.alice, expected_version=1)
    b.refresh_from_db()
    assert b.status == BarrierStatus.REGISTERED


def test_a_decision_needs_a_raised_barrier_and_a_text(world):
    b = barrier(world)
    with pytest.raises(ValidationError):
        services.barrier_decide(barrier=b, decision="Beslut", on=TODAY, by=world.petra, expected_version=1)
    services.barrier_raise(barrier=b, on=TODAY, by=world.petra, expected_version=1)
    with pytest.raises(ValidationError) as raised:
        services.barrier_decide(barrier=b, decision=" ", on=TODAY, by=world.petra, expected_version=2)
    assert "decision" in raised.value.error_dict


def test_a_barrier_solved_without_the_steering_group_is_closed_directly(world):
    b = barrier(world)
    services.barrier_close(
        barrier=b, follow_up="Löst direkt med FK.", on=TODAY, by=world.petra, expected_version=1
    )
    assert b.status == BarrierStatus.CLOSED and b.raised_to_steering_on is None


def test_a_step_cannot_be_dated_before_the_last_one(world):
    b = barrier(world, on=TODAY - datetime.timedelta(days=3))
    with pytest.raises(ValidationError) as raised:
        services.barrier_raise(
            barrier=b, on=TODAY - datetime.timedelta(days=5), by=world.petra, expected_version=1
        )
    assert "on" in raised.value.error_dict


def test_a_raised_barrier_is_no_longer_edited(world):
    b = barrier(world)
    services.barrier_raise(barrier=b, on=TODAY, by=world.petra, expected_version=1)
    with pytest.raises(ValidationError):
        services.barrier_update(
            barrier=b,
            title="Ny rubrik",
            category=b.category,
            agencies=[world.af],
            description=b.description,
            enrolment=None,
            by=world.petra,
            expected_version=2,
        )


def test_a_stale_barrier_step_is_refused(world):
    b = barrier(world)
    with pytest.raises(ConcurrentEditError):
        services.barrier_raise(barrier=b, on=TODAY, by=world.petra, expected_version=7)
    assert not BarrierStatusChange.objects.filter(status="lyft").exists()


def test_barrier_example_refuses_the_linked_persons_name(world):
    with pytest.raises(ValidationError) as raised:
        barrier(world, description="Aina har skickats mellan Af och FK i ett halvår.")
    assert "styrgruppen" in raised.value.message_dict["description"][0]


def test_barrier_needs_title_category_agency_and_example(world):
    with pytest.raises(ValidationError) as raised:
        barrier(world, title="", category="", agencies=[], description="")
    assert set(raised.value.error_dict) == {"title", "category", "agencies", "description"}


def test_barrier_counts_per_category_and_status(world):
    barrier(world)
    second = barrier(world, category="vantetider", enrolment=None)
    services.barrier_raise(barrier=second, on=TODAY, by=world.petra, expected_version=1)
    counts = selectors.barrier_counts(world.project_a)
    rows = {label: cells for label, cells, _total in counts.rows}
    assert rows["Bollas runt mellan myndigheter"] == [1, 0, 0, 0]
    assert rows["Väntetider"] == [0, 1, 0, 0]
    assert counts.totals == [1, 1, 0, 0] and counts.total == 2
