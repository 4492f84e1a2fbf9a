"""Sub-commands of `partnering-engine` for scheduling: solve, validate, bound, generate.

Exit codes: 0 success; 1 a schedule that is not valid (``validate``) or no valid schedule
found (``solve``); 2 bad input (raised as `EngineError` and reported by `cli.main`).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import time
from typing import Any, TextIO

from partnering_engine.cli._arguments import bounded_int, seconds
from partnering_engine.errors import InputError
from partnering_engine.metrics import Evaluation, evaluate
from partnering_engine.solvers import Progress, get_solver, solver_names
from partnering_engine.types import Mode, Problem, Solution, Status
from partnering_engine.validate import validate_solution

__all__ = ["add_commands"]

#: CP-SAT takes a 32-bit seed.
MAX_SEED = 2**31 - 1


def add_commands(subparsers: argparse._SubParsersAction[Any]) -> None:
    """Add ``solve``, ``validate``, ``bound`` and ``generate``."""
    solve = subparsers.add_parser(
        "solve",
        help="schedule a problem (.json or B2B .dzn) and write the schedule as JSON",
        description="Schedule a problem and write the schedule, after validating it.",
    )
    solve.add_argument("problem", help="problem file (.json, or a B2B benchmark .dzn)")
    solve.add_argument(
        "--solver",
        default="auto",
        help=f"solver name, one of: {', '.join(solver_names())} (default: auto)",
    )
    solve.add_argument("--time-limit", type=seconds, default=60.0, metavar="S", help="seconds")
    solve.add_argument("--seed", type=bounded_int(0, MAX_SEED), default=0, metavar="N")
    solve.add_argument(
        "--workers", type=bounded_int(1, 256), default=2, metavar="N", help="threads to use"
    )
    _add_fairness(solve)
    solve.add_argument("--out", required=True, metavar="SCHEDULE.json")
    solve.add_argument("--quiet", action="store_true", help="no progress on stderr")
    solve.set_defaults(handler=run_solve)

    validate = subparsers.add_parser(
        "validate",
        help="check a schedule against its problem (exit 1 listing violations)",
        description="Check a schedule against its problem; exit 1 listing every violation.",
    )
    validate.add_argument("problem")
    validate.add_argument("schedule")
    _add_fairness(validate)
    validate.set_defaults(handler=run_validate)

    bound = subparsers.add_parser(
        "bound",
        help="print proven bounds of a problem's objective as JSON",
        description="Print proven bounds: weight (upper, weighted mode), gaps (lower).",
    )
    bound.add_argument("problem")
    bound.add_argument("--time-limit", type=seconds, default=60.0, metavar="S")
    _add_fairness(bound)
    bound.set_defaults(handler=run_bound)

    from partnering_engine.generate import PRESETS

    generate = subparsers.add_parser(
        "generate",
        help="write a realistic synthetic problem",
        description="Write a realistic synthetic problem (deterministic by seed).",
    )
    generate.add_argument("--preset", required=True, choices=sorted(PRESETS))
    generate.add_argument("--seed", type=bounded_int(0, MAX_SEED), default=0, metavar="N")
    generate.add_argument("--out", required=True, metavar="FILE.json")
    generate.add_argument(
        "--survey-out", metavar="SURVEY.csv", help="also write a matching survey (csv or xlsx)"
    )
    generate.set_defaults(handler=run_generate)


def _add_fairness(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--fairness-d",
        type=bounded_int(0, 10_000),
        default=None,
        metavar="D",
        help="all-required mode: gap counts of any two participants differ by at most D "
        "(default: the problem's own; 2 for .dzn files)",
    )


def _load(path: str, fairness_d: int | None) -> Problem:
    from partnering_engine.io import read_problem

    if path.lower().endswith(".dzn"):
        return read_problem(path, fairness_d=2 if fairness_d is None else fairness_d)
    problem = read_problem(path)
    if fairness_d is None:
        return problem
    if problem.mode is not Mode.ALL_REQUIRED:
        raise InputError("--fairness-d", f"{path} is not in all_required mode")
    return dataclasses.replace(problem, fairness_d=fairness_d)


class _ProgressPrinter:
    """Progress lines on stderr, at most one a second unless the phase changes."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.last_print = -1e9
        self.last_phase = ""

    def __call__(self, report: Progress) -> None:
        now = time.monotonic()
        if report.phase == self.last_phase and now - self.last_print < 1.0:
            return
        self.last_print, self.last_phase = now, report.phase
        parts = [f"[{report.elapsed_s:7.1f}s] {report.phase}"]
        if report.scheduled is not None:
            parts.append(f"scheduled {report.scheduled}")
        if report.weight is not None:
            parts.append(f"weight {report.weight:g}")
        if report.bound is not None:
            parts.append(f"bound {report.bound:g}")
        if report.gap is not None:
            parts.append(f"gap {100 * report.gap:.2f}%")
        if report.message:
            parts.append(report.message)
        print(", ".join(parts), file=self.stream, flush=True)


def _summary(problem: Problem, solution: Solution, evaluation: Evaluation) -> str:
    total = len(problem.meetings)
    text = f"{evaluation.scheduled} of {total} meetings scheduled"
    if problem.mode is Mode.WEIGHTED:
        text += f", weight {evaluation.weight:g}"
        if "weight" in solution.bound and solution.bound["weight"] > 0:
            share = 100 * evaluation.weight / solution.bound["weight"]
            text += f" (bound {solution.bound['weight']:g}, {share:.2f}%)"
    text += f", gaps {evaluation.gaps}"
    if "gaps" in solution.bound:
        text += f" (bound {solution.bound['gaps']:g})"
    text += f", min share {evaluation.min_share:.2f}, unserved {evaluation.unserved}"
    if problem.pins:
        text += f", moved {evaluation.moved}"
    return text


def run_solve(args: argparse.Namespace) -> int:
    from partnering_engine.io import write_solution

    solver = get_solver(args.solver)
    problem = _load(args.problem, args.fairness_d)
    printer = None if args.quiet else _ProgressPrinter(sys.stderr)
    solution = solver.solve(
        problem,
        time_limit_s=args.time_limit,
        seed=args.seed,
        workers=args.workers,
        progress=printer,
    )
    violations = validate_solution(problem, solution)
    evaluation = evaluate(problem, solution.assignments)
    claims_valid = solution.status in (Status.OPTIMAL, Status.FEASIBLE)
    if claims_valid and violations:
        print(
            f"{solver.name} returned an invalid schedule (status {solution.status.value}); "
            f"not written. Violations:",
            file=sys.stderr,
        )
        for violation in violations:
            print(violation, file=sys.stderr)
        return 1
    write_solution(args.out, solution)
    wall = solution.stats.get("wall_s")
    timing = f" in {wall:.1f} s" if isinstance(wall, int | float) else ""
    line = f"{solution.status.value}{timing}: {_summary(problem, solution, evaluation)}"
    if claims_valid:
        print(f"{line}\nschedule validated and written to {args.out}")
        return 0
    reason = solution.stats.get("reason", "")
    print(
        f"{line}\nno valid schedule found{f' ({reason})' if reason else ''}; "
        f"the partial schedule ({len(violations)} violation(s)) was written to {args.out}"
    )
    return 1


def run_validate(args: argparse.Namespace) -> int:
    from partnering_engine.io import read_solution

    problem = _load(args.problem, args.fairness_d)
    solution = read_solution(args.schedule)
    violations = validate_solution(problem, solution)
    if violations:
        for violation in violations:
            print(violation)
        print(f"invalid: {len(violations)} violation(s)", file=sys.stderr)
        return 1
    evaluation = evaluate(problem, solution.assignments)
    print(f"valid: {_summary(problem, solution, evaluation)}")
    return 0


def run_bound(args: argparse.Namespace) -> int:
    problem = _load(args.problem, args.fairness_d)
    from partnering_engine.bound import compute_bound  # heavy (scipy, ortools): only when needed

    print(json.dumps(compute_bound(problem, time_limit_s=args.time_limit), indent=1))
    return 0


def run_generate(args: argparse.Namespace) -> int:
    from partnering_engine.generate import generate_problem
    from partnering_engine.io import write_problem

    problem = generate_problem(args.preset, seed=args.seed)
    write_problem(args.out, problem)
    print(
        f"{problem.name}: {len(problem.participants)} participants, "
        f"{len(problem.meetings)} meetings, {len(problem.slots)} slots, "
        f"{len(problem.tables)} tables -> {args.out}"
    )
    if args.survey_out:
        from partnering_engine.matching.synthetic import survey_for_participants, write_survey

        rows = survey_for_participants([p.id for p in problem.participants], seed=args.seed)
        write_survey(rows, args.survey_out)
        print(f"survey of {len(rows)} participants -> {args.survey_out}")
    return 0
