"""Table numbers for meetings whose slots are already chosen.

Model: within one slot, meetings are matched to tables. A meeting that needs a kind of table
may only use tables of that kind; any other meeting may use any table. Because each meeting
needs at most one kind, a slot's meetings fit exactly when, for every kind K, the meetings
needing K are at most the tables of kind K, and all meetings are at most all tables (Hall's
condition reduces to these). Pinned meetings held in their pinned slot keep their pinned table
(non-movable ones always; movable ones when that still leaves room for the others), so the
assignment is: pins first, then meetings needing a kind on the free tables of that kind, then
the rest on whatever is left, plain tables first.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

from partnering_engine.types import Assignment, Meeting, Problem

__all__ = ["assign_tables"]

#: Order in which meetings without a kind requirement take leftover tables.
_LEFTOVER_ORDER = ("table", "room", "virtual")


def assign_tables(problem: Problem, slot_by_meeting: Mapping[str, str]) -> tuple[Assignment, ...]:
    """Give every scheduled meeting a table of the right kind in its slot.

    `slot_by_meeting` maps meeting id to slot id. The result follows the problem's meeting
    order. Raises `ValueError` if a slot holds more meetings than it has fitting tables (or a
    non-movable pin's table is taken twice)."""
    meetings = problem.meetings
    index = problem.meeting_index
    by_slot: dict[str, list[Meeting]] = defaultdict(list)
    for meeting_id, slot_id in slot_by_meeting.items():
        if slot_id not in problem.slot_index:
            raise ValueError(f"meeting {meeting_id!r}: unknown slot {slot_id!r}")
        by_slot[slot_id].append(meetings[index[meeting_id]])

    table_of: dict[str, int] = {}
    for slot_id, held in by_slot.items():
        held.sort(key=lambda m: index[m.id])
        try:
            table_of.update(_tables_in_slot(problem, slot_id, held, keep_movable=True))
        except ValueError:
            # Keeping a movable pin's table can block a kind another meeting needs; letting
            # movable pins change table is the lesser evil (counted as `retabled`).
            table_of.update(_tables_in_slot(problem, slot_id, held, keep_movable=False))
    return tuple(
        Assignment(meeting=m.id, slot=slot_by_meeting[m.id], table=table_of[m.id])
        for m in meetings
        if m.id in slot_by_meeting
    )


def _tables_in_slot(
    problem: Problem, slot_id: str, held: list[Meeting], *, keep_movable: bool
) -> dict[str, int]:
    free: dict[str, list[int]] = defaultdict(list)
    for table in reversed(problem.tables):
        free[table.kind].append(table.number)  # reversed: pop() yields the lowest number
    taken: set[int] = set()
    out: dict[str, int] = {}
    pins = problem.pin_by_meeting
    pinned_here = [
        m
        for m in held
        if (pin := pins.get(m.id)) is not None
        and pin.slot == slot_id
        and (keep_movable or not pin.movable)
    ]
    for meeting in sorted(pinned_here, key=lambda m: pins[m.id].movable):
        pin = pins[meeting.id]
        kind = problem.tables[pin.table - 1].kind
        fits = meeting.table_kind is None or meeting.table_kind == kind
        if pin.table in taken or not fits:
            if not pin.movable:
                raise ValueError(
                    f"slot {slot_id!r}: pinned table {pin.table} of meeting {meeting.id!r} "
                    "is taken or of the wrong kind"
                )
            continue
        taken.add(pin.table)
        free[kind].remove(pin.table)
        out[meeting.id] = pin.table

    rest = [m for m in held if m.id not in out]
    for meeting in [m for m in rest if m.table_kind is not None]:
        needed = meeting.table_kind
        assert needed is not None  # filtered just above
        if not free[needed]:
            raise ValueError(f"slot {slot_id!r}: more meetings need a {needed} than there are")
        out[meeting.id] = free[needed].pop()
    leftovers = [m for m in rest if m.table_kind is None]
    kinds = [k for k in _LEFTOVER_ORDER if free[k]] + [
        k for k in free if k not in _LEFTOVER_ORDER and free[k]
    ]
    pool = [number for kind in kinds for number in reversed(free[kind])]
    if len(leftovers) > len(pool):
        raise ValueError(
            f"slot {slot_id!r}: {len(held)} meetings, more than its {len(problem.tables)} tables"
        )
    for meeting, number in zip(leftovers, pool, strict=False):
        out[meeting.id] = number
    return out
