"""Delete expired job results and fail jobs a stopped process left behind. Run it hourly (cron)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from stegvis.jobs.services import jobs_purge


class Command(BaseCommand):
    help = "Deletes background-job result files past their expiry and fails jobs stuck for hours."

    def handle(self, *args, **options) -> None:
        deleted, stale = jobs_purge()
        self.stdout.write(f"{deleted} result files deleted, {stale} stuck jobs marked failed")
