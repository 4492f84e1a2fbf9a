"""The rules of a valid schedule, in one place: the problem compiled once into rows that
every solver reads, and one incremental schedule state.

`compile_rules(problem)` gives a `Rules` (cached per problem):

- **limits** (`Limit`), one row per resource: in each slot, which meetings compete for it
  and its capacity. Kinds: ``person`` (one meeting per participant and slot, delegations
  included), ``tables`` (all tables), ``table_kind`` (tables of one kind, for meetings that
  need it; a non-movable pin needs its pinned table's kind), ``interpreters`` (one pool),
  ``pinned_table`` (one table held by several non-movable pins);
- **quotas** (`Quota`): ``max_meetings`` over the whole event;
- **domains**: per meeting the slots the rules allow (availability of everyone, allowed
  slots such as morning/afternoon, forbidden slots, fixed slots, non-movable pins), pruned
  by what they imply (a non-movable pin keeps its people busy; precedences);
- **must**: required, pinned and all-required meetings (and their predecessors);
- **order**: precedence pairs (earlier, later).

`State` (a schedule as arrays with usage per limit and slot) serves greedy construction, the
exact solver's local search and the large-scale solver; `partnering_engine.rules.cpsat` adds
the rows to CP-SAT models (the weighted one, the neighbourhoods and the all-required one),
`partnering_engine.rules.sat` writes them as clauses for the all-required SAT search,
`partnering_engine.bound` aggregates them into its LP and `partnering_engine.gaps_bound`
reads the domains for its per-participant gap bounds. Each loops over the rows, so a new
limit kind reaches every solver without touching it. Table numbers are the one thing the
rows do not say: `solvers.tables.assign_tables` matches a slot's meetings to tables (which
the ``tables`` and ``table_kind`` counts guarantee is possible).

A new rule is one row kind here, one check in `partnering_engine.validate` (the independent
referee, which shares no code with this package) and one test in
``tests/partnering_engine/solvers/test_rules.py``.
"""

from partnering_engine.rules._compile import LIMIT_KINDS, Limit, Quota, Rules, compile_rules
from partnering_engine.rules._state import (
    BoolArray,
    Compiled,
    FloatArray,
    IntArray,
    ScheduleKey,
    State,
    gaps_of_rows,
)

__all__ = [
    "LIMIT_KINDS",
    "BoolArray",
    "Compiled",
    "FloatArray",
    "IntArray",
    "Limit",
    "Quota",
    "Rules",
    "ScheduleKey",
    "State",
    "compile_rules",
    "gaps_of_rows",
]
