"""Deals: the cooperation that followed the meetings, from first talks to announcement.

Rules (checked here, shown next to the field at fault):

- A deal binds two or more organizations of its event. A participant records deals of their
  own organization only; the meetings they link must be their organization's meetings of
  the event. Organizers record deals for anyone (linked meetings must involve a party).
- A value needs a currency (ISO 4217) and is not negative.
- The stage moves forward freely and backwards only with a reason; every change is a
  `DealStageChange` row (the first one, from "", records the creation). ``date`` is when the
  current stage was reached; ``signed_on`` keeps the signing date (cleared when the deal goes
  back before signing).
- Each party confirms the deal (`DealParty.confirmed_at`); the recording party is confirmed
  at once. A stage change is confirmed for the side that made it and waits again for the
  others.
- Privacy: a confidential deal is visible only to the people of its parties and to the
  event's organizers (`visible_deals`, `can_view_deal`). Reports count confidential deals
  but never name their parties, title, value or meetings.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from summit.events.domain.permissions import is_organizer, membership_for
from summit.events.models import Event
from summit.meetings.domain.parties import involving, party_ids_of, party_paths
from summit.organizations.models import Membership, Organization
from summit.outcomes.domain import notifications
from summit.outcomes.domain.errors import OutcomeError
from summit.outcomes.models import CURRENCIES, Deal, DealParty, DealStageChange
from summit.scheduling.models import ScheduledMeeting

Stage = Deal.Stage
#: Pipeline order of the stages (moving to a lower one is "moving back").
STAGE_ORDER = {stage: position for position, stage in enumerate(Stage.values)}
_SIGNED = (Stage.SIGNED, Stage.ANNOUNCED)


@dataclass(frozen=True)
class DealData:
    """What a deal form submits (the parties and meetings as model instances)."""

    title: str
    kind: str
    stage: str
    date: date
    organizations: list[Organization]
    value: Decimal | None = None
    currency: str = ""
    confidential: bool = False
    description: str = ""
    meetings: tuple[ScheduledMeeting, ...] = ()
    #: The record's ID in the recording side's CRM ("" = none).
    crm_id: str = ""


def next_stage(stage: str) -> str:
    """The stage after this one (the last stage stays)."""
    order = Stage.values
    return order[min(order.index(stage) + 1, len(order) - 1)]


# ---- who sees what ---------------------------------------------------------------------


def visible_deals(*, event: Event, user: Any) -> QuerySet[Deal]:
    """Deals of the event the user may see: all for organizers; public ones and their own
    organization's confidential ones for participants; none for anybody else."""
    deals = Deal.objects.filter(event=event)
    if is_organizer(user=user, event=event):
        return deals
    membership = membership_for(user=user, event=event)
    if membership is None:
        return deals.none()
    own = DealParty.objects.filter(organization_id=membership.organization_id)
    return deals.filter(Q(confidential=False) | Q(pk__in=own.values("deal_id")))


def is_party(*, deal: Deal, membership: Membership | None) -> bool:
    return (
        membership is not None
        and membership.event_id == deal.event_id
        and DealParty.objects.filter(deal=deal, organization_id=membership.organization_id).exists()
    )


def can_view_deal(*, deal: Deal, user: Any) -> bool:
    if is_organizer(user=user, event=deal.event):
        return True
    membership = membership_for(user=user, event=deal.event)
    if membership is None:
        return False
    return not deal.confidential or is_party(deal=deal, membership=membership)


def can_change_deal(*, deal: Deal, user: Any) -> bool:
    """Organizers and the people of the deal's parties change its stage and details."""
    return is_organizer(user=user, event=deal.event) or is_party(
        deal=deal, membership=membership_for(user=user, event=deal.event)
    )


def with_parties(deals: QuerySet[Deal]) -> QuerySet[Deal]:
    """Deals with their parties' organizations loaded (two queries for any number)."""
    return deals.select_related("recorded_by", "recorded_by_organization").prefetch_related(
        Prefetch(
            "parties",
            queryset=DealParty.objects.select_related("organization").order_by(
                "organization__name"
            ),
        )
    )


def deals_of(*, organization: Organization) -> QuerySet[Deal]:
    """Every deal the organization is a party to, newest first."""
    return with_parties(
        Deal.objects.filter(parties__organization=organization).order_by("-date", "-pk")
    )


def event_deals(*, event: Event, kind: str = "", stage: str = "") -> QuerySet[Deal]:
    """All deals of an event (for organizers), filtered by kind and stage."""
    deals = Deal.objects.filter(event=event)
    if kind:
        deals = deals.filter(kind=kind)
    if stage:
        deals = deals.filter(stage=stage)
    return with_parties(deals.order_by("-date", "-pk"))


def find_deal(*, event: Event, deal_id: int, user: Any) -> Deal | None:
    """The deal if the user may see it (None otherwise: a hidden deal does not exist)."""
    deal = (
        with_parties(Deal.objects.filter(event=event, pk=deal_id))
        .prefetch_related(
            Prefetch(
                "stage_changes",
                queryset=DealStageChange.objects.select_related("changed_by"),
            ),
            Prefetch(
                "meetings",
                queryset=ScheduledMeeting.objects.select_related(
                    "slot", "table", *party_paths(via="meeting_request")
                ),
            ),
        )
        .first()
    )
    if deal is None or not can_view_deal(deal=deal, user=user):
        return None
    return deal


def meetings_for_deal(*, event: Event, organization_ids: Iterable[int]) -> list[ScheduledMeeting]:
    """The scheduled meetings of the event a deal may be linked to: those of the given
    organizations (the participant's own, or for organizers the deal's parties)."""
    ids = sorted(set(organization_ids))
    if not ids:
        return []
    meetings = ScheduledMeeting.objects.filter(
        event=event, status=ScheduledMeeting.Status.SCHEDULED
    ).filter(involving(ids, via="meeting_request"))
    return list(
        meetings.select_related("slot", "table", *party_paths(via="meeting_request")).order_by(
            "slot__start", "table__number"
        )
    )


# ---- checks --------------------------------------------------------------------------------


def _check(data: DealData, *, event: Event, recorder: Membership | None) -> None:
    errors: dict[str, str] = {}
    if not data.title.strip():
        errors["title"] = _("Give the deal a title.")
    if data.kind not in Deal.Kind.values:
        errors["kind"] = _("Choose the kind of deal.")
    if data.stage not in Stage.values:
        errors["stage"] = _("Choose a stage.")
    if data.value is not None and data.value < 0:
        errors["value"] = _("The value cannot be negative.")
    if data.value is not None and not data.currency:
        errors["currency"] = _("Choose the currency of the value.")
    elif data.currency and data.currency not in CURRENCIES:
        errors["currency"] = _("Unknown currency code %(code)s.") % {"code": data.currency}
    parties = {organization.pk: organization for organization in data.organizations}
    if any(organization.event_id != event.pk for organization in parties.values()):
        errors["organizations"] = _("Every party must be an organization of this event.")
    elif recorder is not None and recorder.organization_id not in parties:
        errors["organizations"] = _("You can only record deals of your own organization.")
    elif len(parties) < 2:
        errors["organizations"] = _("A deal needs at least two organizations.")
    for meeting in data.meetings:
        sides = set(party_ids_of(meeting))
        if meeting.event_id != event.pk:
            errors["meetings"] = _("Link only meetings of this event.")
        elif recorder is not None and recorder.organization_id not in sides:
            errors["meetings"] = _("Link only meetings of your own organization.")
        elif not sides & set(parties):
            errors["meetings"] = _("Link only meetings of the deal's parties.")
    if errors:
        raise OutcomeError(errors)


def _check_crm_id(crm_id: str, *, event: Event, recorder: Membership | None) -> None:
    """The recording side (an organization, or the organizers) records a CRM record once."""
    if not crm_id:
        return
    if len(crm_id) > 100:
        raise OutcomeError({"crm_id": _("A CRM record ID has at most 100 characters.")})
    same_side = Deal.objects.filter(
        event=event,
        crm_id=crm_id,
        recorded_by_organization_id=recorder.organization_id if recorder else None,
    ).first()
    if same_side is not None:
        raise OutcomeError(
            {
                "crm_id": ValidationError(
                    _("Deal %(id)s already has this CRM record ID.") % {"id": same_side.pk},
                    code="unique",
                )
            }
        )


def _recorder(*, event: Event, user: Any) -> Membership | None:
    """The recording person's membership, or None for an organizer recording for others."""
    if is_organizer(user=user, event=event):
        return None
    membership = membership_for(user=user, event=event)
    if membership is None:
        raise OutcomeError(_("Only organizers and participants of the event record deals."))
    return membership


# ---- changes -------------------------------------------------------------------------------


def record_deal(*, event: Event, user: Any, data: DealData, base_url: str = "") -> Deal:
    """Record a deal with its parties, linked meetings and the first history row; the other
    parties' people get an e-mail asking them to confirm it."""
    recorder = _recorder(event=event, user=user)
    _check(data, event=event, recorder=recorder)
    _check_crm_id(data.crm_id.strip(), event=event, recorder=recorder)
    now = timezone.now()
    with transaction.atomic():
        deal = Deal.objects.create(
            event=event,
            title=data.title.strip(),
            kind=data.kind,
            stage=data.stage,
            date=data.date,
            signed_on=data.date if data.stage in _SIGNED else None,
            value=data.value,
            currency=data.currency if data.value is not None else "",
            confidential=data.confidential,
            description=data.description.strip(),
            recorded_by=user,
            recorded_by_organization_id=recorder.organization_id if recorder else None,
            crm_id=data.crm_id.strip(),
        )
        DealParty.objects.bulk_create(
            DealParty(
                deal=deal,
                organization=organization,
                confirmed_at=now
                if recorder is not None and organization.pk == recorder.organization_id
                else None,
                confirmed_by=recorder
                if recorder is not None and organization.pk == recorder.organization_id
                else None,
            )
            for organization in {o.pk: o for o in data.organizations}.values()
        )
        deal.meetings.set(data.meetings)
        DealStageChange.objects.create(
            deal=deal, from_stage="", to_stage=data.stage, date=data.date, changed_by=user
        )
    notifications.notify_other_parties(
        kind="recorded",
        deal=deal,
        acting_organization_id=recorder.organization_id if recorder else None,
        base_url=base_url,
    )
    return deal


def update_deal(*, deal: Deal, user: Any, data: DealData) -> Deal:
    """Change a deal's details (title, kind, value, confidentiality, parties, meetings); the
    stage moves with `change_stage` only."""
    if not can_change_deal(deal=deal, user=user):
        raise OutcomeError(_("Only the deal's parties and the organizers change it."))
    recorder = _recorder(event=deal.event, user=user)
    data = DealData(**{**data.__dict__, "stage": deal.stage, "date": deal.date})
    _check(data, event=deal.event, recorder=recorder)
    with transaction.atomic():
        deal.title = data.title.strip()
        deal.kind = data.kind
        deal.value = data.value
        deal.currency = data.currency if data.value is not None else ""
        deal.confidential = data.confidential
        deal.description = data.description.strip()
        deal.save()
        wanted = {organization.pk for organization in data.organizations}
        DealParty.objects.filter(deal=deal).exclude(organization_id__in=wanted).delete()
        present = set(DealParty.objects.filter(deal=deal).values_list("organization_id", flat=True))
        DealParty.objects.bulk_create(
            DealParty(deal=deal, organization_id=pk) for pk in sorted(wanted - present)
        )
        deal.meetings.set(data.meetings)
    return deal


def change_stage(
    *, deal: Deal, user: Any, stage: str, on: date, reason: str = "", base_url: str = ""
) -> DealStageChange:
    """Move a deal to another stage (backwards only with a reason) and record the change; the
    other parties' people are e-mailed to confirm it again."""
    if not can_change_deal(deal=deal, user=user):
        raise OutcomeError(_("Only the deal's parties and the organizers change its stage."))
    if stage not in Stage.values:
        raise OutcomeError({"stage": _("Choose a stage.")})
    with transaction.atomic():
        deal = Deal.objects.select_for_update().get(pk=deal.pk)
        if stage == deal.stage:
            raise OutcomeError({"stage": _("The deal is already at this stage.")})
        backwards = STAGE_ORDER[stage] < STAGE_ORDER[deal.stage]
        if backwards and not reason.strip():
            raise OutcomeError({"reason": _("Say why the deal moves back to an earlier stage.")})
        change = DealStageChange.objects.create(
            deal=deal,
            from_stage=deal.stage,
            to_stage=stage,
            date=on,
            reason=reason.strip(),
            changed_by=user,
        )
        deal.stage = stage
        deal.date = on
        if stage in _SIGNED and deal.signed_on is None:
            deal.signed_on = on
        elif stage not in _SIGNED:
            deal.signed_on = None
        deal.save(update_fields=["stage", "date", "signed_on", "updated"])
        membership = membership_for(user=user, event=deal.event)
        confirmed_side = membership.organization_id if membership is not None else None
        DealParty.objects.filter(deal=deal).exclude(organization_id=confirmed_side).update(
            confirmed_at=None, confirmed_by=None
        )
        if confirmed_side is not None:
            DealParty.objects.filter(deal=deal, organization_id=confirmed_side).update(
                confirmed_at=timezone.now(), confirmed_by=membership
            )
    notifications.notify_other_parties(
        kind="stage_changed",
        deal=deal,
        acting_organization_id=confirmed_side,
        base_url=base_url,
        reason=change.reason,
    )
    return change


def confirm_deal(*, deal: Deal, membership: Membership) -> DealParty:
    """A party's person confirms the deal as recorded (its current stage)."""
    party = DealParty.objects.filter(deal=deal, organization_id=membership.organization_id).first()
    if party is None or membership.event_id != deal.event_id:
        raise OutcomeError(_("Only the deal's parties confirm it."))
    party.confirmed_at = timezone.now()
    party.confirmed_by = membership
    party.save(update_fields=["confirmed_at", "confirmed_by"])
    return party


def unconfirmed_for(*, organization: Organization) -> int:
    """How many deals wait for the organization's confirmation."""
    return DealParty.objects.filter(organization=organization, confirmed_at__isnull=True).count()


def organizations_for_deal(*, event: Event, exclude: Iterable[int] = ()) -> QuerySet[Organization]:
    """Organizations a deal may name as parties (all of the event, by name)."""
    return (
        Organization.objects.filter(event=event)
        .exclude(pk__in=list(exclude))
        .only("id", "name", "name_local", "org_id", "event_id")
        .order_by("name")
    )


def filter_deals(
    deals: QuerySet[Deal],
    *,
    kind: str = "",
    stage: str = "",
    organization: Organization | None = None,
    crm_id: str = "",
) -> QuerySet[Deal]:
    """Narrow deals to a kind, a stage, a party, a CRM record ID."""
    if crm_id:
        deals = deals.filter(crm_id=crm_id)
    if kind:
        deals = deals.filter(kind=kind)
    if stage:
        deals = deals.filter(stage=stage)
    if organization is not None:
        deals = deals.filter(
            pk__in=DealParty.objects.filter(organization=organization).values("deal_id")
        )
    return deals


def deals_changed_at(*, event: Event) -> datetime | None:
    """When a deal of the event was last recorded, changed or confirmed (None: no deal yet)."""
    changed = Deal.objects.filter(event=event).aggregate(last=Max("updated"))["last"]
    confirmed = DealParty.objects.filter(deal__event=event).aggregate(last=Max("confirmed_at"))[
        "last"
    ]
    moments: list[datetime] = [moment for moment in (changed, confirmed) if moment is not None]
    return max(moments, default=None)


def deals_to_export(*, event: Event, user: Any) -> QuerySet[Deal]:
    """The deals a user's CRM export holds: every deal for organizers (as their deal list),
    a participant's own organization's deals (public and confidential) for participants."""
    deals = visible_deals(event=event, user=user)
    if not is_organizer(user=user, event=event):
        membership = membership_for(user=user, event=event)
        if membership is not None:
            deals = filter_deals(deals, organization=membership.organization)
    return with_parties(deals.order_by("-date", "-pk"))
