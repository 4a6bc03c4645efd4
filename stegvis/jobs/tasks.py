"""The one django-tasks task every job runs through: status, errors and clean-up in one place."""

from __future__ import annotations

import logging
from typing import Any

from django.utils import translation
from django.utils.module_loading import import_string
from django_tasks import task

from stegvis.jobs import services
from stegvis.jobs.models import Job, JobStatus

logger = logging.getLogger(__name__)


@task()
def run_job(job_id: str, runner: str, params: dict[str, Any]) -> None:
    if not runner.startswith("stegvis."):
        raise ValueError("job runners live in stegvis")
    if not services.job_mark_running(job_id):
        return
    job = Job.objects.get(pk=job_id)
    try:
        # Messages are stored in Swedish, the application's first language.
        with translation.override("sv"):
            import_string(runner)(job, **params)
    except services.JobError as error:
        services.job_fail(job_id, error.message)
        return
    except Exception as error:
        # The exception's text may hold personal data: log only its type.
        logger.error("job %s (%s) failed: %s", job_id, job.kind, type(error).__name__)
        services.job_fail(job_id, services.generic_error())
        return
    if Job.objects.filter(pk=job_id, status=JobStatus.RUNNING).exists():
        services.job_finish(job_id)
