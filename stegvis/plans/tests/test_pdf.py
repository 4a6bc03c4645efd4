"""The action plan as PDF (WeasyPrint): it renders, and its text is the plan's text."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest
from django.urls import reverse

from stegvis.audit.models import AuditEntry
from stegvis.plans.pdf import _static_file


def _pdftotext(pdf: bytes, tmp_path) -> str:
    tool = shutil.which("pdftotext")
    if tool is None:
        if os.environ.get("CI") in ("true", "1"):
            pytest.fail("pdftotext (poppler-utils) is missing, and the PDF must be checked in CI")
        pytest.skip("pdftotext is missing: apt-get install poppler-utils")
    path = tmp_path / "plan.pdf"
    path.write_bytes(pdf)
    return subprocess.run(  # noqa: S603 - a fixed local tool on a file we wrote
        [tool, "-layout", str(path), "-"], check=True, capture_output=True, text=True, timeout=60
    ).stdout


def test_plan_pdf_renders_with_the_goals(world, plans, tmp_path):
    response = world.client_for("alice").get(reverse("plans:pdf", args=[world.alice_enrolment.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Cache-Control"] == "no-store"  # personal data: never cached
    text = _pdftotext(response.content, tmp_path)
    for expected in (
        "Min handlingsplan",
        "Aina Testsson",
        "Hitta ett arbete som passar mig",
        "Skriva ett CV",
        "Delta i friskvård två gånger i veckan",
        "Så här är vi överens",
        "Sida 1 av",
    ):
        assert expected in text, expected
    assert "PROJEKT A" in text  # set in capitals above the heading
    assert AuditEntry.objects.filter(
        action="plans.plan.printed", enrolment_id=world.alice_enrolment.pk, path__endswith=".pdf"
    ).exists()


def test_pdf_reads_static_files_only():
    data, content_type = _static_file("https://stegvis.invalid/static/plans/print.css")
    assert b"@page" in data and content_type == "text/css"
    for url in (
        "file:///etc/passwd",
        "https://example.org/static/plans/print.css",
        "https://stegvis.invalid/etc/x",
    ):
        with pytest.raises(ValueError):
            _static_file(url)
