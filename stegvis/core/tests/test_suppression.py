"""Small-count suppression with complementary cells."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from stegvis.core.suppression import SUPPRESSED, suppress_breakdown, suppress_value


def test_cells_below_five_are_hidden(settings):
    settings.SMALL_COUNT_THRESHOLD = 5
    assert suppress_breakdown({"kvinna": 12, "man": 3, "annan": 0, "saknas": 7}) == {
        "kvinna": 12,
        "man": SUPPRESSED,
        "annan": 0,
        "saknas": SUPPRESSED,
    }
    assert suppress_value(4) == SUPPRESSED and suppress_value(0) == 0 and suppress_value(5) == 5


def test_threshold_is_never_below_three(settings):
    settings.SMALL_COUNT_THRESHOLD = 1
    assert suppress_value(2) == SUPPRESSED


@given(st.dictionaries(st.sampled_from(["kvinna", "man", "annan", "saknas"]), st.integers(0, 40), min_size=1))
def test_a_hidden_cell_can_never_be_derived_from_the_total(cells):
    shown = suppress_breakdown(cells)
    hidden = [key for key, value in shown.items() if value == SUPPRESSED]
    # Either nothing is hidden, or at least two non-zero cells are, so subtraction reveals nothing.
    assert not hidden or len(hidden) >= 2 or all(v == 0 for k, v in cells.items() if k not in hidden)
    for key, value in shown.items():
        if value != SUPPRESSED:
            assert value == cells[key]
