"""The check about six months after exit: when it falls due, the form, its rules and its audit entry."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from stegvis.audit.models import AuditEntry
from stegvis.participants.tests.factories import enrol
from stegvis.reports import services
from stegvis.reports.models import PostExitCheck, due_on
from stegvis.reports.tests.conftest import _exit

TODAY = datetime.date.today()


@pytest.mark.parametrize(
    ("exit_date", "due"),
    [
        (datetime.date(2024, 1, 15), datetime.date(2024, 7, 15)),
        (datetime.date(2024, 8, 31), datetime.date(2025, 2, 28)),  # a shorter month: its last day
        (datetime.date(2023, 8, 31), datetime.date(2024, 2, 29)),
        (datetime.date(2024, 9, 30), datetime.date(2025, 3, 30)),
    ],
)
def test_due_six_calendar_months_after_exit(exit_date, due):
    assert due_on(exit_date) == due


def _ended(world, *, days_ago: int, reason: str = "planned", first_name: str = "Elsa"):
    enrolment = enrol(
        project=world.project_a,
        coach=world.alice,
        first_name=first_name,
        birth=datetime.date(1970, 1, days_ago % 27 + 1),
        start=TODAY - datetime.timedelta(days=days_ago + 30),
    )
    _exit(
        enrolment,
        TODAY - datetime.timedelta(days=days_ago),
        reason,
        "job_seeking",
        "arbetssokande",
        world.alice,
    )
    enrolment.refresh_from_db()
    return enrolment


def test_due_checks_are_listed_for_the_coach_and_on_the_participant_page(world):
    due = _ended(world, days_ago=200, first_name="Elsa")
    _ended(world, days_ago=30, first_name="Frida")  # not yet due
    _ended(world, days_ago=250, reason="felregistrering", first_name="Greta")  # never followed up
    page = world.client_for("alice").get(reverse("reports:checks_due", args=[world.project_a.pk]))
    content = page.content.decode()
    assert "Elsa" in content and "Frida" not in content and "Greta" not in content
    assert "Försenad" in content
    # Bob's caseload has none of them.
    content = (
        world.client_for("bob").get(reverse("reports:checks_due", args=[world.project_a.pk])).content.decode()
    )
    assert "Inga uppföljningar att göra just nu" in content
    detail = world.client_for("alice").get(reverse("participants:detail", args=[due.pk])).content.decode()
    assert "Uppföljning efter avslut" in detail and "Registrera uppföljning efter avslut" in detail
    # The project page reminds the coach; the steering group sees no such thing.
    project_page = world.client_for("alice").get(reverse("projects:detail", args=[world.project_a.pk]))
    assert "1 av dina avslutade deltagare ska följas upp" in project_page.content.decode()
    project_page = world.client_for("sven").get(reverse("projects:detail", args=[world.project_a.pk]))
    assert "ska följas upp" not in project_page.content.decode()


def test_open_enrolment_has_no_check(world):
    url = reverse("reports:post_exit_check", args=[world.alice_enrolment.pk])
    response = world.client_for("alice").get(url)
    assert response.status_code == 302
    detail = world.client_for("alice").get(reverse("participants:detail", args=[world.alice_enrolment.pk]))
    assert "Registrera uppföljning efter avslut" not in detail.content.decode()


def test_coach_records_the_check_and_it_is_audited(world):
    enrolment = _ended(world, days_ago=190)
    url = reverse("reports:post_exit_check", args=[enrolment.pk])
    client = world.client_for("alice")
    response = client.post(
        url,
        {
            "checked_on": TODAY.isoformat(),
            "reached": "true",
            "method": "phone",
            "sysselsattning": "forvarvsarbete",
            "employed": "true",
            "improved": "true",
        },
    )
    assert response.status_code == 302
    check = PostExitCheck.objects.get(enrolment=enrolment)
    assert (check.employed, check.improved, check.recorded_by) == (True, True, world.alice)
    entry = AuditEntry.objects.get(action="reports.post_exit_check.recorded")
    assert entry.enrolment_id == enrolment.pk and entry.person_id == enrolment.person_id
    # Correcting it is a change, logged as such.
    client.post(url, {"checked_on": TODAY.isoformat(), "reached": "false"})
    check.refresh_from_db()
    assert (check.reached, check.employed, check.sysselsattning) == (False, None, "")
    assert AuditEntry.objects.filter(action="reports.post_exit_check.changed").count() == 1


def test_form_keeps_input_and_explains_errors(world):
    enrolment = _ended(world, days_ago=190)
    url = reverse("reports:post_exit_check", args=[enrolment.pk])
    before_exit = (enrolment.exit.exit_date - datetime.timedelta(days=1)).isoformat()
    response = world.client_for("alice").post(
        url, {"checked_on": before_exit, "reached": "true", "sysselsattning": "studier"}
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "Uppföljningen kan inte vara före avslutsdatum" in content
    assert f'value="{before_exit}"' in content
    response = world.client_for("alice").post(url, {"checked_on": TODAY.isoformat(), "reached": "true"})
    assert "Ange sysselsättningen när ni fick kontakt." in response.content.decode()
    assert not PostExitCheck.objects.exists()


def test_felregistrering_is_never_followed_up(world):
    enrolment = _ended(world, days_ago=190, reason="felregistrering")
    with pytest.raises(ValidationError):
        services.post_exit_check_record(
            enrolment=enrolment,
            data=services.CheckData(checked_on=TODAY, reached=False),
            by=world.alice,
        )
    assert (
        world.client_for("alice").get(reverse("reports:post_exit_check", args=[enrolment.pk])).status_code
        == 302
    )
