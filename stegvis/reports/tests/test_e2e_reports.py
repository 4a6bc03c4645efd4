"""The project manager opens the goal-fulfilment dashboard and downloads the ESF+ indicators, in a real
browser with an axe scan of every reports page; the steering group sees the same dashboard suppressed."""

from __future__ import annotations

import io
import re

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from stegvis.participants.tests import test_e2e_journey as journey
from stegvis.plans.tests.test_e2e_plan import _log_in
from stegvis.reports.tests.conftest import add_wellbeing, build

SCREENSHOTS = journey.SCREENSHOTS
assert_accessible = journey.assert_accessible
assert_styled = journey.assert_styled
browser = journey.browser
page = journey.page
allow_orm_beside_playwright = journey.allow_orm_beside_playwright


@pytest.mark.e2e
def test_project_manager_opens_the_dashboard_and_downloads_esf_indicators(world, live_server, page: Page):
    data = build(world)
    add_wellbeing(world, data)
    SCREENSHOTS.mkdir(exist_ok=True)

    _log_in(page, live_server.url, "petra")
    page.goto(f"{live_server.url}/projekt/{world.project_a.pk}/")
    page.get_by_role("link", name="Rapporter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Rapporter")
    assert_styled(page)
    assert_accessible(page, "reports index")

    page.get_by_role("link", name="Måluppfyllelse").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Måluppfyllelse")
    page.get_by_label("Från och med").fill("2024-01-01")
    page.get_by_label("Till och med").fill("2024-12-31")
    page.get_by_role("button", name="Visa").click()
    expect(page).to_have_url(re.compile(r"start=2024-01-01"))
    targets = page.get_by_role("table", name="Projektets mål mot utfall")
    expect(targets.get_by_role("row").filter(has_text="Stegförflyttning vid avslut")).to_contain_text("33 %")
    expect(page.get_by_role("img", name="Stegförflyttning vid avslut, per kön")).to_be_visible()
    expect(
        page.get_by_role("region", name="Stegförflyttning vid avslut, per kön", exact=True)
    ).to_contain_text("Stegförflyttning räknas när")
    assert_accessible(page, "goal fulfilment dashboard")
    page.screenshot(path=SCREENSHOTS / "reports-dashboard.png", full_page=True)

    page.get_by_role("link", name="Rapporter").last.click()
    page.get_by_role("link", name="ESF+-indikatorer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("ESF+-indikatorer")
    assert_accessible(page, "ESF+ indicators")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Ladda ned Excel (xlsx)").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    sheet = load_workbook(io.BytesIO(download.path().read_bytes()), read_only=True).active
    rows = {row[0]: row for row in sheet.iter_rows(values_only=True) if row and row[0]}
    assert rows["EECO01"][0] == "EECO01" and isinstance(rows["EECO01"][6], int)

    # The steering group sees the dashboard with small counts hidden, in the charts too.
    page.get_by_role("button", name="Logga ut").click()
    _log_in(page, live_server.url, "sven")
    page.goto(
        f"{live_server.url}/projekt/{world.project_a.pk}/rapporter/maluppfyllelse/?start=2024-01-01&end=2024-12-31"
    )
    expect(page.get_by_text("visas som ”..”").first).to_be_visible()
    assert_accessible(page, "dashboard, steering group")

    # The coach's post-exit check form.
    page.get_by_role("button", name="Logga ut").click()
    _log_in(page, live_server.url, "alice")
    page.goto(f"{live_server.url}/inskrivning/{data.p2.pk}/uppfoljning-efter-avslut/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Uppföljning efter avslut")
    assert_accessible(page, "post-exit check form")
    page.get_by_label("Sysselsättning nu").select_option("studier")
    page.get_by_role("button", name="Spara").click()
    expect(page.locator("#messages")).to_contain_text("Uppföljningen efter avslut är sparad.")
