from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalysisConfig(AppConfig):
    name = "stegvis.analysis"
    label = "analysis"
    verbose_name = _("Analys")

    def ready(self) -> None:
        from stegvis.analysis import (
            breakdown,  # noqa: F401 - registers the exporter
            selectors,
        )
        from stegvis.analysis.annual import annual_section
        from stegvis.projects import links

        links.register(
            links.ProjectLink(
                order=82, label=_("Analys"), url_name="analysis:index", visible=selectors.may_see_analysis
            )
        )
        try:
            from stegvis.reports import annual
        except ImportError:
            annual = None
        if annual is not None:
            # Before the project manager's own texts, when the report has that section.
            annual.register(annual_section, before=getattr(annual, "texts", None))
