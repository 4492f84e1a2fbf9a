from summit.lounge.models.attendance import AttendanceChange
from summit.lounge.models.rematch import MeetingProposal

__all__ = ["AttendanceChange", "MeetingProposal"]
