"""Access rules of the lounge pages (read by tests/summit/test_access.py).

The world gets a published meeting of the participant at a new virtual table in the last slot
where the participant is free (``world.lounge_meeting``). Its day lies in the past, so a
participant's check-in or no-show POST is refused by the time window — with a message and a
redirect to the meeting, which is not an access refusal. Moves and resets are the
organizers'; organizers who are not participants are sent from "my day" (and "meet someone
now") to the grid. The same-day proposal of the world is the participant's to answer.
"""

from __future__ import annotations

from typing import Any

_MEETING = {"slug": "event.slug", "meeting_uid": "lounge_meeting.uid"}


def prepare_world(world: Any) -> None:
    from django.contrib.auth import get_user_model

    from summit.events.domain.setup import add_tables
    from summit.events.models import Slot
    from summit.lounge.models import MeetingProposal
    from summit.meetings.models import MeetingRequest
    from summit.organizations.models import Membership, Organization
    from summit.scheduling.models import MeetingSeat, ScheduledMeeting

    me = Membership.objects.get(event=world.event, user=world.users["participant"])
    peer = Organization.objects.create(
        event=world.event, org_id="LOUNGEPEER", name="Lounge Peer", org_type="pharma", country="DE"
    )
    other = Membership.objects.create(
        event=world.event,
        organization=peer,
        user=get_user_model().objects.create_user("lounge-peer"),
    )
    low, high = sorted([me.organization, peer], key=lambda org: org.pk)
    request = MeetingRequest.objects.create(
        event=world.event,
        sender=me,
        sender_organization=me.organization,
        receiver_organization=peer,
        low_organization=low,
        high_organization=high,
        status="accepted",
        answered_by=other,
        answered_by_organization=peer,
    )
    [table] = add_tables(event=world.event, kind="virtual", count=1)
    # Other rule files seat the participant too: take the last slot where they are free.
    busy = MeetingSeat.objects.filter(membership=me, active=True).values("slot_id")
    slot = Slot.objects.filter(event=world.event).exclude(pk__in=busy).order_by("start").last()
    world.lounge_meeting = ScheduledMeeting.objects.create(
        event=world.event, meeting_request=request, slot=slot, table=table
    )
    for person in (me, other):
        MeetingSeat.objects.create(meeting=world.lounge_meeting, membership=person, slot=slot)
    # A same-day proposal from the peer to the participant's organization (the participant
    # answers it; its slot is over, so an answer is refused with a message, not an access
    # refusal).
    world.proposal = MeetingProposal.objects.create(
        event=world.event,
        slot=slot,
        table=table,
        sender=other,
        from_organization=peer,
        to_organization=me.organization,
        to_person=me,
    )


RULES = {
    "lounge:grid": {"read": "organizers", "write": "nobody"},
    "lounge:grid_fragment": {"read": "organizers", "write": "nobody"},
    # The scheduling rules' world has a finished draft (``schedule_run``).
    "lounge:draft": {
        "read": "organizers",
        "write": "nobody",
        "kwargs": {"slug": "event.slug", "run_id": "schedule_run.pk"},
    },
    "lounge:my_day": {"read": "members", "write": "nobody"},
    "lounge:meeting": {"read": "members", "write": "nobody", "kwargs": _MEETING},
    "lounge:check_in": {"read": "members", "write": "members", "kwargs": _MEETING},
    "lounge:no_show": {"read": "nobody", "write": "members", "kwargs": _MEETING},
    "lounge:reset": {"read": "nobody", "write": "organizers", "kwargs": _MEETING},
    "lounge:video_link": {"read": "members", "write": "members", "kwargs": _MEETING},
    "lounge:move": {"read": "organizers", "write": "organizers", "kwargs": _MEETING},
    "lounge:rematch": {"read": "members", "write": "members"},
    "lounge:rematch_meeting": {"read": "organizers", "write": "organizers", "kwargs": _MEETING},
    "lounge:proposal": {
        "read": "members",
        "write": "members",
        "kwargs": {"slug": "event.slug", "uid": "proposal.uid"},
    },
}
