"""The event report as a PDF, the way a secretariat reports to its ministry.

A title page (event, dates, venue, filters, date of the report), the headline numbers, then
one section per dashboard table: its explanation, its chart drawn with reportlab.graphics
from the same `ChartData` as the web page's SVG, and the table. Korean text uses the fonts of
`summit.core.pdf_fonts` (the project's embedded NanumGothic); table columns are sized from the
measured widths of their texts. Confidential deals appear only in counts.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from summit.core.pdf_fonts import Fonts, fit_columns, longest_word_width, pdf_fonts, text_width
from summit.core.templatetags.summit import local_name
from summit.reports.domain.dashboard import ChartData, Dashboard, Section
from summit.reports.interfaces.charts import PALETTE
from summit.reports.interfaces.describe import describe_filters, event_dates

__all__ = ["report_pdf"]

CHART_WIDTH = 460.0
#: A4 width minus the 18 mm margins, in points.
TEXT_WIDTH = 493.2
#: Room for a bar chart's category labels, left of its bars (points).
LABEL_WIDTH = 160.0
LABEL_SIZE = 8.0


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, Decimal):
        return f"{value:,.2f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _short(label: str, font: str) -> str:
    """`label`, cut with an ellipsis where its measured width would pass the labels' room."""
    if text_width(label, font, LABEL_SIZE) <= LABEL_WIDTH:
        return label
    while label and text_width(f"{label}…", font, LABEL_SIZE) > LABEL_WIDTH:
        label = label[:-1]
    return f"{label.rstrip()}…"


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
        plot.categoryAxis.categoryNames = [
            _short(label, font) for label in reversed(chart.categories)
        ]
        plot.categoryAxis.labels.fontName = font
        plot.categoryAxis.labels.fontSize = LABEL_SIZE
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
    # The drawing's own default font would be Helvetica, written into the PDF unembedded.
    drawing.initialFontName = font
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


CELL_SIZE = 8.5
#: Left plus right padding of a table cell, in points.
CELL_PADDING = 8.0
#: Room for rounding: a paragraph wraps a word that fits its cell exactly.
FIT_SLACK = 1.0
#: Wrapping columns are never narrower than this, nor is a longer word their minimum.
MIN_TEXT_COLUMN = 40.0
MAX_WORD_COLUMN = 110.0


def _widths(header: Sequence[str], rows: Sequence[Sequence[Any]], fonts: Fonts) -> list[float]:
    """Column widths within the A4 text width, from the measured texts: numbers and dates
    never wrap, text columns share the rest and wrap at spaces."""
    natural: list[float] = []
    minimum: list[float] = []
    for index, title in enumerate(header):
        values = [row[index] for row in rows]
        texts = [_text(value) for value in values]
        widest = max(
            text_width(title, fonts.regular, CELL_SIZE),
            *(text_width(text, fonts.regular, CELL_SIZE) for text in texts),
        )
        if all(isinstance(value, int | Decimal | date) or value is None for value in values):
            floor = max(
                longest_word_width(title, fonts.regular, CELL_SIZE),
                *(text_width(text, fonts.regular, CELL_SIZE) for text in texts),
            )
        else:
            word = max(
                longest_word_width(title, fonts.regular, CELL_SIZE),
                *(longest_word_width(text, fonts.regular, CELL_SIZE) for text in texts),
            )
            floor = max(min(MIN_TEXT_COLUMN, widest), min(word, MAX_WORD_COLUMN))
        natural.append(max(widest, floor) + CELL_PADDING + FIT_SLACK)
        minimum.append(floor + CELL_PADDING + FIT_SLACK)
    return fit_columns(natural, minimum, TEXT_WIDTH)


def _table(section: Section, styles: dict[str, Any], fonts: Fonts) -> Any:
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph, Table, TableStyle

    header = [Paragraph(escape(str(text)), styles["cell"]) for text in section.headers]
    widths = _widths([str(text) for text in section.headers], section.rows, fonts)

    def cell(value: Any, width: float) -> Any:
        # Paragraphs wrap but cost ~50× a plain string: only for text that does not fit.
        text = _text(value)
        if text_width(text, fonts.regular, CELL_SIZE) > width - CELL_PADDING:
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
                ("FONTSIZE", (0, 0), (-1, -1), CELL_SIZE),
                ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING / 2),
                ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING / 2),
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
        (_("Report of"), date_format(timezone.localtime(), "DATETIME_FORMAT")),
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
        headers=(_("Headline numbers"), pgettext("headline number", "Value")),
        rows=tuple((item.label, item.value) for item in dashboard.headline),
    )
    return [Paragraph(escape(numbers.title), styles["h1"]), _table(numbers, styles, fonts)]


def report_pdf(dashboard: Dashboard) -> bytes:
    """The PDF bytes of the report."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer

    fonts = pdf_fonts()
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
        # Not reportlab's default Helvetica, which would be written into the PDF unembedded.
        initialFontName=fonts.regular,
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
