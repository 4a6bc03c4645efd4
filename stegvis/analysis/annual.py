"""The analysis section of the annual report: the conclusions and proposed measures saved for the year.

The annual report (stegvis.reports.annual, SECTIONS) calls each section with an
AnnualContext (project, year, suppress, today) and takes a Section or None. The
notes are free text about groups, written by the project manager: shown as written,
with the breakdown and period they are about; no count of people is shown here.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from stegvis.analysis import selectors
from stegvis.analysis.models import Dimension


def notes_for_year(project, year: int) -> list[dict[str, Any]]:
    labels = dict(Dimension.choices)
    return [
        {
            "dimension": str(labels.get(note.dimension, note.dimension)),
            "period_start": note.period_start,
            "period_end": note.period_end,
            "group_a": note.group_a,
            "group_b": note.group_b,
            "conclusion": note.conclusion,
            "measure": note.measure,
            "author": note.author.get_full_name(),
            "created_at": note.created_at,
        }
        for note in selectors.notes_of_year(project, year)
    ]


def _heading(note: dict[str, Any]) -> str:
    heading = _("%(dimension)s, %(start)s – %(end)s") % {
        "dimension": note["dimension"],
        "start": note["period_start"].isoformat(),
        "end": note["period_end"].isoformat(),
    }
    if note["group_a"]:
        heading += ": " + _("%(a)s jämfört med %(b)s") % {"a": note["group_a"], "b": note["group_b"]}
    return heading


def annual_section(context) -> Any:
    """The year's saved conclusions and measures as a Section of the annual report; None without notes."""
    from stegvis.reports.annual import Section

    notes = notes_for_year(context.project, context.year)
    if not notes:
        return None
    subsections = []
    for note in notes:
        paragraphs = [_("Slutsats: %(text)s") % {"text": note["conclusion"]}]
        if note["measure"]:
            paragraphs.append(_("Föreslagen åtgärd: %(text)s") % {"text": note["measure"]})
        subsections.append((_heading(note), paragraphs))
    return Section(
        title=_("Analys: slutsatser och åtgärder"),
        paragraphs=[
            _(
                "Projektledarens slutsatser av analysen av utfall per grupp och de åtgärder som föreslås, "
                "med den indelning och period som de bygger på."
            )
        ],
        key="analys",
        subsections=subsections,
    )
