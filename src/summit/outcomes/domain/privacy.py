"""A participant's own data: export it (one JSON document) and delete it.

Deleting an account keeps the event consistent for everybody else. The user row stays as
an anonymous, inactive placeholder ("deleted-<id>", no name, no e-mail, no usable password)
so that the rows other people depend on keep pointing somewhere and every count stays right:

- memberships stay (the organization still took part) with job title and phone erased;
- meeting requests, scheduled meetings and their seats stay (the other side's agenda and
  the organizers' statistics do not change); messages the person wrote and reasons they
  gave are erased;
- feedback they wrote stays (it is their organization's answer) without its free text
  (note, next-step details);
- deals they recorded stay (they belong to the parties); the recorder shows as a deleted
  user;
- removed outright: profile, availability (unavailable slots), invitations, API tokens,
  per-person attachments of memberships such as calendar-feed links, sessions.

Organizers and staff cannot delete themselves here (an administrator removes them).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from summit.accounts.models import Invitation, Profile
from summit.api.models import ApiToken
from summit.events.models import Organizer
from summit.meetings.domain.parties import other_party_of, party_paths
from summit.meetings.models import MeetingRequest, Unavailability
from summit.organizations.models import Membership
from summit.outcomes.domain.errors import OutcomeError
from summit.outcomes.models import Deal, MeetingFeedback
from summit.scheduling.models import MeetingSeat

#: Format marker of the export, bumped when its shape changes.
EXPORT_FORMAT = "summit-personal-data/1"


def _value(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _row(**fields: Any) -> dict[str, Any]:
    return {key: _value(value) for key, value in fields.items()}


def _profile(user: Any) -> dict[str, Any]:
    profile = Profile.objects.filter(user=user).first()
    return _row(
        username=user.username,
        first_name=user.first_name,
        last_name=user.last_name,
        email=user.email,
        date_joined=user.date_joined,
        last_login=user.last_login,
        language=profile.language if profile else "",
        time_zone=profile.time_zone if profile else "",
    )


def _requests(memberships: list[Membership]) -> list[dict[str, Any]]:
    ids = [membership.pk for membership in memberships]
    rows = (
        MeetingRequest.objects.filter(
            Q(sender_id__in=ids) | Q(receiver_person_id__in=ids) | Q(answered_by_id__in=ids)
        )
        .select_related("event", *party_paths())
        .order_by("created", "pk")
    )
    result = []
    for row in rows:
        roles = [
            role
            for role, field in (
                ("sender", "sender_id"),
                ("person_asked", "receiver_person_id"),
                ("answered", "answered_by_id"),
            )
            if getattr(row, field) in ids
        ]
        result.append(
            _row(
                id=row.pk,
                event=row.event.slug,
                your_part=roles,
                sender_organization=row.sender_organization.name,
                receiver_organization=row.receiver_organization.name,
                kind=row.kind,
                status=row.status,
                priority=row.priority,
                message=row.message if "sender" in roles else "",
                reason=row.decline_reason if "answered" in roles else "",
                sent=row.created,
                answered=row.answered_at,
            )
        )
    return result


def _meetings(memberships: list[Membership]) -> list[dict[str, Any]]:
    seats = (
        MeetingSeat.objects.filter(membership__in=memberships)
        .select_related(
            "membership",
            "meeting__event",
            "meeting__slot",
            "meeting__table",
            *party_paths(via="meeting__meeting_request"),
        )
        .order_by("meeting__slot__start", "pk")
    )
    result = []
    for seat in seats:
        meeting = seat.meeting
        other = other_party_of(meeting, organization_id=seat.membership.organization_id)
        result.append(
            _row(
                id=meeting.pk,
                event=meeting.event.slug,
                start=meeting.slot.start,
                end=meeting.slot.end,
                table=meeting.table.number,
                status=meeting.status,
                attendance=meeting.attendance,
                with_organization=other.name,
                video_link=meeting.video_link,
            )
        )
    return result


def _availability(memberships: list[Membership]) -> list[dict[str, Any]]:
    rows = (
        Unavailability.objects.filter(membership__in=memberships)
        .select_related("slot__event")
        .order_by("slot__start")
    )
    return [
        _row(event=row.slot.event.slug, unavailable_from=row.slot.start, until=row.slot.end)
        for row in rows
    ]


def _feedback(memberships: list[Membership]) -> list[dict[str, Any]]:
    rows = (
        MeetingFeedback.objects.filter(author__in=memberships)
        .select_related("organization", "meeting__event", "meeting__slot")
        .order_by("meeting__slot__start", "pk")
    )
    return [
        _row(
            meeting=row.meeting_id,
            event=row.meeting.event.slug,
            meeting_start=row.meeting.slot.start,
            organization=row.organization.name,
            took_place=row.took_place,
            follow_up_interest=row.follow_up_interest,
            next_step=row.next_step,
            next_step_text=row.next_step_text,
            note=row.note,
            created=row.created,
            updated=row.updated,
        )
        for row in rows
    ]


def _deals(user: Any) -> list[dict[str, Any]]:
    rows = (
        Deal.objects.filter(recorded_by=user)
        .select_related("event")
        .prefetch_related("parties__organization", "stage_changes", "meetings")
        .order_by("created", "pk")
    )
    return [
        _row(
            id=row.pk,
            event=row.event.slug,
            title=row.title,
            kind=row.kind,
            stage=row.stage,
            date=row.date,
            signed_on=row.signed_on,
            value=row.value,
            currency=row.currency,
            confidential=row.confidential,
            description=row.description,
            parties=[party.organization.name for party in row.parties.all()],
            meetings=[meeting.pk for meeting in row.meetings.all()],
            history=[
                _row(
                    from_stage=change.from_stage,
                    to_stage=change.to_stage,
                    date=change.date,
                    reason=change.reason,
                )
                for change in row.stage_changes.all()
            ],
            recorded=row.created,
        )
        for row in rows
    ]


def export_user_data(*, user: Any) -> dict[str, Any]:
    """Everything the platform holds about the person, across all their events."""
    memberships = list(
        Membership.objects.filter(user=user).select_related("event", "organization").order_by("pk")
    )
    return {
        "format": EXPORT_FORMAT,
        "exported_at": _value(timezone.now()),
        "profile": _profile(user),
        "memberships": [
            _row(
                event=membership.event.slug,
                event_name=membership.event.name,
                organization=membership.organization.name,
                organization_code=membership.organization.org_id,
                role=membership.role,
                job_title=membership.job_title,
                phone=membership.phone,
            )
            for membership in memberships
        ],
        "meeting_requests": _requests(memberships),
        "meetings": _meetings(memberships),
        "availability": _availability(memberships),
        "feedback": _feedback(memberships),
        "deals_recorded": _deals(user),
        "api_tokens": [
            _row(
                name=token.name,
                prefix=token.prefix,
                created=token.created,
                last_used=token.last_used,
            )
            for token in ApiToken.objects.filter(user=user).order_by("created")
        ],
    }


def can_delete_account(*, user: Any) -> bool:
    """Participants delete their own account; organizers and staff ask an administrator."""
    return (
        user.is_authenticated
        and not user.is_staff
        and not user.is_superuser
        and not Organizer.objects.filter(user=user).exists()
    )


def _erase_sessions(user: Any) -> None:
    user_id = str(user.pk)
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == user_id:
            session.delete()


def delete_user_data(*, user: Any) -> None:
    """Delete the person's account: personal data erased, shared rows kept anonymous (see the
    module's docstring for what happens to each kind of row)."""
    if not can_delete_account(user=user):
        raise OutcomeError(_("Organizers and staff cannot delete their account here."))
    memberships = list(Membership.objects.filter(user=user))
    with transaction.atomic():
        MeetingRequest.objects.filter(sender__in=memberships).update(message="")
        MeetingRequest.objects.filter(answered_by__in=memberships).update(decline_reason="")
        MeetingFeedback.objects.filter(author__in=memberships).update(note="", next_step_text="")
        Unavailability.objects.filter(membership__in=memberships).delete()
        for relation in Membership._meta.related_objects:
            if relation.one_to_one:
                relation.related_model._default_manager.filter(
                    **{f"{relation.field.name}__in": memberships}
                ).delete()
        Membership.objects.filter(pk__in=[m.pk for m in memberships]).update(job_title="", phone="")
        Invitation.objects.filter(user=user).delete()
        ApiToken.objects.filter(user=user).delete()
        Profile.objects.filter(user=user).delete()
        user_model = get_user_model()
        user_model.objects.filter(pk=user.pk).update(
            username=f"deleted-{user.pk}",
            first_name="",
            last_name="",
            email="",
            is_active=False,
        )
        user.refresh_from_db()
        user.set_unusable_password()
        user.save(update_fields=["password"])
        _erase_sessions(user)
