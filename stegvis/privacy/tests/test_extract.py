"""The register extract: exact search, every app's data for the person, the access log without names, PDF and JSON."""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest
from django.urls import reverse

from stegvis.audit.models import AuditEntry
from stegvis.audit.services import audit_log
from stegvis.privacy import extract

pytestmark = pytest.mark.django_db


def _pdftotext(pdf: bytes, tmp_path) -> str:
    tool = shutil.which("pdftotext")
    if tool is None:
        if os.environ.get("CI") in ("true", "1"):
            pytest.fail("pdftotext (poppler-utils) is missing, and the PDF must be checked in CI")
        pytest.skip("pdftotext is missing: apt-get install poppler-utils")
    path = tmp_path / "extract.pdf"
    path.write_bytes(pdf)
    return subprocess.run(  # noqa: S603 - a fixed local tool on a file we wrote
        [tool, "-layout", str(path), "-"], check=True, capture_output=True, text=True, timeout=60
    ).stdout


def test_search_needs_the_whole_number(ended_world):
    client = ended_world.client_for("ada")
    person = ended_world.alice_enrolment.person
    partial = client.post(reverse("privacy:subject_search"), {"personal_id": person.personal_id[:8]})
    assert partial.status_code == 200
    assert "fel längd" in partial.content.decode()
    found = client.post(reverse("privacy:subject_search"), {"personal_id": person.personal_id_display})
    assert found.status_code == 302
    assert found["Location"] == reverse("privacy:subject_detail", args=[person.pk])


def test_unknown_number_says_so_and_keeps_input(world):
    response = world.client_for("ada").post(
        reverse("privacy:subject_search"), {"personal_id": "19811218-9868"}
    )
    content = response.content.decode()
    assert "Ingen person med det numret" in content
    assert 'value="19811218-9868"' in content


def test_detail_page_shows_counts_not_content(ended_world):
    person = ended_world.alice_enrolment.person
    response = ended_world.client_for("ada").get(reverse("privacy:subject_detail", args=[person.pk]))
    content = response.content.decode()
    assert f"P-{person.pk}" in content
    assert "Aina" not in content and "Samtal om hälsan" not in content


def test_sections_cover_every_app_with_data(ended_world):
    person = ended_world.alice_enrolment.person
    sections = {s.key: s for s in extract.sections_for(person)}
    for key in (
        "participants.Person",
        "participants.Consent",
        "participants.Enrolment",
        "participants.Situation",
        "plans.Goal",
        "journal.JournalNote",
        "audit.AuditEntry",
    ):
        assert sections[key].records, key
    assert sections["journal.JournalNote"].records[0]["text"] == "Deltagaren berättade om sin sömn."
    assert sections["plans.Goal"].records[0]["project"] == "Projekt A"


def test_access_log_section_has_dates_and_purposes_never_who(ended_world):
    person = ended_world.alice_enrolment.person
    audit_log(
        user=ended_world.bob, action="participants.sensitive.opened", person_id=person.pk, purpose="Planering"
    )
    section = next(s for s in extract.sections_for(person) if s.key == "audit.AuditEntry")
    assert set(section.labels) == {"at", "kind", "action", "organisation", "purpose"}
    assert any(r["purpose"] == "Planering" for r in section.records)
    assert "Bob" not in json.dumps(section.records)


def test_json_is_machine_readable_and_logged(ended_world):
    person = ended_world.alice_enrolment.person
    response = ended_world.client_for("ada").get(reverse("privacy:subject_json", args=[person.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["format"] == "stegvis.registerutdrag/1"
    keys = [s["key"] for s in data["sections"]]
    assert "participants.Person" in keys and "audit.AuditEntry" in keys
    identity = next(s for s in data["sections"] if s["key"] == "participants.Person")["records"][0]
    assert identity["personal_id"] == person.personal_id
    entry = AuditEntry.objects.filter(action="privacy.subject_export").latest("pk")
    assert (entry.user, entry.person_id) == (ended_world.ada, person.pk)
    log = next(s for s in data["sections"] if s["key"] == "audit.AuditEntry")["records"]
    assert any(r["action"] == "privacy.subject_export" for r in log)


def test_pdf_renders_the_persons_data(ended_world, tmp_path):
    person = ended_world.alice_enrolment.person
    response = ended_world.client_for("ada").get(reverse("privacy:subject_pdf", args=[person.pk]))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    assert response["Cache-Control"] == "no-store"
    text = _pdftotext(response.content, tmp_path)
    for expected in ("Registerutdrag från Stegvis", "Aina", person.personal_id_display, "Samtal om hälsan"):
        assert expected in text, expected
    assert AuditEntry.objects.filter(action="privacy.subject_export", person_id=person.pk).exists()


def test_a_new_source_plugs_in(world):
    def source(person):
        return [extract.Section(key="x.Extra", title="Extra", labels={"a": "a"}, records=[{"a": 1}])]

    extract.register(source)
    try:
        keys = [s.key for s in extract.sections_for(world.alice_enrolment.person)]
        assert keys[-1] == "x.Extra"
    finally:
        extract.SOURCES.remove(source)
