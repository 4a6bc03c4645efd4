"""Kostnad: every figure against a hand-computed expectation on the fixed data set (conftest.py).

Project A runs 2024-01-01 – 2025-12-31 (731 days) with a budget of 7 310 000 kr and
granted support of 3 655 000 kr; 2024 is 366 of those days: 3 660 000 and 1 830 000 kr.
Reached, whole project and 2024 alike: Aina, P1, P2 (kvinna), Bertil, Rune, P3 (man),
P4 (annan) = 7 (P5 is a felregistrering). Leavers with a step movement at exit: P1 only.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from stegvis.reports.cost import Cost, per_person, period_share
from stegvis.reports.exporters import Period
from stegvis.reports.tests.conftest import YEAR_2024
from stegvis.reports.tests.test_files import _csv_rows, _row, _sheet_rows

D = datetime.date
H = ".."


def set_budget(project) -> None:
    project.start_date, project.end_date = D(2024, 1, 1), D(2025, 12, 31)
    project.total_budget, project.granted_support = Decimal(7_310_000), Decimal(3_655_000)
    project.save()


@pytest.fixture
def budget(world, data):
    set_budget(world.project_a)
    return world.project_a


def _tables(project, suppress=False, period=YEAR_2024):
    return {t.key: t for t in Cost(project=project, period=period, suppress=suppress).tables()}


def test_every_figure_for_the_project_manager(budget):
    tables = _tables(budget)
    assert tables["budget"].rows == [
        ["Total projektbudget", 7_310_000, 3_660_000],
        ["Beviljat stöd", 3_655_000, 1_830_000],
    ]
    assert "50 %" in tables["budget"].note
    # 7 310 000 / 7 = 1 044 285.7; 3 655 000 / 7 = 522 142.9; 3 660 000 / 7 = 522 857.1; 1 830 000 / 7 = 261 428.6
    assert tables["per_reached"].rows == [
        ["Hela projektet", 3, 3, 1, 0, 7, 1_044_286, 522_143],
        ["Perioden", 3, 3, 1, 0, 7, 522_857, 261_429],
    ]
    assert tables["per_step"].rows == [
        ["Hela projektet", 1, 0, 0, 0, 1, 7_310_000, 3_655_000],
        ["Perioden", 1, 0, 0, 0, 1, 3_660_000, 1_830_000],
    ]


def test_a_period_without_leavers_has_no_cost_per_step(budget):
    tables = _tables(budget, period=Period(D(2025, 1, 1), D(2025, 3, 31)))
    # 90 of 731 days: 7 310 000 × 90 / 731 = 900 000; 3 655 000 × 90 / 731 = 450 000
    assert tables["budget"].rows[0][2] == 900_000 and tables["budget"].rows[1][2] == 450_000
    # Still enrolled in 2025: Aina, Bertil, Rune and P4; 900 000 / 4 = 225 000, 450 000 / 4 = 112 500.
    assert tables["per_reached"].rows[1] == ["Perioden", 1, 2, 1, 0, 4, 225_000, 112_500]
    assert tables["per_step"].rows[1] == ["Perioden", 0, 0, 0, 0, 0, None, None]


def test_the_steering_group_sees_small_counts_and_their_costs_hidden(budget):
    tables = _tables(budget, suppress=True)
    assert tables["per_reached"].rows[0] == ["Hela projektet", H, H, H, 0, 7, 1_044_286, 522_143]
    assert tables["per_step"].rows[0] == ["Hela projektet", H, 0, 0, 0, H, H, H]


def test_without_budget_or_dates_the_report_says_what_is_missing(world, data):
    project = world.project_a
    project.start_date = project.end_date = None
    project.total_budget = project.granted_support = None
    project.save()
    report = Cost(project=project, period=YEAR_2024, suppress=False).report()
    assert any("saknar total budget" in note for note in report.notes)
    tables = {t.key: t for t in report.tables}
    assert tables["per_reached"].rows[0][-2:] == [None, None]


def test_helpers_round_and_hide():
    assert per_person(Decimal(10), 3) == 3
    assert per_person(Decimal(10), H) == H
    assert per_person(None, 3) is None and per_person(Decimal(10), 0) is None
    project = type("P", (), {"start_date": D(2024, 1, 1), "end_date": D(2024, 1, 10)})()
    assert period_share(project, Period(D(2023, 1, 1), D(2024, 1, 5))) == Decimal(1) / 2
    assert period_share(project, Period(D(2025, 1, 1), D(2025, 1, 5))) == 0


def test_screen_and_files(world, budget):
    url = reverse("reports:report", args=[budget.pk, "kostnad"])
    period = {"start": "2024-01-01", "end": "2024-12-31"}
    content = world.client_for("petra").get(url, period).content.decode()
    assert "Kostnad per nådd deltagare" in content and "1\u00a0044\u00a0286 kr" in content
    download = reverse("reports:download", args=[budget.pk, "kostnad", "xlsx"])
    rows = _sheet_rows(world.client_for("petra").get(download, period).content)
    assert _row(rows, "Perioden")[1:8] == [3, 3, 1, 0, 7, 522_857, 261_429]
    download = reverse("reports:download", args=[budget.pk, "kostnad", "csv"])
    rows = _csv_rows(world.client_for("sven").get(download, period).content)
    assert [r for r in rows if r and r[0] == "Hela projektet"][1][1:8] == [H, "0", "0", "0", H, H, H]
