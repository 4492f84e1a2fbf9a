"""Export an event's survey in the engine's file format, plus the contact columns.

The output is what `summit.organizations.domain.imports` reads, so export → import gives
the same organisations, answers and people back. Cells are spreadsheet-safe
(`summit.core.spreadsheets`): a text starting a formula gets an apostrophe, which the import
reads back off.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from django.db.models import Prefetch

from partnering_engine.matching.survey import COLUMNS
from summit.core.spreadsheets import csv_bytes, xlsx_write_only_row
from summit.organizations.domain.imports import CONTACT_COLUMNS, contact_name_for
from summit.organizations.domain.survey import survey_row_for
from summit.organizations.models import Membership, Organization

if TYPE_CHECKING:
    from summit.events.models import Event

__all__ = ["EXPORT_COLUMNS", "export_survey", "survey_table"]

EXPORT_COLUMNS: tuple[str, ...] = (*COLUMNS, *CONTACT_COLUMNS)
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def survey_table(*, event: Event) -> list[list[str]]:
    """Header and one row of cell texts per organisation (ordered by org_id)."""
    # "lead" sorts before "member": the lead contact comes first, as the import expects.
    members = Membership.objects.select_related("user").order_by("role", "pk")
    organizations = (
        Organization.objects.filter(event=event)
        .order_by("org_id")
        .prefetch_related(Prefetch("memberships", queryset=members))
    )
    table = [list(EXPORT_COLUMNS)]
    for org in organizations:
        cells = survey_row_for(organization=org).to_cells()
        people = list(org.memberships.all())
        cells["contact_name"] = ";".join(contact_name_for(m.user) for m in people)
        cells["contact_email"] = ";".join(m.user.email for m in people)
        cells["contact_title"] = (
            ";".join(m.job_title for m in people) if any(m.job_title for m in people) else ""
        )
        table.append([cells[column] for column in EXPORT_COLUMNS])
    return table


def export_survey(*, event: Event, fmt: str) -> bytes:
    """The event's survey as CSV (UTF-8 with BOM, for Excel) or XLSX bytes."""
    table = survey_table(event=event)
    if fmt == "csv":
        return csv_bytes(table)
    if fmt == "xlsx":
        return _xlsx(table)
    raise ValueError(f"unknown export format {fmt!r}; expected 'csv' or 'xlsx'")


def _xlsx(table: list[list[str]]) -> bytes:
    import openpyxl  # imported lazily: only XLSX export needs it

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("survey")
    for row in table:
        sheet.append(xlsx_write_only_row(sheet, row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
