"""Reads of API tokens."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from stegvis.accounts.models import User
from stegvis.api.models import ApiToken
from stegvis.api.services import KEY_PREFIX, key_hash


def tokens_for(user: User) -> QuerySet[ApiToken]:
    """A user's own keys, newest first; nobody sees anyone else's."""
    return ApiToken.objects.filter(user=user)


def token_get_for(user: User, pk: int) -> ApiToken:
    token = tokens_for(user).filter(pk=pk).first()
    if token is None:
        raise Http404
    return token


def token_authenticate(key: str) -> ApiToken | None:
    """The valid token for this key, with its user: not expired, not revoked, user active."""
    if not key.startswith(KEY_PREFIX) or len(key) > 100:
        return None
    return (
        ApiToken.objects.select_related("user")
        .filter(
            key_hash=key_hash(key),
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
            user__is_active=True,
        )
        .first()
    )
