"""The Finsam follow-up against the hand-computed data set (conftest.py): the leavers P1, P2 and P3.

Columns: kvinna, man, annan, uppgift saknas, totalt.
"""

from __future__ import annotations

from stegvis.core.suppression import SUPPRESSED as H
from stegvis.reports.finsam import FinsamFollowUp, main_source
from stegvis.reports.tests.conftest import YEAR_2024


def _tables(world, *, suppress: bool) -> dict:
    report = FinsamFollowUp(project=world.project_a, period=YEAR_2024, suppress=suppress).report()
    return {table.key: {tuple(row[:-5]): row[-5:] for row in table.rows} for table in report.tables}


def test_sysselsattning_before_and_after(world, data):
    tables = _tables(world, suppress=False)
    before = tables["sysselsattning_before"]
    assert before[("Aktivt arbetssökande",)] == [1, 1, 0, 0, 2]  # P1, P3
    assert before[("Övrigt",)] == [1, 0, 0, 0, 1]  # P2
    assert before[("Förvärvsarbete",)] == [0, 0, 0, 0, 0]
    assert before[("Totalt",)] == [2, 1, 0, 0, 3]
    after = tables["sysselsattning_after"]
    assert after[("Förvärvsarbete",)] == [1, 1, 0, 0, 2]
    assert after[("Studier",)] == [1, 0, 0, 0, 1]
    assert after[("Totalt",)] == [2, 1, 0, 0, 3]


def test_forsorjning_before_and_after(world, data):
    rows = _tables(world, suppress=False)["forsorjning"]
    assert rows[("Lön", "Före")] == [0, 0, 0, 0, 0]
    assert rows[("Lön", "Efter")] == [1, 1, 0, 0, 2]
    assert rows[("A-kassa", "Före")] == [1, 0, 0, 0, 1]
    assert rows[("Försörjningsstöd", "Före")] == [1, 0, 0, 0, 1]
    assert rows[("Studiemedel", "Efter")] == [1, 0, 0, 0, 1]
    assert ("Sjukpenning (inkl. rehabiliteringspenning)", "Före") not in rows  # nobody had it


def test_forsorjning_after_by_forsorjning_before(world, data):
    report = FinsamFollowUp(project=world.project_a, period=YEAR_2024, suppress=False).report()
    cross = next(t for t in report.tables if t.key == "forsorjning_cross")
    assert [c.label for c in cross.columns] == ["Före \\ efter", "Lön", "Studiemedel", "Totalt"]
    assert cross.rows == [
        ["Sjukersättning", 0, 1, 1],  # P2: sjukersättning ranks with försörjningsstöd and comes first
        ["A-kassa", 1, 0, 1],
        ["Aktivitetsstöd (inkl. utvecklingsersättning)", 1, 0, 1],
        ["Totalt", 2, 1, 3],
    ]
    assert main_source(frozenset()) == "saknas" and main_source(frozenset({"annat"})) == "annat"


def test_time_in_project(world, data):
    rows = _tables(world, suppress=False)["time"]
    # P1 182 days, P3 153 days: 3–6 months; P2 184 days: 6–12 months.
    assert rows[("3–6 månader",)] == [1, 1, 0, 0, 2]
    assert rows[("6–12 månader",)] == [1, 0, 0, 0, 1]
    assert rows[("Upp till 3 månader",)] == [0, 0, 0, 0, 0]
    assert rows[("Totalt",)] == [2, 1, 0, 0, 3]


def test_finsam_is_suppressed_for_the_steering_group(world, data):
    tables = _tables(world, suppress=True)
    assert tables["time"][("Totalt",)] == [H, H, 0, 0, H]
    assert tables["sysselsattning_after"][("Förvärvsarbete",)] == [H, H, 0, 0, H]
    report = FinsamFollowUp(project=world.project_a, period=YEAR_2024, suppress=True).report()
    cross = next(t for t in report.tables if t.key == "forsorjning_cross")
    assert all(value in (0, H) for row in cross.rows for value in row[1:])
