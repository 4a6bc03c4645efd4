"""Every figure of the goal-fulfilment and ESF+ reports against the hand-computed data set (conftest.py).

Columns: kvinna, man, annan, uppgift saknas, totalt.
"""

from __future__ import annotations

import datetime

from stegvis.core.suppression import SUPPRESSED as H
from stegvis.reports.esf import EsfIndicators, MonthlyParticipants
from stegvis.reports.goals import GoalFulfilment
from stegvis.reports.tests.conftest import YEAR_2024


def _tables(exporter_cls, world, *, suppress: bool, period=YEAR_2024) -> dict:
    report = exporter_cls(project=world.project_a, period=period, suppress=suppress).report()
    return {table.key: table for table in report.tables}


def _by_code(table) -> dict[str, list]:
    return {row[0]: row[2:] for row in table.rows}


def test_esf_output_indicators_count_each_person_once_from_the_entry(world, data):
    rows = _by_code(_tables(EsfIndicators, world, suppress=False)["output"])
    # Aina, P1, P2 kvinna; Bertil, Rune, P3 (re-entry once) man; P4 annan; P5 felregistrering out.
    assert rows["EECO01"] == [3, 3, 1, 0, 7]
    assert rows["EECO02"] == [1, 1, 0, 0, 2]  # P1 long-term, P3 unemployed
    assert rows["EECO03"] == [1, 0, 0, 0, 1]
    assert rows["EECO04"] == [1, 0, 0, 0, 1]  # P2
    assert rows["EECO05"] == [0, 0, 1, 0, 1]  # P4
    assert rows["EECO06"] == [0, 0, 1, 0, 1]  # P4, 16 by birth year
    assert rows["EECO07"] == [1, 1, 0, 0, 2]  # P1 23, P3 25
    assert rows["EECO08"] == [1, 0, 0, 0, 1]  # P2 63
    assert rows["EECO09"] == [1, 0, 0, 0, 1]
    assert rows["EECO10"] == [1, 0, 0, 0, 1]
    assert rows["EECO11"] == [0, 1, 0, 0, 1]
    assert rows["EECO12"] == [1, 0, 0, 0, 1]
    assert rows["EECO14"] == [1, 0, 0, 0, 1]
    assert rows["EECO17"] == [0, 0, 1, 0, 1]
    for code in ("EECO13", "EECO15", "EECO16"):
        assert rows[code] == [0, 0, 0, 0, 0]
    assert len(rows) == 17


def test_esf_results_use_the_latest_exit_and_the_post_exit_check(world, data):
    tables = _tables(EsfIndicators, world, suppress=False)
    immediate = _by_code(tables["immediate"])
    # Leavers: P1 (work), P2 (studies, qualification), P3 once with his latest exit (work).
    assert immediate["EECR01"] == [0, 0, 0, 0, 0]  # P3's first exit to job seeking is not his latest
    assert immediate["EECR02"] == [1, 0, 0, 0, 1]
    assert immediate["EECR03"] == [1, 0, 0, 0, 1]
    assert immediate["EECR04"] == [1, 1, 0, 0, 2]
    longer = _by_code(tables["longer"])
    assert longer["EECR05"] == [1, 0, 0, 0, 1]
    assert longer["EECR06"] == [1, 0, 0, 0, 1]
    checks = {row[0]: row[1:] for row in tables["checks"].rows}
    assert list(checks.values()) == [[2, 1, 0, 0, 3], [1, 1, 0, 0, 2], [1, 0, 0, 0, 1]]


def test_esf_counts_are_suppressed_for_the_steering_group(world, data):
    rows = _by_code(_tables(EsfIndicators, world, suppress=True)["output"])
    assert rows["EECO01"] == [H, H, H, 0, 7]
    assert rows["EECO02"] == [H, H, 0, 0, H]
    assert rows["EECO13"] == [0, 0, 0, 0, 0]


def test_a_later_period_does_not_count_the_re_entry_again(world, data):
    from stegvis.reports.exporters import Period

    rows = _by_code(
        _tables(
            EsfIndicators,
            world,
            suppress=False,
            period=Period(datetime.date(2024, 4, 2), datetime.date(2024, 12, 31)),
        )["output"]
    )
    assert rows["EECO01"] == [0, 0, 1, 0, 1]  # only P4; P3's re-entry in May is not a new participant


def test_goal_fulfilment_measures_by_gender(world, data):
    tables = _tables(GoalFulfilment, world, suppress=False)
    step = tables["step_movement_at_exit"].rows
    assert step[0][1:] == [1, 0, 0, 0, 1]  # P1 moved phase forward
    assert step[1][1:] == [2, 1, 0, 0, 3]
    assert step[2][1:] == [50, 0, None, None, 33]
    work = tables["work_or_studies_at_exit"].rows
    assert work[0][1:] == [2, 1, 0, 0, 3] and work[2][1:] == [100, 100, None, None, 100]
    plan = tables["action_plan_at_exit"].rows
    assert plan[0][1:] == [1, 0, 0, 0, 1] and plan[2][-1] == 33
    wellbeing = tables["increased_wellbeing"].rows
    assert wellbeing[0][1:] == [1, 1, 0, 0, 2]  # P1 2→4, P3 3→5; P2 3→3
    assert wellbeing[1][1:] == [2, 1, 0, 0, 3]
    assert wellbeing[2][1:] == [50, 100, None, None, 67]


def test_goal_fulfilment_targets_against_actuals(world, data):
    targets = {row[0]: row[1:] for row in _tables(GoalFulfilment, world, suppress=False)["targets"].rows}
    assert targets["Stegförflyttning vid avslut"] == [80, 33, 3, "Nej"]
    assert targets["Arbete eller studier vid avslut"] == [30, 100, 3, "Ja"]
    assert targets["Fastställd handlingsplan vid avslut"] == [50, 33, 3, "Nej"]
    assert targets["Ökat välbefinnande (enkät)"] == [60, 67, 3, "Ja"]
    # 7 persons reached of 40 planned = 18 %.
    assert targets["Nådda deltagare mot planerat"] == [10, 18, 40, "Ja"]


def test_participants_reached_and_per_municipality(world, data):
    tables = _tables(GoalFulfilment, world, suppress=False)
    assert tables["reached"].rows == [["Nådda personer", 3, 3, 1, 0, 7, 40, 18]]
    # Hagfors: Aina and P1 of 17 planned places.
    assert tables["municipalities"].rows == [
        ["Hagfors", 2, 0, 0, 0, 2, 17, 12],
        ["Totalt", 2, 0, 0, 0, 2, 17, 12],
    ]


def test_goal_fulfilment_is_suppressed_with_complements(world, data):
    tables = _tables(GoalFulfilment, world, suppress=True)
    step = tables["step_movement_at_exit"].rows
    # Every count under 5: hidden, and so every share built from them.
    assert step[0][1:] == [H, 0, 0, 0, H]
    assert step[2][1:] == [H, H, None, None, H]
    assert tables["reached"].rows[0][1:6] == [H, H, H, 0, 7]
    targets = {row[0]: row for row in tables["targets"].rows}
    assert targets["Stegförflyttning vid avslut"][2:] == [H, H, H]


def test_monthly_list_lists_starts_and_exits_by_month(world, data):
    tables = _tables(MonthlyParticipants, world, suppress=False)
    summary = {row[0]: row[1:] for row in tables["summary"].rows}
    assert summary == {
        "2024-01": [3, 0],
        "2024-02": [2, 0],  # P1, P3; P5 is a felregistrering
        "2024-03": [1, 0],
        "2024-04": [0, 1],
        "2024-05": [1, 0],
        "2024-06": [1, 0],
        "2024-08": [0, 1],
        "2024-09": [0, 1],
        "2024-10": [0, 1],
    }
    rows = tables["list"].rows
    anonymous = [row for row in rows if row[2] == "Anonym"]
    assert len(anonymous) == 1 and anonymous[0][3:5] == ["", ""]
    assert not any(row[3] == "P5" for row in rows)
