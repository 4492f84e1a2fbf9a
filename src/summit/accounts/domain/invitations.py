"""Invitation links: an imported participant receives a one-time link to set a password."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth import password_validation
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from summit.accounts.domain.profiles import profile_for
from summit.accounts.models import Invitation

if TYPE_CHECKING:
    from summit.events.models import Event
    from summit.organizations.models import Membership


def create_invitation(*, user: Any, event: Event) -> Invitation:
    """A fresh invitation; earlier unused invitations of the user for the event stop working."""
    with transaction.atomic():
        Invitation.objects.filter(user=user, event=event, used_at__isnull=True).update(
            used_at=timezone.now()
        )
        return Invitation.objects.create(user=user, event=event)


def invitation_url(*, invitation: Invitation, base_url: str = "") -> str:
    """The absolute (when a base URL is known) link that accepts the invitation."""
    path = reverse("accounts:invitation", kwargs={"token": invitation.token})
    return f"{(base_url or settings.BASE_URL).rstrip('/')}{path}"


def invite_member(*, membership: Membership, base_url: str = "") -> Invitation:
    """E-mail the member a one-time link, in their language, to set a password and log in."""
    user = membership.user
    if not user.email:
        raise ValueError(f"user {user.username!r} has no e-mail address to invite")
    invitation = create_invitation(user=user, event=membership.event)
    language = profile_for(user=user).language
    with translation.override(language):
        context = {
            "user": user,
            "event": membership.event,
            "organization": membership.organization,
            "url": invitation_url(invitation=invitation, base_url=base_url),
            "valid_days": settings.INVITATION_VALID_DAYS,
        }
        subject = render_to_string("accounts/email/invitation_subject.txt", context)
        body = render_to_string("accounts/email/invitation_body.txt", context)
    subject, address = " ".join(subject.split()), user.email
    # Sent once the invitation is committed: a rolled-back invitation mails nobody a dead link.
    transaction.on_commit(lambda: send_mail(subject, body, None, [address]))
    return invitation


def find_invitation(*, token: str) -> Invitation | None:
    """The unused, unexpired invitation with this token, or None."""
    oldest = timezone.now() - timedelta(days=settings.INVITATION_VALID_DAYS)
    return (
        Invitation.objects.select_related("user", "event")
        .filter(token=token, used_at__isnull=True, created__gte=oldest)
        .first()
    )


def accept_invitation(*, invitation: Invitation, password: str) -> Any:
    """Set the invitee's password (validated), activate them and use up the invitation."""
    user = invitation.user
    password_validation.validate_password(password, user)
    with transaction.atomic():
        updated = Invitation.objects.filter(pk=invitation.pk, used_at__isnull=True).update(
            used_at=timezone.now()
        )
        if updated != 1:
            raise ValueError("this invitation has already been used")
        user.set_password(password)
        user.is_active = True
        user.save(update_fields=["password", "is_active"])
    return user


def members_to_invite(*, event: Event) -> QuerySet[Membership]:
    """Members who cannot log in yet (no password) and hold no valid invitation."""
    from summit.organizations.models import Membership

    oldest = timezone.now() - timedelta(days=settings.INVITATION_VALID_DAYS)
    valid_invitation = Invitation.objects.filter(
        event=event, user=OuterRef("user"), used_at__isnull=True, created__gte=oldest
    )
    return (
        Membership.objects.filter(event=event, user__is_active=True)
        # Django marks an unusable password with a leading "!".
        .filter(user__password__startswith="!")
        .exclude(user__email="")
        .exclude(Exists(valid_invitation))
        .select_related("user", "organization", "event")
    )


def invite_members(*, event: Event, base_url: str = "") -> int:
    """Invite every member of the event who cannot log in yet; returns how many were sent."""
    sent = 0
    for membership in members_to_invite(event=event):
        invite_member(membership=membership, base_url=base_url)
        sent += 1
    return sent
