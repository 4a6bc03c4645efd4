"""Logins, failed logins, logouts and refused accesses in the audit log, without what was typed."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from stegvis.accounts.tests.factories import PASSWORD
from stegvis.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_login_is_logged(client, world):
    client.post(reverse("login"), {"username": "alice", "password": PASSWORD})
    entry = AuditEntry.objects.get(action="accounts.login")
    assert entry.user == world.alice


def test_failed_login_keeps_the_account_id_but_never_the_typed_text(client, world):
    client.post(reverse("login"), {"username": "alice", "password": "hemligt-fel"})
    client.post(reverse("login"), {"username": "Aina Persson", "password": "x"})
    failed = AuditEntry.objects.filter(action="accounts.login_failed").order_by("pk")
    assert [e.user_id for e in failed] == [world.alice.pk, None]
    for entry in failed:
        assert "Aina" not in entry.path + entry.purpose and "hemligt" not in entry.path + entry.purpose


def test_lock_out_still_works_and_each_try_is_logged(client, world):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "alice", "password": "fel"})
    response = client.post(reverse("login"), {"username": "alice", "password": PASSWORD})
    assert response.status_code == 429
    assert not AuditEntry.objects.filter(action="accounts.login").exists()
    assert AuditEntry.objects.filter(action="accounts.login_failed", user=world.alice).count() >= 5


def test_not_visible_participant_is_logged_as_refused_access(world):
    url = reverse("participants:detail", args=[world.alice_enrolment.pk])
    assert world.client_for("bob").get(url).status_code == 404
    entry = AuditEntry.objects.get(action="access.refused", user=world.bob)
    assert entry.path == url


def test_forbidden_page_is_logged_as_refused_access(world):
    url = reverse("projects:edit", args=[world.project_a.pk])
    assert world.client_for("alice").get(url).status_code == 403
    assert AuditEntry.objects.filter(action="access.refused", user=world.alice, path=url).exists()


def test_refused_access_log_leaves_out_the_query_string(world):
    url = reverse("participants:detail", args=[world.alice_enrolment.pk])
    world.client_for("bob").get(url + "?q=Aina")
    assert AuditEntry.objects.get(action="access.refused", user=world.bob).path == url


def test_anonymous_404_is_not_an_access_log_entry(world):
    Client().get("/finns-inte/")
    assert not AuditEntry.objects.filter(action="access.refused").exists()
