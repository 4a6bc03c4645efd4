"""A project manager imports participants from a CSV file in a real browser, with axe scans.

From the project page: the import page and its template, upload, the guessed column
mapping, a dry run that finds an error, a corrected file, the import, and the new
participants in the participant list. Jobs run inline in tests, so the progress page is
seen finished.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from stegvis.accounts.tests.e2e import pass_second_factor
from stegvis.accounts.tests.factories import PASSWORD
from stegvis.imports.models import ImportRun
from stegvis.imports.tests.conftest import csv_bytes, good_rows
from stegvis.participants.tests import test_e2e_journey as journey

assert_accessible = journey.assert_accessible
assert_styled = journey.assert_styled
browser = journey.browser
page = journey.page
allow_orm_beside_playwright = journey.allow_orm_beside_playwright


def _log_in(page: Page, url: str, username: str) -> None:
    page.goto(url + "/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    pass_second_factor(page, username)


def _upload(page: Page, data: bytes) -> None:
    page.get_by_label("Fil", exact=True).set_input_files(
        {"name": "deltagare.csv", "mimeType": "text/csv", "buffer": data}
    )
    page.get_by_role("button", name="Ladda upp och välj kolumner").click()


@pytest.mark.e2e
def test_project_manager_imports_participants_in_the_browser(imports_world, live_server, page: Page):
    w = imports_world
    _log_in(page, live_server.url, "petra")
    page.goto(f"{live_server.url}/projekt/{w.project_a.pk}/")
    page.get_by_role("link", name="Importera från Excel").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Importera deltagare från Excel")
    assert_styled(page)
    assert_accessible(page, "import start")

    # A file with one broken row: the dry run says which row, which column and why.
    broken = good_rows()
    broken[1][5] = "31/02/2024"
    _upload(page, csv_bytes(broken))
    expect(page.get_by_role("heading", level=1)).to_have_text("2. Välj vilken kolumn som är vad")
    expect(page.get_by_label("Startdatum")).to_have_value("5")
    assert_accessible(page, "column mapping")
    # Without the consent confirmation the form is shown again with the choices kept.
    page.get_by_role("button", name="Kontrollera alla rader").click()
    expect(page.get_by_text("registreras bara med samtycke")).to_be_visible()
    expect(page.get_by_label("Startdatum")).to_have_value("5")
    assert_accessible(page, "column mapping with errors")
    page.get_by_label("Alla deltagare med personnummer").check()
    page.get_by_role("button", name="Kontrollera alla rader").click()
    expect(page.get_by_role("heading", name="1 rad behöver rättas")).to_be_visible()
    row = page.get_by_role("row").filter(has_text="finns inte i kalendern")
    expect(row.get_by_role("cell").first).to_have_text("3")
    expect(page.get_by_role("button", name=re.compile("Importera"))).to_have_count(0)
    assert_accessible(page, "dry run report with errors")

    # The corrected file passes and is imported.
    page.get_by_role("link", name="Ladda upp en rättad fil").click()
    _upload(page, csv_bytes(good_rows()))
    page.get_by_label("Alla deltagare med personnummer").check()
    page.get_by_role("button", name="Kontrollera alla rader").click()
    expect(page.get_by_role("heading", name="Alla rader gick igenom kontrollen")).to_be_visible()
    assert_accessible(page, "dry run report, clean")
    page.get_by_role("button", name="Importera 3 rader").click()
    expect(page.get_by_role("heading", name="Importen är klar")).to_be_visible()
    assert_accessible(page, "import done")

    # The finished job's progress page, as the owner sees it.
    run = ImportRun.objects.filter(status=ImportRun.Status.DONE).get()
    page.goto(f"{live_server.url}/jobb/{run.import_job_id}/")
    expect(page.get_by_role("progressbar")).to_have_attribute("value", "100")
    expect(page.get_by_role("status")).to_contain_text("Jobbet är klart")
    assert_accessible(page, "job progress page")
    page.get_by_role("link", name="Fortsätt").click()

    page.get_by_role("link", name="Till deltagarlistan").click()
    expect(page.get_by_role("cell", name=re.compile("Imke Importsson"))).to_be_visible()
    expect(page.get_by_role("cell", name=re.compile("Ivar Importsson"))).to_be_visible()
