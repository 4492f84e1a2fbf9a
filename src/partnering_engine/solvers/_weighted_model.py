"""The CP-SAT model of the weighted mode (stated in `_cpsat_weighted`'s docstring), the
helpers that hint and read it, and the solve context every phase shares."""

from __future__ import annotations

import itertools
import os
import time
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from ortools.sat.python import cp_model

from partnering_engine.bound import Domains, weight_grid
from partnering_engine.rules import compile_rules
from partnering_engine.rules.cpsat import add_rules
from partnering_engine.solvers.base import Progress, ProgressCallback
from partnering_engine.types import Problem
from partnering_engine.validate import validate_assignments

__all__ = [
    "Context",
    "Phase",
    "WeightModel",
    "build_model",
    "configure",
    "greedy_slots",
    "hint",
    "read_slots",
    "relabel_for_symmetry",
    "scaled_weights",
    "set_switch",
    "weight_of",
]

#: Integer weights for CP-SAT when they are not on a decimal grid: about this many steps.
_FALLBACK_WEIGHT_STEPS = 1_000_000


def configure(solver: cp_model.CpSolver, *, time_s: float, workers: int, seed: int) -> None:
    parameters = solver.parameters
    parameters.max_time_in_seconds = max(0.05, time_s)
    parameters.num_workers = max(1, workers)
    parameters.random_seed = seed
    # For developers: PARTNERING_CPSAT_LOG=1 prints CP-SAT's search log.
    parameters.log_search_progress = bool(os.environ.get("PARTNERING_CPSAT_LOG"))


@dataclass
class Phase:
    name: str
    method: str
    status: str
    value: float
    wall_s: float

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "method": self.method,
            "status": self.status,
            "value": self.value,
            "wall_s": round(self.wall_s, 3),
        }


@dataclass
class Context:
    """What every phase needs: the problem, the clock, the solver settings, the record."""

    problem: Problem
    domains: Domains
    started: float
    deadline: float
    seed: int
    workers: int
    progress: ProgressCallback | None
    phases: list[Phase] = field(default_factory=list)

    def remaining(self) -> float:
        return self.deadline - time.monotonic()

    def report(self, phase: str, message: str, **numbers: float | None) -> None:
        if self.progress is not None:
            self.progress(
                Progress(
                    elapsed_s=time.monotonic() - self.started,
                    phase=phase,
                    message=message,
                    weight=numbers.get("weight"),
                    bound=numbers.get("bound"),
                    gap=numbers.get("gap"),
                )
            )

    def record(self, name: str, method: str, status: str, value: float, since: float) -> None:
        self.phases.append(Phase(name, method, status, value, time.monotonic() - since))


def weight_of(problem: Problem, slot_of: dict[int, int]) -> float:
    return sum(problem.meetings[i].weight for i in slot_of)


@dataclass
class WeightModel:
    """The CP-SAT model and the handles the phases need."""

    problem: Problem
    domains: Domains
    scaled_weights: list[int]
    model: cp_model.CpModel = field(default_factory=cp_model.CpModel)
    #: Per meeting: (slot position, variable) for each slot of its domain.
    x: list[list[tuple[int, cp_model.IntVar]]] = field(default_factory=list)
    symmetry_switch: cp_model.IntVar | None = None
    #: Classes of interchangeable slots, ordered by meeting count in phase 1.
    slot_classes: list[list[int]] = field(default_factory=list)

    def held(self, i: int) -> cp_model.LinearExprT:
        return cp_model.LinearExpr.sum([v for _, v in self.x[i]])

    def weight_expr(self) -> cp_model.LinearExprT:
        variables = [v for row in self.x for _, v in row]
        coefs = [self.scaled_weights[i] for i, row in enumerate(self.x) for _ in row]
        return cp_model.LinearExpr.weighted_sum(variables, coefs)


def scaled_weights(problem: Problem) -> tuple[list[int], float, bool]:
    """Integer weights for CP-SAT, the factor used, and whether the scaling is exact."""
    weights = [m.weight for m in problem.meetings]
    grid = weight_grid(weights)
    if grid is not None:
        return [round(w * grid) for w in weights], float(grid), True
    factor = _FALLBACK_WEIGHT_STEPS / max(weights)
    return [max(1, round(w * factor)) for w in weights], factor, False


def build_model(problem: Problem, domains: Domains, scaled: list[int]) -> WeightModel:
    """The model of `_cpsat_weighted`'s docstring: one boolean per meeting and slot of its
    domain, and the compiled rules over them (`partnering_engine.rules.cpsat`)."""
    built = WeightModel(problem=problem, domains=domains, scaled_weights=scaled)
    x: dict[int, dict[int, cp_model.IntVar]] = {}
    for i, slots in enumerate(domains.slots):
        row = [(s, built.model.new_bool_var(f"x[{i},{s}]")) for s in slots]
        built.x.append(row)
        x[i] = dict(row)
    add_rules(built.model, compile_rules(problem), x, must=domains.must)
    _add_slot_symmetry_breaking(built)
    return built


def _add_slot_symmetry_breaking(built: WeightModel) -> None:
    """Order interchangeable slots by meeting count, behind a switch that is on in phase 1.

    Two slots are interchangeable for the weight when the same meetings may use them and
    their capacities agree (precedences and pins make slots differ, so then nothing is
    done). Any schedule can be relabelled to put the busier of two such slots first.
    """
    problem = built.problem
    rules = compile_rules(problem)
    if rules.fixed or rules.preferred or rules.order:
        return
    pooled = rules.capacity[rules.n_people :]
    open_meetings: list[list[int]] = [[] for _ in problem.slots]
    for i, row in enumerate(built.x):
        for s, _ in row:
            open_meetings[s].append(i)
    classes: dict[tuple[Any, ...], list[int]] = defaultdict(list)
    for s in range(len(problem.slots)):
        classes[(tuple(open_meetings[s]), tuple(pooled[:, s]))].append(s)
    built.slot_classes = [members for members in classes.values() if len(members) > 1]
    pairs = [(a, b) for members in built.slot_classes for a, b in itertools.pairwise(members)]
    if not pairs:
        return
    switch = built.model.new_bool_var("slot_symmetry_breaking")
    built.symmetry_switch = switch
    per_slot: list[list[cp_model.IntVar]] = [[] for _ in problem.slots]
    for row in built.x:
        for s, var in row:
            per_slot[s].append(var)
    for a, b in pairs:
        built.model.add(
            cp_model.LinearExpr.sum(per_slot[a]) >= cp_model.LinearExpr.sum(per_slot[b])
        ).only_enforce_if(switch)


def set_switch(built: WeightModel, *, on: bool) -> None:
    if built.symmetry_switch is None:
        return
    domain = built.model.proto.variables[built.symmetry_switch.index].domain
    domain[0] = int(on)
    domain[1] = int(on)


def relabel_for_symmetry(built: WeightModel, slot_of: dict[int, int]) -> dict[int, int]:
    """`slot_of` with interchangeable slots swapped so it obeys the symmetry breaking."""
    count: dict[int, int] = defaultdict(int)
    for s in slot_of.values():
        count[s] += 1
    relabel: dict[int, int] = {}
    for members in built.slot_classes:
        by_count = sorted(members, key=lambda s: -count[s])
        relabel.update(zip(by_count, members, strict=True))
    return {i: relabel.get(s, s) for i, s in slot_of.items()}


def hint(built: WeightModel, slot_of: dict[int, int], extra: dict[int, int] | None = None) -> None:
    """Hint every variable: x from `slot_of`, the switch from its domain, then `extra`."""
    values = [0] * len(built.model.proto.variables)
    for i, row in enumerate(built.x):
        chosen = slot_of.get(i)
        for s, var in row:
            if s == chosen:
                values[var.index] = 1
    if built.symmetry_switch is not None:
        index = built.symmetry_switch.index
        values[index] = built.model.proto.variables[index].domain[0]
    for index, value in (extra or {}).items():
        values[index] = value
    built.model.clear_hints()  # type: ignore[no-untyped-call]  # ortools' stub lacks it
    hint = built.model.proto.solution_hint
    hint.vars.extend(range(len(values)))
    hint.values.extend(values)


def read_slots(built: WeightModel, solver: cp_model.CpSolver) -> dict[int, int]:
    solution = solver.response_proto.solution
    return {i: s for i, row in enumerate(built.x) for s, var in row if solution[var.index]}


def greedy_slots(problem: Problem) -> dict[int, int] | None:
    """H1's weight-ordered greedy schedule as meeting -> slot positions, if it is valid."""
    from partnering_engine.solvers.greedy import greedy_assign

    try:
        greedy = greedy_assign(problem, order="weight")
    except ValueError:
        return None
    if validate_assignments(problem, greedy):
        return None
    return {problem.meeting_index[a.meeting]: problem.slot_index[a.slot] for a in greedy}
