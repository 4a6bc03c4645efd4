"""A coach makes a questionnaire link; the participant answers it on a phone, losing the connection
half-way; the answers appear on the participant page. An axe scan of every surveys page on the way.

The same chromium flags and accessibility check as the participant journey
(stegvis/participants/tests/test_e2e_journey.py).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from django.core.cache import cache
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    Response,
    expect,
    sync_playwright,
)

from stegvis.accounts.tests.e2e import pass_second_factor
from stegvis.accounts.tests.factories import PASSWORD
from stegvis.audit.models import AuditEntry
from stegvis.participants.tests.test_e2e_journey import (
    CHROMIUM_ARGS,
    PHONE,
    SCREENSHOTS,
    assert_accessible,
    assert_styled,
)
from stegvis.surveys import services
from stegvis.surveys.models import Measure, Occasion, SurveyLink
from stegvis.surveys.models import Response as SurveyResponse

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


@dataclass
class Watch:
    """Console errors and failed responses; the journey says which it expects."""

    problems: list[str] = field(default_factory=list)
    expected: list[re.Pattern] = field(default_factory=list)

    def add(self, problem: str) -> None:
        if not any(pattern.search(problem) for pattern in self.expected):
            self.problems.append(problem)


def _watched(context: BrowserContext, watch: Watch) -> Page:
    context.set_default_timeout(10_000)
    page = context.new_page()

    def on_console(msg: ConsoleMessage) -> None:
        if msg.type == "error" and not msg.text.startswith("Failed to load resource"):
            watch.add(f"console: {msg.text}")

    def on_response(response: Response) -> None:
        if response.status >= 400 and not response.url.endswith("/favicon.ico"):
            watch.add(f"{response.status} {response.url}")

    page.on("pageerror", lambda error: watch.add(f"page error: {error}"))
    page.on("console", on_console)
    page.on("response", on_response)
    return page


def log_in(page: Page, base: str, username: str) -> None:
    page.goto(base + "/konto/logga-in/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    pass_second_factor(page, username)
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def _question(page: Page, number: int, text: str):
    return page.get_by_role("group", name=f"{number}. {text}")


@pytest.mark.e2e
def test_participant_answers_on_a_phone_and_the_coach_sees_it(world, surveys, live_server, browser: Browser):
    cache.clear()  # rate-limit counters of earlier tests in this process
    base = live_server.url
    enrolment = world.alice_enrolment
    watch = Watch()
    SCREENSHOTS.mkdir(exist_ok=True)

    # The coach, on a desktop: from the participant page to a new link.
    coach_context = browser.new_context(locale="sv-SE", viewport={"width": 1280, "height": 900})
    coach = _watched(coach_context, watch)
    log_in(coach, base, "alice")
    coach.goto(f"{base}/inskrivning/{enrolment.pk}/")
    panel = coach.get_by_role("region", name="Enkäter")
    expect(panel).to_contain_text("Inga enkätsvar ännu.")
    assert_accessible(coach, "participant page, questionnaire panel")
    panel.get_by_role("link", name="Skapa enkätlänk").click()
    expect(coach.get_by_role("heading", level=1)).to_have_text("Skapa enkätlänk")
    expect(coach.get_by_role("radio", name="Vid start")).to_be_checked()
    assert_styled(coach)
    assert_accessible(coach, "link form")
    coach.get_by_label("Länken gäller i").fill("7")
    coach.get_by_role("button", name="Skapa länk").click()
    expect(coach.get_by_role("heading", level=1)).to_have_text("Länken är skapad")
    url = coach.get_by_label("Länk", exact=True).input_value()
    assert re.fullmatch(rf"{re.escape(base)}/enkat/[A-Za-z0-9_-]{{43}}/", url)
    expect(coach.get_by_label("Förslag på meddelande (sms eller e-post)")).to_contain_text(url)
    assert_accessible(coach, "link created")

    # The participant, on a phone, no account.
    phone_context = browser.new_context(
        locale="sv-SE", viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2
    )
    phone = _watched(phone_context, watch)
    phone.goto(url)
    expect(phone.get_by_role("heading", level=1)).to_have_text("Hur har du det just nu?")
    expect(phone.locator("body")).not_to_contain_text("Aina")
    assert_styled(phone)
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], "no sideways scrolling"
    assert_accessible(phone, "participant questionnaire (phone)")
    phone.screenshot(path=SCREENSHOTS / "survey-phone-start.png", full_page=True)

    wellbeing = _question(phone, 1, "Hur mår du i stort sett just nu?")
    # The scale's ends are read out with the group.
    expect(wellbeing).to_have_attribute("aria-describedby", re.compile(r"-ends"))
    with phone.expect_response(re.compile(r"/spara/$")) as saved:
        wellbeing.get_by_text("2", exact=True).click()  # the whole box is the target
    assert saved.value.request.headers.get("hx-request") == "true"
    expect(wellbeing.get_by_role("status")).to_have_text("Sparat")
    health = _question(phone, 2, "Hur har din hälsa varit den senaste månaden, i kroppen och i huvudet?")
    with phone.expect_response(re.compile(r"/spara/$")):
        health.get_by_role("radio", name="3", exact=True).check()

    # The connection drops: the answer stays on the page and the participant is told.
    offline_errors = [re.compile(r"^console: htmx:(sendError|afterRequest)")]
    watch.expected.extend(offline_errors)
    phone_context.set_offline(True)
    listened = _question(
        phone, 3, "När du pratar med dem som ska stötta dig, känner du att de lyssnar på dig?"
    )
    listened.get_by_role("radio", name="5 Alltid").check()
    expect(listened.get_by_role("status")).to_contain_text("Inte sparat just nu")
    phone_context.set_offline(False)
    for pattern in offline_errors:
        watch.expected.remove(pattern)

    # Later the participant opens the link again: what was saved is still chosen.
    phone.goto(url)
    expect(
        _question(phone, 1, "Hur mår du i stort sett just nu?").get_by_role("radio", name="2")
    ).to_be_checked()
    expect(
        _question(
            phone, 2, "Hur har din hälsa varit den senaste månaden, i kroppen och i huvudet?"
        ).get_by_role("radio", name="3", exact=True)
    ).to_be_checked()

    # Sending without the required answers gives a clear list, not a lost form.
    phone.get_by_role("button", name="Skicka svaren").click()
    expect(phone.get_by_role("alert")).to_contain_text("Några frågor behöver svar")
    assert_accessible(phone, "participant questionnaire with errors (phone)")
    # Each answer is saved before the next is chosen: the live test server shares one database
    # connection between its threads, so its requests must not overlap (in real use they may).
    for number, question, value in [
        (3, "När du pratar med dem som ska stötta dig, känner du att de lyssnar på dig?", "4"),
        (4, "Hur mycket tror du på att du kan nå de mål du sätter upp för dig själv?", "4"),
        (5, "Vad är viktigast för dig just nu?", "Att få ett arbete"),
    ]:
        with phone.expect_response(re.compile(r"/spara/$")):
            _question(phone, number, question).get_by_role("radio", name=value, exact=True).check()
    text = phone.get_by_label("6. Är det något mer du vill berätta? (frivillig)")
    # Typing is saved after a pause, as choosing is; wait for it before sending.
    with phone.expect_response(re.compile(r"/spara/$")):
        text.fill("Bra att få prata med någon.")
    expect(phone.locator("#q" + text.get_attribute("name")[1:] + "-saved")).to_have_text("Sparat")
    phone.get_by_role("button", name="Skicka svaren").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Tack för dina svar!")
    assert_accessible(phone, "thanks (phone)")

    # The link is spent; whoever opens it again learns nothing.
    watch.expected.append(re.compile(r"^404 .*/enkat/"))
    phone.goto(url)
    expect(phone.get_by_role("heading", level=1)).to_have_text("Länken är redan använd eller har gått ut")
    expect(phone.locator("body")).not_to_contain_text("Projekt A")
    assert_accessible(phone, "spent link (phone)")
    phone.screenshot(path=SCREENSHOTS / "survey-phone-spent.png", full_page=True)
    phone_context.close()

    # Back with the coach: the answers are on the participant page.
    coach.goto(f"{base}/inskrivning/{enrolment.pk}/")
    panel = coach.get_by_role("region", name="Enkäter")
    expect(panel).to_contain_text("Deltagarenkät vid start")
    expect(panel).to_contain_text("via länk")
    expect(coach.get_by_role("region", name="Tidslinje")).to_contain_text(
        "Enkät besvarad: Deltagarenkät vid start"
    )
    assert_accessible(coach, "participant page with an answer")
    panel.get_by_role("link", name="Deltagarenkät vid start").click()
    expect(coach.get_by_role("heading", level=1)).to_have_text("Deltagarenkät vid start")
    expect(coach.locator(".answers")).to_contain_text("Bra att få prata med någon.")
    expect(coach.locator(".answers")).to_contain_text("Att få ett arbete")
    assert_accessible(coach, "one participant's answers")
    coach.get_by_role("link", name="Enkäter", exact=True).click()
    expect(coach.get_by_role("heading", level=1)).to_contain_text("Enkäter för")
    assert_accessible(coach, "participant's questionnaires")

    # The exit questionnaire on paper, entered by the coach.
    coach.get_by_role("link", name="För in pappersenkät").click()
    assert_accessible(coach, "paper entry: choose")
    coach.get_by_role("radio", name="Vid avslut").check()
    coach.get_by_role("button", name="Visa frågorna").click()
    expect(coach.get_by_role("group", name=re.compile(r"Hur nöjd är du med stödet"))).to_be_visible()
    assert_accessible(coach, "paper entry: answers")
    coach.get_by_label("Datum då enkäten fylldes i").fill(TODAY.isoformat())
    for number, text, value in [
        (1, "Hur mår du i stort sett just nu?", "4"),
        (2, "Hur har din hälsa varit den senaste månaden, i kroppen och i huvudet?", "3"),
        (3, "När du pratar med dem som ska stötta dig, känner du att de lyssnar på dig?", "5 Alltid"),
        (4, "Hur mycket tror du på att du kan nå de mål du sätter upp för dig själv?", "4"),
        (6, "Hur nöjd är du med stödet du har fått i projektet?", "5 Mycket nöjd"),
    ]:
        _question(coach, number, text).get_by_role("radio", name=value, exact=True).check()
    coach.get_by_role("button", name="Spara svaren").click()
    expect(coach.locator("#messages")).to_contain_text("Svaren från pappersenkäten är sparade.")
    expect(coach.get_by_role("region", name="Start och avslut")).to_contain_text("Välmåendet har ökat.")
    assert_accessible(coach, "participant's questionnaires with comparison")
    coach_context.close()

    # The project manager: questionnaires, a new version, partner links, results.
    manager_context = browser.new_context(locale="sv-SE", viewport={"width": 1280, "height": 900})
    manager = _watched(manager_context, watch)
    log_in(manager, base, "petra")
    manager.goto(f"{base}/projekt/{world.project_a.pk}/enkater/")
    assert_accessible(manager, "project questionnaires")
    manager.get_by_role("link", name="Deltagarenkät", exact=True).click()
    assert_accessible(manager, "questionnaire")
    manager.get_by_role("button", name="Anpassa för projektet").click()
    expect(manager.get_by_role("heading", level=1)).to_contain_text("utkast till version 1")
    assert_accessible(manager, "version draft")
    manager.get_by_role("group", name="Fråga 1").get_by_label("Fråga", exact=True).fill(
        "Hur mår du, allt sammantaget?"
    )
    manager.get_by_role("button", name="Spara utkastet").click()
    expect(manager.locator("#messages")).to_contain_text("Utkastet är sparat.")
    manager.get_by_role("button", name="Publicera version 1").click()
    expect(manager.locator("#messages")).to_contain_text("Version 1 är publicerad.")
    manager.get_by_role("link", name="Utskrift vid start").click()
    assert_accessible(manager, "printed questionnaire")
    manager.goto(f"{base}/projekt/{world.project_a.pk}/enkater/samverkan/lankar/ny/")
    assert_accessible(manager, "partner link form")
    manager.get_by_label("Samverkanspart").select_option(label="Arbetsförmedlingen")
    manager.get_by_label("Antal länkar").fill("2")
    manager.get_by_role("button", name="Skapa länkar").click()
    expect(manager.get_by_role("heading", level=1)).to_have_text("Länkarna är skapade")
    assert_accessible(manager, "partner links created")
    manager.goto(f"{base}/projekt/{world.project_a.pk}/enkater/samverkan/papper/")
    assert_accessible(manager, "partner paper: choose")
    manager.goto(f"{base}/projekt/{world.project_a.pk}/enkater/resultat/")
    expect(manager.get_by_role("heading", level=1)).to_have_text("Enkätresultat")
    assert_accessible(manager, "results")
    manager.goto(f"{base}/projekt/{world.project_a.pk}/")
    expect(manager.get_by_role("region", name="Välmående och samverkan (enkäter)")).to_be_visible()
    assert_accessible(manager, "project page with the questionnaire section")
    manager_context.close()

    assert not watch.problems, "\n".join(watch.problems)

    # What the database and the audit log hold.
    link = SurveyLink.objects.get(enrolment=enrolment, occasion=Occasion.START)
    assert link.used_at is not None and link.draft == {}
    start = SurveyResponse.objects.get(enrolment=enrolment, occasion=Occasion.START)
    assert start.channel == SurveyResponse.Channel.LINK
    values = {
        a.question.measure: a.value_int
        for a in start.answers.select_related("question")
        if a.question.measure
    }
    assert values[Measure.WELLBEING] == 2 and values[Measure.LISTENED_TO] == 4
    exit_ = SurveyResponse.objects.get(enrolment=enrolment, occasion=Occasion.EXIT)
    assert exit_.version_id == start.version_id and exit_.entered_by == world.alice
    actions = list(
        AuditEntry.objects.filter(enrolment_id=enrolment.pk, action__startswith="surveys.").values_list(
            "action", flat=True
        )
    )
    assert {
        "surveys.link.created",
        "surveys.link.opened",
        "surveys.response.submitted",
        "surveys.response.entered",
    } <= set(actions)
    assert actions.count("surveys.link.opened") == 1
    assert (
        services.latest_published(surveys.participant).questions.first().text
        == "Hur mår du i stort sett just nu?"
    )
