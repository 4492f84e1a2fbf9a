"""Review of a finished run: why each meeting was left out, who got what, two runs compared.

Reason codes of a meeting left out (computed once, when the run finishes, against that
run's schedule):

- ``no_common_free_slot``: the people of the meeting are never available at the same time
  (their unavailable slots cover every slot of the event);
- ``common_slots_busy``: they share free slots, but in this schedule each of those slots is
  taken by another meeting of one of them;
- ``capacity``: at some common free slot nobody is busy, but every table of the right kind
  is taken there (or the interpreter pool is used up);
- ``not_placed``: a slot with a free table existed; the solver preferred other meetings
  within its time limit (rare with the exact solver, common with first-come-first-served);
- ``no_contact``: one side has nobody to seat (from `build_problem`'s ``left_out``).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from partnering_engine.types import Assignment, Problem
from summit.core.names import person_name
from summit.meetings.domain.parties import parties_of, party_paths
from summit.meetings.models import MeetingRequest
from summit.organizations.models import Membership, Organization
from summit.scheduling.domain.problem import pair_key, request_key
from summit.scheduling.models import ScheduleRun

__all__ = [
    "REASONS",
    "ComparedRuns",
    "ParticipantRow",
    "compare_runs",
    "explain_unscheduled",
    "label_meetings",
    "participant_rows",
    "reason_counts",
]

#: Reason code → explanation for organizers.
REASONS: dict[str, Any] = {
    "no_common_free_slot": _("the two people are never free at the same time"),
    "common_slots_busy": _("every slot both are free in is taken by another of their meetings"),
    "capacity": _("all tables (or interpreters) are taken in the slots both could meet"),
    "not_placed": _("a place was free; the solver preferred other meetings in its time limit"),
    "no_contact": _("one organization has nobody to send to the meeting"),
}


def explain_unscheduled(*, problem: Problem, assignments: Iterable[Assignment]) -> dict[str, str]:
    """Engine meeting id → reason code, for every meeting of `problem` not in `assignments`."""
    assigned = {a.meeting: a for a in assignments}
    slot_pos = problem.slot_index
    busy: dict[str, set[int]] = defaultdict(set)
    used_tables: Counter[tuple[int, str | None]] = Counter()
    used_any: Counter[int] = Counter()
    used_interpreters: Counter[tuple[int, str]] = Counter()
    kind_of_table = {t.number: t.kind for t in problem.tables}
    for meeting in problem.meetings:
        assignment = assigned.get(meeting.id)
        if assignment is None:
            continue
        position = slot_pos[assignment.slot]
        for person in meeting.people:
            busy[person].add(position)
        used_tables[position, kind_of_table[assignment.table]] += 1
        used_any[position] += 1
        if meeting.interpreter is not None:
            used_interpreters[position, meeting.interpreter] += 1
    tables_of_kind = Counter(t.kind for t in problem.tables)
    pools = {pool.language: pool for pool in problem.interpreters}

    reasons: dict[str, str] = {}
    for meeting in problem.meetings:
        if meeting.id in assigned:
            continue
        common = problem.feasible_slots(meeting)
        if not common:
            reasons[meeting.id] = "no_common_free_slot"
            continue
        free = [s for s in common if not any(s in busy[p] for p in meeting.people)]
        if not free:
            reasons[meeting.id] = "common_slots_busy"
            continue
        reasons[meeting.id] = "capacity"
        for position in free:
            if meeting.table_kind is None:
                has_table = used_any[position] < len(problem.tables)
            else:
                has_table = used_tables[position, meeting.table_kind] < tables_of_kind[
                    meeting.table_kind
                ] and used_any[position] < len(problem.tables)
            has_interpreter = meeting.interpreter is None or used_interpreters[
                position, meeting.interpreter
            ] < pools[meeting.interpreter].capacity(problem.slots[position].id)
            if has_table and has_interpreter:
                reasons[meeting.id] = "not_placed"
                break
    return reasons


def reason_counts(*, run: ScheduleRun) -> list[tuple[str, Any, int]]:
    """(code, explanation, how many) of the run's meetings left out, most frequent first."""
    counts = Counter(row["reason"] for row in run.unscheduled)
    return [(code, REASONS.get(code, code), n) for code, n in counts.most_common()]


# ---- labels ------------------------------------------------------------------------------


def _person_label(membership: Membership | None) -> str:
    if membership is None:
        return "?"
    user = membership.user
    return person_name(user)


def label_meetings(*, rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The given assignment/unscheduled rows with readable organizations and persons
    (three queries whatever the number of rows)."""
    request_ids = {row["request"] for row in rows if row.get("request")}
    requests = MeetingRequest.objects.select_related(*party_paths()).in_bulk(request_ids)
    org_ids = {pk for row in rows for pk in row.get("pair") or ()}
    organizations = Organization.objects.in_bulk(org_ids)
    person_ids = {pk for row in rows for pk in row.get("attendees") or ()}
    people = Membership.objects.select_related("user", "organization").in_bulk(person_ids)
    labelled = []
    for row in rows:
        request = requests.get(row["request"]) if row.get("request") else None
        if request is not None:
            first, second = parties_of(request)
        else:
            pair = row.get("pair") or []
            first = organizations.get(pair[0]) if pair else None
            second = organizations.get(pair[1]) if len(pair) > 1 else None
        labelled.append(
            {
                **row,
                "first": first,
                "second": second,
                "proposed": request is None,
                "people": [_person_label(people.get(pk)) for pk in row.get("attendees") or ()],
                "reason_label": REASONS.get(row.get("reason", ""), row.get("reason", "")),
            }
        )
    return labelled


# ---- per participant ---------------------------------------------------------------------


@dataclass(frozen=True)
class ParticipantRow:
    membership_id: int
    person: str
    organization: str
    asked: int
    scheduled: int
    gaps: int

    @property
    def share(self) -> float:
        return self.scheduled / self.asked if self.asked else 1.0

    @property
    def share_percent(self) -> int:
        return round(self.share * 100)


#: Sort keys of the per-participant table (the default puts who got nothing first).
PARTICIPANT_SORTS = {
    "share": lambda r: (r.share, r.scheduled, r.person.lower()),
    "-share": lambda r: (-r.share, -r.scheduled, r.person.lower()),
    "person": lambda r: (r.person.lower(), r.organization.lower()),
    "organization": lambda r: (r.organization.lower(), r.person.lower()),
    "asked": lambda r: (-r.asked, r.person.lower()),
    "scheduled": lambda r: (-r.scheduled, r.person.lower()),
    "gaps": lambda r: (-r.gaps, r.person.lower()),
}


def participant_rows(
    *, run: ScheduleRun, sort: str = "share", search: str = "", only_without: bool = False
) -> list[ParticipantRow]:
    """Everyone seated at a meeting of the run with meetings asked, scheduled, idle gaps;
    filtered by `search` (person or organization) and sorted (`PARTICIPANT_SORTS`). One query."""
    people = (run.summary or {}).get("people", {})
    found = Membership.objects.filter(pk__in=[int(pk) for pk in people]).values_list(
        "pk",
        "user__first_name",
        "user__last_name",
        "user__username",
        "organization__name",
    )
    needle = search.strip().lower()
    rows = []
    for pk, first, last, username, organization in found:
        asked, scheduled, gaps = people[str(pk)]
        person = f"{first} {last}".strip() or username
        if needle and needle not in person.lower() and needle not in organization.lower():
            continue
        if only_without and scheduled:
            continue
        rows.append(ParticipantRow(pk, person, organization, asked, scheduled, gaps))
    rows.sort(key=PARTICIPANT_SORTS.get(sort, PARTICIPANT_SORTS["share"]))
    return rows


# ---- comparison --------------------------------------------------------------------------


def _meeting_key(row: Mapping[str, Any]) -> str:
    """The engine id of a stored assignment row (see `runs`' stored JSON)."""
    if row.get("request"):
        return request_key(row["request"])
    return pair_key(*row["pair"])


@dataclass(frozen=True)
class ComparedRuns:
    first: ScheduleRun
    second: ScheduleRun
    #: (label, first value, second value, which is better: "first" | "second" | "").
    figures: list[tuple[Any, Any, Any, str]]
    only_first: list[dict[str, Any]]
    only_second: list[dict[str, Any]]
    moved: int
    same: int
    #: How many meetings only the first / only the second run schedules (all of them).
    count_only_first: int = 0
    count_only_second: int = 0


def _better(first: Any, second: Any, higher: bool) -> str:
    if first is None or second is None or first == second:
        return ""
    return "first" if (first > second) == higher else "second"


def compare_runs(*, first: ScheduleRun, second: ScheduleRun, limit: int = 50) -> ComparedRuns:
    """The figures of two finished runs side by side and the meetings only one of them
    schedules (at most `limit` of each, labelled); `moved` counts meetings both schedule
    at different times."""
    a, b = first.summary or {}, second.summary or {}
    rows = [
        (_("Accepted requests scheduled"), "scheduled_requests", True),
        (_("Accepted requests scheduled (%)"), "requested_percent", True),
        (_("Proposed pairs scheduled"), "scheduled_proposed", True),
        (_("Weight"), "weight", True),
        (_("Proven bound"), "bound", True),
        (_("Gap to the bound (%)"), "gap", False),
        (_("Idle gaps"), "gaps", False),
        (_("Lowest share of a person's meetings"), "min_share", True),
        (_("Persons without any meeting"), "persons_without_meeting", False),
    ]
    figures = [
        (label, a.get(key), b.get(key), _better(a.get(key), b.get(key), higher))
        for label, key, higher in rows
    ]
    placed_first = {_meeting_key(row): row for row in first.assignments}
    placed_second = {_meeting_key(row): row for row in second.assignments}
    only_first = [row for key, row in placed_first.items() if key not in placed_second]
    only_second = [row for key, row in placed_second.items() if key not in placed_first]
    both = placed_first.keys() & placed_second.keys()
    moved = sum(1 for key in both if placed_first[key]["slot"] != placed_second[key]["slot"])
    labelled = label_meetings(rows=only_first[:limit] + only_second[:limit])
    return ComparedRuns(
        first=first,
        second=second,
        figures=figures,
        only_first=labelled[: min(limit, len(only_first))],
        only_second=labelled[min(limit, len(only_first)) :],
        moved=moved,
        same=len(both) - moved,
        count_only_first=len(only_first),
        count_only_second=len(only_second),
    )
