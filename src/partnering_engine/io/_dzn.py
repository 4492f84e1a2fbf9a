"""Reader of the B2B meeting-scheduling benchmark's MiniZinc data files (``.dzn``).

The benchmark (Bofill et al., JAIR 2022) gives ``nBusiness``, ``nMeetings``, ``nTables``,
``nTotalSlots``, ``nMorningSlots``; ``requested = [| p1, p2, s | ... |]`` (s = 1 morning only,
2 afternoon only, 3 any); ``forbidden`` (one set of slots per participant, ``{0}`` = none),
``fixed`` (slot per meeting, 0 = free), ``precedences`` (per meeting, the meetings that must
come earlier), and the derived ``meetingsxBusiness`` / ``nMeetingsBusiness``, which are checked
against ``requested``.

Mapping to a `Problem`: participants ``"1".."nBusiness"``, meetings ``"1".."nMeetings"`` in
``requested`` order (weight 1), slots ``"1".."nTotalSlots"`` on one day (consecutive 30-minute
slots from 09:00, so a break across the lunch boundary counts like any other), ``nTables``
plain tables, mode all_required with fairness bound `fairness_d`.

The parser accepts the data subset of MiniZinc these files use: ``name = value;`` items,
``%`` comments, integers, ranges ``a..b``, sets ``{...}`` (of integers and ranges), 1-D arrays
``[...]`` and 2-D arrays ``[| ... | ... |]``.

Sizes are bounded before anything is built from them (`DZN_LIMITS`: counts of participants,
meetings, tables and slots; integers of at most `_MAX_DIGITS` digits, ranges of at most
`_MAX_RANGE` values, arrays nested at most `_MAX_NESTING` deep), so a hostile or mistyped
file is refused at once with the parameter and line named, never after filling the memory.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from types import MappingProxyType
from typing import Union

from partnering_engine.errors import InputError
from partnering_engine.io._json import read_text
from partnering_engine.types import Meeting, Mode, Participant, Problem, Slot, Table

__all__ = ["parse_dzn", "read_dzn"]

#: The calendar day the benchmark's slots are put on (it has no dates).
DZN_DAY = "2026-01-01"
DZN_FIRST_START = datetime(2026, 1, 1, 9, 0)
DZN_SLOT_MINUTES = 30

#: The largest counts accepted (far above the benchmark's ~100 participants, 40 slots).
DZN_LIMITS: MappingProxyType[str, int] = MappingProxyType(
    {
        "nBusiness": 100_000,
        "nMeetings": 1_000_000,
        "nTables": 10_000,
        "nTotalSlots": 10_000,
        "nMorningSlots": 10_000,
    }
)
#: The benchmark's files are a few kB; a parsed token takes ~100 bytes of memory.
MAX_DZN_BYTES = 16 * 1024 * 1024
_MAX_DIGITS = 12
_MAX_RANGE = 1_000_000
_MAX_NESTING = 3

# A parsed value: an int, a set (frozenset of ints), a 1-D list or a 2-D list of rows.
Value = Union[int, frozenset[int], list["Value"]]  # noqa: UP007 - recursive alias needs Union

_TOKEN_RE = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<comment>%[^\n]*)
  | (?P<number>-?\d+)
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<punct>\[\||\|\]|\.\.|[\[\]{}|,;=])
    """,
    re.VERBOSE,
)


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str
    text: str
    line: int
    column: int


def _tokens(text: str, source: str) -> list[_Token]:
    out: list[_Token] = []
    pos = 0
    line, line_start = 1, 0
    while pos < len(text):
        match = _TOKEN_RE.match(text, pos)
        if match is None:
            raise InputError(
                f"{source}, line {line}, column {pos - line_start + 1}",
                f"unexpected character {text[pos]!r}",
            )
        kind = match.lastgroup or ""
        if kind not in ("space", "comment"):
            out.append(_Token(kind, match.group(), line, pos - line_start + 1))
        newlines = match.group().count("\n")
        if newlines:
            line += newlines
            line_start = match.start() + match.group().rfind("\n") + 1
        pos = match.end()
    return out


class _Parser:
    def __init__(self, tokens: list[_Token], source: str) -> None:
        self.tokens = tokens
        self.pos = 0
        self.source = source

    def error(self, message: str, token: _Token | None = None) -> InputError:
        token = token or self.peek()
        if token is None:
            return InputError(f"{self.source}, end of file", message)
        return InputError(f"{self.source}, line {token.line}, column {token.column}", message)

    def peek(self) -> _Token | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self, expected: str | None = None) -> _Token:
        token = self.peek()
        if token is None:
            raise self.error(f"expected {expected!r}" if expected else "unexpected end of file")
        if expected is not None and token.text != expected:
            raise self.error(f"expected {expected!r}, found {token.text!r}", token)
        self.pos += 1
        return token

    def items(self) -> dict[str, tuple[Value, _Token]]:
        out: dict[str, tuple[Value, _Token]] = {}
        while self.peek() is not None:
            name = self.take()
            if name.kind != "name":
                raise self.error(f"expected a parameter name, found {name.text!r}", name)
            if name.text in out:
                raise self.error(f"{name.text} is assigned twice", name)
            self.take("=")
            out[name.text] = (self.value(), name)
            if self.peek() is not None:
                self.take(";")
        return out

    def value(self, depth: int = 0) -> Value:
        token = self.peek()
        if token is None:
            raise self.error("expected a value")
        if token.text in ("[|", "[") and depth >= _MAX_NESTING:
            raise self.error(f"arrays nested more than {_MAX_NESTING} deep", token)
        if token.text == "[|":
            return self.array_2d(depth + 1)
        if token.text == "[":
            return self.array_1d(depth + 1)
        if token.text == "{":
            return self.set_literal()
        if token.kind == "number":
            low = self.integer()
            following = self.peek()
            if following is not None and following.text == "..":
                self.take("..")
                return frozenset(self.range_from(low))
            return low
        raise self.error(f"unexpected {token.text!r}", token)

    def integer(self) -> int:
        token = self.take()
        if token.kind != "number":
            raise self.error(f"expected an integer, found {token.text!r}", token)
        if len(token.text.lstrip("-")) > _MAX_DIGITS:
            raise self.error(f"integer {token.text[:20]}... is too large", token)
        return int(token.text)

    def range_from(self, low: int) -> range:
        """The range ``low..high`` after its ``..``, refused when it is too long."""
        token = self.peek()
        high = self.integer()
        if high - low >= _MAX_RANGE:
            raise self.error(f"range {low}..{high} has more than {_MAX_RANGE} values", token)
        return range(low, high + 1)

    def set_literal(self) -> frozenset[int]:
        self.take("{")
        members: set[int] = set()
        while self.peek() is not None and self.peek_text() != "}":
            low = self.integer()
            if self.peek_text() == "..":
                self.take("..")
                members.update(self.range_from(low))
            else:
                members.add(low)
            if self.peek_text() != "}":
                self.take(",")
        self.take("}")
        return frozenset(members)

    def peek_text(self) -> str | None:
        token = self.peek()
        return None if token is None else token.text

    def array_1d(self, depth: int) -> list[Value]:
        self.take("[")
        out: list[Value] = []
        while self.peek_text() not in ("]", None):
            out.append(self.value(depth))
            if self.peek_text() != "]":
                self.take(",")
        self.take("]")
        return out

    def array_2d(self, depth: int) -> list[Value]:
        self.take("[|")
        rows: list[Value] = []
        row: list[Value] = []
        while True:
            text = self.peek_text()
            if text is None:
                raise self.error("unterminated 2-D array, expected '|]'")
            if text == "|]":
                self.take()
                if row:
                    rows.append(row)
                break
            if text == "|":
                self.take()
                rows.append(row)
                row = []
                continue
            if text == ",":
                self.take()
                continue
            row.append(self.value(depth))
        return rows


def _where(source: str, token: _Token, name: str) -> str:
    return f"{source}, line {token.line}: {name}"


class _Data:
    """The parsed items with typed access; errors name the parameter and its line."""

    def __init__(self, items: dict[str, tuple[Value, _Token]], source: str) -> None:
        self.items = items
        self.source = source

    def where(self, name: str, index: str = "") -> str:
        token = self.items[name][1]
        return _where(self.source, token, name + index)

    def integer(self, name: str, *, minimum: int = 0) -> int:
        if name not in self.items:
            raise InputError(f"{self.source}: {name}", "missing required parameter")
        value = self.items[name][0]
        if not isinstance(value, int):
            raise InputError(self.where(name), f"expected an integer, got {_describe(value)}")
        if value < minimum:
            raise InputError(self.where(name), f"expected an integer >= {minimum}, got {value}")
        limit = DZN_LIMITS.get(name)
        if limit is not None and value > limit:
            raise InputError(self.where(name), f"{value} is more than the {limit} accepted")
        return value

    def array(self, name: str, length: int, *, required: bool = True) -> list[Value] | None:
        if name not in self.items:
            if required:
                raise InputError(f"{self.source}: {name}", "missing required parameter")
            return None
        value = self.items[name][0]
        if not isinstance(value, list):
            raise InputError(self.where(name), f"expected an array, got {_describe(value)}")
        if len(value) != length:
            raise InputError(self.where(name), f"expected {length} entries, found {len(value)}")
        return value

    def int_set(self, name: str, index: int, value: Value, *, high: int) -> frozenset[int]:
        members = frozenset([value]) if isinstance(value, int) else value
        if not isinstance(members, frozenset):
            raise InputError(
                self.where(name, f"[{index}]"), f"expected a set, got {_describe(value)}"
            )
        for member in members:
            if not 0 <= member <= high:
                raise InputError(
                    self.where(name, f"[{index}]"), f"{member} is outside 1..{high} (0 = none)"
                )
        return members - {0}


def _describe(value: Value) -> str:
    if isinstance(value, int):
        return f"the integer {value}"
    if isinstance(value, frozenset):
        return "a set"
    return "an array"


def parse_dzn(text: str, *, name: str, fairness_d: int | None = 2) -> Problem:
    """A `Problem` (all_required mode) from the text of a B2B benchmark ``.dzn`` file.

    `name` is used as the problem name and in error messages. Raises `InputError` naming the
    line and parameter on malformed or inconsistent data."""
    data = _Data(_Parser(_tokens(text, name), name).items(), name)
    n_business = data.integer("nBusiness", minimum=2)
    n_meetings = data.integer("nMeetings")
    n_tables = data.integer("nTables", minimum=1)
    n_slots = data.integer("nTotalSlots", minimum=1)
    n_morning = data.integer("nMorningSlots")
    if n_morning > n_slots:
        raise InputError(
            data.where("nMorningSlots"), f"{n_morning} morning slots but only {n_slots} slots"
        )

    slots = _slots(n_slots)
    morning = frozenset(str(s) for s in range(1, n_morning + 1))
    afternoon = frozenset(str(s) for s in range(n_morning + 1, n_slots + 1))

    requested = data.array("requested", n_meetings) or []
    fixed = data.array("fixed", n_meetings, required=False)
    precedences = data.array("precedences", n_meetings, required=False)
    meetings: list[Meeting] = []
    per_business: list[list[int]] = [[] for _ in range(n_business + 1)]
    for i, row in enumerate(requested, start=1):
        where = data.where("requested", f" row {i}")
        if not isinstance(row, list) or len(row) != 3 or not all(isinstance(v, int) for v in row):
            raise InputError(where, "expected three integers 'p1, p2, s'")
        p1, p2, session = (int(v) for v in row)  # type: ignore[arg-type]
        for person in (p1, p2):
            if not 1 <= person <= n_business:
                raise InputError(where, f"participant {person} outside 1..{n_business}")
        if p1 == p2:
            raise InputError(where, f"participant {p1} cannot meet themselves")
        if session not in (1, 2, 3):
            raise InputError(
                where, f"session must be 1 (morning), 2 (afternoon) or 3, got {session}"
            )
        per_business[p1].append(i)
        per_business[p2].append(i)
        fixed_slot: str | None = None
        if fixed is not None:
            value = fixed[i - 1]
            if not isinstance(value, int) or not 0 <= value <= n_slots:
                raise InputError(
                    data.where("fixed", f"[{i}]"), f"expected a slot in 0..{n_slots}, got {value}"
                )
            fixed_slot = str(value) if value else None
        after: tuple[str, ...] = ()
        if precedences is not None:
            earlier = data.int_set("precedences", i, precedences[i - 1], high=n_meetings)
            after = tuple(str(m) for m in sorted(earlier))
        allowed = {1: morning, 2: afternoon, 3: None}[session]
        if fixed_slot is not None and allowed is not None and fixed_slot not in allowed:
            raise InputError(
                data.where("fixed", f"[{i}]"),
                f"slot {fixed_slot} is outside the session the meeting asks for",
            )
        meetings.append(
            Meeting(
                id=str(i),
                a=str(p1),
                b=str(p2),
                weight=1,
                allowed_slots=allowed,
                fixed_slot=fixed_slot,
                after=after,
            )
        )

    forbidden = data.array("forbidden", n_business, required=False)
    participants = tuple(
        Participant(
            id=str(b),
            unavailable=frozenset(
                str(s)
                for s in (
                    data.int_set("forbidden", b, forbidden[b - 1], high=n_slots)
                    if forbidden is not None
                    else ()
                )
            ),
        )
        for b in range(1, n_business + 1)
    )
    _check_derived(data, per_business, n_business, n_meetings)
    return Problem(
        name=name,
        slots=slots,
        tables=tuple(Table(number=t) for t in range(1, n_tables + 1)),
        participants=participants,
        meetings=tuple(meetings),
        mode=Mode.ALL_REQUIRED,
        fairness_d=fairness_d,
        meta=MappingProxyType({"source": "b2b-dzn", "morning_slots": n_morning, "file": name}),
    )


def _slots(count: int) -> tuple[Slot, ...]:
    out: list[Slot] = []
    for s in range(count):
        start = DZN_FIRST_START + timedelta(minutes=DZN_SLOT_MINUTES * s)
        end = start + timedelta(minutes=DZN_SLOT_MINUTES)
        out.append(Slot(id=str(s + 1), day=DZN_DAY, start=start.isoformat(), end=end.isoformat()))
    return tuple(out)


def _check_derived(
    data: _Data, per_business: list[list[int]], n_business: int, n_meetings: int
) -> None:
    """``nMeetingsBusiness`` must count each participant's requested meetings;
    ``meetingsxBusiness`` must list them (the benchmark's files list meeting m as m + 1
    beside a dummy 1; both that and the plain form are accepted)."""
    counts = data.array("nMeetingsBusiness", n_business, required=False)
    if counts is not None:
        for b in range(1, n_business + 1):
            expected = len(per_business[b])
            if counts[b - 1] != expected:
                raise InputError(
                    data.where("nMeetingsBusiness", f"[{b}]"),
                    f"says {counts[b - 1]} meetings but 'requested' has {expected} "
                    f"for participant {b}",
                )
    sets = data.array("meetingsxBusiness", n_business, required=False)
    if sets is not None:
        for b in range(1, n_business + 1):
            listed = data.int_set("meetingsxBusiness", b, sets[b - 1], high=n_meetings + 1)
            plain = frozenset(per_business[b])
            shifted = frozenset({1, *(m + 1 for m in per_business[b])})
            if listed not in (plain, shifted, plain - {0}):
                raise InputError(
                    data.where("meetingsxBusiness", f"[{b}]"),
                    f"does not match the meetings 'requested' gives participant {b}: "
                    f"{sorted(plain)}",
                )


def read_dzn(path: str | os.PathLike[str], *, fairness_d: int | None = 2) -> Problem:
    """A `Problem` from a B2B benchmark ``.dzn`` file (see `parse_dzn`)."""
    text = read_text(path, limit=MAX_DZN_BYTES)
    return parse_dzn(text, name=Path(path).name, fairness_d=fairness_d)
