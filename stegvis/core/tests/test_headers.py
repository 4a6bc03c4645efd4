"""Security headers on public and signed-in pages, and templates that the strict CSP allows."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

ROOT = Path(settings.BASE_DIR)
TEMPLATE_DIRS = [ROOT / "templates", *sorted((ROOT / "stegvis").glob("*/templates"))]

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
STYLE_ELEMENT = re.compile(r"<style[\s>]", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"<[a-zA-Z][^>]*\sstyle\s*=", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[a-zA-Z][^>]*\son[a-z]+\s*=", re.IGNORECASE)
JS_URL = re.compile(r"""(href|src|action)\s*=\s*["']\s*javascript:""", re.IGNORECASE)
COMMENTS = re.compile(r"{#.*?#}|{%\s*comment\s*%}.*?{%\s*endcomment\s*%}", re.DOTALL)


def _templates() -> list[Path]:
    return [p for d in TEMPLATE_DIRS for p in d.rglob("*.html")]


def test_there_are_templates_to_scan():
    assert len(_templates()) > 20


@pytest.mark.parametrize(
    ("name", "pattern"),
    [
        ("inline <script>", INLINE_SCRIPT),
        ("<style> element", STYLE_ELEMENT),
        ("style attribute", STYLE_ATTRIBUTE),
        ("event-handler attribute", EVENT_HANDLER),
        ("javascript: URL", JS_URL),
    ],
)
def test_no_template_needs_unsafe_inline(name, pattern):
    found = []
    for path in _templates():
        text = COMMENTS.sub("", path.read_text(encoding="utf-8"))
        found += [f"{path.relative_to(ROOT)}: {m.group(0)[:80]}" for m in pattern.finditer(text)]
    assert not found, f"{name} in templates (move it to a static file):\n" + "\n".join(found)


def test_the_scan_catches_what_it_looks_for():
    assert INLINE_SCRIPT.search("<script>alert(1)</script>")
    assert not INLINE_SCRIPT.search('<script src="/static/x.js" defer></script>')
    assert STYLE_ATTRIBUTE.search('<div class="a" style="color:red">')
    assert EVENT_HANDLER.search('<button type="button" onclick="go()">')
    assert not EVENT_HANDLER.search('<input name="once">')


def _assert_strict_headers(response) -> None:
    csp = response["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert directives["base-uri"] == "'none'"
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.django_db
def test_public_pages_send_the_strict_headers(client):
    for url in (reverse("login"), reverse("password_reset"), reverse("healthz")):
        response = client.get(url)
        assert response.status_code == 200
        _assert_strict_headers(response)


@pytest.mark.django_db
def test_signed_in_pages_send_the_strict_headers_and_are_never_stored(world):
    client = world.client_for("alice")
    for url in (
        reverse("projects:list"),
        reverse("participants:detail", args=[world.alice_enrolment.pk]),
        reverse("accounts:security"),
        reverse("accounts:2fa_setup"),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        _assert_strict_headers(response)
        assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_second_factor_pages_are_never_stored_before_verification(world):
    client = Client()
    client.force_login(world.alice)
    response = client.get(reverse("accounts:2fa_setup"))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_hsts_is_sent_over_https_in_production(client, settings):
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    response = client.get(reverse("login"), secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


def test_htmx_may_not_inject_its_indicator_style():
    base = (ROOT / "templates" / "base.html").read_text(encoding="utf-8")
    assert '"includeIndicatorStyles": false' in base
    css = (ROOT / "static" / "css" / "stegvis.css").read_text(encoding="utf-8")
    assert ".htmx-indicator" in css
