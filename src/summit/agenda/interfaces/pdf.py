"""Printable PDFs: a person's agenda (with a check-in QR code per meeting) and the lounge's
table plan (one page per slot).

Korean text is set in the fonts of `summit.core.pdf_fonts` (a TrueType font with Hangul,
embedded so that text extractors read the Korean names back, else reportlab's built-in CID
font), so a PDF is always produced.
"""

from __future__ import annotations

import io
import zoneinfo
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

from django.utils import formats
from django.utils.translation import gettext as _

from summit.agenda.interfaces.ical import person_label
from summit.core.pdf_fonts import Fonts, korean_fonts

if TYPE_CHECKING:
    from summit.agenda.domain.agenda import AgendaDay
    from summit.agenda.domain.table_plan import SlotPlan
    from summit.events.models import Event
    from summit.scheduling.models import ScheduledMeeting

QR_SIZE_MM = 22


def _styles() -> dict[str, Any]:
    from reportlab.lib.styles import ParagraphStyle

    fonts = korean_fonts()
    return {
        "title": ParagraphStyle("title", fontName=fonts.bold, fontSize=16, leading=20),
        "subtitle": ParagraphStyle("subtitle", fontName=fonts.regular, fontSize=10, leading=13),
        "day": ParagraphStyle(
            "day", fontName=fonts.bold, fontSize=12, leading=15, spaceBefore=8, spaceAfter=4
        ),
        "cell": ParagraphStyle("cell", fontName=fonts.regular, fontSize=9, leading=11.5),
        "head": ParagraphStyle("head", fontName=fonts.bold, fontSize=9, leading=11.5),
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
    return value.astimezone(zoneinfo.ZoneInfo(zone)).strftime("%H:%M")


def _names(organization: Any) -> str:
    name = escape(organization.name)
    if organization.name_local and organization.name_local != organization.name:
        return f"{name}<br/>{escape(organization.name_local)}"
    return name


def _plain_names(organization: Any) -> str:
    if organization.name_local and organization.name_local != organization.name:
        return f"{organization.name}\n{organization.name_local}"
    return str(organization.name)


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
    )


def _table_style(fonts: Fonts, struck_rows: Sequence[int] = (), header_font: str = "") -> Any:
    from reportlab.lib import colors
    from reportlab.platypus import TableStyle

    commands: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), fonts.regular, 9),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#b8c0c8")),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8ebef")),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]
    if header_font:
        commands.append(("FONT", (0, 0), (-1, 0), header_font, 9))
    for row in struck_rows:
        commands.append(("TEXTCOLOR", (0, row), (-1, row), colors.HexColor("#7a2020")))
    return TableStyle(commands)


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

    fonts = korean_fonts()
    styles = _styles()
    zone = event.time_zone
    title = _("Agenda") + f" — {event.name}"
    buffer = io.BytesIO()
    document = _document(buffer, title=title)
    story: list[Any] = [_p(escape(event.name), styles["title"])]
    if event.name_ko and event.name_ko != event.name:
        story.append(_p(escape(event.name_ko), styles["subtitle"]))
    story.append(
        _p(f"<b>{escape(person)}</b> · {_names(organization)}", styles["subtitle"])
        if organization is not None
        else _p(f"<b>{escape(person)}</b>", styles["subtitle"])
    )
    where = f"{escape(event.venue)} · " if event.venue else ""
    zone_text = _("Times in %(zone)s") % {"zone": event.time_zone}
    story.append(_p(where + escape(zone_text), styles["subtitle"]))
    story.append(Spacer(1, 4 * mm))
    if not days:
        story.append(_p(escape(_("No meetings in the published schedule.")), styles["cell"]))
    header = [
        _p(escape(_("Time")), styles["head"]),
        _p(escape(_("Table")), styles["head"]),
        _p(escape(_("Partner")), styles["head"]),
        _p(escape(_("Partner persons")), styles["head"]),
        _p(escape(_("Check-in")), styles["head"]),
    ]
    for day in days:
        story.append(_p(escape(formats.date_format(day.day, "DATE_FORMAT")), styles["day"]))
        rows: list[list[Any]] = [header]
        struck = []
        for item in day.items:
            cancelled = item.cancelled
            when = f"{_time(item.slot.start, zone)}–{_time(item.slot.end, zone)}"
            partners = "<br/>".join(_names(org) for org in item.partners)
            people = "<br/>".join(escape(person_label(p)) for p in item.partner_people)
            if cancelled:
                when = f"<strike>{when}</strike><br/>{escape(_('cancelled'))}"
                partners = f"<strike>{partners}</strike>"
                struck.append(len(rows))
            place = escape(item.place)
            if item.meeting.video_link and not cancelled:
                place += f"<br/>{escape(item.meeting.video_link)}"
            rows.append(
                [
                    _p(when, styles["cell"]),
                    _p(place, styles["cell"]),
                    _p(partners, styles["cell"]),
                    _p(people, styles["cell"]),
                    "" if cancelled else _qr(check_in_url(item.meeting)),
                ]
            )
        widths = [24 * mm, 30 * mm, 55 * mm, 46 * mm, (QR_SIZE_MM + 4) * mm]
        table = Table(rows, colWidths=widths, repeatRows=1)
        table.setStyle(_table_style(fonts, struck))
        story.append(table)
    document.build(story)
    return buffer.getvalue()


def table_plan_pdf(*, event: Event, plans: Sequence[SlotPlan]) -> bytes:
    """The table plan of `plans` (normally every slot of one day), one page per slot."""
    from reportlab.lib.units import mm
    from reportlab.platypus import PageBreak, Spacer, Table

    fonts = korean_fonts()
    styles = _styles()
    buffer = io.BytesIO()
    document = _document(buffer, title=_("Table plan") + f" — {event.name}", landscape_page=True)
    story: list[Any] = []
    # Plain strings, not paragraphs: a day of a large event is thousands of rows, and
    # reportlab lays plain (multi-line) strings out an order of magnitude faster.
    header = [_("Table"), _("Organization"), _("Organization"), _("Persons")]
    for index, plan in enumerate(plans):
        if index:
            story.append(PageBreak())
        start, end = plan.slot.start, plan.slot.end
        heading = _("Table plan %(day)s, %(start)s–%(end)s") % {
            "day": formats.date_format(
                start.astimezone(zoneinfo.ZoneInfo(event.time_zone)).date(), "DATE_FORMAT"
            ),
            "start": _time(start, event.time_zone),
            "end": _time(end, event.time_zone),
        }
        story.append(_p(escape(event.name), styles["subtitle"]))
        story.append(_p(escape(heading), styles["title"]))
        story.append(
            _p(
                escape(
                    _("%(count)s meetings · times in %(zone)s")
                    % {"count": plan.meeting_count, "zone": event.time_zone}
                ),
                styles["subtitle"],
            )
        )
        story.append(Spacer(1, 4 * mm))
        rows: list[list[Any]] = [header]
        for row in plan.rows:
            organizations = [_plain_names(org) for org in row.organizations] or ["—", ""]
            people = "\n".join(f"{person_label(p)} ({p.organization.name})" for p in row.people)
            rows.append([row.place, organizations[0], organizations[1], people])
        table = Table(rows, colWidths=[30 * mm, 70 * mm, 70 * mm, 95 * mm], repeatRows=1)
        table.setStyle(_table_style(fonts, header_font=fonts.bold))
        story.append(table)
    if not story:
        story.append(_p(escape(_("No slots on this day.")), styles["cell"]))
    document.build(story)
    return buffer.getvalue()


__all__ = ["agenda_pdf", "table_plan_pdf"]
