"""The progress page of a background job and the download of its result."""

from __future__ import annotations

import uuid

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme

from stegvis.audit.services import audit_log, request_path
from stegvis.jobs import selectors
from stegvis.jobs.models import JobStatus


@login_required
def job_detail(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    """Progress, polled by htmx every second until the job is done; then a download or the error."""
    job = selectors.job_get_for(request.user, pk)
    next_url = job.next_url if url_has_allowed_host_and_scheme(job.next_url, allowed_hosts=None) else ""
    if request.htmx:
        if job.status == JobStatus.DONE and next_url:
            response = HttpResponse(status=204)
            response["HX-Redirect"] = next_url
            return response
        return render(request, "jobs/_progress.html", {"job": job, "next_url": next_url})
    return render(request, "jobs/job_detail.html", {"job": job, "next_url": next_url})


@login_required
def job_download(request: HttpRequest, pk: uuid.UUID) -> FileResponse:
    job = selectors.job_get_for(request.user, pk)
    if not job.result_available:
        raise Http404
    audit_log(
        user=request.user, action="jobs.downloaded", project_id=job.project_id, path=request_path(request)
    )
    return FileResponse(
        job.result.open("rb"), as_attachment=True, filename=job.result_name, content_type=job.content_type
    )
