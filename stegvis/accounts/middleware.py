"""Session limits, the second factor, and the log of refused accesses."""

from __future__ import annotations

import time
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from stegvis.accounts.services import has_second_factor
from stegvis.accounts.signals import SESSION_SEEN, SESSION_STARTED, SSO_SESSION_KEY
from stegvis.audit.services import audit_log, request_path

TIMED_OUT_SESSION_KEY = "stegvis_timed_out"
# Write the last-seen time at most this often, so that reading pages does not write the session.
_SEEN_RESOLUTION_SECONDS = 60

# Pages a signed-in user may reach before the second factor: signing in and out, the
# second-factor pages themselves, password reset, language, health and single sign-on.
OPEN_BEFORE_SECOND_FACTOR = {
    "login",
    "logout",
    "healthz",
    "set_language",
    "accounts:2fa_setup",
    "accounts:2fa_qr",
    "accounts:2fa_verify",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "oidc_authentication_init",
    "oidc_authentication_callback",
    "oidc_logout",
}


def _redirect(request: HttpRequest, url: str) -> HttpResponse:
    # htmx follows a plain redirect inside the swapped fragment; send the whole page instead.
    if getattr(request, "htmx", False):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return HttpResponseRedirect(url)


def _with_next(url: str, request: HttpRequest) -> str:
    if request.method == "GET":
        return f"{url}?{urlencode({'next': request.get_full_path()})}"
    return url


class SessionTimeoutMiddleware:
    """Ends a session after STEGVIS_SESSION_IDLE_MINUTES without requests or STEGVIS_SESSION_MAX_HOURS in all."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = int(time.time())
            started = request.session.get(SESSION_STARTED)
            seen = request.session.get(SESSION_SEEN)
            if started is None or seen is None:
                request.session[SESSION_STARTED] = started = now
                request.session[SESSION_SEEN] = seen = now
            reason = ""
            if now - seen > settings.SESSION_IDLE_MINUTES * 60:
                reason = "idle"
            elif now - started > settings.SESSION_MAX_HOURS * 3600:
                reason = "max"
            if reason:
                audit_log(
                    user=request.user, action=f"accounts.session_timeout.{reason}", path=request_path(request)
                )
                logout(request)
                request.session[TIMED_OUT_SESSION_KEY] = reason
                return _redirect(request, _with_next(reverse("login"), request))
            if now - seen >= _SEEN_RESOLUTION_SECONDS:
                request.session[SESSION_SEEN] = now
        return self.get_response(request)


def second_factor_passed(request: HttpRequest) -> bool:
    user = request.user
    if user.is_verified():
        return True
    return settings.OIDC_COUNTS_AS_2FA and bool(request.session.get(SSO_SESSION_KEY))


class SecondFactorMiddleware:
    """A signed-in user who has not passed the second factor reaches only the sign-in pages.

    With a device: the verify page. Without one: the set-up page, unless
    STEGVIS_REQUIRE_2FA is off (the local demo), where they may go on without it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> HttpResponse | None:
        if not request.user.is_authenticated or second_factor_passed(request):
            return None
        if request.resolver_match.view_name in OPEN_BEFORE_SECOND_FACTOR:
            return None
        if has_second_factor(request.user):
            return _redirect(request, _with_next(reverse("accounts:2fa_verify"), request))
        if settings.REQUIRE_2FA:
            return _redirect(request, _with_next(reverse("accounts:2fa_setup"), request))
        return None


class RefusedAccessMiddleware:
    """Logs 403s and 404s shown to signed-in users: refused, or not visible to them (access.refused)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code in (403, 404) and request.user.is_authenticated:
            # The path without its query string: a search box could have put a name there.
            audit_log(user=request.user, action="access.refused", path=request.path)
        return response
