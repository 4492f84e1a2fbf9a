"""E-mails about deals to the other parties, each in its recipient's language with a link to
the deal's page (where they confirm it). Sent after the change is committed; a failing mail
server is logged and never undoes the change.

Templates: ``outcomes/email/deal_<kind>_subject.txt`` and ``deal_<kind>_body.txt``.
"""

from __future__ import annotations

import logging
import smtplib
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from summit.accounts.domain.profiles import profile_for
from summit.organizations.models import Membership
from summit.outcomes.models import Deal

logger = logging.getLogger(__name__)

KINDS = ("recorded", "stage_changed")


def deal_url(*, deal: Deal, base_url: str = "") -> str:
    path = reverse("outcomes:deal_detail", kwargs={"slug": deal.event.slug, "deal_id": deal.pk})
    return f"{(base_url or settings.BASE_URL).rstrip('/')}{path}"


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
        with (
            translation.override(profile_for(user=membership.user).language),
            timezone.override(deal.event.time_zone),
        ):
            subject = render_to_string(f"outcomes/email/deal_{kind}_subject.txt", context)
            body = render_to_string(f"outcomes/email/deal_{kind}_body.txt", context)
        try:
            send_mail(" ".join(subject.split()), body, None, [membership.user.email])
        except (smtplib.SMTPException, OSError):
            logger.exception("could not e-mail %s about deal %s", membership.user.email, kind)
            continue
        sent += 1
    return sent
