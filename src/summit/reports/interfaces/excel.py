"""The event report as an Excel workbook: a summary sheet, then one sheet per dashboard table.

Cells hold real values (numbers, dates), never formulas: texts are spreadsheet-safe
(`summit.core.spreadsheets`). Sheet names and headers are in the active language (Korean on
Korean pages).
Confidential deals appear only in counts (the dashboard never gives their names).
"""

from __future__ import annotations

import io
import re
from datetime import date
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from summit.core.spreadsheets import mark_text, xlsx_value
from summit.core.templatetags.summit import local_name
from summit.reports.domain.dashboard import Dashboard, Section
from summit.reports.interfaces.describe import describe_filters, event_dates

__all__ = ["report_workbook"]

_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def _sheet_name(title: str, taken: set[str]) -> str:
    """A valid, unique sheet name (≤ 31 characters, none of []:*?/\\)."""
    base = _SHEET_FORBIDDEN.sub(" ", title).strip()[:31] or "Sheet"
    name, number = base, 2
    while name.lower() in taken:
        suffix = f" ({number})"
        name = base[: 31 - len(suffix)] + suffix
        number += 1
    taken.add(name.lower())
    return name


def _append(sheet: Any, values: list[Any], *, bold: bool = False) -> None:
    from openpyxl.styles import Font

    sheet.append([xlsx_value(value) for value in values])
    row = sheet.max_row
    for cell in sheet[row]:
        mark_text(cell)
        if isinstance(cell.value, date):
            cell.number_format = "yyyy-mm-dd"
        if bold:
            cell.font = Font(bold=True)


def _widths(sheet: Any) -> None:
    from openpyxl.utils import get_column_letter

    for index, column in enumerate(sheet.iter_cols(values_only=True), start=1):
        longest = max((len(str(value)) for value in column if value is not None), default=8)
        sheet.column_dimensions[get_column_letter(index)].width = min(max(longest + 2, 10), 60)


def _summary(sheet: Any, dashboard: Dashboard) -> None:
    from openpyxl.styles import Font

    _append(sheet, [local_name(dashboard.event)])
    sheet["A1"].font = Font(bold=True, size=14)
    for label, value in (
        (_("Dates"), event_dates(dashboard)),
        (_("Venue"), dashboard.event.venue),
        (_("Filters"), describe_filters(dashboard.filters)),
        (_("Generated"), date_format(timezone.localtime(), "DATETIME_FORMAT")),
    ):
        _append(sheet, [label, value])
    sheet.append([])
    _append(sheet, [_("Headline numbers"), pgettext("headline number", "Value")], bold=True)
    for item in dashboard.headline:
        _append(sheet, [item.label, item.value])
    for key in ("deals_by_kind", "deals_by_stage"):
        section = dashboard.section(key)
        sheet.append([])
        _append(sheet, [section.title], bold=True)
        _append(sheet, list(section.headers), bold=True)
        for row in section.rows:
            _append(sheet, list(row))
    _widths(sheet)


def _table(sheet: Any, section: Section) -> None:
    _append(sheet, list(section.headers), bold=True)
    for row in section.rows:
        _append(sheet, list(row))
    if section.notes or section.description:
        sheet.append([])
    for note in section.notes:
        _append(sheet, [note])
    _append(sheet, [section.description])
    sheet.freeze_panes = "A2"
    _widths(sheet)


def report_workbook(dashboard: Dashboard) -> bytes:
    """The XLSX bytes of the report."""
    import openpyxl  # imported lazily: only this download needs it

    workbook = openpyxl.Workbook()
    taken: set[str] = set()
    summary = workbook.active
    summary.title = _sheet_name(pgettext("report sheet", "Summary"), taken)
    _summary(summary, dashboard)
    for section in dashboard.sections:
        _table(workbook.create_sheet(_sheet_name(section.sheet, taken)), section)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
