"""E-mails about meeting requests, each in its recipient's language with a link to the answer.

Templates: ``meetings/email/<kind>_subject.txt`` and ``<kind>_body.txt``, sent by
`summit.core.mail.send_localized` after the state change is saved; a failing mail server is
logged, never undoes an answer.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.urls import reverse

from summit.core.mail import absolute_url, send_localized
from summit.meetings.models import MeetingRequest
from summit.organizations.models import Membership

KINDS = (
    "new_request",
    "accepted",
    "declined",
    "colleague_proposed",
    "forwarded",
    "reminder",
    "expired",
    "arranged",
)


def request_url(*, meeting_request: MeetingRequest, base_url: str = "") -> str:
    """The link to the request's page (answer buttons for the receiver), absolute when a base
    URL is known (the current site, or ``SUMMIT_BASE_URL`` for background jobs)."""
    path = reverse(
        "meetings:request_detail",
        kwargs={"event_slug": meeting_request.event.slug, "request_id": meeting_request.pk},
    )
    return absolute_url(path, base_url)


def receiving_people(*, meeting_request: MeetingRequest) -> list[Membership]:
    """Who answers: the person asked, else everyone of the receiving organization."""
    if meeting_request.receiver_person_id is not None:
        assert meeting_request.receiver_person is not None
        return [meeting_request.receiver_person]
    return organization_people(organization_id=meeting_request.receiver_organization_id)


def organization_people(*, organization_id: int) -> list[Membership]:
    return list(Membership.objects.select_related("user").filter(organization_id=organization_id))


def notify(
    *,
    kind: str,
    meeting_request: MeetingRequest,
    recipients: Iterable[Membership],
    base_url: str = "",
    **extra: Any,
) -> int:
    """E-mail each recipient (once, if they have an address); returns how many were sent."""
    if kind not in KINDS:
        raise ValueError(f"unknown notification {kind!r}; expected one of {KINDS}")
    url = request_url(meeting_request=meeting_request, base_url=base_url)
    event = meeting_request.event
    sent = 0
    seen: set[int] = set()
    for membership in recipients:
        user = membership.user
        if not user.email or user.pk in seen:
            continue
        seen.add(user.pk)
        context = {
            "recipient": membership,
            "meeting_request": meeting_request,
            "event": event,
            "url": url,
            **extra,
        }
        sent += send_localized(
            user=user,
            template=f"meetings/email/{kind}",
            context=context,
            time_zone=event.time_zone,
        )
    return sent
