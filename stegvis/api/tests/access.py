"""The API's rows in the access matrix (stegvis/core/tests/test_access_matrix.py).

API rows are requested with a token of each persona (anonymous: no token, 401), not a
session. The rules are the pages': not visible is 404, visible but not for this role is
403. Writes are sent so that they change nothing: a stale `version` (409 for those who may
write) or a body the page's rules refuse (422).
"""

from __future__ import annotations

import datetime

from django.test import Client

from stegvis.api import services
from stegvis.conftest import PERSONAS
from stegvis.plans import services as plan_services
from stegvis.plans.models import ActionPlan


def _row(default: int, anonymous: int = 401, **overrides: int) -> dict[str, int]:
    row = {p: default for p in PERSONAS}
    row["anonymous"] = anonymous
    row.update(overrides)
    return row


def token_client(w, persona: str) -> Client:
    """A client that sends the persona's API key (made once per world); no session at all."""
    clients = w.__dict__.setdefault("_api_clients", {})
    if persona not in clients:
        if persona == "anonymous":
            clients[persona] = Client()
        else:
            user = getattr(w, persona)
            _token, key = services.token_create(user=user, name="Matris", valid_days=30, by=user)
            clients[persona] = Client(headers={"Authorization": f"Bearer {key}"})
    return clients[persona]


TOKEN = {"client": token_client}


def _project(w) -> dict:
    return {"project_id": w.project_a.pk}


def _enrolment(w) -> dict:
    return {"enrolment_id": w.alice_enrolment.pk}


def _with_plan(w) -> dict:
    """Alice's participant gets an action plan, made once per world."""
    if not ActionPlan.objects.filter(enrolment=w.alice_enrolment).exists():
        plan_services.plan_create(enrolment=w.alice_enrolment, by=w.alice)
    return _enrolment(w)


STALE = 999
TODAY = datetime.date.today().isoformat()

# Schema-valid, but the page's rules refuse it: an anonymous participant needs a birth year.
ENROL_REFUSED = {
    "identity": "anonymous",
    "gender": "kvinna",
    "start_date": TODAY,
    "sysselsattning": "ovrigt",
    "income_sources": ["annat"],
    "labour_status": "unknown",
    "education": "unknown",
}

PARTICIPANT = _row(404, alice=200, petra=200)
WRITE = _row(404, alice=409, petra=409)

MATRIX = {
    # The token page is an ordinary signed-in page.
    "apitokens:list": ("get", lambda w: {}, _row(200, anonymous=302)),
    "apitokens:revoke": ("post", lambda w: {"pk": 999999}, _row(404, anonymous=302)),
    # The schema is public (it holds no data); the root only names the API's address.
    "api-v1:openapi-json": ("get", lambda w: {}, _row(200, anonymous=200)),
    "api-v1:api-root": ("get", lambda w: {}, _row(404, anonymous=404)),
    "api-v1:projects": ("get", lambda w: {}, _row(200), TOKEN),
    "api-v1:project": ("get", _project, _row(200, charlie=404), TOKEN),
    "api-v1:project_figures": ("get", _project, _row(200, charlie=404), TOKEN),
    "api-v1:enrolments": ("get", _project, _row(403, alice=200, bob=200, petra=200, charlie=404), TOKEN),
    "api-v1:enrolment_create": (
        "post",
        _project,
        _row(403, alice=422, bob=422, petra=422, charlie=404),
        {**TOKEN, "json": lambda w: ENROL_REFUSED},
    ),
    "api-v1:referred": ("get", _project, _row(403, rita=200, charlie=404), TOKEN),
    "api-v1:enrolment": ("get", _enrolment, PARTICIPANT, TOKEN),
    "api-v1:enrolment_phase": (
        "post",
        _enrolment,
        WRITE,
        {**TOKEN, "json": lambda w: {"phase": "aktivitet", "on": TODAY, "version": STALE}},
    ),
    "api-v1:enrolment_exit": (
        "post",
        _enrolment,
        WRITE,
        {
            **TOKEN,
            "json": lambda w: {
                "exit_date": TODAY,
                "reason": "work",
                "outcome": "employment",
                "sysselsattning": "forvarvsarbete",
                "income_sources": ["lon"],
                "version": STALE,
            },
        },
    ),
    "api-v1:plan": ("get", _with_plan, PARTICIPANT, TOKEN),
    "api-v1:activities": ("get", _enrolment, PARTICIPANT, TOKEN),
    "api-v1:assessments": ("get", _enrolment, PARTICIPANT, TOKEN),
    # No level given: refused by the service's rule (422) for those who may record.
    "api-v1:assessment_create": (
        "post",
        _enrolment,
        _row(404, alice=422, petra=422),
        {
            **TOKEN,
            "json": lambda w: {"assessed_on": TODAY, "occasion": "entry", "rater": "coach", "levels": []},
        },
    ),
}
