"""The second factor: set-up with a QR code, verification, recovery codes, and the demo switch."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from stegvis.accounts.models import RecoveryCode
from stegvis.accounts.tests.factories import PASSWORD, current_totp, totp_device_for, verified_login
from stegvis.audit.models import AuditEntry

pytestmark = pytest.mark.django_db

CODE = re.compile(r"<code>([A-Z2-9]{5}-[A-Z2-9]{5})</code>")


def _password_login(username: str = "alice") -> Client:
    client = Client()
    response = client.post(reverse("login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def _set_up(client: Client, user) -> tuple[TOTPDevice, list[str]]:
    page = client.get(reverse("accounts:2fa_setup"))
    assert page.status_code == 200
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(reverse("accounts:2fa_setup"), {"token": current_totp(device)})
    assert response.status_code == 200
    return device, CODE.findall(response.content.decode())


def _fresh_code(device: TOTPDevice) -> str:
    # A code is accepted once per 30-second step; a test that needs a second one moves the clock on.
    device.refresh_from_db()
    device.last_t = -1
    device.save(update_fields=["last_t"])
    return current_totp(device)


def test_password_alone_leads_to_set_up_with_a_qr_code(world):
    client = _password_login()
    response = client.get(reverse("projects:list"))
    assert response.url == reverse("accounts:2fa_setup") + "?next=%2Fprojekt%2F"
    page = client.get(response.url).content.decode()
    assert 'src="data:image/svg+xml' in page
    assert "Ställ in tvåstegsverifiering" in page


def test_setting_up_shows_ten_recovery_codes_once_and_stores_them_hashed(world):
    client = _password_login()
    device, codes = _set_up(client, world.alice)
    assert len(codes) == 10 and len(set(codes)) == 10
    device.refresh_from_db()
    assert device.confirmed
    stored = list(RecoveryCode.objects.filter(device__user=world.alice).values_list("code_hash", flat=True))
    assert len(stored) == 10
    for code in codes:
        assert all(code not in h and code.replace("-", "") not in h for h in stored)
    # Set up and verified in one go: the pages open.
    assert client.get(reverse("projects:list")).status_code == 200
    assert AuditEntry.objects.filter(user=world.alice, action="accounts.2fa.enabled").exists()
    # The codes are not shown again.
    assert not CODE.findall(client.get(reverse("accounts:security")).content.decode())


def test_wrong_code_at_set_up_keeps_the_device_unconfirmed(world):
    client = _password_login()
    client.get(reverse("accounts:2fa_setup"))
    response = client.post(reverse("accounts:2fa_setup"), {"token": "000000x"})
    assert "Koden stämmer inte" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=world.alice, confirmed=True).exists()


def test_user_with_a_device_must_verify_and_lands_where_they_were_going(world):
    device = totp_device_for(world.alice)
    client = _password_login()
    target = reverse("participants:detail", args=[world.alice_enrolment.pk])
    response = client.get(target)
    assert response.url.startswith(reverse("accounts:2fa_verify"))
    wrong = client.post(response.url, {"token": "123"})
    assert "Koden stämmer inte" in wrong.content.decode()
    device.refresh_from_db()
    device.throttle_reset()  # a failure makes the next try wait a second
    ok = client.post(reverse("accounts:2fa_verify"), {"token": current_totp(device), "next": target})
    assert ok.url == target
    assert client.get(target).status_code == 200
    actions = set(AuditEntry.objects.filter(user=world.alice).values_list("action", flat=True))
    assert {"accounts.login", "accounts.2fa.failed", "accounts.2fa.verified"} <= actions


def test_unverified_user_cannot_replace_the_device_to_skip_it(world):
    totp_device_for(world.alice)
    client = _password_login()
    response = client.get(reverse("accounts:2fa_setup"))
    assert response.url.startswith(reverse("accounts:2fa_verify"))
    assert not TOTPDevice.objects.filter(user=world.alice, confirmed=False).exists()


def test_verify_refuses_a_redirect_to_another_site(world):
    device = totp_device_for(world.alice)
    client = _password_login()
    response = client.post(
        reverse("accounts:2fa_verify"), {"token": current_totp(device), "next": "https://evil.example/"}
    )
    assert response.url == reverse("home")


def test_recovery_code_works_once(world):
    client = _password_login()
    _device, codes = _set_up(client, world.alice)
    client.post(reverse("logout"))

    client = _password_login()
    response = client.post(reverse("accounts:2fa_verify"), {"token": codes[0].lower()})
    assert response.status_code == 302
    assert client.get(reverse("projects:list")).status_code == 200
    assert AuditEntry.objects.filter(user=world.alice, action="accounts.2fa.recovery_code_used").exists()
    client.post(reverse("logout"))

    client = _password_login()
    again = client.post(reverse("accounts:2fa_verify"), {"token": codes[0]})
    assert again.status_code == 200 and "Koden stämmer inte" in again.content.decode()
    assert client.get(reverse("projects:list")).status_code == 302


def test_renewing_recovery_codes_makes_the_old_ones_stop_working(world):
    client = _password_login()
    _device, old = _set_up(client, world.alice)
    page = client.get(reverse("accounts:security")).content.decode()
    assert "Du har 10 oanvända reservkoder kvar." in page
    response = client.post(reverse("accounts:recovery_codes_renew"))
    new = CODE.findall(response.content.decode())
    assert len(new) == 10 and not set(new) & set(old)
    client.post(reverse("logout"))
    client = _password_login()
    assert client.post(reverse("accounts:2fa_verify"), {"token": old[1]}).status_code == 200
    assert client.post(reverse("accounts:2fa_verify"), {"token": new[1]}).status_code == 302


def test_replacing_the_app_when_verified_retires_the_old_device(world):
    client = Client()
    verified_login(client, world.alice)
    old = totp_device_for(world.alice)
    page = client.get(reverse("accounts:2fa_setup")).content.decode()
    assert "När du bekräftar en ny slutar den gamla att fungera" in page
    _new_device, codes = _set_up(client, world.alice)
    assert len(codes) == 10
    assert not TOTPDevice.objects.filter(pk=old.pk).exists()


def test_htmx_request_of_unverified_user_gets_a_full_page_redirect(world):
    totp_device_for(world.alice)
    client = _password_login()
    response = client.get(reverse("projects:list"), headers={"HX-Request": "true"})
    assert response.status_code == 204
    assert response["HX-Redirect"].startswith(reverse("accounts:2fa_verify"))


def test_login_page_says_when_the_demo_has_switched_the_second_factor_off(client, world, settings):
    assert "Tvåstegsverifiering är avstängd" not in client.get(reverse("login")).content.decode()
    settings.REQUIRE_2FA = False
    assert "Tvåstegsverifiering är avstängd i den här demon." in client.get(reverse("login")).content.decode()


def test_demo_without_second_factor_lets_a_user_without_device_in(world, settings):
    settings.REQUIRE_2FA = False
    client = _password_login()
    assert client.get(reverse("projects:list")).status_code == 200
    page = client.get(reverse("accounts:security")).content.decode()
    assert "Slå på tvåstegsverifiering" in page


def test_demo_user_who_set_up_the_second_factor_is_still_asked_for_it(world, settings):
    settings.REQUIRE_2FA = False
    totp_device_for(world.alice)
    client = _password_login()
    assert client.get(reverse("projects:list")).url.startswith(reverse("accounts:2fa_verify"))


def test_wrong_totp_codes_are_throttled(world):
    device = totp_device_for(world.alice)
    client = _password_login()
    for _ in range(3):
        client.post(reverse("accounts:2fa_verify"), {"token": "000000"})
    # Even the right code waits out the back-off after failures.
    response = client.post(reverse("accounts:2fa_verify"), {"token": _fresh_code(device)})
    assert response.status_code == 200
