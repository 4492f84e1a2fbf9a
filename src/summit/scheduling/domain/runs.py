"""Draft schedules: start a run of the engine over an event's meetings, execute it in the
background with live progress, and store the result for review.

Lifecycle of a `ScheduleRun` (purpose ``draft``): `start_run` stores the options and queues
the task (status ``queued``); `execute_run` claims it (``running``), builds the engine problem
(`summit.scheduling.domain.problem.build_problem`), runs the chosen solver with a progress
callback that writes ``run.progress`` at most once a second, validates the schedule with the
engine's validator (an invalid schedule is never stored: the run fails with the violations),
takes the proven weight bound, evaluates gaps and shares, explains every meeting left out
(`summit.scheduling.domain.review.explain_unscheduled`) and stores everything (``done``).
Expected problems (no slots, no tables, nothing to schedule, an engine `ProblemError`) end
the run as ``failed`` with a message for the organizer.

Stored JSON (see also ``docs/scheduling-web.md``):

- ``assignments``: ``{"request": pk | None, "pair": [org pk, org pk] (proposed pairs only),
  "slot": pk, "table": pk, "attendees": [membership pks]}``;
- ``unscheduled``: ``{"request": pk | None, "pair": [...], "reason": code,
  "attendees": [...]}`` with the reason codes of `review.REASONS`;
- ``summary``: the figures of the review (see `_summary`), with ``people``: membership pk →
  ``[meetings asked, meetings scheduled, idle gaps]``.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partnering_engine.bound import compute_bound
from partnering_engine.errors import EngineError
from partnering_engine.metrics import Evaluation, evaluate
from partnering_engine.solvers import Progress, get_solver, solver_names
from partnering_engine.types import Problem, Solution
from partnering_engine.validate import validate_solution
from summit.events.models import Event, Slot, Table
from summit.meetings.domain.parties import pair_id_fields, pair_key
from summit.meetings.models import MeetingRequest
from summit.organizations.models import Organization
from summit.scheduling.domain.problem import BuiltProblem, ProposedPair, build_problem
from summit.scheduling.models import ScheduleRun

__all__ = [
    "DEFAULT_TIME_LIMIT_S",
    "MAX_TIME_LIMIT_S",
    "STALE_RUN",
    "ProgressWriter",
    "RunFailed",
    "RunOptions",
    "assignment_rows",
    "check_event_ready",
    "claim_run",
    "create_run",
    "delete_run",
    "draft_runs",
    "execute_run",
    "fail_run",
    "fail_stale_runs",
    "fail_with",
    "gap_percent",
    "phase_label",
    "proposed_pairs_for",
    "relax_impossible_pins",
    "rename_run",
    "solve_built",
    "start_run",
    "unscheduled_rows",
]

logger = logging.getLogger(__name__)

DEFAULT_TIME_LIMIT_S = 60
MAX_TIME_LIMIT_S = 600
#: A run still "running" this long after its time limit lost its worker.
STALE_RUN = timedelta(minutes=30)
#: Progress is written to the database at most this often (seconds).
PROGRESS_INTERVAL_S = 1.0


#: Progress phases (ours and the engine's) in the organizer's words.
PHASE_LABELS: dict[str, Any] = {
    "queued": gettext_lazy("waiting for a worker"),
    "preparing": gettext_lazy("preparing"),
    "building": gettext_lazy("reading the meetings"),
    "solving": gettext_lazy("solving"),
    "model": gettext_lazy("building the model"),
    "greedy": gettext_lazy("first come, first served"),
    "construct": gettext_lazy("first schedule"),
    "full": gettext_lazy("first schedule"),
    "bound": gettext_lazy("proving the bound"),
    "weight": gettext_lazy("placing as many meetings as possible"),
    "moved": gettext_lazy("keeping published meetings in place"),
    "fairness": gettext_lazy("sharing meetings fairly"),
    "gaps": gettext_lazy("closing idle gaps"),
    "done": gettext_lazy("done"),
    "failed": gettext_lazy("failed"),
}


def phase_label(phase: str | None) -> Any:
    return PHASE_LABELS.get(phase or "", phase or "")


class RunFailed(Exception):  # noqa: N818 -- a domain outcome, not a programming error
    """The run cannot produce a schedule; the message is shown to the organizer."""


@dataclass(frozen=True)
class RunOptions:
    """What the organizer asked for when starting a draft run."""

    solver: str = "auto"
    time_limit_s: int = DEFAULT_TIME_LIMIT_S
    seed: int = 0
    #: Propose pairs from mutual recommendations: each side within the other's top N (0 = no).
    proposed_top: int = 0
    #: Weight of a proposed pair (below 1, so accepted requests come first).
    proposed_weight: float = 0.5
    #: Let the solver move meetings of the published schedule (it moves as few as it can).
    movable_published: bool = False

    def as_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> RunOptions:
        known = cls.__dataclass_fields__
        return cls(**{key: value for key, value in data.items() if key in known})

    def check(self) -> None:
        """Raise `ValueError` naming the field when an option is out of range."""
        if self.solver not in solver_names():
            raise ValueError(f"solver: unknown solver {self.solver!r}")
        if not 1 <= self.time_limit_s <= MAX_TIME_LIMIT_S:
            raise ValueError(f"time_limit_s: must be between 1 and {MAX_TIME_LIMIT_S}")
        if self.seed < 0:
            raise ValueError("seed: must be 0 or more")
        if self.proposed_top < 0:
            raise ValueError("proposed_top: must be 0 or more")
        if not 0 < self.proposed_weight < 1:
            raise ValueError("proposed_weight: must be above 0 and below 1")


def create_run(*, event: Event, user: Any, options: RunOptions, name: str = "") -> ScheduleRun:
    """Store a queued draft run with `options` (nothing runs it yet; see `start_run`)."""
    options.check()
    fail_stale_runs(event=event)
    return ScheduleRun.objects.create(
        event=event,
        name=name.strip(),
        purpose=ScheduleRun.Purpose.DRAFT,
        created_by=user if getattr(user, "is_authenticated", False) else None,
        options=options.as_json(),
        progress={"phase": "queued"},
    )


def start_run(*, event: Event, user: Any, options: RunOptions, name: str = "") -> ScheduleRun:
    """Store a draft run with `options` and queue its background task (after commit)."""
    from summit.scheduling.tasks import execute_schedule_run

    run = create_run(event=event, user=user, options=options, name=name)
    run_id = run.pk
    transaction.on_commit(lambda: execute_schedule_run.enqueue(run_id))
    return run


def fail_stale_runs(*, event: Event) -> int:
    """Mark runs whose worker vanished (running far beyond any time limit) as failed."""
    limit = timezone.now() - STALE_RUN - timedelta(seconds=MAX_TIME_LIMIT_S)
    return ScheduleRun.objects.filter(
        event=event, status=ScheduleRun.Status.RUNNING, started_at__lt=limit
    ).update(
        status=ScheduleRun.Status.FAILED,
        error=_("The worker stopped: no result long after the time limit."),
        finished_at=timezone.now(),
    )


def draft_runs(*, event: Event, purpose: str = ScheduleRun.Purpose.DRAFT) -> list[ScheduleRun]:
    """The event's runs of `purpose`, newest first, without their large result lists."""
    return list(
        ScheduleRun.objects.filter(event=event, purpose=purpose)
        .defer("assignments", "unscheduled")
        .select_related("created_by")
        .order_by("-created", "-pk")
    )


def rename_run(*, run: ScheduleRun, name: str) -> ScheduleRun:
    run.name = name.strip()[:100]
    ScheduleRun.objects.filter(pk=run.pk).update(name=run.name)
    return run


def delete_run(*, run: ScheduleRun) -> None:
    """Delete a draft or "what if" run; a published run stays (the schedule refers to it)."""
    if run.published_at is not None:
        raise RunFailed(_("A published run cannot be deleted."))
    run.delete()


def proposed_pairs_for(*, event: Event, top: int, weight: float) -> list[ProposedPair]:
    """Pairs of organizations that each have the other among their top `top` recommendations
    and no request between them yet (pending, accepted or declined: a "no" is respected).
    Pairs one side dismissed ("not relevant") and organizations the organizers excluded
    after watch-list screening are left out, also when that happened after the last
    recompute of the recommendations."""
    from summit.matching.models import Dismissal, Recommendation, WatchListHit

    if top <= 0:
        return []
    ranked = Recommendation.objects.filter(event=event, rank__lte=top).values_list(
        "organization_id", "partner_id"
    )
    directed = set(ranked)
    mutual = sorted({(a, b) for a, b in directed if a < b and (b, a) in directed})
    if not mutual:
        return []
    taken = {
        pair_key(pair)
        for pair in MeetingRequest.objects.filter(
            event=event,
            status__in=[
                MeetingRequest.Status.PENDING,
                MeetingRequest.Status.ACCEPTED,
                MeetingRequest.Status.DECLINED,
            ],
        ).values_list(*pair_id_fields())
    }
    for first, second in Dismissal.objects.filter(event=event).values_list(
        "organization_id", "partner_id"
    ):
        taken.add((min(first, second), max(first, second)))
    excluded = set(
        WatchListHit.objects.filter(event=event, excluded=True).values_list(
            "organization_id", flat=True
        )
    )
    wanted = [
        pair
        for pair in mutual
        if pair not in taken and pair[0] not in excluded and pair[1] not in excluded
    ]
    organizations = Organization.objects.in_bulk({pk for pair in wanted for pk in pair})
    return [
        ProposedPair(first=organizations[a], second=organizations[b], weight=weight)
        for a, b in wanted
    ]


def gap_percent(weight: float | None, bound: float | None) -> float | None:
    """How far `weight` is below the proven `bound`, in percent of the bound."""
    if weight is None or bound is None:
        return None
    if bound <= 0:
        return 0.0
    return max(0.0, (bound - weight) / bound * 100.0)


# ---- execution ---------------------------------------------------------------------------


class ProgressWriter:
    """Engine progress callback: keeps the latest report and writes it to the run at most
    once per `PROGRESS_INTERVAL_S`, from the thread that runs the task only (a solver's
    callback thread has no business opening database connections)."""

    def __init__(self, run_id: int, extra: dict[str, Any] | None = None) -> None:
        self.run_id = run_id
        self.thread = threading.get_ident()
        self.last_write = 0.0
        self.extra = dict(extra or {})
        self.offset_s = 0.0
        self.latest: dict[str, Any] = {}

    def __call__(self, report: Progress) -> None:
        gap = report.gap
        if gap is None and report.weight is not None and report.bound:
            gap = max(0.0, (report.bound - report.weight) / report.bound)
        self.latest = {
            "elapsed_s": round(self.offset_s + report.elapsed_s, 1),
            "phase": report.phase,
            "scheduled": report.scheduled,
            "weight": report.weight,
            "bound": report.bound,
            "gap": None if gap is None else round(gap * 100.0, 2),
            "message": report.message,
            **self.extra,
        }
        if threading.get_ident() != self.thread:
            return
        now = time.monotonic()
        if now - self.last_write < PROGRESS_INTERVAL_S:
            return
        self.write(self.latest)

    def write(self, progress: dict[str, Any]) -> None:
        self.last_write = time.monotonic()
        ScheduleRun.objects.filter(pk=self.run_id).update(progress=progress)


def claim_run(run: ScheduleRun) -> bool:
    now = timezone.now()
    taken = ScheduleRun.objects.filter(pk=run.pk, status=ScheduleRun.Status.QUEUED).update(
        status=ScheduleRun.Status.RUNNING,
        started_at=now,
        progress={"phase": "preparing", "elapsed_s": 0},
    )
    if taken:
        run.status, run.started_at = ScheduleRun.Status.RUNNING, now
    return bool(taken)


def fail_run(run: ScheduleRun, message: str) -> ScheduleRun:
    run.status = ScheduleRun.Status.FAILED
    run.error = message
    run.finished_at = timezone.now()
    progress = dict(run.progress or {})
    progress["phase"] = "failed"
    ScheduleRun.objects.filter(pk=run.pk).update(
        status=run.status, error=message, finished_at=run.finished_at, progress=progress
    )
    return run


def fail_with(run: ScheduleRun, error: Exception) -> ScheduleRun:
    """End `run` as failed because of `error` (call from its ``except``): `RunFailed` tells
    its message, an engine or value error says the engine refused the problem, anything else
    is unexpected (the organizer gets a message, the log the traceback)."""
    if isinstance(error, RunFailed):
        return fail_run(run, str(error))
    if isinstance(error, (EngineError, ValueError)):
        return fail_run(run, _("The engine refused the problem: %(error)s") % {"error": error})
    logger.exception("schedule run %s failed", run.pk)
    return fail_run(
        run,
        _("The run stopped with an unexpected error (%(kind)s): %(error)s")
        % {"kind": error.__class__.__name__, "error": error},
    )


def check_event_ready(*, event: Event) -> None:
    """Raise `RunFailed` when the event has no slots or no tables."""
    if not Slot.objects.filter(event=event).exists():
        raise RunFailed(
            _("The event has no meeting slots yet: add days and sessions in the event setup.")
        )
    if not Table.objects.filter(event=event).exists():
        raise RunFailed(_("The event has no tables yet: add tables in the event setup."))


def solve_built(
    *,
    problem: Problem,
    solver: str,
    time_limit_s: float,
    seed: int,
    progress: Callable[[Progress], None] | None = None,
) -> tuple[Solution, float, Evaluation]:
    """Solve, refuse an invalid schedule (`RunFailed` with the violations), and return the
    solution, the proven weight bound and the evaluation."""
    solution = get_solver(solver).solve(
        problem, time_limit_s=time_limit_s, seed=seed, progress=progress
    )
    violations = validate_solution(problem, solution)
    if violations:
        shown = "; ".join(str(v) for v in violations[:10])
        more = len(violations) - 10
        suffix = _(" (and %(count)d more)") % {"count": more} if more > 0 else ""
        raise RunFailed(
            _("The engine returned an invalid schedule, which was not stored: %(violations)s")
            % {"violations": shown + suffix}
        )
    evaluation = evaluate(problem, solution.assignments)
    bound = solution.bound.get("weight")
    if solution.status == "optimal":
        bound = evaluation.weight
    elif bound is None or solution.stats.get("solver") == "greedy":
        # Greedy reports only the weight of every schedulable meeting; prove a real bound.
        computed = compute_bound(problem, time_limit_s=max(5.0, time_limit_s))["weight"]
        bound = computed if bound is None else min(bound, computed)
    return solution, max(float(bound), evaluation.weight), evaluation


def relax_impossible_pins(problem: Problem) -> tuple[Problem, list[str], list[str]]:
    """`problem` with the published meetings that cannot stay where they are made movable
    (a person marked the slot unavailable since, or the table is of the wrong kind), and
    those that cannot be held at all any more (no slot where everyone is free) unpinned;
    and the engine ids of both. Without this, one such meeting makes every draft fail."""
    relaxed: list[str] = []
    dropped: list[str] = []
    pins = []
    kind_of = {t.number: t.kind for t in problem.tables}
    for pin in problem.pins:
        meeting = problem.meetings[problem.meeting_index[pin.meeting]]
        feasible = problem.feasible_slots(meeting)
        if not feasible:
            dropped.append(pin.meeting)
            continue
        fits = problem.slot_index[pin.slot] in feasible and (
            meeting.table_kind is None or kind_of[pin.table] == meeting.table_kind
        )
        if not pin.movable and not fits:
            relaxed.append(pin.meeting)
            pins.append(dataclasses.replace(pin, movable=True))
        else:
            pins.append(pin)
    if not relaxed and not dropped:
        return problem, [], []
    return dataclasses.replace(problem, pins=tuple(pins)), relaxed, dropped


def _row_of(built: BuiltProblem, key: str) -> dict[str, Any]:
    """The JSON identity of an engine meeting: its request, or its proposed pair."""
    request = built.requests.get(key)
    if request is not None:
        return {"request": request.pk}
    pair = built.pairs[key]
    return {"request": None, "pair": sorted([pair.first.pk, pair.second.pk])}


def _summary(
    *,
    built: BuiltProblem,
    solution: Solution,
    bound: float,
    evaluation: Evaluation,
    options: RunOptions,
    wall_s: float,
) -> dict[str, Any]:
    requested = len(built.requests) + sum(1 for x in built.left_out if x.meeting_request)
    scheduled_requests = sum(1 for a in solution.assignments if a.meeting in built.requests)
    people: dict[str, list[int]] = {}
    for seated in built.attendees.values():
        for pk in seated:
            people.setdefault(str(pk), [0, 0, 0])[0] += 1
    for assignment in solution.assignments:
        for pk in built.attendees[assignment.meeting]:
            people[str(pk)][1] += 1
    for person, gaps in evaluation.gaps_by_participant.items():
        people[person[1:]][2] = gaps
    return {
        "requested": requested,
        "proposed": len(built.pairs),
        "meetings": len(built.problem.meetings),
        "scheduled": len(solution.assignments),
        "scheduled_requests": scheduled_requests,
        "scheduled_proposed": len(solution.assignments) - scheduled_requests,
        "requested_percent": round(100.0 * scheduled_requests / requested, 2)
        if requested
        else 100.0,
        "weight": evaluation.weight,
        "bound": bound,
        "gap": round(gap_percent(evaluation.weight, bound) or 0.0, 2),
        "gaps": evaluation.gaps,
        "max_gaps": evaluation.max_gaps,
        "min_share": round(evaluation.min_share, 4),
        "unserved": evaluation.unserved,
        "persons": len(people),
        "persons_without_meeting": sum(1 for row in people.values() if row[1] == 0),
        "moved": evaluation.moved,
        "status": str(solution.status),
        "solver": options.solver,
        "solver_used": str(solution.stats.get("auto_choice") or solution.stats.get("solver", "")),
        "wall_s": round(wall_s, 1),
        "people": people,
    }


def assignment_rows(built: BuiltProblem, solution: Solution) -> list[dict[str, Any]]:
    """The ``assignments`` JSON of a solution (sorted by slot and table)."""
    rows = []
    for assignment in solution.assignments:
        slot_id, table_id = built.row_ids(assignment)
        rows.append(
            {
                **_row_of(built, assignment.meeting),
                "slot": slot_id,
                "table": table_id,
                "attendees": list(built.attendees[assignment.meeting]),
            }
        )
    rows.sort(key=lambda row: (row["slot"], row["table"] or 0))
    return rows


def unscheduled_rows(built: BuiltProblem, reasons: dict[str, str]) -> list[dict[str, Any]]:
    """The ``unscheduled`` JSON: the meetings the solver left out, then those left out of
    the problem."""
    rows = [
        {**_row_of(built, key), "reason": reason, "attendees": list(built.attendees[key])}
        for key, reason in reasons.items()
    ]
    for left in built.left_out:
        if left.meeting_request is not None:
            rows.append(
                {"request": left.meeting_request.pk, "reason": left.reason, "attendees": []}
            )
    return rows


def execute_run(*, run: ScheduleRun) -> ScheduleRun:
    """Run a queued draft (see the module docstring); returns the run in its final state.
    A run another worker already took is returned untouched."""
    from summit.scheduling.domain.review import explain_unscheduled

    if not claim_run(run):
        return run
    options = RunOptions.from_json(run.options)
    writer = ProgressWriter(run.pk)
    started = time.monotonic()
    try:
        options.check()
        check_event_ready(event=run.event)
        pairs = proposed_pairs_for(
            event=run.event, top=options.proposed_top, weight=options.proposed_weight
        )
        writer.write({"phase": "building", "elapsed_s": round(time.monotonic() - started, 1)})
        built = build_problem(
            event=run.event,
            proposed_pairs=pairs,
            pin_published=True,
            movable_published=options.movable_published,
            name=f"{run.event.slug}-run-{run.pk}",
        )
        if not built.problem.meetings:
            raise RunFailed(
                _("There is no meeting to schedule: no accepted request has two people to seat.")
                if built.left_out
                else _("There is no meeting to schedule: no request has been accepted yet.")
            )
        problem, relaxed, dropped = relax_impossible_pins(built.problem)
        writer.offset_s = time.monotonic() - started
        solution, bound, evaluation = solve_built(
            problem=problem,
            solver=options.solver,
            time_limit_s=options.time_limit_s,
            seed=options.seed,
            progress=writer,
        )
        reasons = explain_unscheduled(problem=problem, assignments=solution.assignments)
    except Exception as error:
        return fail_with(run, error)
    wall_s = time.monotonic() - started
    summary = _summary(
        built=built,
        solution=solution,
        bound=bound,
        evaluation=evaluation,
        options=options,
        wall_s=wall_s,
    )
    #: Published meetings that had to move (or could not be held any more): request pks.
    summary["published_relaxed"] = [built.requests[key].pk for key in relaxed]
    summary["published_dropped"] = [built.requests[key].pk for key in dropped]
    run.status = ScheduleRun.Status.DONE
    run.summary = summary
    run.assignments = assignment_rows(built, solution)
    run.unscheduled = unscheduled_rows(built, reasons)
    run.finished_at = timezone.now()
    run.progress = {
        **writer.latest,
        "elapsed_s": round(wall_s, 1),
        "phase": "done",
        "scheduled": summary["scheduled"],
        "weight": summary["weight"],
        "bound": bound,
        "gap": summary["gap"],
    }
    run.save(
        update_fields=[
            "status",
            "summary",
            "assignments",
            "unscheduled",
            "finished_at",
            "progress",
        ]
    )
    return run


def runs_by_ids(*, event: Event, ids: Iterable[int]) -> dict[int, ScheduleRun]:
    return ScheduleRun.objects.filter(Q(event=event) & Q(pk__in=list(ids))).in_bulk()
