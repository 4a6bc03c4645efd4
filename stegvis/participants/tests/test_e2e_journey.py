"""A coach's whole journey with one participant, in a real browser, with an axe scan of every page.

Log in, enrol (past the eligibility warning), open the sensitive data, change
phase, exit; then check what the database and the audit log hold.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from playwright.sync_api import Browser, ConsoleMessage, Page, Response, expect, sync_playwright

from stegvis.accounts.tests.e2e import pass_second_factor
from stegvis.accounts.tests.factories import PASSWORD
from stegvis.audit.models import AuditEntry
from stegvis.participants.models import Enrolment, Exit, Phase
from stegvis.participants.tests.factories import make_personal_id

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 390, "height": 844}
BLOCKING_IMPACTS = {"serious", "critical"}
SCREENSHOTS = Path(settings.BASE_DIR) / "test-results"
AXE = Axe()


@pytest.fixture(autouse=True)
def allow_orm_beside_playwright(monkeypatch: pytest.MonkeyPatch) -> None:
    # Playwright's sync API runs an event loop in this thread, and the ORM refuses to run
    # in one. Only for these tests: set for the whole session, it fails `check --deploy`.
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
        # A failed load is reported by on_response, with its address.
        if msg.type == "error" and not msg.text.startswith("Failed to load resource"):
            problems.append(f"console: {msg.text}")

    def on_response(response: Response) -> None:
        # Chromium asks for /favicon.ico by itself; the app has no icon yet.
        if response.status >= 400 and not response.url.endswith("/favicon.ico"):
            problems.append(f"{response.status} {response.url}")

    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on("console", on_console)
    page.on("response", on_response)
    yield page
    context.close()
    assert not problems, "\n".join(problems)


def assert_accessible(page: Page, label: str) -> None:
    """No serious or critical axe violation; the lesser ones are printed for the report."""
    violations = AXE.run(page).response["violations"]
    for v in violations:
        targets = [", ".join(node["target"]) for node in v["nodes"]]
        print(f"axe {label}: {v['id']} ({v['impact']}) {targets}")
    blocking = [
        f"{v['id']} ({v['impact']}): {[', '.join(n['target']) for n in v['nodes']]}"
        for v in violations
        if v["impact"] in BLOCKING_IMPACTS
    ]
    assert not blocking, f"axe on {label}:\n" + "\n".join(blocking)
    print(f"axe {label}: {len(violations)} violation(s), none serious or critical")


def assert_styled(page: Page) -> None:
    """CSS and htmx were served by the live server, not just linked."""
    rules = page.evaluate("Array.from(document.styleSheets).reduce((n, s) => n + s.cssRules.length, 0)")
    assert rules > 0, "no CSS rules loaded"
    assert page.evaluate("typeof window.htmx") == "object", "htmx did not load"


@pytest.mark.e2e
def test_coach_enrols_follows_and_exits_a_participant_in_the_browser(world, live_server, page: Page):
    today = datetime.date.today()
    personal_id = make_personal_id(datetime.date(1991, 3, 14), female=False)
    typed_id = f"{personal_id[:8]}-{personal_id[8:]}"

    # Log in: a coach starts at their caseload, with their project one click away.
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", name="Logga in")).to_be_visible()
    assert_styled(page)
    assert_accessible(page, "login")
    page.get_by_label("Användarnamn").fill("alice")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    pass_second_factor(page, "alice")
    expect(page).to_have_url(re.compile(r"/mina-deltagare/$"))
    page.get_by_role("link", name="Projekt A", exact=True).click()
    expect(page).to_have_url(re.compile(rf"/projekt/{world.project_a.pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Projekt A")
    assert_accessible(page, "project page")

    # Enrol: the project has municipalities, so "Annan kommun" needs a written reason.
    page.get_by_role("link", name="Skriv in deltagare").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Skriv in deltagare")
    assert_accessible(page, "enrol form")
    page.get_by_role("radio", name="Med personnummer eller samordningsnummer").check()
    page.get_by_role("textbox", name="Personnummer eller samordningsnummer").fill(typed_id)
    page.get_by_label("Förnamn").fill("Tove")
    page.get_by_label("Efternamn").fill("Stegsson")
    page.get_by_label("Kön").select_option(label="Man")
    page.get_by_label("Handledare").select_option(label="Alice Persona")
    page.get_by_label("Startdatum").fill(today.isoformat())
    page.get_by_label("Sysselsättning").select_option(label="Aktivt arbetssökande")
    income = page.get_by_role("group", name="Försörjning")
    income.get_by_label("A-kassa").check()
    income.get_by_label("Försörjningsstöd").check()
    page.get_by_label("Ställning på arbetsmarknaden").select_option(label="Långtidsarbetslös")
    page.get_by_label("Högsta utbildningsnivå").select_option(label="Förgymnasial (ISCED 0–2)")
    page.get_by_label("Deltagaren har lämnat samtycke").check()
    page.get_by_label("Samtyckesblankettens version").fill("2.1")
    page.get_by_role("button", name="Skriv in", exact=True).click()

    warning = page.locator(".alert-warning")
    expect(warning).to_contain_text("Personen bor inte i någon av projektets kommuner.")
    reason = page.get_by_label("Motivering till avsteg från projektets villkor")
    expect(reason).to_have_attribute("aria-invalid", "true")
    assert_accessible(page, "enrol form with warning")
    # What the user typed survives the round trip; only the reason is missing.
    expect(page.get_by_label("Förnamn")).to_have_value("Tove")
    expect(page.get_by_role("group", name="Försörjning").get_by_label("A-kassa")).to_be_checked()
    reason.fill("Flyttar till Hagfors nästa månad.")
    page.get_by_role("button", name="Skriv in", exact=True).click()

    # The participant page.
    expect(page).to_have_url(re.compile(r"/inskrivning/\d+/$"))
    enrolment_pk = int(re.search(r"/inskrivning/(\d+)/$", page.url).group(1))
    expect(page.get_by_role("heading", level=1)).to_have_text("Tove Stegsson")
    expect(page.locator("#messages")).to_contain_text("Deltagaren är inskriven.")
    expect(page.locator(".page-header .badge")).to_have_text("Kartläggning")
    expect(page.get_by_text(typed_id)).to_be_visible()
    assert_styled(page)
    assert_accessible(page, "participant page")

    # Sensitive data: one htmx swap, no page load, logged with the purpose.
    sensitive = page.locator("#sensitive")
    expect(sensitive).not_to_contain_text("A-kassa")
    sensitive.get_by_label("Syfte").select_option(label="Uppföljning med deltagaren")
    with page.expect_response(re.compile(r"/kansliga-uppgifter/$")) as opened:
        sensitive.get_by_role("button", name="Visa känsliga uppgifter").click()
    assert opened.value.request.headers.get("hx-request") == "true"
    expect(sensitive).to_contain_text("Öppningen är loggad.")
    expect(sensitive).to_contain_text("A-kassa")
    expect(sensitive).to_contain_text("Försörjningsstöd")
    assert page.url.endswith(f"/inskrivning/{enrolment_pk}/")
    assert_accessible(page, "participant page, sensitive data open")

    # Change phase.
    page.get_by_role("link", name="Byt fas").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Byt fas")
    assert_accessible(page, "phase form")
    page.get_by_label("Ny fas").select_option(label="Aktivitet")
    page.get_by_role("button", name="Spara fas").click()
    expect(page.locator("#messages")).to_contain_text("Fasen är ändrad.")
    expect(page.locator(".page-header .badge")).to_have_text("Aktivitet")

    # Exit.
    page.get_by_role("link", name="Avsluta", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Avsluta Tove Stegsson")
    assert_accessible(page, "exit form")
    page.get_by_label("Anledning").select_option(label="Fått arbete")
    page.get_by_label("Utfall").select_option(label="Arbete (inkl. eget företag)")
    page.get_by_label("Sysselsättning efter avslut").select_option(label="Förvärvsarbete")
    page.get_by_role("group", name="Försörjning efter avslut").get_by_label("Lön").check()
    page.get_by_label("Har fått en kvalifikation").select_option(label="Ja")
    page.get_by_role("button", name="Avsluta deltagandet").click()

    expect(page.locator("#messages")).to_contain_text("Deltagaren är avslutad.")
    expect(page.locator(".page-header .badge")).to_have_text("Avslut")
    expect(page.get_by_role("link", name="Byt fas")).to_have_count(0)
    exit_section = page.get_by_role("region", name="Avslut", exact=True)
    expect(exit_section).to_contain_text(today.isoformat())
    expect(exit_section).to_contain_text("Fått arbete")
    expect(exit_section).to_contain_text("Arbete (inkl. eget företag)")
    expect(page.get_by_role("region", name="Situation")).to_contain_text("Förvärvsarbete")
    assert_accessible(page, "participant page after exit")

    # The participant list, reached through the breadcrumbs.
    page.get_by_role("navigation", name="Brödsmulor").get_by_role("link", name="Deltagare").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Deltagare")
    row = page.get_by_role("row").filter(has_text="Tove Stegsson")
    # Ongoing participants by default; the exited one shows when asked for (htmx swaps the rows).
    expect(row).to_have_count(0)
    page.get_by_label("Visa").select_option(label="Alla, även avslutade")
    expect(row).to_contain_text("Avslut")
    assert_accessible(page, "participant list")

    # Phone-sized screenshots for a human to look at.
    SCREENSHOTS.mkdir(exist_ok=True)
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/inskrivning/{enrolment_pk}/")
    page.screenshot(path=SCREENSHOTS / "participant-page-phone.png", full_page=True)
    page.goto(f"{live_server.url}/projekt/{world.project_a.pk}/deltagare/ny/")
    page.screenshot(path=SCREENSHOTS / "enrol-form-phone.png", full_page=True)

    enrolment = Enrolment.objects.select_related("person", "exit").get(pk=enrolment_pk)
    assert enrolment.project == world.project_a
    assert enrolment.coach == world.alice
    assert enrolment.person.personal_id == personal_id
    assert enrolment.start_date == today
    assert enrolment.phase == Phase.AVSLUT
    assert enrolment.eligibility_override_reason == "Flyttar till Hagfors nästa månad."
    assert enrolment.exit.reason == Exit.Reason.WORK
    assert enrolment.exit.outcome == Exit.Outcome.EMPLOYMENT
    assert enrolment.exit.exit_date == today
    assert enrolment.exit.qualification_gained is True
    actions = set(
        AuditEntry.objects.filter(enrolment_id=enrolment_pk, user=world.alice).values_list(
            "action", flat=True
        )
    )
    assert actions >= {
        "participants.enrolment.created",
        "participants.enrolment.viewed",
        "participants.sensitive.opened",
        "participants.phase.changed",
        "participants.enrolment.exited",
    }
    opened_entry = AuditEntry.objects.get(enrolment_id=enrolment_pk, action="participants.sensitive.opened")
    assert opened_entry.purpose == "Uppföljning med deltagaren"
