"""Scheduling benchmark: greedy vs our solvers vs the proven bound, in one run.

``python -m bench scheduling`` runs every instance; ``python -m bench scheduling summit
bio_europe`` runs some (names below); ``--time-scale 0.2`` shortens every time limit (a quick
look, not the reported numbers). Instances: the generator presets ``summit``, ``bio_europe``,
``bio_intl`` (seed 1) and three B2B benchmark files in ``../shared/anchors/b2b/`` (or
``$BENCH_B2B_DIR``) against greedy; ``b2b`` (also part of a full run) is the whole B2B
benchmark, all twenty instances, quiet and loaded, new and old solver (`bench.b2b`, its own
table and section of ``bench/RESULTS.md``).

Per instance and solver, each in its own process (so peak memory is that run's own): status,
scheduled meetings and weight, % of the proven weight bound, idle gaps and gaps as % of greedy
(request order), participants with a schedulable request left with no meeting, the lowest
share of requests served, the solver's own wall time (greedy: the whole run, with reading
and evaluating), peak RSS of the run's process and its children, cores. The bound is the
best (lowest upper / highest lower) proven bound any run reported, or `compute_bound`'s when
none did.

Results accumulate in ``bench/results/scheduling.json`` (one entry per instance, replaced when
the instance is run again), and the scheduling section of ``bench/RESULTS.md`` is rendered
from all stored entries with the conditions of each run.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.measure import conditions, markdown_table, run_isolated, write_section

STORE = Path(__file__).with_name("results") / "scheduling.json"
B2B_DIR = Path(os.environ.get("BENCH_B2B_DIR", Path(__file__).resolve().parents[2] / "shared"))
B2B_FILES = {
    "tic-12": "tic-12.original.dzn",
    "forumt-14": "forumt-14.original.dzn",
    "forum-13crafb": "forum-13crafb.original.dzn",
}
#: Published optima (breaks, fairness d = 2) of the B2B instances (Bofill et al., JAIR 2022).
B2B_OPTIMA = {"tic-12": 0, "forumt-14": 5, "forum-13crafb": 6}
SEED = 1


@dataclass(frozen=True)
class Instance:
    name: str
    solvers: tuple[str, ...]
    time_limit_s: float

    def source(self) -> str:
        if self.name in B2B_FILES:
            return str(_b2b_dir() / B2B_FILES[self.name])
        return f"preset:{self.name}"


INSTANCES = (
    Instance("summit", ("cpsat", "lns"), 60.0),
    Instance("tic-12", ("cpsat",), 25.0),
    Instance("forumt-14", ("cpsat",), 25.0),
    Instance("forum-13crafb", ("cpsat",), 25.0),
    Instance("bio_europe", ("auto",), 300.0),
    Instance("bio_intl", ("auto",), 600.0),
)


def _b2b_dir() -> Path:
    nested = B2B_DIR / "anchors" / "b2b"
    return nested if nested.is_dir() else B2B_DIR


def load(source: str) -> Any:
    """The problem named by `source` (``preset:NAME`` or a file path)."""
    if source.startswith("preset:"):
        from partnering_engine.generate import generate_problem

        return generate_problem(source.removeprefix("preset:"), seed=SEED)
    from partnering_engine.io import read_problem

    return read_problem(Path(source))


def _summary(problem: Any, solution: Any) -> dict[str, Any]:
    from partnering_engine.metrics import evaluate
    from partnering_engine.validate import validate_solution

    evaluation = evaluate(problem, solution.assignments)
    return {
        "status": str(solution.status),
        "scheduled": evaluation.scheduled,
        "meetings": len(problem.meetings),
        "weight": evaluation.weight,
        "gaps": evaluation.gaps,
        "unserved": evaluation.unserved,
        "min_share": evaluation.min_share,
        "violations": len(validate_solution(problem, solution)),
        "bound": dict(solution.bound),
        "mode": str(problem.mode),
    }


def run_greedy(source: str, order: str) -> dict[str, Any]:
    """Greedy in `order` ("request" or "weight") on the instance."""
    from partnering_engine.solvers.greedy import GreedySolver

    problem = load(source)
    solution = GreedySolver(order=order).solve(problem, time_limit_s=60.0, seed=0)
    return _summary(problem, solution)


def run_solver(source: str, name: str, time_limit_s: float) -> dict[str, Any]:
    """Registered solver `name` on the instance, 2 workers, seed 0."""
    from partnering_engine.solvers import get_solver

    problem = load(source)
    solution = get_solver(name).solve(problem, time_limit_s=time_limit_s, seed=0, workers=2)
    summary = _summary(problem, solution)
    summary["choice"] = solution.stats.get("auto_choice")
    summary["solve_s"] = solution.stats.get("wall_s")
    return summary


def run_bound(source: str) -> dict[str, Any]:
    """`compute_bound` of the instance."""
    from partnering_engine.bound import compute_bound

    return dict(compute_bound(load(source), time_limit_s=120.0))


def bench_instance(instance: Instance, time_scale: float) -> dict[str, Any]:
    source = instance.source()
    rows: list[dict[str, Any]] = []
    runs: list[tuple[str, Any, tuple[Any, ...]]] = [
        ("greedy (request order)", run_greedy, (source, "request")),
        ("greedy (weight order)", run_greedy, (source, "weight")),
    ]
    limit = instance.time_limit_s * time_scale
    for name in instance.solvers:
        runs.append((name, run_solver, (source, name, limit)))
    for label, function, args in runs:
        print(f"  {instance.name}: {label} ...", file=sys.stderr, flush=True)
        try:
            summary, wall, peak = run_isolated(function, *args)
        except Exception as error:  # a broken solver is a row of the table, not a crash
            print(f"  {instance.name}: {label} failed: {error!r}", file=sys.stderr, flush=True)
            continue
        summary.update(solver=label, wall_s=round(wall, 2), peak_mb=round(peak, 1))
        rows.append(summary)
        print(
            f"  {instance.name}: {label}: weight {summary['weight']:g}, gaps {summary['gaps']},"
            f" {wall:.1f} s, {peak:.0f} MiB",
            file=sys.stderr,
            flush=True,
        )
    bound = _best_bound(rows)
    if not bound:
        bound, wall, _ = run_isolated(run_bound, source)
        bound = {key: float(value) for key, value in bound.items()}
    return {
        "instance": instance.name,
        "source": source if not source.startswith("/") else Path(source).name,
        "time_limit_s": limit,
        "bound": bound,
        "rows": rows,
        "conditions": conditions(),
    }


def _best_bound(rows: list[dict[str, Any]]) -> dict[str, float]:
    best: dict[str, float] = {}
    for row in rows:
        for key, value in row["bound"].items():
            if key == "weight":
                best[key] = min(best.get(key, float("inf")), float(value))
            elif key == "gaps":
                best[key] = max(best.get(key, float("-inf")), float(value))
    return best


def render(entries: list[dict[str, Any]]) -> str:
    headers = [
        "instance",
        "solver",
        "status",
        "scheduled",
        "weight",
        "% of bound",
        "gaps",
        "gaps % of greedy",
        "unserved",
        "min share",
        "solve s",
        "peak MiB",
        "cores",
        "valid",
    ]
    table: list[list[str]] = []
    for entry in entries:
        bound = entry["bound"]
        greedy_gaps = entry["rows"][0]["gaps"]
        cores = str(entry["conditions"]["cores"])
        for row in entry["rows"]:
            if "weight" in bound and bound["weight"] > 0:
                share = f"{100 * row['weight'] / bound['weight']:.3f}%"
            elif "gaps" in bound:
                share = f"gaps ≥ {bound['gaps']:g}"
            else:
                share = "—"
            solver = row["solver"] + (f" → {row['choice']}" if row.get("choice") else "")
            table.append(
                [
                    entry["instance"],
                    solver,
                    row["status"],
                    f"{row['scheduled']}/{row['meetings']}",
                    f"{row['weight']:g}",
                    share,
                    str(row["gaps"]),
                    f"{100 * row['gaps'] / greedy_gaps:.1f}%"
                    if greedy_gaps and row["violations"] == 0
                    else "—",
                    str(row["unserved"]),
                    f"{row['min_share']:.3f}",
                    f"{row.get('solve_s') or row['wall_s']:.1f}",
                    f"{row['peak_mb']:.0f}",
                    cores,
                    "yes" if row["violations"] == 0 else f"{row['violations']} violations",
                ]
            )
    return markdown_table(headers, table)


def render_conditions(entries: list[dict[str, Any]]) -> str:
    lines = []
    for entry in entries:
        c = entry["conditions"]
        bound = ", ".join(f"{k} {v:g}" for k, v in entry["bound"].items()) or "none"
        extra = ""
        if entry["instance"] in B2B_OPTIMA:
            extra = f"; published optimum {B2B_OPTIMA[entry['instance']]} breaks"
        lines.append(
            f"- `{entry['instance']}` ({entry['source']}): time limit {entry['time_limit_s']:g} s,"
            f" bound {bound}{extra}; run {c['date']}, {c['cores']} cores, load (1/5/15 min)"
            f" {c['load_1_5_15']}, Python {c['python']}, OR-Tools {c['ortools']}"
        )
    return "\n".join(lines)


def _stored() -> dict[str, Any]:
    if STORE.exists():
        data: dict[str, Any] = json.loads(STORE.read_text(encoding="utf-8"))
        return data
    return {}


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench scheduling", description=__doc__)
    names = [i.name for i in INSTANCES]
    parser.add_argument("instances", nargs="*", metavar="INSTANCE", help=", ".join([*names, "b2b"]))
    parser.add_argument("--time-scale", type=float, default=1.0, help="multiply time limits")
    parser.add_argument(
        "--no-store", action="store_true", help="print only; leave results/ and RESULTS.md"
    )
    parser.add_argument(
        "--render", action="store_true", help="only rewrite RESULTS.md from stored results"
    )
    args = parser.parse_args(list(argv))
    wants_b2b = "b2b" in args.instances
    run_b2b = not args.render and (wants_b2b or not args.instances)
    args.instances = [n for n in args.instances if n != "b2b"]
    unknown = [n for n in args.instances if n not in names]
    if unknown:
        parser.error(f"unknown instance(s) {', '.join(unknown)}; known: {', '.join(names)}")
    chosen = [i for i in INSTANCES if not args.instances or i.name in args.instances]
    if args.render or (wants_b2b and not args.instances):
        chosen = []
    stored = _stored()
    fresh: list[dict[str, Any]] = []
    for instance in chosen:
        entry = bench_instance(instance, args.time_scale)
        fresh.append(entry)
        print(render([entry]), flush=True)
        if not args.no_store:
            stored[instance.name] = entry
            STORE.parent.mkdir(exist_ok=True)
            STORE.write_text(json.dumps(stored, indent=1, sort_keys=True), encoding="utf-8")
    if not args.no_store:
        ordered = [stored[n] for n in names if n in stored]
        write_section(
            "scheduling",
            "## Scheduling\n\n"
            "Produced by `python -m bench scheduling` (see `bench/scheduling.py`). Gaps % is "
            "against greedy in request order (first come, first served); unserved counts "
            "participants with a schedulable request and no meeting; a row that is not a valid "
            "schedule (greedy or a failed solve in all-required mode) gets no gaps %. The load "
            "in the conditions is the machine's at the end of each instance's runs (2 cores "
            "shared with other work).\n\n"
            + render(ordered)
            + "\n\nConditions:\n\n"
            + render_conditions(ordered),
        )
    if run_b2b:
        from bench import b2b

        return b2b.main(["--no-store"] if args.no_store else [])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
