"""Registry of scheduling solvers. Unknown names raise `UnknownSolverError`, never fall back.

Solver modules are imported on first use so that loading the engine stays cheap.
"""

from __future__ import annotations

import importlib

from partnering_engine.errors import UnknownSolverError
from partnering_engine.solvers.base import Progress, ProgressCallback, Solver

__all__ = ["Progress", "ProgressCallback", "Solver", "get_solver", "solver_names"]

_REGISTRY: dict[str, str] = {
    "greedy": "partnering_engine.solvers.greedy:GreedySolver",
    "cpsat": "partnering_engine.solvers.cpsat:CpSatSolver",
    "lns": "partnering_engine.solvers.lns:LnsSolver",
    "auto": "partnering_engine.solvers.auto:AutoSolver",
}


def solver_names() -> list[str]:
    """Registered solver names, sorted."""
    return sorted(_REGISTRY)


def get_solver(name: str) -> Solver:
    """A fresh instance of the solver registered as `name`."""
    try:
        target = _REGISTRY[name]
    except KeyError:
        raise UnknownSolverError(name, list(_REGISTRY)) from None
    module_name, _, class_name = target.partition(":")
    solver_class = getattr(importlib.import_module(module_name), class_name)
    solver: Solver = solver_class()
    return solver
