"""Capacity planning ("what if"): how many tables (and slots) the event's accepted requests
need.

One `ScheduleRun` of purpose ``what_if`` solves the event's accepted requests again and again
with a fast solver and a short time limit, for a series of table counts around the current
one (`TABLE_FACTORS`: half to double), optionally a second time with extra slots at the end
of every day. Each point records how many requests were scheduled and the proven bound, and
the summary names the smallest table count of the series that schedules 95 %, 99 % and
100 % of them.

Simplifications, stated so that nobody reads more into the figures: every place counts as an
ordinary table (room and virtual kinds are ignored), published meetings are not pinned (the
question is "what would a fresh schedule need"), extra slots exist only in the engine (they
are not added to the event) and are free for everyone; meetings whose side has nobody to
seat are not counted (they could never be scheduled).
"""

from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partnering_engine.solvers import solver_names
from partnering_engine.types import Problem
from partnering_engine.types import Slot as EngineSlot
from partnering_engine.types import Table as EngineTable
from summit.events.models import Event, Table
from summit.scheduling.domain.problem import build_problem
from summit.scheduling.domain.runs import (
    ProgressWriter,
    RunFailed,
    check_event_ready,
    claim_run,
    fail_stale_runs,
    fail_with,
    solve_built,
)
from summit.scheduling.models import ScheduleRun

__all__ = [
    "MAX_POINT_TIME_LIMIT_S",
    "TABLE_FACTORS",
    "THRESHOLDS",
    "CapacityOptions",
    "execute_capacity_run",
    "resize_problem",
    "start_capacity_run",
    "table_counts",
]

#: Table counts tried, as multiples of the event's current count.
TABLE_FACTORS = (0.5, 0.75, 1.0, 1.25, 1.5, 2.0)
#: Shares of the accepted requests the summary answers "how many tables for …?" for.
THRESHOLDS = (95, 99, 100)
MAX_POINT_TIME_LIMIT_S = 60
MAX_EXTRA_SLOTS_PER_DAY = 4


@dataclass(frozen=True)
class CapacityOptions:
    solver: str = "auto"
    #: Time limit of each point of the series.
    time_limit_s: int = 10
    seed: int = 0
    #: When > 0, a second series with this many extra slots at the end of each day.
    extra_slots_per_day: int = 0

    def as_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> CapacityOptions:
        known = cls.__dataclass_fields__
        return cls(**{key: value for key, value in data.items() if key in known})

    def check(self) -> None:
        if self.solver not in solver_names():
            raise ValueError(f"solver: unknown solver {self.solver!r}")
        if not 1 <= self.time_limit_s <= MAX_POINT_TIME_LIMIT_S:
            raise ValueError(f"time_limit_s: must be between 1 and {MAX_POINT_TIME_LIMIT_S}")
        if not 0 <= self.extra_slots_per_day <= MAX_EXTRA_SLOTS_PER_DAY:
            raise ValueError(
                f"extra_slots_per_day: must be between 0 and {MAX_EXTRA_SLOTS_PER_DAY}"
            )


def table_counts(current: int) -> list[int]:
    """The table counts of the series for an event with `current` tables (distinct, >= 1)."""
    return sorted({max(1, round(current * factor)) for factor in TABLE_FACTORS})


def start_capacity_run(
    *, event: Event, user: Any, options: CapacityOptions, name: str = ""
) -> ScheduleRun:
    """Store a "what if" run and queue its background task (after commit)."""
    from summit.scheduling.tasks import execute_schedule_run

    options.check()
    fail_stale_runs(event=event)
    run = ScheduleRun.objects.create(
        event=event,
        name=name.strip(),
        purpose=ScheduleRun.Purpose.WHAT_IF,
        created_by=user if getattr(user, "is_authenticated", False) else None,
        options=options.as_json(),
        progress={"phase": "queued"},
    )
    run_id = run.pk
    transaction.on_commit(lambda: execute_schedule_run.enqueue(run_id))
    return run


def _extra_slots(problem: Problem, per_day: int) -> tuple[EngineSlot, ...]:
    """The problem's slots with `per_day` more after the last slot of every day, each as
    long as that last slot."""
    if per_day <= 0:
        return problem.slots
    slots: list[EngineSlot] = []
    for index, slot in enumerate(problem.slots):
        slots.append(slot)
        last_of_day = index + 1 == len(problem.slots) or problem.slots[index + 1].day != slot.day
        if not last_of_day:
            continue
        start, end = datetime.fromisoformat(slot.start), datetime.fromisoformat(slot.end)
        length = end - start
        for extra in range(1, per_day + 1):
            begins = end + length * (extra - 1)
            slots.append(
                EngineSlot(
                    id=f"x{slot.day}-{extra}",
                    day=slot.day,
                    start=begins.isoformat(),
                    end=(begins + length).isoformat(),
                )
            )
    return tuple(slots)


def resize_problem(problem: Problem, *, tables: int, extra_slots_per_day: int = 0) -> Problem:
    """`problem` with `tables` ordinary tables (kinds ignored), no pins, and optionally extra
    slots at the end of each day."""
    return dataclasses.replace(
        problem,
        tables=tuple(EngineTable(number=i) for i in range(1, tables + 1)),
        meetings=tuple(dataclasses.replace(m, table_kind=None) for m in problem.meetings),
        slots=_extra_slots(problem, extra_slots_per_day),
        pins=(),
        name=f"{problem.name}-{tables}t-{extra_slots_per_day}x",
    )


def _thresholds(points: list[dict[str, Any]]) -> dict[str, int | None]:
    found: dict[str, int | None] = {}
    for threshold in THRESHOLDS:
        reaching = [p["tables"] for p in points if p["percent"] >= threshold]
        found[str(threshold)] = min(reaching) if reaching else None
    return found


def execute_capacity_run(*, run: ScheduleRun) -> ScheduleRun:
    """Run a queued "what if" series (module docstring); progress after every point."""
    if not claim_run(run):
        return run
    options = CapacityOptions.from_json(run.options)
    writer = ProgressWriter(run.pk)
    started = time.monotonic()
    try:
        options.check()
        check_event_ready(event=run.event)
        current = Table.objects.filter(event=run.event).count()
        built = build_problem(event=run.event, pin_published=False, name=f"what-if-{run.pk}")
        if not built.problem.meetings:
            raise RunFailed(_("There is no meeting to schedule: no request has been accepted yet."))
        counts = table_counts(current)
        extras = [0] + ([options.extra_slots_per_day] if options.extra_slots_per_day else [])
        steps = len(counts) * len(extras)
        series: list[dict[str, Any]] = []
        total = len(built.problem.meetings)
        for extra in extras:
            points: list[dict[str, Any]] = []
            series.append({"extra_slots": extra, "points": points})
            for tables in counts:
                step = sum(len(s["points"]) for s in series) + 1
                writer.extra = {"step": step, "steps": steps, "tables": tables, "extra": extra}
                writer.offset_s = time.monotonic() - started
                writer.write({**writer.extra, "phase": "solving", "elapsed_s": writer.offset_s})
                problem = resize_problem(built.problem, tables=tables, extra_slots_per_day=extra)
                _solution, bound, evaluation = solve_built(
                    problem=problem,
                    solver=options.solver,
                    time_limit_s=options.time_limit_s,
                    seed=options.seed,
                    progress=writer,
                )
                points.append(
                    {
                        "tables": tables,
                        "scheduled": evaluation.scheduled,
                        "percent": round(100.0 * evaluation.scheduled / total, 2),
                        "weight": evaluation.weight,
                        "bound": bound,
                        "bound_percent": round(
                            100.0 * min(1.0, bound / sum(m.weight for m in problem.meetings)), 2
                        ),
                    }
                )
    except Exception as error:
        return fail_with(run, error)
    wall_s = time.monotonic() - started
    run.summary = {
        "current_tables": current,
        "slots": len(built.problem.slots),
        "meetings": total,
        "left_out": len(built.left_out),
        "solver": options.solver,
        "time_limit_s": options.time_limit_s,
        "extra_slots_per_day": options.extra_slots_per_day,
        "series": [{**entry, "thresholds": _thresholds(entry["points"])} for entry in series],
        "wall_s": round(wall_s, 1),
    }
    run.status = ScheduleRun.Status.DONE
    run.finished_at = timezone.now()
    run.progress = {"phase": "done", "elapsed_s": round(wall_s, 1), "step": steps, "steps": steps}
    run.save(update_fields=["status", "summary", "finished_at", "progress"])
    return run
