"""Signing in with a second factor in a real browser, with an axe scan of every sign-in page.

Log in and set up the authenticator app (QR code, then a code), keep the recovery
codes, log out; log in with a code from the app; log out; log in with a recovery code.
"""

from __future__ import annotations

import re

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from stegvis.accounts.tests.e2e import fresh_totp
from stegvis.accounts.tests.factories import PASSWORD
from stegvis.audit.models import AuditEntry
from stegvis.participants.tests import test_e2e_journey as journey

assert_accessible = journey.assert_accessible
assert_styled = journey.assert_styled
# The journey's fixtures: the same chromium launch flags, console and HTTP-error checks.
browser = journey.browser
page = journey.page
allow_orm_beside_playwright = journey.allow_orm_beside_playwright

CASELOAD = re.compile(r"/mina-deltagare/$")


def _password(page: Page, base: str) -> None:
    page.goto(base + "/konto/logga-in/")
    page.get_by_label("Användarnamn").fill("alice")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()


def _log_out(page: Page) -> None:
    page.get_by_role("button", name="Logga ut").click()
    expect(page.get_by_role("heading", name="Logga in")).to_be_visible()


@pytest.mark.e2e
def test_coach_sets_up_totp_and_signs_in_with_a_code_and_a_recovery_code(world, live_server, page: Page):
    base = live_server.url

    # The login page, with no demo notice: the second factor is required here.
    page.goto(base + "/")
    expect(page.get_by_role("heading", name="Logga in")).to_be_visible()
    expect(page.get_by_text("Tvåstegsverifiering är avstängd")).to_have_count(0)
    assert_styled(page)
    assert_accessible(page, "login")

    # First sign-in: the password leads to setting up the app.
    _password(page, base)
    expect(page.get_by_role("heading", level=1)).to_have_text("Ställ in tvåstegsverifiering")
    qr = page.get_by_role("img", name="QR-kod för att lägga till Stegvis i autentiseringsappen")
    expect(qr).to_be_visible()
    assert qr.evaluate("img => img.complete && img.naturalWidth > 0"), (
        "the QR code did not render under the CSP"
    )
    assert_accessible(page, "set-up")
    page.get_by_text("Kan du inte skanna? Skriv in nyckeln för hand").click()
    expect(page.locator(".secret-key")).to_be_visible()

    # A wrong code is refused with a clear message.
    page.get_by_label("Kod").fill("123456")
    page.get_by_role("button", name="Bekräfta").click()
    expect(page.get_by_text("Koden stämmer inte.")).to_be_visible()
    assert_accessible(page, "set-up with an error")

    device = TOTPDevice.objects.get(user=world.alice, confirmed=False)
    page.get_by_label("Kod").fill(fresh_totp(device))
    page.get_by_role("button", name="Bekräfta").click()
    expect(page.get_by_role("heading", name="Dina reservkoder")).to_be_visible()
    codes = page.locator(".recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    assert_accessible(page, "recovery codes")
    page.get_by_role("link", name="Jag har sparat koderna – fortsätt").click()
    expect(page).to_have_url(CASELOAD)
    _log_out(page)

    # Second sign-in: a code from the app.
    _password(page, base)
    expect(page.get_by_role("heading", level=1)).to_have_text("Tvåstegsverifiering")
    assert_accessible(page, "verify")
    page.get_by_label("Kod").fill(fresh_totp(device))
    page.get_by_role("button", name="Verifiera").click()
    expect(page).to_have_url(CASELOAD)

    # The security page counts the recovery codes left.
    page.get_by_role("link", name="Inloggad som Alice Persona").click()
    expect(page.get_by_text("Du har 10 oanvända reservkoder kvar.")).to_be_visible()
    assert_accessible(page, "security")
    _log_out(page)

    # Third sign-in: the phone is lost, a recovery code instead.
    _password(page, base)
    page.get_by_label("Kod").fill(codes[3])
    page.get_by_role("button", name="Verifiera").click()
    expect(page).to_have_url(CASELOAD)
    page.get_by_role("link", name="Inloggad som Alice Persona").click()
    expect(page.get_by_text("Du har 9 oanvända reservkoder kvar.")).to_be_visible()

    actions = list(AuditEntry.objects.filter(user=world.alice).values_list("action", flat=True))
    for action in ("accounts.2fa.enabled", "accounts.2fa.verified", "accounts.2fa.recovery_code_used"):
        assert action in actions
    assert actions.count("accounts.login") == 3
    assert actions.count("accounts.logout") == 2
