"""iCalendar (RFC 5545) export of an agenda: the downloadable file and the subscribed feed.

One VEVENT per meeting. Its UID is the meeting's ``uid`` (kept through every move) at a
fixed domain, and SEQUENCE the meeting's ``sequence`` (grows with every change of time, place
or status), so a calendar application updates the event it already has instead of adding a
second one. Cancelled meetings stay in the calendar with STATUS:CANCELLED. The calendar is a
plain published one (METHOD:PUBLISH), times are in UTC.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

from summit.core.names import person_name

if TYPE_CHECKING:
    from summit.agenda.domain.agenda import AgendaItem
    from summit.events.models import Event
    from summit.organizations.models import Membership, Organization

PRODID = "-//Bio Partnering//Agenda//EN"
#: Used in UIDs when neither ``AGENDA_ICAL_DOMAIN`` nor ``BASE_URL`` is set.
FALLBACK_DOMAIN = "bio-partnering.invalid"


def ical_domain() -> str:
    """The domain after the ``@`` of every UID: it must never change once feeds are out."""
    configured = getattr(settings, "AGENDA_ICAL_DOMAIN", "")
    if configured:
        return str(configured)
    host = urlsplit(getattr(settings, "BASE_URL", "") or "").hostname
    return host or FALLBACK_DOMAIN


def meeting_uid(meeting_uid: object) -> str:
    """The iCalendar UID of a scheduled meeting."""
    return f"{meeting_uid}@{ical_domain()}"


def organization_label(organization: Organization) -> str:
    """ "Acme Biologics (애크미 바이오)": both names, for calendars read in either language."""
    if organization.name_local and organization.name_local != organization.name:
        return f"{organization.name} ({organization.name_local})"
    return organization.name


def person_label(membership: Membership) -> str:
    """A person's name with the job title."""
    user = membership.user
    name = person_name(user)
    return f"{name}, {membership.job_title}" if membership.job_title else name


def _description(item: AgendaItem) -> str:
    lines = []
    for organization in item.partners:
        lines.append(_("Partner: %(name)s") % {"name": organization_label(organization)})
    for person in item.partner_people:
        lines.append(f"  {person_label(person)}")
    if item.own_people:
        names = ", ".join(person_label(person) for person in item.own_people)
        lines.append(_("Your side: %(names)s") % {"names": names})
    if item.message:
        lines.append("")
        lines.append(_("Message: %(message)s") % {"message": item.message})
    if item.meeting.video_link:
        lines.append("")
        lines.append(_("Video call: %(link)s") % {"link": item.meeting.video_link})
    return "\n".join(lines)


def agenda_calendar(
    *,
    event: Event,
    title: str,
    items: Sequence[AgendaItem],
    agenda_url: str,
    generated: datetime | None = None,
) -> bytes:
    """The calendar (``text/calendar`` bytes) of `items`, named `title`.

    DTSTAMP is `generated` (now by default): with a METHOD, RFC 5545 makes it the time the
    calendar was produced; LAST-MODIFIED carries the meeting's own last change.
    """
    import icalendar  # imported lazily: only calendar requests need it

    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", title)
    calendar.add("x-wr-timezone", event.time_zone)
    # Subscribed calendars: ask for a refresh every hour (RFC 7986 and the older X- name).
    calendar.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")
    stamp = (generated or datetime.now(UTC)).astimezone(UTC)
    for item in items:
        meeting = item.meeting
        vevent = icalendar.Event()
        vevent.add("uid", meeting_uid(meeting.uid))
        vevent.add("sequence", meeting.sequence)
        vevent.add("dtstamp", stamp)
        vevent.add("last-modified", meeting.updated.astimezone(UTC))
        vevent.add("dtstart", item.slot.start.astimezone(UTC))
        vevent.add("dtend", item.slot.end.astimezone(UTC))
        partner = ", ".join(organization_label(org) for org in item.partners) or event.name
        vevent.add("summary", _("Meeting: %(partner)s") % {"partner": partner})
        location = item.place
        if event.venue:
            location = f"{location}, {event.venue}"
        vevent.add("location", location)
        vevent.add("description", _description(item))
        vevent.add("url", agenda_url)
        vevent.add("status", "CANCELLED" if item.cancelled else "CONFIRMED")
        vevent.add("transp", "TRANSPARENT" if item.cancelled else "OPAQUE")
        calendar.add_component(vevent)
    return calendar.to_ical()
