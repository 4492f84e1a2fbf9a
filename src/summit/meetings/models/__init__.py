from summit.meetings.models.availability import Unavailability
from summit.meetings.models.request import MeetingRequest

__all__ = ["MeetingRequest", "Unavailability"]
