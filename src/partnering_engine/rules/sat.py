"""The rules as clauses (python-sat) over time-indexed literals ``y(meeting, slot)``.

Imported by the SAT model only. One function per kind of row, each looping over the
compiled rows: `add_meetings` (each meeting once, in its domain), `add_limits` /
`add_limit_at` (every per-slot limit: person, tables, table kinds, interpreter pools,
shared pinned tables), `add_quotas` (``max_meetings``) and `add_order` (precedences, as
"held by the slot before" prefix literals). Cardinalities are python-sat's encodings (a
sequential counter, pairwise below six literals), collected by a `Cnf`.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence

from pysat.card import CardEnc, EncType
from pysat.formula import IDPool

from partnering_engine.rules._compile import Rules

__all__ = [
    "Cnf",
    "Lit",
    "add_limit_at",
    "add_limits",
    "add_meetings",
    "add_order",
    "add_quotas",
    "held_at",
]

#: The literal "meeting i is held in slot t" (only asked for slots of i's domain).
Lit = Callable[[int, int], int]

#: At most one of this many literals or fewer is written pairwise (no auxiliary variable).
_PAIRWISE_UP_TO = 5


class Cnf:
    """Clauses and the pool their auxiliary variables come from."""

    def __init__(self, pool: IDPool | None = None) -> None:
        self.pool = pool if pool is not None else IDPool()
        self.clauses: list[list[int]] = []

    def atmost(self, lits: Sequence[int], bound: int) -> None:
        """At most `bound` of `lits` are true."""
        if len(lits) <= bound:
            return
        if bound <= 0:
            self.clauses.extend([-lit] for lit in lits)
            return
        if bound == 1 and len(lits) <= _PAIRWISE_UP_TO:
            self.clauses.extend([-a, -b] for k, a in enumerate(lits) for b in lits[k + 1 :])
            return
        enc = CardEnc.atmost(
            lits=list(lits), bound=bound, vpool=self.pool, encoding=EncType.seqcounter
        )
        self.clauses.extend(enc.clauses)


def add_meetings(cnf: Cnf, rules: Rules, y: Lit, must: Collection[int]) -> None:
    """Each meeting in at most one slot of its domain, those of `must` in exactly one (an
    empty domain of a `must` meeting is the empty clause: no valid schedule)."""
    for i, domain in enumerate(rules.domains):
        lits = [y(i, t) for t in domain]
        if i in must:
            cnf.clauses.append(lits)
        cnf.atmost(lits, 1)


def held_at(rules: Rules, row: int, t: int, y: Lit) -> list[int]:
    """The literals of limit `row`'s members that may be held in slot t."""
    bits = rules.domain_bits
    return [y(i, t) for i in rules.limits[row].members if bits[i] >> t & 1]


def add_limit_at(cnf: Cnf, rules: Rules, row: int, t: int, lits: Sequence[int]) -> None:
    """Limit `row` in slot t, over the literals `held_at` gives."""
    cnf.atmost(lits, rules.limits[row].capacity[t])


def add_limits(cnf: Cnf, rules: Rules, y: Lit, *, skip: Iterable[str] = ()) -> None:
    """Every per-slot limit, slot by slot, except the kinds in `skip` (a model that writes
    those with `add_limit_at` itself, e.g. next to a "busy" literal per person and slot)."""
    skipped = set(skip)
    rows = [row for row, limit in enumerate(rules.limits) if limit.kind not in skipped]
    for t in range(rules.n_slots):
        for row in rows:
            add_limit_at(cnf, rules, row, t, held_at(rules, row, t, y))


def add_quotas(cnf: Cnf, rules: Rules, y: Lit) -> None:
    """Every whole-event quota (``max_meetings``)."""
    for quota in rules.quotas:
        lits = [y(i, t) for i in quota.members for t in rules.domains[i]]
        cnf.atmost(lits, quota.capacity)


def add_order(cnf: Cnf, rules: Rules, y: Lit, pairs: Iterable[tuple[int, int]]) -> None:
    """For each (earlier, later) pair, `later` is held only after `earlier` is: prefix
    literals ``F(earlier, t)`` = held at t or before, and ``y(later, t) -> F(earlier, t-1)``.
    `pairs` are the rules' `order`, to which a model may add its own (symmetry breaking)."""
    prefixes: dict[int, list[int]] = {}
    for earlier, later in pairs:
        prefix = prefixes.get(earlier)
        if prefix is None:
            prefix = prefixes[earlier] = _prefix(cnf, rules, y, earlier)
        for t in rules.domains[later]:
            cnf.clauses.append([-y(later, t), prefix[t - 1]] if t > 0 else [-y(later, t)])


def _prefix(cnf: Cnf, rules: Rules, y: Lit, i: int) -> list[int]:
    """``F(i, t)`` for every slot t: meeting i is held at t or earlier (both directions)."""
    prefix: list[int] = []
    domain = set(rules.domains[i])
    for t in range(rules.n_slots):
        lit = int(cnf.pool.id(("F", i, t)))
        held = y(i, t) if t in domain else None
        previous = prefix[-1] if prefix else None
        if held is not None:
            cnf.clauses.append([-held, lit])
        if previous is not None:
            cnf.clauses.append([-previous, lit])
        cnf.clauses.append(
            [-lit, *([previous] if previous is not None else []), *([held] if held else [])]
        )
        prefix.append(lit)
    return prefix
