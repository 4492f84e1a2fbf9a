"""A draft run seen as the schedule it would publish: every place (slot, table) with what
publishing the run changes there.

The classification is the publication's own (`publish.diff_with_published`), so the preview's
counts are the confirmation page's: a meeting is *added* (no published meeting of its request,
or a proposed pair), *moved* (published at another slot or table, or with other people),
*unchanged* (same slot, table and people, or published and kept because the run was computed
before it and its request is still accepted) or *removed* (published; publishing cancels it).
The checks against the database now (requests still accepted, people still members, ...)
stay with the confirmation page: the preview shows the run as it is.

Reading a bio_europe-scale draft costs three queries (the published meetings, their seats and,
when the run leaves published meetings out, which of their requests are still accepted) and
one pass over the run's assignments.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from summit.meetings.models import MeetingRequest
from summit.scheduling.domain.publish import (
    diff_with_published,
    parse_assignments,
    published_meetings,
)
from summit.scheduling.models import ScheduledMeeting, ScheduleRun

__all__ = [
    "ADDED",
    "MOVED",
    "MOVED_AWAY",
    "REMOVED",
    "SAME",
    "DraftChanges",
    "DraftPlace",
    "VacatedPlace",
    "draft_changes",
]

ADDED, MOVED, SAME = "added", "moved", "same"
REMOVED, MOVED_AWAY = "removed", "moved_away"

#: (slot id, table id)
Place = tuple[int, int]


@dataclass(frozen=True)
class DraftPlace:
    """A meeting at its place in the schedule after publishing."""

    request_id: int | None
    pair: tuple[int, int] | None
    slot_id: int
    table_id: int
    #: ADDED, MOVED or SAME.
    change: str
    #: A moved meeting's place in the published schedule (the same place when only the
    #: people seated change).
    before: Place | None = None


@dataclass(frozen=True)
class VacatedPlace:
    """A published meeting that leaves its place when the run is published."""

    request_id: int
    slot_id: int
    table_id: int
    #: REMOVED or MOVED_AWAY.
    change: str
    after: Place | None = None


@dataclass
class DraftChanges:
    """The schedule after publishing (`placed`), the places published meetings leave
    (`vacated`), and the counts of the confirmation page."""

    placed: dict[Place, DraftPlace] = field(default_factory=dict)
    vacated: dict[Place, VacatedPlace] = field(default_factory=dict)
    added: int = 0
    moved: int = 0
    removed: int = 0
    unchanged: int = 0
    #: Meetings published now.
    published: int = 0

    @property
    def total(self) -> int:
        """Meetings whose place changes: added, moved and removed."""
        return self.added + self.moved + self.removed

    def changed_tables(self, *, slot_ids: set[int]) -> set[int]:
        """Ids of the tables with a change in one of `slot_ids`."""
        tables = {
            table
            for (slot, table), place in self.placed.items()
            if slot in slot_ids and place.change != SAME
        }
        tables.update(table for slot, table in self.vacated if slot in slot_ids)
        return tables


def _accepted_among_published(run: ScheduleRun) -> set[int]:
    return set(
        MeetingRequest.objects.filter(
            event=run.event_id,
            status=MeetingRequest.Status.ACCEPTED,
            scheduled_meetings__status=ScheduledMeeting.Status.SCHEDULED,
        ).values_list("pk", flat=True)
    )


def draft_changes(*, run: ScheduleRun) -> DraftChanges:
    """What publishing `run` would change, place by place (read only)."""
    placements = parse_assignments(run=run, problems=[])
    published = published_meetings(event=run.event)
    full_replan = (run.options or {}).get("pin_published", True) is False
    in_run = {p.request_id for p in placements if p.request_id is not None}
    left_out = not full_replan and any(pk not in in_run for pk in published)
    difference = diff_with_published(
        placements=placements,
        published=published,
        accepted=_accepted_among_published(run) if left_out else set(),
        full_replan=full_replan,
    )
    changes = DraftChanges(
        added=len(difference.new),
        moved=len(difference.moved),
        removed=len(difference.cancelled),
        unchanged=len(difference.unchanged) + len(difference.kept),
        published=len(published),
    )
    placed, vacated = changes.placed, changes.vacated
    for meeting in [*difference.unchanged, *difference.kept]:
        place = (meeting.slot_id, meeting.table_id)
        placed[place] = DraftPlace(meeting.request_id, None, *place, SAME)
    for placement in difference.new:
        place = (placement.slot_id, placement.table_id)
        placed[place] = DraftPlace(placement.request_id, placement.pair, *place, ADDED)
    for meeting, placement in difference.moved:
        before, after = (meeting.slot_id, meeting.table_id), (placement.slot_id, placement.table_id)
        placed[after] = DraftPlace(placement.request_id, None, *after, MOVED, before=before)
        if before != after:
            vacated[before] = VacatedPlace(meeting.request_id, *before, MOVED_AWAY, after=after)
    for meeting in difference.cancelled:
        place = (meeting.slot_id, meeting.table_id)
        vacated[place] = VacatedPlace(meeting.request_id, *place, REMOVED)
    return changes
