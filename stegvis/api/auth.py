"""Bearer-token authentication for the API: the key acts as its user, nothing more."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer

from stegvis.api.selectors import token_authenticate
from stegvis.api.services import token_used


class TokenAuth(HttpBearer):
    """`Authorization: Bearer stv_…`; sessions are never accepted, so there is no CSRF to consider."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        api_token = token_authenticate(token.strip())
        if api_token is None:
            return None
        token_used(token=api_token)
        # Selectors, services and the no-store middleware all look at request.user.
        request.user = api_token.user
        request.api_token = api_token  # type: ignore[attr-defined]
        return api_token.user
