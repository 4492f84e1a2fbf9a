"""The anonymised research CSV (UTF-8 with BOM for Excel, CRLF line ends)."""

from __future__ import annotations

import csv
import io

from summit.events.models import Event
from summit.reports.domain.dashboard import Filters
from summit.reports.domain.research import COLUMNS, research_rows

__all__ = ["research_csv"]


def research_csv(
    *, event: Event, filters: Filters | None = None, key: bytes | None = None
) -> bytes:
    """One row per scheduled meeting with the columns of `COLUMNS`; no names, no ids."""
    buffer = io.StringIO(newline="")
    names = [name for name, _ in COLUMNS]
    writer = csv.DictWriter(buffer, fieldnames=names, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(research_rows(event=event, filters=filters, key=key))
    return b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")
