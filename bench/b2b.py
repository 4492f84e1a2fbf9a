"""B2B benchmark (Bofill et al., JAIR 2022): every instance, proven optimal within the limit?

``python -m bench b2b`` solves all twenty instances of the benchmark (fairness d = 2) with the
all-required solver as shipped (``new``: CP-SAT core search next to the incremental SAT search)
and as it was before the SAT search (``old``: the two CP-SAT core searches, main + prover),
each on a **quiet** machine and **loaded** by a second CPU-bound process this bench starts
(a busy Python loop), for several seeds, new and old interleaved so that they
see the same load. The machine's other users are not under our control: every figure comes
with the 1-minute load average at its start.

Instances: the ten in ``../shared/anchors/b2b/`` (or ``$BENCH_B2B_DIR``), with published
optima, and the other ten of the benchmark in ``bench/data/b2b/`` (see its README for the
source); their optima are what we prove. Options: ``--instances tic-12,forum-13crafb``
``--seeds 0,1,2`` ``--time-limit 25`` ``--conditions quiet,loaded`` ``--variants new,old``
``--no-store``.

One line per run on stderr; the table (per instance: optimum found, proven runs, slowest
wall time per condition and variant) on stdout, stored in ``bench/results/b2b.json`` and the
``b2b`` section of ``bench/RESULTS.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench.measure import conditions, markdown_table, second_process, write_section

STORE = Path(__file__).with_name("results") / "b2b.json"
_HERE = Path(__file__).resolve()
#: ``../shared`` beside the checkout, or beside the folder of worktrees (``wt/<name>``).
SHARED_DIR = Path(
    os.environ.get(
        "BENCH_B2B_DIR",
        next(
            (d / "shared" for d in (_HERE.parents[2], _HERE.parents[3]) if (d / "shared").is_dir()),
            _HERE.parents[2] / "shared",
        ),
    )
)
OWN_DIR = Path(__file__).with_name("data") / "b2b"
#: Published optima (breaks, fairness d = 2) of the ten shared instances.
OPTIMA = {
    "tic-12": 0,
    "tic-13": 0,
    "tic-14crafa": 0,
    "ticf-13crafb": 3,
    "ticf-14crafa": 0,
    "forumt-14": 5,
    "forumt-14crafc": 5,
    "forum-14": 2,
    "forum-13crafb": 6,
    "forum-13crafc": 1,
}
#: The other ten instances of the benchmark (bench/data/b2b/).
OTHERS = (
    "forum-13",
    "forumt-14crafd",
    "forumt-14crafe",
    "tic-12crafc",
    "tic-13crafb",
    "tic-13crafc",
    "tic-14crafc",
    "tic-14crafd",
    "ticf-13crafa",
    "ticf-13crafc",
)
INSTANCES = (*OPTIMA, *OTHERS)
VARIANTS = ("new", "old")


def path_of(name: str) -> Path:
    """The .dzn file of a benchmark instance."""
    file = f"{name}.original.dzn"
    for folder in (SHARED_DIR / "anchors" / "b2b", SHARED_DIR, OWN_DIR):
        if (folder / file).is_file():
            return folder / file
    raise FileNotFoundError(f"{file} is in none of {SHARED_DIR}, {OWN_DIR}")


def _cpu_s() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def run_once(name: str, variant: str, seed: int, time_limit_s: float) -> dict[str, Any]:
    from partnering_engine.io import read_dzn
    from partnering_engine.solvers._cpsat_required import Strategy, solve_all_required
    from partnering_engine.types import Status
    from partnering_engine.validate import validate_solution

    problem = read_dzn(path_of(name))
    strategy = Strategy() if variant == "new" else Strategy(sat=False)
    load = os.getloadavg()[0]
    cpu_before, wall_before = _cpu_s(), time.monotonic()
    solution = solve_all_required(
        problem, time_limit_s=time_limit_s, seed=seed, workers=2, strategy=strategy
    )
    wall = time.monotonic() - wall_before
    cpu = _cpu_s() - cpu_before
    if solution.assignments and validate_solution(problem, solution):
        raise AssertionError(f"{name}: invalid schedule from {variant}, seed {seed}")
    gaps = solution.objective.get("gaps")
    return {
        "gaps": None if gaps is None else round(gaps),
        "bound": round(solution.bound.get("gaps", 0)),
        "optimal": solution.status is Status.OPTIMAL,
        "status": str(solution.status),
        "wall_s": round(wall, 2),
        "cpu_s": round(cpu, 2),
        "load": round(load, 2),
        "found_by": solution.stats.get("schedule_from"),
    }


def bench_instance(
    name: str, seeds: Sequence[int], limit: float, conds: Sequence[str], variants: Sequence[str]
) -> dict[str, Any]:
    runs: list[dict[str, Any]] = []
    for condition in conds:
        with second_process(condition == "loaded"):
            for seed in seeds:
                for variant in variants:
                    row = run_once(name, variant, seed, limit)
                    row.update(condition=condition, variant=variant, seed=seed)
                    runs.append(row)
                    print(
                        f"  {name} {condition} {variant} seed {seed}: {row['gaps']} "
                        f"(bound {row['bound']}, {row['status']}) {row['wall_s']:.1f} s, "
                        f"{row['cpu_s']:.1f} CPU s, load {row['load']:.1f}",
                        file=sys.stderr,
                        flush=True,
                    )
    return {"instance": name, "time_limit_s": limit, "runs": runs, "conditions": conditions()}


def _cell(runs: list[dict[str, Any]], limit: float) -> str:
    if not runs:
        return "–"
    proven = [r for r in runs if r["optimal"]]
    loads = [r["load"] for r in runs]
    load = f"load {min(loads):.1f}–{max(loads):.1f}"
    if len(proven) == len(runs):
        return f"{max(r['wall_s'] for r in runs):.1f} s ({load})"
    missed = ", ".join(
        f"{'none' if r['gaps'] is None else r['gaps']} ≥ {r['bound']}"
        for r in runs
        if not r["optimal"]
    )
    return f"**{len(proven)}/{len(runs)}** in {limit:g} s [{missed}] ({load})"


def render(entries: list[dict[str, Any]]) -> str:
    headers = [
        "instance",
        "published optimum",
        "optimum found",
        "proven (runs)",
        "new, quiet",
        "new, loaded",
        "old, quiet",
        "old, loaded",
    ]
    rows: list[list[str]] = []
    for entry in entries:
        runs = entry["runs"]
        limit = entry["time_limit_s"]
        proven = [r for r in runs if r["optimal"]]
        found = sorted({r["gaps"] for r in proven})
        new = [r for r in runs if r["variant"] == "new"]
        cells = [
            _cell([r for r in runs if r["variant"] == v and r["condition"] == c], limit)
            for v in ("new", "old")
            for c in ("quiet", "loaded")
        ]
        rows.append(
            [
                entry["instance"],
                str(OPTIMA.get(entry["instance"], "–")),
                ", ".join(map(str, found)) or "–",
                f"{sum(r['optimal'] for r in new)}/{len(new)} new, "
                f"{len(proven) - sum(r['optimal'] for r in new)}/{len(runs) - len(new)} old",
                *cells,
            ]
        )
    return markdown_table(headers, rows)


def _stored() -> dict[str, Any]:
    if STORE.exists():
        data: dict[str, Any] = json.loads(STORE.read_text(encoding="utf-8"))
        return data
    return {}


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench b2b", description=__doc__)
    parser.add_argument("--instances", default=",".join(INSTANCES))
    parser.add_argument("--seeds", default="0,1")
    parser.add_argument("--time-limit", type=float, default=25.0)
    parser.add_argument("--conditions", default="quiet,loaded")
    parser.add_argument("--variants", default=",".join(VARIANTS))
    parser.add_argument("--no-store", action="store_true")
    parser.add_argument("--render", action="store_true", help="only rewrite RESULTS.md")
    args = parser.parse_args(list(argv))
    names = args.instances.split(",")
    unknown = [n for n in names if n not in INSTANCES]
    if unknown:
        parser.error(f"unknown instance(s) {', '.join(unknown)}; known: {', '.join(INSTANCES)}")
    stored = _stored()
    if not args.render:
        seeds = [int(s) for s in args.seeds.split(",")]
        for name in names:
            entry = bench_instance(
                name, seeds, args.time_limit, args.conditions.split(","), args.variants.split(",")
            )
            print(render([entry]), flush=True)
            if not args.no_store:
                stored[name] = entry
                STORE.parent.mkdir(exist_ok=True)
                STORE.write_text(json.dumps(stored, indent=1, sort_keys=True), encoding="utf-8")
    if not args.no_store:
        ordered = [stored[n] for n in INSTANCES if n in stored]
        write_section(
            "b2b",
            "## B2B benchmark (all-required, fairness d = 2)\n\n"
            "Produced by `python -m bench b2b` (see `bench/b2b.py`). Times are the slowest "
            "wall time over the seeds of runs that were proven optimal; a bold n/m is how "
            "many runs were proven optimal within the limit, with [breaks found ≥ bound "
            "proven] of the others. `loaded`: a second CPU-bound "
            "process ran beside the solver; the load average (1 min) at the start of the "
            "runs is in each cell, as the 2 cores are shared with other engineers' work. "
            "`old` is the solver before the SAT search (CP-SAT main + prover core searches).\n\n"
            + render(ordered),
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
