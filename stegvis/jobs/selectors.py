"""Reading jobs: only their owner sees them (not visible = 404)."""

from __future__ import annotations

import uuid

from django.http import Http404

from stegvis.accounts.models import User
from stegvis.jobs.models import Job
from stegvis.jobs.services import cached_progress


def job_get_for(user: User, pk: uuid.UUID) -> Job:
    job = Job.objects.filter(pk=pk, created_by=user).first()
    if job is None:
        raise Http404
    return cached_progress(job)
