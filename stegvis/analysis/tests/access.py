"""The analysis app's rows in the access matrix (stegvis/core/tests/test_access_matrix.py).

The page: the project manager (exact figures), the steering group and the administrator
(suppressed); coaches with a caseload only and the referrer get 403, another project's
coach 404. Conclusions are written by the project manager only.
"""

from __future__ import annotations

from stegvis.conftest import PERSONAS


def _row(default: int, anonymous: int = 302, **overrides: int) -> dict[str, int]:
    row = {p: default for p in PERSONAS}
    row["anonymous"] = anonymous
    row.update(overrides)
    return row


def _project(w) -> dict:
    return {"project_pk": w.project_a.pk}


MATRIX = {
    "analysis:index": ("get", _project, _row(403, petra=200, sven=200, ada=200, charlie=404)),
    # An empty POST: the project manager gets the page back with the form's errors.
    "analysis:note_create": ("post", _project, _row(403, petra=200, charlie=404)),
}
