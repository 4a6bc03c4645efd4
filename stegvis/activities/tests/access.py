"""Access-matrix rows for every activities URL (collected by core/tests/test_access_matrix.py).

Group pages show the booked participants: alice must see Aina and Rune but only a count
for Bertil, bob only Bertil, and the matrix's leak check holds every page to that.
"""

from __future__ import annotations

from stegvis.activities.tests import factories
from stegvis.conftest import PERSONAS


def _row(default: int, anonymous: int = 302, **overrides: int) -> dict[str, int]:
    row = {p: default for p in PERSONAS}
    row["anonymous"] = anonymous
    row.update(overrides)
    return row


MISSING = 999999
# Coaches and the project manager of project A; charlie's project is another one.
TEAM = _row(403, alice=200, bob=200, petra=200, charlie=404)
TEAM_MISSING = _row(403, alice=404, bob=404, petra=404, charlie=404)
# Whoever may open Aina's participant page.
AINA = _row(404, alice=200, petra=200)


def _project(w) -> dict:
    return {"project_pk": w.project_a.pk}


def _group(w) -> dict:
    return {"project_pk": w.project_a.pk, "pk": factories.group_for(w).pk}


def _session(w) -> dict:
    return {
        "project_pk": w.project_a.pk,
        "group_pk": factories.group_for(w).pk,
        "pk": factories.past_session_for(w).pk,
    }


def _activity(w) -> dict:
    return {"enrolment_pk": w.alice_enrolment.pk, "pk": factories.activity_for(w).pk}


MATRIX = {
    "activities:catalogue": ("get", _project, _row(403, alice=200, bob=200, petra=200, ada=200, charlie=404)),
    "activities:type_edit": (
        "get",
        lambda w: {"project_pk": w.project_a.pk, "pk": factories.activity_type(w.project_a, "Praktik").pk},
        _row(403, petra=200, ada=200, charlie=404),
    ),
    "activities:type_delete": (
        "post",
        lambda w: {"project_pk": w.project_a.pk, "pk": MISSING},
        _row(403, petra=404, ada=404, charlie=404),
    ),
    "activities:hours": ("get", _project, TEAM),
    "activities:group_list": ("get", _project, TEAM),
    "activities:group_add": ("get", _project, TEAM),
    "activities:group_detail": ("get", _group, TEAM),
    "activities:group_edit": ("get", _group, TEAM),
    "activities:bookings": ("get", _group, TEAM),
    "activities:booking_end": (
        "post",
        lambda w: {"project_pk": w.project_a.pk, "group_pk": factories.group_for(w).pk, "pk": MISSING},
        TEAM_MISSING,
    ),
    "activities:session_add": ("get", _group, TEAM),
    "activities:attendance": ("get", _session, TEAM),
    "activities:session_edit": ("get", _session, TEAM),
    "activities:session_delete": (
        "post",
        lambda w: {"project_pk": w.project_a.pk, "group_pk": factories.group_for(w).pk, "pk": MISSING},
        TEAM_MISSING,
    ),
    "activities:enrolment_activities": ("get", lambda w: {"enrolment_pk": w.alice_enrolment.pk}, AINA),
    "activities:activity_add": ("get", lambda w: {"enrolment_pk": w.alice_enrolment.pk}, AINA),
    "activities:activity_detail": ("get", _activity, AINA),
    "activities:activity_edit": ("get", _activity, AINA),
    "activities:activity_end": ("get", _activity, AINA),
}
