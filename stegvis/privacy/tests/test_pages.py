"""Retention pages, the register of processing page, and the log scan that guards the whole suite."""

from __future__ import annotations

import datetime
import logging

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from stegvis.audit.models import AuditEntry
from stegvis.conftest import PERSONAL_ID_PATTERN, personal_id_leaks
from stegvis.participants.models import Person
from stegvis.privacy.models import RetentionPolicy
from stegvis.privacy.tests.conftest import TODAY


@pytest.mark.django_db
def test_project_manager_sets_retention_and_hold(world):
    url = reverse("privacy:retention_edit", args=[world.project_a.pk])
    client = world.client_for("petra")
    response = client.post(url, {"years": "12", "legal_hold": "on", "hold_reason": ""})
    assert response.status_code == 200
    assert "Ange varför gallringen ska stoppas" in response.content.decode()
    assert response.context["form"].data["years"] == "12"
    response = client.post(url, {"years": "12", "legal_hold": "on", "hold_reason": "Revision"})
    assert response.status_code == 302
    policy = RetentionPolicy.objects.get(project=world.project_a)
    assert (policy.years, policy.legal_hold, policy.hold_reason, policy.updated_by) == (
        12,
        True,
        "Revision",
        world.petra,
    )
    assert AuditEntry.objects.filter(
        action="privacy.retention.updated", project_id=world.project_a.pk
    ).exists()


@pytest.mark.django_db
def test_retention_needs_at_least_a_year(world):
    url = reverse("privacy:retention_edit", args=[world.project_a.pk])
    response = world.client_for("ada").post(url, {"years": "0"})
    assert response.status_code == 200
    assert not RetentionPolicy.objects.exists()


@pytest.mark.django_db
def test_project_page_links_to_retention_for_manager_only(world):
    link = reverse("privacy:retention_edit", args=[world.project_a.pk])
    assert (
        link
        in world.client_for("petra")
        .get(reverse("projects:detail", args=[world.project_a.pk]))
        .content.decode()
    )
    assert (
        link
        not in world.client_for("alice")
        .get(reverse("projects:detail", args=[world.project_a.pk]))
        .content.decode()
    )


@pytest.mark.django_db
def test_dry_run_page_shows_counts_without_names(ended_world, monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)
    response = ended_world.client_for("ada").get(reverse("privacy:retention"))
    content = response.content.decode()
    assert "4 personer med 3 inskrivningar skulle anonymiseras" in content
    assert "Aina" not in content
    # Running needs the confirmation.
    refused = ended_world.client_for("ada").post(reverse("privacy:retention"), {})
    assert refused.status_code == 200
    assert Person.objects.filter(first_name="Aina").exists()
    done = ended_world.client_for("ada").post(reverse("privacy:retention"), {"confirm": "on"}, follow=True)
    assert "4 personer är anonymiserade" in done.content.decode()
    assert not Person.objects.filter(first_name="Aina").exists()


@pytest.mark.django_db
def test_register_page_lists_sensitive_fields(world):
    response = world.client_for("ada").get(reverse("privacy:register"))
    content = response.content.decode()
    assert "Register över behandlingar" in content
    assert "Personnummer (3 kap. 10 § dataskyddslagen)" in content
    assert "participants.Person" in content and "journal.JournalNote" in content


@pytest.mark.django_db
def test_only_administrators_see_the_privacy_menu(world):
    assert reverse("privacy:index") in world.client_for("ada").get(reverse("projects:list")).content.decode()
    assert (
        reverse("privacy:index")
        not in world.client_for("petra").get(reverse("projects:list")).content.decode()
    )


# --- the log scan (stegvis/conftest.py) ----------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "198112189876",
        "19811218-9876",
        "811218-9876",
        "8112189876",
        "811218+9876",
        "19811278-9876 (samordningsnr)",
    ],
)
def test_pattern_finds_personal_ids(text):
    assert PERSONAL_ID_PATTERN.search(text)


@pytest.mark.parametrize("text", ["enrolment 12345", "2026-11-23 19:15", "id=1234567", "12345678901234"])
def test_pattern_ignores_other_numbers(text):
    assert not PERSONAL_ID_PATTERN.search(text)


@given(
    st.dates(datetime.date(1900, 1, 1), datetime.date(2099, 12, 31)),
    st.integers(0, 9999),
    st.sampled_from(["", "-", "+"]),
    st.booleans(),
    st.booleans(),
)
def test_pattern_finds_every_personnummer_and_samordningsnummer(
    day, serial, separator, century, coordination
):
    """Any birth date 1900-2099, with the day plus 60 for a samordningsnummer, in any written form."""
    digits = f"{day:%Y%m}" if century else f"{day:%y%m}"
    digits += f"{day.day + 60 if coordination else day.day:02d}"
    assert PERSONAL_ID_PATTERN.search(f"x {digits}{separator}{serial:04d} y")


def test_leaks_are_reported_by_logger_and_level_without_the_number():
    record = logging.LogRecord(
        "stegvis.demo", logging.WARNING, __file__, 1, "found %s", ("19811218-9876",), None
    )
    clean = logging.LogRecord("stegvis.demo", logging.INFO, __file__, 1, "enrolment %s", (42,), None)
    assert personal_id_leaks([record, clean]) == ["stegvis.demo: WARNING"]
