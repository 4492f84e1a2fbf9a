"""Argument types of the CLI: numbers are refused by argparse (exit 2, usage and a one-line
message) when they are outside what the engine can use, never passed on to a solver."""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable

__all__ = ["MAX_TIME_LIMIT_S", "bounded_int", "fraction", "seconds"]

#: A day: longer runs are a typing mistake (a solve is stopped at its time limit anyway).
MAX_TIME_LIMIT_S = 24 * 3600.0


def seconds(text: str) -> float:
    """A time limit in seconds: a finite number in (0, `MAX_TIME_LIMIT_S`]."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of seconds, got {text!r}") from None
    if not math.isfinite(value) or not 0 < value <= MAX_TIME_LIMIT_S:
        raise argparse.ArgumentTypeError(
            f"must be more than 0 and at most {MAX_TIME_LIMIT_S:.0f} seconds, got {text}"
        )
    return value


def bounded_int(low: int, high: int) -> Callable[[str], int]:
    """An argparse type accepting integers in ``low..high``."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected an integer, got {text!r}") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"must be in {low}..{high}, got {value}")
        return value

    parse.__name__ = "integer"
    return parse


def fraction(text: str) -> float:
    """A number in [0, 1] (a similarity threshold)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if not 0.0 <= value <= 1.0:  # NaN fails this comparison too
        raise argparse.ArgumentTypeError(f"must be between 0 and 1, got {text}")
    return value
