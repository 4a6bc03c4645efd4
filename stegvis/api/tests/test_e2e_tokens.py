"""A user makes an API key in the browser, uses it, and revokes it; axe scans the page."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from stegvis.accounts.tests.e2e import pass_second_factor
from stegvis.accounts.tests.factories import PASSWORD
from stegvis.participants.tests import test_e2e_journey as journey

SCREENSHOTS = journey.SCREENSHOTS
assert_accessible = journey.assert_accessible
assert_styled = journey.assert_styled
browser = journey.browser
page = journey.page
allow_orm_beside_playwright = journey.allow_orm_beside_playwright


@pytest.mark.e2e
def test_project_manager_makes_uses_and_revokes_a_key(world, live_server, page: Page):
    SCREENSHOTS.mkdir(exist_ok=True)
    page.goto(live_server.url + "/")
    page.get_by_label("Användarnamn").fill("petra")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    pass_second_factor(page, "petra")

    page.get_by_role("link", name="API-nycklar").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("API-nycklar")
    expect(page.get_by_role("heading", name="Du har inga API-nycklar")).to_be_visible()
    assert_styled(page)
    assert_accessible(page, "api keys, none yet")

    # A name is required; the form says so.
    page.get_by_role("button", name="Skapa nyckel").click()
    expect(page.get_by_text("Ge nyckeln ett namn")).to_be_visible()
    page.get_by_label("Namn").fill("Rapportering till förbundet")
    page.get_by_label("Giltig i").select_option("30")
    page.get_by_role("button", name="Skapa nyckel").click()

    expect(page.get_by_role("heading", name="Din nya nyckel")).to_be_visible()
    key = page.get_by_label("Nyckel", exact=True).input_value()
    assert key.startswith("stv_")
    assert_accessible(page, "api keys, new key shown once")
    page.screenshot(path=str(SCREENSHOTS / "api-keys.png"), full_page=True)

    api = page.request.get(live_server.url + "/api/v1/projects", headers={"Authorization": f"Bearer {key}"})
    assert api.status == 200 and api.json()["items"][0]["name"] == "Projekt A"

    # Shown once: opening the page again shows only the beginning of the key.
    page.get_by_role("link", name="API-nycklar").click()
    expect(page.get_by_role("heading", name="Din nya nyckel")).to_have_count(0)
    row = page.get_by_role("row").filter(has_text="Rapportering till förbundet")
    expect(row).to_contain_text("Giltig")
    row.get_by_role("button", name="Återkalla Rapportering till förbundet").click()
    expect(page.locator("#messages")).to_contain_text("är återkallad")
    expect(page.get_by_role("row").filter(has_text="Rapportering till förbundet")).to_contain_text(
        "Återkallad"
    )

    refused = page.request.get(
        live_server.url + "/api/v1/projects", headers={"Authorization": f"Bearer {key}"}
    )
    assert refused.status == 401
