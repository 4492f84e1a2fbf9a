from summit.outcomes.models.deal import CURRENCIES, Deal, DealParty, DealStageChange
from summit.outcomes.models.feedback import FeedbackReminder, MeetingFeedback

__all__ = [
    "CURRENCIES",
    "Deal",
    "DealParty",
    "DealStageChange",
    "FeedbackReminder",
    "MeetingFeedback",
]
