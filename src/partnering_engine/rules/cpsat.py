"""The rules as CP-SAT constraints over time-indexed booleans ``x[meeting][slot]``.

Imported by the CP-SAT models only (loading OR-Tools takes a while). `add_rules` loops over
the compiled rows: each meeting once, every per-slot limit, every quota and every precedence
between meetings of the model. With a `State`, the model is a neighbourhood: the meetings of
`x` are not in the state (removed by the caller) and what the state holds uses up capacity.

The all-required model (every meeting, each in exactly one slot, plus slot integers and
"busy" variables for its gap counting) takes the same rows in the forms it needs:
`add_limits` (per-slot limits as sums), `add_usage` (one limit's use per slot as variables,
e.g. a participant's "busy in slot t") and `add_order_on_slots` (precedences over slot
integers).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence

from ortools.sat.python import cp_model

from partnering_engine.rules._compile import Rules
from partnering_engine.rules._state import State

__all__ = ["AllSlotVars", "SlotVars", "add_limits", "add_order_on_slots", "add_rules", "add_usage"]

#: Per meeting of the model: slot position -> its boolean "held in this slot".
SlotVars = Mapping[int, Mapping[int, cp_model.IntVar]]
#: The same for every meeting of the problem, by position.
AllSlotVars = SlotVars | Sequence[Mapping[int, cp_model.IntVar]]


def add_rules(
    model: cp_model.CpModel,
    rules: Rules,
    x: SlotVars,
    *,
    must: Collection[int] = (),
    state: State | None = None,
) -> None:
    """Add the rules over `x` to `model`: meetings of `must` held exactly once, the others
    at most once; every limit and quota (less what `state` already uses); precedences
    among the meetings of `x` (the caller keeps each domain within the precedence window of
    meetings outside `x`)."""
    for i, row in x.items():
        variables = list(row.values())
        if i in must:
            model.add_exactly_one(variables)
        elif len(variables) > 1:
            model.add_at_most_one(variables)

    by_row: dict[tuple[int, int], list[cp_model.IntVar]] = defaultdict(list)
    for i, row in x.items():
        for limit in rules.limits_of[i]:
            for s, var in row.items():
                by_row[(limit, s)].append(var)
    capacity = rules.capacity
    for (limit, s), variables in by_row.items():
        room = int(capacity[limit, s])
        if state is not None:
            room -= state.used[limit][s]
        if len(variables) <= room:
            continue
        if room == 1:
            model.add_at_most_one(variables)
        else:
            model.add(cp_model.LinearExpr.sum(variables) <= max(room, 0))

    quota_of = rules.quota_of
    touched = {person for i in x for person in rules.people[i] if person in quota_of}
    for person in sorted(touched):
        quota = quota_of[person]
        mine = [var for i in quota.members if i in x for var in x[i].values()]
        room = quota.capacity
        if state is not None:
            room -= state.count[person]
        if len(mine) > room:
            model.add(cp_model.LinearExpr.sum(mine) <= max(room, 0))

    for earlier, later in rules.order:
        if earlier not in x or later not in x:
            continue
        before = x[earlier]
        for s, var in x[later].items():
            model.add(var <= cp_model.LinearExpr.sum([v for t, v in before.items() if t < s]))


def add_limits(
    model: cp_model.CpModel, rules: Rules, x: AllSlotVars, *, skip: Collection[str] = ()
) -> None:
    """Every per-slot limit except the kinds in `skip`, slot by slot: the members' variables
    in that slot sum to at most its capacity (`x` holds every meeting)."""
    rows = [limit for limit in rules.limits if limit.kind not in skip]
    for t in range(rules.n_slots):
        for limit in rows:
            variables = [x[i][t] for i in limit.members if t in x[i]]
            if variables:
                model.add(cp_model.LinearExpr.sum(variables) <= limit.capacity[t])


def add_usage(
    model: cp_model.CpModel, rules: Rules, x: AllSlotVars, row: int, name: str
) -> dict[int, cp_model.IntVar]:
    """Limit `row` as variables: per slot where a member may be held, ``used[t]`` = the
    members held in t, within 0 .. capacity (for a ``person`` limit: busy in t or not)."""
    limit = rules.limits[row]
    members = [x[i] for i in limit.members]
    used: dict[int, cp_model.IntVar] = {}
    for t in sorted({t for row_vars in members for t in row_vars}):
        var = model.new_int_var(0, limit.capacity[t], f"{name}_{t}")
        model.add(cp_model.LinearExpr.sum([v[t] for v in members if t in v]) == var)
        used[t] = var
    return used


def add_order_on_slots(
    model: cp_model.CpModel, rules: Rules, slot: Sequence[cp_model.IntVar]
) -> None:
    """Every precedence over slot integers: ``slot[later] > slot[earlier]``."""
    for earlier, later in rules.order:
        model.add(slot[later] > slot[earlier])
