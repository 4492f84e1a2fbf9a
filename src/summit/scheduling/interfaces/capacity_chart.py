"""Coordinates of the capacity chart (an SVG drawn by the template, no JavaScript).

x: table count, y: share of the accepted requests scheduled (0-100 %). One line per series
(without / with extra slots), dots at the measured points, dashed guides at the thresholds.
"""

from __future__ import annotations

from typing import Any

WIDTH, HEIGHT = 640, 320
LEFT, RIGHT, TOP, BOTTOM = 56, 44, 16, 44


def capacity_chart(*, summary: dict[str, Any]) -> dict[str, Any] | None:
    """Everything the template needs to draw the chart, or None without points."""
    series = summary.get("series") or []
    tables = sorted({p["tables"] for s in series for p in s["points"]})
    if not tables:
        return None
    low, high = tables[0], tables[-1]
    span = max(1, high - low)
    inner_w, inner_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x_of(count: float) -> float:
        if high == low:
            return LEFT + inner_w / 2
        return round(LEFT + (count - low) / span * inner_w, 1)

    def y_of(percent: float) -> float:
        return round(TOP + (100.0 - percent) / 100.0 * inner_h, 1)

    lines = []
    for index, entry in enumerate(series):
        points = [(x_of(p["tables"]), y_of(p["percent"]), p) for p in entry["points"]]
        lines.append(
            {
                "index": index,
                "extra_slots": entry["extra_slots"],
                "path": " ".join(f"{x},{y}" for x, y, _ in points),
                "dots": [{"x": x, "y": y, "point": p} for x, y, p in points],
            }
        )
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "top": TOP,
        "bottom": HEIGHT - BOTTOM,
        "x_ticks": [{"x": x_of(t), "label": t} for t in tables],
        "y_ticks": [{"y": y_of(v), "label": v} for v in (0, 25, 50, 75, 100)],
        "guides": [{"y": y_of(v), "label": v} for v in (95, 99)],
        "current_x": x_of(summary.get("current_tables", low))
        if low <= summary.get("current_tables", low) <= high
        else None,
        "lines": lines,
        "x_label_y": HEIGHT - 6,
        "x_tick_label_y": HEIGHT - BOTTOM + 16,
    }
