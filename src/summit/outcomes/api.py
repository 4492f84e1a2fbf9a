"""API of outcomes: feedback after the meetings and deals (mounted below ``/api/events`` by
summit.api).

Same privacy as the pages, from the same domain functions: a participant reads only their
own organization's feedback (`feedback.visible_feedback`), sees confidential deals only of
their own organization (`deals.visible_deals`, `deals.find_deal`); organizers see all.
"""

from __future__ import annotations

import datetime as dt
from datetime import datetime
from decimal import Decimal
from typing import Any, ClassVar, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from summit.api.auth import MEMBER_AUTH, visible_event
from summit.api.lists import (
    CONDITIONAL_HEADERS,
    PageParams,
    conditional,
    page_of,
    set_last_modified,
)
from summit.api.schemas import Id, PatchSchema, ProblemOut
from summit.core.names import person_name
from summit.events.domain.permissions import is_organizer, membership_for
from summit.events.models import Event
from summit.meetings.domain.parties import other_party_of, party_paths
from summit.organizations.models import Organization
from summit.outcomes.domain import deals as deal_domain
from summit.outcomes.domain import feedback as feedback_domain
from summit.outcomes.interfaces.crm import deals_csv, meetings_csv
from summit.outcomes.models import CURRENCIES, Deal, MeetingFeedback
from summit.scheduling.api import organization_in
from summit.scheduling.domain.visibility import visible_meetings, with_details
from summit.scheduling.models import ScheduledMeeting

__all__ = ["router"]

router = Router(tags=["outcomes"])

Interest = Literal["none", "some", "strong"]
NextStep = Literal["none", "information", "second_meeting", "site_visit", "proposal", "other"]
Kind = Literal[
    "mou",
    "license",
    "co_development",
    "cdmo_cmo_contract",
    "tech_transfer",
    "supply_procurement",
    "investment",
    "joint_venture",
]
Stage = Literal["discussing", "term_sheet", "signed", "announced"]

# ---- feedback -----------------------------------------------------------------------------


class FeedbackOut(Schema):
    meeting_id: int
    meeting_start: datetime
    org_id: str = Field(description="the side that answered")
    partner_org_id: str
    took_place: bool
    follow_up_interest: str
    next_step: str
    next_step_text: str
    note: str
    author: str | None = Field(description="who wrote it last (null: account deleted)")
    updated: datetime


class FeedbackPage(Schema):
    count: int
    items: list[FeedbackOut]


class FeedbackFilters(PageParams):
    day: dt.date | None = Field(None, description="an event day (YYYY-MM-DD)")
    follow_up_interest: Literal["", "none", "some", "strong"] = ""
    took_place: bool | None = None


class FeedbackIn(Schema):
    took_place: bool
    follow_up_interest: Interest
    next_step: NextStep = "none"
    next_step_text: str = Field("", max_length=200)
    note: str = Field("", max_length=5000)


def _feedback_out(row: MeetingFeedback) -> dict[str, Any]:
    meeting = row.meeting
    return {
        "meeting_id": meeting.pk,
        "meeting_start": meeting.slot.start,
        "org_id": row.organization.org_id,
        "partner_org_id": other_party_of(meeting, organization_id=row.organization_id).org_id,
        "took_place": row.took_place,
        "follow_up_interest": row.follow_up_interest,
        "next_step": row.next_step,
        "next_step_text": row.next_step_text,
        "note": row.note,
        "author": person_name(row.author.user) if row.author is not None else None,
        "updated": row.updated,
    }


@router.get(
    "/{slug}/feedback",
    response={200: FeedbackPage, 304: None},
    url_name="feedback",
    openapi_extra=CONDITIONAL_HEADERS,
)
@conditional
def list_feedback(
    request: HttpRequest, slug: str, filters: Query[FeedbackFilters]
) -> dict[str, Any]:
    """Feedback after the meetings, newest meeting first: every answer for organizers, your
    organization's own answers for participants. Filters `day`, `follow_up_interest`,
    `took_place`. ETag / If-Modified-Since."""
    event = visible_event(request, slug)
    rows = feedback_domain.visible_feedback(
        event=event,
        user=request.user,
        day=filters.day,
        follow_up_interest=filters.follow_up_interest,
        took_place=filters.took_place,
    )
    set_last_modified(request, feedback_domain.feedback_changed_at(event=event))
    page = page_of(rows, page=filters)
    page["items"] = [_feedback_out(row) for row in page["items"]]
    return page


@router.put(
    "/{slug}/schedule/meetings/{meeting_id}/feedback",
    response={200: FeedbackOut, 403: ProblemOut, 404: ProblemOut, 422: ProblemOut},
    url_name="give_feedback",
    auth=MEMBER_AUTH,
)
def give_feedback(
    request: HttpRequest, slug: str, meeting_id: Id, payload: FeedbackIn
) -> dict[str, Any]:
    """Give or change your organization's answer on a meeting (its two organizations' people,
    once its slot has ended, until the feedback period closes)."""
    event = visible_event(request, slug)
    meeting = feedback_domain.find_meeting(event=event, meeting_id=meeting_id)
    membership = membership_for(user=request.user, event=event)
    if meeting is None or not feedback_domain.is_side(meeting=meeting, membership=membership):
        raise Http404
    assert membership is not None
    saved = feedback_domain.save_feedback(meeting=meeting, membership=membership, **payload.dict())
    row = feedback_domain.visible_feedback(event=event, user=request.user).get(pk=saved.pk)
    return _feedback_out(row)


# ---- deals --------------------------------------------------------------------------------


class PartyOut(Schema):
    org_id: str
    name: str
    name_local: str
    confirmed: bool = Field(description="its side agrees with the deal as recorded")


class StageChangeOut(Schema):
    from_stage: str
    to_stage: str
    date: dt.date
    reason: str


class DealOut(Schema):
    id: int
    title: str
    kind: str
    stage: str
    date: dt.date = Field(description="when the current stage was reached")
    signed_on: dt.date | None
    value: str | None = Field(description='a decimal number as text, e.g. "1500000.00"')
    currency: str
    confidential: bool
    description: str
    parties: list[PartyOut]
    recorded_by_org_id: str | None = Field(description="null: recorded by the organizers")
    crm_id: str = Field(description="the record's ID in the recording side's CRM, if given")
    created: datetime
    updated: datetime


class DealDetailOut(DealOut):
    meeting_ids: list[int]
    history: list[StageChangeOut]


class DealPage(Schema):
    count: int
    items: list[DealOut]


class DealFilters(PageParams):
    kind: Literal["", Kind] = ""  # type: ignore[valid-type]
    stage: Literal["", Stage] = ""  # type: ignore[valid-type]
    org_id: str = Field("", description="deals this organization is a party to")
    crm_id: str = Field("", max_length=100, description="the deal with this CRM record ID")


class DealIn(Schema):
    title: str = Field(max_length=200)
    kind: Kind
    stage: Stage = "discussing"
    date: dt.date
    party_org_ids: list[str] = Field(
        max_length=50, description="the parties' codes (yours among them for participants)"
    )
    value: Decimal | None = Field(None, ge=0, max_digits=18, decimal_places=2)
    currency: str = Field("", max_length=3, description=f"ISO 4217: {', '.join(CURRENCIES)}")
    confidential: bool = False
    description: str = Field("", max_length=5000)
    meeting_ids: list[Id] = Field(
        default_factory=list, max_length=100, description="meetings where it started"
    )
    crm_id: str = Field(
        "",
        max_length=100,
        description="the record's ID in your CRM: the same side records it once (409 when "
        "sent again, naming the deal)",
    )


class DealPatch(PatchSchema):
    """Details to change; omitted fields keep their value, `value: null` clears it. The stage
    moves with `…/stage`."""

    nullable: ClassVar[frozenset[str]] = frozenset({"value"})

    title: str | None = Field(None, max_length=200)
    kind: Kind | None = None  # type: ignore[valid-type]
    party_org_ids: list[str] | None = Field(None, max_length=50)
    value: Decimal | None = Field(None, ge=0, max_digits=18, decimal_places=2)
    currency: str | None = Field(None, max_length=3)
    confidential: bool | None = None
    description: str | None = Field(None, max_length=5000)
    meeting_ids: list[Id] | None = Field(None, max_length=100)


class StageIn(Schema):
    stage: Stage
    date: dt.date
    reason: str = Field("", max_length=2000, description="required to move back")


def _deal_out(deal: Deal) -> dict[str, Any]:
    recorder = deal.recorded_by_organization
    return {
        "id": deal.pk,
        "title": deal.title,
        "kind": deal.kind,
        "stage": deal.stage,
        "date": deal.date,
        "signed_on": deal.signed_on,
        "value": None if deal.value is None else str(deal.value),
        "currency": deal.currency,
        "confidential": deal.confidential,
        "description": deal.description,
        "parties": [
            {
                "org_id": party.organization.org_id,
                "name": party.organization.name,
                "name_local": party.organization.name_local,
                "confirmed": party.confirmed_at is not None,
            }
            for party in deal.parties.all()
        ],
        "recorded_by_org_id": recorder.org_id if recorder is not None else None,
        "crm_id": deal.crm_id,
        "created": deal.created,
        "updated": deal.updated,
    }


def _deal_detail(request: HttpRequest, event: Event, deal_id: int) -> dict[str, Any]:
    deal = deal_domain.find_deal(event=event, deal_id=deal_id, user=request.user)
    if deal is None:
        raise Http404
    return {
        **_deal_out(deal),
        "meeting_ids": [meeting.pk for meeting in deal.meetings.all()],
        "history": [
            {
                "from_stage": change.from_stage,
                "to_stage": change.to_stage,
                "date": change.date,
                "reason": change.reason,
            }
            for change in deal.stage_changes.all()
        ],
    }


def _deal_data(event: Event, payload: DealIn) -> deal_domain.DealData:
    """The payload with organization codes and meeting ids as the event's objects."""
    codes = list(dict.fromkeys(payload.party_org_ids))
    found = {o.org_id: o for o in Organization.objects.filter(event=event, org_id__in=codes)}
    unknown = [code for code in codes if code not in found]
    errors: dict[str, list[str]] = {}
    if unknown:
        errors["party_org_ids"] = [
            _("No organization of this event has the code %(code)s.") % {"code": code}
            for code in unknown
        ]
    meetings = list(
        ScheduledMeeting.objects.filter(event=event, pk__in=payload.meeting_ids).select_related(
            *party_paths(via="meeting_request")
        )
    )
    missing = sorted(set(payload.meeting_ids) - {meeting.pk for meeting in meetings})
    if missing:
        errors["meeting_ids"] = [
            _("No meeting of this event has the id %(id)s.") % {"id": meeting_id}
            for meeting_id in missing
        ]
    if errors:
        raise ValidationError(errors)
    return deal_domain.DealData(
        title=payload.title,
        kind=payload.kind,
        stage=payload.stage,
        date=payload.date,
        organizations=[found[code] for code in codes],
        value=payload.value,
        currency=payload.currency.upper(),
        confidential=payload.confidential,
        description=payload.description,
        meetings=tuple(meetings),
        crm_id=payload.crm_id,
    )


@router.get(
    "/{slug}/deals",
    response={200: DealPage, 304: None},
    url_name="deals",
    openapi_extra=CONDITIONAL_HEADERS,
)
@conditional
def list_deals(request: HttpRequest, slug: str, filters: Query[DealFilters]) -> dict[str, Any]:
    """Deals you may see, newest first: all for organizers; for participants the public ones
    and their own organization's confidential ones. Filters `kind`, `stage`, `org_id` (a
    party). ETag / If-Modified-Since."""
    event = visible_event(request, slug)
    deals = deal_domain.filter_deals(
        deal_domain.visible_deals(event=event, user=request.user),
        kind=filters.kind,
        stage=filters.stage,
        organization=organization_in(event, filters.org_id),
        crm_id=filters.crm_id,
    )
    set_last_modified(request, deal_domain.deals_changed_at(event=event))
    page = page_of(deal_domain.with_parties(deals.order_by("-date", "-pk")), page=filters)
    page["items"] = [_deal_out(deal) for deal in page["items"]]
    return page


@router.get(
    "/{slug}/deals/{deal_id}",
    response={200: DealDetailOut, 404: ProblemOut},
    url_name="deal",
)
def read_deal(request: HttpRequest, slug: str, deal_id: Id) -> dict[str, Any]:
    """One deal with its linked meetings and stage history (404 if you may not see it)."""
    return _deal_detail(request, visible_event(request, slug), deal_id)


@router.post(
    "/{slug}/deals",
    response={201: DealDetailOut, 403: ProblemOut, 409: ProblemOut, 422: ProblemOut},
    url_name="record_deal",
    auth=MEMBER_AUTH,
)
def record_deal(request: HttpRequest, slug: str, payload: DealIn) -> Status[dict[str, Any]]:
    """Record a deal (e.g. from a CRM): participants for their own organization (it is then
    confirmed for their side), organizers for any organizations. The other parties' people
    are asked by e-mail to confirm it."""
    event = visible_event(request, slug)
    deal = deal_domain.record_deal(
        event=event,
        user=request.user,
        data=_deal_data(event, payload),
        base_url=request.build_absolute_uri("/"),
    )
    return Status(201, _deal_detail(request, event, deal.pk))


@router.patch(
    "/{slug}/deals/{deal_id}",
    response={200: DealDetailOut, 403: ProblemOut, 404: ProblemOut, 422: ProblemOut},
    url_name="update_deal",
    auth=MEMBER_AUTH,
)
def update_deal(request: HttpRequest, slug: str, deal_id: Id, payload: DealPatch) -> dict[str, Any]:
    """Change a deal's details (its parties' people, organizers), e.g. a CRM's new value."""
    event = visible_event(request, slug)
    deal = deal_domain.find_deal(event=event, deal_id=deal_id, user=request.user)
    if deal is None:
        raise Http404
    if not deal_domain.can_change_deal(deal=deal, user=request.user):
        raise PermissionDenied
    given = payload.dict(exclude_unset=True)
    current = DealIn(
        title=deal.title,
        kind=deal.kind,
        stage=deal.stage,
        date=deal.date,
        party_org_ids=[party.organization.org_id for party in deal.parties.all()],
        value=deal.value,
        currency=deal.currency,
        confidential=deal.confidential,
        description=deal.description,
        meeting_ids=[meeting.pk for meeting in deal.meetings.all()],
    )
    merged = DealIn(**{**current.dict(), **given})
    deal_domain.update_deal(deal=deal, user=request.user, data=_deal_data(event, merged))
    return _deal_detail(request, event, deal_id)


@router.post(
    "/{slug}/deals/{deal_id}/stage",
    response={200: DealDetailOut, 403: ProblemOut, 404: ProblemOut, 422: ProblemOut},
    url_name="change_deal_stage",
    auth=MEMBER_AUTH,
)
def change_deal_stage(
    request: HttpRequest, slug: str, deal_id: Id, payload: StageIn
) -> dict[str, Any]:
    """Move a deal to another stage (its parties' people, organizers; backwards only with a
    `reason`)."""
    event = visible_event(request, slug)
    deal = deal_domain.find_deal(event=event, deal_id=deal_id, user=request.user)
    if deal is None:
        raise Http404
    if not deal_domain.can_change_deal(deal=deal, user=request.user):
        raise PermissionDenied
    deal_domain.change_stage(
        deal=deal,
        user=request.user,
        stage=payload.stage,
        on=payload.date,
        reason=payload.reason,
        base_url=request.build_absolute_uri("/"),
    )
    return _deal_detail(request, event, deal_id)


@router.post(
    "/{slug}/deals/{deal_id}/confirm",
    response={200: DealDetailOut, 403: ProblemOut, 404: ProblemOut},
    url_name="confirm_deal",
    auth=MEMBER_AUTH,
)
def confirm_deal(request: HttpRequest, slug: str, deal_id: Id) -> dict[str, Any]:
    """Confirm the deal as recorded, for your organization (a party's people)."""
    event = visible_event(request, slug)
    deal = deal_domain.find_deal(event=event, deal_id=deal_id, user=request.user)
    if deal is None:
        raise Http404
    membership = membership_for(user=request.user, event=event)
    if not deal_domain.is_party(deal=deal, membership=membership):
        raise PermissionDenied
    assert membership is not None
    deal_domain.confirm_deal(deal=deal, membership=membership)
    return _deal_detail(request, event, deal_id)


# ---- CRM export ---------------------------------------------------------------------------

_CSV_ANSWER = {
    200: {
        "description": "The import file (UTF-8 with BOM, formula-safe cells)",
        "content": {"text/csv": {"schema": {"type": "string"}}},
    }
}


@router.get(
    "/{slug}/crm-export/{system}/{table}",
    response={200: None, 404: ProblemOut, 422: ProblemOut},
    url_name="crm_export",
    openapi_extra={"responses": _CSV_ANSWER},
)
def crm_export(
    request: HttpRequest,
    slug: str,
    system: Literal["hubspot", "salesforce"],
    table: Literal["meetings", "deals"],
) -> HttpResponse:
    """Meetings or deals as a CSV file for HubSpot's or Salesforce's import (docs/
    crm-export.md): organizers get every meeting and deal, participants their own
    organization's."""
    event = visible_event(request, slug)
    viewpoint = None
    if not is_organizer(user=request.user, event=event):
        membership = membership_for(user=request.user, event=event)
        viewpoint = membership.organization_id if membership is not None else None
    if table == "meetings":
        meetings = with_details(visible_meetings(event=event, user=request.user))
        content = meetings_csv(meetings=meetings, system=system, viewpoint=viewpoint)
    else:
        deals = deal_domain.deals_to_export(event=event, user=request.user)
        content = deals_csv(deals=deals, system=system, viewpoint=viewpoint)
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{event.slug}-{system}-{table}.csv"'
    return response
