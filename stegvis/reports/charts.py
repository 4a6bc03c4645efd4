"""Report charts: each target's actual share against its target value, one bar per target.

Built like stegvis.assessments.charts (an <svg role="img"> with title and description,
values written out, a suppressed or missing value written rather than drawn) and styled
by the same stylesheet. The label sits above its bar, so long target names fit.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.html import escape
from django.utils.translation import gettext as _

from stegvis.assessments.charts import Chart, _fmt, _svg


def target_bars(rows: Sequence[tuple[str, int | str | None, int]], *, title: str) -> Chart:
    """rows: (label, actual per cent or '..' or None, target per cent)."""
    width, left, right, top = 600, 18, 56, 8
    row_h, bar_h = 52, 18
    height = top + len(rows) * row_h + 22
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
    for index, (label, actual, target) in enumerate(rows):
        y = top + index * row_h
        bar_y = y + 22
        body.append(f'<text class="label" x="{left}" y="{y + 14}">{escape(label)}</text>')
        if isinstance(actual, int):
            body.append(
                f'<rect class="bar" x="{left}" y="{bar_y}" width="{_fmt(max(min(actual, 100) * scale, 1))}" height="{bar_h}"/>'
            )
            text = f"{actual} %"
        else:
            text = actual or _("inget underlag")
        x_target = left + min(target, 100) * scale
        body.append(
            f'<line class="target" x1="{_fmt(x_target)}" y1="{bar_y - 4}" x2="{_fmt(x_target)}" y2="{bar_y + bar_h + 4}"/>'
        )
        x_value = left + (min(actual, 100) if isinstance(actual, int) else 0) * scale + 6
        body.append(f'<text class="value" x="{_fmt(x_value)}" y="{bar_y + bar_h - 4}">{escape(text)}</text>')
        parts.append(
            _("%(label)s: %(actual)s, mål %(target)s %%") % {"label": label, "actual": text, "target": target}
        )
    description = "; ".join(parts) + ". " + _("Den streckade linjen på varje rad är målet.")
    return _svg(width, height, title, description, body, "chart-bars")
