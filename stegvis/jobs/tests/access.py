"""The jobs app's rows in the access matrix: a job is its owner's alone; everyone else gets 404."""

from __future__ import annotations

from stegvis.conftest import PERSONAS
from stegvis.jobs.services import job_start
from stegvis.jobs.tests import runners


def _row(default: int, anonymous: int = 302, **overrides: int) -> dict[str, int]:
    row = {p: default for p in PERSONAS}
    row["anonymous"] = anonymous
    row.update(overrides)
    return row


def _job(w) -> dict:
    job = getattr(w, "_jobs_job", None)
    if job is None:
        job = job_start(
            user=w.petra, kind="test", project=w.project_a, task=runners.count_to, params={"n": 3}
        )
        w._jobs_job = job
    return {"pk": job.pk}


MATRIX = {
    "jobs:detail": ("get", _job, _row(404, petra=200)),
    "jobs:download": ("get", _job, _row(404, petra=200)),
}
