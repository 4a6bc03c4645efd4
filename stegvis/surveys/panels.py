"""What the surveys app adds to other apps' pages: the participant page's questionnaire panel
and timeline events, the project overview's results section and the project page's link."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stegvis.accounts.models import User
from stegvis.accounts.selectors import has_participant_access
from stegvis.participants.models import Enrolment
from stegvis.participants.panels import Panel
from stegvis.participants.timeline import Event
from stegvis.projects.links import ProjectLink
from stegvis.projects.models import Project
from stegvis.projects.sections import Section
from stegvis.surveys import selectors
from stegvis.surveys.models import Response


def panel_context(request: HttpRequest, enrolment: Enrolment) -> dict[str, Any]:
    """The participant page has already checked access to the enrolment. Two queries (three with answers)."""
    responses = selectors.enrolment_responses(enrolment)
    now = timezone.now()
    links = [link for link in selectors.enrolment_links(enrolment) if link.is_usable(now)]
    return {
        "responses": responses,
        "comparisons": [
            c for c in selectors.comparisons_for(responses) if c.comparable or c.different_versions
        ],
        "open_links": links,
        # Consent to surveys is checked where a link or paper form is made (and shown in the
        # page's own consent card), which keeps this panel to two queries.
        "occasions_left": selectors.occasions_left(responses),
        "now": now,
    }


SURVEY_PANEL = Panel(order=30, template="surveys/_panel.html", context=panel_context)


def survey_events(enrolment: Enrolment) -> Iterable[Event]:
    """Links made (to be sent by the coach) and questionnaires answered; shares the panel's queries."""
    for link in sorted(selectors.enrolment_links(enrolment), key=lambda link: (link.created_at, link.pk)):
        yield Event(
            timezone.localdate(link.created_at),
            "survey",
            _("Enkätlänk skapad: %(name)s %(occasion)s")
            % {"name": link.version.questionnaire.name, "occasion": link.get_occasion_display()},
            _("Att skicka till deltagaren; gäller till och med %(date)s.")
            % {"date": timezone.localdate(link.expires_at).isoformat()},
            order=6,
        )
    for response in selectors.enrolment_responses(enrolment):
        how = _("via länk") if response.channel == Response.Channel.LINK else _("på papper")
        yield Event(
            response.answered_on,
            "survey",
            _("Enkät besvarad: %(name)s %(occasion)s")
            % {"name": response.questionnaire.name, "occasion": response.get_occasion_display()},
            how,
            order=7,
        )


def section_context(
    request: HttpRequest, project: Project, participant_access: bool
) -> dict[str, Any] | None:
    """Increased well-being against the target, and the partner questionnaire in brief."""
    wellbeing = selectors.wellbeing_result(project, suppress=not participant_access)
    partners = selectors.partner_results(project, suppress=not participant_access)
    if not wellbeing.has_data and wellbeing.target is None and not partners:
        return None
    return {"wellbeing": wellbeing, "partners": partners, "participant_access": participant_access}


RESULTS_SECTION = Section(order=30, template="surveys/_project_section.html", context=section_context)


def _sees_questionnaires(user: User, project: Project) -> bool:
    return has_participant_access(user, project)


SURVEYS_LINK = ProjectLink(
    order=50, label=gettext_lazy("Enkäter"), url_name="surveys:project", visible=_sees_questionnaires
)
