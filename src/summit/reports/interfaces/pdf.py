"""The event report as a PDF, the way a secretariat reports to its ministry.

A title page (event, dates, venue, filters, date of the report), the headline numbers, then
one section per dashboard table: its explanation, its chart drawn with reportlab.graphics
from the same `ChartData` as the web page's SVG, and the table. Korean text uses the fonts of
`summit.core.pdf_fonts` (NanumGothic from Debian's fonts-nanum, else reportlab's built-in CID
font). Confidential deals appear only in counts.
"""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from typing import Any
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.translation import gettext as _

from summit.core.pdf_fonts import Fonts, korean_fonts
from summit.core.templatetags.summit import local_name
from summit.reports.domain.dashboard import ChartData, Dashboard, Section
from summit.reports.interfaces.charts import PALETTE
from summit.reports.interfaces.describe import describe_filters, event_dates

__all__ = ["report_pdf"]

CHART_WIDTH = 460.0
#: A4 width minus the 18 mm margins, in points.
TEXT_WIDTH = 493.0
MAX_LABEL = 30


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:,.2f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _short(label: str) -> str:
    return label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1] + "…"


def _styles(fonts: Fonts) -> dict[str, Any]:
    from reportlab.lib.styles import ParagraphStyle

    body = ParagraphStyle("body", fontName=fonts.regular, fontSize=9.5, leading=13)
    return {
        "title": ParagraphStyle(
            "title", fontName=fonts.bold, fontSize=24, leading=32, spaceAfter=18
        ),
        "subtitle": ParagraphStyle("subtitle", parent=body, fontSize=13, leading=20),
        "h1": ParagraphStyle(
            "h1", fontName=fonts.bold, fontSize=15, leading=20, spaceBefore=6, spaceAfter=8
        ),
        "h2": ParagraphStyle(
            "h2", fontName=fonts.bold, fontSize=12, leading=16, spaceBefore=12, spaceAfter=4
        ),
        "body": body,
        "note": ParagraphStyle("note", parent=body, fontName=fonts.bold),
        "cell": ParagraphStyle("cell", parent=body, fontSize=8.5, leading=11),
    }


def chart_drawing(chart: ChartData, *, font: str) -> Any:
    """A reportlab Drawing of `chart` (bars, stacked bars or lines) with its legend."""
    from reportlab.graphics.charts.barcharts import HorizontalBarChart
    from reportlab.graphics.charts.legends import Legend
    from reportlab.graphics.charts.linecharts import HorizontalLineChart
    from reportlab.graphics.shapes import Drawing
    from reportlab.lib.colors import HexColor

    colours = [HexColor(code) for code in PALETTE]
    series = [values for _, values in chart.series]
    legend_height = 22 if len(chart.series) > 1 else 0
    if chart.kind == "line":
        height = 190 + legend_height
        drawing = Drawing(CHART_WIDTH, height)
        plot: Any = HorizontalLineChart()
        plot.x, plot.y, plot.width, plot.height = 40, 30, CHART_WIDTH - 60, 140
        plot.data = [list(values) for values in series]
        every = max(1, -(-len(chart.categories) // 8))
        plot.categoryAxis.categoryNames = [
            label[5:] if index % every == 0 else "" for index, label in enumerate(chart.categories)
        ]
        plot.categoryAxis.labels.fontName = font
        plot.categoryAxis.labels.fontSize = 7
        plot.valueAxis.labels.fontName = font
        plot.valueAxis.labels.fontSize = 7
        plot.valueAxis.valueMin = 0
        for index in range(len(series)):
            plot.lines[index].strokeColor = colours[index % len(colours)]
            plot.lines[index].strokeWidth = 1.8
    else:
        rows = len(chart.categories)
        height = 24 + 16 * rows + legend_height
        drawing = Drawing(CHART_WIDTH, height)
        plot = HorizontalBarChart()
        plot.x, plot.y = 170, 12
        plot.width, plot.height = CHART_WIDTH - 200, 16 * rows
        # reportlab draws the first category at the bottom; reverse to read top-down.
        plot.data = [list(reversed(values)) for values in series]
        plot.categoryAxis.categoryNames = [_short(label) for label in reversed(chart.categories)]
        plot.categoryAxis.labels.fontName = font
        plot.categoryAxis.labels.fontSize = 8
        plot.categoryAxis.labels.boxAnchor = "e"
        plot.valueAxis.labels.fontName = font
        plot.valueAxis.labels.fontSize = 7
        plot.valueAxis.valueMin = 0
        plot.barSpacing = 0
        plot.groupSpacing = 4
        if chart.kind == "stacked":
            plot.categoryAxis.style = "stacked"
        else:
            plot.barLabelFormat = "%d"
            plot.barLabels.fontName = font
            plot.barLabels.fontSize = 7
            plot.barLabels.boxAnchor = "w"
            plot.barLabels.dx = 3
        for index in range(len(series)):
            plot.bars[index].fillColor = colours[index % len(colours)]
            plot.bars[index].strokeColor = None
    drawing.add(plot)
    if legend_height:
        legend = Legend()
        legend.x, legend.y = 10, height - 8
        legend.fontName = font
        legend.fontSize = 8
        legend.alignment = "right"
        legend.columnMaximum = 1
        legend.deltax = 80
        legend.dxTextSpace = 4
        legend.colorNamePairs = [
            (colours[index % len(colours)], name) for index, (name, _) in enumerate(chart.series)
        ]
        drawing.add(legend)
    return drawing


def _widths(section: Section) -> list[float]:
    """Column widths (points) within the A4 text width: a wide first column for labels."""
    if section.key == "signed_deals":
        return [125.0, 70.0, 50.0, 55.0, 105.0, 58.0, 30.0]
    columns = len(section.headers)
    first = min(220.0, TEXT_WIDTH - 55.0 * (columns - 1))
    return [first, *([min(80.0, (TEXT_WIDTH - first) / (columns - 1))] * (columns - 1))]


def _table(section: Section, styles: dict[str, Any], fonts: Fonts) -> Any:
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph, Table, TableStyle

    header = [Paragraph(escape(str(text)), styles["cell"]) for text in section.headers]
    widths = _widths(section)

    def cell(value: Any, width: float) -> Any:
        # Paragraphs wrap but cost ~50× a plain string: only for text that may not fit.
        text = _text(value)
        if len(text) * 4.6 > width - 8:
            return Paragraph(escape(text), styles["cell"])
        return text

    body = [
        [cell(value, width) for value, width in zip(row, widths, strict=True)]
        for row in section.rows
    ]
    table = Table([header, *body], repeatRows=1, hAlign="LEFT", colWidths=widths)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), fonts.regular),
                ("FONTSIZE", (0, 0), (-1, -1), 8.5),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8f4f5")),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#d9dee6")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def _title_page(dashboard: Dashboard, styles: dict[str, Any]) -> list[Any]:
    from reportlab.platypus import PageBreak, Paragraph, Spacer

    event = dashboard.event
    lines = [
        (_("Dates"), event_dates(dashboard)),
        (_("Venue"), event.venue),
        (_("Filters"), describe_filters(dashboard.filters)),
        (_("Report of"), timezone.localtime().strftime("%Y-%m-%d %H:%M")),
    ]
    story: list[Any] = [
        Spacer(1, 120),
        Paragraph(escape(local_name(event)), styles["title"]),
        Paragraph(
            escape(_("Partnering report: meetings and cooperation outcomes")), styles["subtitle"]
        ),
        Spacer(1, 24),
    ]
    for label, value in lines:
        if value:
            story.append(Paragraph(f"<b>{escape(label)}</b>: {escape(value)}", styles["subtitle"]))
    story.append(PageBreak())
    return story


def _headline(dashboard: Dashboard, styles: dict[str, Any], fonts: Fonts) -> list[Any]:
    from reportlab.platypus import Paragraph

    numbers = Section(
        key="headline",
        title=_("Headline numbers"),
        description="",
        sheet="",
        headers=(_("Headline numbers"), _("Value")),
        rows=tuple((item.label, item.value) for item in dashboard.headline),
    )
    return [Paragraph(escape(numbers.title), styles["h1"]), _table(numbers, styles, fonts)]


def report_pdf(dashboard: Dashboard) -> bytes:
    """The PDF bytes of the report."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer

    fonts = korean_fonts()
    styles = _styles(fonts)
    buffer = io.BytesIO()
    title = local_name(dashboard.event)
    report_name = _("Partnering report")
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=f"{title} — {report_name}",
        author=title,
    )
    story = _title_page(dashboard, styles) + _headline(dashboard, styles, fonts)
    for section in dashboard.sections:
        head: list[Any] = [
            Paragraph(escape(section.title), styles["h2"]),
            Paragraph(escape(section.description), styles["body"]),
        ]
        head.extend(Paragraph(escape(note), styles["note"]) for note in section.notes)
        if section.chart is not None and not section.chart.is_empty:
            head.extend([Spacer(1, 4), chart_drawing(section.chart, font=fonts.regular)])
        story.append(KeepTogether(head))
        if section.rows:
            story.extend([Spacer(1, 4), _table(section, styles, fonts)])
        else:
            story.append(Paragraph(escape(_("No data yet.")), styles["body"]))

    def footer(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(fonts.regular, 8)
        canvas.drawString(18 * mm, 10 * mm, f"{title} · {doc.page}")
        canvas.restoreState()

    document.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()
