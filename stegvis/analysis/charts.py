"""The analysis chart: per group, the share to work or studies and the share with step movement at exit.

Built like stegvis.reports.charts (an <svg role="img"> with title and description that
write every value out); a hidden or missing share is written, not drawn.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.html import escape
from django.utils.translation import gettext as _

from stegvis.assessments.charts import Chart, _fmt, _svg


def _text(value) -> str:
    return f"{value} %" if isinstance(value, int) else (value or _("inget underlag"))


def group_bars(rows: Sequence[tuple[str, object, object]], *, title: str) -> Chart:
    """rows: (group, share to work or studies, share with step movement), each int, '..' or None."""
    width, left, right, top = 600, 18, 56, 8
    row_h, bar_h = 62, 14
    height = top + max(len(rows), 1) * row_h + 22
    scale = (width - left - right) / 100
    body = ['<g class="grid">']
    for value in (0, 25, 50, 75, 100):
        x = left + value * scale
        body.append(f'<line class="gridline" x1="{_fmt(x)}" y1="{top}" x2="{_fmt(x)}" y2="{height - 18}"/>')
        body.append(
            f'<text class="tick" text-anchor="middle" x="{_fmt(x)}" y="{height - 4}">{value} %</text>'
        )
    body.append("</g>")
    parts = []
    for index, (label, work, moved) in enumerate(rows):
        y = top + index * row_h
        body.append(f'<text class="label" x="{left}" y="{y + 14}">{escape(label)}</text>')
        for offset, value, css in ((20, work, "bar"), (20 + bar_h + 4, moved, "bar bar-total")):
            bar_y = y + offset
            if isinstance(value, int):
                body.append(
                    f'<rect class="{css}" x="{left}" y="{bar_y}" width="{_fmt(max(min(value, 100) * scale, 1))}" height="{bar_h}"/>'
                )
            x_value = left + (min(value, 100) if isinstance(value, int) else 0) * scale + 6
            body.append(
                f'<text class="value" x="{_fmt(x_value)}" y="{bar_y + bar_h - 3}">{escape(_text(value))}</text>'
            )
        parts.append(
            _("%(group)s: arbete eller studier %(work)s, stegförflyttning %(moved)s")
            % {"group": label, "work": _text(work), "moved": _text(moved)}
        )
    description = "; ".join(parts) + ". " + _("Övre stapeln: arbete eller studier; undre: stegförflyttning.")
    return _svg(width, height, title, description, body, "chart-bars")
