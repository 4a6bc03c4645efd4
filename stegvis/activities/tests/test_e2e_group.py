"""A coach sets up a group activity, books two participants on a session and records attendance,
in a real browser, with an axe scan of every activities page on the way.

The same chromium flags and accessibility check as the participant journey
(stegvis/participants/tests/test_e2e_journey.py).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from decimal import Decimal

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, Response, expect, sync_playwright

from stegvis.accounts.tests.e2e import pass_second_factor
from stegvis.accounts.tests.factories import PASSWORD
from stegvis.activities.models import Activity, ActivityHours, Attendance, GroupActivity, week_start
from stegvis.activities.tests.factories import activity_for
from stegvis.audit.models import AuditEntry
from stegvis.participants.tests.test_e2e_journey import (
    CHROMIUM_ARGS,
    PHONE,
    SCREENSHOTS,
    assert_accessible,
    assert_styled,
)

TODAY = datetime.date.today()


@pytest.fixture(autouse=True)
def allow_orm_beside_playwright(monkeypatch: pytest.MonkeyPatch) -> None:
    # As in the participant journey: Playwright's sync API runs an event loop in this thread.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="sv-SE", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    problems: list[str] = []

    def on_console(msg: ConsoleMessage) -> None:
        if msg.type == "error" and not msg.text.startswith("Failed to load resource"):
            problems.append(f"console: {msg.text}")

    def on_response(response: Response) -> None:
        if response.status >= 400 and not response.url.endswith("/favicon.ico"):
            problems.append(f"{response.status} {response.url}")

    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on("console", on_console)
    page.on("response", on_response)
    yield page
    context.close()
    assert not problems, "\n".join(problems)


def log_in(page: Page, base: str, username: str) -> None:
    page.goto(base + "/konto/logga-in/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    pass_second_factor(page, username)
    expect(page.get_by_role("heading", level=1)).to_be_visible()


@pytest.mark.e2e
def test_coach_books_a_group_session_and_records_attendance(world, live_server, page: Page):
    project = world.project_a
    log_in(page, live_server.url, "alice")
    page.goto(f"{live_server.url}/projekt/{project.pk}/")

    # The project's group activities: none yet.
    page.get_by_role("link", name="Gruppaktiviteter").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Gruppaktiviteter")
    expect(page.get_by_text("Inga pågående gruppaktiviteter")).to_be_visible()
    assert_styled(page)
    assert_accessible(page, "group list, empty")

    # A new group; the catalogue gets its defaults on the way.
    page.get_by_role("link", name="Ny gruppaktivitet").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ny gruppaktivitet")
    assert_accessible(page, "group form")
    page.get_by_label("Insats").select_option(label="Friskvård")
    page.get_by_label("Namn", exact=True).fill("Vattengympa")
    page.get_by_role("textbox", name="Plats").fill("Hagfors simhall")
    page.get_by_role("button", name="Skapa gruppaktiviteten").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vattengympa")
    expect(page.get_by_text("Inga tillfällen ännu")).to_be_visible()
    assert_accessible(page, "group page, empty")

    # One session today.
    page.get_by_role("link", name="Lägg till tillfällen").first.click()
    assert_accessible(page, "sessions form")
    page.get_by_label("Starttid").fill("10:00")
    page.get_by_label("Längd i timmar").fill("2")
    page.get_by_role("button", name="Lägg till", exact=True).click()
    expect(page.locator("#messages")).to_contain_text("1 tillfälle är tillagt.")

    # Book the coach's two participants; the colleague's participant is not offered.
    page.get_by_role("link", name="Boka deltagare", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Boka deltagare")
    assert_accessible(page, "booking page")
    expect(page.get_by_label("Bertil Testsson")).to_have_count(0)
    page.get_by_label("Aina Testsson").check()
    page.get_by_label("Rune Remissson").check()
    page.get_by_role("button", name="Boka valda deltagare").click()
    expect(page.locator("#messages")).to_contain_text("2 deltagare är bokade.")

    # Attendance: each row is saved by htmx when it changes.
    page.get_by_role("link", name="Tillbaka till gruppen").click()
    page.get_by_role("link", name=re.compile(r"^Registrera närvaro")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Närvaro")
    assert_accessible(page, "attendance page")
    aina = page.get_by_role("group", name="Aina Testsson")
    with page.expect_response(re.compile(r"/tillfallen/\d+/$")) as saved:
        aina.get_by_label("Närvarande").check()
    assert saved.value.request.headers.get("hx-request") == "true"
    expect(page.get_by_role("group", name="Aina Testsson")).to_contain_text("Sparad")
    expect(page.locator("#attendance-live")).to_contain_text("Närvaron för Aina Testsson är sparad.")
    with page.expect_response(re.compile(r"/tillfallen/\d+/$")):
        page.get_by_role("group", name="Aina Testsson").get_by_label("Timmar").fill("1,5")
        page.keyboard.press("Tab")  # the change event fires when the field is left
    with page.expect_response(re.compile(r"/tillfallen/\d+/$")):
        page.get_by_role("group", name="Rune Remissson").get_by_label("Anmäld frånvaro", exact=True).check()
    expect(page.get_by_role("group", name="Rune Remissson")).to_contain_text("Sparad")
    assert_accessible(page, "attendance page, rows saved")

    # Phone-sized, as a group leader would use it.
    SCREENSHOTS.mkdir(exist_ok=True)
    page.set_viewport_size(PHONE)
    page.screenshot(path=SCREENSHOTS / "attendance-phone.png", full_page=True)
    assert_accessible(page, "attendance page on a phone")
    page.set_viewport_size({"width": 1280, "height": 900})

    # One submit for the whole list.
    page.get_by_role("button", name="Spara närvaro").click()
    expect(page.locator("#messages")).to_contain_text("Närvaron är sparad för 2 deltagare.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Vattengympa")
    assert_accessible(page, "group page with a session")

    group = GroupActivity.objects.get(title="Vattengympa")
    recorded = {
        a.enrolment_id: (a.status, a.hours) for a in Attendance.objects.filter(session__group_activity=group)
    }
    assert recorded == {
        world.alice_enrolment.pk: ("present", Decimal("1.50")),
        world.rita_enrolment.pk: ("notified", Decimal("0.00")),
    }
    assert AuditEntry.objects.filter(action="activities.attendance.recorded", user=world.alice).exists()

    # The participant's side: the panel, an individual activity with hours, the timeline.
    page.goto(f"{live_server.url}/inskrivning/{world.alice_enrolment.pk}/")
    panel = page.get_by_role("region", name="Insatser")
    expect(panel).to_contain_text("Vattengympa")
    assert_accessible(page, "participant page with activities")
    panel.get_by_role("link", name="Lägg till insats").click()
    assert_accessible(page, "activity form")
    page.get_by_label("Insats", exact=True).select_option(label="Praktik")
    page.get_by_label("Plats eller arbetsplats").fill("Hagfors bibliotek")
    page.get_by_label("Planerade timmar per vecka").fill("12")
    page.get_by_role("button", name="Lägg till insatsen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Praktik")
    assert_accessible(page, "activity page")
    page.get_by_label(f"Vecka {TODAY.isocalendar().week}").fill("6,5")
    page.get_by_role("button", name="Spara timmar").click()
    expect(page.locator("#messages")).to_contain_text("Timmarna är sparade.")
    activity = Activity.objects.get(enrolment=world.alice_enrolment, activity_type__name="Praktik")
    assert ActivityHours.objects.get(activity=activity).hours == Decimal("6.50")
    assert ActivityHours.objects.get(activity=activity).week == week_start(TODAY)

    page.get_by_role("navigation", name="Brödsmulor").get_by_role("link", name="Insatser").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Insatser")
    assert_accessible(page, "participant's activities page")

    # Project-wide pages the coach can read.
    page.goto(f"{live_server.url}/projekt/{project.pk}/timmar/?start={TODAY.replace(day=1).isoformat()}")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Timmar i insatser")
    assert_accessible(page, "hours page")
    page.goto(f"{live_server.url}/projekt/{project.pk}/insatskatalog/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Insatskatalog")
    assert_accessible(page, "catalogue, read only")
    page.goto(f"{live_server.url}/projekt/{project.pk}/gruppaktiviteter/")
    assert_accessible(page, "group list")


@pytest.mark.e2e
def test_project_manager_pages_pass_axe(world, live_server, page: Page):
    activity = activity_for(world)
    project = world.project_a
    log_in(page, live_server.url, "petra")
    base = live_server.url

    page.goto(f"{base}/projekt/{project.pk}/insatskatalog/")
    assert_accessible(page, "catalogue with the add form")
    page.get_by_label("Namn").fill("Körkortsteori")
    page.get_by_label("Form").select_option(label="I grupp")
    page.get_by_role("button", name="Lägg till i katalogen").click()
    expect(page.locator("#messages")).to_contain_text("Körkortsteori är tillagd i katalogen.")
    page.get_by_role("link", name="Ändra Körkortsteori").click()
    assert_accessible(page, "catalogue entry form")

    page.goto(f"{base}/inskrivning/{world.alice_enrolment.pk}/insatser/{activity.pk}/avsluta/")
    assert_accessible(page, "end activity form")
    page.goto(f"{base}/inskrivning/{world.alice_enrolment.pk}/insatser/{activity.pk}/redigera/")
    assert_accessible(page, "edit activity form")

    from stegvis.activities.tests.factories import group_for, past_session_for

    group = group_for(world)
    session = past_session_for(world)
    page.goto(f"{base}/projekt/{project.pk}/gruppaktiviteter/{group.pk}/redigera/")
    assert_accessible(page, "edit group form")
    page.goto(f"{base}/projekt/{project.pk}/gruppaktiviteter/{group.pk}/tillfallen/{session.pk}/redigera/")
    assert_accessible(page, "edit session form")
    page.goto(f"{base}/projekt/{project.pk}/gruppaktiviteter/{group.pk}/tillfallen/{session.pk}/")
    expect(page.get_by_role("group", name="Bertil Testsson")).to_be_visible()
    assert_accessible(page, "attendance page, whole project")
    page.goto(f"{base}/projekt/{project.pk}/timmar/")
    assert_accessible(page, "hours page, whole project")
