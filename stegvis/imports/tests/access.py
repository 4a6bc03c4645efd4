"""The imports app's rows in the access matrix.

Only a project manager of the project may import; an import is seen only by the one who
uploaded it (others get 404, like a participant they cannot see).
"""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from stegvis.conftest import PERSONAS
from stegvis.imports import services


def _row(default: int, anonymous: int = 302, **overrides: int) -> dict[str, int]:
    row = {p: default for p in PERSONAS}
    row["anonymous"] = anonymous
    row.update(overrides)
    return row


def _run(w) -> dict:
    run = getattr(w, "_imports_run", None)
    if run is None:
        upload = SimpleUploadedFile("deltagare.csv", "Födelseår;Kön\n1990;Kvinna\n".encode())
        run = services.import_upload(project=w.project_a, upload=upload, by=w.petra)
        w._imports_run = run
    return {"pk": run.pk}


def _project(w) -> dict:
    return {"project_pk": w.project_a.pk}


PROJECT_MANAGER_ONLY = _row(403, petra=200, charlie=404)
OWNER_ONLY = _row(404, petra=200)

MATRIX = {
    "imports:start": ("get", _project, PROJECT_MANAGER_ONLY),
    "imports:template": ("get", _project, PROJECT_MANAGER_ONLY),
    "imports:detail": ("get", _run, OWNER_ONLY),
    "imports:mapping": ("get", _run, OWNER_ONLY),
    "imports:abandon": ("get", _run, OWNER_ONLY),
    # Not checked yet, so the import is refused with a message and leads back to the import.
    "imports:run": ("post", _run, _row(404, petra=302)),
}
