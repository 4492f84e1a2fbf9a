"""B2B benchmark (Bofill et al., JAIR 2022): the all-required solver against published optima.

``python bench/b2b.py`` solves the three instances in ``../shared/anchors/b2b/`` (or
``$BENCH_B2B_DIR``) with every model/search variant below and prints one table row per run:
instance, published optimum, our breaks, status, proven lower bound, wall and CPU seconds,
and the load average at the start (the machine's 2 cores are shared, so wall time alone says
little). Options: ``--variants default,plain`` ``--instances tic-12`` ``--repeat 3``
``--time-limit 25`` ``--workers 2`` ``--seed 0``.

Variants (see ``docs/scheduling-b2b.md`` for what they mean and what they gave):

- ``default``: the solver as shipped (redundant interval constraints, no crowding cuts; two
  independent one-worker core-based searches in two threads sharing schedule and bound: the
  main one with one core at a time, the "prover" with light core minimisation).
- ``onesolve``: the second session's solver: crowding cuts on, one CP-SAT solve with two
  workers (core-based search next to CP-SAT's LNS helpers), default core parameters.
- ``cuts``: ``default`` with the crowding cuts.
- ``core1``: the same model, one core-based worker only.
- ``twocores``: the same model, two diversified core-based workers in one CP-SAT solve.
- ``plain``: the same variables without the redundant constraints, CP-SAT's default portfolio
  with its default LP (what a first time-indexed model does).
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path

from partnering_engine.io import read_dzn
from partnering_engine.solvers._cpsat_required import Strategy, solve_all_required
from partnering_engine.validate import validate_solution

B2B_DIR = Path(os.environ.get("BENCH_B2B_DIR", Path(__file__).resolve().parents[2] / "shared"))
FILES = {
    "tic-12": "tic-12.original.dzn",
    "forumt-14": "forumt-14.original.dzn",
    "forum-13crafb": "forum-13crafb.original.dzn",
}
#: Published optima (breaks, fairness d = 2).
OPTIMA = {"tic-12": 0, "forumt-14": 5, "forum-13crafb": 6}
VARIANTS: dict[str, tuple[Strategy, int | None]] = {
    "default": (Strategy(), None),
    "onesolve": (Strategy(extra=(), prover=None, crowding_cuts=True), None),
    "cuts": (Strategy(crowding_cuts=True), None),
    "core1": (Strategy(subsolvers=("core",)), 1),
    "twocores": (
        Strategy(subsolvers=("core", "core_b"), extra=(), prover=None, crowding_cuts=True),
        None,
    ),
    "plain": (
        Strategy(subsolvers=(), linearization_level=1, redundant=False, extra=(), prover=None),
        None,
    ),
}


def _path(name: str) -> Path:
    nested = B2B_DIR / "anchors" / "b2b" / FILES[name]
    return nested if nested.is_file() else B2B_DIR / FILES[name]


def _cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variants", default=",".join(VARIANTS))
    parser.add_argument("--instances", default=",".join(FILES))
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--time-limit", type=float, default=25.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)

    header = (
        "| instance | optimum | variant | breaks | status | lower bound | wall s | cpu s | load |"
    )
    print(header)
    print("|---" * (header.count("|") - 1) + "|")
    for name in args.instances.split(","):
        problem = read_dzn(_path(name))
        for variant in args.variants.split(","):
            strategy, workers = VARIANTS[variant]
            for run in range(args.repeat):
                load = os.getloadavg()[0]
                cpu_before, wall_before = _cpu_s(), time.monotonic()
                solution = solve_all_required(
                    problem,
                    time_limit_s=args.time_limit,
                    seed=args.seed + run,
                    workers=workers or args.workers,
                    strategy=strategy,
                )
                wall = time.monotonic() - wall_before
                cpu = _cpu_s() - cpu_before
                if solution.assignments and validate_solution(problem, solution):
                    print(f"{name}: INVALID schedule from {variant}", file=sys.stderr)
                    return 1
                breaks = solution.objective.get("gaps")
                shown = "-" if breaks is None else f"{breaks:.0f}"
                print(
                    f"| {name} | {OPTIMA[name]} | {variant} | {shown} | {solution.status} "
                    f"| {solution.bound.get('gaps', 0):.0f} | {wall:.1f} | {cpu:.1f} "
                    f"| {load:.1f} |",
                    flush=True,
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
