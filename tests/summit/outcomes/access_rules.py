"""Access rules of the outcome pages (read by tests/summit/test_access.py).

The world gets a scheduled meeting between the participant's organization and Beta
Therapeutics on a day and table of its own (``world.held_meeting``) and a
public deal between them recorded by Beta (``world.deal``), not yet confirmed by the
participant.
Feedback and confirmation need a membership of a side or party, so organizers who are not
participants are refused there; organizers see all feedback and all deals instead.
"""

from __future__ import annotations

from datetime import date, time, timedelta
from typing import Any

_EVENT = {"slug": "event.slug"}
_MEETING = {"slug": "event.slug", "meeting_id": "held_meeting.pk"}
_DEAL = {"slug": "event.slug", "deal_id": "deal.pk"}


def prepare_world(world: Any) -> None:
    from django.contrib.auth import get_user_model

    from summit.events.domain.setup import add_day, save_session
    from summit.events.models import EventDay, Slot, Table
    from summit.meetings.models import MeetingRequest
    from summit.organizations.models import Membership, Organization
    from summit.outcomes.domain.deals import DealData, record_deal
    from summit.scheduling.models import MeetingSeat, ScheduledMeeting

    acme = world.organization
    beta = Organization.objects.filter(event=world.event, org_id="BETA").first()
    if beta is None:
        beta = Organization.objects.create(
            event=world.event,
            org_id="BETA",
            name="Beta Therapeutics",
            org_type="biotech",
            country="KR",
        )
    beta_person = Membership.objects.create(
        event=world.event,
        organization=beta,
        user=get_user_model().objects.create_user("beta-outcomes", email="bd@beta.example"),
    )
    acme_person = Membership.objects.get(event=world.event, user=world.users["participant"])
    low, high = sorted([acme, beta], key=lambda organization: organization.pk)
    meeting_request = MeetingRequest.objects.create(
        event=world.event,
        sender=acme_person,
        sender_organization=acme,
        receiver_organization=beta,
        low_organization=low,
        high_organization=high,
        status="cancelled",  # not open: other rule files may still pair the two
    )
    # On a day and table of its own, so that deleting the world's day, session or table (the
    # events rules) is not blocked by this meeting.
    last_day = EventDay.objects.filter(event=world.event).order_by("-date").first()
    day = add_day(event=world.event, day=last_day.date + timedelta(days=1))
    save_session(
        day=day,
        name="Outcomes",
        start_time=time(9, 0),
        end_time=time(10, 0),
        slot_minutes=30,
        break_minutes=0,
    )
    slot = Slot.objects.filter(session__day=day).order_by("start").first()
    table = Table.objects.filter(event=world.event).exclude(pk=world.table.pk).order_by("number")[0]
    world.held_meeting = ScheduledMeeting.objects.create(
        event=world.event, meeting_request=meeting_request, slot=slot, table=table
    )
    for person in (acme_person, beta_person):
        MeetingSeat.objects.create(meeting=world.held_meeting, membership=person, slot=slot)
    world.deal = record_deal(
        event=world.event,
        user=beta_person.user,
        data=DealData(
            title="Antibody licence",
            kind="license",
            stage="discussing",
            date=date(2026, 10, 6),
            organizations=[beta, acme],
            meetings=(world.held_meeting,),
        ),
    )


RULES = {
    # Organizers without a membership are sent to the list of all feedback.
    "outcomes:home": {"read": "members", "write": "nobody", "kwargs": _EVENT},
    "outcomes:feedback": {"read": ["participant"], "write": ["participant"], "kwargs": _MEETING},
    "outcomes:feedback_list": {"read": "organizers", "write": "nobody", "kwargs": _EVENT},
    "outcomes:deal_list": {"read": "organizers", "write": "nobody", "kwargs": _EVENT},
    "outcomes:deal_create": {"read": "members", "write": "members", "kwargs": _EVENT},
    "outcomes:deal_detail": {"read": "members", "write": "nobody", "kwargs": _DEAL},
    "outcomes:deal_edit": {"read": "members", "write": "members", "kwargs": _DEAL},
    "outcomes:deal_stage": {"read": "nobody", "write": "members", "kwargs": _DEAL},
    "outcomes:deal_confirm": {"read": "nobody", "write": ["participant"], "kwargs": _DEAL},
    "outcomes:my_data": {"read": ["participant"], "write": "nobody", "kwargs": _EVENT},
    "outcomes:my_data_export": {"read": ["participant"], "write": "nobody", "kwargs": _EVENT},
    "outcomes:my_data_delete": {"read": "nobody", "write": ["participant"], "kwargs": _EVENT},
}
