"""The anonymised research CSV (UTF-8 with BOM for Excel, CRLF line ends, spreadsheet-safe)."""

from __future__ import annotations

from summit.core.spreadsheets import csv_bytes
from summit.events.models import Event
from summit.reports.domain.dashboard import Filters
from summit.reports.domain.research import COLUMNS, research_rows

__all__ = ["research_csv"]


def research_csv(
    *, event: Event, filters: Filters | None = None, key: bytes | None = None
) -> bytes:
    """One row per scheduled meeting with the columns of `COLUMNS`; no names, no ids."""
    names = [name for name, _ in COLUMNS]
    rows = research_rows(event=event, filters=filters, key=key)
    return csv_bytes([names, *([row.get(name, "") for name in names] for row in rows)])
