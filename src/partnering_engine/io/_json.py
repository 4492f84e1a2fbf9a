"""Problem and schedule files in JSON.

Problem: ``{"name", "slots": [{"id", "day", "start", "end"}], "tables": n | [{"number",
"kind"}], "participants": [{"id", "unavailable", "max_meetings"}], "meetings": [{"id", "a",
"b", "weight", "attendees", "allowed_slots", "fixed_slot", "table_kind", "interpreter",
"after", "required"}], "interpreters": [{"language", "per_slot", "by_slot"}], "pins":
[{"meeting", "slot", "table", "movable"}], "mode", "fairness_d", "meta"}``; only ``name``,
``slots``, ``tables``, ``participants`` and ``meetings`` (with ``id``, ``a``, ``b``) are
required. Schedule: ``{"assignments": [{"meeting", "slot", "table"}], "unscheduled",
"status", "objective", "bound", "stats"}``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

from partnering_engine.errors import InputError, ProblemError
from partnering_engine.io._fields import Fields, check_str
from partnering_engine.io.limits import MAX_FILE_BYTES, read_bytes_limited
from partnering_engine.types import (
    Assignment,
    InterpreterPool,
    Meeting,
    Mode,
    Participant,
    Pin,
    Problem,
    Slot,
    Solution,
    Status,
    Table,
)

__all__ = [
    "load_json",
    "problem_from_dict",
    "problem_to_dict",
    "read_solution",
    "read_text",
    "solution_from_dict",
    "solution_to_dict",
    "write_json",
    "write_problem",
    "write_solution",
]

StrPath = str | os.PathLike[str]


def load_json(path: StrPath) -> Any:
    """Decoded JSON of `path`; malformed JSON raises `InputError` with line and column."""
    text = read_text(path)
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(
            f"{os.fspath(path)}, line {error.lineno}, column {error.colno}",
            f"malformed JSON: {error.msg}",
        ) from None
    except RecursionError:
        raise InputError(
            os.fspath(path), "arrays/objects are nested too deeply to be a problem file"
        ) from None


def read_text(path: StrPath, *, limit: int = MAX_FILE_BYTES) -> str:
    """The UTF-8 text of `path`; other encodings and files larger than `limit` bytes raise
    `InputError` (not a traceback)."""
    data = read_bytes_limited(path, limit=limit)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InputError(
            os.fspath(path), f"not UTF-8 text (byte {error.start}: {error.reason})"
        ) from None


def write_json(path: StrPath, data: Any) -> None:
    """Write `data` as JSON, replacing `path` only once the whole file is written."""
    target = Path(path)
    temporary = target.with_name(f".{target.name}.tmp")
    temporary.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    temporary.replace(target)


def _in_file(path: StrPath, error: InputError | ProblemError) -> InputError | ProblemError:
    """The same error with the file name in front of its location."""
    if isinstance(error, InputError):
        return InputError(f"{os.fspath(path)}: {error.location}", error.message)
    return ProblemError(f"{os.fspath(path)}: {error.field}", error.message)


# ---- problems ---------------------------------------------------------------------------


def problem_from_dict(data: Any) -> Problem:
    """A `Problem` from decoded JSON. Raises `InputError` naming the field path (e.g.
    ``meetings[3].weight``) on a missing or mistyped field, `ProblemError` when the problem
    is inconsistent (unknown participant, duplicate id, ...)."""
    top = Fields(data, "")
    name = top.text("name")
    slots = tuple(
        Slot(id=f.text("id"), day=f.text("day"), start=f.text("start"), end=f.text("end"))
        for f in top.items("slots")
    )
    raw_tables = top.data.get("tables")
    if isinstance(raw_tables, int) and not isinstance(raw_tables, bool):
        if raw_tables < 1:
            raise InputError("tables", f"expected a number of tables >= 1, got {raw_tables!r}")
        tables = tuple(Table(number=i + 1) for i in range(raw_tables))
    elif isinstance(raw_tables, list):
        tables = tuple(
            Table(number=f.integer("number"), kind=f.text("kind", "table"))
            for f in top.items("tables")
        )
    elif raw_tables is None:
        raise InputError("tables", "missing required field")
    else:
        raise InputError(
            "tables", f"expected an integer or a list of tables, got {raw_tables!r:.60}"
        )
    participants = tuple(
        Participant(
            id=f.text("id"),
            unavailable=frozenset(f.texts("unavailable", [])),
            max_meetings=f.integer("max_meetings", None),
        )
        for f in top.items("participants")
    )
    meetings = tuple(_meeting_from(f) for f in top.items("meetings"))
    interpreters = tuple(
        InterpreterPool(
            language=f.text("language"),
            per_slot=f.integer("per_slot"),
            by_slot=MappingProxyType(_by_slot(f)),
        )
        for f in top.items("interpreters", [])
    )
    pins = tuple(
        Pin(
            meeting=f.text("meeting"),
            slot=f.text("slot"),
            table=f.integer("table"),
            movable=f.flag("movable", False),
        )
        for f in top.items("pins", [])
    )
    mode_name = top.text("mode", Mode.WEIGHTED.value)
    try:
        mode = Mode(mode_name)
    except ValueError:
        known = ", ".join(m.value for m in Mode)
        raise InputError("mode", f"unknown mode {mode_name!r}; expected one of {known}") from None
    return Problem(
        name=name,
        slots=slots,
        tables=tables,
        participants=participants,
        meetings=meetings,
        interpreters=interpreters,
        pins=pins,
        mode=mode,
        fairness_d=top.integer("fairness_d", None),
        meta=MappingProxyType(dict(top.mapping("meta", {}))),
    )


_PLAIN_MEETING_KEYS = frozenset({"id", "a", "b", "weight"})


def _meeting_from(f: Fields) -> Meeting:
    weight = f.number("weight", 1.0)
    if weight <= 0:
        raise InputError(f.where("weight"), f"expected a number > 0, got {weight!r}")
    meeting = Meeting(id=f.text("id"), a=f.text("a"), b=f.text("b"), weight=weight)
    if f.data.keys() <= _PLAIN_MEETING_KEYS:
        return meeting  # the common case at BIO scale: no options to read
    allowed = f.texts("allowed_slots", None)
    return Meeting(
        id=meeting.id,
        a=meeting.a,
        b=meeting.b,
        weight=weight,
        attendees=tuple(f.texts("attendees", [])),
        allowed_slots=None if allowed is None else frozenset(allowed),
        fixed_slot=f.text("fixed_slot", None),
        table_kind=f.text("table_kind", None),
        interpreter=f.text("interpreter", None),
        after=tuple(f.texts("after", [])),
        required=f.flag("required", False),
    )


def _by_slot(f: Fields) -> dict[str, int]:
    raw: Mapping[str, Any] = f.mapping("by_slot", {})
    out: dict[str, int] = {}
    for slot_id, count in raw.items():
        if isinstance(count, bool) or not isinstance(count, int):
            raise InputError(
                f"{f.where('by_slot')}.{slot_id}", f"expected an integer, got {count!r}"
            )
        out[slot_id] = count
    return out


def _number(value: float) -> float | int:
    """Integral floats as ints, so files read the way people write them."""
    return int(value) if float(value).is_integer() else value


def problem_to_dict(problem: Problem) -> dict[str, Any]:
    """JSON-ready form of `problem`; optional fields only where they differ from defaults."""
    slot_pos = problem.slot_index
    out: dict[str, Any] = {
        "name": problem.name,
        "slots": [
            {"id": s.id, "day": s.day, "start": s.start, "end": s.end} for s in problem.slots
        ],
    }
    if all(t.kind == "table" for t in problem.tables):
        out["tables"] = len(problem.tables)
    else:
        out["tables"] = [{"number": t.number, "kind": t.kind} for t in problem.tables]
    participants: list[dict[str, Any]] = []
    for p in problem.participants:
        item: dict[str, Any] = {"id": p.id}
        if p.unavailable:
            item["unavailable"] = sorted(p.unavailable, key=slot_pos.__getitem__)
        if p.max_meetings is not None:
            item["max_meetings"] = p.max_meetings
        participants.append(item)
    out["participants"] = participants
    out["meetings"] = [_meeting_to(m, slot_pos) for m in problem.meetings]
    if problem.interpreters:
        out["interpreters"] = [
            {"language": i.language, "per_slot": i.per_slot, "by_slot": dict(i.by_slot)}
            for i in problem.interpreters
        ]
    if problem.pins:
        out["pins"] = [
            {"meeting": p.meeting, "slot": p.slot, "table": p.table, "movable": p.movable}
            for p in problem.pins
        ]
    out["mode"] = problem.mode.value
    if problem.fairness_d is not None:
        out["fairness_d"] = problem.fairness_d
    if problem.meta:
        out["meta"] = dict(problem.meta)
    return out


def _meeting_to(m: Meeting, slot_pos: Mapping[str, int]) -> dict[str, Any]:
    item: dict[str, Any] = {"id": m.id, "a": m.a, "b": m.b, "weight": _number(m.weight)}
    if m.attendees:
        item["attendees"] = list(m.attendees)
    if m.allowed_slots is not None:
        item["allowed_slots"] = sorted(m.allowed_slots, key=slot_pos.__getitem__)
    if m.fixed_slot is not None:
        item["fixed_slot"] = m.fixed_slot
    if m.table_kind is not None:
        item["table_kind"] = m.table_kind
    if m.interpreter is not None:
        item["interpreter"] = m.interpreter
    if m.after:
        item["after"] = list(m.after)
    if m.required:
        item["required"] = True
    return item


def read_problem_json(path: StrPath) -> Problem:
    """A `Problem` from a JSON file; errors name the file and the field."""
    data = load_json(path)
    try:
        return problem_from_dict(data)
    except (InputError, ProblemError) as error:
        raise _in_file(path, error) from None


def write_problem(path: StrPath, problem: Problem) -> None:
    write_json(path, problem_to_dict(problem))


# ---- schedules --------------------------------------------------------------------------


def solution_to_dict(solution: Solution) -> dict[str, Any]:
    """JSON-ready form of `solution` (the schedule file format)."""
    return {
        "assignments": [
            {"meeting": a.meeting, "slot": a.slot, "table": a.table} for a in solution.assignments
        ],
        "unscheduled": list(solution.unscheduled),
        "status": solution.status.value,
        "objective": {k: _number(v) for k, v in solution.objective.items()},
        "bound": {k: _number(v) for k, v in solution.bound.items()},
        "stats": _jsonable(solution.stats),
    }


def _jsonable(value: Any) -> Any:
    """Stats may hold tuples, enums or numpy scalars; JSON needs plain values."""
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if hasattr(value, "item"):
        return _jsonable(value.item())
    return str(value)


def solution_from_dict(data: Any) -> Solution:
    """A `Solution` from decoded JSON; errors name the field path."""
    top = Fields(data, "")
    assignments = tuple(
        Assignment(meeting=f.text("meeting"), slot=f.text("slot"), table=f.integer("table"))
        for f in top.items("assignments")
    )
    unscheduled = tuple(top.texts("unscheduled", []))
    status_name = top.text("status", Status.FEASIBLE.value)
    try:
        status = Status(status_name)
    except ValueError:
        known = ", ".join(s.value for s in Status)
        raise InputError(
            "status", f"unknown status {status_name!r}; expected one of {known}"
        ) from None
    return Solution(
        assignments=assignments,
        unscheduled=unscheduled,
        status=status,
        objective=MappingProxyType(_numbers(top, "objective")),
        bound=MappingProxyType(_numbers(top, "bound")),
        stats=MappingProxyType(dict(top.mapping("stats", {}))),
    )


def _numbers(top: Fields, key: str) -> dict[str, float]:
    raw: Mapping[str, Any] = top.mapping(key, {})
    holder = Fields(raw, key)
    return {check_str(k, key): float(holder.number(k)) for k in raw}


def read_solution(path: StrPath) -> Solution:
    """A `Solution` from a schedule JSON file; errors name the file and the field."""
    data = load_json(path)
    try:
        return solution_from_dict(data)
    except InputError as error:
        raise _in_file(path, error) from None


def write_solution(path: StrPath, solution: Solution) -> None:
    write_json(path, solution_to_dict(solution))
