"""Access rules of the agenda pages (read by tests/summit/test_access.py).

The world gets a published meeting of the participant (``world.scheduled_meeting``) and the
participant's calendar-feed token (``world.calendar_token``). The feed needs no log-in: the
secret token in its URL is the credential, so everyone holding the link reads it. Organizers
who are not participants are sent from "my agenda", the .ics file and the PDF to the page
where they choose whose agenda to open.
"""

from __future__ import annotations

from typing import Any


def prepare_world(world: Any) -> None:
    from summit.agenda.domain.tokens import calendar_token_for
    from summit.events.models import Slot, Table
    from summit.meetings.models import MeetingRequest
    from summit.organizations.models import Membership, Organization
    from summit.scheduling.models import MeetingSeat, ScheduledMeeting

    me = Membership.objects.get(event=world.event, user=world.users["participant"])
    delta = Organization.objects.create(
        event=world.event, org_id="DELTA", name="Delta Bio", org_type="biotech", country="KR"
    )
    from django.contrib.auth import get_user_model

    other = Membership.objects.create(
        event=world.event,
        organization=delta,
        user=get_user_model().objects.create_user("delta-lead"),
    )
    low, high = sorted([me.organization, delta], key=lambda org: org.pk)
    request = MeetingRequest.objects.create(
        event=world.event,
        sender=me,
        sender_organization=me.organization,
        receiver_organization=delta,
        low_organization=low,
        high_organization=high,
        status="accepted",
        answered_by=other,
        answered_by_organization=delta,
    )
    slot = Slot.objects.filter(event=world.event).order_by("start").first()
    table = Table.objects.filter(event=world.event).order_by("number").first()
    meeting = ScheduledMeeting.objects.create(
        event=world.event, meeting_request=request, slot=slot, table=table
    )
    for person in (me, other):
        MeetingSeat.objects.create(meeting=meeting, membership=person, slot=slot)
    world.scheduled_meeting = meeting
    world.calendar_token = calendar_token_for(membership=me)


RULES = {
    "agenda:mine": {"read": "members", "write": "nobody"},
    "agenda:calendar_file": {"read": "members", "write": "nobody"},
    "agenda:pdf": {"read": "members", "write": "nobody"},
    "agenda:feed": {
        "read": "everyone",
        "write": "nobody",
        "kwargs": {"token": "calendar_token.token"},
    },
    "agenda:regenerate_token": {"read": "nobody", "write": ["participant"]},
    # The default organization is the participant's own: its members see its agenda.
    "agenda:organization": {"read": "members", "write": "nobody"},
    "agenda:table_plan": {"read": "organizers", "write": "nobody"},
    "agenda:table_plan_pdf": {"read": "organizers", "write": "nobody"},
}
