"""Writes about accounts: the second factor, recovery codes, sessions and deactivation."""

from __future__ import annotations

import secrets

from django.contrib.sessions.models import Session
from django.db import transaction
from django.http import HttpRequest
from django_otp import login as otp_login
from django_otp.models import Device
from django_otp.plugins.otp_totp.models import TOTPDevice

from stegvis.accounts.models import RecoveryCode, RecoveryCodeDevice, User, UserSession, recovery_code_hash
from stegvis.audit.services import audit_log, request_path

RECOVERY_CODE_COUNT = 10
# No 0/O or 1/I: the codes are read off paper.
_RECOVERY_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


class InvalidToken(Exception):
    """The code typed does not match the device."""


def totp_device_pending(*, user: User) -> TOTPDevice:
    """The unconfirmed TOTP device a user is setting up, made on first call and reused after."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Autentiseringsapp", confirmed=False)
    return device


def _new_recovery_code() -> str:
    raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(10))
    return f"{raw[:5]}-{raw[5:]}"


def _recovery_codes_replace(*, user: User) -> list[str]:
    RecoveryCodeDevice.objects.filter(user=user).delete()
    device = RecoveryCodeDevice.objects.create(user=user, name="Reservkoder", confirmed=True)
    codes = [_new_recovery_code() for _ in range(RECOVERY_CODE_COUNT)]
    RecoveryCode.objects.bulk_create(
        RecoveryCode(device=device, code_hash=recovery_code_hash(c)) for c in codes
    )
    return codes


def totp_device_confirm(*, request: HttpRequest, user: User, token: str) -> list[str]:
    """Confirm the pending device with a code from the app; returns the new recovery codes (shown once).

    Any earlier device is replaced, and the session counts as verified from here on.
    """
    with transaction.atomic():
        device = (
            TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).order_by("-pk").first()
        )
        if device is None or not device.verify_token(token):
            audit_log(user=user, action="accounts.2fa.setup_failed", path=request_path(request))
            raise InvalidToken
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _recovery_codes_replace(user=user)
        audit_log(user=user, action="accounts.2fa.enabled", path=request_path(request))
    otp_login(request, device)
    return codes


def recovery_codes_regenerate(*, request: HttpRequest, user: User) -> list[str]:
    """New recovery codes; the old ones stop working."""
    with transaction.atomic():
        codes = _recovery_codes_replace(user=user)
        audit_log(user=user, action="accounts.2fa.recovery_codes_renewed", path=request_path(request))
    return codes


def recovery_codes_left(*, user: User) -> int:
    return RecoveryCode.objects.filter(device__user=user, used_at__isnull=True).count()


def has_second_factor(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def second_factor_verify(*, request: HttpRequest, user: User, token: str) -> Device:
    """Check a TOTP code or, failing that, a recovery code; marks the session verified."""
    token = token.strip()
    with transaction.atomic():
        device: Device | None = None
        totp = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if (
            totp is not None
            and token.replace(" ", "").isdigit()
            and totp.verify_token(token.replace(" ", ""))
        ):
            device = totp
            action = "accounts.2fa.verified"
        else:
            recovery = RecoveryCodeDevice.objects.filter(user=user, confirmed=True).first()
            if recovery is not None and recovery.verify_token(token):
                device = recovery
                action = "accounts.2fa.recovery_code_used"
        if device is None:
            audit_log(user=user, action="accounts.2fa.failed", path=request_path(request))
    if device is None:
        raise InvalidToken
    audit_log(user=user, action=action, path=request_path(request))
    otp_login(request, device)
    return device


def second_factor_reset(*, user: User, by: User) -> None:
    """An administrator removes a user's devices (lost phone); the user sets up anew at next login."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        RecoveryCodeDevice.objects.filter(user=user).delete()
        sessions_end(user=user)
        audit_log(user=by, action="accounts.2fa.reset", object_id=user.pk)


def session_track(*, user: User, session_key: str) -> None:
    UserSession.objects.update_or_create(session_key=session_key, defaults={"user": user})


def session_forget(*, session_key: str) -> None:
    UserSession.objects.filter(session_key=session_key).delete()


def sessions_end(*, user: User) -> int:
    """Delete every tracked session of a user; their next request is anonymous."""
    keys = list(UserSession.objects.filter(user=user).values_list("session_key", flat=True))
    Session.objects.filter(session_key__in=keys).delete()
    UserSession.objects.filter(user=user).delete()
    return len(keys)


def user_deactivate(*, user: User, by: User | None) -> None:
    """Deactivate an account and end all its open sessions at once."""
    with transaction.atomic():
        if user.is_active:
            user.is_active = False
            user.save(update_fields=["is_active"])
        sessions_end(user=user)
        audit_log(user=by, action="accounts.user.deactivated", object_id=user.pk)
