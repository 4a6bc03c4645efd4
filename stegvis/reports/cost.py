"""Kostnad: cost per participant reached and per participant with a step movement at exit.

From the project's total budget and its granted support (stegvis.projects Project), for
the whole project and for a chosen period:
- whole project: the full budget over the persons ever reached, and over the persons
  whose latest exit met the project's step-movement rule at the exit date;
- period: the budget spread evenly over the project's days (start to end date), the part
  that falls in the period, over the persons reached and leavers with a step movement in
  the period.
Persons are counted by gender; the cost is per person, so it is given for all together.
A cost is hidden whenever the count it is divided by is hidden (the budget is public, so
the count could otherwise be worked out).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stegvis.assessments import selectors as assessment_selectors
from stegvis.core.suppression import SUPPRESSED
from stegvis.participants.models import Enrolment
from stegvis.reports import figures
from stegvis.reports.exporters import (
    GENDER_HEADERS,
    MONEY,
    TEXT,
    Column,
    Exporter,
    Period,
    Table,
    gender_table,
    register,
)

WHOLE = Period(datetime.date.min, datetime.date.max)


def per_person(amount: Decimal | int | None, persons: int | str) -> int | str | None:
    """Whole kronor per person; hidden with the count, none without an amount or a person."""
    if persons == SUPPRESSED:
        return SUPPRESSED
    if amount is None or not persons:
        return None
    return int((Decimal(amount) / persons).quantize(Decimal(1)))


def period_share(project, period: Period) -> Decimal | None:
    """The part of the project's days (start to end date, both included) that fall in the period."""
    if not (project.start_date and project.end_date) or project.end_date < project.start_date:
        return None
    days = (project.end_date - project.start_date).days + 1
    start, end = max(period.start, project.start_date), min(period.end, project.end_date)
    inside = max((end - start).days + 1, 0)
    return Decimal(inside) / Decimal(days)


def _part(amount: Decimal | None, share: Decimal | None) -> int | None:
    if amount is None or share is None:
        return None
    return int((amount * share).quantize(Decimal(1)))


@register
class Cost(Exporter):
    identifier = "kostnad"
    name = gettext_lazy("Kostnad")
    description = gettext_lazy(
        "Kostnad per nådd deltagare och per deltagare med stegförflyttning vid avslut, från "
        "projektets budget och beviljade stöd, för perioden och hela projektet."
    )

    def notes(self) -> list[str]:
        notes = [
            _(
                "Budgeten för perioden är den del av projektets totala budget och beviljade stöd som "
                "faller på periodens dagar, jämnt fördelat över projekttiden. Kostnaden per deltagare "
                "är beloppet delat med antalet personer, avrundat till hela kronor."
            ),
            assessment_selectors.rule_text(
                assessment_selectors.rule_for(self.project, with_instrument=False)
            ),
        ]
        if self.project.total_budget is None and self.project.granted_support is None:
            notes.append(
                _("Projektet saknar total budget och beviljat stöd. Fyll i dem under projektets uppgifter.")
            )
        elif period_share(self.project, self.period) is None:
            notes.append(
                _("Projektet saknar start- eller slutdatum, så budgeten kan inte fördelas på perioden.")
            )
        return notes

    def _moved_and_reached(self, period: Period) -> tuple[dict[str, int], dict[str, int]]:
        reached = figures.persons_by_gender(figures.active_in(self.project, period))
        leavers = figures.leavers(self.project, period)
        steps = assessment_selectors.step_movements_at_exit(
            Enrolment.objects.filter(pk__in=[leaver.enrolment_id for leaver in leavers])
        )

        def moved(leaver) -> bool:
            result = steps.get(leaver.enrolment_id)
            return result is not None and result.met

        return reached, figures.count_by_gender(leavers, moved)

    def tables(self) -> list[Table]:
        project = self.project
        share = period_share(project, self.period)
        budget = [
            [_("Total projektbudget"), project.total_budget, _part(project.total_budget, share)],
            [_("Beviljat stöd"), project.granted_support, _part(project.granted_support, share)],
        ]
        budget_table = Table(
            _("Budget och beviljat stöd"),
            [Column(_("Belopp"), TEXT), Column(_("Hela projektet"), MONEY), Column(_("Perioden"), MONEY)],
            [[label, None if whole is None else int(whole), part] for label, whole, part in budget],
            note=_("Andel av projekttiden i perioden: %(share)s.")
            % {"share": "–" if share is None else f"{round(100 * share)} %"},
            key="budget",
        )
        whole_reached, whole_moved = self._moved_and_reached(WHOLE)
        period_reached, period_moved = self._moved_and_reached(self.period)
        amounts = {
            "whole": (project.total_budget, project.granted_support),
            "period": (_part(project.total_budget, share), _part(project.granted_support, share)),
        }
        columns = [
            Column(_("Underlag"), TEXT),
            *(Column(str(label)) for label in GENDER_HEADERS),
            Column(_("Kostnad per person (kr)"), MONEY),
            Column(_("Stöd per person (kr)"), MONEY),
        ]

        def rows(whole: dict[str, int], part: dict[str, int]) -> list[list]:
            out = []
            for label, counts, key in (
                (_("Hela projektet"), whole, "whole"),
                (_("Perioden"), part, "period"),
            ):
                cells = gender_table([counts], suppress=self.suppress)[0]
                total_amount, support = amounts[key]
                out.append(
                    [label, *cells, per_person(total_amount, cells[-1]), per_person(support, cells[-1])]
                )
            return out

        return [
            budget_table,
            Table(
                _("Kostnad per nådd deltagare"),
                columns,
                rows(whole_reached, period_reached),
                note=_(
                    "Nådda: personer som varit inskrivna någon dag under tiden. Felregistreringar räknas inte."
                ),
                key="per_reached",
            ),
            Table(
                _("Kostnad per deltagare med stegförflyttning vid avslut"),
                columns,
                rows(whole_moved, period_moved),
                note=_(
                    "Personer vars senaste avslut under tiden uppfyllde projektets regel för stegförflyttning."
                ),
                key="per_step",
            ),
        ]
