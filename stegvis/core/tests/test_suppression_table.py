"""Whole-table suppression: no hidden count can be recomputed from the visible cells and totals.

The check here is independent of the graph argument in suppress_table: it writes the
table as linear equations (each row adds up to its total, each column to its total),
with the hidden cells as unknowns, and asks, by exact Gaussian elimination over the
rationals, whether an unknown is fixed by them (its unit vector lies in the row space).
"""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stegvis.core.suppression import SUPPRESSED, suppress_table


def _rank(rows: list[list[Fraction]]) -> int:
    matrix = [row[:] for row in rows]
    rank, columns = 0, len(matrix[0]) if matrix else 0
    for col in range(columns):
        pivot = next((r for r in range(rank, len(matrix)) if matrix[r][col] != 0), None)
        if pivot is None:
            continue
        matrix[rank], matrix[pivot] = matrix[pivot], matrix[rank]
        for r in range(len(matrix)):
            if r != rank and matrix[r][col] != 0:
                factor = matrix[r][col] / matrix[rank][col]
                matrix[r] = [a - factor * b for a, b in zip(matrix[r], matrix[rank], strict=True)]
        rank += 1
    return rank


def derivable(shown: list[list], row_totals: bool, column_totals: bool) -> list[tuple[int, int]]:
    """Hidden cells whose value the visible cells and totals fix."""
    height, width = len(shown), len(shown[0])
    unknowns = [(i, j) for i in range(height) for j in range(width) if shown[i][j] == SUPPRESSED]
    if not unknowns:
        return []
    index = {cell: k for k, cell in enumerate(unknowns)}
    lines = []
    if row_totals:
        # cells of row i (all but the last) minus the row total = 0
        lines += [[(i, j, 1 if j < width - 1 else -1) for j in range(width)] for i in range(height)]
    if column_totals:
        lines += [[(i, j, 1 if i < height - 1 else -1) for i in range(height)] for j in range(width)]
    equations = []
    for line in lines:
        coefficients = [Fraction(0)] * len(unknowns)
        for i, j, sign in line:
            if (i, j) in index:
                coefficients[index[(i, j)]] += sign
        if any(coefficients):
            equations.append(coefficients)
    if not equations:
        return []
    base = _rank(equations)
    fixed = []
    for cell, k in index.items():
        unit = [Fraction(int(n == k)) for n in range(len(unknowns))]
        if _rank([*equations, unit]) == base:
            fixed.append(cell)
    return fixed


tables = st.integers(min_value=1, max_value=4).flatmap(
    lambda rows: st.integers(min_value=1, max_value=5).flatmap(
        lambda cols: st.lists(
            st.lists(st.integers(min_value=0, max_value=14), min_size=cols, max_size=cols),
            min_size=rows,
            max_size=rows,
        )
    )
)


@settings(max_examples=300, deadline=None)
@given(cells=tables, row_totals=st.booleans(), column_totals=st.booleans())
def test_no_hidden_count_can_be_recomputed(cells, row_totals, column_totals):
    shown = suppress_table(cells, row_totals=row_totals, column_totals=column_totals)
    assert derivable(shown, row_totals, column_totals) == []


@settings(max_examples=200, deadline=None)
@given(cells=tables, row_totals=st.booleans(), column_totals=st.booleans())
def test_every_small_count_is_hidden_and_every_shown_count_is_true(cells, row_totals, column_totals):
    shown = suppress_table(cells, row_totals=row_totals, column_totals=column_totals)
    full = [list(row) + ([sum(row)] if row_totals else []) for row in cells]
    if column_totals:
        full.append([sum(row[j] for row in full) for j in range(len(full[0]))])
    for shown_row, true_row in zip(shown, full, strict=True):
        for value, truth in zip(shown_row, true_row, strict=True):
            assert value == truth or value == SUPPRESSED
            if 0 < truth < 5:
                assert value == SUPPRESSED


def test_hand_computed_table():
    # Women 3 (hidden) forces a second cell in its row and column; the totals row and column stay.
    shown = suppress_table([[3, 10, 0, 6], [8, 9, 0, 7]])
    assert shown == [
        [SUPPRESSED, 10, 0, SUPPRESSED, 19],
        [SUPPRESSED, 9, 0, SUPPRESSED, 24],
        [11, 19, 0, 13, 43],
    ]


def test_nothing_small_nothing_hidden():
    assert suppress_table([[5, 6], [7, 8]]) == [[5, 6, 11], [7, 8, 15], [12, 14, 26]]


def test_derivable_finds_a_lonely_hidden_cell():
    # The checker itself: one hidden cell in a row with a total is fixed.
    assert derivable([[SUPPRESSED, 6, 9]], row_totals=True, column_totals=False) == [(0, 0)]


@pytest.mark.parametrize("threshold", [3, 7])
def test_threshold_is_configurable(settings, threshold):
    settings.SMALL_COUNT_THRESHOLD = threshold
    shown = suppress_table([[4, 9]], row_totals=False, column_totals=False)
    assert (shown[0][0] == SUPPRESSED) == (threshold > 4)
