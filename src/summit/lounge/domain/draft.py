"""A draft schedule in the lounge grid's look, read only: one day's tables × slots of the
schedule that publishing a run would give, with what changes against the published schedule
(`summit.scheduling.domain.preview.draft_changes`) marked in each cell.

Pages as the live grid does (`grid.PAGE_SIZE` tables of one day, filtered by kind, number
range or an organization), and can keep only the tables with a change that day. A page costs
a fixed number of queries whatever the size of the event: the changes (three), the event's
days and slots, the page of tables (two), the names of the page's meetings (two) and the
tables named by "moved from/to" notes (one).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page, Paginator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from summit.events.models import Event, EventDay, Slot, Table
from summit.lounge.domain.grid import (
    PAGE_SIZE,
    GridFilter,
    GridRow,
    grid_tables,
    matching_organizations,
)
from summit.meetings.domain.parties import involving, parties_of, party_paths
from summit.meetings.models import MeetingRequest
from summit.organizations.models import Organization
from summit.scheduling.domain.notifications import table_label
from summit.scheduling.domain.preview import (
    ADDED,
    MOVED,
    MOVED_AWAY,
    REMOVED,
    SAME,
    DraftChanges,
    DraftPlace,
    VacatedPlace,
)
from summit.scheduling.domain.publish import slot_label

__all__ = ["CHANGE_LABELS", "DraftCell", "DraftGrid", "SlotList", "day_change_counts", "draft_grid"]
#: A meeting that stays at its place with other people seated (counted as moved).
PEOPLE = "people"

#: How a cell's change is named on the page.
CHANGE_LABELS = {
    ADDED: gettext_lazy("new"),
    MOVED: gettext_lazy("moved"),
    REMOVED: gettext_lazy("cancelled"),
    MOVED_AWAY: gettext_lazy("moved away"),
    SAME: gettext_lazy("unchanged"),
    PEOPLE: gettext_lazy("other people attend"),
}


@dataclass
class DraftCell:
    """A cell of the preview: the meeting there after publishing and/or the published meeting
    that leaves the place, with the two organizations of each and a note on the change."""

    place: DraftPlace | None
    vacated: VacatedPlace | None
    #: The organizations of `place` (or, in an emptied cell, of `vacated`).
    parties: tuple[Organization, ...] = ()
    #: The organizations of a published meeting that publishing removes from a cell another
    #: meeting takes (one moved away is shown where it goes).
    removed: tuple[Organization, ...] = ()
    #: "added" | "moved" | "people" | "same" | "removed" | "moved_away" (the cell's main
    #: change).
    change: str = SAME
    note: str = ""
    matches: bool = False

    @property
    def changed(self) -> bool:
        return self.change != SAME or self.vacated is not None

    @property
    def change_label(self) -> str:
        return str(CHANGE_LABELS.get(self.change, ""))

    @property
    def td_class(self) -> str:
        """The grid cell's class (`lounge/_grid_table.html`)."""
        return f"draft-cell-{self.change}"


@dataclass
class SlotList:
    """One slot of the page as a list (the phone's layout): changes first."""

    slot: Slot
    changed: list[tuple[Table, DraftCell]] = field(default_factory=list)
    unchanged: list[tuple[Table, DraftCell]] = field(default_factory=list)


@dataclass
class DraftGrid:
    day: EventDay | None
    slots: list[Slot]
    rows: list[GridRow]
    page: Page[Table] | None
    by_slot: list[SlotList]
    #: Meetings that change on the page's day (new, moved, cancelled).
    day_changes: int = 0
    #: The live grid marks the current slot; a draft has none.
    current_slot_id: None = None


def day_change_counts(*, changes: DraftChanges, slots: list[Slot]) -> Counter[int]:
    """Day id → how many meetings change that day (new, moved, cancelled); a meeting moved
    from one day to another counts on both."""
    day_of = {slot.pk: slot.session.day_id for slot in slots}
    counts: Counter[int] = Counter()
    for (slot_id, _table), place in changes.placed.items():
        if place.change == SAME:
            continue
        days = {day_of.get(slot_id), day_of.get(place.before[0]) if place.before else None}
        counts.update(day for day in days if day is not None)
    for (slot_id, _table), left in changes.vacated.items():
        if left.change == REMOVED and slot_id in day_of:
            counts[day_of[slot_id]] += 1
    return counts


def _restricted_tables(
    *,
    event: Event,
    changes: DraftChanges,
    slot_ids: set[int],
    search: str,
    only_changes: bool,
) -> tuple[set[int] | None, set[int], set[tuple[int, int]]]:
    """Tables to keep (None: all), the organizations matching `search`, the places where
    one of them meets."""
    keep: set[int] | None = None
    if only_changes:
        keep = changes.changed_tables(slot_ids=slot_ids)
    found: set[int] = set()
    matched: set[tuple[int, int]] = set()
    if search:
        found = set(matching_organizations(event=event, search=search))
        requests = set(
            MeetingRequest.objects.filter(involving(found), event=event).values_list(
                "pk", flat=True
            )
        )
        for place, meeting in changes.placed.items():
            if place[0] in slot_ids and (
                meeting.request_id in requests or set(meeting.pair or ()) & found
            ):
                matched.add(place)
        for place, left in changes.vacated.items():
            if place[0] in slot_ids and left.request_id in requests:
                matched.add(place)
        tables = {table for _slot, table in matched}
        keep = tables if keep is None else keep & tables
    return keep, found, matched


def _organizations(
    cells: list[DraftCell],
) -> tuple[dict[int, tuple[Organization, ...]], dict[int, Organization]]:
    """The parties of every request of `cells`, and the organizations of proposed pairs
    (two queries)."""
    request_ids = {c.place.request_id for c in cells if c.place and c.place.request_id}
    request_ids |= {c.vacated.request_id for c in cells if c.vacated}
    pairs = {pk for c in cells if c.place and c.place.pair for pk in c.place.pair}
    requests = MeetingRequest.objects.select_related(*party_paths()).in_bulk(request_ids)
    parties = {pk: parties_of(request) for pk, request in requests.items()}
    return parties, Organization.objects.in_bulk(pairs) if pairs else {}


def _where(
    place: tuple[int, int], slots: dict[int, Slot], tables: dict[int, Table], event: Event
) -> str:
    slot, table = slots.get(place[0]), tables.get(place[1])
    return _("%(time)s, %(table)s") % {
        "time": slot_label(slot, event=event) if slot else "?",
        "table": table_label(table) if table else "?",
    }


def _describe(
    cells: list[DraftCell],
    *,
    event: Event,
    slots: dict[int, Slot],
    tables: dict[int, Table],
) -> None:
    """Fill each cell's organizations, main change and note."""
    parties, pair_organizations = _organizations(cells)
    for cell in cells:
        place, left = cell.place, cell.vacated
        left_parties = parties.get(left.request_id, ()) if left else ()
        if place is not None:
            if place.request_id is not None:
                cell.parties = parties.get(place.request_id, ())
            elif place.pair is not None:
                found = (pair_organizations.get(pk) for pk in place.pair)
                cell.parties = tuple(org for org in found if org is not None)
            cell.change = place.change
            if place.change == MOVED and place.before == (place.slot_id, place.table_id):
                cell.change = PEOPLE
            elif place.change == MOVED and place.before is not None:
                cell.note = _("from %(place)s") % {
                    "place": _where(place.before, slots, tables, event)
                }
            if left is not None and left.change == REMOVED:
                cell.removed = left_parties
        elif left is not None:
            cell.parties = left_parties
            cell.change = left.change
            if left.change == MOVED_AWAY and left.after is not None:
                cell.note = _("to %(place)s") % {"place": _where(left.after, slots, tables, event)}


def draft_grid(
    *,
    event: Event,
    changes: DraftChanges,
    day: EventDay | None,
    event_slots: list[Slot],
    grid_filter: GridFilter | None = None,
    only_changes: bool = False,
    page_number: Any = 1,
) -> DraftGrid:
    """One page of the draft's grid for `day`; `event_slots` are all the event's slots in
    time order (with ``session``), already loaded by the caller."""
    grid_filter = grid_filter or GridFilter()
    if day is None:
        return DraftGrid(None, [], [], None, [])
    slots = [slot for slot in event_slots if slot.session.day_id == day.pk]
    slot_ids = {slot.pk for slot in slots}
    keep, _found, matched = _restricted_tables(
        event=event,
        changes=changes,
        slot_ids=slot_ids,
        search=grid_filter.search,
        only_changes=only_changes,
    )
    tables_found = grid_tables(
        event=event,
        day=day,
        grid_filter=GridFilter(
            kind=grid_filter.kind, first=grid_filter.first, last=grid_filter.last
        ),
    )
    if keep is not None:
        tables_found = tables_found.filter(pk__in=sorted(keep))
    page = Paginator(tables_found, PAGE_SIZE).get_page(page_number)
    tables = list(page.object_list)
    cells: list[DraftCell] = []
    rows = []
    for table in tables:
        row_cells: list[tuple[Slot, DraftCell | None]] = []
        for slot in slots:
            key = (slot.pk, table.pk)
            place, left = changes.placed.get(key), changes.vacated.get(key)
            cell = None
            if place is not None or left is not None:
                cell = DraftCell(place, left, matches=key in matched)
                cells.append(cell)
            row_cells.append((slot, cell))
        rows.append(GridRow(table, row_cells, str(table)))
    noted = {
        where[1]
        for cell in cells
        for where in (
            cell.place.before if cell.place else None,
            cell.vacated.after if cell.vacated else None,
        )
        if where is not None
    }
    named_tables = Table.objects.filter(event=event).in_bulk(noted) if noted else {}
    _describe(cells, event=event, slots={s.pk: s for s in event_slots}, tables=named_tables)
    by_slot = []
    for index, slot in enumerate(slots):
        listed = SlotList(slot)
        for row in rows:
            cell = row.cells[index][1]
            if cell is not None:
                (listed.changed if cell.changed else listed.unchanged).append((row.table, cell))
        by_slot.append(listed)
    day_changes = day_change_counts(changes=changes, slots=slots)[day.pk]
    return DraftGrid(day, slots, rows, page, by_slot, day_changes)
