"""The privacy app's rows in the access matrix (stegvis/core/tests/test_access_matrix.py).

Administrators only: the review, the register extract, gallring and the register of
processing. A project's retention rule is also open to its project manager; members
in other roles get 403, users outside the project 404.
"""

from __future__ import annotations

from stegvis.conftest import PERSONAS


def _row(default: int, anonymous: int = 302, **overrides: int) -> dict[str, int]:
    row = {p: default for p in PERSONAS}
    row["anonymous"] = anonymous
    row.update(overrides)
    return row


ADMIN_ONLY = _row(403, ada=200)


def _person(w) -> dict:
    return {"pk": w.rita_enrolment.person_id}


MATRIX = {
    "privacy:index": ("get", lambda w: {}, ADMIN_ONLY),
    "privacy:access_log": ("get", lambda w: {}, ADMIN_ONLY),
    "privacy:subject_search": ("get", lambda w: {}, ADMIN_ONLY),
    "privacy:subject_detail": ("get", _person, ADMIN_ONLY),
    "privacy:subject_pdf": ("get", _person, ADMIN_ONLY),
    # The machine-readable register extract is the person's own data, handed to them on request.
    "privacy:subject_json": ("get", _person, ADMIN_ONLY, {"discloses": {"Rune"}}),
    "privacy:retention": ("get", lambda w: {}, ADMIN_ONLY),
    "privacy:register": ("get", lambda w: {}, ADMIN_ONLY),
    "privacy:retention_edit": (
        "get",
        lambda w: {"pk": w.project_a.pk},
        _row(403, petra=200, ada=200, charlie=404),
    ),
}
