"""E-mails about deals to the other parties, each in its recipient's language with a link to
the deal's page (where they confirm it), sent by `summit.core.mail.send_localized` after the
change is committed; a failing mail server is logged and never undoes the change.

Templates: ``outcomes/email/deal_<kind>_subject.txt`` and ``deal_<kind>_body.txt``.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from summit.core.mail import absolute_url, send_localized
from summit.organizations.models import Membership
from summit.outcomes.models import Deal

KINDS = ("recorded", "stage_changed")


def deal_url(*, deal: Deal, base_url: str = "") -> str:
    path = reverse("outcomes:deal_detail", kwargs={"slug": deal.event.slug, "deal_id": deal.pk})
    return absolute_url(path, base_url)


def notify_other_parties(
    *, kind: str, deal: Deal, acting_organization_id: int | None, base_url: str = "", **extra: Any
) -> int:
    """E-mail the people of the deal's parties other than the acting one; returns how many."""
    if kind not in KINDS:
        raise ValueError(f"unknown notification {kind!r}; expected one of {KINDS}")
    people = (
        Membership.objects.filter(organization__deal_parties__deal=deal, user__is_active=True)
        .exclude(organization_id=acting_organization_id)
        .exclude(user__email="")
        .select_related("user", "organization")
        .order_by("pk")
    )
    url = deal_url(deal=deal, base_url=base_url)
    parties = [party.organization for party in deal.parties.select_related("organization")]
    sent = 0
    for membership in people:
        context = {
            "recipient": membership,
            "deal": deal,
            "event": deal.event,
            "parties": parties,
            "url": url,
            **extra,
        }
        sent += send_localized(
            user=membership.user,
            template=f"outcomes/email/deal_{kind}",
            context=context,
            time_zone=deal.event.time_zone,
        )
    return sent
