from summit.scheduling.models.run import ScheduleRun
from summit.scheduling.models.schedule import MeetingSeat, ScheduledMeeting

__all__ = ["MeetingSeat", "ScheduleRun", "ScheduledMeeting"]
