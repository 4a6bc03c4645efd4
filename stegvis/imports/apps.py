from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "stegvis.imports"
    label = "imports"

    def ready(self) -> None:
        from stegvis.imports import links, services
        from stegvis.jobs import kinds
        from stegvis.projects import links as project_links

        project_links.register(links.IMPORT_LINK)
        kinds.register(services.KIND_CHECK, _("Kontroll av importfil"))
        kinds.register(services.KIND_IMPORT, _("Import av deltagare"))
