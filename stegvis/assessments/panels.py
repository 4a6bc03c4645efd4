"""What the assessments app adds to other apps' pages: the participant page's panel and timeline
events, the project page's step-movement section, and its links."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stegvis.accounts.models import User
from stegvis.accounts.selectors import has_participant_access
from stegvis.assessments import charts, selectors
from stegvis.assessments.models import Assessment
from stegvis.assessments.overview import enrolment_overview
from stegvis.participants.models import Enrolment
from stegvis.participants.panels import Panel
from stegvis.participants.timeline import Event
from stegvis.projects.links import ProjectLink
from stegvis.projects.models import Project
from stegvis.projects.sections import Section

# --- participant page --------------------------------------------------------------------------


def panel_context(request: HttpRequest, enrolment: Enrolment) -> dict[str, Any]:
    """The participant page has checked access to the enrolment."""
    from stegvis.assessments.views import step_movement_context

    readings = selectors.assessments_of(enrolment)
    step = step_movement_context(enrolment)
    return {
        "overview": enrolment_overview(readings, with_timelines=False),
        "step": step,
        "reading_count": len(readings),
        # A saved rule may say the project does not assess; the default rule uses Stegvis's instrument.
        "can_record": step["rule"].pk is None or step["rule"].instrument_id is not None,
    }


ASSESSMENT_PANEL = Panel(order=15, template="assessments/_panel.html", context=panel_context)


def assessment_events(enrolment: Enrolment) -> Iterable[Event]:
    """Readings (one event per day and instrument, whoever rated), and the day the project's rule for
    step movement was met, if it is met now."""
    by_day: dict[tuple, list[Assessment]] = {}
    for reading in selectors.assessments_of(enrolment):
        by_day.setdefault((reading.assessed_on, reading.instrument_id), []).append(reading)
    for (on, _instrument), readings in by_day.items():
        raters = (" " + _("och") + " ").join(r.get_rater_display().lower() for r in readings)
        occasions = ", ".join(dict.fromkeys(r.get_occasion_display() for r in readings))
        yield Event(
            on,
            "assessment",
            _("Skattning: %(instrument)s") % {"instrument": readings[0].instrument.name},
            _("%(occasion)s. Skattad av %(raters)s.") % {"occasion": occasions, "raters": raters},
            order=6,
        )
    result = selectors.step_movement_for(enrolment)
    if result.met and result.since is not None:
        yield Event(result.since, "step_movement", _("Stegförflyttning enligt projektets regel"), order=8)


# --- project page ------------------------------------------------------------------------------


def section_context(
    request: HttpRequest, project: Project, participant_access: bool
) -> dict[str, Any] | None:
    figures = selectors.project_step_movement(project, suppress=not participant_access)
    bars = []
    if figures.exited_count:
        row = figures.exited[0]
        bars = [(str(label), row.cells[code].percent) for code, label in _genders()]
        bars.append((_("Totalt"), row.total.percent))
    chart = None
    if bars:
        chart = charts.share_bars(
            bars,
            target=figures.target.threshold_percent if figures.target else None,
            title=_("Andel avslutade med stegförflyttning vid avslut, per kön"),
        )
    return {
        "figures": figures,
        "genders": _genders(),
        "chart": chart,
        "can_manage": selectors.can_manage(request.user, project),
    }


def _genders() -> list[tuple[str, str]]:
    from stegvis.core.models import Gender

    return list(Gender.choices)


STEP_MOVEMENT_SECTION = Section(
    order=20, template="assessments/_project_section.html", context=section_context
)


def _reads_instruments(user: User, project: Project) -> bool:
    return has_participant_access(user, project) or selectors.can_manage(user, project)


INSTRUMENTS_LINK = ProjectLink(
    order=60,
    label=gettext_lazy("Skattningsinstrument"),
    url_name="assessments:instruments",
    visible=_reads_instruments,
)
RULE_LINK = ProjectLink(
    order=61,
    label=gettext_lazy("Stegförflyttning"),
    url_name="assessments:rule",
    visible=selectors.can_manage,
)
FIDELITY_LINK = ProjectLink(
    order=62,
    label=gettext_lazy("IPS-trohet"),
    url_name="assessments:fidelity_list",
    visible=selectors.may_see_fidelity,
)
