"""``manage.py seed_demo``: the five seed projects with synthetic participants and demo logins."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from stegvis.core import demo


class Command(BaseCommand):
    help = (
        "Läser in de fem seedprojekten (EgenmaktsArenan Dalarna, REBUS, ISA 2.0, Steg för steg – IPS 2.0, "
        "MIA med sex delprojekt) med syntetiska deltagare och demoinloggningar. Gör inget om demodata redan finns."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        if demo.demo_loaded():
            self.stdout.write("Demodata finns redan (projektet REBUS finns). Inget har ändrats.")
            return
        taken = demo.conflicting_usernames()
        if taken:
            raise CommandError(
                "Användarnamnen finns redan men demodata saknas: "
                + ", ".join(taken)
                + ". Byt namn på eller ta bort dessa användare och kör igen."
            )
        result = demo.load_demo()
        for line in demo.summary(result):
            self.stdout.write(line)
