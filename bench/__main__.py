"""``python -m bench [PART [ARGS...]]``: run every benchmark part, or one with its arguments.

Parts are modules of this package exposing ``main(argv: Sequence[str]) -> int``; a part whose
module is not there (yet) is reported and skipped when running everything, and is an error
when asked for by name.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence

PARTS = (
    "scheduling",
    "b2b",
    "matching",
    "concepts",
    "recommendations",
    "directory",
    "participants",
    "agenda",
    "reports",
    "program",
    "publish",
    "preview",
    "rematch",
    "load",
)


def _load(part: str) -> object | None:
    try:
        return importlib.import_module(f"bench.{part}")
    except ModuleNotFoundError as error:
        if error.name == f"bench.{part}":
            return None
        raise


def main(argv: Sequence[str]) -> int:
    if argv and argv[0] in ("-h", "--help"):
        print(__doc__)
        print(f"parts: {', '.join(PARTS)}")
        return 0
    if argv:
        part, rest = argv[0], list(argv[1:])
        if part not in PARTS:
            print(f"bench: unknown part {part!r}; known: {', '.join(PARTS)}", file=sys.stderr)
            return 2
        module = _load(part)
        if module is None:
            print(f"bench: part {part!r} is not available (bench/{part}.py)", file=sys.stderr)
            return 2
        return int(module.main(rest))  # type: ignore[attr-defined]
    status = 0
    for part in PARTS:
        module = _load(part)
        if module is None:
            print(f"bench: skipping {part} (bench/{part}.py not present)", file=sys.stderr)
            continue
        print(f"\n# bench {part}\n", flush=True)
        status = max(status, int(module.main([])))  # type: ignore[attr-defined]
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
