"""The SVG charts: accessible (role, title, desc), readable without colour, text escaped."""

from __future__ import annotations

import datetime

from stegvis.assessments import charts


def test_radar_is_an_image_with_title_description_and_escaped_text():
    chart = charts.radar(
        ["Hälsa", "<script>"],
        5,
        [charts.Series("Deltagaren", [2, 4], 0), charts.Series("Handledaren", [1, None], 1)],
        title="Senaste <skattningen>",
    )
    svg = str(chart.svg)
    assert svg.startswith('<svg class="chart chart-radar"') and 'role="img"' in svg
    assert "<title" in svg and "<desc" in svg and "aria-labelledby" in svg
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert "Deltagaren: Hälsa 2, &lt;script&gt; 4" in svg
    # Series differ by marker shape and line pattern, not only colour.
    assert "<circle" in svg and "<rect" in svg and "series-b" in svg


def test_timeline_writes_every_value_once_per_day():
    days = [datetime.date(2024, 1, 1), datetime.date(2024, 3, 1)]
    chart = charts.timeline(
        days,
        5,
        [charts.Series("Deltagaren", [2, 3], 0), charts.Series("Handledaren", [2, 4], 1)],
        title="Språk",
    )
    values = str(chart.svg).count('class="value"')
    assert values == 3  # 2 (shared) on the first day, 3 and 4 on the second
    assert "Deltagaren: 2024-01-01 2, 2024-03-01 3" in chart.description


def test_fidelity_chart_shows_band_thresholds():
    chart = charts.fidelity(
        {"Team": [(datetime.date(2022, 1, 1), 70), (datetime.date(2022, 6, 1), 101)]},
        [(115, "Exemplarisk"), (100, "God"), (74, "Acceptabel")],
        title="IPS-trohet",
    )
    svg = str(chart.svg)
    assert svg.count('class="threshold"') == 3 and "God 100" in svg and ">101<" in svg


def test_share_bars_write_suppressed_values_instead_of_drawing_them():
    chart = charts.share_bars([("Kvinna", ".."), ("Man", 60), ("Totalt", 55)], target=80, title="Andel")
    svg = str(chart.svg)
    assert svg.count('class="bar') == 2 and ">..<" in svg and "Mål 80 %" in svg
