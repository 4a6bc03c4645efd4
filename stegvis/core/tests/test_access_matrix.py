"""Every URL × every persona: the status each role gets, and no page leaks a participant.

A new URL that is not in MATRIX fails test_every_url_is_in_the_matrix, so the
matrix grows with the application.
"""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from stegvis.conftest import PERSONAS

ALL = {p: 200 for p in PERSONAS}


def _row(default: int, anonymous: int = 302, **overrides: int) -> dict[str, int]:
    row = {p: default for p in PERSONAS}
    row["anonymous"] = anonymous
    row.update(overrides)
    return row


# name -> (method, kwargs builder, expected status per persona)
MATRIX = {
    "healthz": ("get", lambda w: {}, ALL),
    "login": ("get", lambda w: {}, _row(302, anonymous=200)),
    "home": ("get", lambda w: {}, _row(302)),
    "projects:list": ("get", lambda w: {}, _row(200)),
    "projects:detail": ("get", lambda w: {"pk": w.project_a.pk}, _row(200, charlie=404)),
    "projects:edit": ("get", lambda w: {"pk": w.project_a.pk}, _row(403, petra=200, ada=200, charlie=404)),
    "projects:settings": (
        "get",
        lambda w: {"pk": w.project_a.pk},
        _row(403, petra=200, ada=200, charlie=404),
    ),
    "projects:setting_delete": (
        "post",
        lambda w: {"pk": w.project_a.pk, "kind": "target", "item_pk": 999999},
        _row(403, petra=404, ada=404, charlie=404),
    ),
    "participants:list": (
        "get",
        lambda w: {"project_pk": w.project_a.pk},
        _row(403, alice=200, bob=200, petra=200, charlie=404),
    ),
    "participants:enrol": (
        "get",
        lambda w: {"project_pk": w.project_a.pk},
        _row(403, alice=200, bob=200, petra=200, charlie=404),
    ),
    "participants:referrals": (
        "get",
        lambda w: {"project_pk": w.project_a.pk},
        _row(403, alice=200, bob=200, petra=200, rita=200, charlie=404),
    ),
    "participants:refer": (
        "get",
        lambda w: {"project_pk": w.project_a.pk},
        _row(403, alice=200, bob=200, petra=200, rita=200, charlie=404),
    ),
    "participants:referral_decline": (
        "get",
        lambda w: {"project_pk": w.project_a.pk, "pk": w.pending_referral.pk},
        _row(403, alice=200, bob=200, petra=200, charlie=404),
    ),
    "participants:referred_status": (
        "get",
        lambda w: {"project_pk": w.project_a.pk},
        _row(403, rita=200, charlie=404),
    ),
    "participants:detail": ("get", lambda w: {"pk": w.alice_enrolment.pk}, _row(404, alice=200, petra=200)),
    "participants:phase": ("get", lambda w: {"pk": w.alice_enrolment.pk}, _row(404, alice=200, petra=200)),
    "participants:exit": ("get", lambda w: {"pk": w.alice_enrolment.pk}, _row(404, alice=200, petra=200)),
    "participants:consent_add": (
        "get",
        lambda w: {"pk": w.alice_enrolment.pk},
        _row(404, alice=200, petra=200),
    ),
    "participants:consent_withdraw": (
        "get",
        lambda w: {"pk": w.alice_enrolment.pk, "consent_pk": w.alice_enrolment.person.consents.first().pk},
        _row(404, alice=200, petra=200),
    ),
    "participants:sensitive_open": (
        "post",
        lambda w: {"pk": w.alice_enrolment.pk},
        _row(404, alice=200, petra=200),
    ),
    # Last: it ends the session.
    "logout": ("post", lambda w: {}, _row(302, anonymous=302)),
}


def _app_matrices() -> dict:
    """Each app may add rows in stegvis/<app>/tests/access.py (a MATRIX dict of the same shape)."""
    import importlib
    import importlib.util

    from django.conf import settings

    rows: dict = {}
    for app in settings.INSTALLED_APPS:
        if app.startswith("stegvis.") and importlib.util.find_spec(f"{app}.tests.access") is not None:
            rows.update(importlib.import_module(f"{app}.tests.access").MATRIX)
    return rows


# Apps' rows come before logout, which must stay last: it ends the session.
_logout = MATRIX.pop("logout")
MATRIX.update(_app_matrices())
MATRIX["logout"] = _logout

# Framework pages with their own access control, outside the matrix.
EXCLUDED_PREFIXES = ("admin:", "set_language")

# Participants each persona may see by name; every other demo name must never appear.
NAMES = {"Aina", "Bertil", "Cecilia", "Rune"}
VISIBLE = {
    "alice": {"Aina", "Rune"},
    "bob": {"Bertil"},
    "charlie": {"Cecilia"},
    "petra": {"Aina", "Bertil", "Rune"},
    "rita": {"Rune"},
    "sven": set(),
    "ada": set(),
    "anonymous": set(),
}


def _url_names(resolver: URLResolver, namespace: str = "") -> set[str]:
    names: set[str] = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= _url_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


def test_every_url_is_in_the_matrix():
    names = {n for n in _url_names(get_resolver()) if not n.startswith(EXCLUDED_PREFIXES)}
    assert names - set(MATRIX) == set(), "add these URLs to the access matrix"


@pytest.mark.parametrize("persona", PERSONAS)
def test_access_matrix(world, persona):
    session_client = world.client_for(persona)
    failures = []
    for name, (method, kwargs, expected, *extra) in MATRIX.items():
        # A row may carry options: "client" (world, persona) -> Client, e.g. an API token per
        # persona instead of a session; "json" (world) -> the request's JSON body; "discloses":
        # names the page exists to show (the register extract hands a person their own data).
        options = extra[0] if extra else {}
        client = options["client"](world, persona) if "client" in options else session_client
        url = reverse(name, kwargs=kwargs(world))
        if "json" in options:
            response = getattr(client, method)(url, options["json"](world), content_type="application/json")
        else:
            response = getattr(client, method)(url)
        if response.status_code != expected[persona]:
            failures.append(f"{name}: {response.status_code} != {expected[persona]}")
        content_type = response.get("Content-Type", "")
        if response.status_code == 200 and content_type.startswith(("text/html", "application/json")):
            content = response.content.decode()
            allowed = VISIBLE[persona] | options.get("discloses", set())
            leaked = {n for n in NAMES - allowed if n in content}
            if leaked:
                failures.append(f"{name} leaks {sorted(leaked)}")
        if persona != "anonymous" and "text/html" in response.get("Content-Type", ""):
            assert "no-store" in response["Cache-Control"], name
    assert not failures, failures


def test_coach_cannot_open_colleagues_enrolment(world):
    response = world.client_for("bob").get(reverse("participants:detail", args=[world.alice_enrolment.pk]))
    assert response.status_code == 404


def test_coach_cannot_open_other_project_enrolment(world):
    response = world.client_for("charlie").get(
        reverse("participants:detail", args=[world.alice_enrolment.pk])
    )
    assert response.status_code == 404


def test_coach_granted_whole_project_sees_colleagues(world):
    world.alice.memberships.filter(project=world.project_a).update(whole_project=True)
    response = world.client_for("alice").get(reverse("participants:detail", args=[world.bob_enrolment.pk]))
    assert response.status_code == 200


def test_steering_group_sees_suppressed_counts_only(world):
    response = world.client_for("sven").get(reverse("projects:detail", args=[world.project_a.pk]))
    assert response.status_code == 200
    assert ">..<" in response.content.decode()
    assert "Deltagare</a>" not in response.content.decode()


def test_project_manager_sees_exact_counts(world):
    response = world.client_for("petra").get(reverse("projects:detail", args=[world.project_a.pk]))
    figures = response.context["figures"]
    assert figures["current"].total == 3
