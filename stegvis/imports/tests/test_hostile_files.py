"""Every hostile file in fixtures/ is refused with its own clear message, and nothing is stored."""

from __future__ import annotations

from pathlib import Path

import pytest

from stegvis.audit.models import AuditEntry
from stegvis.imports import reading
from stegvis.imports.models import ImportRun
from stegvis.imports.tests.conftest import csv_bytes, good_rows, upload
from stegvis.participants.models import Person

FIXTURES = Path(__file__).resolve().parent / "fixtures"

HOSTILE = [
    ("bomb_size.xlsx", "MB uppackad"),
    ("bomb_ratio.xlsx", "komprimerad ovanligt hårt"),
    ("bomb_entries.xlsx", "ovanligt många delar"),
    ("macro_vba.xlsx", "innehåller makron"),
    ("macro_content_type.xlsx", "innehåller makron"),
    ("macro.xlsm", "Filer med makron"),
    ("entity_bomb.xlsx", "entitetsbomb"),
    ("external_entity.xlsx", "entitetsbomb"),
    ("entity_bomb_utf16.xlsx", "UTF-16"),
    ("not_a_zip.xlsx", "är ingen Excel-arbetsbok"),
    ("old_format.xls", "gamla Excel-formatet"),
    ("image.csv", "är ingen textfil"),
    ("zip_named.csv", "är ingen textfil"),
    ("utf16.csv", "är ingen textfil"),
]


def test_every_fixture_file_has_a_case():
    files = {p.name for p in FIXTURES.iterdir() if p.suffix != ".py"}
    assert files == {name for name, _message in HOSTILE}


@pytest.mark.parametrize(("name", "message"), HOSTILE)
def test_hostile_file_is_refused_with_a_clear_message(imports_world, petra, settings, name, message):
    people = Person.objects.count()
    response = upload(petra, imports_world.project_a, (FIXTURES / name).read_bytes(), name=name)
    assert response.status_code == 200
    assert message in response.context["form"].errors["file"][0]
    assert 'class="field-error"' in response.content.decode()
    assert not ImportRun.objects.exists()
    assert Person.objects.count() == people
    assert not AuditEntry.objects.filter(action__startswith="imports.").exists()
    private = Path(settings.PRIVATE_DATA_DIR)
    assert not private.exists() or not any(private.rglob("*.*"))


@pytest.mark.parametrize(("name", "message"), HOSTILE)
def test_refused_before_openpyxl_parses_anything(monkeypatch, name, message):
    """The checks decide on bytes and the zip directory alone: openpyxl is never reached."""
    import openpyxl

    def fail(*args, **kwargs):
        raise AssertionError("openpyxl must not parse a hostile file")

    monkeypatch.setattr(openpyxl, "load_workbook", fail)
    with (FIXTURES / name).open("rb") as stream, pytest.raises(reading.FileRefused) as refused:
        reading.read_table(name, stream)
    assert message in refused.value.message


def test_openpyxl_parses_through_defusedxml():
    import defusedxml.ElementTree
    from openpyxl.xml import DEFUSEDXML, functions

    assert DEFUSEDXML is True
    assert functions.iterparse is defusedxml.ElementTree.iterparse
    assert functions.fromstring is defusedxml.ElementTree.fromstring


def test_file_over_the_size_limit_is_refused(imports_world, petra, settings):
    settings.IMPORT_MAX_BYTES = 100
    response = upload(petra, imports_world.project_a, csv_bytes(good_rows()))
    assert "större än" in response.context["form"].errors["file"][0]
    assert not ImportRun.objects.exists()


def test_file_over_the_row_limit_is_refused(imports_world, petra, settings):
    settings.IMPORT_MAX_ROWS = 2
    response = upload(petra, imports_world.project_a, csv_bytes(good_rows()))
    assert "fler än 2 rader" in response.context["form"].errors["file"][0]
    assert not ImportRun.objects.exists()


def test_empty_and_header_only_files_are_refused(imports_world, petra):
    response = upload(petra, imports_world.project_a, b"")
    assert response.status_code == 200 and not ImportRun.objects.exists()
    response = upload(petra, imports_world.project_a, csv_bytes([]))
    assert "inga rader med deltagare" in response.context["form"].errors["file"][0]


def test_other_file_types_are_refused(imports_world, petra):
    response = upload(petra, imports_world.project_a, b"hello", name="deltagare.docx")
    assert "Välj en Excel-arbetsbok" in response.context["form"].errors["file"][0]
