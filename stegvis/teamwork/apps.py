from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TeamworkConfig(AppConfig):
    name = "stegvis.teamwork"
    label = "teamwork"

    def ready(self) -> None:
        from stegvis.participants import timeline
        from stegvis.projects import links
        from stegvis.teamwork import selectors
        from stegvis.teamwork.timeline import agenda_events

        links.register(
            links.ProjectLink(
                order=50,
                label=_("Samverkansteam"),
                url_name="teamwork:meetings",
                visible=selectors.may_see_meetings,
            )
        )
        links.register(
            links.ProjectLink(
                order=51,
                label=_("Samverkanshinder"),
                url_name="teamwork:barriers",
                visible=selectors.may_see_barriers,
            )
        )
        if agenda_events not in timeline.SOURCES:
            timeline.SOURCES.append(agenda_events)
