"""Single sign-on: the provider's e-mail matches an existing active account, never creates one."""

from __future__ import annotations

from unittest import mock
from urllib.parse import parse_qs, urlparse

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client, RequestFactory
from django.urls import reverse

from stegvis.accounts.middleware import second_factor_passed
from stegvis.accounts.models import User
from stegvis.accounts.signals import SSO_SESSION_KEY

pytestmark = pytest.mark.django_db


@pytest.fixture
def oidc(settings):
    settings.OIDC_RP_CLIENT_ID = "stegvis"
    settings.OIDC_RP_CLIENT_SECRET = "test-secret"  # noqa: S105 - a test value
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = "https://idp.example.se/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = "https://idp.example.se/token"  # noqa: S105 - an address
    settings.OIDC_OP_USER_ENDPOINT = "https://idp.example.se/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = "https://idp.example.se/jwks"
    settings.OIDC_RP_SIGN_ALGO = "RS256"
    settings.OIDC_CREATE_USER = False
    settings.ROOT_URLCONF = "stegvis.accounts.tests.urls_oidc"
    from stegvis.accounts.oidc import StegvisOIDCBackend

    return StegvisOIDCBackend()


def _authenticate(backend, claims: dict):
    """Run the code flow with the provider's answers mocked: no network."""
    request = RequestFactory().get("/oidc/callback/", {"code": "c0de", "state": "st4te"})
    request.session = {}
    with (
        mock.patch.object(backend, "get_token", return_value={"id_token": "id", "access_token": "at"}),
        mock.patch.object(backend, "verify_token", return_value={"sub": "1", "nonce": "n"}),
        mock.patch.object(backend, "get_userinfo", return_value=claims),
    ):
        return backend.authenticate(request, nonce="n")


def test_existing_active_user_is_matched_by_email(world, oidc):
    world.alice.email = "Alice@Kommun.se"
    world.alice.save()
    assert _authenticate(oidc, {"email": "alice@kommun.se", "email_verified": True}) == world.alice


def test_unknown_email_creates_no_account(world, oidc):
    before = User.objects.count()
    assert _authenticate(oidc, {"email": "ny@kommun.se"}) is None
    assert User.objects.count() == before


def test_deactivated_or_unverified_email_is_refused(world, oidc):
    world.alice.email = "alice@kommun.se"
    world.alice.is_active = False
    world.alice.save()
    assert _authenticate(oidc, {"email": "alice@kommun.se"}) is None
    world.bob.email = "bob@kommun.se"
    world.bob.save()
    assert _authenticate(oidc, {"email": "bob@kommun.se", "email_verified": False}) is None


def test_missing_email_claim_is_refused(world, oidc):
    assert _authenticate(oidc, {"sub": "1"}) is None


def test_provider_login_counts_as_second_factor_only_when_set(world, settings):
    request = RequestFactory().get("/")
    request.user = world.alice
    world.alice.is_verified = lambda: False
    request.session = {SSO_SESSION_KEY: True}
    settings.OIDC_COUNTS_AS_2FA = False
    assert not second_factor_passed(request)
    settings.OIDC_COUNTS_AS_2FA = True
    assert second_factor_passed(request)
    request.session = {}
    assert not second_factor_passed(request)


@pytest.fixture
def sso_site(settings, oidc):
    settings.OIDC_ENABLED = True
    settings.OIDC_USE_PKCE = True
    settings.LOGIN_REDIRECT_URL_FAILURE = "/konto/logga-in/?sso=fel"
    settings.AUTHENTICATION_BACKENDS = [
        *settings.AUTHENTICATION_BACKENDS,
        "stegvis.accounts.oidc.StegvisOIDCBackend",
    ]


def _through_the_provider(client: Client, claims: dict):
    """The browser's round trip: our redirect to the provider, then its callback (answers mocked)."""
    start = client.get(reverse("oidc_authentication_init"))
    assert start.url.startswith("https://idp.example.se/authorize?")
    state = parse_qs(urlparse(start.url).query)["state"][0]
    from stegvis.accounts.oidc import StegvisOIDCBackend

    with (
        mock.patch.object(
            StegvisOIDCBackend, "get_token", return_value={"id_token": "i", "access_token": "a"}
        ),
        mock.patch.object(StegvisOIDCBackend, "verify_token", return_value={"sub": "1"}),
        mock.patch.object(StegvisOIDCBackend, "get_userinfo", return_value=claims),
    ):
        return client.get(reverse("oidc_authentication_callback"), {"code": "c0de", "state": state})


def test_login_page_offers_the_organisations_login_only_when_enabled(client, world, settings):
    assert "Logga in med organisationens inloggning" not in client.get(reverse("login")).content.decode()


def test_sso_round_trip_signs_in_a_known_user(client, world, sso_site, settings):
    assert "Logga in med organisationens inloggning" in client.get(reverse("login")).content.decode()
    world.alice.email = "alice@kommun.se"
    world.alice.save()
    settings.OIDC_COUNTS_AS_2FA = True
    response = _through_the_provider(client, {"email": "alice@kommun.se"})
    assert response.status_code == 302
    assert client.session[SSO_SESSION_KEY] is True
    assert client.get(reverse("projects:list")).status_code == 200


def test_sso_without_counting_as_second_factor_still_asks_for_it(client, world, sso_site, settings):
    world.alice.email = "alice@kommun.se"
    world.alice.save()
    settings.OIDC_COUNTS_AS_2FA = False
    _through_the_provider(client, {"email": "alice@kommun.se"})
    assert client.get(reverse("projects:list")).url.startswith(reverse("accounts:2fa_setup"))


def test_sso_for_an_unknown_person_explains_on_the_login_page(client, world, sso_site):
    response = _through_the_provider(client, {"email": "okand@kommun.se"})
    assert response.url == "/konto/logga-in/?sso=fel"
    page = client.get(response.url).content.decode()
    assert "Det finns inget aktivt Stegvis-konto med din e-postadress" in page
    assert SESSION_KEY not in client.session
