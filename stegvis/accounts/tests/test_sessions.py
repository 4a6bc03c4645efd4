"""Idle and absolute session limits, and deactivation ending every open session."""

from __future__ import annotations

import time

import pytest
from django.contrib.auth.models import Permission
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from stegvis.accounts import services
from stegvis.accounts.models import UserSession
from stegvis.accounts.signals import SESSION_SEEN, SESSION_STARTED
from stegvis.accounts.tests.factories import verified_login
from stegvis.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def _age_session(client: Client, *, seen_ago: int = 0, started_ago: int = 0) -> None:
    session = client.session
    now = int(time.time())
    session[SESSION_SEEN] = now - seen_ago
    session[SESSION_STARTED] = now - started_ago
    session.save()


def test_idle_session_ends_with_a_message_on_the_login_page(world, settings):
    client = world.client_for("alice")
    assert client.get(reverse("projects:list")).status_code == 200
    _age_session(client, seen_ago=settings.SESSION_IDLE_MINUTES * 60 + 5)
    response = client.get(reverse("projects:list"))
    assert response.url == reverse("login") + "?next=%2Fprojekt%2F"
    page = client.get(response.url).content.decode()
    assert "Du har loggats ut eftersom du inte har varit aktiv på en stund." in page
    # Shown once, and the session is gone.
    assert "inte har varit aktiv" not in client.get(reverse("login")).content.decode()
    assert client.get(reverse("projects:list")).status_code == 302
    assert AuditEntry.objects.filter(user=world.alice, action="accounts.session_timeout.idle").exists()


def test_activity_keeps_the_session_alive(world, settings):
    client = world.client_for("alice")
    _age_session(client, seen_ago=settings.SESSION_IDLE_MINUTES * 60 - 120)
    assert client.get(reverse("projects:list")).status_code == 200
    assert client.session[SESSION_SEEN] >= int(time.time()) - 5


def test_session_ends_after_the_absolute_limit_even_when_active(world, settings):
    client = world.client_for("alice")
    _age_session(client, seen_ago=10, started_ago=settings.SESSION_MAX_HOURS * 3600 + 1)
    response = client.get(reverse("projects:list"))
    assert response.url.startswith(reverse("login"))
    assert "den längsta tiden för en inloggning har gått" in client.get(response.url).content.decode()


def test_limits_come_from_the_settings(world, settings):
    settings.SESSION_IDLE_MINUTES = 2
    client = world.client_for("alice")
    _age_session(client, seen_ago=3 * 60)
    assert client.get(reverse("projects:list")).status_code == 302


def test_deactivated_users_open_session_is_dead_on_the_next_request(world):
    client = world.client_for("alice")
    other_browser = world.client_for("alice")
    assert client.get(reverse("projects:list")).status_code == 200
    assert UserSession.objects.filter(user=world.alice).count() == 2
    keys = [client.session.session_key, other_browser.session.session_key]

    services.user_deactivate(user=world.alice, by=world.ada)

    for c in (client, other_browser):
        response = c.get(reverse("projects:list"))
        assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert not UserSession.objects.filter(user=world.alice).exists()
    assert not Session.objects.filter(session_key__in=keys).exists()
    assert AuditEntry.objects.filter(
        user=world.ada, action="accounts.user.deactivated", object_id=world.alice.pk
    ).exists()
    # Other users keep their sessions.
    assert world.client_for("bob").get(reverse("projects:list")).status_code == 200


def test_unticking_active_in_admin_ends_the_users_sessions(world):
    world.ada.user_permissions.add(*Permission.objects.filter(content_type__app_label="accounts"))
    alice = world.client_for("alice")
    assert alice.get(reverse("projects:list")).status_code == 200
    admin = world.client_for("ada")
    url = reverse("admin:accounts_user_change", args=[world.alice.pk])
    form = admin.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k not in ("password", "is_active")}
    data.update(
        {
            "date_joined_0": world.alice.date_joined.strftime("%Y-%m-%d"),
            "date_joined_1": world.alice.date_joined.strftime("%H:%M:%S"),
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        }
    )
    data.pop("date_joined", None)
    data.pop("last_login", None)
    data.pop("groups", None)
    data.pop("user_permissions", None)
    response = admin.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    world.alice.refresh_from_db()
    assert not world.alice.is_active
    assert not UserSession.objects.filter(user=world.alice).exists()
    assert alice.get(reverse("projects:list")).status_code == 302


def test_logout_forgets_the_tracked_session(world):
    client = Client()
    verified_login(client, world.bob)
    assert UserSession.objects.filter(user=world.bob).count() == 1
    client.post(reverse("logout"))
    assert not UserSession.objects.filter(user=world.bob).exists()
    assert AuditEntry.objects.filter(user=world.bob, action="accounts.logout").exists()


def test_admin_can_reset_a_lost_second_factor(world):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    alice = world.client_for("alice")
    services.second_factor_reset(user=world.alice, by=world.ada)
    assert not TOTPDevice.objects.filter(user=world.alice).exists()
    assert alice.get(reverse("projects:list")).status_code == 302
    assert AuditEntry.objects.filter(
        user=world.ada, action="accounts.2fa.reset", object_id=world.alice.pk
    ).exists()
