"""The demo's thread backend runs a job after the enqueuing transaction commits, in another thread."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import transaction
from django_tasks.signals import task_finished

from stegvis.accounts.tests.factories import UserFactory
from stegvis.jobs import backends
from stegvis.jobs.models import Job, JobStatus
from stegvis.jobs.services import job_start
from stegvis.jobs.tests import runners


@pytest.mark.django_db(transaction=True)
def test_thread_backend_runs_the_job_after_commit(settings):
    settings.TASKS = {"default": {"BACKEND": "stegvis.jobs.backends.ThreadBackend"}}
    finished = threading.Event()
    threads: list[str] = []

    def on_finished(sender, task_result, **kwargs):
        threads.append(threading.current_thread().name)
        finished.set()

    task_finished.connect(on_finished, weak=False)
    try:
        user = UserFactory()
        with transaction.atomic():
            job = job_start(user=user, kind="test", task=runners.count_to, params={"n": 3})
            time.sleep(0.2)
            # Not started before commit: the thread could not even see the row yet.
            assert not finished.is_set()
            assert Job.objects.get(pk=job.pk).status == JobStatus.QUEUED
        # Waiting on the signal, not polling: the in-memory test database locks whole tables.
        assert finished.wait(timeout=10)
    finally:
        task_finished.disconnect(on_finished)
        # Let the pool thread close its database connection before the test database goes.
        pool = backends._executors.pop("default", None)
        if pool is not None:
            pool.shutdown(wait=True)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert job.done == 3
    assert threads[0].startswith("tasks-default")
