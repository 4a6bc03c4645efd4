from django.apps import AppConfig


class JournalConfig(AppConfig):
    name = "stegvis.journal"
    label = "journal"

    def ready(self) -> None:
        from stegvis.journal.panels import panel_context
        from stegvis.journal.timeline import journal_events
        from stegvis.participants import panels, timeline

        panels.register(panels.Panel(order=40, template="journal/_panel.html", context=panel_context))
        if journal_events not in timeline.SOURCES:
            timeline.SOURCES.append(journal_events)
