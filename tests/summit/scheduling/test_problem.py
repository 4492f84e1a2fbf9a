"""An event's accepted meetings become an engine problem that maps back to the rows."""

from __future__ import annotations

from typing import Any

import pytest

from partnering_engine.solvers import get_solver
from partnering_engine.validate import validate_solution
from summit.meetings.domain.availability import set_unavailable
from summit.meetings.domain.requests import accept_request, arrange_meeting, create_request
from summit.meetings.models import MeetingRequest
from summit.scheduling.domain.problem import (
    ProposedPair,
    build_problem,
    person_key,
    request_key,
    slot_key,
)


def _meeting(built: Any, key: str) -> Any:
    return built.problem.meetings[built.problem.meeting_index[key]]


@pytest.fixture
def people(event: Any, make_organization: Any, make_membership: Any) -> dict[str, Any]:
    orgs = {
        name: make_organization(event, name=name, languages=languages)
        for name, languages in (("A", ["ko"]), ("B", ["en"]), ("C", ["en", "ko"]))
    }
    return {
        "a_lead": make_membership(orgs["A"], role="lead"),
        "a_member": make_membership(orgs["A"]),
        "b_member": make_membership(orgs["B"]),
        "b_lead": make_membership(orgs["B"], role="lead"),
        "c_member": make_membership(orgs["C"]),
        **{f"org_{k}": v for k, v in orgs.items()},
    }


def test_build_problem_seats_sender_and_accepting_person(event: Any, people: dict[str, Any]):
    request = create_request(sender=people["a_member"], receiver_organization=people["org_B"])
    accept_request(meeting_request=request, answerer=people["b_member"])
    built = build_problem(event=event)
    meeting = _meeting(built, request_key(request.pk))
    assert (meeting.a, meeting.b) == (
        person_key(people["a_member"].pk),
        person_key(people["b_member"].pk),
    )
    assert built.requests[meeting.id] == request
    assert len(built.problem.slots) == 6
    assert len(built.problem.tables) == 4


def test_build_problem_arranged_meeting_seats_lead_contacts(
    event: Any, organizer: Any, people: dict[str, Any]
):
    request = arrange_meeting(
        event=event, first=people["org_A"], second=people["org_B"], organizer=organizer
    )
    built = build_problem(event=event)
    meeting = _meeting(built, request_key(request.pk))
    assert {meeting.a, meeting.b} == {
        person_key(people["a_lead"].pk),
        person_key(people["b_lead"].pk),
    }
    assert meeting.weight == 2.0


def test_build_problem_unavailable_slots_reach_the_engine(event: Any, people: dict[str, Any]):
    request = create_request(sender=people["a_member"], receiver_organization=people["org_C"])
    accept_request(meeting_request=request, answerer=people["c_member"])
    first_slot = event.slots.order_by("start").first()
    set_unavailable(membership=people["c_member"], slot_id=first_slot.pk, unavailable=True)
    built = build_problem(event=event)
    person = built.problem.participants[
        built.problem.participant_index[person_key(people["c_member"].pk)]
    ]
    assert person.unavailable == frozenset({slot_key(first_slot.pk)})


def test_build_problem_interpreter_needed_only_without_common_language(
    event: Any, people: dict[str, Any]
):
    event.interpreters_per_slot = 1
    event.save()
    korean_english = create_request(
        sender=people["a_member"], receiver_organization=people["org_B"]
    )
    accept_request(meeting_request=korean_english, answerer=people["b_member"])
    shared = create_request(sender=people["a_lead"], receiver_organization=people["org_C"])
    accept_request(meeting_request=shared, answerer=people["c_member"])
    built = build_problem(event=event)
    assert _meeting(built, request_key(korean_english.pk)).interpreter == "ko-en"
    assert _meeting(built, request_key(shared.pk)).interpreter is None
    assert built.problem.interpreters[0].per_slot == 1


def test_build_problem_pins_the_published_schedule(
    event: Any, make_scheduled_meeting: Any, people: dict[str, Any]
):
    published = make_scheduled_meeting(event, slot=2, table=3)
    built = build_problem(event=event)
    key = request_key(published.meeting_request_id)
    pin = built.pins[key]
    assert (pin.slot, pin.table, pin.movable) == (slot_key(published.slot_id), 3, False)
    assert built.attendees[key] == tuple(
        published.seats.order_by("pk").values_list("membership_id", flat=True)
    )


def test_build_problem_without_contact_person_is_left_out(
    event: Any, organizer: Any, make_organization: Any, people: dict[str, Any]
):
    empty = make_organization(event, name="Nobody Pharma")
    request = arrange_meeting(event=event, first=people["org_A"], second=empty, organizer=organizer)
    built = build_problem(event=event)
    assert request_key(request.pk) not in built.problem.meeting_index
    assert [(item.key, item.reason) for item in built.left_out] == [
        (request_key(request.pk), "no_contact")
    ]


def test_build_problem_solution_maps_back_to_rows(event: Any, people: dict[str, Any]):
    request = create_request(sender=people["a_member"], receiver_organization=people["org_B"])
    accept_request(meeting_request=request, answerer=people["b_member"])
    built = build_problem(
        event=event,
        proposed_pairs=[ProposedPair(people["org_B"], people["org_C"], 0.5)],
        extra_tables=2,
    )
    solution = get_solver("greedy").solve(built.problem, time_limit_s=5, seed=1)
    assert validate_solution(built.problem, solution) == []
    assert len(solution.assignments) == 2
    for assignment in solution.assignments:
        slot_id, table_id = built.row_ids(assignment)
        assert event.slots.filter(pk=slot_id).exists()
        assert table_id is None or event.tables.filter(pk=table_id).exists()
    assert MeetingRequest.objects.filter(event=event).count() == 1
