"""The one interface every scheduling solver implements."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from partnering_engine.types import Problem, Solution

__all__ = ["Progress", "ProgressCallback", "Solver"]


@dataclass(frozen=True, slots=True)
class Progress:
    """A progress report from a running solve (shown on the CLI's stderr and in the web UI)."""

    elapsed_s: float
    phase: str
    scheduled: int | None = None
    weight: float | None = None
    bound: float | None = None
    #: Relative gap between the incumbent and the bound, 0.0 = proven optimal.
    gap: float | None = None
    message: str = ""


ProgressCallback = Callable[[Progress], None]


@runtime_checkable
class Solver(Protocol):
    """Reads a `Problem`, returns a `Solution` whose `status`, `objective` and `bound` are
    honest: `optimal` only when the primary objective matches a proven bound."""

    name: str

    def solve(
        self,
        problem: Problem,
        *,
        time_limit_s: float,
        seed: int,
        workers: int = 2,
        progress: ProgressCallback | None = None,
    ) -> Solution: ...
