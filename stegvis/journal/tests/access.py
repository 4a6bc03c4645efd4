"""Access-matrix rows for the journal (collected by core/tests/test_access_matrix.py).

Notes follow the enrolment: alice (whose caseload it is) and petra (project manager)
only; a colleague, another project's coach, the referrer, the steering group and the
administrator get 404, so not even the existence of a note is revealed. Only the
author corrects a note.
"""

from __future__ import annotations

from stegvis.conftest import PERSONAS
from stegvis.journal.tests.factories import alice_sensitive_note


def _row(default: int, anonymous: int = 302, **overrides: int) -> dict[str, int]:
    row = {p: default for p in PERSONAS}
    row["anonymous"] = anonymous
    row.update(overrides)
    return row


MATRIX = {
    "journal:list": ("get", lambda w: {"pk": w.alice_enrolment.pk}, _row(404, alice=200, petra=200)),
    "journal:add": ("get", lambda w: {"pk": w.alice_enrolment.pk}, _row(404, alice=200, petra=200)),
    # Posted without a purpose: the form asks for one and nothing is shown or logged.
    "journal:open": ("post", lambda w: {"pk": alice_sensitive_note(w).pk}, _row(404, alice=200, petra=200)),
    "journal:correct": (
        "get",
        lambda w: {"pk": alice_sensitive_note(w).pk},
        _row(404, alice=200, petra=403),
    ),
}
