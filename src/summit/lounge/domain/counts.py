"""How same-day re-matching shows in the counts of meetings (the command center, the report).

`accept_proposal` (`summit.lounge.domain.rematch`) closes the no-show that freed a person
(status cancelled, its attendance kept) and books a new meeting at its table. A no-show is a
no-show: the closed one still counts as a no-show (never as held), and the new meeting is a
meeting of its own, *re-matched*. Both are conditions on `ScheduledMeeting` rows (``via``
points from another model to them) so that each count stays one aggregate of its query.
"""

from __future__ import annotations

from django.db.models import Q

from summit.lounge.models import MeetingProposal
from summit.scheduling.models import ScheduledMeeting

__all__ = ["counted_meetings", "rematched_meetings"]


def counted_meetings(*, via: str = "") -> Q:
    """Meetings that count: the scheduled ones, and the no-shows closed afterwards (a
    re-match replaced them; their attendance stays recorded)."""
    return Q(**{f"{via}status": ScheduledMeeting.Status.SCHEDULED}) | Q(
        **{f"{via}attendance": ScheduledMeeting.Attendance.NO_SHOW}
    )


def rematched_meetings(*, via: str = "") -> Q:
    """Scheduled meetings booked on the day by an accepted same-day proposal (a slot freed
    by a no-show or a cancellation, filled again)."""
    return Q(
        **{
            f"{via}status": ScheduledMeeting.Status.SCHEDULED,
            f"{via}same_day_proposal__status": MeetingProposal.Status.ACCEPTED,
        }
    )
