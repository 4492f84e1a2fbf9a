"""Background tasks of the organizations app: thin wrappers around domain functions."""

from __future__ import annotations

from django_tasks import task

from summit.accounts.domain.invitations import invite_member
from summit.organizations.models import Membership


@task()
def send_invitations(membership_ids: list[int], base_url: str = "") -> int:
    """E-mail an invitation to each of these members (after a survey import); returns how
    many were sent. Memberships deleted in the meantime are skipped."""
    members = Membership.objects.select_related("user", "event", "organization").filter(
        pk__in=membership_ids
    )
    sent = 0
    for membership in members:
        invite_member(membership=membership, base_url=base_url)
        sent += 1
    return sent
