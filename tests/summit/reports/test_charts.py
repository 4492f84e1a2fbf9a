"""The SVG charts (and their reportlab twins) drawn from one `ChartData`."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from summit.reports.domain.dashboard import ChartData
from summit.reports.interfaces.charts import (
    bar_chart,
    line_chart,
    nice_maximum,
    render_chart,
    stacked_bar_chart,
)

pytestmark = [pytest.mark.unit]

SVG = "{http://www.w3.org/2000/svg}"


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def _texts(root: ET.Element) -> list[str]:
    return [element.text or "" for element in root.iter(f"{SVG}text")]


def test_bar_chart_is_an_accessible_image_with_text_labels() -> None:
    svg = bar_chart(
        title="Meetings by country pair",
        desc="Scheduled meetings by pair",
        categories=["Korea – Japan", "Korea – United States"],
        values=[12, 3],
    )

    root = _parse(svg)
    assert root.get("role") == "img"
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title is not None
    assert title.text == "Meetings by country pair"
    assert desc is not None
    assert desc.text == "Scheduled meetings by pair"
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert _texts(root) == ["Korea – Japan", "12", "Korea – United States", "3"]
    assert "style" not in svg
    bars = list(root.iter(f"{SVG}rect"))
    assert [rect.get("class") for rect in bars] == ["chart-series-0", "chart-series-0"]
    assert float(bars[0].get("width", 0)) > float(bars[1].get("width", 0))


def test_stacked_bar_chart_has_a_legend_segments_and_totals() -> None:
    svg = stacked_bar_chart(
        title="Deals",
        desc="by kind and stage",
        categories=["MOU", "license"],
        series=[("discussing", [2, 0]), ("signed", [1, 4])],
    )

    root = _parse(svg)
    texts = _texts(root)
    assert texts[:2] == ["discussing", "signed"]  # legend
    assert "3" in texts
    assert "4" in texts
    segments = [
        rect.get("class")
        for rect in root.iter(f"{SVG}rect")
        if "chart-swatch" not in (rect.get("class") or "")
    ]
    # A zero value draws no segment: MOU has two, license one.
    assert segments == ["chart-series-0", "chart-series-1", "chart-series-1"]


def test_line_chart_draws_one_line_per_series_with_axis_labels() -> None:
    svg = line_chart(
        title="Requests",
        desc="per day",
        categories=["2026-09-01", "2026-09-02", "2026-09-03"],
        series=[("sent", [5, 9, 2]), ("accepted", [1, 4, 3])],
    )

    root = _parse(svg)
    lines = list(root.iter(f"{SVG}polyline"))
    assert [line.get("class") for line in lines] == [
        "chart-line chart-series-0",
        "chart-line chart-series-1",
    ]
    assert len(lines[0].get("points", "").split()) == 3
    texts = _texts(root)
    assert "2026-09-01" in texts
    assert "2026-09-03" in texts
    assert "10" in texts  # the axis ends at the nice maximum above 9


def test_labels_are_escaped() -> None:
    svg = bar_chart(title="<b>&", desc="x", categories=["<script>alert(1)</script>"], values=[1])

    root = _parse(svg)
    assert "<script>" not in svg
    assert _texts(root)[0] == "<script>alert(1)</script>"


@pytest.mark.parametrize(
    ("value", "expected"), [(0, 1), (1, 1), (3, 5), (9, 10), (11, 20), (250, 500), (0.3, 0.5)]
)
def test_nice_maximum(value: float, expected: float) -> None:
    assert nice_maximum(value) == pytest.approx(expected)


def test_chart_data_refuses_series_of_the_wrong_length() -> None:
    with pytest.raises(ValueError, match="series 'sent' has 1 values for 2 categories"):
        ChartData(kind="line", categories=("a", "b"), series=(("sent", (1,)),))


def test_chart_data_refuses_an_unknown_kind() -> None:
    with pytest.raises(ValueError, match="unknown chart kind 'pie'"):
        ChartData(kind="pie", categories=(), series=())


@pytest.mark.parametrize("kind", ["bar", "stacked", "line"])
def test_the_pdf_draws_the_same_chart_data(kind: str) -> None:
    from reportlab.graphics import renderPDF

    from summit.core.pdf_fonts import pdf_fonts
    from summit.reports.interfaces.pdf import chart_drawing

    series = (
        (("held", (3.0, 1.0)),) if kind == "bar" else (("held", (3.0, 1.0)), ("no", (1.0, 0.0)))
    )
    chart = ChartData(kind=kind, categories=("2026-10-06", "2026-10-07"), series=series)

    drawing = chart_drawing(chart, font=pdf_fonts().regular)

    assert renderPDF.drawToString(drawing).startswith(b"%PDF")
    assert render_chart(chart, title="t", desc="d").startswith("<svg")
