"""The rules of a valid schedule, compiled once per problem (see the package docstring)."""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import numpy.typing as npt

from partnering_engine.types import Mode, Problem

__all__ = ["LIMIT_KINDS", "Limit", "Quota", "Rules", "compile_rules"]

#: Kinds of per-slot limits, in the order they appear in `Rules.limits`.
LIMIT_KINDS: tuple[str, ...] = ("person", "tables", "table_kind", "interpreters", "pinned_table")


@dataclass(frozen=True, slots=True)
class Limit:
    """In every slot s, at most ``capacity[s]`` of `members` are held (a member counts in s
    only if s is in its domain). Kinds (`LIMIT_KINDS`):

    - ``person``: one participant (side or attendee) attends one meeting at a time;
    - ``tables``: all tables; ``table_kind``: the tables of one kind, for the meetings that
      need that kind (a non-movable pin needs the kind of its pinned table). Meetings that
      need no kind take any table, so these counts are exactly Hall's condition for seating
      everyone (`solvers.tables.assign_tables` then numbers the tables);
    - ``interpreters``: one interpreter pool (its capacity may change per slot);
    - ``pinned_table``: one table number held by several non-movable pins of one slot.
    """

    kind: str
    name: str
    members: tuple[int, ...]
    capacity: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Quota:
    """Over the whole event, at most `capacity` of `members` are held (``max_meetings``)."""

    person: int
    members: tuple[int, ...]
    capacity: int


@dataclass(frozen=True)
class Rules:
    """A problem's rules as rows indexed by meeting, participant and slot positions.

    Every solver reads these; `partnering_engine.validate` checks schedules on its own.
    """

    problem: Problem
    n_slots: int
    #: Per meeting: the participant positions that must attend (sides, then attendees).
    people: tuple[tuple[int, ...], ...]
    #: Per participant: the meetings they attend.
    meetings_of: tuple[tuple[int, ...], ...]
    #: Per meeting, the slots the rules allow on their own: everyone present is available
    #: (forbidden slots), the slot is allowed (morning/afternoon) or the fixed one, and a
    #: non-movable pin's slot.
    allowed: tuple[tuple[int, ...], ...]
    #: `allowed` pruned by what the other rules imply (see `compile_rules`): where each
    #: meeting may still be held. Models use these.
    domains: tuple[tuple[int, ...], ...]
    #: Meetings that have to be held: required, pinned, every one in all-required mode, and
    #: the predecessors of those.
    must: frozenset[int]
    #: Non-movable pins: meeting -> slot.
    fixed: Mapping[int, int]
    #: Movable pins: meeting -> the published slot to keep when possible (an objective).
    preferred: Mapping[int, int]
    #: Precedences: (earlier, later) meeting pairs; the later one may be held only when the
    #: earlier one is held in a strictly earlier slot.
    order: tuple[tuple[int, int], ...]
    #: Per-slot limits: first one ``person`` limit per participant (limit index = participant
    #: position), then the pooled ones.
    limits: tuple[Limit, ...]
    #: Per meeting: the limits it draws one unit of in its slot.
    limits_of: tuple[tuple[int, ...], ...]
    #: Whole-event limits (``max_meetings``).
    quotas: tuple[Quota, ...]

    @property
    def n_meetings(self) -> int:
        return len(self.people)

    @property
    def n_people(self) -> int:
        return len(self.meetings_of)

    @cached_property
    def before(self) -> tuple[tuple[int, ...], ...]:
        """Per meeting: the meetings that must be held earlier."""
        out: list[list[int]] = [[] for _ in self.people]
        for earlier, later in self.order:
            out[later].append(earlier)
        return tuple(tuple(x) for x in out)

    @cached_property
    def after(self) -> tuple[tuple[int, ...], ...]:
        """Per meeting: the meetings that must be held later."""
        out: list[list[int]] = [[] for _ in self.people]
        for earlier, later in self.order:
            out[earlier].append(later)
        return tuple(tuple(x) for x in out)

    @cached_property
    def table_capacity(self) -> tuple[int, ...]:
        """Per slot: how many meetings all tables seat at once (the ``tables`` limit)."""
        return next(limit.capacity for limit in self.limits if limit.kind == "tables")

    @cached_property
    def quota_of(self) -> Mapping[int, Quota]:
        """Participant position -> their quota, for those who have one."""
        return {quota.person: quota for quota in self.quotas}

    @cached_property
    def max_count(self) -> npt.NDArray[np.int64]:
        """Per participant: the quota's capacity (a huge number when unlimited)."""
        out = np.full(self.n_people, 1 << 30, dtype=np.int64)
        for quota in self.quotas:
            out[quota.person] = quota.capacity
        return out

    @cached_property
    def person_capacity(self) -> npt.NDArray[np.int64]:
        """Per participant: the most meetings they could attend, whatever the others do:
        their quota, and the number of slots in which one of their meetings could be held
        (one meeting per slot)."""
        open_slots = np.fromiter(
            (len(set().union(*(self.domains[i] for i in mine))) for mine in self.meetings_of),
            dtype=np.int64,
            count=self.n_people,
        )
        capacity: npt.NDArray[np.int64] = np.minimum(open_slots, self.max_count)
        return capacity

    @cached_property
    def capacity(self) -> npt.NDArray[np.int64]:
        """Limit x slot matrix of capacities."""
        out = np.empty((len(self.limits), self.n_slots), dtype=np.int64)
        for row, limit in enumerate(self.limits):
            out[row] = limit.capacity
        return out

    @cached_property
    def domain_mask(self) -> npt.NDArray[np.bool_]:
        """Meeting x slot matrix: True where the slot is in the meeting's domain."""
        out = np.zeros((self.n_meetings, self.n_slots), dtype=np.bool_)
        lengths = np.fromiter(map(len, self.domains), dtype=np.int64, count=self.n_meetings)
        slots = np.fromiter(itertools.chain.from_iterable(self.domains), dtype=np.int64)
        out[np.repeat(np.arange(self.n_meetings), lengths), slots] = True
        return out

    @cached_property
    def domain_bits(self) -> tuple[int, ...]:
        """Per meeting: its domain as a bitset (bit s set when slot s is in it)."""
        return tuple(sum(1 << s for s in domain) for domain in self.domains)

    @property
    def impossible_must(self) -> tuple[int, ...]:
        """Meetings that must be held but have no slot left (no valid schedule exists)."""
        return tuple(sorted(i for i in self.must if not self.domains[i]))


def compile_rules(problem: Problem) -> Rules:
    """The rules of `problem`, compiled once (later calls return the same object)."""
    # Kept on the problem itself, as its cached properties are, so that it lives exactly
    # as long as the problem (a module-level cache would keep every problem alive).
    found: Rules | None = problem.__dict__.get(_CACHE_KEY)
    if found is None:
        found = problem.__dict__[_CACHE_KEY] = _compile(problem)
    return found


_CACHE_KEY = "_compiled_rules"


def _compile(problem: Problem) -> Rules:
    n_slots = len(problem.slots)
    meetings = problem.meetings
    p_index = problem.participant_index
    m_index = problem.meeting_index
    s_index = problem.slot_index
    people = tuple(tuple(p_index[x] for x in m.people) for m in meetings)
    meetings_of = tuple(tuple(problem.meetings_of[p.id]) for p in problem.participants)

    fixed: dict[int, int] = {}
    preferred: dict[int, int] = {}
    pinned_kind: dict[int, str] = {}
    for pin in problem.pins:
        i = m_index[pin.meeting]
        if pin.movable:
            preferred[i] = s_index[pin.slot]
        else:
            fixed[i] = s_index[pin.slot]
            pinned_kind[i] = problem.tables[pin.table - 1].kind

    allowed: list[tuple[int, ...]] = []
    for i, m in enumerate(meetings):
        domain = problem.feasible_slots(m)
        if i in fixed:
            slot = fixed[i]
            wrong_kind = m.table_kind is not None and m.table_kind != pinned_kind[i]
            domain = () if wrong_kind or slot not in domain else (slot,)
        allowed.append(domain)

    order = tuple((m_index[e], later) for later, m in enumerate(meetings) for e in m.after)
    must = {
        i
        for i, m in enumerate(meetings)
        if problem.mode is Mode.ALL_REQUIRED or m.required or i in fixed or i in preferred
    }
    domains = _propagate(problem, people, meetings_of, allowed, fixed, order, must)

    limits = [
        Limit("person", p.id, meetings_of[k], _ones(n_slots))
        for k, p in enumerate(problem.participants)
    ]
    limits_of: list[list[int]] = [list(group) for group in people]

    def pooled(kind: str, name: str, members: list[int], capacity: tuple[int, ...]) -> None:
        row = len(limits)
        limits.append(Limit(kind, name, tuple(members), capacity))
        for i in members:
            limits_of[i].append(row)

    pooled("tables", "all", list(range(len(meetings))), (len(problem.tables),) * n_slots)
    kinds: dict[str, int] = defaultdict(int)
    for table in problem.tables:
        kinds[table.kind] += 1
    if len(kinds) > 1:
        for kind, count in kinds.items():
            needing = [
                i for i, m in enumerate(meetings) if pinned_kind.get(i, m.table_kind) == kind
            ]
            if needing:
                pooled("table_kind", kind, needing, (count,) * n_slots)
    for pool in problem.interpreters:
        using = [i for i, m in enumerate(meetings) if m.interpreter == pool.language]
        if using:
            capacity = tuple(pool.capacity(s.id) for s in problem.slots)
            pooled("interpreters", pool.language, using, capacity)
    on_table: dict[int, list[int]] = defaultdict(list)
    for pin in problem.pins:
        if not pin.movable:
            on_table[pin.table].append(m_index[pin.meeting])
    for table_number, held in sorted(on_table.items()):
        if len(held) > 1:
            pooled("pinned_table", str(table_number), held, _ones(n_slots))

    quotas = tuple(
        Quota(k, meetings_of[k], p.max_meetings)
        for k, p in enumerate(problem.participants)
        if p.max_meetings is not None and len(meetings_of[k]) > p.max_meetings
    )
    return Rules(
        problem=problem,
        n_slots=n_slots,
        people=people,
        meetings_of=meetings_of,
        allowed=tuple(allowed),
        domains=domains,
        must=frozenset(must),
        fixed=fixed,
        preferred=preferred,
        order=order,
        limits=tuple(limits),
        limits_of=tuple(tuple(x) for x in limits_of),
        quotas=quotas,
    )


_ONES: dict[int, tuple[int, ...]] = {}


def _ones(n_slots: int) -> tuple[int, ...]:
    """One shared tuple of ones per slot count (thousands of person limits share it)."""
    return _ONES.setdefault(n_slots, (1,) * n_slots)


def _propagate(
    problem: Problem,
    people: tuple[tuple[int, ...], ...],
    meetings_of: tuple[tuple[int, ...], ...],
    allowed: list[tuple[int, ...]],
    fixed: Mapping[int, int],
    order: tuple[tuple[int, int], ...],
    must: set[int],
) -> tuple[tuple[int, ...], ...]:
    """Domains pruned by what the rules imply (adds the predecessors of `must` to it):

    - a non-movable pin keeps its people busy in its slot;
    - a later meeting needs a slot after the earliest slot of its predecessor, and a later
      meeting that must be held leaves its predecessor only slots before its own last one.
    """
    # Sorted tuples throughout: most meetings keep `allowed` as it is, untouched.
    domains = list(allowed)
    for i, slot in fixed.items():
        for person in people[i]:
            for j in meetings_of[person]:
                if j != i and slot in domains[j]:
                    domains[j] = tuple(s for s in domains[j] if s != slot)
    # Each round either changes nothing (done) or strictly raises some earliest slot or
    # lowers some latest slot, so len(slots) + 2 rounds reach the fixpoint.
    for _ in range(len(problem.slots) + 2):
        changed = False
        for earlier, later in order:
            if later in must and earlier not in must:
                must.add(earlier)
                changed = True
            if not domains[earlier]:
                if domains[later]:
                    domains[later] = ()
                    changed = True
                continue
            first = domains[earlier][0]
            if domains[later] and domains[later][0] <= first:
                domains[later] = tuple(s for s in domains[later] if s > first)
                changed = True
            if later in must and domains[later]:
                last = domains[later][-1]
                if domains[earlier][-1] >= last:
                    domains[earlier] = tuple(s for s in domains[earlier] if s < last)
                    changed = True
        if not changed:
            break
    return tuple(domains)
