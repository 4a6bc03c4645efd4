"""Job functions the tests run (a job's task must be a module-level function)."""

from __future__ import annotations

from stegvis.jobs.services import JobError, job_finish, job_progress


def count_to(job, *, n: int) -> None:
    job_progress(job.pk, total=n, message="Räknar")
    for i in range(1, n + 1):
        job_progress(job.pk, done=i)
    job_finish(job.pk, content=b"a;b\n1;2\n", filename="tal.csv", content_type="text/csv")


def no_file(job) -> None:
    job_progress(job.pk, done=1, total=1)


def refuses(job) -> None:
    raise JobError("Filen saknar rubrikrad.")


def breaks(job, *, secret: str) -> None:
    raise RuntimeError(f"crashed on {secret}")
