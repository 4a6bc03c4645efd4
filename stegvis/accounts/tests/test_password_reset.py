"""Password reset by e-mail never signs the user in, and never skips the second factor."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from stegvis.accounts.tests.factories import current_totp, totp_device_for
from stegvis.audit.models import AuditEntry

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Ett-helt-nytt-losenord-42"


def _reset_link(client: Client, email: str) -> str:
    response = client.post(reverse("password_reset"), {"email": email})
    assert response.url == reverse("password_reset_done")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Nytt lösenord till Stegvis"
    return re.search(r"https?://[^/]+(/konto/losenord/\S+/)", mail.outbox[0].body).group(1)


def test_reset_sets_a_new_password_without_signing_in_and_keeps_the_second_factor(world):
    world.alice.email = "alice@example.se"
    world.alice.save()
    device = totp_device_for(world.alice)
    client = Client()
    link = _reset_link(client, "alice@example.se")

    form = client.get(link, follow=True)
    assert "Välj nytt lösenord" in form.content.decode()
    done = client.post(
        form.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert done.url == reverse("password_reset_complete")
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("projects:list")).status_code == 302
    assert AuditEntry.objects.filter(user=world.alice, action="accounts.password_reset.completed").exists()

    # The new password leads to the second factor, not into the application.
    client.post(reverse("login"), {"username": "alice", "password": NEW_PASSWORD})
    assert client.get(reverse("projects:list")).url.startswith(reverse("accounts:2fa_verify"))
    client.post(reverse("accounts:2fa_verify"), {"token": current_totp(device)})
    assert client.get(reverse("projects:list")).status_code == 200


def test_reset_ends_sessions_opened_with_the_old_password(world):
    world.alice.email = "alice@example.se"
    world.alice.save()
    open_session = world.client_for("alice")
    client = Client()
    link = _reset_link(client, "alice@example.se")
    form = client.get(link, follow=True)
    client.post(form.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert open_session.get(reverse("projects:list")).status_code == 302


def test_unknown_address_gets_the_same_answer_and_no_mail(client, world):
    response = client.post(reverse("password_reset"), {"email": "ingen@example.se"})
    assert response.url == reverse("password_reset_done")
    assert mail.outbox == []


def test_a_made_up_link_says_it_does_not_work(client, world):
    response = client.get(reverse("password_reset_confirm", args=["MQ", "fel-token"]))
    assert "Länken fungerar inte" in response.content.decode()


def test_weak_new_password_is_refused_with_the_input_kept(world):
    world.alice.email = "alice@example.se"
    world.alice.save()
    client = Client()
    link = _reset_link(client, "alice@example.se")
    form = client.get(link, follow=True)
    response = client.post(form.redirect_chain[-1][0], {"new_password1": "kort", "new_password2": "kort"})
    assert response.status_code == 200
    assert "field-has-error" in response.content.decode()
