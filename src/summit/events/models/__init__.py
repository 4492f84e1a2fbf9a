from summit.events.models.event import Event, EventDay, Organizer
from summit.events.models.schedule import Session, Slot, Table

__all__ = ["Event", "EventDay", "Organizer", "Session", "Slot", "Table"]
