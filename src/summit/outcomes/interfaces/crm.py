"""CSV files a CRM imports: the program's meetings and deals as HubSpot's and Salesforce's
imports expect them. docs/crm-export.md lists every column and where its name comes from.

- HubSpot matches each column header to a property's label. A deal needs *Deal name*,
  *Pipeline* and *Deal stage* (our stages are mapped onto HubSpot's default "Sales
  Pipeline"); a meeting is an activity that must be associated with a record, here the
  partner company, named by *Company name* and identified by *Company domain name*.
- Salesforce's Data Loader maps each column header to the object's API field name:
  ``Opportunity`` (``Name``, ``StageName``, ``CloseDate``, ``Amount``, ``CurrencyIsoCode``,
  ``Description``) and ``Event`` (``Subject``, ``StartDateTime``, ``EndDateTime``,
  ``Location``, ``Description``); ``Account Name`` names the account to link once accounts
  exist. Stages map onto Salesforce's default opportunity stages.

Rows are seen from ``viewpoint`` (a participant's organization): the *company* or *account*
is the other party; for organizers (no viewpoint) it is the first party and the others are
listed beside. Every cell goes through `summit.core.spreadsheets` (formula-safe).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from summit.agenda.domain.agenda import table_label
from summit.core.spreadsheets import csv_bytes
from summit.meetings.domain.parties import parties_of
from summit.organizations.models import Organization
from summit.outcomes.models import Deal
from summit.scheduling.models import ScheduledMeeting

__all__ = ["SYSTEMS", "deals_csv", "meetings_csv"]

SYSTEMS = ("hubspot", "salesforce")

#: Our deal stages on HubSpot's default "Sales Pipeline" and Salesforce's default stages.
HUBSPOT_PIPELINE = "Sales Pipeline"
HUBSPOT_STAGES = {
    "discussing": "Qualified To Buy",
    "term_sheet": "Contract Sent",
    "signed": "Closed Won",
    "announced": "Closed Won",
}
SALESFORCE_STAGES = {
    "discussing": "Qualification",
    "term_sheet": "Negotiation/Review",
    "signed": "Closed Won",
    "announced": "Closed Won",
}
#: HubSpot's meeting outcomes (hs_meeting_outcome).
HUBSPOT_OUTCOMES = {"checked_in": "Completed", "no_show": "No Show", "expected": "Scheduled"}

HUBSPOT_MEETING_COLUMNS = (
    "Meeting name",
    "Activity date",
    "Meeting start time",
    "Meeting end time",
    "Meeting location",
    "Meeting outcome",
    "Meeting description",
    "Company name",
    "Company domain name",
    "Other parties",
    "Bio Partnering meeting ID",
)
SALESFORCE_MEETING_COLUMNS = (
    "Subject",
    "StartDateTime",
    "EndDateTime",
    "Location",
    "Description",
    "Account Name",
    "Other parties",
    "Bio Partnering meeting ID",
)
HUBSPOT_DEAL_COLUMNS = (
    "Deal name",
    "Pipeline",
    "Deal stage",
    "Amount",
    "Currency",
    "Close date",
    "Deal description",
    "Company name",
    "Company domain name",
    "Other parties",
    "Bio Partnering deal ID",
)
SALESFORCE_DEAL_COLUMNS = (
    "Name",
    "StageName",
    "CloseDate",
    "Amount",
    "CurrencyIsoCode",
    "Description",
    "Account Name",
    "Other parties",
    "Bio Partnering deal ID",
)


def _utc(value: datetime) -> str:
    """ISO 8601 in UTC ("2026-10-06T00:30:00Z"): both imports read it whatever the locale."""
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _domain(organization: Organization) -> str:
    website = organization.website.strip()
    if not website:
        return ""
    host = urlsplit(website if "//" in website else f"//{website}").hostname or ""
    return host.removeprefix("www.")


def _sides(
    parties: Sequence[Organization], viewpoint: int | None
) -> tuple[Organization, list[Organization]]:
    """The company a row is about (the other party, or the first one) and the rest."""
    others = [o for o in parties if o.pk != viewpoint] if viewpoint is not None else list(parties)
    company = others[0] if others else parties[0]
    return company, [o for o in parties if o.pk not in (company.pk, viewpoint)]


def _names(organizations: Iterable[Organization]) -> str:
    return "; ".join(organization.name for organization in organizations)


def _outcome(meeting: ScheduledMeeting) -> str:
    if meeting.status == ScheduledMeeting.Status.CANCELLED:
        return "Canceled"
    return HUBSPOT_OUTCOMES.get(meeting.attendance, "Scheduled")


def _meeting_description(meeting: ScheduledMeeting) -> str:
    parts = [f"Bio Partnering: {' – '.join(o.name for o in parties_of(meeting))}"]
    parts.append(f"status {meeting.status}, attendance {meeting.attendance}")
    if meeting.video_link:
        parts.append(meeting.video_link)
    return "; ".join(parts)


def meetings_csv(
    *, meetings: Iterable[ScheduledMeeting], system: str, viewpoint: int | None = None
) -> bytes:
    """The meetings (slot, table and parties loaded) as the system's import file."""
    rows: list[Sequence[Any]] = []
    for meeting in meetings:
        company, others = _sides(parties_of(meeting), viewpoint)
        subject = f"Bio Partnering: {company.name}"
        start, end = _utc(meeting.slot.start), _utc(meeting.slot.end)
        place = table_label(meeting.table)
        description = _meeting_description(meeting)
        if system == "hubspot":
            rows.append(
                (
                    subject,
                    start,
                    start,
                    end,
                    place,
                    _outcome(meeting),
                    description,
                    company.name,
                    _domain(company),
                    _names(others),
                    meeting.pk,
                )
            )
        else:
            rows.append(
                (subject, start, end, place, description, company.name, _names(others), meeting.pk)
            )
    header = HUBSPOT_MEETING_COLUMNS if system == "hubspot" else SALESFORCE_MEETING_COLUMNS
    return csv_bytes([header, *rows])


def _deal_description(deal: Deal) -> str:
    parts = [f"{deal.get_kind_display()}", f"stage {deal.stage}"]
    if deal.confidential:
        parts.append("confidential")
    if deal.description:
        parts.append(deal.description)
    return "; ".join(parts)


def deals_csv(*, deals: Iterable[Deal], system: str, viewpoint: int | None = None) -> bytes:
    """The deals (parties prefetched) as the system's import file."""
    rows: list[Sequence[Any]] = []
    for deal in deals:
        parties = [party.organization for party in deal.parties.all()]
        company, others = _sides(parties, viewpoint)
        closes = (deal.signed_on or deal.date).isoformat()
        amount = "" if deal.value is None else str(deal.value)
        if system == "hubspot":
            rows.append(
                (
                    deal.title,
                    HUBSPOT_PIPELINE,
                    HUBSPOT_STAGES[deal.stage],
                    amount,
                    deal.currency,
                    closes,
                    _deal_description(deal),
                    company.name,
                    _domain(company),
                    _names(others),
                    deal.pk,
                )
            )
        else:
            rows.append(
                (
                    deal.title,
                    SALESFORCE_STAGES[deal.stage],
                    closes,
                    amount,
                    deal.currency,
                    _deal_description(deal),
                    company.name,
                    _names(others),
                    deal.pk,
                )
            )
    header = HUBSPOT_DEAL_COLUMNS if system == "hubspot" else SALESFORCE_DEAL_COLUMNS
    return csv_bytes([header, *rows])
