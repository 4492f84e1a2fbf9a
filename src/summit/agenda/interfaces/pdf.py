"""Printable PDFs: a person's agenda (with a check-in QR code per meeting) and the lounge's
table plan (one page per slot).

Text is set in the project's own font (`summit.core.pdf_fonts`, embedded), so the PDFs look
the same on every machine. Column widths come from the measured widths of their texts: times
never wrap, names wrap inside their cells, and every table stays within the page.
"""

from __future__ import annotations

import io
import zoneinfo
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from summit.agenda.interfaces.ical import person_label
from summit.core.pdf_fonts import (
    Fonts,
    fit_columns,
    longest_word_width,
    pdf_fonts,
    text_width,
    wrap_lines,
)
from summit.core.templatetags.summit import local_name

if TYPE_CHECKING:
    from summit.agenda.domain.agenda import AgendaDay
    from summit.agenda.domain.table_plan import SlotPlan
    from summit.events.models import Event
    from summit.scheduling.models import ScheduledMeeting

QR_SIZE_MM = 22
CELL_SIZE = 9.0
CELL_LEADING = 11.5
#: Left plus right padding of a table cell, in points.
CELL_PADDING = 8.0
#: Room for rounding: a paragraph wraps a word that fits its cell exactly.
FIT_SLACK = 1.0
#: A column holding wrapping text is never narrower than this (points), nor is a word's width
#: above it taken as the column's minimum: longer words (a URL) break inside.
MIN_TEXT_COLUMN = 48.0
MAX_WORD_COLUMN = 120.0


def _styles() -> dict[str, Any]:
    from reportlab.lib.styles import ParagraphStyle

    fonts = pdf_fonts()
    return {
        "title": ParagraphStyle("title", fontName=fonts.bold, fontSize=16, leading=20),
        "subtitle": ParagraphStyle("subtitle", fontName=fonts.regular, fontSize=10, leading=13),
        "day": ParagraphStyle(
            "day", fontName=fonts.bold, fontSize=12, leading=15, spaceBefore=8, spaceAfter=4
        ),
        "cell": ParagraphStyle(
            "cell", fontName=fonts.regular, fontSize=CELL_SIZE, leading=CELL_LEADING
        ),
        "head": ParagraphStyle(
            "head", fontName=fonts.bold, fontSize=CELL_SIZE, leading=CELL_LEADING
        ),
        "small": ParagraphStyle("small", fontName=fonts.regular, fontSize=7.5, leading=9),
    }


def _p(text: str, style: Any) -> Any:
    from reportlab.platypus import Paragraph

    return Paragraph(text, style)


#: QR mask pattern. Choosing the "best" of the 8 masks (reportlab's default) costs eight
#: encodings per code; any mask is valid for readers, so one fixed mask keeps a PDF of 54
#: codes fast.
QR_MASK = 2


def qr_modules(data: str) -> list[list[bool]]:
    """The dark/light modules of a QR code (error correction M) encoding `data`."""
    from reportlab.graphics.barcode import qrencoder

    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(data)
    code.version = code.calculate_version()
    code.makeImpl(False, QR_MASK)
    return [[bool(module) for module in row] for row in code.modules]


def _qr(url: str) -> Any:
    """A flowable drawing the QR code of `url` as one filled path of horizontal runs."""
    from reportlab.lib.units import mm
    from reportlab.platypus import Flowable

    modules = qr_modules(url)
    size = QR_SIZE_MM * mm

    class QrFlowable(Flowable):  # type: ignore[misc]
        def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
            return size, size

        def draw(self) -> None:
            quiet = 2  # modules of white margin (the table cell adds its own padding)
            box = size / (len(modules) + 2 * quiet)
            path = self.canv.beginPath()
            for row_index, row in enumerate(modules):
                column = 0
                while column < len(row):
                    if not row[column]:
                        column += 1
                        continue
                    end = column
                    while end < len(row) and row[end]:
                        end += 1
                    top = size - (row_index + quiet + 1) * box
                    path.rect((column + quiet) * box, top, (end - column) * box, box)
                    column = end
            self.canv.drawPath(path, stroke=0, fill=1)

    flowable = QrFlowable()
    flowable.qr_data = url
    return flowable


def _time(value: datetime, zone: str) -> str:
    return formats.time_format(value.astimezone(zoneinfo.ZoneInfo(zone)), "TIME_FORMAT")


def _day(value: Any) -> str:
    return formats.date_format(value, "DATE_FORMAT")


def _organization_lines(organization: Any) -> list[str]:
    if organization.name_local and organization.name_local != organization.name:
        return [str(organization.name), str(organization.name_local)]
    return [str(organization.name)]


def _document(buffer: io.BytesIO, *, title: str, landscape_page: bool = False) -> Any:
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    return SimpleDocTemplate(
        buffer,
        pagesize=landscape(A4) if landscape_page else A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
        title=title,
        author="Bio Partnering",
        # Not reportlab's default Helvetica, which would be written into the PDF unembedded.
        initialFontName=pdf_fonts().regular,
    )


@dataclass(frozen=True)
class _Column:
    """What a column must show: its texts decide its width."""

    texts: list[str]
    header: str
    wraps: bool = True


def _column_widths(columns: Sequence[_Column], fonts: Fonts, available: float) -> list[float]:
    """Widths from the measured texts: natural = the widest line, minimum = the widest word
    (or the whole text for a column that must not wrap)."""
    natural: list[float] = []
    minimum: list[float] = []
    for column in columns:
        widest = max(
            text_width(column.header, fonts.bold, CELL_SIZE),
            *(text_width(text, fonts.regular, CELL_SIZE) for text in column.texts),
        )
        if column.wraps:
            word = max(
                longest_word_width(column.header, fonts.bold, CELL_SIZE),
                *(longest_word_width(text, fonts.regular, CELL_SIZE) for text in column.texts),
            )
            floor = max(MIN_TEXT_COLUMN, min(word, MAX_WORD_COLUMN))
        else:
            floor = widest
        natural.append(max(widest, floor) + CELL_PADDING + FIT_SLACK)
        minimum.append(floor + CELL_PADDING + FIT_SLACK)
    return fit_columns(natural, minimum, available)


def _table_style(fonts: Fonts, struck_rows: Sequence[int] = (), header_font: str = "") -> Any:
    from reportlab.lib import colors
    from reportlab.platypus import TableStyle

    commands: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), fonts.regular, CELL_SIZE, CELL_LEADING),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#b8c0c8")),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8ebef")),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PADDING / 2),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PADDING / 2),
    ]
    if header_font:
        commands.append(("FONT", (0, 0), (-1, 0), header_font, CELL_SIZE, CELL_LEADING))
    for row in struck_rows:
        commands.append(("TEXTCOLOR", (0, row), (-1, row), colors.HexColor("#7a2020")))
    return TableStyle(commands)


def _lines(groups: Sequence[Sequence[str]]) -> str:
    return "\n".join(line for group in groups for line in group)


@dataclass(frozen=True)
class _AgendaRow:
    """One meeting of the agenda as plain text lines (measured) per column."""

    when: str
    place: list[str]
    partners: list[list[str]]
    people: list[str]
    cancelled: bool
    meeting: Any


def agenda_pdf(
    *,
    event: Event,
    person: str,
    organization: Any,
    days: Sequence[AgendaDay],
    check_in_url: Callable[[ScheduledMeeting], str],
) -> bytes:
    """A person's (or an organization's) agenda: one line per meeting with a check-in QR code."""
    from reportlab.lib.units import mm
    from reportlab.platypus import Spacer, Table

    fonts = pdf_fonts()
    styles = _styles()
    zone = event.time_zone
    title = _("Agenda") + f" — {event.name}"
    buffer = io.BytesIO()
    document = _document(buffer, title=title)
    story: list[Any] = [_p(escape(event.name), styles["title"])]
    if event.name_ko and event.name_ko != event.name:
        story.append(_p(escape(event.name_ko), styles["subtitle"]))
    who = f"<b>{escape(person)}</b>"
    if organization is not None:
        who += " · " + "<br/>".join(escape(line) for line in _organization_lines(organization))
    story.append(_p(who, styles["subtitle"]))
    where = f"{escape(event.venue)} · " if event.venue else ""
    zone_text = _("Times in %(zone)s") % {"zone": event.time_zone}
    story.append(_p(where + escape(zone_text), styles["subtitle"]))
    story.append(Spacer(1, 4 * mm))
    if not days:
        story.append(_p(escape(_("No meetings in the published schedule.")), styles["cell"]))
    cancelled_text = _("cancelled")
    rows_by_day: list[list[_AgendaRow]] = []
    for day in days:
        rows = []
        for item in day.items:
            place = [item.place]
            if item.meeting.video_link and not item.cancelled:
                place.append(item.meeting.video_link)
            rows.append(
                _AgendaRow(
                    when=f"{_time(item.slot.start, zone)}–{_time(item.slot.end, zone)}",
                    place=place,
                    partners=[_organization_lines(org) for org in item.partners],
                    people=[person_label(p) for p in item.partner_people],
                    cancelled=item.cancelled,
                    meeting=item.meeting,
                )
            )
        rows_by_day.append(rows)
    all_rows = [row for rows in rows_by_day for row in rows]
    qr_width = (QR_SIZE_MM + 2) * mm
    headers = [_("Time"), _("Table"), _("Partner"), _("Partner persons")]
    text_widths = _column_widths(
        [
            _Column([row.when for row in all_rows] + [cancelled_text], headers[0], wraps=False),
            _Column(["\n".join(row.place) for row in all_rows], headers[1]),
            _Column([_lines(row.partners) for row in all_rows], headers[2]),
            _Column(["\n".join(row.people) for row in all_rows], headers[3]),
        ],
        fonts,
        document.width - qr_width,
    )
    widths = [*text_widths, qr_width]
    header = [_p(escape(text), styles["head"]) for text in [*headers, _("Check-in")]]
    for day, rows in zip(days, rows_by_day, strict=True):
        story.append(_p(escape(_day(day.day)), styles["day"]))
        table_rows: list[list[Any]] = [header]
        struck = []
        for row in rows:
            when = escape(row.when)
            partners = "<br/>".join(
                "<br/>".join(escape(line) for line in lines) for lines in row.partners
            )
            if row.cancelled:
                when = f"<strike>{when}</strike><br/>{escape(cancelled_text)}"
                partners = f"<strike>{partners}</strike>"
                struck.append(len(table_rows))
            table_rows.append(
                [
                    _p(when, styles["cell"]),
                    _p("<br/>".join(escape(line) for line in row.place), styles["cell"]),
                    _p(partners, styles["cell"]),
                    _p("<br/>".join(escape(line) for line in row.people), styles["cell"]),
                    "" if row.cancelled else _qr(check_in_url(row.meeting)),
                ]
            )
        table = Table(table_rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
        table.setStyle(_table_style(fonts, struck))
        story.append(table)
    document.build(story)
    return buffer.getvalue()


def table_plan_pdf(*, event: Event, plans: Sequence[SlotPlan]) -> bytes:
    """The table plan of `plans` (normally every slot of one day), one page per slot."""
    from reportlab.lib.units import mm
    from reportlab.platypus import PageBreak, Spacer, Table

    fonts = pdf_fonts()
    styles = _styles()
    buffer = io.BytesIO()
    document = _document(buffer, title=_("Table plan") + f" — {event.name}", landscape_page=True)
    story: list[Any] = []
    headers = [_("Table"), _("Organization"), _("Organization"), _("Persons")]
    # Plain strings, not paragraphs: a day of a large event is thousands of rows, and
    # reportlab lays plain (multi-line) strings out an order of magnitude faster. They are
    # wrapped here, to the measured column widths.
    cells_by_plan: list[list[list[str]]] = []
    for plan in plans:
        cells = []
        for row in plan.rows:
            organizations = ["\n".join(_organization_lines(org)) for org in row.organizations]
            organizations = [*(organizations or ["—"]), "", ""][:2]
            people = "\n".join(
                f"{person_label(p)} ({local_name(p.organization)})" for p in row.people
            )
            cells.append([str(row.place), organizations[0], organizations[1], people])
        cells_by_plan.append(cells)
    all_cells = [cells for plan_cells in cells_by_plan for cells in plan_cells]
    widths = _column_widths(
        [
            _Column([cells[0] for cells in all_cells], headers[0], wraps=False),
            _Column(
                [cells[1] for cells in all_cells] + [cells[2] for cells in all_cells], headers[1]
            ),
            _Column(
                [cells[1] for cells in all_cells] + [cells[2] for cells in all_cells], headers[2]
            ),
            _Column([cells[3] for cells in all_cells], headers[3]),
        ],
        fonts,
        document.width,
    )

    def wrapped(text: str, width: float, font: str) -> str:
        return "\n".join(wrap_lines(text, font, CELL_SIZE, width - CELL_PADDING))

    header = [wrapped(text, width, fonts.bold) for text, width in zip(headers, widths, strict=True)]
    for index, (plan, plan_cells) in enumerate(zip(plans, cells_by_plan, strict=True)):
        if index:
            story.append(PageBreak())
        start, end = plan.slot.start, plan.slot.end
        heading = _("Table plan %(day)s, %(start)s–%(end)s") % {
            "day": _day(start.astimezone(zoneinfo.ZoneInfo(event.time_zone)).date()),
            "start": _time(start, event.time_zone),
            "end": _time(end, event.time_zone),
        }
        story.append(_p(escape(event.name), styles["subtitle"]))
        story.append(_p(escape(heading), styles["title"]))
        story.append(
            _p(
                escape(
                    ngettext(
                        "%(count)s meeting · times in %(zone)s",
                        "%(count)s meetings · times in %(zone)s",
                        plan.meeting_count,
                    )
                    % {"count": plan.meeting_count, "zone": event.time_zone}
                ),
                styles["subtitle"],
            )
        )
        story.append(Spacer(1, 4 * mm))
        rows: list[list[Any]] = [header]
        for cells in plan_cells:
            rows.append(
                [
                    wrapped(text, width, fonts.regular)
                    for text, width in zip(cells, widths, strict=True)
                ]
            )
        table = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
        table.setStyle(_table_style(fonts, header_font=fonts.bold))
        story.append(table)
    if not story:
        story.append(_p(escape(_("No slots on this day.")), styles["cell"]))
    document.build(story)
    return buffer.getvalue()


__all__ = ["agenda_pdf", "table_plan_pdf"]
