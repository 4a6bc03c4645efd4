"""Every report is documented (as every setting is: tests/test_docs.py)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from stegvis.reports import cost, esf, finsam, goals  # noqa: F401 - registers the exporters
from stegvis.reports.exporters import EXPORTERS


def test_every_report_is_in_the_docs():
    text = (Path(settings.BASE_DIR) / "docs" / "adding-a-report.md").read_text()
    missing = [identifier for identifier in EXPORTERS if f"`{identifier}`" not in text]
    assert not missing, f"document these reports in docs/adding-a-report.md: {missing}"
