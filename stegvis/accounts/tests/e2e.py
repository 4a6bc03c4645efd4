"""Browser helpers for the second factor, shared by every e2e sign-in helper.

After the password, the browser lands on the verify page (the persona has an
authenticator app) or on the set-up page (first sign-in); either way this types a
code computed from the persona's device, as the phone would show it.
"""

from __future__ import annotations

import re

from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from stegvis.accounts.tests.factories import current_totp

SECOND_STEP = re.compile(r"/konto/(verifiera|tvastegsverifiering)/")


def fresh_totp(device: TOTPDevice) -> str:
    """The app's current code, usable even if this step's code was used a moment ago.

    A code is accepted once per 30-second step; tests that sign in twice within one
    step act as if the clock had moved on, instead of sleeping.
    """
    device.refresh_from_db()
    device.last_t = -1
    device.throttling_failure_count = 0
    device.throttling_failure_timestamp = None
    device.save(update_fields=["last_t", "throttling_failure_count", "throttling_failure_timestamp"])
    return current_totp(device)


def pass_second_factor(page: Page, username: str) -> None:
    """Call right after clicking "Logga in"."""
    page.wait_for_url(SECOND_STEP)
    if "/verifiera/" in page.url:
        device = TOTPDevice.objects.get(user__username=username, confirmed=True)
        page.get_by_label("Kod").fill(fresh_totp(device))
        page.get_by_role("button", name="Verifiera").click()
        return
    device = TOTPDevice.objects.filter(user__username=username, confirmed=False).latest("pk")
    page.get_by_label("Kod").fill(fresh_totp(device))
    page.get_by_role("button", name="Bekräfta").click()
    expect(page.get_by_role("heading", name="Dina reservkoder")).to_be_visible()
    page.get_by_role("link", name="Jag har sparat koderna – fortsätt").click()
