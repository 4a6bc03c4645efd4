"""A coach's action plan and follow-up in a real browser, with an axe scan of every plans page.

From the caseload: draw up a plan, add a goal with two sub-goals, change a status
inline (htmx), record the agreement, hold a follow-up that marks a sub-goal reached,
and see it on the participant page; then the printable plan, and the project
manager's caseload overview.
"""

from __future__ import annotations

import datetime
import re

import pytest
from playwright.sync_api import Page, expect

from stegvis.accounts.tests.e2e import pass_second_factor
from stegvis.accounts.tests.factories import PASSWORD
from stegvis.audit.models import AuditEntry
from stegvis.participants.tests import test_e2e_journey as journey
from stegvis.plans.models import FollowUp, Goal, GoalStatus

TODAY = datetime.date.today()
SCREENSHOTS = journey.SCREENSHOTS
assert_accessible = journey.assert_accessible
assert_styled = journey.assert_styled
# The journey's fixtures: the same chromium launch flags, console and HTTP-error checks.
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
def test_coach_makes_a_plan_and_follows_it_up_in_the_browser(world, live_server, page: Page):
    enrolment = world.alice_enrolment
    SCREENSHOTS.mkdir(exist_ok=True)

    # The caseload is the coach's start page.
    _log_in(page, live_server.url, "alice")
    expect(page).to_have_url(re.compile(r"/mina-deltagare/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Mina deltagare")
    assert_styled(page)
    assert_accessible(page, "caseload")
    row = page.get_by_role("row").filter(has_text="Aina Testsson")
    row.get_by_role("link", name="Ingen plan ännu").click()

    # No plan yet: draw one up.
    expect(page.get_by_role("heading", level=1)).to_have_text("Handlingsplan")
    expect(page.get_by_role("heading", name="Ingen handlingsplan ännu")).to_be_visible()
    assert_accessible(page, "plan page, empty")
    page.get_by_role("button", name="Skapa handlingsplan").click()

    # A goal, then two sub-goals, the first with "save and add another".
    expect(page.get_by_role("heading", level=1)).to_have_text("Nytt mål")
    expect(page.locator("#messages")).to_contain_text("Handlingsplanen är skapad")
    assert_accessible(page, "goal form")
    page.get_by_label("Beskrivning").fill("Hitta ett arbete som passar mig")
    page.get_by_label("Måldatum").fill((TODAY + datetime.timedelta(days=180)).isoformat())
    page.get_by_role("button", name="Spara", exact=True).click()
    expect(page.locator("#messages")).to_contain_text("Målet är sparat.")
    page.get_by_role("link", name="Lägg till delmål till Hitta ett arbete som passar mig").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nytt delmål")
    assert_accessible(page, "sub-goal form")
    page.get_by_label("Beskrivning").fill("Skriva ett CV")
    page.get_by_label("Måldatum").fill((TODAY + datetime.timedelta(days=30)).isoformat())
    page.get_by_role("button", name="Spara och lägg till ett delmål till").click()
    expect(page.locator("#messages")).to_contain_text("Delmålet är sparat.")
    expect(page.get_by_text("Delmål till:")).to_contain_text("Hitta ett arbete som passar mig")
    page.get_by_label("Beskrivning").fill("Söka två jobb i veckan")
    page.get_by_role("button", name="Spara", exact=True).click()

    # The plan page: the tree, with inline status changes through htmx.
    expect(page).to_have_url(re.compile(rf"/inskrivning/{enrolment.pk}/handlingsplan/$"))
    goals = page.locator("#plan-goals")
    expect(goals).to_contain_text("Delmål 1.1")
    expect(goals).to_contain_text("Delmål 1.2")
    assert_accessible(page, "plan page")
    page.get_by_label("Ny status för Söka två jobb i veckan").select_option(label="Pågår")
    with page.expect_response(re.compile(r"/status/$")) as changed:
        page.get_by_role("button", name="Spara status för Söka två jobb i veckan").click()
    assert changed.value.request.headers.get("hx-request") == "true"
    expect(goals.get_by_role("status")).to_contain_text("Söka två jobb i veckan")
    expect(page.get_by_label("Ny status för Söka två jobb i veckan")).to_have_value("in_progress")
    assert page.url.endswith("/handlingsplan/")
    assert_accessible(page, "plan page after an inline change")

    # A goal's edit page and the removal page.
    page.get_by_role("link", name="Ändra Skriva ett CV").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ändra delmål")
    assert_accessible(page, "goal edit form")
    page.get_by_role("link", name="Avbryt").click()

    # The agreement.
    page.get_by_role("link", name="Registrera godkännande").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Godkännande av planen")
    assert_accessible(page, "agreement form")
    page.get_by_label("Deltagaren godkände planen").fill(TODAY.isoformat())
    page.get_by_label("Handledaren godkände planen").fill(TODAY.isoformat())
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_role("region", name="Överenskommelse")).to_contain_text("Godkänd")

    # The follow-up: the CV is written.
    page.locator(".page-header").get_by_role("link", name="Registrera uppföljning").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Registrera uppföljning")
    assert_accessible(page, "follow-up form")
    page.screenshot(path=SCREENSHOTS / "follow-up-form.png", full_page=True)
    page.get_by_label("Skriva ett CV").select_option(label="Uppnått")
    page.get_by_label("Vad kom ni överens om?").fill(
        "CV:t är klart. Nästa steg är att söka jobb på tisdagar."
    )
    page.get_by_label("Byt fas").select_option(label="Aktivitet")
    page.get_by_role("button", name="Spara uppföljningen").click()

    # Back on the participant page, the panel shows it.
    expect(page).to_have_url(re.compile(rf"/inskrivning/{enrolment.pk}/$"))
    expect(page.locator("#messages")).to_contain_text("Uppföljningen är sparad.")
    panel = page.get_by_role("region", name="Handlingsplan")
    expect(panel.get_by_role("listitem").filter(has_text="Skriva ett CV").first).to_contain_text("Uppnått")
    expect(panel).to_contain_text("1 av 3 mål uppnådda")
    expect(panel).to_contain_text("CV:t är klart.")
    expect(page.locator(".page-header .badge")).to_have_text("Aktivitet")
    expect(page.get_by_role("region", name="Tidslinje")).to_contain_text("Uppnått: Skriva ett CV.")
    assert_accessible(page, "participant page with plan")
    page.screenshot(path=SCREENSHOTS / "participant-page-with-plan.png", full_page=True)

    # The printable plan.
    panel.get_by_role("link", name="Utskrift för deltagaren").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Min handlingsplan")
    expect(page.get_by_role("row").filter(has_text="Skriva ett CV")).to_contain_text("Uppnått")
    assert_accessible(page, "print view")
    page.screenshot(path=SCREENSHOTS / "plan-print.png", full_page=True)
    with page.expect_download() as download_info:
        page.evaluate(
            "url => { const a = document.createElement('a'); a.href = url; a.download = 'plan.pdf';"
            " document.body.appendChild(a); a.click(); }",
            f"/inskrivning/{enrolment.pk}/handlingsplan/handlingsplan.pdf",
        )
    assert download_info.value.path().read_bytes().startswith(b"%PDF")

    # The goal removal page, and back to the caseload, where the participant now has a plan.
    goal = Goal.objects.get(description="Söka två jobb i veckan")
    page.goto(f"{live_server.url}/inskrivning/{enrolment.pk}/handlingsplan/mal/{goal.pk}/ta-bort/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ta bort mål")
    assert_accessible(page, "goal removal")
    page.goto(live_server.url + "/")
    expect(page.get_by_role("row").filter(has_text="Aina Testsson")).to_contain_text("1 av 3 mål uppnådda")
    page.screenshot(path=SCREENSHOTS / "caseload.png", full_page=True)

    # The project manager's overview.
    page.get_by_role("button", name="Logga ut").click()
    _log_in(page, live_server.url, "petra")
    page.get_by_role("link", name="Ärendeöversikt").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ärendeöversikt")
    expect(page.get_by_role("region", name="Belastning per handledare")).to_contain_text("Alice Persona")
    expect(page.get_by_role("region", name="Platser per kommun")).to_contain_text("Hagfors")
    assert_accessible(page, "project caseload")
    page.screenshot(path=SCREENSHOTS / "project-caseload.png", full_page=True)

    cv = Goal.objects.get(description="Skriva ett CV")
    follow_up = FollowUp.objects.get(enrolment=enrolment)
    assert cv.status == GoalStatus.REACHED and cv.status_changes.filter(follow_up=follow_up).exists()
    actions = set(AuditEntry.objects.filter(enrolment_id=enrolment.pk).values_list("action", flat=True))
    assert actions >= {
        "plans.plan.created",
        "plans.goal.created",
        "plans.goal.status_changed",
        "plans.plan.agreed",
        "plans.follow_up.recorded",
        "plans.plan.printed",
        "participants.phase.changed",
    }
