"""Access rules of the scheduling pages (read by tests/summit/test_access.py).

The world gets a finished draft run (``world.schedule_run``, usable by any page that takes
a ``run_id``). Every page is the organizers'; POST-only pages refuse GET (405).
"""

from __future__ import annotations

from typing import Any

_RUN = {"slug": "event.slug", "run_id": "schedule_run.pk"}


def prepare_world(world: Any) -> None:
    from summit.scheduling.models import ScheduleRun

    world.schedule_run = ScheduleRun.objects.create(
        event=world.event,
        name="Draft A",
        status=ScheduleRun.Status.DONE,
        options={"solver": "greedy", "time_limit_s": 1, "seed": 0},
        summary={"requested": 0, "scheduled": 0, "people": {}},
    )
    _prepare_published_meeting(world)


def _prepare_published_meeting(world: Any) -> None:
    """A published meeting (``world.scheduled_meeting``) for the cancellation page (H2)."""
    from django.contrib.auth import get_user_model

    from summit.events.models import Slot
    from summit.meetings.models import MeetingRequest
    from summit.organizations.models import Membership, Organization
    from summit.scheduling.models import MeetingSeat, ScheduledMeeting

    delta = Organization.objects.create(
        event=world.event,
        org_id="SCHEDPUB",
        name="Publish Partner Bio",
        org_type="biotech",
        country="KR",
    )
    user = get_user_model().objects.create_user(
        "publish-partner", email="lead@publish-partner.example"
    )
    guest = Membership.objects.create(event=world.event, organization=delta, user=user)
    host = Membership.objects.filter(organization=world.organization).first()
    low, high = sorted([delta.pk, world.organization.pk])
    request = MeetingRequest.objects.create(
        event=world.event,
        sender=guest,
        sender_organization=delta,
        receiver_organization=world.organization,
        low_organization_id=low,
        high_organization_id=high,
        status="accepted",
        answered_by=host,
        answered_by_organization=world.organization,
    )
    # Other apps' worlds publish meetings too: take a slot free for the table and the host.
    slot = (
        Slot.objects.filter(event=world.event)
        .exclude(scheduled_meetings__table=world.table, scheduled_meetings__status="scheduled")
        .exclude(pk__in=MeetingSeat.objects.filter(membership=host).values("slot_id"))
        .order_by("-start")
        .first()
    )
    world.scheduled_meeting = ScheduledMeeting.objects.create(
        event=world.event, meeting_request=request, slot=slot, table=world.table
    )
    for person in (guest, host):
        MeetingSeat.objects.create(meeting=world.scheduled_meeting, membership=person, slot=slot)


RULES = {
    "scheduling:home": {"read": "organizers", "write": "nobody"},
    # An empty POST is an invalid form (400), which still counts as "let in".
    "scheduling:run_start": {"read": "nobody", "write": "organizers"},
    "scheduling:run": {"read": "organizers", "write": "nobody", "kwargs": _RUN},
    "scheduling:run_progress": {"read": "organizers", "write": "nobody", "kwargs": _RUN},
    "scheduling:run_rename": {"read": "nobody", "write": "organizers", "kwargs": _RUN},
    "scheduling:run_delete": {"read": "nobody", "write": "organizers", "kwargs": _RUN},
    "scheduling:compare": {"read": "organizers", "write": "nobody"},
    "scheduling:capacity": {"read": "organizers", "write": "nobody"},
    "scheduling:capacity_start": {"read": "nobody", "write": "organizers"},
    # Publication and live changes (H2). Publishing the world's empty run is allowed.
    "scheduling:publish": {"read": "organizers", "write": "organizers", "kwargs": _RUN},
    "scheduling:late": {"read": "organizers", "write": "organizers"},
    "scheduling:cancel_meeting": {
        "read": "organizers",
        "write": "organizers",
        "kwargs": {"slug": "event.slug", "meeting_id": "scheduled_meeting.pk"},
    },
}
