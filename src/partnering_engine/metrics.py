"""Objective values of a schedule, computed the same way for every solver.

Definitions (used by the solvers' models, the validator, the benchmark and the web UI):

- **weight**: total weight of scheduled meetings; **scheduled**: their count.
- **gaps** of a participant: per day, the number of maximal runs of slots without a meeting
  strictly between their first and last meeting of that day. Slots are counted by position,
  so a run containing a slot the participant was unavailable in still counts (this is the
  B2B benchmark's "break"; with all slots on one day, the lunch boundary counts too).
- **share** of a participant: scheduled / requested meetings they are part of, over
  participants with at least one *schedulable* request (a meeting with a feasible slot);
  **min_share** is the lowest, **unserved** counts those with a schedulable request and no
  meeting at all.
- **moved**: pinned meetings now in another slot (or unscheduled); **retabled**: pinned
  meetings in their slot at another table.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from partnering_engine.types import Assignment, Problem

__all__ = ["Evaluation", "evaluate", "gaps_of_positions", "requests_of"]


@dataclass(frozen=True, slots=True)
class Evaluation:
    weight: float
    scheduled: int
    gaps: int
    max_gaps: int
    min_gaps: int
    min_share: float
    unserved: int
    moved: int
    retabled: int
    gaps_by_participant: Mapping[str, int]
    meetings_by_participant: Mapping[str, int]

    def objective(self) -> dict[str, float]:
        """The values reported in a `Solution.objective`."""
        return {
            "weight": self.weight,
            "scheduled": float(self.scheduled),
            "gaps": float(self.gaps),
            "max_gaps": float(self.max_gaps),
            "min_gaps": float(self.min_gaps),
            "min_share": self.min_share,
            "unserved": float(self.unserved),
            "moved": float(self.moved),
            "retabled": float(self.retabled),
        }


def gaps_of_positions(positions: Iterable[int], day_of_slot: tuple[int, ...]) -> int:
    """Idle runs between consecutive meetings of one day, given slot positions."""
    ordered = sorted(positions)
    return sum(
        1
        for prev, cur in itertools.pairwise(ordered)
        if cur - prev > 1 and day_of_slot[cur] == day_of_slot[prev]
    )


def requests_of(problem: Problem) -> tuple[dict[str, list[int]], set[str]]:
    """Participant id -> positions of the meetings they requested (as side a or b), and the
    participants with at least one *schedulable* request: those whose share counts."""
    requested: dict[str, list[int]] = defaultdict(list)
    schedulable: set[str] = set()
    for i, meeting in enumerate(problem.meetings):
        feasible = bool(problem.feasible_slots(meeting))
        for person in (meeting.a, meeting.b):
            requested[person].append(i)
            if feasible:
                schedulable.add(person)
    return requested, schedulable


def evaluate(problem: Problem, assignments: Iterable[Assignment]) -> Evaluation:
    """Objective values of `assignments` (assumed valid; see `validate`)."""
    assigned = {a.meeting: a for a in assignments}
    slot_pos = problem.slot_index
    positions: dict[str, list[int]] = {p.id: [] for p in problem.participants}
    weight = 0.0
    for meeting in problem.meetings:
        assignment = assigned.get(meeting.id)
        if assignment is None:
            continue
        weight += meeting.weight
        for person in meeting.people:
            positions[person].append(slot_pos[assignment.slot])

    gaps_by = {pid: gaps_of_positions(pos, problem.day_of_slot) for pid, pos in positions.items()}
    counts = {pid: len(pos) for pid, pos in positions.items()}

    requested, schedulable = requests_of(problem)
    got = dict.fromkeys(positions, 0)
    for meeting in problem.meetings:
        if meeting.id in assigned:
            got[meeting.a] += 1
            got[meeting.b] += 1
    shares = [got[pid] / len(requested[pid]) for pid in schedulable]

    moved = retabled = 0
    for pin in problem.pins:
        now = assigned.get(pin.meeting)
        if now is None or now.slot != pin.slot:
            moved += 1
        elif now.table != pin.table:
            retabled += 1

    gap_values = list(gaps_by.values()) or [0]
    return Evaluation(
        weight=weight,
        scheduled=len(assigned),
        gaps=sum(gap_values),
        max_gaps=max(gap_values),
        min_gaps=min(gap_values),
        min_share=min(shares) if shares else 1.0,
        unserved=sum(1 for pid in schedulable if got[pid] == 0),
        moved=moved,
        retabled=retabled,
        gaps_by_participant=gaps_by,
        meetings_by_participant=counts,
    )
