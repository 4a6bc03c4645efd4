"""Gallring: who is due, the dry run, and anonymisation in place that keeps the statistics."""

from __future__ import annotations

import datetime
from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command

from stegvis.audit.models import AuditEntry
from stegvis.conftest import PERSONAL_ID_PATTERN
from stegvis.journal.models import JournalNote
from stegvis.participants.models import Enrolment, Exit, Person, Situation
from stegvis.participants.tests.factories import enrol
from stegvis.plans.models import Goal
from stegvis.privacy import register, services
from stegvis.privacy.models import ErasureRecord, erase_after
from stegvis.privacy.selectors import persons_due, retention_of
from stegvis.privacy.tests.conftest import ENDED, TODAY

pytestmark = pytest.mark.django_db


def _statistics() -> Counter:
    return Counter(
        (
            e.project_id,
            e.person.gender,
            e.person.birth_year,
            e.phase,
            getattr(getattr(e, "exit", None), "outcome", ""),
        )
        for e in Enrolment.objects.select_related("person", "exit")
    )


def test_erase_after_counts_whole_years_from_the_day_after_the_end():
    import datetime

    assert erase_after(ENDED, 1) == datetime.date(2026, 1, 1)
    assert erase_after(datetime.date(2024, 2, 29), 1) == datetime.date(2025, 3, 1)
    assert erase_after(None, 10) is None


def test_default_retention_comes_from_the_setting(world, settings):
    settings.RETENTION_YEARS = 7
    retention = retention_of(world.project_b)
    assert retention.years == 7
    assert retention.is_default


def test_only_persons_whose_every_project_has_passed_are_due(ended_world):
    w = ended_world
    due = set(persons_due(TODAY))
    assert w.alice_enrolment.person in due
    assert w.rita_enrolment.person in due
    assert w.pending_referral.person in due  # referred but never enrolled
    assert w.charlie_enrolment.person not in due  # project B has no end date


def test_a_person_still_in_a_running_project_is_kept(ended_world):
    w = ended_world
    enrol(project=w.project_b, coach=w.charlie, first_name="Aina", birth=datetime.date(1977, 3, 4))
    other = Enrolment.objects.filter(project=w.project_b).latest("pk")
    # Same personnummer means the same person in both projects.
    Enrolment.objects.filter(pk=other.pk).update(person=w.alice_enrolment.person)
    assert w.alice_enrolment.person not in set(persons_due(TODAY))


def test_legal_hold_stops_gallring(ended_world):
    w = ended_world
    services.retention_policy_save(
        project=w.project_a, years=1, legal_hold=True, hold_reason="Revision av ESF-rådet", by=w.ada
    )
    assert not persons_due(TODAY).exists()
    assert services.retention_erase(today=TODAY).persons == 0


def test_legal_hold_needs_a_reason(world):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.retention_policy_save(
            project=world.project_a, years=5, legal_hold=True, hold_reason=" ", by=world.ada
        )


def test_not_due_before_the_date(ended_world):
    import datetime

    assert not persons_due(datetime.date(2025, 12, 31)).exists()


def test_dry_run_counts_without_changing_anything(ended_world):
    w = ended_world
    before = Person.objects.filter(is_anonymous=False).count()
    plan = services.erasure_plan(today=TODAY)
    assert plan.persons == 4
    assert plan.enrolments == 3
    assert plan.per_project == {w.project_a.pk: 4}
    assert plan.rows["journal.JournalNote"] == 1
    assert Person.objects.filter(is_anonymous=False).count() == before
    assert not ErasureRecord.objects.exists()


def test_erasure_anonymises_in_place_and_keeps_statistics(ended_world):
    w = ended_world
    statistics = _statistics()
    situations = Situation.objects.count()
    person = w.alice_enrolment.person
    gender, birth_year = person.gender, person.birth_year

    plan = services.retention_erase(today=TODAY)

    assert plan.persons == 4
    person.refresh_from_db()
    assert person.is_anonymous
    assert (person.personal_id, person.first_name, person.last_name, person.birth_date) == (
        None,
        "",
        "",
        None,
    )
    assert (person.gender, person.birth_year) == (gender, birth_year)
    note = JournalNote.objects.get(enrolment=w.alice_enrolment)
    assert (note.title, note.text) == (register.PSEUDONYM_TEXT, "")
    assert Goal.objects.get(plan__enrolment=w.alice_enrolment).description == register.PSEUDONYM_TEXT
    assert _statistics() == statistics
    assert Situation.objects.count() == situations
    assert Exit.objects.filter(enrolment=w.bob_enrolment, outcome=Exit.Outcome.EMPLOYMENT).exists()
    # Project B untouched.
    cecilia = w.charlie_enrolment.person
    cecilia.refresh_from_db()
    assert cecilia.first_name == "Cecilia" and cecilia.personal_id


def test_erasure_is_logged_with_counts_only(ended_world):
    w = ended_world
    services.retention_erase(today=TODAY, by=w.ada)
    entry = AuditEntry.objects.get(action="privacy.erased")
    assert entry.project_id == w.project_a.pk
    assert entry.person_id is None
    assert "4" in entry.purpose
    assert "Aina" not in entry.purpose and not PERSONAL_ID_PATTERN.search(entry.purpose)


def test_erasure_runs_once_per_person(ended_world):
    services.retention_erase(today=TODAY)
    again = services.retention_erase(today=TODAY)
    assert again.persons == 0
    assert AuditEntry.objects.filter(action="privacy.erased").count() == 1


def test_erased_persons_still_open_for_their_coach_without_identity(ended_world):
    w = ended_world
    services.retention_erase(today=TODAY)
    from django.urls import reverse

    response = w.client_for("alice").get(reverse("participants:detail", args=[w.alice_enrolment.pk]))
    assert response.status_code == 200
    assert "Aina" not in response.content.decode()


def test_gallra_command_dry_run_prints_counts_only(ended_world):
    out = StringIO()
    call_command("gallra", "--dry-run", f"--date={TODAY.isoformat()}", stdout=out)
    text = out.getvalue()
    assert "4 personer" in text
    assert "Aina" not in text and not PERSONAL_ID_PATTERN.search(text)
    assert Person.objects.filter(first_name="Aina").exists()


def test_gallra_command_erases(ended_world):
    out = StringIO()
    call_command("gallra", f"--date={TODAY.isoformat()}", stdout=out)
    assert "4 personer anonymiserade" in out.getvalue()
    assert not Person.objects.filter(first_name="Aina").exists()


def test_task_erases_and_returns_counts(ended_world):
    from stegvis.privacy import tasks

    result = tasks.erase_due.enqueue(today=TODAY.isoformat(), user_id=ended_world.ada.pk)
    assert result.return_value == {"persons": 4, "enrolments": 3}
