"""Delete uploaded import files left for more than a day without being imported. Run it hourly (cron)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from stegvis.imports.services import imports_purge


class Command(BaseCommand):
    help = "Deletes uploaded import files that were neither imported nor abandoned within 24 hours."

    def handle(self, *args, **options) -> None:
        self.stdout.write(f"{imports_purge()} import files deleted")
