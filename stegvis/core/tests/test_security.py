"""Login, password hashing, cookies and the deploy check."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from stegvis.accounts.tests.factories import PASSWORD, current_totp, totp_device_for

ROOT = Path(__file__).resolve().parents[3]


def test_argon2_is_the_password_hasher_in_real_use():
    # The autouse fixture swaps hashers for speed; the module-level settings are what runs.
    from config import settings as real

    assert real.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    env = {
        **os.environ,
        "STEGVIS_SECURE": "1",
        "STEGVIS_DEBUG": "0",
        "STEGVIS_SECRET_KEY": "p" * 20 + "-production-secret-" + "q" * 30,
        "STEGVIS_ALLOWED_HOSTS": "stegvis.example.se",
        "STEGVIS_DATA_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    result = subprocess.run(  # noqa: S603 - fixed command, our own manage.py
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.django_db
def test_login_page_and_successful_login(client, world):
    device = totp_device_for(world.alice)
    response = client.post(reverse("login"), {"username": "alice", "password": PASSWORD})
    assert response.status_code == 302
    # The password alone opens nothing: the second factor comes first.
    assert client.get(reverse("projects:list")).url.startswith(reverse("accounts:2fa_verify"))
    client.post(reverse("accounts:2fa_verify"), {"token": current_totp(device)})
    assert client.get(reverse("projects:list")).status_code == 200


@pytest.mark.django_db
def test_wrong_password_is_refused_with_a_clear_message(client, world):
    response = client.post(reverse("login"), {"username": "alice", "password": "fel"})
    assert response.status_code == 200
    assert "Fel användarnamn eller lösenord." in response.content.decode()


@pytest.mark.django_db
def test_login_is_throttled_after_repeated_failures(client, world):
    for _ in range(django_settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "alice", "password": "fel"})
    response = client.post(reverse("login"), {"username": "alice", "password": PASSWORD})
    assert response.status_code == 429
    assert "För många misslyckade inloggningar" in response.content.decode()


@pytest.mark.django_db
def test_session_cookie_is_http_only_and_same_site(client, world):
    response = client.post(reverse("login"), {"username": "alice", "password": PASSWORD})
    cookie = response.cookies[django_settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"


@pytest.mark.django_db
def test_authenticated_pages_are_never_cached(world):
    response = world.client_for("alice").get(reverse("projects:list"))
    assert "no-store" in response["Cache-Control"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_deactivated_user_cannot_log_in(client, world):
    world.alice.is_active = False
    world.alice.save()
    response = client.post(reverse("login"), {"username": "alice", "password": PASSWORD})
    assert response.status_code == 200


@pytest.mark.django_db
def test_healthz_answers_ok(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200 and response.json()["database"] == "ok"


@pytest.mark.django_db
def test_administrator_cannot_make_themselves_superuser_in_admin(world):
    from django.contrib.auth.models import Permission

    world.ada.user_permissions.add(*Permission.objects.filter(content_type__app_label="accounts"))
    client = world.client_for("ada")
    response = client.get(reverse("admin:accounts_user_change", args=[world.ada.pk]))
    assert response.status_code == 200
    assert 'name="is_superuser"' not in response.content.decode()
