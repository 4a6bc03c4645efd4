"""API keys: the API-nycklar page, what is stored, and when a key stops working."""

from __future__ import annotations

import datetime

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from stegvis.api import services
from stegvis.api.models import ApiToken
from stegvis.audit.models import AuditEntry

PROJECTS = "/api/v1/projects"


def _bearer(key: str) -> Client:
    return Client(headers={"Authorization": f"Bearer {key}"})


def test_page_creates_a_key_shown_once_and_stores_only_its_hash(world):
    client = world.client_for("alice")
    url = reverse("apitokens:list")
    assert "Du har inga API-nycklar" in client.get(url).content.decode()
    response = client.post(url, {"name": "Rapportverktyg", "valid_days": "90"})
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    key = response.context["new_key"]
    assert key.startswith("stv_") and key in response.content.decode()
    token = ApiToken.objects.get(user=world.alice)
    assert token.name == "Rapportverktyg" and key.startswith(token.prefix)
    assert key not in {token.key_hash, token.prefix}
    assert token.expires_at.date() == (timezone.now() + datetime.timedelta(days=90)).date()
    assert AuditEntry.objects.filter(
        action="api.token.created", user=world.alice, object_id=token.pk
    ).exists()
    # Shown once: the list afterwards has only the prefix.
    again = client.get(url).content.decode()
    assert key not in again and token.prefix in again
    assert _bearer(key).get(PROJECTS).status_code == 200


def test_form_without_a_name_explains_and_keeps_the_choice(world):
    client = world.client_for("alice")
    response = client.post(reverse("apitokens:list"), {"name": "", "valid_days": "30"})
    content = response.content.decode()
    assert "Ge nyckeln ett namn" in content
    assert '<option value="30" selected>' in content
    assert not ApiToken.objects.exists()


def test_user_sees_and_revokes_only_their_own_keys(world):
    mine, _key = services.token_create(user=world.alice, name="Min", valid_days=30, by=world.alice)
    theirs, their_key = services.token_create(user=world.bob, name="Bobs", valid_days=30, by=world.bob)
    client = world.client_for("alice")
    content = client.get(reverse("apitokens:list")).content.decode()
    assert "Min" in content and "Bobs" not in content
    assert client.post(reverse("apitokens:revoke", args=[theirs.pk])).status_code == 404
    assert _bearer(their_key).get(PROJECTS).status_code == 200
    response = client.post(reverse("apitokens:revoke", args=[mine.pk]))
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.revoked_at is not None
    assert AuditEntry.objects.filter(action="api.token.revoked", object_id=mine.pk).exists()


def test_revoked_expired_and_deactivated_keys_stop_working(world):
    _t1, revoked = services.token_create(user=world.petra, name="A", valid_days=30, by=world.petra)
    services.token_revoke(token=_t1, by=world.petra)
    t2, expired = services.token_create(user=world.petra, name="B", valid_days=30, by=world.petra)
    ApiToken.objects.filter(pk=t2.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    _t3, deactivated = services.token_create(user=world.bob, name="C", valid_days=30, by=world.bob)
    world.bob.is_active = False
    world.bob.save()
    for key in (revoked, expired, deactivated, "stv_not-a-key", "wrong-prefix"):
        response = _bearer(key).get(PROJECTS)
        assert response.status_code == 401, key
        assert response["WWW-Authenticate"] == "Bearer"
        assert response.json()["detail"].startswith("Ange en giltig API-nyckel")


def test_a_session_is_not_enough_for_the_api(world):
    response = world.client_for("petra").get(PROJECTS)
    assert response.status_code == 401


def test_last_use_is_noted(world):
    token, key = services.token_create(user=world.alice, name="A", valid_days=30, by=world.alice)
    assert token.last_used_at is None
    _bearer(key).get(PROJECTS)
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_at_most_ten_valid_keys(world):
    for n in range(services.MAX_ACTIVE_TOKENS):
        services.token_create(user=world.alice, name=f"N{n}", valid_days=30, by=world.alice)
    response = world.client_for("alice").post(
        reverse("apitokens:list"), {"name": "En till", "valid_days": "30"}
    )
    assert "Återkalla en som inte används" in response.content.decode()
    assert ApiToken.objects.filter(user=world.alice).count() == services.MAX_ACTIVE_TOKENS
