from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "stegvis.assessments"
    label = "assessments"
    verbose_name = _("Skattning och stegförflyttning")

    def ready(self) -> None:
        from stegvis.assessments import panels as assessment_panels
        from stegvis.participants import panels, timeline
        from stegvis.projects import links, sections

        panels.register(assessment_panels.ASSESSMENT_PANEL)
        if assessment_panels.assessment_events not in timeline.SOURCES:
            timeline.SOURCES.append(assessment_panels.assessment_events)
        sections.register(assessment_panels.STEP_MOVEMENT_SECTION)
        links.register(assessment_panels.INSTRUMENTS_LINK)
        links.register(assessment_panels.RULE_LINK)
        links.register(assessment_panels.FIDELITY_LINK)
