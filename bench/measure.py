"""Shared helpers for the benchmark parts: run a function in a fresh process and measure its
wall time and peak resident memory; conditions of the machine; RESULTS.md sections.

Peak memory is the child's ``ru_maxrss`` (Linux reports KiB): the largest resident set of
that process over its whole life, so each measured run gets its own process (started with
``spawn``, so it inherits nothing from the parent's heap). Processes the run starts itself
(the large-scale solver computes its bound in a forked child) add their own peak, so the
figure is a conservative total.
"""

from __future__ import annotations

import io
import json
import multiprocessing
import os
import platform
import re
import resource
import subprocess
import sys
import tarfile
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).with_name("RESULTS.md")


def _measured(function: Callable[..., Any], args: tuple[Any, ...]) -> tuple[Any, float, float]:
    began = time.perf_counter()
    result = function(*args)
    wall = time.perf_counter() - began
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return result, wall, (own + children) / 1024.0


def run_isolated(function: Callable[..., Any], *args: Any) -> tuple[Any, float, float]:
    """``function(*args)`` in a new process: (its result, wall seconds, peak RSS in MiB).

    `function` must be importable by name (a module-level function)."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        return pool.submit(_measured, function, args).result()


@contextmanager
def second_process(wanted: bool = True) -> Iterator[None]:
    """A second CPU-bound process (a busy Python loop) while the block runs, when `wanted`:
    the ``loaded`` condition of the solver benchmarks. The loop also ends by itself when
    this process is gone (even if it is killed)."""
    if not wanted:
        yield
        return
    busy = "import os\nparent = os.getppid()\nwhile os.getppid() == parent: pass"
    hog = subprocess.Popen([sys.executable, "-c", busy])
    try:
        time.sleep(1.0)
        yield
    finally:
        hog.kill()
        hog.wait()


def conditions() -> dict[str, Any]:
    """What the numbers depend on: date, cores, load, versions."""
    load = os.getloadavg()
    try:
        import ortools

        ortools_version = ortools.__version__
    except ImportError:  # pragma: no cover - ortools is a dependency of the engine
        ortools_version = "missing"
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cores": os.cpu_count(),
        "load_1_5_15": [round(x, 2) for x in load],
        "python": platform.python_version(),
        "ortools": ortools_version,
        "machine": platform.machine(),
    }


def markdown_table(headers: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def write_section(part: str, text: str, path: Path = RESULTS) -> None:
    """Replace (or append) this part's section of RESULTS.md, leaving other parts alone."""
    start, end = f"<!-- {part}:start -->", f"<!-- {part}:end -->"
    block = f"{start}\n{text.rstrip()}\n{end}"
    current = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n"
    pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.DOTALL)
    if pattern.search(current):
        updated = pattern.sub(lambda _: block, current)
    else:
        updated = current.rstrip() + "\n\n" + block + "\n"
    path.write_text(updated, encoding="utf-8")


#: The repository's root: old engines are taken from its history.
ROOT = Path(__file__).resolve().parent.parent


def old_engine_src(commit: str, into: Path) -> Path:
    """The engine as it was at `commit`, unpacked under `into`; returns its ``src`` folder."""
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", commit, "src/partnering_engine"],
        capture_output=True,
        check=True,
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into / "src"


def run_with_engine(module: str, args: Sequence[str], engine_src: Path) -> dict[str, Any]:
    """Run ``python -m module args`` in a fresh process importing the engine from
    `engine_src` (this tree's or an old one); its last line of output is a JSON object."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(engine_src), str(ROOT)]))
    done = subprocess.run(
        [sys.executable, "-m", module, *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=True,
    )
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))
