from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "stegvis.plans"
    label = "plans"

    def ready(self) -> None:
        from stegvis.participants import panels, timeline
        from stegvis.plans import panels as plan_panels
        from stegvis.projects import links

        panels.register(plan_panels.PLAN_PANEL)
        if plan_panels.plan_events not in timeline.SOURCES:
            timeline.SOURCES.append(plan_panels.plan_events)
        links.register(plan_panels.CASELOAD_LINK)
