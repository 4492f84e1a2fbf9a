"""Small server-side SVG charts: horizontal bars, stacked horizontal bars and lines.

The dashboard draws its charts here instead of loading a chart library: the page works
offline and under the strict Content-Security-Policy (no scripts, no ``style=``). Every chart
is an ``<svg role="img">`` labelled by its own ``<title>`` and ``<desc>``, carries its numbers
as text, and gets its colours from CSS classes (``chart-series-0`` … ``chart-series-7``,
defined in ``static/reports/reports.css``); the same colours, in the same order, are
`PALETTE` for the PDF charts. The page shows the data table next to each chart.

A chart is described by `summit.reports.domain.dashboard.ChartData` (kind, category labels,
named series of numbers); the PDF exporter draws the very same `ChartData` with reportlab.
"""

from __future__ import annotations

import math
from itertools import count
from xml.sax.saxutils import escape, quoteattr

from django.utils.safestring import SafeString, mark_safe

from summit.reports.domain.dashboard import ChartData

__all__ = ["PALETTE", "ChartData", "bar_chart", "line_chart", "render_chart", "stacked_bar_chart"]

#: Okabe–Ito colours, safe for colour-blind readers; reports.css defines the same order.
PALETTE: tuple[str, ...] = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#D55E00",
    "#CC79A7",
    "#56B4E9",
    "#8C7A00",
    "#444444",
)
WIDTH = 640
LABEL_WIDTH = 210
ROW_HEIGHT = 22
BAR_HEIGHT = 15
LEGEND_HEIGHT = 22
MAX_LABEL_CHARS = 34
_ids = count(1)


def nice_maximum(value: float) -> float:
    """The smallest 1, 2 or 5 × 10ⁿ at least `value` (1 for nothing), for axis ends."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if step * power >= value:
            return float(step * power)
    return float(10 * power)  # pragma: no cover - the loop always returns


def _number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def _short(label: str) -> str:
    return label if len(label) <= MAX_LABEL_CHARS else label[: MAX_LABEL_CHARS - 1] + "…"


def _open(title: str, desc: str, height: int, css: str) -> tuple[list[str], str]:
    ident = f"chart-{next(_ids)}"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart {css}" role="img" '
        f'viewBox="0 0 {WIDTH} {height}" aria-labelledby="{ident}-title {ident}-desc">',
        f'<title id="{ident}-title">{escape(title)}</title>',
        f'<desc id="{ident}-desc">{escape(desc)}</desc>',
    ]
    return parts, ident


def _legend(names: list[str], y: int) -> list[str]:
    parts = ['<g class="chart-legend">']
    x = 4
    for index, name in enumerate(names):
        parts.append(
            f'<rect class="chart-swatch chart-series-{index % len(PALETTE)}" x="{x}" '
            f'y="{y - 10}" width="12" height="12"/>'
        )
        parts.append(f'<text class="chart-label" x="{x + 16}" y="{y}">{escape(name)}</text>')
        x += 28 + 7 * len(name)
    parts.append("</g>")
    return parts


def _horizontal(
    *, title: str, desc: str, categories: list[str], series: list[tuple[str, list[float]]]
) -> SafeString:
    stacked = len(series) > 1
    top = LEGEND_HEIGHT + 6 if stacked else 6
    height = top + ROW_HEIGHT * max(len(categories), 1) + 6
    totals = [sum(values[row] for _, values in series) for row in range(len(categories))]
    scale_max = nice_maximum(max(totals, default=0))
    plot_width = WIDTH - LABEL_WIDTH - 70
    parts, _ = _open(title, desc, height, "chart-stacked" if stacked else "chart-bar")
    if stacked:
        parts.extend(_legend([name for name, _ in series], 16))
    for row, category in enumerate(categories):
        y = top + row * ROW_HEIGHT
        parts.append('<g class="chart-row">')
        parts.append(
            f'<text class="chart-label chart-category" x="{LABEL_WIDTH - 6}" '
            f'y="{y + BAR_HEIGHT - 3}" text-anchor="end">{escape(_short(category))}</text>'
        )
        x = float(LABEL_WIDTH)
        for index, (name, values) in enumerate(series):
            value = values[row]
            if value <= 0:
                continue
            width = plot_width * value / scale_max
            parts.append(
                f'<rect class="chart-series-{index % len(PALETTE)}" x="{x:.1f}" y="{y}" '
                f'width="{max(width, 1.0):.1f}" height="{BAR_HEIGHT}">'
                f"<title>{escape(f'{category} · {name}: {_number(value)}')}</title></rect>"
            )
            x += width
        parts.append(
            f'<text class="chart-label chart-value" x="{x + 4:.1f}" y="{y + BAR_HEIGHT - 3}">'
            f"{_number(totals[row])}</text>"
        )
        parts.append("</g>")
    parts.append("</svg>")
    return mark_safe("".join(parts))


def bar_chart(*, title: str, desc: str, categories: list[str], values: list[float]) -> SafeString:
    """Horizontal bars, one per category, each with its value written after it."""
    return _horizontal(title=title, desc=desc, categories=categories, series=[(title, values)])


def stacked_bar_chart(
    *, title: str, desc: str, categories: list[str], series: list[tuple[str, list[float]]]
) -> SafeString:
    """Horizontal bars split into the series (legend above), the total written after each."""
    return _horizontal(title=title, desc=desc, categories=categories, series=series)


def line_chart(
    *, title: str, desc: str, categories: list[str], series: list[tuple[str, list[float]]]
) -> SafeString:
    """One line per series over the categories (e.g. days), with a y axis and a legend."""
    height = 270
    left, right, top, bottom = 56, WIDTH - 16, LEGEND_HEIGHT + 16, height - 40
    highest = max((max(values, default=0) for _, values in series), default=0)
    # At least 4, so that the five axis ticks of small counts are whole numbers.
    scale_max = max(nice_maximum(highest), 4.0)
    parts, _ = _open(title, desc, height, "chart-lines")
    parts.extend(_legend([name for name, _ in series], 16))
    for step in range(5):
        value = scale_max * step / 4
        y = bottom - (bottom - top) * step / 4
        parts.append(
            f'<line class="chart-grid" x1="{left}" x2="{right}" y1="{y:.1f}" y2="{y:.1f}"/>'
        )
        parts.append(
            f'<text class="chart-label chart-axis" x="{left - 6}" y="{y + 4:.1f}" '
            f'text-anchor="end">{_number(value)}</text>'
        )
    points_x = _x_positions(len(categories), left, right)
    label_every = max(1, math.ceil(len(categories) / 8))
    for index, category in enumerate(categories):
        if index % label_every == 0 or index == len(categories) - 1:
            parts.append(
                f'<text class="chart-label chart-axis" x="{points_x[index]:.1f}" '
                f'y="{bottom + 18}" text-anchor="middle">{escape(category)}</text>'
            )
    for number, (name, values) in enumerate(series):
        css = f"chart-series-{number % len(PALETTE)}"
        coordinates = [
            (points_x[index], bottom - (bottom - top) * value / scale_max)
            for index, value in enumerate(values)
        ]
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coordinates)
        parts.append(f'<polyline class="chart-line {css}" points={quoteattr(path)}/>')
        if len(coordinates) <= 62:
            for (x, y), category, value in zip(coordinates, categories, values, strict=True):
                parts.append(
                    f'<circle class="chart-point {css}" cx="{x:.1f}" cy="{y:.1f}" r="3">'
                    f"<title>{escape(f'{category} · {name}: {_number(value)}')}</title></circle>"
                )
    parts.append("</svg>")
    return mark_safe("".join(parts))


def _x_positions(number: int, left: float, right: float) -> list[float]:
    if number == 1:
        return [(left + right) / 2]
    return [left + (right - left) * index / (number - 1) for index in range(number)]


def render_chart(chart: ChartData, *, title: str, desc: str) -> SafeString:
    """The SVG of `chart` (dispatches on its kind)."""
    categories = list(chart.categories)
    series = [(name, list(values)) for name, values in chart.series]
    if chart.kind == "line":
        return line_chart(title=title, desc=desc, categories=categories, series=series)
    if chart.kind == "stacked":
        return stacked_bar_chart(title=title, desc=desc, categories=categories, series=series)
    return bar_chart(title=title, desc=desc, categories=categories, values=series[0][1])
