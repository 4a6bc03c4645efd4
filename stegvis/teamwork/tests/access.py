"""Access-matrix rows for samverkansteam and samverkanshinder (collected by core/tests/test_access_matrix.py).

Meetings: coaches, the project manager and the project's referrer (rita) see them;
the steering group and the administrator do not (403); another project's coach gets
404. The meeting holds cases about Aina, Bertil and Rune: the matrix's leak check
proves that each persona sees only the names it may see (bob only Bertil, rita only
Rune), the rest as pseudonyms.

Barriers: coaches, the project manager and the steering group see them (the steering
group without personal data: the barrier is linked to Aina, whose name must not
show); only the project manager takes a barrier further.
"""

from __future__ import annotations

from stegvis.conftest import PERSONAS
from stegvis.teamwork.tests.factories import barrier, first_agenda_item, first_task, team_meeting


def _row(default: int, anonymous: int = 302, **overrides: int) -> dict[str, int]:
    row = {p: default for p in PERSONAS}
    row["anonymous"] = anonymous
    row.update(overrides)
    return row


TEAM = {"alice": 200, "bob": 200, "petra": 200, "rita": 200, "charlie": 404}
STAFF = {"alice": 200, "bob": 200, "petra": 200, "charlie": 404}
BARRIER_READERS = {"alice": 200, "bob": 200, "petra": 200, "sven": 200, "charlie": 404}


def _project(w) -> dict:
    return {"project_pk": w.project_a.pk}


def _meeting(w) -> dict:
    return {"pk": team_meeting(w).pk}


def _barrier(w) -> dict:
    return {"pk": barrier(w).pk}


MATRIX = {
    "teamwork:meetings": ("get", _project, _row(403, **TEAM)),
    "teamwork:meeting_create": ("get", _project, _row(403, **STAFF)),
    "teamwork:meeting": ("get", _meeting, _row(403, **TEAM)),
    "teamwork:meeting_edit": ("get", _meeting, _row(403, **STAFF)),
    "teamwork:agenda_add": ("get", _meeting, _row(403, **STAFF)),
    # bob edits Aina's case knowing it only by its pseudonym.
    "teamwork:agenda_edit": ("get", lambda w: {"pk": first_agenda_item(w).pk}, _row(403, **STAFF)),
    "teamwork:task_add": ("get", _meeting, _row(403, **STAFF)),
    # Everyone in the team ticks tasks off; posted without data it reopens an open task: no change.
    "teamwork:task_toggle": (
        "post",
        lambda w: {"pk": first_task(w).pk},
        _row(403, **{**TEAM, "alice": 302, "bob": 302, "petra": 302, "rita": 302}),
    ),
    "teamwork:barriers": ("get", _project, _row(403, **BARRIER_READERS)),
    "teamwork:barrier_create": ("get", _project, _row(403, **STAFF)),
    "teamwork:barrier": ("get", _barrier, _row(403, **BARRIER_READERS)),
    # Only the one who recorded it (alice) and the project manager edit a registered barrier.
    "teamwork:barrier_edit": ("get", _barrier, _row(403, alice=200, petra=200, charlie=404)),
    "teamwork:barrier_raise": ("get", _barrier, _row(403, petra=200, charlie=404)),
    # Not yet raised, so there is no decision to record: the project manager is sent back.
    "teamwork:barrier_decide": ("get", _barrier, _row(403, petra=302, charlie=404)),
    "teamwork:barrier_close": ("get", _barrier, _row(403, petra=200, charlie=404)),
}
