"""An administrator's privacy work in a real browser, with an axe scan of every privacy page.

The access-log review with a flagged read and a filter, a register extract found by
personnummer and downloaded as JSON, the gallring dry run, a project's retention rule,
and the register of processing.
"""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import Page, expect

from stegvis.accounts.tests.e2e import pass_second_factor
from stegvis.accounts.tests.factories import PASSWORD
from stegvis.audit.models import AuditEntry
from stegvis.audit.services import audit_log
from stegvis.participants.tests import test_e2e_journey as journey

SCREENSHOTS = journey.SCREENSHOTS
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


@pytest.mark.e2e
def test_administrator_reviews_the_log_and_extracts_a_register(world, live_server, page: Page):
    SCREENSHOTS.mkdir(exist_ok=True)
    person = world.alice_enrolment.person
    # Bob opens a colleague's participant: the review flags it.
    audit_log(
        user=world.bob,
        action="participants.enrolment.viewed",
        project_id=world.project_a.pk,
        person_id=person.pk,
        enrolment_id=world.alice_enrolment.pk,
    )

    _log_in(page, live_server.url, "ada")
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link", name="Dataskydd").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dataskydd")
    assert_styled(page)
    assert_accessible(page, "privacy index")

    # The review: flagged reads only, then one person's history.
    page.get_by_role("link", name="Loggkontroll").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Loggkontroll")
    assert_accessible(page, "access log review")
    page.get_by_label("Bara flaggade läsningar").check()
    page.get_by_role("button", name="Visa").click()
    row = page.get_by_role("row").filter(has_text="bob")
    expect(row).to_contain_text("Utanför användarens ärenden")
    expect(row).to_contain_text(f"P-{person.pk}")
    expect(page.locator("main")).not_to_contain_text("Aina")
    page.screenshot(path=str(SCREENSHOTS / "privacy-access-log.png"), full_page=True)
    page.get_by_label("Person").fill("Aina")
    page.get_by_role("button", name="Visa").click()
    expect(page.locator(".field-has-error")).to_contain_text("Skriv personens interna referens")
    assert_accessible(page, "access log review, invalid filter")
    page.get_by_label("Person").fill(f"P-{person.pk}")
    page.get_by_role("button", name="Visa").click()
    expect(page.get_by_role("row").filter(has_text="bob")).to_have_count(1)
    assert AuditEntry.objects.filter(action="privacy.log_reviewed", person_id=person.pk).exists()

    # The register extract: exact personnummer, counts on the page, content in the file.
    page.get_by_role("navigation", name="Brödsmulor").get_by_role("link", name="Dataskydd").click()
    page.get_by_role("link", name="Registerutdrag").click()
    assert_accessible(page, "subject search")
    page.get_by_label("Personnummer eller samordningsnummer").fill(person.personal_id_display[:8])
    page.get_by_role("button", name="Sök person").click()
    expect(page.locator(".field-has-error")).to_contain_text("fel längd")
    page.get_by_label("Personnummer eller samordningsnummer").fill(person.personal_id_display)
    page.get_by_role("button", name="Sök person").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Registerutdrag för P-{person.pk}")
    expect(page.locator("main")).not_to_contain_text("Aina")
    assert_accessible(page, "subject detail")
    with page.expect_download() as download:
        page.get_by_role("link", name="Ladda ned JSON").click()
    data = json.loads(open(download.value.path(), encoding="utf-8").read())  # noqa: SIM115, PTH123
    assert data["person_reference"] == f"P-{person.pk}"
    assert AuditEntry.objects.filter(action="privacy.subject_export", person_id=person.pk).exists()

    # Gallring: the dry run, then project A's rule.
    page.get_by_role("navigation", name="Brödsmulor").get_by_role("link", name="Dataskydd").click()
    page.get_by_role("link", name="Gallring").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Gallring")
    expect(page.locator("main")).to_contain_text("Ingen person har passerat sin gallringsfrist i dag")
    assert_accessible(page, "retention overview")
    page.get_by_role("link", name="Projekt A").click()
    expect(page).to_have_url(re.compile(rf"/projekt/{world.project_a.pk}/gallring/$"))
    assert_accessible(page, "retention edit")
    page.get_by_label("År efter projektets slutdatum").fill("12")
    page.get_by_label("Gallringsstopp", exact=True).check()
    page.get_by_role("button", name="Spara").click()
    expect(page.locator(".field-has-error")).to_contain_text("Ange varför gallringen ska stoppas")
    expect(page.get_by_label("År efter projektets slutdatum")).to_have_value("12")
    assert_accessible(page, "retention edit, error")
    page.get_by_label("Skäl till gallringsstopp").fill("Revision pågår")
    page.get_by_role("button", name="Spara").click()
    expect(page.locator("#messages")).to_contain_text("Gallringsregeln är sparad.")

    # The register of processing.
    page.goto(live_server.url + "/dataskydd/register/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Register över behandlingar")
    assert_accessible(page, "register of processing")
    page.screenshot(path=str(SCREENSHOTS / "privacy-register.png"), full_page=False)
