from django.apps import AppConfig
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _ensure_defaults(sender, using=DEFAULT_DB_ALIAS, **kwargs) -> None:
    """Like Django's own permissions: the shipped questionnaires exist after every migrate."""
    from stegvis.surveys.models import Questionnaire
    from stegvis.surveys.services import questionnaires_ensure_defaults

    if using != DEFAULT_DB_ALIAS:
        return
    # Not after migrating the app back to before its tables existed.
    if Questionnaire._meta.db_table not in connections[using].introspection.table_names():
        return
    questionnaires_ensure_defaults()


class SurveysConfig(AppConfig):
    name = "stegvis.surveys"
    label = "surveys"
    verbose_name = _("Enkäter")

    def ready(self) -> None:
        from stegvis.participants import panels, timeline
        from stegvis.projects import links, sections
        from stegvis.surveys import panels as survey_panels

        panels.register(survey_panels.SURVEY_PANEL)
        if survey_panels.survey_events not in timeline.SOURCES:
            timeline.SOURCES.append(survey_panels.survey_events)
        sections.register(survey_panels.RESULTS_SECTION)
        links.register(survey_panels.SURVEYS_LINK)
        post_migrate.connect(_ensure_defaults, sender=self, dispatch_uid="surveys.ensure_defaults")
