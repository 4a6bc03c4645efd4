"""The analysis section of the annual report: the conclusions and proposed measures saved for the year."""

from __future__ import annotations

from typing import Any

from stegvis.analysis import selectors
from stegvis.analysis.models import Dimension


def annual_section(project, year: int, **kwargs: Any) -> dict[str, Any]:
    """The saved conclusions and measures written in the year or about a period overlapping it.

    Free text about groups, written by the project manager: shown as it is, to
    everyone who may read the annual report.
    """
    labels = dict(Dimension.choices)
    notes = [
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
    return {"key": "analysis", "notes": notes}
