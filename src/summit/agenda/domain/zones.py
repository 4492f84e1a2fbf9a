"""Which time zone a viewer sees the agenda in, besides the event's own."""

from __future__ import annotations

import zoneinfo
from functools import lru_cache

#: Offered in the agenda's zone selector (the viewer's profile zone is added when missing).
COMMON_TIME_ZONES = (
    "Asia/Seoul",
    "Asia/Tokyo",
    "Asia/Shanghai",
    "Asia/Singapore",
    "Asia/Kolkata",
    "Europe/London",
    "Europe/Paris",
    "Europe/Berlin",
    "America/New_York",
    "America/Chicago",
    "America/Los_Angeles",
    "Australia/Sydney",
    "UTC",
)


@lru_cache(maxsize=1)
def _iana_names() -> frozenset[str]:
    # Read once (it walks the zone database): every name ZoneInfo() can load as a zone.
    return frozenset(zoneinfo.available_timezones())


def is_time_zone(name: str) -> bool:
    """True for an IANA time-zone name such as ``Europe/Paris``.

    Checked against the IANA list rather than by trying ``ZoneInfo(name)``, which fails with
    errors of its own on a folder of the zone database (``America``) or a path.
    """
    return name in _iana_names()


def choose_viewer_time_zone(
    *, requested: str | None, remembered: str | None, profile_zone: str, event_zone: str
) -> str | None:
    """The zone to show next to the event's: the one just asked for, else the one remembered
    in the session, else the profile's; None when that is the event's own zone (or none).

    ``requested`` is None when nothing was asked and "" to go back to the event's zone.
    """
    if requested is not None:
        chosen = requested if is_time_zone(requested) else ""
    elif remembered is not None:
        chosen = remembered if is_time_zone(remembered) else ""
    else:
        chosen = profile_zone if is_time_zone(profile_zone) else ""
    return chosen if chosen and chosen != event_zone else None


def time_zone_choices(*, profile_zone: str, event_zone: str) -> list[str]:
    """The zones offered in the selector: the event's, the profile's, then common ones."""
    zones = [event_zone]
    for zone in (profile_zone, *COMMON_TIME_ZONES):
        if zone and zone not in zones and is_time_zone(zone):
            zones.append(zone)
    return zones
