"""Single sign-on through the organisation's OpenID Connect provider (optional).

Only existing, active Stegvis accounts can sign in this way, matched on e-mail: roles
are given in Stegvis, so the provider never creates an account.
"""

from __future__ import annotations

from django.db.models import QuerySet
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from stegvis.accounts.models import User


class StegvisOIDCBackend(OIDCAuthenticationBackend):
    def filter_users_by_claims(self, claims: dict) -> QuerySet[User]:
        email = (claims.get("email") or "").strip()
        if not email or claims.get("email_verified") is False:
            return User.objects.none()
        return User.objects.filter(email__iexact=email, is_active=True)

    def create_user(self, claims: dict) -> None:
        # Never reached with OIDC_CREATE_USER = False; kept so that a changed setting cannot create accounts.
        return None

    def get_or_create_user(self, access_token, id_token, payload):  # type: ignore[no-untyped-def]
        user = super().get_or_create_user(access_token, id_token, payload)
        return user if user is not None and user.is_active else None

    def get_user(self, user_id):  # type: ignore[no-untyped-def]
        # Like ModelBackend: a deactivated account's session is anonymous from its next request.
        user = super().get_user(user_id)
        return user if user is not None and user.is_active else None
