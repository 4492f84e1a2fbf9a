"""Meeting requests between organizations: create, answer, withdraw, arrange, remind, expire.

Every function that changes a request runs in one transaction and locks the rows it decides
on (``select_for_update``), so two people answering the same request at once end in one
consistent state: the second sees the first's answer and gets a `RequestError`.

The database enforces, whatever the code does: no request to oneself, one open (pending or
accepted) request per unordered pair of organizations, answers recorded only for the
receiving organization. Checked here inside the transaction, with the two organizations'
rows locked: survey and screening exclusions, the request deadline, the sender's limit of
pending requests (`Event.max_open_requests`, the sender's membership row is locked).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from summit.events.domain.permissions import is_organizer
from summit.events.models import Event
from summit.meetings.domain import notifications
from summit.meetings.domain.errors import RequestError
from summit.meetings.domain.exclusions import screening_exclusions, survey_excludes
from summit.meetings.domain.parties import (
    involving,
    is_party,
    open_pair_lookup,
    other_party_id_of,
    party_fields,
    party_ids_of,
    party_paths,
)
from summit.meetings.models import MeetingRequest
from summit.organizations.domain.survey import SURVEY_FIELDS
from summit.organizations.models import Membership, Organization

Status = MeetingRequest.Status

#: A pending request gets one reminder this long after it was sent ...
REMIND_AFTER = timedelta(days=3)
#: ... or, if earlier, this long before the event's request deadline.
REMIND_BEFORE_DEADLINE = timedelta(hours=48)


def _now(now: datetime | None) -> datetime:
    return now if now is not None else timezone.now()


def _lock_organizations(*ids: int) -> dict[int, Organization]:
    # Always in id order, so two transactions locking the same pair cannot deadlock.
    rows = Organization.objects.select_for_update().filter(pk__in=ids).order_by("pk")
    return {organization.pk: organization for organization in rows}


def _lock_request(meeting_request: MeetingRequest) -> MeetingRequest:
    return MeetingRequest.objects.select_for_update().get(pk=meeting_request.pk)


def _check_deadline(event: Event, now: datetime) -> None:
    if event.request_deadline is not None and now >= event.request_deadline:
        raise RequestError(_("The deadline for meeting requests has passed."))


def _check_pair(event: Event, first: Organization, second: Organization) -> None:
    """Rules for any request or meeting between two organizations (rows locked by caller)."""
    if first.event_id != event.pk or second.event_id != event.pk:
        raise RequestError(_("Both organizations must take part in this event."))
    if first.pk == second.pk:
        raise RequestError(_("An organization cannot request a meeting with itself."))
    if survey_excludes(first=first, second=second):
        raise RequestError(
            _("%(first)s and %(second)s have excluded each other as partners.")
            % {"first": first.name, "second": second.name}
        )
    if {first.pk, second.pk} & screening_exclusions(event=event):
        raise RequestError(_("The organizers have excluded this organization from meetings."))


def open_request_between(*, first: Organization, second: Organization) -> MeetingRequest | None:
    """The pending or accepted request between two organizations, whoever sent it."""
    return (
        MeetingRequest.objects.filter(
            **open_pair_lookup((first.pk, second.pk)),
            status__in=MeetingRequest.OPEN_STATUSES,
        )
        .order_by("-pk")
        .first()
    )


def _check_no_open_request(first: Organization, second: Organization) -> None:
    existing = open_request_between(first=first, second=second)
    if existing is None:
        return
    if existing.status == Status.ACCEPTED:
        raise RequestError(_("These organizations already have a meeting."))
    raise RequestError(_("A request between these organizations is already waiting for an answer."))


def requests_open(*, event: Event, now: datetime | None = None) -> bool:
    """Whether the event still takes meeting requests (no deadline, or before it)."""
    return event.request_deadline is None or _now(now) < event.request_deadline


def awaiting_answer_count(*, user: Any, event: Event) -> int:
    """Requests to the user's organization in the event that wait for an answer (one query)."""
    return MeetingRequest.objects.filter(
        event=event,
        status=Status.PENDING,
        receiver_organization__memberships__user=user,
        receiver_organization__memberships__event=event,
    ).count()


def pending_sent_by(*, sender: Membership) -> int:
    """How many of the person's requests wait for an answer (counted against the limit)."""
    return MeetingRequest.objects.filter(sender=sender, status=Status.PENDING).count()


def _save_new(meeting_request: MeetingRequest) -> MeetingRequest:
    for field, value in party_fields(*party_ids_of(meeting_request)).items():
        setattr(meeting_request, field, value)
    try:
        with transaction.atomic():
            meeting_request.save()
    except IntegrityError as error:
        # The checks above run under row locks; this is the database's last word on races.
        raise RequestError(_("A request between these organizations is already open.")) from error
    return meeting_request


def create_request(
    *,
    sender: Membership,
    receiver_organization: Organization,
    message: str = "",
    priority: str = MeetingRequest.Priority.NORMAL,
    receiver_person: Membership | None = None,
    now: datetime | None = None,
    base_url: str = "",
) -> MeetingRequest:
    """A participant asks another organization (optionally one of its people) for a meeting;
    the receiving side is e-mailed a link to answer."""
    now = _now(now)
    if priority not in MeetingRequest.Priority.values:
        raise RequestError(_("Unknown priority %(value)s.") % {"value": priority}, code="priority")
    with transaction.atomic():
        sender = Membership.objects.select_for_update().select_related("event").get(pk=sender.pk)
        event = sender.event
        _check_deadline(event, now)
        locked = _lock_organizations(sender.organization_id, receiver_organization.pk)
        if receiver_organization.pk not in locked:
            raise RequestError(_("This organization does not exist."))
        own, other = locked[sender.organization_id], locked[receiver_organization.pk]
        _check_pair(event, own, other)
        if receiver_person is not None and receiver_person.organization_id != other.pk:
            raise RequestError(_("The person asked must belong to the receiving organization."))
        _check_no_open_request(own, other)
        if pending_sent_by(sender=sender) >= event.max_open_requests:
            raise RequestError(
                _(
                    "You already have %(count)d requests waiting for an answer, the most this "
                    "event allows. Withdraw one or wait for answers."
                )
                % {"count": event.max_open_requests}
            )
        meeting_request = _save_new(
            MeetingRequest(
                event=event,
                kind=MeetingRequest.Kind.PARTICIPANT,
                sender=sender,
                sender_organization=own,
                receiver_organization=other,
                receiver_person=receiver_person,
                message=message.strip(),
                priority=priority,
            )
        )
    notifications.notify(
        kind="new_request",
        meeting_request=meeting_request,
        recipients=notifications.receiving_people(meeting_request=meeting_request),
        base_url=base_url,
    )
    return meeting_request


def _answerable(
    meeting_request: MeetingRequest, answerer: Membership, now: datetime
) -> MeetingRequest:
    locked = _lock_request(meeting_request)
    if locked.status != Status.PENDING:
        raise RequestError(
            _("This request is already %(status)s.") % {"status": locked.get_status_display()}
        )
    if answerer.organization_id != locked.receiver_organization_id:
        raise RequestError(_("Only people of the receiving organization can answer this request."))
    _check_deadline(locked.event, now)
    return locked


def _record_answer(
    locked: MeetingRequest, answerer: Membership, status: str, now: datetime
) -> None:
    locked.status = status
    locked.answered_by = answerer
    locked.answered_by_organization_id = answerer.organization_id
    locked.answered_at = now


def accept_request(
    *,
    meeting_request: MeetingRequest,
    answerer: Membership,
    now: datetime | None = None,
    base_url: str = "",
) -> MeetingRequest:
    """The receiving side accepts: the two organizations have a meeting to schedule."""
    now = _now(now)
    with transaction.atomic():
        locked = _answerable(meeting_request, answerer, now)
        _record_answer(locked, answerer, Status.ACCEPTED, now)
        locked.save()
    if locked.sender is not None:
        notifications.notify(
            kind="accepted", meeting_request=locked, recipients=[locked.sender], base_url=base_url
        )
    return locked


def decline_request(
    *,
    meeting_request: MeetingRequest,
    answerer: Membership,
    reason: str = "",
    now: datetime | None = None,
    base_url: str = "",
) -> MeetingRequest:
    """The receiving side declines, optionally saying why (the sender sees the reason)."""
    now = _now(now)
    with transaction.atomic():
        locked = _answerable(meeting_request, answerer, now)
        _record_answer(locked, answerer, Status.DECLINED, now)
        locked.decline_reason = reason.strip()
        locked.save()
    if locked.sender is not None:
        notifications.notify(
            kind="declined", meeting_request=locked, recipients=[locked.sender], base_url=base_url
        )
    return locked


def propose_colleague(
    *,
    meeting_request: MeetingRequest,
    answerer: Membership,
    colleague: Membership,
    now: datetime | None = None,
    base_url: str = "",
) -> MeetingRequest:
    """The receiver hands the request to a colleague of the same organization; it stays
    pending, now addressed to the colleague, and the sender is told."""
    now = _now(now)
    with transaction.atomic():
        locked = _answerable(meeting_request, answerer, now)
        if colleague.organization_id != locked.receiver_organization_id:
            raise RequestError(_("The colleague must belong to the receiving organization."))
        if colleague.pk == answerer.pk:
            raise RequestError(_("Propose someone other than yourself."))
        locked.receiver_person = colleague
        locked.proposed_colleague = colleague
        locked.save()
    if locked.sender is not None:
        notifications.notify(
            kind="colleague_proposed",
            meeting_request=locked,
            recipients=[locked.sender],
            base_url=base_url,
            proposer=answerer,
        )
    notifications.notify(
        kind="forwarded",
        meeting_request=locked,
        recipients=[colleague],
        base_url=base_url,
        proposer=answerer,
    )
    return locked


def withdraw_request(
    *, meeting_request: MeetingRequest, person: Membership, now: datetime | None = None
) -> MeetingRequest:
    """The sending organization takes back a request that is still waiting for an answer."""
    now = _now(now)
    with transaction.atomic():
        locked = _lock_request(meeting_request)
        if person.organization_id != locked.sender_organization_id:
            raise RequestError(_("Only the sending organization can withdraw this request."))
        if locked.status != Status.PENDING:
            raise RequestError(
                _("This request is already %(status)s.") % {"status": locked.get_status_display()}
            )
        locked.status = Status.WITHDRAWN
        locked.answered_at = now
        locked.save()
    return locked


def arrange_meeting(
    *,
    event: Event,
    organizer: Any,
    first: Organization,
    second: Organization,
    message: str = "",
    now: datetime | None = None,
    base_url: str = "",
) -> MeetingRequest:
    """An organizer pairs two organizations directly ("organizer-matched"). A pending request
    between them is cancelled (replaced); an existing meeting is an error."""
    if not is_organizer(user=organizer, event=event):
        raise PermissionDenied
    now = _now(now)
    with transaction.atomic():
        locked = _lock_organizations(first.pk, second.pk)
        if first.pk not in locked or second.pk not in locked:
            raise RequestError(_("This organization does not exist."))
        first, second = locked[first.pk], locked[second.pk]
        _check_pair(event, first, second)
        existing = open_request_between(first=first, second=second)
        if existing is not None:
            existing = _lock_request(existing)
            if existing.status == Status.ACCEPTED:
                raise RequestError(_("These organizations already have a meeting."))
            existing.status = Status.CANCELLED
            existing.answered_at = now
            existing.save()
        meeting = _save_new(
            MeetingRequest(
                event=event,
                kind=MeetingRequest.Kind.ORGANIZER_ARRANGED,
                sender_organization=first,
                receiver_organization=second,
                message=message.strip(),
                status=Status.ACCEPTED,
                arranged_by=organizer,
                answered_at=now,
            )
        )
    notifications.notify(
        kind="arranged",
        meeting_request=meeting,
        recipients=[
            *notifications.organization_people(organization_id=first.pk),
            *notifications.organization_people(organization_id=second.pk),
        ],
        base_url=base_url,
    )
    return meeting


def send_reminders(*, event: Event, now: datetime | None = None, base_url: str = "") -> int:
    """Remind the receivers of pending requests once: after `REMIND_AFTER`, or within
    `REMIND_BEFORE_DEADLINE` of the deadline, whichever comes first. Returns how many."""
    now = _now(now)
    deadline = event.request_deadline
    if deadline is not None and now >= deadline:
        return 0
    due = MeetingRequest.objects.filter(
        event=event, status=Status.PENDING, reminder_sent_at__isnull=True
    )
    if deadline is None or now < deadline - REMIND_BEFORE_DEADLINE:
        due = due.filter(created__lte=now - REMIND_AFTER)
    with transaction.atomic():
        reminded = list(due.select_for_update().order_by("pk"))
        for meeting_request in reminded:
            meeting_request.reminder_sent_at = now
            meeting_request.save(update_fields=["reminder_sent_at", "updated"])
    for meeting_request in reminded:
        notifications.notify(
            kind="reminder",
            meeting_request=meeting_request,
            recipients=notifications.receiving_people(meeting_request=meeting_request),
            base_url=base_url,
        )
    return len(reminded)


def expire_requests(*, event: Event, now: datetime | None = None, base_url: str = "") -> int:
    """At the event's request deadline, every pending request expires; both sides are told.
    Returns how many expired (none before the deadline or without one)."""
    now = _now(now)
    if event.request_deadline is None or now < event.request_deadline:
        return 0
    with transaction.atomic():
        expired = list(
            MeetingRequest.objects.select_for_update()
            .filter(event=event, status=Status.PENDING)
            .order_by("pk")
        )
        for meeting_request in expired:
            meeting_request.status = Status.EXPIRED
            meeting_request.answered_at = now
            meeting_request.save(update_fields=["status", "answered_at", "updated"])
    for meeting_request in expired:
        senders = [meeting_request.sender] if meeting_request.sender is not None else []
        notifications.notify(
            kind="expired",
            meeting_request=meeting_request,
            recipients=[*senders, *notifications.receiving_people(meeting_request=meeting_request)],
            base_url=base_url,
        )
    return len(expired)


@dataclass(frozen=True)
class ProcessResult:
    reminded: int
    expired: int


def process_requests(
    *, event: Event, now: datetime | None = None, base_url: str = ""
) -> ProcessResult:
    """What the periodic job does for one event: reminders first, then expiry."""
    now = _now(now)
    reminded = send_reminders(event=event, now=now, base_url=base_url)
    expired = expire_requests(event=event, now=now, base_url=base_url)
    return ProcessResult(reminded=reminded, expired=expired)


# ---- reading -------------------------------------------------------------------------------


#: Survey answers of the two organizations are not needed to show a request (JSON decoding
#: of nine list fields per organization was most of a long list's database time).
_UNUSED_ORGANIZATION_FIELDS = ("description", *SURVEY_FIELDS)


def with_related(requests: QuerySet[MeetingRequest]) -> QuerySet[MeetingRequest]:
    deferred = [path for field in _UNUSED_ORGANIZATION_FIELDS for path in party_paths(field=field)]
    return requests.defer(*deferred).select_related(
        "event",
        "sender__user",
        *party_paths(),
        "receiver_person__user",
        "proposed_colleague__user",
        "answered_by__user",
        "arranged_by",
    )


def requests_of(*, organization: Organization) -> tuple[list[MeetingRequest], list[MeetingRequest]]:
    """(incoming, outgoing) requests of an organization, newest first; organizer-arranged
    meetings count as incoming for both sides."""
    rows = list(with_related(MeetingRequest.objects.filter(involving(organization))))
    incoming, outgoing = [], []
    for row in rows:
        sent = (
            row.sender_organization_id == organization.pk
            and row.kind == MeetingRequest.Kind.PARTICIPANT
        )
        (outgoing if sent else incoming).append(row)
    return incoming, outgoing


def event_requests(
    *, event: Event, status: str = "", organization: Organization | None = None
) -> QuerySet[MeetingRequest]:
    """All requests of the event (organizers), optionally by status and organization."""
    found = MeetingRequest.objects.filter(event=event)
    if status:
        found = found.filter(status=status)
    if organization is not None:
        found = found.filter(involving(organization))
    return with_related(found)


def find_request(*, event: Event, request_id: int) -> MeetingRequest | None:
    return with_related(MeetingRequest.objects.filter(event=event, pk=request_id)).first()


def can_view_request(
    *, user: Any, meeting_request: MeetingRequest, membership: Membership | None
) -> bool:
    """Organizers and the people of both organizations see a request."""
    if membership is not None and is_party(
        meeting_request, organization_id=membership.organization_id
    ):
        return True
    return is_organizer(user=user, event=meeting_request.event)


def contact_details(
    *, meeting_request: MeetingRequest, viewer: Membership | None
) -> list[Membership]:
    """The other side's people (for e-mail, phone, job title) — only once the meeting is
    accepted or arranged, and only for the two organizations' own people."""
    return contacts_by_request(meeting_requests=[meeting_request], viewer=viewer)[
        meeting_request.pk
    ]


def contacts_by_request(
    *, meeting_requests: Sequence[MeetingRequest], viewer: Membership | None
) -> dict[int, list[Membership]]:
    """`contact_details` of several requests (request id → people), in one query."""
    other_of: dict[int, int] = {}
    for row in meeting_requests:
        if (
            row.status == Status.ACCEPTED
            and viewer is not None
            and is_party(row, organization_id=viewer.organization_id)
        ):
            other_of[row.pk] = other_party_id_of(row, organization_id=viewer.organization_id)
    people = people_by_organization(organization_ids=set(other_of.values()))
    return {row.pk: people.get(other_of.get(row.pk, 0), []) for row in meeting_requests}


def people_by_organization(*, organization_ids: set[int]) -> dict[int, list[Membership]]:
    """The people of several organizations in one query (for contact details in lists)."""
    people: dict[int, list[Membership]] = {
        organization_id: [] for organization_id in organization_ids
    }
    rows = Membership.objects.select_related("user").filter(organization_id__in=organization_ids)
    for membership in rows.order_by("role", "pk"):
        people[membership.organization_id].append(membership)
    return people


def accepted_meetings(*, event: Event) -> QuerySet[MeetingRequest]:
    """The event's meetings to schedule: accepted requests and organizer-arranged ones."""
    return MeetingRequest.objects.filter(event=event, status=Status.ACCEPTED).select_related(
        *party_paths()
    )
