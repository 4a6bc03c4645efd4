"""Background jobs: status, progress, result, failure, expiry and the owner-only pages."""

from __future__ import annotations

import datetime
import logging

import pytest
from django.urls import reverse
from django.utils import timezone

from stegvis.audit.models import AuditEntry
from stegvis.jobs.models import Job, JobStatus
from stegvis.jobs.services import job_start, jobs_purge
from stegvis.jobs.tests import runners


def _start(world, task, **params) -> Job:
    job = job_start(user=world.petra, kind="test", project=world.project_a, task=task, params=params)
    job.refresh_from_db()
    return job


def test_finished_job_keeps_its_result_for_the_configured_hours(world, settings):
    settings.JOB_RESULT_HOURS = 5
    job = _start(world, runners.count_to, n=4)
    assert job.status == JobStatus.DONE
    assert (job.done, job.total, job.message) == (4, 4, "Räknar")
    assert job.result_available
    assert job.expires_at - job.finished_at == datetime.timedelta(hours=5)
    assert str(settings.PRIVATE_DATA_DIR) in job.result.path


def test_job_that_returns_without_a_file_is_done(world):
    job = _start(world, runners.no_file)
    assert job.status == JobStatus.DONE
    assert not job.result_available


def test_job_error_message_is_shown_to_the_owner(world):
    job = _start(world, runners.refuses)
    assert job.status == JobStatus.FAILED
    assert job.error == "Filen saknar rubrikrad."
    response = world.client_for("petra").get(reverse("jobs:detail", args=[job.pk]))
    assert "Filen saknar rubrikrad." in response.content.decode()
    assert 'role="alert"' in response.content.decode()


def test_unexpected_error_fails_with_a_generic_message_and_logs_no_content(world, caplog):
    with caplog.at_level(logging.ERROR):
        job = _start(world, runners.breaks, secret="19121212-1212")
    assert job.status == JobStatus.FAILED
    assert "Något gick fel" in job.error
    assert "1212" not in caplog.text
    assert "RuntimeError" in caplog.text


def test_only_a_module_level_stegvis_function_can_be_a_job(world):
    with pytest.raises(ValueError):
        job_start(user=world.petra, kind="test", task=print, params={})


def test_progress_page_polls_until_done(world):
    job = Job.objects.create(created_by=world.petra, kind="test", status=JobStatus.RUNNING, done=2, total=8)
    client = world.client_for("petra")
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in page
    assert '<progress aria-labelledby="job-' in page and 'value="25"' in page
    assert "2 av 8 (25 %)" in page
    fragment = client.get(reverse("jobs:detail", args=[job.pk]), headers={"HX-Request": "true"})
    assert "<html" not in fragment.content.decode()
    assert 'aria-live="polite"' in fragment.content.decode()


def test_done_job_stops_polling_and_offers_the_download(world):
    job = _start(world, runners.count_to, n=2)
    page = world.client_for("petra").get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "every 1s" not in page
    assert reverse("jobs:download", args=[job.pk]) in page
    assert "Ladda ner tal.csv" in page


def test_done_job_with_a_next_page_redirects_the_poll(world):
    job = job_start(user=world.petra, kind="test", task=runners.no_file, params={}, next_url="/projekt/")
    response = world.client_for("petra").get(
        reverse("jobs:detail", args=[job.pk]), headers={"HX-Request": "true"}
    )
    assert response["HX-Redirect"] == "/projekt/"


def test_a_foreign_next_url_is_never_followed(world):
    job = job_start(
        user=world.petra, kind="test", task=runners.no_file, params={}, next_url="https://evil.example/"
    )
    response = world.client_for("petra").get(
        reverse("jobs:detail", args=[job.pk]), headers={"HX-Request": "true"}
    )
    assert "HX-Redirect" not in response
    assert "evil.example" not in response.content.decode()


def test_download_is_logged_and_served_as_attachment(world):
    job = _start(world, runners.count_to, n=1)
    response = world.client_for("petra").get(reverse("jobs:download", args=[job.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"a;b\n1;2\n"
    assert 'attachment; filename="tal.csv"' == response["Content-Disposition"]
    assert AuditEntry.objects.filter(
        action="jobs.downloaded", user=world.petra, project_id=world.project_a.pk
    ).exists()


def test_another_user_cannot_see_or_download_a_job(world):
    job = _start(world, runners.count_to, n=1)
    client = world.client_for("alice")
    assert client.get(reverse("jobs:detail", args=[job.pk])).status_code == 404
    assert client.get(reverse("jobs:download", args=[job.pk])).status_code == 404


def test_expired_result_cannot_be_downloaded_and_is_purged(world):
    job = _start(world, runners.count_to, n=1)
    path = job.result.path
    Job.objects.filter(pk=job.pk).update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    assert world.client_for("petra").get(reverse("jobs:download", args=[job.pk])).status_code == 404
    assert jobs_purge() == (1, 0)
    job.refresh_from_db()
    assert not job.result
    import os

    assert not os.path.exists(path)


def test_purge_fails_jobs_left_running_by_a_stopped_process(world):
    job = Job.objects.create(created_by=world.petra, kind="test", status=JobStatus.RUNNING)
    Job.objects.filter(pk=job.pk).update(created_at=timezone.now() - datetime.timedelta(hours=13))
    assert jobs_purge() == (0, 1)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.error


def test_purge_jobs_command(world, capsys):
    from django.core.management import call_command

    call_command("purge_jobs")
    assert "0 result files deleted" in capsys.readouterr().out
