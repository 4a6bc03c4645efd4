"""Server-rendered SVG charts: radar of the latest readings, each area over time, fidelity totals,
and the share with a step movement against the target.

Every chart is an <svg role="img"> with a <title> and a <desc> that says what it shows,
and the page puts the numbers in an HTML table beside it. Series differ in line pattern
and marker shape as well as colour, and values are written out, so nothing depends on
colour. Styling is by class (assessments.css); no inline styles.
"""

from __future__ import annotations

import datetime
import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

_ids = itertools.count(1)

# Series styles: a CSS class (line pattern and colour) and a marker shape.
STYLES = ("series-a", "series-b", "series-c", "series-d")
MARKERS = ("circle", "square", "triangle", "diamond")


@dataclass(frozen=True)
class Series:
    label: str
    values: Sequence[int | None]  # one per area (radar) or per date (lines)
    style: int = 0


@dataclass(frozen=True)
class Chart:
    svg: SafeString
    title: str
    description: str


def _fmt(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def marker(shape: str, x: float, y: float, css: str, size: float = 4.5) -> str:
    if shape == "square":
        return f'<rect class="marker {css}" x="{_fmt(x - size)}" y="{_fmt(y - size)}" width="{_fmt(2 * size)}" height="{_fmt(2 * size)}"/>'
    if shape == "triangle":
        points = [(x, y - size * 1.2), (x + size * 1.1, y + size * 0.9), (x - size * 1.1, y + size * 0.9)]
        return (
            f'<polygon class="marker {css}" points="{" ".join(f"{_fmt(a)},{_fmt(b)}" for a, b in points)}"/>'
        )
    if shape == "diamond":
        points = [(x, y - size * 1.3), (x + size * 1.3, y), (x, y + size * 1.3), (x - size * 1.3, y)]
        return (
            f'<polygon class="marker {css}" points="{" ".join(f"{_fmt(a)},{_fmt(b)}" for a, b in points)}"/>'
        )
    return f'<circle class="marker {css}" cx="{_fmt(x)}" cy="{_fmt(y)}" r="{_fmt(size)}"/>'


def legend_swatch(style: int) -> SafeString:
    """A small line-and-marker sample for an HTML legend (decorative)."""
    css = STYLES[style % len(STYLES)]
    return mark_safe(  # noqa: S308 - built from constants
        f'<svg class="swatch" viewBox="0 0 36 14" width="36" height="14" aria-hidden="true" focusable="false">'
        f'<line class="line {css}" x1="2" y1="7" x2="34" y2="7"/>{marker(MARKERS[style % len(MARKERS)], 18, 7, css, 4)}</svg>'
    )


def _svg(width: int, height: int, title: str, description: str, body: list[str], css: str) -> Chart:
    n = next(_ids)
    svg = (
        f'<svg class="chart {css}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="chart-{n}-title chart-{n}-desc" preserveAspectRatio="xMidYMid meet">'
        f'<title id="chart-{n}-title">{escape(title)}</title><desc id="chart-{n}-desc">{escape(description)}</desc>'
        + "".join(body)
        + "</svg>"
    )
    return Chart(mark_safe(svg), title, description)  # noqa: S308 - every text is escaped above


def _wrap(text: str, width: int = 16) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


# --- radar -------------------------------------------------------------------------------------


def radar(areas: Sequence[str], scale_max: int, series: Sequence[Series], *, title: str) -> Chart:
    """Spider chart: one axis per area, 1 at the centre ring, scale_max at the edge."""
    width, height = 640, 480
    cx, cy, radius = width / 2, height / 2 + 4, 140
    count = len(areas)

    def point(index: int, value: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * index / count
        r = radius * value / scale_max
        return cx + r * math.cos(angle), cy + r * math.sin(angle)

    body = ['<g class="grid">']
    for level in range(1, scale_max + 1):
        ring = " ".join(f"{_fmt(x)},{_fmt(y)}" for x, y in (point(i, level) for i in range(count)))
        body.append(f'<polygon class="ring" points="{ring}"/>')
    for i in range(count):
        x, y = point(i, scale_max)
        body.append(f'<line class="axis" x1="{_fmt(cx)}" y1="{_fmt(cy)}" x2="{_fmt(x)}" y2="{_fmt(y)}"/>')
    for level in range(1, scale_max + 1):
        x, y = point(0, level)
        body.append(f'<text class="tick" x="{_fmt(x + 5)}" y="{_fmt(y + 4)}">{level}</text>')
    body.append("</g>")
    for i, name in enumerate(areas):
        angle = -math.pi / 2 + 2 * math.pi * i / count
        x, y = cx + (radius + 14) * math.cos(angle), cy + (radius + 14) * math.sin(angle)
        anchor = "middle" if abs(math.cos(angle)) < 0.3 else ("start" if math.cos(angle) > 0 else "end")
        lines = _wrap(name, 13)
        line_height = 18
        if math.sin(angle) < -0.3:
            y -= line_height * (len(lines) - 1)
        elif abs(math.sin(angle)) <= 0.3:
            y -= line_height * (len(lines) - 1) / 2 - 5
        else:
            y += 14
        spans = "".join(
            f'<tspan x="{_fmt(x)}" dy="{0 if n == 0 else line_height}">{escape(line)}</tspan>'
            for n, line in enumerate(lines)
        )
        body.append(f'<text class="label" text-anchor="{anchor}" x="{_fmt(x)}" y="{_fmt(y)}">{spans}</text>')
    for s in series:
        css = STYLES[s.style % len(STYLES)]
        shape = MARKERS[s.style % len(MARKERS)]
        points = [(i, v) for i, v in enumerate(s.values) if v is not None]
        if not points:
            continue
        coords = [point(i, v) for i, v in points]
        closed = len(points) == count
        path = "M" + " L".join(f"{_fmt(x)},{_fmt(y)}" for x, y in coords) + (" Z" if closed else "")
        body.append(f'<g class="series"><path class="line area-fill {css}" d="{path}"/>')
        body.extend(marker(shape, x, y, css) for x, y in coords)
        body.append("</g>")
    parts = []
    for s in series:
        values = ", ".join(f"{a} {v if v is not None else '–'}" for a, v in zip(areas, s.values, strict=True))
        parts.append(f"{s.label}: {values}")
    description = _("Nivå 1–%(n)s per område, 1 i mitten. ") % {"n": scale_max} + ". ".join(parts) + "."
    return _svg(width, height, title, description, body, "chart-radar")


# --- one area over time ------------------------------------------------------------------------


def timeline(
    dates: Sequence[datetime.date],
    scale_max: int,
    series: Sequence[Series],
    *,
    title: str,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
) -> Chart:
    """Levels over time for one area: one line per rater, every value written beside its marker."""
    width, height = 340, 200
    left, right, top, bottom = 30, 16, 22, 44
    first = start or min(dates)
    last = end or max(dates)
    span = max((last - first).days, 1)

    def x_of(day: datetime.date) -> float:
        if first == last:
            return left + (width - left - right) / 2
        return left + (width - left - right) * (day - first).days / span

    def y_of(value: float) -> float:
        return top + (height - top - bottom) * (scale_max - value) / (scale_max - 1)

    body = ['<g class="grid">']
    for level in range(1, scale_max + 1):
        y = y_of(level)
        body.append(
            f'<line class="gridline" x1="{left}" y1="{_fmt(y)}" x2="{width - right}" y2="{_fmt(y)}"/>'
        )
        body.append(f'<text class="tick" text-anchor="end" x="{left - 6}" y="{_fmt(y + 4)}">{level}</text>')
    body.append(
        f'<text class="tick" text-anchor="start" x="{left}" y="{height - 6}">{first.isoformat()}</text>'
        f'<text class="tick" text-anchor="end" x="{width - right}" y="{height - 6}">{last.isoformat()}</text>'
    )
    body.append("</g>")
    for s in series:
        css = STYLES[s.style % len(STYLES)]
        shape = MARKERS[s.style % len(MARKERS)]
        points = [(x_of(d), y_of(v)) for d, v in zip(dates, s.values, strict=True) if v is not None]
        if not points:
            continue
        body.append('<g class="series">')
        if len(points) > 1:
            body.append(
                f'<path class="line {css}" d="M{" L".join(f"{_fmt(x)},{_fmt(y)}" for x, y in points)}"/>'
            )
        body.extend(marker(shape, x, y, css) for x, y in points)
        body.append("</g>")
    # One label per value and day: the highest above its marker, the others below.
    body.append('<g class="values">')
    for index, day in enumerate(dates):
        values = sorted({s.values[index] for s in series if s.values[index] is not None}, reverse=True)
        for rank, value in enumerate(values):
            y = y_of(value) + (-9 if rank == 0 else 17)
            body.append(
                f'<text class="value" text-anchor="middle" x="{_fmt(x_of(day))}" y="{_fmt(y)}">{value}</text>'
            )
    body.append("</g>")
    parts = []
    for s in series:
        values = ", ".join(
            f"{d.isoformat()} {v}" for d, v in zip(dates, s.values, strict=True) if v is not None
        )
        if values:
            parts.append(f"{s.label}: {values}")
    description = _("Nivå 1–%(n)s över tid. ") % {"n": scale_max} + ". ".join(parts) + "."
    return _svg(width, height, title, description, body, "chart-line")


# --- fidelity totals ---------------------------------------------------------------------------


def fidelity(
    dates_by_team: dict[str, list[tuple[datetime.date, int]]],
    bands: Sequence[tuple[int, str]],
    *,
    title: str,
    low: int = 25,
    high: int = 125,
) -> Chart:
    """Totals over time per team, with the band thresholds as labelled lines."""
    width, height = 640, 300
    left, right, top, bottom = 44, 120, 16, 36
    all_dates = [d for points in dates_by_team.values() for d, _t in points]
    first, last = min(all_dates), max(all_dates)
    span = max((last - first).days, 1)

    def x_of(day: datetime.date) -> float:
        if first == last:
            return left + (width - left - right) / 2
        return left + 14 + (width - left - right - 28) * (day - first).days / span

    def y_of(value: float) -> float:
        return top + (height - top - bottom) * (high - value) / (high - low)

    body = ['<g class="grid">']
    for value in range(low, high + 1, 25):
        y = y_of(value)
        body.append(
            f'<line class="gridline" x1="{left}" y1="{_fmt(y)}" x2="{width - right}" y2="{_fmt(y)}"/>'
        )
        body.append(f'<text class="tick" text-anchor="end" x="{left - 6}" y="{_fmt(y + 4)}">{value}</text>')
    for floor, label in bands:
        y = y_of(floor)
        body.append(
            f'<line class="threshold" x1="{left}" y1="{_fmt(y)}" x2="{width - right}" y2="{_fmt(y)}"/>'
        )
        body.append(
            f'<text class="threshold-label" x="{width - right + 6}" y="{_fmt(y + 4)}">{escape(label)} {floor}</text>'
        )
    body.append(
        f'<text class="tick" text-anchor="start" x="{left}" y="{height - 10}">{first.isoformat()}</text>'
        f'<text class="tick" text-anchor="end" x="{width - right}" y="{height - 10}">{last.isoformat()}</text>'
    )
    body.append("</g>")
    parts = []
    for index, (team, points) in enumerate(dates_by_team.items()):
        css = STYLES[index % len(STYLES)]
        shape = MARKERS[index % len(MARKERS)]
        coords = [(x_of(d), y_of(t), t) for d, t in points]
        body.append('<g class="series">')
        if len(coords) > 1:
            body.append(
                f'<path class="line {css}" d="M{" L".join(f"{_fmt(x)},{_fmt(y)}" for x, y, _t in coords)}"/>'
            )
        for x, y, t in coords:
            body.append(marker(shape, x, y, css, 5))
            body.append(
                f'<text class="value" text-anchor="middle" x="{_fmt(x)}" y="{_fmt(y - 10)}">{t}</text>'
            )
        body.append("</g>")
        parts.append(f"{team}: " + ", ".join(f"{d.isoformat()} {t}" for d, t in points))
    thresholds = ", ".join(f"{label} från {floor}" for floor, label in bands)
    description = (
        _("Totalpoäng %(low)s–%(high)s. Gränser: %(bands)s. ")
        % {"low": low, "high": high, "bands": thresholds}
        + ". ".join(parts)
        + "."
    )
    return _svg(width, height, title, description, body, "chart-fidelity")


# --- share against target ----------------------------------------------------------------------


def share_bars(rows: Sequence[tuple[str, int | str | None]], *, target: int | None, title: str) -> Chart:
    """Horizontal bars of shares (per cent); a suppressed or missing share is written, not drawn."""
    # The label column grows with the longest label (about 8 px a character at the label's size).
    left = max(120, min(320, 8 * max((len(label) for label, _share in rows), default=0) + 16))
    right, bar_h, gap, top = 60, 22, 12, 28
    width = left + 400 + right
    height = top + len(rows) * (bar_h + gap) + 18
    scale = (width - left - right) / 100

    body = ['<g class="grid">']
    for value in (0, 25, 50, 75, 100):
        x = left + value * scale
        body.append(
            f'<line class="gridline" x1="{_fmt(x)}" y1="{top - 6}" x2="{_fmt(x)}" y2="{height - 18}"/>'
        )
        body.append(
            f'<text class="tick" text-anchor="middle" x="{_fmt(x)}" y="{height - 4}">{value} %</text>'
        )
    body.append("</g>")
    if target is not None:
        # Drawn first, so that the values' white outline keeps them readable across it.
        x = left + target * scale
        body.append(
            f'<line class="target" x1="{_fmt(x)}" y1="{top - 10}" x2="{_fmt(x)}" y2="{height - 18}"/>'
        )
        target_label = _("Mål %(n)s %%") % {"n": target}
        body.append(
            f'<text class="target-label" text-anchor="middle" x="{_fmt(x)}" y="{top - 14}">'
            f"{escape(target_label)}</text>"
        )
    for index, (label, percent) in enumerate(rows):
        y = top + index * (bar_h + gap)
        body.append(
            f'<text class="label" text-anchor="end" x="{left - 8}" y="{_fmt(y + bar_h / 2 + 5)}">{escape(label)}</text>'
        )
        if isinstance(percent, int):
            body.append(
                f'<rect class="bar{" bar-total" if index == len(rows) - 1 else ""}" x="{left}" y="{y}" '
                f'width="{_fmt(max(percent * scale, 1))}" height="{bar_h}"/>'
            )
            text = f"{percent} %"
        else:
            text = percent if percent else "–"
        body.append(
            f'<text class="value" x="{_fmt(left + (percent if isinstance(percent, int) else 0) * scale + 6)}" '
            f'y="{_fmt(y + bar_h / 2 + 5)}">{escape(text)}</text>'
        )
    description = "; ".join(
        f"{label}: {f'{p} %' if isinstance(p, int) else (p or '–')}" for label, p in rows
    ) + (". " + _("Mål: %(n)s %%.") % {"n": target} if target is not None else ".")
    return _svg(width, height, title, description, body, "chart-bars")
