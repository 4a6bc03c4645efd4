"""A coach records two readings in a real browser and sees the chart and the step movement.

Same browser, launch flags and axe check as the participant journey
(stegvis/participants/tests/test_e2e_journey.py): no serious or critical violation on any page.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, Response, expect, sync_playwright

from stegvis.accounts.tests.e2e import pass_second_factor
from stegvis.accounts.tests.factories import PASSWORD
from stegvis.assessments import services
from stegvis.assessments.models import Assessment
from stegvis.participants.tests.test_e2e_journey import (
    CHROMIUM_ARGS,
    PHONE,
    SCREENSHOTS,
    assert_accessible,
    assert_styled,
)


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
    """A page that fails the test on a console error, a page error or an HTTP error."""
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


def _choose(page: Page, area: str, level: int) -> None:
    page.get_by_role("group", name=area).get_by_role("radio", name=re.compile(rf"^Nivå {level}:")).check()


def _reading(page: Page, on: datetime.date, occasion: str, levels: list[int]) -> None:
    page.get_by_label("Datum för skattningen").fill(on.isoformat())
    page.get_by_label("Tillfälle").select_option(label=occasion)
    page.get_by_role("group", name="Vem skattade?").get_by_label("Deltagaren").check()
    areas = page.locator("fieldset.area-field legend").all_inner_texts()
    assert len(areas) == 8
    for area, level in zip(areas, levels, strict=True):
        _choose(page, area, level)


@pytest.mark.e2e
def test_coach_records_two_readings_and_sees_chart_and_step_movement(world, live_server, page: Page):
    services.instrument_ensure_default()
    enrolment = world.alice_enrolment
    first_day = enrolment.start_date
    second_day = first_day + datetime.timedelta(days=61)

    page.goto(live_server.url + "/")
    page.get_by_label("Användarnamn").fill("alice")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    pass_second_factor(page, "alice")
    page.goto(f"{live_server.url}/inskrivning/{enrolment.pk}/")
    panel = page.get_by_role("region", name="Skattning och stegförflyttning")
    expect(panel).to_contain_text("Inga skattningar ännu.")
    expect(panel).to_contain_text("Ingen stegförflyttning ännu")

    # The first reading, at entry.
    panel.get_by_role("link", name="Registrera skattning").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ny skattning")
    assert_styled(page)
    assert_accessible(page, "reading form")
    _reading(page, first_day, "Inskrivning", [2, 1, 2, 1, 3, 4, 2, 2])
    page.get_by_role("button", name="Spara skattningen").click()
    expect(page).to_have_url(re.compile(rf"/inskrivning/{enrolment.pk}/$"))
    expect(page.locator("#messages")).to_contain_text("Skattningen är sparad.")
    expect(panel.get_by_role("img", name="Senaste skattningen per område")).to_be_visible()
    expect(panel).to_contain_text("Ingen stegförflyttning ännu")

    # A follow-up two months later: two areas one level better.
    panel.get_by_role("link", name="Registrera skattning").click()
    expect(page.get_by_role("group", name="Hantera hälsan")).to_contain_text("Förra skattningen: nivå 2")
    _reading(page, second_day, "Uppföljning", [3, 2, 2, 1, 3, 4, 2, 2])
    page.get_by_role("button", name="Spara skattningen").click()
    expect(page.locator("#messages")).to_contain_text("Skattningen är sparad.")

    # The chart, the numbers beside it, and the step movement with the project's rule.
    expect(panel.get_by_role("img", name="Senaste skattningen per område")).to_be_visible()
    comparison = panel.get_by_role("table", name=re.compile("Senaste nivå per område"))
    expect(comparison.get_by_role("row", name=re.compile("^Hantera hälsan"))).to_contain_text("3 (+1)")
    expect(panel).to_contain_text(f"Stegförflyttning sedan {second_day.isoformat()}")
    expect(panel).to_contain_text("Minst en nivå bättre i något område i skattningen")
    expect(panel).to_contain_text("Projektets regel:")
    expect(page.get_by_role("region", name="Tidslinje")).to_contain_text(
        "Stegförflyttning enligt projektets regel"
    )
    assert_accessible(page, "participant page with readings")

    # Distance travelled, area by area.
    panel.get_by_role("link", name="Alla skattningar och förflyttning över tid").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Skattningar")
    expect(page.get_by_role("img", name="Hantera hälsan över tid")).to_be_visible()
    expect(
        page.get_by_role("table", name="Alla skattningar med den här versionen").get_by_role("row")
    ).to_have_count(3)
    assert_accessible(page, "assessments page")

    SCREENSHOTS.mkdir(exist_ok=True)
    page.set_viewport_size(PHONE)
    page.screenshot(path=SCREENSHOTS / "assessments-phone.png", full_page=True)
    page.goto(f"{live_server.url}/inskrivning/{enrolment.pk}/skattningar/ny/")
    page.screenshot(path=SCREENSHOTS / "assessment-form-phone.png", full_page=True)

    readings = Assessment.objects.filter(enrolment=enrolment).order_by("assessed_on")
    assert [r.assessed_on for r in readings] == [first_day, second_day]
    assert [r.occasion for r in readings] == ["entry", "follow_up"]
    assert all(r.rater == "participant" and r.recorded_by == world.alice for r in readings)
