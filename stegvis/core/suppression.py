"""Small-count suppression for outputs shown to roles without participant-level access.

A cell below the threshold is shown as "..". When a breakdown sums to a total that is
shown, one hidden cell could be derived from the others, so the smallest other
non-zero cell is hidden too (complementary suppression).
"""

from __future__ import annotations

import heapq
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


_GROUND = ("ground", 0)


def suppress_table(
    cells: list[list[int]], *, row_totals: bool = True, column_totals: bool = True
) -> list[list[int | str]]:
    """Suppress a whole table with its margins, so that no hidden cell can be derived.

    cells holds the inner counts (rows × columns). The result has the same shape plus,
    when asked for, a total at the end of each row and a total row at the end. Every
    count below the threshold (margins too) is hidden; then, as long as a hidden cell
    could be computed from the visible cells and totals, one more cell is hidden.

    A table with totals is a set of equations, one per row and per column with a total.
    Seen as a graph (equations as nodes, hidden cells as edges between their row and
    column; a missing equation is one shared "ground" node), a hidden cell is fixed by
    the equations exactly when its edge is a bridge, i.e. lies on no cycle. Suppression
    goes on until no hidden cell is a bridge.
    """
    grid = [list(row) for row in cells]
    n_cols = len(grid[0]) if grid else 0
    if row_totals:
        for row in grid:
            row.append(sum(row[:n_cols]))
    if column_totals and grid:
        grid.append([sum(row[j] for row in grid) for j in range(len(grid[0]))])
    height, width = len(grid), (len(grid[0]) if grid else 0)
    limit = threshold()
    hidden = {(i, j) for i in range(height) for j in range(width) if 0 < grid[i][j] < limit}
    if row_totals or column_totals:
        while (bridge := _first_bridge(hidden, row_totals, column_totals)) is not None:
            extra = _next_to_hide(grid, hidden, bridge, row_totals, column_totals)
            if not extra:
                break
            hidden |= extra
    return [[SUPPRESSED if (i, j) in hidden else grid[i][j] for j in range(width)] for i in range(height)]


def _ends(cell: tuple[int, int], rows: bool, columns: bool) -> tuple[tuple[str, int], tuple[str, int]]:
    return (("r", cell[0]) if rows else _GROUND, ("c", cell[1]) if columns else _GROUND)


def _first_bridge(hidden: set[tuple[int, int]], rows: bool, columns: bool) -> tuple[int, int] | None:
    """A hidden cell that the equations fix (its edge lies on no cycle), or None."""
    for cell in sorted(hidden):
        start, goal = _ends(cell, rows, columns)
        neighbours: dict[tuple[str, int], list[tuple[str, int]]] = {}
        for other in hidden:
            if other != cell:
                a, b = _ends(other, rows, columns)
                neighbours.setdefault(a, []).append(b)
                neighbours.setdefault(b, []).append(a)
        seen, todo = {start}, [start]
        while todo and goal not in seen:
            for nxt in neighbours.get(todo.pop(), []):
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        if goal not in seen:
            return cell
    return None


def _next_to_hide(
    grid: list[list[int]], hidden: set[tuple[int, int]], bridge: tuple[int, int], rows: bool, columns: bool
) -> set[tuple[int, int]]:
    """The cheapest set of visible cells whose hiding puts the bridge on a cycle.

    A shortest path between the bridge's two ends over the other cells, where a hidden
    cell costs nothing and a visible one its count (zeros and totals dearly: a hidden
    zero in a line that adds up to zero is no protection, and totals are what readers
    want), found with Dijkstra's algorithm.
    """
    height, width = len(grid), len(grid[0])

    def weight(cell: tuple[int, int]) -> int:
        if cell in hidden:
            return 0
        value = grid[cell[0]][cell[1]]
        margin = (columns and cell[0] == height - 1) or (rows and cell[1] == width - 1)
        return 1 + value + (10_000 if value == 0 else 0) + (1_000_000 if margin else 0)

    adjacency: dict[tuple[str, int], list[tuple[tuple[str, int], tuple[int, int]]]] = {}
    for i in range(height):
        for j in range(width):
            if (i, j) != bridge:
                a, b = _ends((i, j), rows, columns)
                adjacency.setdefault(a, []).append((b, (i, j)))
                adjacency.setdefault(b, []).append((a, (i, j)))
    start, goal = _ends(bridge, rows, columns)
    best: dict[tuple[str, int], int] = {start: 0}
    through: dict[tuple[str, int], tuple[tuple[str, int], tuple[int, int]]] = {}
    queue = [(0, start)]
    while queue:
        cost, node = heapq.heappop(queue)
        if node == goal:
            break
        if cost > best.get(node, cost):
            continue
        for other, cell in adjacency.get(node, []):
            new = cost + weight(cell)
            if new < best.get(other, new + 1):
                best[other], through[other] = new, (node, cell)
                heapq.heappush(queue, (new, other))
    if goal not in through:
        return set()
    cells, node = set(), goal
    while node != start:
        node, cell = through[node]
        cells.add(cell)
    return cells - hidden
