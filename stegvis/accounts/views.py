"""Signing in: the login page, the second factor, recovery codes and password reset."""

from __future__ import annotations

from base64 import b32encode
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from stegvis.accounts import services
from stegvis.accounts.forms import LoginForm, TokenForm
from stegvis.accounts.middleware import TIMED_OUT_SESSION_KEY, second_factor_passed
from stegvis.audit.services import audit_log


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(settings.LOGIN_REDIRECT_URL)


class LoginView(auth_views.LoginView):
    """Django's login, plus the notices: timed out, demo without second factor, single sign-on."""

    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: object) -> dict:
        context = super().get_context_data(**kwargs)
        context["timed_out"] = self.request.session.pop(TIMED_OUT_SESSION_KEY, "")
        context["second_factor_off"] = not settings.REQUIRE_2FA
        context["oidc_enabled"] = settings.OIDC_ENABLED
        context["sso_failed"] = self.request.GET.get("sso") == "fel"
        return context


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Sets the new password without signing in: the next login still asks for the second factor."""

    post_reset_login = False

    def form_valid(self, form):  # type: ignore[no-untyped-def]
        response = super().form_valid(form)
        services.sessions_end(user=form.user)
        audit_log(user=form.user, action="accounts.password_reset.completed", path="")
        return response


def _qr_data_uri(config_url: str) -> str:
    return segno.make(config_url, error="m").svg_data_uri(scale=5, border=2, dark="#1a1a1a")


def _grouped(key: bytes) -> str:
    text = b32encode(key).decode()
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


@login_required
def second_factor_setup(request: HttpRequest) -> HttpResponse:
    """Set up (or replace) the authenticator app; shows the new recovery codes once."""
    if services.has_second_factor(request.user) and not second_factor_passed(request):
        # Replacing a device needs the current one first, or setup would bypass it.
        return redirect(f"{resolve_url('accounts:2fa_verify')}?{urlencode({'next': request.path})}")
    device = services.totp_device_pending(user=request.user)
    form = TokenForm(
        request.POST or None,
        help_text=_("De sex siffrorna som appen visar just nu."),
    )
    if request.method == "POST" and form.is_valid():
        try:
            codes = services.totp_device_confirm(
                request=request, user=request.user, token=form.cleaned_data["token"]
            )
        except services.InvalidToken:
            form.add_error(
                "token",
                _(
                    "Koden stämmer inte. Kontrollera att telefonens klocka går rätt och skriv den kod som visas nu."
                ),
            )
        else:
            return render(
                request,
                "accounts/recovery_codes.html",
                {"codes": codes, "next": _next_url(request), "first_setup": True},
            )
    return render(
        request,
        "accounts/second_factor_setup.html",
        {
            "form": form,
            "qr": _qr_data_uri(device.config_url),
            "key": _grouped(device.bin_key),
            "replacing": services.has_second_factor(request.user),
            "next": _next_url(request),
        },
    )


@login_required
def second_factor_verify(request: HttpRequest) -> HttpResponse:
    """The second step of signing in: a code from the app or a recovery code."""
    if second_factor_passed(request):
        return HttpResponseRedirect(_next_url(request))
    if not services.has_second_factor(request.user):
        return redirect(f"{resolve_url('accounts:2fa_setup')}?{urlencode({'next': _next_url(request)})}")
    form = TokenForm(
        request.POST or None,
        help_text=_(
            "Sex siffror från autentiseringsappen, eller en av dina reservkoder om du inte har telefonen."
        ),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.second_factor_verify(
                request=request, user=request.user, token=form.cleaned_data["token"]
            )
        except services.InvalidToken:
            form.add_error("token", _("Koden stämmer inte. Försök med den kod som appen visar nu."))
        else:
            return HttpResponseRedirect(_next_url(request))
    return render(request, "accounts/second_factor_verify.html", {"form": form, "next": _next_url(request)})


@login_required
def security(request: HttpRequest) -> HttpResponse:
    """The user's own sign-in settings: the second factor and the recovery codes left."""
    has_device = services.has_second_factor(request.user)
    return render(
        request,
        "accounts/security.html",
        {
            "has_device": has_device,
            "codes_left": services.recovery_codes_left(user=request.user) if has_device else 0,
            "required": settings.REQUIRE_2FA,
        },
    )


@login_required
@require_POST
def recovery_codes_renew(request: HttpRequest) -> HttpResponse:
    if not services.has_second_factor(request.user):
        return redirect("accounts:2fa_setup")
    codes = services.recovery_codes_regenerate(request=request, user=request.user)
    return render(
        request,
        "accounts/recovery_codes.html",
        {"codes": codes, "next": resolve_url("accounts:security"), "first_setup": False},
    )
