"""Entry point of `partnering-engine`. Each command group lives in its own module and adds
its sub-commands with `add_commands(subparsers)`; a command is a function
``run(args) -> int`` set as the parser's ``handler`` default.

Errors the engine raises on bad input (`EngineError`) and unreadable files exit with status
2 and a one-line message naming the file and field; no traceback is printed.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from partnering_engine.cli import matching, scheduling
from partnering_engine.errors import EngineError

__all__ = ["build_parser", "main"]

Handler = Callable[[argparse.Namespace], int]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="partnering-engine",
        description="Optimal partnering-meeting schedules and partner recommendations.",
    )
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    scheduling.add_commands(subparsers)
    matching.add_commands(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler = args.handler
    try:
        return handler(args)
    except EngineError as error:
        print(f"partnering-engine {args.command}: error: {error}", file=sys.stderr)
        return 2
    except OSError as error:
        name = error.filename if error.filename is not None else ""
        print(
            f"partnering-engine {args.command}: error: {name}: {error.strerror or error}",
            file=sys.stderr,
        )
        return 2
    except (RecursionError, MemoryError) as error:
        # A reader's bounds should refuse such input first; if one slips through, the user
        # still gets one line, not a traceback.
        kind = "nested too deeply" if isinstance(error, RecursionError) else "too large"
        print(f"partnering-engine {args.command}: error: the input is {kind}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"partnering-engine {args.command}: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover - exercised through the console script
    sys.exit(main())
