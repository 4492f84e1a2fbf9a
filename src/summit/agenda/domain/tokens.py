"""Secret calendar-feed links: one per person, replaced on request."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from summit.agenda.models import CalendarToken
from summit.agenda.models.token import new_token

if TYPE_CHECKING:
    from summit.events.models import Event
    from summit.organizations.models import Membership


def calendar_token_for(*, membership: Membership) -> CalendarToken:
    """The person's feed token, created on first use."""
    token, _created = CalendarToken.objects.get_or_create(membership=membership)
    return token


@transaction.atomic
def regenerate_calendar_token(*, membership: Membership) -> CalendarToken:
    """Replace the person's feed token: the old link stops working at once."""
    token, created = CalendarToken.objects.select_for_update().get_or_create(membership=membership)
    if not created:
        token.token = new_token()
        token.save(update_fields=["token"])
    return token


def membership_for_calendar_token(*, event: Event, token: str) -> Membership | None:
    """The person whose feed `token` opens, when it belongs to `event`."""
    found = (
        CalendarToken.objects.select_related("membership__organization", "membership__user")
        .filter(token=token, membership__event=event)
        .first()
    )
    return found.membership if found is not None else None
