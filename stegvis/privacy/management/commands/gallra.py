"""``manage.py gallra``: anonymise participants past their project's retention period (run daily from cron)."""

from __future__ import annotations

import datetime

from django.apps import apps
from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from stegvis.privacy import services
from stegvis.privacy.selectors import retention_all


class Command(BaseCommand):
    help = (
        "Gallrar (anonymiserar) deltagare vars alla projekt har passerat sin gallringsfrist och inte har "
        "gallringsstopp. Med --dry-run visas bara antal, inget ändras. Skriver aldrig ut personuppgifter."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Visa vad som skulle gallras, ändra inget."
        )
        parser.add_argument("--date", help="Räkna som om det vore detta datum (ÅÅÅÅ-MM-DD); standard i dag.")

    def handle(self, *args, dry_run: bool = False, date: str | None = None, **options) -> None:  # type: ignore[no-untyped-def]
        today = datetime.date.fromisoformat(date) if date else timezone.localdate()
        if dry_run:
            plan = services.erasure_plan(today=today)
            self.stdout.write(
                f"Provkörning {today.isoformat()}: {plan.persons} personer, {plan.enrolments} inskrivningar"
            )
        else:
            plan = services.retention_erase(today=today)
            self.stdout.write(
                f"Gallring {today.isoformat()}: {plan.persons} personer anonymiserade, {plan.enrolments} inskrivningar"
            )
        names = {r.project.pk: r.project.name for r in retention_all()}
        for project_id, persons in sorted(plan.per_project.items()):
            self.stdout.write(f"  {names.get(project_id, project_id)}: {persons} personer")
        for label, rows in sorted(plan.rows.items()):
            if rows:
                self.stdout.write(f"  {apps.get_model(label)._meta.verbose_name_plural}: {rows} rader")
