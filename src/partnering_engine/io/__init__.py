"""Reading and writing problems and schedules: JSON files and the B2B benchmark's ``.dzn``.

Every reader raises `InputError` (malformed file, missing or mistyped field: the message names
the file, the line/column or the field path such as ``meetings[3].weight``, and the bad value)
or `ProblemError` (a well-formed but inconsistent problem, e.g. an unknown participant).
"""

from __future__ import annotations

import os
from pathlib import Path

from partnering_engine.errors import InputError
from partnering_engine.io._dzn import parse_dzn, read_dzn
from partnering_engine.io._json import (
    load_json,
    problem_from_dict,
    problem_to_dict,
    read_problem_json,
    read_solution,
    solution_from_dict,
    solution_to_dict,
    write_problem,
    write_solution,
)
from partnering_engine.types import Problem

__all__ = [
    "load_json",
    "parse_dzn",
    "problem_from_dict",
    "problem_to_dict",
    "read_dzn",
    "read_problem",
    "read_solution",
    "solution_from_dict",
    "solution_to_dict",
    "write_problem",
    "write_solution",
]


def read_problem(path: str | os.PathLike[str], *, fairness_d: int | None = 2) -> Problem:
    """A `Problem` from a ``.json`` problem file or a B2B benchmark ``.dzn`` file (chosen by
    suffix). `fairness_d` applies to ``.dzn`` files only (JSON files carry their own)."""
    suffix = Path(path).suffix.lower()
    if suffix == ".dzn":
        return read_dzn(path, fairness_d=fairness_d)
    if suffix == ".json":
        return read_problem_json(path)
    raise InputError(
        os.fspath(path), f"unknown problem file type {suffix!r}; expected .json or .dzn"
    )
