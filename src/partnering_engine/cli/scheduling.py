"""Sub-commands of `partnering-engine` for scheduling."""

from __future__ import annotations

import argparse
from typing import Any


def add_commands(subparsers: argparse._SubParsersAction[Any]) -> None:
    """Add this group's sub-commands (filled in by the scheduling work)."""
