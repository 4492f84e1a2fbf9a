"""The scheduling engine's data model: frozen, typed, validated when built.

A `Problem` is what the organizer asks for (slots, tables, participants, requested meetings
with weights and options); a `Solution` is a schedule plus its status, objective values, the
proven bound and solver statistics. Every solver reads a `Problem` and returns a `Solution`;
`partnering_engine.validate` checks any `Solution` against its `Problem`.

Constructing a `Problem` checks its internal consistency (unique ids, known references,
positive weights, chronological slots, ...) and raises `ProblemError` naming the offending
field, e.g. ``meetings[12].b``. Per-entity checks live in each dataclass' ``__post_init__``;
cross-references are checked by `Problem`.
"""

from __future__ import annotations

import enum
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from types import MappingProxyType
from typing import Any

from partnering_engine.errors import ProblemError

__all__ = [
    "TABLE_KINDS",
    "Assignment",
    "InterpreterPool",
    "Meeting",
    "Mode",
    "Participant",
    "Pin",
    "Problem",
    "Slot",
    "Solution",
    "Status",
    "Table",
]

#: Kinds of places a meeting can be held at. A meeting may require one kind.
TABLE_KINDS: tuple[str, ...] = ("table", "room", "virtual")

_DAY_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _require(condition: bool, field_name: str, message: str) -> None:
    if not condition:
        raise ProblemError(field_name, message)


def _parse_instant(value: str, field_name: str) -> datetime:
    try:
        return datetime.fromisoformat(value)
    except (TypeError, ValueError):
        raise ProblemError(field_name, f"not an ISO-8601 date-time: {value!r}") from None


class Mode(enum.StrEnum):
    """What the optimiser is asked to do."""

    #: Maximise scheduled weight, then fairness, then minimise idle gaps.
    WEIGHTED = "weighted"
    #: Every meeting must be scheduled; minimise idle gaps (optionally with a fairness bound).
    ALL_REQUIRED = "all_required"


class Status(enum.StrEnum):
    """How a solve ended."""

    #: The primary objective is proven optimal against the reported bound.
    OPTIMAL = "optimal"
    #: A valid schedule, not proven optimal.
    FEASIBLE = "feasible"
    #: Proven that no valid schedule exists (e.g. all-required mode over capacity).
    INFEASIBLE = "infeasible"
    #: The time limit ran out before any schedule was found.
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class Slot:
    """One meeting time slot. `day` groups slots for gap counting."""

    id: str
    day: str
    start: str
    end: str

    def __post_init__(self) -> None:
        _require(bool(self.id), "slots.id", "must be a non-empty string")
        _require(bool(_DAY_RE.match(self.day)), f"slots[{self.id}].day", "must be YYYY-MM-DD")
        try:
            date.fromisoformat(self.day)
        except ValueError:
            raise ProblemError(f"slots[{self.id}].day", f"not a date: {self.day!r}") from None
        start = _parse_instant(self.start, f"slots[{self.id}].start")
        end = _parse_instant(self.end, f"slots[{self.id}].end")
        _require(
            (start.tzinfo is None) == (end.tzinfo is None),
            f"slots[{self.id}].end",
            "start and end must both carry a time zone offset or both not",
        )
        _require(end > start, f"slots[{self.id}].end", "must be after start")


@dataclass(frozen=True, slots=True)
class Table:
    """A place where one meeting fits per slot. Numbered 1..len(problem.tables)."""

    number: int
    kind: str = "table"

    def __post_init__(self) -> None:
        _require(self.number >= 1, "tables.number", "must be >= 1")
        _require(
            self.kind in TABLE_KINDS,
            f"tables[{self.number}].kind",
            f"unknown kind {self.kind!r}; expected one of {', '.join(TABLE_KINDS)}",
        )


@dataclass(frozen=True, slots=True)
class Participant:
    """A person (or an organisation acting as one) who cannot be in two meetings at once."""

    id: str
    unavailable: frozenset[str] = frozenset()
    max_meetings: int | None = None

    def __post_init__(self) -> None:
        _require(bool(self.id), "participants.id", "must be a non-empty string")
        _require(
            self.max_meetings is None or self.max_meetings >= 0,
            f"participants[{self.id}].max_meetings",
            "must be >= 0 or null",
        )


@dataclass(frozen=True, slots=True)
class Meeting:
    """A requested 1:1 meeting between participants `a` and `b`.

    `attendees` are further people (a delegation) who must all be free too. `allowed_slots`
    (None = any) and `fixed_slot` restrict when it may happen; `table_kind` requires a kind
    of place; `interpreter` names an interpreter pool (e.g. ``"ko-en"``) the meeting draws
    one interpreter from; `after` lists meetings that must be held in an earlier slot.
    `required` forces the meeting into the schedule even in weighted mode.
    """

    id: str
    a: str
    b: str
    weight: float = 1.0
    attendees: tuple[str, ...] = ()
    allowed_slots: frozenset[str] | None = None
    fixed_slot: str | None = None
    table_kind: str | None = None
    interpreter: str | None = None
    after: tuple[str, ...] = ()
    required: bool = False

    def __post_init__(self) -> None:
        where = f"meetings[{self.id}]"
        _require(bool(self.id), "meetings.id", "must be a non-empty string")
        _require(self.a != self.b, f"{where}.b", "a meeting needs two different participants")
        _require(
            isinstance(self.weight, int | float) and math.isfinite(self.weight) and self.weight > 0,
            f"{where}.weight",
            f"must be a finite number > 0, got {self.weight!r}",
        )
        people = self.people
        _require(
            len(set(people)) == len(people),
            f"{where}.attendees",
            "a person may attend a meeting only once",
        )
        _require(
            self.table_kind is None or self.table_kind in TABLE_KINDS,
            f"{where}.table_kind",
            f"unknown kind {self.table_kind!r}; expected one of {', '.join(TABLE_KINDS)}",
        )
        if self.fixed_slot is not None and self.allowed_slots is not None:
            _require(
                self.fixed_slot in self.allowed_slots,
                f"{where}.fixed_slot",
                "is not among allowed_slots",
            )
        _require(self.id not in self.after, f"{where}.after", "a meeting cannot follow itself")

    @property
    def people(self) -> tuple[str, ...]:
        """Everyone who must be present: both sides and extra attendees."""
        return (self.a, self.b, *self.attendees)


@dataclass(frozen=True, slots=True)
class InterpreterPool:
    """Interpreters for one language pair: `per_slot` available in every slot unless
    `by_slot` says otherwise for a slot id."""

    language: str
    per_slot: int
    by_slot: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))

    def __post_init__(self) -> None:
        where = f"interpreters[{self.language}]"
        _require(bool(self.language), "interpreters.language", "must be a non-empty string")
        _require(self.per_slot >= 0, f"{where}.per_slot", "must be >= 0")
        for slot_id, count in self.by_slot.items():
            _require(count >= 0, f"{where}.by_slot[{slot_id}]", "must be >= 0")

    def capacity(self, slot_id: str) -> int:
        return self.by_slot.get(slot_id, self.per_slot)


@dataclass(frozen=True, slots=True)
class Pin:
    """A meeting already published at (slot, table). It stays there unless `movable`; movable
    pins may move, and the solvers minimise how many do. Pinned meetings stay scheduled."""

    meeting: str
    slot: str
    table: int
    movable: bool = False


@dataclass(frozen=True)
class Problem:
    """A complete scheduling problem. Validated on construction (raises `ProblemError`)."""

    name: str
    slots: tuple[Slot, ...]
    tables: tuple[Table, ...]
    participants: tuple[Participant, ...]
    meetings: tuple[Meeting, ...]
    interpreters: tuple[InterpreterPool, ...] = ()
    pins: tuple[Pin, ...] = ()
    mode: Mode = Mode.WEIGHTED
    #: All-required mode: gap counts of any two participants differ by at most this.
    fairness_d: int | None = None
    #: Free-form metadata carried through (generator preset, source file, ...).
    meta: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))

    def __post_init__(self) -> None:
        self._check_ids()
        self._check_slots()
        self._check_tables()
        self._check_meetings()
        self._check_pins()
        _require(
            self.fairness_d is None or self.fairness_d >= 0, "fairness_d", "must be >= 0 or null"
        )
        _require(
            self.fairness_d is None or self.mode is Mode.ALL_REQUIRED,
            "fairness_d",
            "is only meaningful in all_required mode",
        )

    # ---- validation -------------------------------------------------------------------

    def _check_ids(self) -> None:
        for kind, ids in (
            ("slots", [s.id for s in self.slots]),
            ("participants", [p.id for p in self.participants]),
            ("meetings", [m.id for m in self.meetings]),
            ("interpreters", [i.language for i in self.interpreters]),
        ):
            seen: set[str] = set()
            for i, ident in enumerate(ids):
                _require(ident not in seen, f"{kind}[{i}].id", f"duplicate id {ident!r}")
                seen.add(ident)

    def _check_slots(self) -> None:
        _require(len(self.slots) > 0, "slots", "at least one slot is needed")
        starts = [datetime.fromisoformat(s.start) for s in self.slots]
        aware = starts[0].tzinfo is not None
        for slot, start in zip(self.slots, starts, strict=True):
            _require(
                (start.tzinfo is not None) == aware,
                f"slots[{slot.id}].start",
                "all slots must carry a time zone offset, or none may",
            )
        for i in range(1, len(self.slots)):
            slot, previous = self.slots[i], self.slots[i - 1]
            _require(
                starts[i] > starts[i - 1] and slot.day >= previous.day,
                f"slots[{slot.id}].start",
                f"slots must be chronological; {slot.id!r} does not follow {previous.id!r}",
            )
        slot_ids = self.slot_index
        for participant in self.participants:
            for slot_id in participant.unavailable:
                _require(
                    slot_id in slot_ids,
                    f"participants[{participant.id}].unavailable",
                    f"unknown slot {slot_id!r}",
                )

    def _check_tables(self) -> None:
        _require(len(self.tables) > 0, "tables", "at least one table is needed")
        for i, table in enumerate(self.tables, start=1):
            _require(
                table.number == i, f"tables[{i}].number", "tables must be numbered 1..n in order"
            )

    def _check_meetings(self) -> None:
        people = self.participant_index
        slots = self.slot_index
        meetings = self.meeting_index
        kinds = {t.kind for t in self.tables}
        pools = {p.language for p in self.interpreters}
        for pool in self.interpreters:
            for slot_id in pool.by_slot:
                _require(
                    slot_id in slots,
                    f"interpreters[{pool.language}].by_slot",
                    f"unknown slot {slot_id!r}",
                )
        for m in self.meetings:
            where = f"meetings[{m.id}]"
            for role, person in (("a", m.a), ("b", m.b)):
                _require(person in people, f"{where}.{role}", f"unknown participant {person!r}")
            for person in m.attendees:
                _require(person in people, f"{where}.attendees", f"unknown participant {person!r}")
            if m.allowed_slots is not None:
                for slot_id in m.allowed_slots:
                    _require(
                        slot_id in slots, f"{where}.allowed_slots", f"unknown slot {slot_id!r}"
                    )
            if m.fixed_slot is not None:
                _require(
                    m.fixed_slot in slots, f"{where}.fixed_slot", f"unknown slot {m.fixed_slot!r}"
                )
            if m.table_kind is not None:
                _require(
                    m.table_kind in kinds,
                    f"{where}.table_kind",
                    f"no table of kind {m.table_kind!r} in this problem",
                )
            if m.interpreter is not None:
                _require(
                    m.interpreter in pools,
                    f"{where}.interpreter",
                    f"unknown interpreter pool {m.interpreter!r}",
                )
            for other in m.after:
                _require(other in meetings, f"{where}.after", f"unknown meeting {other!r}")

    def _check_pins(self) -> None:
        meetings = self.meeting_index
        slots = self.slot_index
        seen: set[str] = set()
        for i, pin in enumerate(self.pins):
            where = f"pins[{i}]"
            _require(
                pin.meeting in meetings, f"{where}.meeting", f"unknown meeting {pin.meeting!r}"
            )
            _require(pin.meeting not in seen, f"{where}.meeting", f"{pin.meeting!r} pinned twice")
            seen.add(pin.meeting)
            _require(pin.slot in slots, f"{where}.slot", f"unknown slot {pin.slot!r}")
            _require(
                1 <= pin.table <= len(self.tables),
                f"{where}.table",
                f"table {pin.table} outside 1..{len(self.tables)}",
            )

    # ---- indexes (computed once, the dataclass is frozen) -------------------------------

    @cached_property
    def slot_index(self) -> Mapping[str, int]:
        """Slot id -> position in chronological order."""
        return {s.id: i for i, s in enumerate(self.slots)}

    @cached_property
    def participant_index(self) -> Mapping[str, int]:
        return {p.id: i for i, p in enumerate(self.participants)}

    @cached_property
    def meeting_index(self) -> Mapping[str, int]:
        return {m.id: i for i, m in enumerate(self.meetings)}

    @cached_property
    def pin_by_meeting(self) -> Mapping[str, Pin]:
        return {p.meeting: p for p in self.pins}

    @cached_property
    def day_of_slot(self) -> tuple[int, ...]:
        """Slot position -> day number (0-based, in order of first appearance)."""
        days: dict[str, int] = {}
        return tuple(days.setdefault(s.day, len(days)) for s in self.slots)

    @cached_property
    def meetings_of(self) -> Mapping[str, tuple[int, ...]]:
        """Participant id -> positions of the meetings they must attend."""
        out: dict[str, list[int]] = {p.id: [] for p in self.participants}
        for i, m in enumerate(self.meetings):
            for person in m.people:
                out[person].append(i)
        return {k: tuple(v) for k, v in out.items()}

    def feasible_slots(self, meeting: Meeting) -> tuple[int, ...]:
        """Slot positions where `meeting` may be held on its own: everyone present is
        available and the slot is allowed (fixed slot, allowed_slots). Capacity (tables,
        interpreters) and conflicts with other meetings are not considered."""
        # Evaluating and validating call this for every meeting, again and again (local
        # search): results for the problem's own meetings are computed once.
        position = self.meeting_index.get(meeting.id)
        if position is None or self.meetings[position] is not meeting:
            return self._compute_feasible_slots(meeting)
        cache = self._feasible_slots_cache
        found = cache.get(position)
        if found is None:
            found = cache[position] = self._compute_feasible_slots(meeting)
        return found

    @cached_property
    def _feasible_slots_cache(self) -> dict[int, tuple[int, ...]]:
        return {}

    def _compute_feasible_slots(self, meeting: Meeting) -> tuple[int, ...]:
        if meeting.fixed_slot is not None:
            candidates: Sequence[int] = (self.slot_index[meeting.fixed_slot],)
        elif meeting.allowed_slots is not None:
            candidates = sorted(self.slot_index[s] for s in meeting.allowed_slots)
        else:
            candidates = self._all_positions
        blocked = self._unavailable_positions
        # Most people are available everywhere; one set union beats a test per slot and person.
        unavailable = [blocked[person] for person in meeting.people if blocked[person]]
        if not unavailable:
            return tuple(candidates)  # the shared tuple of all positions when unrestricted
        union = frozenset().union(*unavailable)
        return tuple(s for s in candidates if s not in union)

    @cached_property
    def _all_positions(self) -> tuple[int, ...]:
        return tuple(range(len(self.slots)))

    @cached_property
    def _unavailable_positions(self) -> Mapping[str, frozenset[int]]:
        return {
            p.id: frozenset(self.slot_index[s] for s in p.unavailable) for p in self.participants
        }

    def tables_for(self, meeting: Meeting) -> tuple[int, ...]:
        """Table numbers the meeting may use."""
        if meeting.table_kind is None:
            return tuple(t.number for t in self.tables)
        return tuple(t.number for t in self.tables if t.kind == meeting.table_kind)


@dataclass(frozen=True, slots=True)
class Assignment:
    """Meeting `meeting` is held in slot `slot` at table number `table`."""

    meeting: str
    slot: str
    table: int


@dataclass(frozen=True)
class Solution:
    """A schedule with how it was found and how good it provably is.

    `objective` holds the achieved values (``weight``, ``scheduled``, ``gaps``, ``min_share``,
    ``moved`` ...), `bound` the proven bounds on the same keys (an upper bound for maximised
    keys, a lower bound for minimised ones), `stats` solver facts (wall time, solver name,
    phases, ...).
    """

    assignments: tuple[Assignment, ...]
    unscheduled: tuple[str, ...]
    status: Status
    objective: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))
    bound: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}))
    stats: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))

    @cached_property
    def by_meeting(self) -> Mapping[str, Assignment]:
        return {a.meeting: a for a in self.assignments}
