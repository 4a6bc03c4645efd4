from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "stegvis.activities"
    label = "activities"
    verbose_name = _("Insatser")

    def ready(self) -> None:
        from stegvis.accounts.selectors import has_participant_access
        from stegvis.activities import selectors, timeline
        from stegvis.activities.panels import activities_panel
        from stegvis.participants import panels
        from stegvis.participants import timeline as participant_timeline
        from stegvis.projects import links

        panels.register(activities_panel)
        for source in timeline.SOURCES:
            if source not in participant_timeline.SOURCES:
                participant_timeline.SOURCES.append(source)
        links.register(
            links.ProjectLink(40, _("Gruppaktiviteter"), "activities:group_list", has_participant_access)
        )
        links.register(
            links.ProjectLink(41, _("Timmar i insatser"), "activities:hours", has_participant_access)
        )
        links.register(
            links.ProjectLink(42, _("Insatskatalog"), "activities:catalogue", selectors.can_view_catalogue)
        )
