"""Spreadsheet-safe exports: every CSV and XLSX file the site writes goes through here.

A cell whose text starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read
by Excel, LibreOffice and Google Sheets as a formula (``=HYPERLINK(...)``, ``=cmd|...``): a
participant who names an organization that way attacks whoever opens the export. Following
OWASP's rule ("CSV injection"), such a text gets a leading apostrophe, which spreadsheets
show as text and which survives a "save as CSV" from Excel. The same rule holds in XLSX,
whose cells are moreover stored as strings, never as formulas. Numbers, dates and empty
cells are written as they are. The survey import reads the apostrophe back off
(`partnering_engine.matching.survey`), so an export imports unchanged.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

__all__ = ["FORMULA_TRIGGERS", "csv_bytes", "neutralise", "xlsx_value", "xlsx_write_only_row"]

#: First characters that make a spreadsheet read a cell as a formula (OWASP).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """The value as a spreadsheet must show it: texts starting a formula get an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def csv_bytes(rows: Iterable[Sequence[Any]]) -> bytes:
    """CSV for Excel: UTF-8 with BOM, CRLF line ends, every cell neutralised."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if value is None else neutralise(value) for value in row])
    return b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")


def xlsx_value(value: Any) -> Any:
    """A cell value for openpyxl: numbers and dates typed, texts neutralised."""
    if value is None or isinstance(value, bool | int | float | date):
        return value
    if isinstance(value, Decimal):
        return float(value)
    return neutralise(str(value))


def mark_text(cell: Any) -> None:
    """Store a text cell as a string, never as a formula (openpyxl guesses from a leading =)."""
    if isinstance(cell.value, str):
        cell.data_type = "s"


def xlsx_write_only_row(sheet: Any, values: Iterable[Any]) -> list[Any]:
    """Cells for a write-only sheet's ``append``: typed values, texts neutralised as strings."""
    from openpyxl.cell import WriteOnlyCell

    cells = []
    for value in values:
        cell = WriteOnlyCell(sheet, value=xlsx_value(value))
        mark_text(cell)
        cells.append(cell)
    return cells
