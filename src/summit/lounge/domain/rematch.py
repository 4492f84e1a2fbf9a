"""Same-day re-matching: a person freed by a no-show or a cancellation meets someone else.

Who is free, chosen once here (`slot_options`):
- A person is *busy* at a slot when they hold an active seat in a scheduled meeting of that
  slot, unless that meeting is a no-show in which the *other* organization was reported
  absent: then they sit at an empty table and are free (the freed person).
- An organization is *away* at a slot when it was reported absent (or both sides were) in a
  no-show of the same day at or before that slot and has not checked in to a later meeting
  since; nobody of it is proposed.
- People who marked the slot unavailable are not free; virtual rooms are not offered (a
  same-day meeting happens at the lounge).
- Partners: the free organizations, minus those the sender dismissed (or that dismissed
  the sender), the organizers excluded after screening, either side excluded in its survey,
  and those that already have an open request or a meeting with the sender. Listed first:
  the ones the recommender lists for the pair (its stored score, the better of the two
  directions; `summit.matching` keeps each organization's top ten) and the people sitting
  alone at the lounge now (their own partner did not come: surely there and free), in the
  order `_partner_order` says (in the running slot those at the lounge first); then the
  other free organizations by name, up to `CANDIDATES_SHOWN` in all. Each is marked
  (recommended, at the lounge now).
- Offered slots: the slot the person was freed in (while at least `MIN_TIME_LEFT` remains)
  and the next `SLOTS_AHEAD - 1` slots of that day in which they are free.

A proposal (`MeetingProposal`) books nothing. `accept_proposal` does, in one transaction
under the event's schedule lock (`summit.scheduling.domain.publish.lock_schedule`, the lock
every change of the published schedule takes): it re-checks that the slot has not passed,
that both people are still free, closes the no-shows in which one of them came (status
cancelled, sequence + 1, seats inactive, request cancelled; attendance and absent side kept:
the person stays at that table and the partner comes to it, and no query of the schedule
ever sees two meetings at one table or a person twice in a slot), takes the proposed table
(the sender's own no-show table when they had one) or, when someone took it in the meantime,
a released or other free table; it then writes the accepted meeting request, the scheduled
meeting and its two seats and closes the other pending proposals of the two people for that
slot. The unique constraints of the meetings and seats stay the last guard: a clash they
catch is refused ("taken at the same moment"), never a second booking. Refusals name what
happened: the slot is over, the proposal was answered, someone has another meeting then,
every table is taken.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from summit.core.mail import absolute_url, send_localized
from summit.events.domain.permissions import is_organizer, membership_for
from summit.events.models import Event, Slot, Table
from summit.lounge.domain.errors import LoungeError, NotAllowed
from summit.lounge.models import MeetingProposal
from summit.matching.models import Dismissal, Recommendation
from summit.meetings.domain.exclusions import screening_exclusions, survey_excludes
from summit.meetings.domain.parties import (
    involving,
    open_pair_lookup,
    party_fields,
    party_id_fields,
    party_paths,
)
from summit.meetings.models import MeetingRequest, Unavailability
from summit.organizations.models import Membership, Organization
from summit.scheduling.domain.notifications import ScheduleChanges, notify_after_commit
from summit.scheduling.domain.publish import lock_schedule
from summit.scheduling.models import MeetingSeat, ScheduledMeeting

__all__ = [
    "CANDIDATES_SHOWN",
    "MIN_TIME_LEFT",
    "SLOTS_AHEAD",
    "WAITING_SHOWN",
    "Candidate",
    "SlotOptions",
    "accept_proposal",
    "awaiting_proposals_count",
    "decline_proposal",
    "freed_meeting_of",
    "freed_people",
    "proposals_for_meeting",
    "proposals_of",
    "propose_meeting",
    "slot_options",
    "withdraw_proposal",
]

#: The current slot is offered while at least this much of it remains.
MIN_TIME_LEFT = timedelta(minutes=10)
#: Slots offered: the freed one and the following free ones of the day.
SLOTS_AHEAD = 3
#: Partners listed per slot.
CANDIDATES_SHOWN = 8
#: People sitting alone at the lounge listed first in the running slot (besides the
#: recommended partners in a later one).
WAITING_SHOWN = 5

Scheduled = ScheduledMeeting.Status.SCHEDULED
NoShow = ScheduledMeeting.Attendance.NO_SHOW
CheckedIn = ScheduledMeeting.Attendance.CHECKED_IN
Pending = MeetingProposal.Status.PENDING
#: From a scheduled meeting to its request (the parties module's ``via``).
REQUEST = "meeting_request"

#: Why a proposal expired (``MeetingProposal.closed_reason``), as its pages say it.
EXPIRY_REASONS = {
    "slot_over": gettext_lazy("the slot is over."),
    "sender_busy": gettext_lazy("the person who proposed it has another meeting then."),
    "receiver_busy": gettext_lazy("you have another meeting then."),
    "in_touch": gettext_lazy("the two organizations already have a meeting or a request."),
    "tables_full": gettext_lazy("every table is taken."),
    "met_other": gettext_lazy("one of you has another meeting then."),
}


def expiry_reason(*, proposal: MeetingProposal) -> str:
    """Why `proposal` expired, in the reader's language."""
    return str(EXPIRY_REASONS.get(proposal.closed_reason, EXPIRY_REASONS["slot_over"]))


@dataclass(frozen=True)
class Candidate:
    """A free organization at a slot, the person who would meet, and how the recommender
    ranks the pair (``score`` None: not recommended either way)."""

    organization: Organization
    person: Membership
    score: float | None
    reasons: list[str]
    proposal: MeetingProposal | None = None
    #: Sitting alone at the lounge now (the other side of their meeting did not come).
    waiting: bool = False

    @property
    def recommended(self) -> bool:
        return self.score is not None


@dataclass
class SlotOptions:
    """One offered slot: the free table a proposal takes, how many are free, the partners."""

    slot: Slot
    table: Table | None
    free_tables: int
    candidates: list[Candidate] = field(default_factory=list)
    freed_by: ScheduledMeeting | None = None


# --- reading the day -------------------------------------------------------------------------


def _zone(event: Event) -> ZoneInfo:
    return ZoneInfo(event.time_zone)


def _clock(value: datetime, event: Event) -> str:
    return time_format(timezone.localtime(value, _zone(event)), "TIME_FORMAT")


def slot_open(*, slot: Slot, now: datetime) -> bool:
    """True while a same-day meeting can still take place in `slot`."""
    return now < slot.end - MIN_TIME_LEFT


def _same_day(slot: Slot, now: datetime, event: Event) -> bool:
    zone = _zone(event)
    return timezone.localtime(slot.start, zone).date() == timezone.localtime(now, zone).date()


@dataclass
class _SlotState:
    busy: set[int] = field(default_factory=set)
    taken_tables: set[int] = field(default_factory=set)
    #: membership id → the meeting that freed them at this slot (no-show or cancelled).
    freed: dict[int, int] = field(default_factory=dict)
    #: People sitting alone at the lounge now: the other side of their meeting did not come.
    sitting: set[int] = field(default_factory=set)


def _slot_states(*, slots: list[Slot]) -> dict[int, _SlotState]:
    """Busy people, taken tables and freed people of each slot (two queries)."""
    states = {slot.pk: _SlotState() for slot in slots}
    for slot_id, table_id in ScheduledMeeting.objects.filter(
        slot_id__in=states, status=Scheduled
    ).values_list("slot_id", "table_id"):
        states[slot_id].taken_tables.add(table_id)
    seats = MeetingSeat.objects.filter(slot_id__in=states).values_list(
        "slot_id",
        "meeting_id",
        "membership_id",
        "membership__organization_id",
        "active",
        "meeting__status",
        "meeting__attendance",
        "meeting__absent_organization_id",
    )
    for slot_id, meeting_id, person, organization, active, status, attendance, absent in seats:
        state = states[slot_id]
        if status != Scheduled:
            state.freed.setdefault(person, meeting_id)  # cancelled: its people are free
        elif not active:
            continue
        elif attendance == NoShow and absent is not None and absent != organization:
            state.freed[person] = meeting_id
            state.sitting.add(person)
        else:
            state.busy.add(person)
    for state in states.values():
        for person in state.busy:
            state.freed.pop(person, None)
        state.sitting -= state.busy
    return states


def _away_organizations(*, event: Event, slot: Slot) -> set[int]:
    """Organizations reported absent on the slot's day at or before it, without a check-in to
    a meeting as late or later since (a check-in or a no-show of the other side counts)."""
    zone = _zone(event)
    local_day = timezone.localtime(slot.start, zone).date()
    day_start = datetime.combine(local_day, datetime.min.time(), tzinfo=zone)
    # Cancelled rows count too: a no-show replaced by a same-day meeting is closed, its
    # absent side stays absent.
    rows = ScheduledMeeting.objects.filter(
        event=event,
        attendance__in=[NoShow, CheckedIn],
        slot__start__gte=day_start,
        slot__start__lte=slot.start,
    ).values_list(
        "slot__start", "attendance", "absent_organization_id", *party_id_fields(via=REQUEST)
    )
    last_absent: dict[int, datetime] = {}
    last_present: dict[int, datetime] = {}

    def mark(marks: dict[int, datetime], organization: int, start: datetime) -> None:
        marks[organization] = max(start, marks.get(organization, start))

    for start, attendance, absent, *parties in rows:
        for organization in parties:
            if attendance == CheckedIn or (absent is not None and organization != absent):
                mark(last_present, organization, start)
            else:
                mark(last_absent, organization, start)
    return {
        organization
        for organization, when in last_absent.items()
        if organization not in last_present or last_present[organization] < when
    }


def _free_tables(*, event: Event, taken: set[int]) -> list[Table]:
    return list(
        Table.objects.filter(event=event)
        .exclude(kind=Table.Kind.VIRTUAL)
        .exclude(pk__in=taken)
        .order_by("number")
    )


def _unavailable(*, slot_ids: Iterable[int]) -> dict[int, set[int]]:
    found: dict[int, set[int]] = defaultdict(set)
    for slot_id, membership_id in Unavailability.objects.filter(slot_id__in=slot_ids).values_list(
        "slot_id", "membership_id"
    ):
        found[slot_id].add(membership_id)
    return found


def _open_partners(*, organization: Organization) -> set[int]:
    """Organizations with an open (pending or accepted) request with `organization`."""
    rows = MeetingRequest.objects.filter(
        involving(organization), status__in=MeetingRequest.OPEN_STATUSES
    ).values_list(*party_id_fields())
    return {party for parties in rows for party in parties} - {organization.pk}


def _scores(*, organization: Organization) -> dict[int, tuple[float, Recommendation]]:
    """Partner id → (the pair's best stored score in either direction, the recommendation
    whose reasons are shown: the organization's own when it has one)."""
    found: dict[int, tuple[float, Recommendation]] = {}
    rows = Recommendation.objects.filter(
        Q(organization=organization) | Q(partner=organization)
    ).order_by("pk")
    for recommendation in rows:
        own = recommendation.organization_id == organization.pk
        partner = recommendation.partner_id if own else recommendation.organization_id
        current = found.get(partner)
        score = recommendation.score
        if current is None:
            found[partner] = (score, recommendation)
        else:
            best = max(score, current[0])
            found[partner] = (best, recommendation if own else current[1])
    return found


def _reasons(
    recommendation: Recommendation, organization: Organization, language: str
) -> list[str]:
    if recommendation.organization_id == organization.pk:
        return recommendation.reasons(language)[:2]
    # The partner's own recommendation of us: its reasons speak of us; say it plainly.
    return [_("They are among this organization's recommended partners.")]


def freed_people(*, meeting: ScheduledMeeting) -> list[Membership]:
    """Who a no-show or cancelled meeting left without a partner: the people of the side that
    came (no-show with a known absent side), or everyone seated (cancelled)."""
    seats = MeetingSeat.objects.filter(meeting=meeting).select_related(
        "membership__user", "membership__organization"
    )
    if meeting.attendance == NoShow and meeting.absent_organization_id is not None:
        pass  # the side that came, below (also once a same-day meeting replaced it)
    elif meeting.status == ScheduledMeeting.Status.CANCELLED:
        return [seat.membership for seat in seats.order_by("pk")]
    else:
        return []
    # Seats released by a re-match count too: the page then shows what was arranged.
    return [
        seat.membership
        for seat in seats.order_by("pk")
        if seat.membership.organization_id != meeting.absent_organization_id
    ]


def _partner_order(
    ranked: list[int], *, recommended: set[int], waiting: set[int], running: bool, limit: int
) -> list[int]:
    """The partners a slot lists (organization ids in `ranked`, the recommender's order).

    In the running slot the people sitting alone at the lounge come first (up to
    `WAITING_SHOWN`, the recommended ones among them first): they are surely there and free
    now, while others free then may be in a session and answer too late. In a later slot
    everyone free can plan for it: the recommended partners come first, then up to
    `WAITING_SHOWN` people sitting alone. The other free organizations fill up to `limit`."""
    both = [org for org in ranked if org in recommended and org in waiting]
    only_recommended = [org for org in ranked if org in recommended and org not in waiting]
    only_waiting = [org for org in ranked if org in waiting and org not in recommended]
    if running:
        first = (both + only_waiting)[:WAITING_SHOWN]
        listed = first + [org for org in both + only_recommended if org not in first]
    else:
        listed = (both + only_recommended)[:limit] + only_waiting[:WAITING_SHOWN]
    listed = listed[:limit]
    others = [org for org in ranked if org not in recommended and org not in waiting]
    return listed + others[: max(0, limit - len(listed))]


def slot_options(
    *,
    membership: Membership,
    now: datetime | None = None,
    language: str = "en",
    limit: int = CANDIDATES_SHOWN,
    slots_ahead: int = SLOTS_AHEAD,
) -> list[SlotOptions]:
    """The slots of today from now on in which `membership` is free (at most `slots_ahead`),
    each with a free table and the free partners ranked by the recommender (see the module
    docstring); a fixed number of queries whatever the size of the event."""
    now = now or timezone.now()
    event = membership.event
    organization = membership.organization
    zone = _zone(event)
    today = timezone.localtime(now, zone).date()
    day_slots = [
        slot
        for slot in Slot.objects.filter(event=event, end__gt=now + MIN_TIME_LEFT).order_by("start")[
            :40
        ]
        if timezone.localtime(slot.start, zone).date() == today
    ]
    if not day_slots:
        return []
    states = _slot_states(slots=day_slots)
    unavailable = _unavailable(slot_ids=[s.pk for s in day_slots])
    offered = [
        slot
        for slot in day_slots
        if membership.pk not in states[slot.pk].busy and membership.pk not in unavailable[slot.pk]
    ][:slots_ahead]
    if not offered:
        return []
    people = list(
        Membership.objects.filter(event=event, user__isnull=False)
        .exclude(organization=organization)
        .values_list("pk", "organization_id", "role")
    )
    blocked = _open_partners(organization=organization) | screening_exclusions(event=event)
    # Dismissed either way: neither side wants the other proposed.
    dismissals = Dismissal.objects.filter(Q(organization=organization) | Q(partner=organization))
    for first, second in dismissals.values_list("organization_id", "partner_id"):
        blocked.add(second if first == organization.pk else first)
    scores = _scores(organization=organization)
    sent = {
        (p.slot_id, p.to_organization_id): p
        for p in MeetingProposal.objects.filter(sender=membership, status=Pending, slot__in=offered)
    }
    options: list[SlotOptions] = []
    chosen_by_slot: dict[int, dict[int, int]] = {}
    for slot in offered:
        state = states[slot.pk]
        away = _away_organizations(event=event, slot=slot)
        chosen: dict[int, tuple[int, tuple[bool, bool]]] = {}
        for pk, organization_id, role in people:
            if (
                organization_id in blocked
                or organization_id in away
                or pk in state.busy
                or pk in unavailable[slot.pk]
            ):
                continue
            # Someone sitting alone at the lounge first, then the lead contact.
            rank = (pk in state.sitting, role == Membership.Role.LEAD)
            if organization_id not in chosen or rank > chosen[organization_id][1]:
                chosen[organization_id] = (pk, rank)
        chosen_by_slot[slot.pk] = {org: pk for org, (pk, _rank) in chosen.items()}
        tables = _free_tables(event=event, taken=state.taken_tables)
        options.append(
            SlotOptions(slot=slot, table=tables[0] if tables else None, free_tables=len(tables))
        )
    freed = {states[o.slot.pk].freed.get(membership.pk): o for o in options}
    freed.pop(None, None)
    for meeting in ScheduledMeeting.objects.filter(pk__in=freed).select_related(
        "table", *party_paths(via=REQUEST)
    ):
        option = freed[meeting.pk]
        option.freed_by = meeting
        if meeting.status == Scheduled:
            # They sit at this table, empty but for them: the partner comes to it.
            option.table = meeting.table
            option.free_tables += 1
    wanted: dict[int, list[int]] = {}
    for option in options:
        chosen = chosen_by_slot[option.slot.pk]
        ranked = sorted(
            chosen,
            key=lambda org: (
                org not in scores,
                -scores[org][0] if org in scores else 0.0,
            ),
        )
        wanted[option.slot.pk] = _partner_order(
            ranked,
            recommended={org for org in ranked if org in scores},
            waiting={org for org in ranked if chosen[org] in states[option.slot.pk].sitting},
            running=option.slot.start <= now < option.slot.end,
            limit=limit,
        )
    organizations = Organization.objects.in_bulk({org for orgs in wanted.values() for org in orgs})
    persons = Membership.objects.select_related("user").in_bulk(
        {chosen_by_slot[slot][org] for slot, orgs in wanted.items() for org in orgs}
    )
    for option in options:
        chosen = chosen_by_slot[option.slot.pk]
        sitting = states[option.slot.pk].sitting
        candidates = []
        for org_id in wanted[option.slot.pk]:
            partner = organizations[org_id]
            if survey_excludes(first=organization, second=partner):
                continue
            found = scores.get(org_id)
            candidates.append(
                Candidate(
                    organization=partner,
                    person=persons[chosen[org_id]],
                    score=found[0] if found else None,
                    reasons=_reasons(found[1], organization, language) if found else [],
                    proposal=sent.get((option.slot.pk, org_id)),
                    waiting=chosen[org_id] in sitting,
                )
            )
        listed = [c for c in candidates if c.recommended or c.waiting]
        others = sorted(
            (c for c in candidates if not (c.recommended or c.waiting)),
            key=lambda c: c.organization.name,
        )
        option.candidates = listed + others
    return options


# --- proposing and answering -----------------------------------------------------------------


def _proposal_url(proposal: MeetingProposal, base_url: str = "") -> str:
    path = reverse("lounge:proposal", kwargs={"slug": proposal.event.slug, "uid": proposal.uid})
    return absolute_url(path, base_url)


def _notify(
    proposal: MeetingProposal, *, kind: str, to: Iterable[Membership], base_url: str
) -> None:
    url = _proposal_url(proposal, base_url)
    rematch_url = absolute_url(
        reverse("lounge:rematch", kwargs={"slug": proposal.event.slug}), base_url
    )
    seen: set[int] = set()
    for person in to:
        user = person.user
        if user is None or not user.email or user.pk in seen:
            continue
        seen.add(user.pk)
        send_localized(
            user=user,
            template=f"lounge/email/{kind}",
            context={
                "proposal": proposal,
                "recipient": person,
                "event": proposal.event,
                "url": url,
                "rematch_url": rematch_url,
            },
            time_zone=proposal.event.time_zone,
        )


def _is_free(*, membership_id: int, slot: Slot) -> bool:
    """No active seat at `slot` other than one in a no-show where the other side was absent."""
    seats = MeetingSeat.objects.filter(
        membership_id=membership_id, slot=slot, active=True, meeting__status=Scheduled
    ).values_list(
        "meeting__attendance", "meeting__absent_organization_id", "membership__organization_id"
    )
    for attendance, absent, organization in seats:
        if not (attendance == NoShow and absent is not None and absent != organization):
            return False
    return not Unavailability.objects.filter(membership_id=membership_id, slot=slot).exists()


def _pair_blocked(first: Organization, second: Organization) -> str | None:
    if MeetingRequest.objects.filter(
        **open_pair_lookup((first.pk, second.pk)), status__in=MeetingRequest.OPEN_STATUSES
    ).exists():
        return _("%(a)s and %(b)s already have a meeting or a request waiting.") % {
            "a": first.name,
            "b": second.name,
        }
    if survey_excludes(first=first, second=second) or {first.pk, second.pk} & screening_exclusions(
        event=first.event
    ):
        return _("A meeting between these two organizations is not possible.")
    return None


def _free_person(organization: Organization, slot: Slot) -> Membership | None:
    members = Membership.objects.filter(organization=organization, user__isnull=False).order_by(
        "pk"
    )
    free = [m for m in members if _is_free(membership_id=m.pk, slot=slot)]
    leads = [m for m in free if m.role == Membership.Role.LEAD]
    return (leads or free or [None])[0]


def _freed_at(person: Membership, slot: Slot) -> ScheduledMeeting | None:
    """The meeting that left the person free at `slot`: a no-show in which the other side was
    absent (they still hold its table), else a meeting of theirs cancelled."""
    no_show = (
        ScheduledMeeting.objects.filter(
            seats__membership=person,
            seats__active=True,
            slot=slot,
            status=Scheduled,
            attendance=NoShow,
            absent_organization__isnull=False,
        )
        .exclude(absent_organization_id=person.organization_id)
        .select_related("table")
        .first()
    )
    if no_show is not None:
        return no_show
    return (
        ScheduledMeeting.objects.filter(
            seats__membership=person, slot=slot, status=ScheduledMeeting.Status.CANCELLED
        )
        .order_by("-pk")
        .first()
    )


def _proposed_table(sender: Membership, slot: Slot, freed: ScheduledMeeting | None) -> Table | None:
    """The sender's own table when a no-show left them sitting there (they stay; the partner
    comes), else the first free table of the slot."""
    if freed is not None and freed.status == Scheduled and freed.slot_id == slot.pk:
        return freed.table
    taken = set(
        ScheduledMeeting.objects.filter(slot=slot, status=Scheduled).values_list(
            "table_id", flat=True
        )
    )
    tables = _free_tables(event=slot.event, taken=taken)
    return tables[0] if tables else None


def propose_meeting(
    *,
    sender: Membership,
    partner: Organization,
    slot: Slot,
    user: Any,
    now: datetime | None = None,
    freed_meeting: ScheduledMeeting | None = None,
    base_url: str = "",
) -> MeetingProposal:
    """Propose a same-day meeting of `sender` with `partner` at `slot`, at the first free table;
    the partner's free person is e-mailed. The sender's own user or an organizer may do it.
    The meeting that freed the sender at that slot is recorded (the organizers' page lists
    the proposals made for it)."""
    now = now or timezone.now()
    event = sender.event
    organizer = is_organizer(user=user, event=event)
    if not organizer and sender.user_id != user.pk:
        raise NotAllowed(_("You can propose meetings for yourself only."))
    if slot.event_id != event.pk or partner.event_id != event.pk:
        raise LoungeError(_("This slot or organization belongs to another event."), code="invalid")
    if partner.pk == sender.organization_id:
        raise LoungeError(_("Choose another organization than your own."), code="invalid")
    when = _clock(slot.start, event)
    if not _same_day(slot, now, event):
        raise LoungeError(
            _("Same-day meetings can be proposed for today's slots only."), code="refused"
        )
    if not slot_open(slot=slot, now=now):
        raise LoungeError(_("The slot at %(time)s is over.") % {"time": when}, code="expired")
    blocked = _pair_blocked(sender.organization, partner)
    if blocked:
        raise LoungeError(blocked, code="refused")
    if not _is_free(membership_id=sender.pk, slot=slot):
        raise LoungeError(
            _("%(name)s has a meeting at %(time)s.")
            % {"name": sender.organization.name, "time": when},
            code="refused",
        )
    person = _free_person(partner, slot)
    if person is None:
        raise LoungeError(
            _("Nobody of %(name)s is free at %(time)s.") % {"name": partner.name, "time": when},
            code="refused",
        )
    if freed_meeting is None:
        freed_meeting = _freed_at(sender, slot)
    table = _proposed_table(sender, slot, freed_meeting)
    if table is None:
        raise LoungeError(_("Every table is taken at %(time)s.") % {"time": when}, code="refused")
    found = _scores(organization=sender.organization).get(partner.pk)
    try:
        with transaction.atomic():
            proposal = MeetingProposal.objects.create(
                event=event,
                slot=slot,
                table=table,
                sender=sender,
                from_organization=sender.organization,
                to_organization=partner,
                to_person=person,
                freed_meeting=freed_meeting,
                proposed_by=user,
                score=found[0] if found else None,
            )
    except IntegrityError as error:
        raise LoungeError(
            _("A proposal to %(name)s for %(time)s is already waiting.")
            % {"name": partner.name, "time": when},
            code="refused",
        ) from error
    _notify(proposal, kind="proposal", to=[person], base_url=base_url)
    return proposal


def _locked_proposal(proposal: MeetingProposal) -> MeetingProposal:
    return (
        MeetingProposal.objects.select_for_update(of=("self",))
        .select_related(
            "event", "slot", "table", "sender__user", "from_organization", "to_organization"
        )
        .get(pk=proposal.pk)
    )


def _answered_refusal(proposal: MeetingProposal) -> LoungeError:
    messages = {
        MeetingProposal.Status.ACCEPTED: _("This proposal was accepted already."),
        MeetingProposal.Status.DECLINED: _("This proposal was declined."),
        MeetingProposal.Status.WITHDRAWN: _("This proposal was withdrawn."),
        MeetingProposal.Status.EXPIRED: _("This proposal has expired: %(reason)s")
        % {"reason": expiry_reason(proposal=proposal)},
    }
    return LoungeError(messages.get(proposal.status, _("This proposal is closed.")), code="closed")


def _expire(proposal: MeetingProposal, reason: str, now: datetime) -> None:
    proposal.status = MeetingProposal.Status.EXPIRED
    proposal.closed_reason = reason
    proposal.answered_at = now
    proposal.save(update_fields=["status", "closed_reason", "answered_at", "updated"])


def _acceptance_problem(
    proposal: MeetingProposal, acceptor: Membership, now: datetime
) -> tuple[str, str] | None:
    """(reason code stored on the proposal, message in the reader's language) when the
    proposal can no longer be accepted; None when it can."""
    event, slot = proposal.event, proposal.slot
    when = _clock(slot.start, event)
    if not slot_open(slot=slot, now=now):
        return "slot_over", _("The slot at %(time)s is over.") % {"time": when}
    if not _is_free(membership_id=proposal.sender_id, slot=slot):
        return (
            "sender_busy",
            _("%(name)s has another meeting at %(time)s now.")
            % {"name": proposal.from_organization.name, "time": when},
        )
    if not _is_free(membership_id=acceptor.pk, slot=slot):
        return (
            "receiver_busy",
            _("You have another meeting at %(time)s.") % {"time": when},
        )
    blocked = _pair_blocked(proposal.from_organization, proposal.to_organization)
    if blocked:
        return "in_touch", blocked
    return None


def _replaced_no_shows(people: Sequence[int], slot: Slot) -> list[ScheduledMeeting]:
    """The scheduled no-shows at `slot` in which one of `people` came (the other side was
    absent): the meetings a same-day meeting of theirs replaces, the sender's first."""
    rows = MeetingSeat.objects.filter(
        membership_id__in=people,
        slot=slot,
        active=True,
        meeting__status=Scheduled,
        meeting__attendance=NoShow,
        meeting__absent_organization__isnull=False,
    ).values_list(
        "membership_id",
        "membership__organization_id",
        "meeting_id",
        "meeting__absent_organization_id",
    )
    order = {pk: index for index, pk in enumerate(people)}
    ranked = sorted(
        (order[person], meeting)
        for person, organization, meeting, absent in rows
        if absent != organization
    )
    ids = list(dict.fromkeys(meeting for _order, meeting in ranked))
    meetings = (
        ScheduledMeeting.objects.select_for_update(of=("self",))
        .select_related("table")
        .in_bulk(ids)
    )
    return [meetings[pk] for pk in ids]


def _take_table(proposal: MeetingProposal, released: list[ScheduledMeeting]) -> Table | None:
    """The proposed table when still free (or released by a replaced no-show), else a
    released one (the sender's first: they stay at their table), else the first free one."""
    taken = set(
        ScheduledMeeting.objects.filter(slot=proposal.slot, status=Scheduled)
        .exclude(pk__in=[m.pk for m in released])
        .values_list("table_id", flat=True)
    )
    if proposal.table_id not in taken and proposal.table.kind != Table.Kind.VIRTUAL:
        return proposal.table
    if released:
        return released[0].table
    tables = _free_tables(event=proposal.event, taken=taken)
    return tables[0] if tables else None


def _close_replaced(meetings: list[ScheduledMeeting], changes: ScheduleChanges) -> None:
    """Close no-shows replaced by a same-day meeting: cancelled (calendars drop them, the
    table and seats are free), the attendance and absent side kept; their requests end."""
    for meeting in meetings:
        people = list(
            MeetingSeat.objects.filter(meeting=meeting, active=True).values_list(
                "membership_id", flat=True
            )
        )
        meeting.status = ScheduledMeeting.Status.CANCELLED
        meeting.sequence += 1
        meeting.save(update_fields=["status", "sequence", "updated"])
        MeetingSeat.objects.filter(meeting=meeting).update(active=False)
        MeetingRequest.objects.filter(
            pk=meeting.meeting_request_id, status=MeetingRequest.Status.ACCEPTED
        ).update(status=MeetingRequest.Status.CANCELLED, updated=timezone.now())
        changes.add_cancelled(meeting.pk, people)


def _book(
    proposal: MeetingProposal,
    acceptor: Membership,
    table: Table,
    now: datetime,
    *,
    replaced: list[ScheduledMeeting],
    changes: ScheduleChanges,
) -> ScheduledMeeting:
    sender = proposal.sender
    _close_replaced(replaced, changes)
    request = MeetingRequest.objects.create(
        event=proposal.event,
        sender=sender,
        **party_fields(proposal.from_organization_id, proposal.to_organization_id),
        receiver_person=acceptor,
        status=MeetingRequest.Status.ACCEPTED,
        answered_by=acceptor,
        answered_by_organization_id=acceptor.organization_id,
        answered_at=now,
    )
    people = (sender.pk, acceptor.pk)
    meeting = ScheduledMeeting.objects.create(
        event=proposal.event, meeting_request=request, slot=proposal.slot, table=table
    )
    MeetingSeat.objects.bulk_create(
        [MeetingSeat(meeting=meeting, membership_id=pk, slot=proposal.slot) for pk in people]
    )
    return meeting


def accept_proposal(
    *,
    proposal: MeetingProposal,
    membership: Membership,
    now: datetime | None = None,
    base_url: str = "",
) -> ScheduledMeeting:
    """The partner accepts: the meeting is booked at the slot (see the module docstring) and
    both people are e-mailed it with its calendar entry. Refusals raise `LoungeError`; a
    proposal that can no longer happen is marked expired with the reason."""
    now = now or timezone.now()
    if membership.organization_id != proposal.to_organization_id:
        raise NotAllowed(_("Only the organization asked can accept this proposal."))
    refusal: LoungeError | None = None
    with transaction.atomic():
        lock_schedule(event=proposal.event)
        locked = _locked_proposal(proposal)
        if locked.status != Pending:
            raise _answered_refusal(locked)
        problem = _acceptance_problem(locked, membership, now)
        people = (locked.sender_id, membership.pk)
        replaced = [] if problem else _replaced_no_shows(people, locked.slot)
        table = None if problem else _take_table(locked, replaced)
        if problem is None and table is None:
            problem = (
                "tables_full",
                _("Every table is taken at %(time)s.")
                % {"time": _clock(locked.slot.start, locked.event)},
            )
        if problem is not None:
            _expire(locked, problem[0], now)
            refusal = LoungeError(problem[1], code="expired")
        else:
            assert table is not None
            changes = ScheduleChanges()
            try:
                with transaction.atomic():
                    meeting = _book(
                        locked, membership, table, now, replaced=replaced, changes=changes
                    )
            except IntegrityError:
                refusal = LoungeError(
                    _("The table or one of you was booked at the same moment; please try again."),
                    code="refused",
                )
            else:
                locked.status = MeetingProposal.Status.ACCEPTED
                locked.answered_by = membership
                locked.answered_at = now
                locked.scheduled_meeting = meeting
                locked.save(
                    update_fields=[
                        "status",
                        "answered_by",
                        "answered_at",
                        "scheduled_meeting",
                        "updated",
                    ]
                )
                for other in MeetingProposal.objects.select_for_update().filter(
                    Q(sender_id__in=people) | Q(to_person_id__in=people),
                    slot=locked.slot,
                    status=Pending,
                ):
                    _expire(other, "met_other", now)
                changes.add_new(meeting.pk, people)
                notify_after_commit(event=locked.event, changes=changes, base_url=base_url)
    if refusal is not None:
        raise refusal
    return meeting


def decline_proposal(
    *,
    proposal: MeetingProposal,
    membership: Membership,
    now: datetime | None = None,
    base_url: str = "",
) -> MeetingProposal:
    """The partner declines; the sender is e-mailed (with the link to find someone else)."""
    now = now or timezone.now()
    if membership.organization_id != proposal.to_organization_id:
        raise NotAllowed(_("Only the organization asked can decline this proposal."))
    with transaction.atomic():
        locked = _locked_proposal(proposal)
        if locked.status != Pending:
            raise _answered_refusal(locked)
        locked.status = MeetingProposal.Status.DECLINED
        locked.answered_by = membership
        locked.answered_at = now
        locked.save(update_fields=["status", "answered_by", "answered_at", "updated"])
        _notify(locked, kind="proposal_declined", to=[locked.sender], base_url=base_url)
    return locked


def withdraw_proposal(
    *, proposal: MeetingProposal, user: Any, now: datetime | None = None
) -> MeetingProposal:
    """The sender (or an organizer) takes a waiting proposal back."""
    now = now or timezone.now()
    if proposal.sender.user_id != user.pk and not is_organizer(user=user, event=proposal.event):
        raise NotAllowed(_("Only the sender or the organizers can withdraw this proposal."))
    with transaction.atomic():
        locked = _locked_proposal(proposal)
        if locked.status != Pending:
            raise _answered_refusal(locked)
        locked.status = MeetingProposal.Status.WITHDRAWN
        locked.answered_at = now
        locked.save(update_fields=["status", "answered_at", "updated"])
    return locked


def proposal_role(*, proposal: MeetingProposal, user: Any) -> str | None:
    """``receiver``, ``sender``, ``organizer`` or None: who may see the proposal."""
    if not user.is_authenticated:
        return None
    membership = membership_for(user=user, event=proposal.event)
    if membership is not None and membership.organization_id == proposal.to_organization_id:
        return "receiver"
    if membership is not None and membership.organization_id == proposal.from_organization_id:
        return "sender"
    if is_organizer(user=user, event=proposal.event):
        return "organizer"
    return None


def _awaiting_answer(now: datetime) -> Q:
    """Proposals that wait for an answer and can still happen (the inbox's and the badge's)."""
    return Q(status=Pending, slot__end__gt=now + MIN_TIME_LEFT)


def proposals_of(
    *, membership: Membership, now: datetime | None = None
) -> tuple[list[MeetingProposal], list[MeetingProposal]]:
    """Today's proposals of the person: waiting ones to their organization that can still
    happen, and the ones they sent today (any state), slot order."""
    now = now or timezone.now()
    zone = _zone(membership.event)
    local = timezone.localtime(now, zone)
    day_start = datetime.combine(local.date(), datetime.min.time(), tzinfo=zone)
    base = MeetingProposal.objects.filter(event_id=membership.event_id).select_related(
        "slot", "table", "sender__user", "from_organization", "to_organization"
    )
    incoming = list(
        base.filter(_awaiting_answer(now), to_organization_id=membership.organization_id).order_by(
            "slot__start", "pk"
        )
    )
    outgoing = list(
        base.filter(
            sender=membership,
            slot__start__gte=day_start,
            slot__start__lt=day_start + timedelta(days=1),
        )
        .select_related("scheduled_meeting__table")
        .order_by("slot__start", "pk")
    )
    return incoming, outgoing


def awaiting_proposals_count(*, user: Any, event: Event, now: datetime | None = None) -> int:
    """Same-day proposals to the user's organization in the event that wait for an answer and
    can still happen, as `proposals_of` lists them (one query; the menu badge)."""
    now = now or timezone.now()
    return MeetingProposal.objects.filter(
        _awaiting_answer(now),
        event=event,
        to_organization__memberships__user=user,
        to_organization__memberships__event=event,
    ).count()


def proposals_for_meeting(*, meeting: ScheduledMeeting) -> list[MeetingProposal]:
    """What the people a meeting freed have proposed on its day, newest first (the
    organizers' page: for that slot or a later one)."""
    zone = _zone(meeting.event)
    local_day = timezone.localtime(meeting.slot.start, zone).date()
    day_start = datetime.combine(local_day, datetime.min.time(), tzinfo=zone)
    return list(
        MeetingProposal.objects.filter(
            sender__in=freed_people(meeting=meeting),
            slot__start__gte=day_start,
            slot__start__lt=day_start + timedelta(days=1),
        ).select_related(
            "slot", "table", "sender__user", "to_organization", "scheduled_meeting__table"
        )
    )


def freed_meeting_of(
    *, membership: Membership, now: datetime | None = None
) -> ScheduledMeeting | None:
    """The person's no-show meeting of today whose other side did not come, while a
    same-day meeting can still replace it (the event home's "meet someone now")."""
    now = now or timezone.now()
    zone = _zone(membership.event)
    local = timezone.localtime(now, zone)
    day_end = datetime.combine(local.date() + timedelta(days=1), datetime.min.time(), tzinfo=zone)
    return (
        ScheduledMeeting.objects.filter(
            seats__membership=membership,
            seats__active=True,
            status=Scheduled,
            attendance=NoShow,
            absent_organization__isnull=False,
            slot__end__gt=now + MIN_TIME_LEFT,
            slot__start__lt=day_end,
        )
        .exclude(absent_organization_id=membership.organization_id)
        .select_related("slot")
        .order_by("slot__start")
        .first()
    )
