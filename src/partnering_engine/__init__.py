"""Bio Partnering's engine: scheduling optimiser and partner matching, with no Django.

Public surface: the problem/solution types, the validator, the solver registry. Sub-packages
(`partnering_engine.io`, `partnering_engine.matching`, ...) are imported explicitly.
"""

from partnering_engine.errors import EngineError, InputError, ProblemError, UnknownSolverError
from partnering_engine.metrics import Evaluation, evaluate
from partnering_engine.solvers import Progress, Solver, get_solver, solver_names
from partnering_engine.types import (
    Assignment,
    InterpreterPool,
    Meeting,
    Mode,
    Participant,
    Pin,
    Problem,
    Slot,
    Solution,
    Status,
    Table,
)
from partnering_engine.validate import Violation, validate_assignments, validate_solution

__all__ = [
    "Assignment",
    "EngineError",
    "Evaluation",
    "InputError",
    "InterpreterPool",
    "Meeting",
    "Mode",
    "Participant",
    "Pin",
    "Problem",
    "ProblemError",
    "Progress",
    "Slot",
    "Solution",
    "Solver",
    "Status",
    "Table",
    "UnknownSolverError",
    "Violation",
    "evaluate",
    "get_solver",
    "solver_names",
    "validate_assignments",
    "validate_solution",
]
