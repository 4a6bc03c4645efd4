"""Small-count suppression for outputs shown to roles without participant-level access.

A cell below the threshold is shown as "..". When a breakdown sums to a total that is
shown, one hidden cell could be derived from the others, so the smallest other
non-zero cell is hidden too (complementary suppression).
"""

from __future__ import annotations

from collections.abc import Mapping

from django.conf import settings

SUPPRESSED = ".."


def threshold() -> int:
    return max(3, int(settings.SMALL_COUNT_THRESHOLD))


def suppress_breakdown(cells: Mapping[str, int], *, total_shown: bool = True) -> dict[str, int | str]:
    """Suppress small cells in one breakdown (e.g. counts per gender) of a total."""
    limit = threshold()
    hidden = {key for key, value in cells.items() if 0 < value < limit}
    if total_shown and len(hidden) == 1:
        candidates = sorted((value, key) for key, value in cells.items() if key not in hidden and value > 0)
        if candidates:
            hidden.add(candidates[0][1])
    return {key: (SUPPRESSED if key in hidden else value) for key, value in cells.items()}


def suppress_value(value: int) -> int | str:
    return SUPPRESSED if 0 < value < threshold() else value
