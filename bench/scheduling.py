"""Scheduling benchmark: greedy vs our solvers vs the proven bound, in one run.

``python -m bench scheduling`` runs every instance; ``python -m bench scheduling summit
bio_europe`` runs some (names below); ``--time-scale 0.2`` shortens every time limit (a quick
look, not the reported numbers). Instances: the generator presets ``summit``, ``bio_europe``,
``bio_intl`` (seed 1) and three B2B benchmark files in ``../shared/anchors/b2b/`` (or
``$BENCH_B2B_DIR``) against greedy; ``--loaded`` runs them with a second CPU-bound process
beside them (stored next to the quiet runs, not over them); ``b2b`` (also part of a full
run) is the whole B2B benchmark, all twenty instances, quiet and loaded, new and old solver
(`bench.b2b`, its own table and section of ``bench/RESULTS.md``).

Per instance and solver, each in its own process (so peak memory is that run's own): status,
scheduled meetings and weight, % of the proven weight bound, idle gaps and gaps as % of greedy
(request order), participants with a schedulable request left with no meeting, the lowest
share of requests served, the solver's own wall time (greedy: the whole run, with reading
and evaluating), peak RSS of the run's process and its children, cores. The bound is the
best (lowest upper / highest lower) proven bound any run reported, or `compute_bound`'s when
none did. Every row records the 1-minute load average at its start and end.

The large instances carry issue 12's targets (`Target`): ``summit`` proven optimal with gaps
at most 20% of heaviest-first (weight-order) greedy's in 60 s, ``bio_europe`` at least
99.95% of the bound with gaps at most 10% of that greedy's in 300 s, ``bio_intl`` at least
99.95% in 600 s and 8 GiB; a second table says for each solver row which it meets.

Results accumulate in ``bench/results/scheduling.json`` (one entry per instance, and condition,
replaced when run again), and the scheduling section of ``bench/RESULTS.md`` is rendered
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

from bench.measure import (
    conditions,
    markdown_table,
    run_isolated,
    second_process,
    write_section,
)

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
CONDITIONS = ("quiet", "loaded")


@dataclass(frozen=True)
class Target:
    """Issue 12's limits for a large event, checked on every solver row of the instance.

    Gaps are compared with heaviest-first (weight-order) greedy's in the same run; time is
    the solver's own wall time; memory the peak RSS of the run's process and its children.
    """

    max_solve_s: float
    optimal: bool = False
    min_bound_pct: float | None = None
    max_gaps_pct: float | None = None
    max_peak_mib: float | None = None


@dataclass(frozen=True)
class Instance:
    name: str
    solvers: tuple[str, ...]
    time_limit_s: float
    target: Target | None = None

    def source(self) -> str:
        if self.name in B2B_FILES:
            return str(_b2b_dir() / B2B_FILES[self.name])
        return f"preset:{self.name}"


INSTANCES = (
    Instance("summit", ("cpsat", "lns"), 60.0, Target(60.0, optimal=True, max_gaps_pct=20.0)),
    Instance("tic-12", ("cpsat",), 25.0),
    Instance("forumt-14", ("cpsat",), 25.0),
    Instance("forum-13crafb", ("cpsat",), 25.0),
    Instance("bio_europe", ("auto",), 300.0, Target(300.0, min_bound_pct=99.95, max_gaps_pct=10.0)),
    Instance("bio_intl", ("auto",), 600.0, Target(600.0, min_bound_pct=99.95, max_peak_mib=8192)),
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


def bench_instance(
    instance: Instance, time_scale: float, condition: str = "quiet"
) -> dict[str, Any]:
    with second_process(condition == "loaded"):
        entry = _bench_instance(instance, time_scale)
    entry["condition"] = condition
    return entry


def _bench_instance(instance: Instance, time_scale: float) -> dict[str, Any]:
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
        load_start = os.getloadavg()[0]
        print(
            f"  {instance.name}: {label} (load {load_start:.2f}) ...", file=sys.stderr, flush=True
        )
        try:
            summary, wall, peak = run_isolated(function, *args)
        except Exception as error:  # a broken solver is a row of the table, not a crash
            print(f"  {instance.name}: {label} failed: {error!r}", file=sys.stderr, flush=True)
            continue
        load_end = os.getloadavg()[0]
        summary.update(
            solver=label,
            wall_s=round(wall, 2),
            peak_mb=round(peak, 1),
            load_start=round(load_start, 2),
            load_end=round(load_end, 2),
        )
        rows.append(summary)
        print(
            f"  {instance.name}: {label}: weight {summary['weight']:g}, gaps {summary['gaps']},"
            f" {wall:.1f} s, {peak:.0f} MiB, load {load_end:.2f}",
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


def _condition(entry: dict[str, Any]) -> str:
    return str(entry.get("condition", "quiet"))


def _load_of(entry: dict[str, Any], row: dict[str, Any]) -> str:
    """The 1-minute load at the row's start and end (older entries: the instance's end)."""
    if "load_start" in row:
        return f"{row['load_start']:.1f} → {row['load_end']:.1f}"
    return f"{entry['conditions']['load_1_5_15'][0]:.1f} at the end"


def _solve_s(row: dict[str, Any]) -> float:
    return float(row.get("solve_s") or row["wall_s"])


def render(entries: list[dict[str, Any]]) -> str:
    headers = [
        "instance",
        "condition",
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
        "load (1 min)",
        "valid",
    ]
    table: list[list[str]] = []
    for entry in entries:
        bound = entry["bound"]
        greedy_gaps = entry["rows"][0]["gaps"]
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
                    _condition(entry),
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
                    f"{_solve_s(row):.1f}",
                    f"{row['peak_mb']:.0f}",
                    _load_of(entry, row),
                    "yes" if row["violations"] == 0 else f"{row['violations']} violations",
                ]
            )
    return markdown_table(headers, table)


def _verdict(ok: bool, text: str) -> str:
    return f"{'yes' if ok else '**NO**'} ({text})"


def target_checks(entry: dict[str, Any], target: Target) -> list[dict[str, Any]]:
    """For each solver row of `entry`: each of `target`'s limits, met or not, with the value."""
    heaviest = next(r for r in entry["rows"] if r["solver"] == "greedy (weight order)")
    bound = entry["bound"].get("weight")
    out = []
    for row in entry["rows"]:
        if row["solver"].startswith("greedy"):
            continue
        valid = row["violations"] == 0
        checks: dict[str, str] = {}
        met = valid
        if target.optimal:
            ok = valid and row["status"] == "optimal"
            checks["weight"] = _verdict(ok, f"{row['status']}")
            met &= ok
        if target.min_bound_pct is not None:
            pct = 100 * row["weight"] / bound if bound else 0.0
            ok = valid and pct >= target.min_bound_pct
            checks["weight"] = _verdict(ok, f"{pct:.3f}%, at least {target.min_bound_pct:g}%")
            met &= ok
        if target.max_gaps_pct is not None:
            pct = 100 * row["gaps"] / max(heaviest["gaps"], 1)
            ok = valid and pct <= target.max_gaps_pct
            checks["gaps"] = _verdict(
                ok,
                f"{row['gaps']}/{heaviest['gaps']} = {pct:.1f}%, at most {target.max_gaps_pct:g}%",
            )
            met &= ok
        ok = _solve_s(row) <= target.max_solve_s
        checks["time"] = _verdict(ok, f"{_solve_s(row):.1f} s, at most {target.max_solve_s:g} s")
        met &= ok
        if target.max_peak_mib is not None:
            ok = row["peak_mb"] <= target.max_peak_mib
            checks["memory"] = _verdict(
                ok, f"{row['peak_mb']:.0f} MiB, at most {target.max_peak_mib:g} MiB"
            )
            met &= ok
        out.append({"row": row, "checks": checks, "met": met and valid})
    return out


def render_targets(entries: list[dict[str, Any]]) -> str:
    headers = [
        "instance",
        "condition",
        "solver",
        "load (1 min)",
        "weight target",
        "gaps target (vs heaviest-first greedy)",
        "time target",
        "memory target",
        "meets all",
    ]
    targets = {i.name: i.target for i in INSTANCES if i.target is not None}
    table: list[list[str]] = []
    for entry in entries:
        target = targets.get(entry["instance"])
        if target is None:
            continue
        for check in target_checks(entry, target):
            row, checks = check["row"], check["checks"]
            solver = row["solver"] + (f" → {row['choice']}" if row.get("choice") else "")
            table.append(
                [
                    entry["instance"],
                    _condition(entry),
                    solver,
                    _load_of(entry, row),
                    checks.get("weight", "—"),
                    checks.get("gaps", "—"),
                    checks["time"],
                    checks.get("memory", "—"),
                    "yes" if check["met"] else "**NO**",
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
            f"- `{entry['instance']}`, {_condition(entry)} ({entry['source']}):"
            f" time limit {entry['time_limit_s']:g} s,"
            f" bound {bound}{extra}; run {c['date']}, {c['cores']} cores, load (1/5/15 min)"
            f" {c['load_1_5_15']}, Python {c['python']}, OR-Tools {c['ortools']}"
        )
    return "\n".join(lines)


def _key(name: str, condition: str) -> str:
    """Where a run is stored: the quiet run under the instance's name (as before conditions
    were recorded), the loaded one beside it."""
    return name if condition == "quiet" else f"{name}, {condition}"


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
    parser.add_argument(
        "--loaded",
        action="store_true",
        help="run beside a second CPU-bound process (stored next to the quiet runs)",
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
    condition = "loaded" if args.loaded else "quiet"
    for instance in chosen:
        entry = bench_instance(instance, args.time_scale, condition)
        fresh.append(entry)
        print(render([entry]), flush=True)
        if instance.target is not None:
            print(render_targets([entry]), flush=True)
        if not args.no_store:
            stored[_key(instance.name, condition)] = entry
            STORE.parent.mkdir(exist_ok=True)
            STORE.write_text(json.dumps(stored, indent=1, sort_keys=True), encoding="utf-8")
    if not args.no_store:
        keys = [_key(n, c) for n in names for c in CONDITIONS]
        ordered = [stored[k] for k in keys if k in stored]
        write_section(
            "scheduling",
            "## Scheduling\n\n"
            "Produced by `python -m bench scheduling` (see `bench/scheduling.py`). Gaps % is "
            "against greedy in request order (first come, first served); unserved counts "
            "participants with a schedulable request and no meeting; a row that is not a valid "
            "schedule (greedy or a failed solve in all-required mode) gets no gaps %. The load "
            "is the machine's 1-minute load average at the start and end of each run (2 cores "
            "shared with other work; older rows: at the end of the instance's runs).\n\n"
            + render(ordered)
            + "\n\nIssue 12's targets for the large events, per solver row above: yes or "
            "**NO** with the measured value (gaps against heaviest-first greedy in the same "
            "run, time the solver's own, memory the run's peak RSS). `quiet`: nothing added "
            "by the bench (the machine's other users may still be running, see the load); "
            "`loaded`: a second CPU-bound process (a busy Python loop) ran beside every run."
            "\n\n" + render_targets(ordered) + "\n\nConditions:\n\n" + render_conditions(ordered),
        )
    if run_b2b:
        from bench import b2b

        return b2b.main(["--no-store"] if args.no_store else [])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
