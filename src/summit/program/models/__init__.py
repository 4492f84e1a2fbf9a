from summit.program.models.reminders import ReminderDelivery, SegmentReminder

__all__ = ["ReminderDelivery", "SegmentReminder"]
