"""Review of finished runs: the reason of every meeting left out, per-participant figures,
two runs compared."""

from __future__ import annotations

from typing import Any

import pytest

from summit.meetings.domain.requests import arrange_meeting
from summit.scheduling.domain.problem import build_problem, request_key
from summit.scheduling.domain.review import (
    compare_runs,
    explain_unscheduled,
    label_meetings,
    participant_rows,
    reason_counts,
)
from summit.scheduling.domain.runs import RunOptions, execute_run
from summit.scheduling.models import ScheduleRun

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def _execute(event: Any, solver: str = "greedy", seed: int = 0) -> ScheduleRun:
    options = RunOptions(solver=solver, time_limit_s=1, seed=seed)
    run = execute_run(run=ScheduleRun.objects.create(event=event, options=options.as_json()))
    assert run.status == "done", run.error
    return run


def _reasons(run: ScheduleRun) -> dict[int, str]:
    return {row["request"]: row["reason"] for row in run.unscheduled}


def test_reason_no_common_free_slot_when_never_free_together(
    event, make_people, accepted, only_free_in
):
    a, b = make_people(event, 2)
    only_free_in(a, 0)
    only_free_in(b, 1)
    request = accepted(a, b)
    run = _execute(event)
    assert _reasons(run) == {request.pk: "no_common_free_slot"}
    assert run.unscheduled[0]["attendees"] == [a.pk, b.pk]


def test_reason_common_slots_busy_when_their_other_meeting_takes_the_slot(
    event, make_people, accepted, only_free_in
):
    a, b, c = make_people(event, 3)
    only_free_in(a, 0)
    first = accepted(a, b)
    second = accepted(a, c)
    run = _execute(event)
    assert [row["request"] for row in run.assignments] == [first.pk]
    assert _reasons(run) == {second.pk: "common_slots_busy"}


def test_reason_capacity_when_every_table_is_taken(
    make_event, organizer, make_people, accepted, only_free_in
):
    event = make_event(tables=1, organizer=organizer)
    a, b, c, d = make_people(event, 4)
    for person in (a, b, c, d):
        only_free_in(person, 2)
    first = accepted(a, b)
    second = accepted(c, d)
    run = _execute(event)
    assert [row["request"] for row in run.assignments] == [first.pk]
    assert _reasons(run) == {second.pk: "capacity"}


def test_reason_capacity_when_the_interpreters_are_used_up(
    make_event, organizer, make_organization, make_membership, accepted, only_free_in
):
    event = make_event(organizer=organizer, interpreters_per_slot=1)
    korean = [make_membership(make_organization(event, languages=["ko"])) for _ in range(2)]
    english = [make_membership(make_organization(event, languages=["en"])) for _ in range(2)]
    for person in korean + english:
        only_free_in(person, 0)
    first = accepted(korean[0], english[0])
    second = accepted(korean[1], english[1])
    run = _execute(event)
    assert [row["request"] for row in run.assignments] == [first.pk]
    assert _reasons(run) == {second.pk: "capacity"}


def test_reason_not_placed_when_a_place_was_free(event, make_people, accepted):
    a, b = make_people(event, 2)
    request = accepted(a, b)
    built = build_problem(event=event)
    assert explain_unscheduled(problem=built.problem, assignments=()) == {
        request_key(request.pk): "not_placed"
    }


def test_reason_no_contact_when_a_side_has_nobody(
    event, organizer, make_people, make_organization, accepted
):
    a, b = make_people(event, 2)
    accepted(a, b)
    empty = make_organization(event, name="Nobody Yet Bio")
    arranged = arrange_meeting(event=event, organizer=organizer, first=a.organization, second=empty)
    run = _execute(event)
    assert _reasons(run) == {arranged.pk: "no_contact"}
    assert run.summary["requested"] == 2
    assert run.summary["requested_percent"] == 50.0
    counts = reason_counts(run=run)
    assert [(code, n) for code, _label, n in counts] == [("no_contact", 1)]
    labelled = label_meetings(rows=run.unscheduled)
    assert labelled[0]["second"] == empty
    assert str(labelled[0]["reason_label"]).startswith("one organization has nobody")


def test_participant_rows_put_people_without_meetings_first(
    event, make_people, accepted, only_free_in
):
    a, b, c = make_people(event, 3)
    only_free_in(a, 0)
    accepted(a, b)
    accepted(a, c)
    run = _execute(event)
    rows = participant_rows(run=run)
    assert (rows[0].membership_id, rows[0].asked, rows[0].scheduled) == (c.pk, 1, 0)
    assert rows[0].share_percent == 0
    assert {r.membership_id for r in rows} == {a.pk, b.pk, c.pk}
    by_organization = participant_rows(run=run, search=b.organization.name)
    assert [r.membership_id for r in by_organization] == [b.pk]
    assert [r.membership_id for r in participant_rows(run=run, only_without=True)] == [c.pk]
    most = participant_rows(run=run, sort="asked")
    assert most[0].membership_id == a.pk


def test_compare_runs_lists_meetings_only_one_run_schedules(
    event, make_people, accepted, only_free_in
):
    a, b, c = make_people(event, 3)
    only_free_in(a, 0)
    first_request = accepted(a, b)
    second_request = accepted(a, c)
    first = _execute(event)
    # The second draft is made by hand: the other of a's two meetings in the one slot.
    second = ScheduleRun.objects.create(
        event=event,
        status="done",
        summary={**first.summary, "scheduled_requests": 1, "gaps": 3},
        assignments=[{**first.assignments[0], "request": second_request.pk}],
    )
    compared = compare_runs(first=first, second=second)
    assert [row["request"] for row in compared.only_first] == [first_request.pk]
    assert [row["request"] for row in compared.only_second] == [second_request.pk]
    assert (compared.count_only_first, compared.count_only_second) == (1, 1)
    assert (compared.same, compared.moved) == (0, 0)
    figures = {str(label): (x, y, better) for label, x, y, better in compared.figures}
    assert figures["Idle gaps"] == (first.summary["gaps"], 3, "first")
    assert figures["Accepted requests scheduled"] == (1, 1, "")


def test_compare_runs_counts_meetings_at_another_time(event, make_people, accepted):
    a, b = make_people(event, 2)
    accepted(a, b)
    first = _execute(event)
    moved = dict(first.assignments[0])
    moved["slot"] = moved["slot"] + 1
    second = ScheduleRun.objects.create(
        event=event, status="done", summary=first.summary, assignments=[moved]
    )
    compared = compare_runs(first=first, second=second)
    assert (compared.same, compared.moved, compared.only_first) == (0, 1, [])
