"""Starting background jobs and reporting their progress from inside a task.

A task is a module-level function `run(job, **params)`; `job_start` records a Job and
enqueues the one django-tasks task `stegvis.jobs.tasks.run_job`, which marks the job
running, calls `run`, and marks it done or failed. Inside `run`, call `job_progress`
as work advances and `job_finish` with the result file (or let it return: the job is
then done without a file). Raise `JobError` with a Swedish message for a failure the
user should read; any other exception fails the job with a generic message.

Progress is also written to Django's cache, so a page can show it while the task
holds a database transaction open (an all-or-nothing import does).
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from stegvis.accounts.models import User
from stegvis.jobs.models import Job, JobStatus
from stegvis.projects.models import Project

PROGRESS_TTL = 3600


class JobError(Exception):
    """A failure the owner may read: the message is Swedish and holds no personal data."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def generic_error() -> str:
    return _("Något gick fel när jobbet kördes. Försök igen, och kontakta administratören om felet består.")


def _progress_key(job_id: uuid.UUID | str) -> str:
    return f"jobs:progress:{job_id}"


def runner_path(task: Callable[..., Any]) -> str:
    path = f"{task.__module__}.{task.__qualname__}"
    if not path.startswith("stegvis.") or "<" in path:
        raise ValueError("a job task must be a module-level function in stegvis")
    return path


def job_start(
    *,
    user: User,
    kind: str,
    project: Project | None = None,
    task: Callable[..., Any],
    params: dict[str, Any],
    next_url: str = "",
) -> Job:
    """Record a queued job and enqueue it (after the surrounding transaction commits, for threads).

    `params` must be JSON-serialisable: ids, not objects. `next_url`, if given, is a local
    page the progress page moves on to when the job is done (e.g. a report of the result).
    """
    from stegvis.jobs.tasks import run_job

    path = runner_path(task)
    job = Job.objects.create(created_by=user, kind=kind[:40], project=project, next_url=next_url[:300])
    run_job.enqueue(str(job.pk), path, params)
    return job


def job_progress(
    job_id: uuid.UUID | str,
    *,
    done: int | None = None,
    total: int | None = None,
    message: str | None = None,
) -> None:
    """Report progress; `message` is shown to the owner, so never personal data."""
    changes: dict[str, Any] = {}
    if done is not None:
        changes["done"] = max(0, done)
    if total is not None:
        changes["total"] = max(0, total)
    if message is not None:
        changes["message"] = message[:200]
    if not changes:
        return
    cached = cache.get(_progress_key(job_id)) or {}
    cached.update(changes)
    cache.set(_progress_key(job_id), cached, PROGRESS_TTL)
    Job.objects.filter(pk=job_id).update(**changes)


def cached_progress(job: Job) -> Job:
    """Overlay progress a running task reported from inside its own transaction."""
    if job.status == JobStatus.RUNNING:
        for field, value in (cache.get(_progress_key(job.pk)) or {}).items():
            setattr(job, field, value)
    return job


def job_finish(
    job_id: uuid.UUID | str,
    *,
    content: bytes | None = None,
    filename: str = "",
    content_type: str = "",
    message: str | None = None,
) -> Job:
    """Mark the job done; a result file is stored privately until STEGVIS_JOB_RESULT_HOURS have passed."""
    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job_id)
        now = timezone.now()
        job.status = JobStatus.DONE
        job.finished_at = now
        if job.total:
            job.done = job.total
        if message is not None:
            job.message = message[:200]
        if content is not None:
            job.result.save(f"{job.pk}.bin", ContentFile(content), save=False)
            job.result_name = filename[:200] or "resultat"
            job.content_type = content_type[:100] or "application/octet-stream"
            job.expires_at = now + datetime.timedelta(hours=settings.JOB_RESULT_HOURS)
        job.save()
    cache.delete(_progress_key(job_id))
    return job


def job_fail(job_id: uuid.UUID | str, error: str) -> None:
    """Mark the job failed with a Swedish message the owner may read (no personal data)."""
    Job.objects.filter(pk=job_id).update(
        status=JobStatus.FAILED, error=error[:500], finished_at=timezone.now()
    )
    cache.delete(_progress_key(job_id))


def job_mark_running(job_id: uuid.UUID | str) -> bool:
    """Claim a queued job; False if it was already claimed or finished (a task must run once)."""
    return bool(Job.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(status=JobStatus.RUNNING))


def job_result_delete(job: Job) -> None:
    if job.result:
        job.result.delete(save=False)
    Job.objects.filter(pk=job.pk).update(result="", expires_at=None)


def jobs_purge(*, now: datetime.datetime | None = None, stale_hours: int = 12) -> tuple[int, int]:
    """Delete expired result files, and fail jobs left queued or running by a stopped process.

    Returns (results deleted, stale jobs failed).
    """
    now = now or timezone.now()
    deleted = 0
    for job in Job.objects.filter(expires_at__lte=now).exclude(result=""):
        job_result_delete(job)
        deleted += 1
    stale = Job.objects.filter(
        status__in=[JobStatus.QUEUED, JobStatus.RUNNING],
        created_at__lte=now - datetime.timedelta(hours=stale_hours),
    ).update(
        status=JobStatus.FAILED,
        error=_("Jobbet avbröts innan det blev klart. Starta det igen."),
        finished_at=now,
    )
    return deleted, stale
