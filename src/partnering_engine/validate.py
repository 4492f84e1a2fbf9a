"""Checks any schedule against its problem. Used by tests, the CLI and production alike.

`validate_solution` returns every violation found (an empty list means the schedule is
valid); it never stops at the first one, so the organizer sees all conflicts at once.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from partnering_engine.metrics import gaps_of_positions
from partnering_engine.types import Assignment, Mode, Problem, Solution

__all__ = ["Violation", "validate_assignments", "validate_solution"]


@dataclass(frozen=True, slots=True)
class Violation:
    """One broken rule. `code` is stable (for programs), `message` is for people."""

    code: str
    message: str
    meeting: str | None = None

    def __str__(self) -> str:
        return f"[{self.code}] {self.message}"


def validate_solution(problem: Problem, solution: Solution) -> list[Violation]:
    """All violations of `solution` against `problem`, including its unscheduled list."""
    violations = validate_assignments(problem, solution.assignments)
    assigned = {a.meeting for a in solution.assignments}
    known = problem.meeting_index
    listed: set[str] = set()
    for meeting_id in solution.unscheduled:
        if meeting_id not in known:
            violations.append(
                Violation("unknown_meeting", f"unscheduled lists unknown meeting {meeting_id!r}")
            )
        elif meeting_id in assigned:
            violations.append(
                Violation(
                    "scheduled_and_unscheduled",
                    f"meeting {meeting_id!r} is both assigned and listed as unscheduled",
                    meeting_id,
                )
            )
        elif meeting_id in listed:
            violations.append(
                Violation(
                    "duplicate_unscheduled", f"meeting {meeting_id!r} listed twice", meeting_id
                )
            )
        listed.add(meeting_id)
    for meeting in problem.meetings:
        if meeting.id not in assigned and meeting.id not in listed:
            violations.append(
                Violation(
                    "missing_meeting",
                    f"meeting {meeting.id!r} is neither assigned nor listed as unscheduled",
                    meeting.id,
                )
            )
    return violations


def validate_assignments(problem: Problem, assignments: Iterable[Assignment]) -> list[Violation]:
    """All violations of a set of assignments (a full or partial schedule)."""
    out: list[Violation] = []
    meetings = problem.meeting_index
    slot_pos = problem.slot_index
    seen: dict[str, Assignment] = {}
    valid: list[Assignment] = []

    for a in assignments:
        if a.meeting not in meetings:
            out.append(Violation("unknown_meeting", f"unknown meeting {a.meeting!r}", a.meeting))
            continue
        if a.meeting in seen:
            out.append(
                Violation("meeting_twice", f"meeting {a.meeting!r} is assigned twice", a.meeting)
            )
            continue
        seen[a.meeting] = a
        if a.slot not in slot_pos:
            out.append(Violation("unknown_slot", f"unknown slot {a.slot!r}", a.meeting))
            continue
        if not 1 <= a.table <= len(problem.tables):
            out.append(
                Violation(
                    "unknown_table",
                    f"table {a.table} outside 1..{len(problem.tables)}",
                    a.meeting,
                )
            )
            continue
        valid.append(a)

    person_slot: dict[tuple[str, int], str] = {}
    table_slot: dict[tuple[int, int], str] = {}
    interpreters: Counter[tuple[str, str]] = Counter()
    positions: dict[str, list[int]] = defaultdict(list)
    for a in valid:
        m = problem.meetings[meetings[a.meeting]]
        pos = slot_pos[a.slot]
        if pos not in problem.feasible_slots(m):
            unavailable = [
                person
                for person in m.people
                if a.slot in problem.participants[problem.participant_index[person]].unavailable
            ]
            reason = (
                f"{', '.join(unavailable)} unavailable"
                if unavailable
                else "slot not allowed for this meeting"
            )
            out.append(
                Violation(
                    "slot_not_allowed", f"meeting {m.id!r} in slot {a.slot!r}: {reason}", m.id
                )
            )
        table_kind = problem.tables[a.table - 1].kind
        if m.table_kind is not None and table_kind != m.table_kind:
            out.append(
                Violation(
                    "wrong_table_kind",
                    f"meeting {m.id!r} needs a {m.table_kind}, table {a.table} is a {table_kind}",
                    m.id,
                )
            )
        for person in m.people:
            other = person_slot.get((person, pos))
            if other is not None:
                out.append(
                    Violation(
                        "double_booking",
                        f"{person!r} is in meetings {other!r} and {m.id!r} in slot {a.slot!r}",
                        m.id,
                    )
                )
            else:
                person_slot[(person, pos)] = m.id
            positions[person].append(pos)
        other = table_slot.get((a.table, pos))
        if other is not None:
            out.append(
                Violation(
                    "table_twice",
                    f"table {a.table} holds meetings {other!r} and {m.id!r} in slot {a.slot!r}",
                    m.id,
                )
            )
        else:
            table_slot[(a.table, pos)] = m.id
        if m.interpreter is not None:
            interpreters[(m.interpreter, a.slot)] += 1
        for earlier in m.after:
            before = seen.get(earlier)
            if before is None or before.slot not in slot_pos or slot_pos[before.slot] >= pos:
                out.append(
                    Violation(
                        "precedence",
                        f"meeting {m.id!r} must come after {earlier!r}",
                        m.id,
                    )
                )

    pools = {p.language: p for p in problem.interpreters}
    for (language, slot_id), used in sorted(interpreters.items()):
        capacity = pools[language].capacity(slot_id)
        if used > capacity:
            out.append(
                Violation(
                    "interpreters",
                    f"slot {slot_id!r} needs {used} {language} interpreters, {capacity} available",
                )
            )

    for participant in problem.participants:
        count = len(positions.get(participant.id, ()))
        if participant.max_meetings is not None and count > participant.max_meetings:
            out.append(
                Violation(
                    "max_meetings",
                    f"{participant.id!r} has {count} meetings, at most "
                    f"{participant.max_meetings} allowed",
                )
            )

    for pin in problem.pins:
        now = seen.get(pin.meeting)
        if now is None:
            out.append(
                Violation(
                    "pin_dropped", f"published meeting {pin.meeting!r} was unscheduled", pin.meeting
                )
            )
        elif not pin.movable and (now.slot, now.table) != (pin.slot, pin.table):
            out.append(
                Violation(
                    "pin_moved",
                    f"published meeting {pin.meeting!r} moved from slot {pin.slot!r} table "
                    f"{pin.table} to slot {now.slot!r} table {now.table}",
                    pin.meeting,
                )
            )

    for m in problem.meetings:
        if (problem.mode is Mode.ALL_REQUIRED or m.required) and m.id not in seen:
            out.append(
                Violation("required_unscheduled", f"meeting {m.id!r} must be scheduled", m.id)
            )

    if problem.mode is Mode.ALL_REQUIRED and problem.fairness_d is not None:
        gaps = [
            gaps_of_positions(positions.get(p.id, ()), problem.day_of_slot)
            for p in problem.participants
        ]
        if gaps and max(gaps) - min(gaps) > problem.fairness_d:
            out.append(
                Violation(
                    "fairness",
                    f"gap counts range from {min(gaps)} to {max(gaps)}, more than "
                    f"d = {problem.fairness_d} apart",
                )
            )
    return out
