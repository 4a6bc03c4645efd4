"""Helpers for import tests: files built from rows, uploaded as the project manager."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from stegvis.imports.models import ImportRun
from stegvis.participants.tests.factories import make_personal_id

HEADER = [
    "Personnummer",
    "Förnamn",
    "Efternamn",
    "Kön",
    "Födelseår",
    "Startdatum",
    "Handledare",
    "Kommun",
    "Sysselsättning",
    "Fas",
]


def pnr(year: int, serial: int, *, female: bool = True) -> str:
    """A dashed synthetic personnummer (98x/99x birth numbers point at nobody real)."""
    raw = make_personal_id(datetime.date(year, 3, 14), female=female, serial=serial)
    return f"{raw[:8]}-{raw[8:]}"


def good_rows() -> list[list[str]]:
    return [
        [pnr(1990, 9810), "Imke", "Importsson", "Kvinna", "", "2024-02-01", "alice", "Hagfors", "Aktivt arbetssökande", "Aktivitet"],
        [pnr(1985, 9821, female=False), "Ivar", "Importsson", "M", "", "15/3/2024", "bob", "HAGFORS", "Övrigt", ""],
        ["", "", "", "Kvinna", "1994", "1 april 2024", "alice@example.org", "hagfors", "Studier", "Kartläggning"],
    ]  # fmt: skip


def csv_bytes(
    rows: list[list[str]], header: list[str] = HEADER, *, delimiter: str = ";", encoding: str = "utf-8-sig"
) -> bytes:
    lines = [delimiter.join(header), *(delimiter.join(r) for r in rows)]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def upload(client, project, data: bytes, name: str = "deltagare.csv"):
    return client.post(reverse("imports:start", args=[project.pk]), {"file": SimpleUploadedFile(name, data)})


def mapping_post(run: ImportRun, **overrides) -> dict:
    data = {f"map_{name}": str(index) for name, index in run.mapping.items()}
    data.update({"consent_confirmed": "on", "consent_form_version": "2.1"})
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def imports_world(world):
    """The shared world, with alice's e-mail set so a coach can be named by it."""
    world.alice.email = "alice@example.org"
    world.alice.save(update_fields=["email"])
    return world


@pytest.fixture
def petra(imports_world):
    return imports_world.client_for("petra")


def checked_run(client, project, rows, **mapping_overrides) -> ImportRun:
    """Upload, map (accepting the guesses) and dry-run; the job runs inline in tests."""
    response = upload(client, project, csv_bytes(rows))
    assert response.status_code == 302, response.content.decode()[:2000]
    run = ImportRun.objects.latest("pk")
    response = client.post(reverse("imports:mapping", args=[run.pk]), mapping_post(run, **mapping_overrides))
    assert response.status_code == 302, response.content.decode()[:3000]
    run.refresh_from_db()
    return run
