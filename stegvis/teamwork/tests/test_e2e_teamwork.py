"""A coach's journal and a project manager's samverkansteam and barriers, in a real browser, with axe.

alice writes a sensitive journal note from the participant page (htmx), opens it with a
purpose and corrects it; petra runs a team meeting (case, task, done), records a barrier
and raises it to the steering group; sven reads the barriers without personal data.
Every new page gets an axe scan; then the database and the audit log are checked.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, Response, expect, sync_playwright

from stegvis.accounts.tests.e2e import pass_second_factor
from stegvis.accounts.tests.factories import PASSWORD
from stegvis.audit.models import AuditEntry
from stegvis.journal.models import JournalNote
from stegvis.participants.tests.test_e2e_journey import CHROMIUM_ARGS, assert_accessible, assert_styled
from stegvis.teamwork.models import AgendaItem, Barrier, BarrierStatus, Task

NOTE_TEXT = "Berättar om sömnsvårigheter och oro. Har tid hos vårdcentralen nästa vecka."


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
    expect(page.get_by_role("button", name="Logga ut")).to_be_visible()


def log_out(page: Page) -> None:
    page.get_by_role("button", name="Logga ut").click()
    expect(page.get_by_role("heading", name="Logga in")).to_be_visible()


@pytest.mark.e2e
def test_journal_team_meeting_and_barrier_in_the_browser(world, live_server, page: Page):
    base = live_server.url
    today = datetime.date.today()
    enrolment = world.alice_enrolment

    # --- alice: a sensitive note from the participant page ---------------------------------
    log_in(page, base, "alice")
    page.goto(f"{base}/inskrivning/{enrolment.pk}/")
    panel = page.locator("#journal-panel")
    expect(panel.get_by_role("heading", name="Journal")).to_be_visible()
    expect(panel).to_contain_text("Inga anteckningar ännu.")
    assert_accessible(page, "participant page with journal panel")

    panel.get_by_label("Rubrik", exact=True).fill("Samtal om mående")
    panel.get_by_label("Innehåller anteckningen känsliga uppgifter?").select_option(label="Ja – hälsa")
    panel.get_by_label("Anteckning", exact=True).fill(NOTE_TEXT)
    with page.expect_response(re.compile(r"/journal/ny/$")) as saved:
        panel.get_by_role("button", name="Spara anteckning").click()
    assert saved.value.request.headers.get("hx-request") == "true"
    expect(page.locator("#messages")).to_contain_text("Anteckningen är sparad.")
    note = page.locator("#journal-panel article.note").first
    expect(note).to_contain_text("Samtal om mående")
    expect(note).to_contain_text("Känslig")
    expect(note).not_to_contain_text("sömnsvårigheter")
    assert page.url.endswith(f"/inskrivning/{enrolment.pk}/")
    assert_accessible(page, "participant page, note saved")

    note.get_by_label("Syfte").select_option(label="Uppföljning med deltagaren")
    with page.expect_response(re.compile(r"/oppna/$")):
        note.get_by_role("button", name=re.compile("Visa anteckningen")).click()
    note = page.locator("#journal-panel article.note").first
    expect(note).to_contain_text("sömnsvårigheter")
    expect(note).to_contain_text("Öppningen är loggad.")
    assert_accessible(page, "participant page, note opened")

    # The whole journal: the note is hidden again until opened.
    page.get_by_role("link", name="Hela journalen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Journal")
    expect(page.locator("main")).not_to_contain_text("sömnsvårigheter")
    assert_styled(page)
    assert_accessible(page, "journal page")

    # Without JavaScript the opening form still works: it shows the note on a page of its own.
    form = page.locator("article.note form").first
    form.get_by_label("Syfte").select_option(label="Planering av insatser")
    with page.expect_navigation():
        form.evaluate("f => f.submit()")
    expect(page.get_by_role("heading", level=1)).to_have_text("Journalanteckning")
    expect(page.locator("main")).to_contain_text("sömnsvårigheter")
    assert_accessible(page, "note opened without htmx")

    # Correct it: the earlier text stays in the history.
    page.get_by_role("link", name="Tillbaka till journalen").click()
    page.get_by_role("link", name=re.compile("^Rätta")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Rätta anteckning")
    assert_accessible(page, "correction form")
    page.get_by_label("Anteckning", exact=True).fill(NOTE_TEXT + " Vill ta det lugnt med praktiken.")
    page.get_by_label("Varför rättas anteckningen?").fill("Lade till överenskommelsen")
    page.get_by_role("button", name="Spara rättelsen").click()
    expect(page.locator("#messages")).to_contain_text("Anteckningen är rättad.")
    expect(page.locator("article.note").first).to_contain_text("rättad")

    page.goto(f"{base}/inskrivning/{enrolment.pk}/journal/ny/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ny anteckning")
    assert_accessible(page, "note form page")
    log_out(page)

    # --- petra: a team meeting ------------------------------------------------------------
    log_in(page, base, "petra")
    expect(page).to_have_url(re.compile(rf"/projekt/{world.project_a.pk}/$"))
    page.get_by_role("link", name="Samverkansteam").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Samverkansteam")
    expect(page.locator("main")).to_contain_text("Inga möten ännu")
    assert_accessible(page, "meeting list, empty")
    page.get_by_role("link", name="Nytt möte").first.click()
    assert_accessible(page, "meeting form")
    page.get_by_label("Datum").fill(today.isoformat())
    page.get_by_role("button", name="Skapa mötet").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Samverkansteam {today.isoformat()}")
    assert_accessible(page, "meeting page, empty")

    page.get_by_role("link", name="Lägg till ärende").first.click()
    assert_accessible(page, "agenda form")
    page.get_by_label("Deltagare").select_option(label="Aina Testsson (kartläggning)")
    page.get_by_label("Fråga till teamet").fill(
        "Behöver personen en utredning av arbetsförmågan innan praktik?"
    )
    page.get_by_label("Beslut").fill("FK bokar ett avstämningsmöte.")
    page.get_by_role("button", name="Lägg till på dagordningen").click()
    expect(page.locator(".agenda")).to_contain_text("Ärende 1: Aina Testsson")

    page.get_by_role("link", name=re.compile(r"Ny uppgift\s*: ärende 1")).click()
    assert_accessible(page, "task form")
    page.get_by_label("Uppgift").fill("Boka avstämningsmöte")
    page.get_by_label("Ansvarig").fill("Försäkringskassan, handläggare")
    page.get_by_label("Klart senast").fill((today + datetime.timedelta(days=14)).isoformat())
    page.get_by_role("button", name="Spara uppgiften").click()
    row = page.get_by_role("row").filter(has_text="Boka avstämningsmöte")
    with page.expect_response(re.compile(r"/klar/$")):
        row.get_by_role("button", name=re.compile("Markera som klar")).click()
    expect(page.get_by_role("row").filter(has_text="Boka avstämningsmöte")).to_contain_text("Klar")
    assert_accessible(page, "meeting page with agenda and tasks")
    page.get_by_role("link", name="Redigera mötet").click()
    assert_accessible(page, "meeting edit form")
    page.get_by_role("link", name="Avbryt").click()
    page.get_by_role("link", name=re.compile(r"Redigera eller för in beslut")).click()
    assert_accessible(page, "agenda item edit")
    page.goto(f"{base}/projekt/{world.project_a.pk}/samverkansteam/")
    assert_accessible(page, "meeting list")

    # --- petra: a barrier, raised to the steering group ------------------------------------
    page.goto(f"{base}/projekt/{world.project_a.pk}/")
    page.get_by_role("link", name="Samverkanshinder").click()
    expect(page.locator("main")).to_contain_text("Inga samverkanshinder registrerade")
    assert_accessible(page, "barrier list, empty")
    page.get_by_role("link", name="Registrera hinder").first.click()
    assert_accessible(page, "barrier form")
    page.get_by_label("Rubrik").fill("Ingen part gör bedömningen av arbetsförmåga")
    page.get_by_label("Kategori").select_option(label="Bollas runt mellan myndigheter")
    agencies = page.get_by_role("group", name="Berörda myndigheter och organisationer")
    agencies.get_by_label("Arbetsförmedlingen").check()
    page.get_by_label("Exempel").fill(
        "Af hänvisar till FK för bedömning av arbetsförmåga, FK till regionen för läkarintyg; "
        "under tiden står planeringen still i flera månader."
    )
    page.get_by_role("button", name="Registrera hindret").click()
    expect(page.locator("#messages")).to_contain_text("Hindret är registrerat.")
    expect(page.locator(".page-header")).to_contain_text("Registrerat")
    barrier_url = page.url
    assert_accessible(page, "barrier page")
    page.get_by_role("link", name="Redigera").click()
    assert_accessible(page, "barrier edit form")
    page.get_by_role("link", name="Avbryt").click()
    page.get_by_role("link", name="Markera som åtgärdat").click()
    assert_accessible(page, "close form")
    page.get_by_role("link", name="Avbryt").click()
    page.get_by_role("link", name="Lyft till styrgruppen").click()
    assert_accessible(page, "raise form")
    page.get_by_label("Kommentar till styrgruppen").fill("Förslag: en gemensam rutin för bedömning.")
    page.get_by_role("button", name="Lyft till styrgruppen").click()
    expect(page.locator("#messages")).to_contain_text("Hindret är lyft till styrgruppen.")
    expect(page.locator(".page-header")).to_contain_text("Lyft till styrgrupp")
    page.get_by_role("link", name="För in beslut").click()
    assert_accessible(page, "decision form")
    page.get_by_role("link", name="Avbryt").click()
    expect(page.get_by_role("link", name="Redigera")).to_have_count(0)
    page.goto(barrier_url + "redigera/")  # raised: it reads as the steering group saw it
    expect(page.locator("#messages")).to_contain_text("kan inte längre ändras")
    assert page.url == barrier_url
    log_out(page)

    # --- sven: the steering group's view -----------------------------------------------------
    log_in(page, base, "sven")
    page.get_by_role("link", name="Samverkanshinder").click()
    expect(page.locator("main")).to_contain_text("Utan personuppgifter")
    expect(page.get_by_role("table").filter(has_text="Kategori").first).to_be_visible()
    assert_accessible(page, "barrier list, steering group")
    page.get_by_role("link", name="Ingen part gör bedömningen av arbetsförmåga").click()
    expect(page.locator("main")).not_to_contain_text("Petra Persona")
    assert_accessible(page, "barrier page, steering group")

    # What the database and the audit log hold.
    stored = JournalNote.objects.get(enrolment=enrolment)
    assert (stored.sensitive, stored.category, stored.author) == (True, "halsa", world.alice)
    assert stored.revisions.get().text == NOTE_TEXT
    openings = AuditEntry.objects.filter(action="journal.note.opened", object_id=stored.pk)
    assert set(openings.values_list("purpose", flat=True)) == {
        "Uppföljning med deltagaren",
        "Planering av insatser",
        "Rättelse av anteckningen",
    }
    assert AgendaItem.objects.get().enrolment == enrolment
    assert Task.objects.get().done_by == world.petra
    barrier = Barrier.objects.get()
    assert (barrier.status, barrier.raised_to_steering_on, barrier.raised_by) == (
        BarrierStatus.RAISED,
        today,
        world.petra,
    )
