"""Sign-in events from django.contrib.auth: the audit log and the per-user session list.

Django announces logins, logouts and failures only through these signals, so the
receivers are the one place to record them; they call services and hold no rules.
"""

from __future__ import annotations

import time

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from stegvis.accounts import services
from stegvis.accounts.models import User
from stegvis.audit.services import audit_log, request_path

SESSION_STARTED = "stegvis_session_started"
SESSION_SEEN = "stegvis_session_seen"
SSO_SESSION_KEY = "stegvis_sso"
OIDC_BACKEND = "stegvis.accounts.oidc.StegvisOIDCBackend"


@receiver(user_logged_in, dispatch_uid="stegvis_accounts_logged_in")
def on_logged_in(sender, request, user, **kwargs) -> None:
    if request is None:
        return
    now = int(time.time())
    request.session[SESSION_STARTED] = now
    request.session[SESSION_SEEN] = now
    if getattr(user, "backend", "") == OIDC_BACKEND:
        request.session[SSO_SESSION_KEY] = True
    if request.session.session_key is None:
        request.session.save()
    services.session_track(user=user, session_key=request.session.session_key)
    audit_log(user=user, action="accounts.login", path=request_path(request))


@receiver(user_logged_out, dispatch_uid="stegvis_accounts_logged_out")
def on_logged_out(sender, request, user, **kwargs) -> None:
    if request is None or user is None:
        return
    if request.session.session_key:
        services.session_forget(session_key=request.session.session_key)
    audit_log(user=user, action="accounts.logout", path=request_path(request))


@receiver(user_login_failed, dispatch_uid="stegvis_accounts_login_failed")
def on_login_failed(sender, credentials, request=None, **kwargs) -> None:
    # Only the id of an existing account is kept, never what was typed.
    username = credentials.get("username") or ""
    user = User.objects.filter(username=username).first() if username else None
    audit_log(user=user, action="accounts.login_failed", path=request_path(request))
