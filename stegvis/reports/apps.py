from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "stegvis.reports"
    label = "reports"
    verbose_name = _("Rapporter")

    def ready(self) -> None:
        from stegvis.jobs import kinds
        from stegvis.participants import panels
        from stegvis.projects import links, sections
        from stegvis.reports import annual, cost, esf, finsam, goals  # noqa: F401 - registers the exporters
        from stegvis.reports import panels as report_panels

        panels.register(report_panels.POST_EXIT_PANEL)
        sections.register(report_panels.DUE_SECTION)
        kinds.register("reports.export", _("Rapportfil"))
        kinds.register("reports.annual", _("Årsrapport"))
        for link in report_panels.LINKS:
            links.register(link)
