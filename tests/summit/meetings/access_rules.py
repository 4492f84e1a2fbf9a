"""Access rules of the meeting pages and API (read by tests/summit/test_access.py).

The world gets a pending request from Beta Therapeutics to the participant's organization
(``world.meeting_request``) and a third organization to ask (``world.meeting_target``).
Sending, answering and marking availability need a membership, so organizers who are not
participants are refused there (they arrange meetings instead).
"""

from __future__ import annotations

from typing import Any

_EVENT = {"event_slug": "event.slug"}
_REQUEST = {"event_slug": "event.slug", "request_id": "meeting_request.pk"}
_API_REQUEST = {"request_id": "meeting_request.pk"}


def prepare_world(world: Any) -> None:
    from django.contrib.auth import get_user_model

    from summit.meetings.domain.requests import create_request
    from summit.organizations.models import Membership, Organization

    beta = Organization.objects.create(
        event=world.event, org_id="BETA", name="Beta Therapeutics", org_type="biotech", country="KR"
    )
    user = get_user_model().objects.create_user("beta-lead", email="lead@beta.example")
    sender = Membership.objects.create(event=world.event, organization=beta, user=user)
    world.meeting_request = create_request(sender=sender, receiver_organization=world.organization)
    world.meeting_target = Organization.objects.create(
        event=world.event, org_id="GAMMA", name="Gamma Pharma", org_type="pharma", country="JP"
    )


RULES = {
    # Organizers without a membership are redirected to the list of all requests.
    "meetings:my_requests": {"read": "members", "write": "nobody", "kwargs": _EVENT},
    "meetings:request_create": {
        "read": ["participant"],
        "write": ["participant"],
        "kwargs": {"event_slug": "event.slug", "org_id": "meeting_target.org_id"},
    },
    "meetings:request_quick": {
        "read": "nobody",
        "write": ["participant"],
        "kwargs": {"event_slug": "event.slug", "org_id": "meeting_target.org_id"},
    },
    "meetings:request_detail": {"read": "members", "write": "nobody", "kwargs": _REQUEST},
    "meetings:request_answer": {"read": "nobody", "write": ["participant"], "kwargs": _REQUEST},
    "meetings:availability": {"read": ["participant"], "write": ["participant"], "kwargs": _EVENT},
    "meetings:organizer_requests": {"read": "organizers", "write": "nobody", "kwargs": _EVENT},
    "meetings:arrange": {"read": "organizers", "write": "organizers", "kwargs": _EVENT},
    "api:meeting_requests": {"read": ["participant"], "write": ["participant"]},
    "api:create_meeting_request": {"read": ["participant"], "write": ["participant"]},
    "api:meeting_request": {"read": "members", "write": "nobody", "kwargs": _API_REQUEST},
    "api:answer_meeting_request": {
        "read": "nobody",
        "write": ["participant"],
        "kwargs": _API_REQUEST,
    },
    "api:withdraw_meeting_request": {
        "read": "nobody",
        "write": ["participant"],
        "kwargs": _API_REQUEST,
    },
    "api:event_meeting_requests": {"read": "organizers", "write": "nobody"},
    "api:arrange_meeting": {"read": "nobody", "write": "organizers"},
    "api:my_availability": {"read": ["participant"], "write": "nobody"},
    "api:update_my_availability": {"read": ["participant"], "write": "nobody"},
}
