"""Writes for API tokens: create (the key is shown once), revoke, and note use."""

from __future__ import annotations

import datetime
import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from stegvis.accounts.models import User
from stegvis.api.models import ApiToken
from stegvis.audit.services import audit_log

KEY_PREFIX = "stv_"
# How many characters of the key are kept in clear, so that a user can tell their keys apart.
SHOWN_CHARS = len(KEY_PREFIX) + 8
MAX_ACTIVE_TOKENS = 10
MAX_VALID_DAYS = 365
# last_used_at is written at most this often, so that reads do not turn into writes.
USE_RESOLUTION = datetime.timedelta(minutes=5)


def key_hash(key: str) -> str:
    """The key has 256 random bits, so a plain SHA-256 is enough (no slow password hash needed)."""
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def token_create(*, user: User, name: str, valid_days: int, by: User, path: str = "") -> tuple[ApiToken, str]:
    """A new key for `user`; returns the token and the key itself, which is never stored."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Ge nyckeln ett namn, t.ex. vilket system som ska använda den.")})
    if not 1 <= valid_days <= MAX_VALID_DAYS:
        raise ValidationError({"valid_days": _("En nyckel kan gälla i högst ett år.")})
    active = ApiToken.objects.filter(user=user, revoked_at__isnull=True, expires_at__gt=timezone.now())
    if active.count() >= MAX_ACTIVE_TOKENS:
        raise ValidationError(
            _("Du har redan %(n)s giltiga nycklar. Återkalla en som inte används innan du skapar en ny.")
            % {"n": MAX_ACTIVE_TOKENS}
        )
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name[:80],
        prefix=key[:SHOWN_CHARS],
        key_hash=key_hash(key),
        expires_at=timezone.now() + datetime.timedelta(days=valid_days),
    )
    audit_log(user=by, action="api.token.created", object_id=token.pk, path=path)
    return token, key


@transaction.atomic
def token_revoke(*, token: ApiToken, by: User, path: str = "") -> ApiToken:
    if token.revoked_at is not None:
        raise ValidationError(_("Nyckeln är redan återkallad."))
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit_log(user=by, action="api.token.revoked", object_id=token.pk, path=path)
    return token


def token_used(*, token: ApiToken) -> None:
    """Note when a key was last used (at most every few minutes)."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > USE_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
