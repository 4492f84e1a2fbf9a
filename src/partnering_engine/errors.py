"""Errors the engine raises on bad input. Each names the offending field or row."""

from __future__ import annotations

__all__ = ["EngineError", "InputError", "ProblemError", "UnknownSolverError"]


class EngineError(Exception):
    """Base class of every error the engine raises on purpose."""


class ProblemError(EngineError, ValueError):
    """A scheduling problem is inconsistent; `field` names where, e.g. ``meetings[m7].b``."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class InputError(EngineError, ValueError):
    """A file could not be read: malformed syntax, missing or mistyped fields.

    `location` names the file position or field path (``row 12, column 'offers'``)."""

    def __init__(self, location: str, message: str) -> None:
        super().__init__(f"{location}: {message}")
        self.location = location
        self.message = message


class UnknownSolverError(EngineError, LookupError):
    """A solver name is not registered. Never silently replaced by a default."""

    def __init__(self, name: str, known: list[str]) -> None:
        super().__init__(f"unknown solver {name!r}; known solvers: {', '.join(sorted(known))}")
        self.name = name
        self.known = known
