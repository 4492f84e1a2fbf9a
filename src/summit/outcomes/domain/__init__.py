"""Business rules of meeting outcomes: feedback (`feedback`), reminders (`reminders`), deals
(`deals`), a participant's own data (`privacy`) and demo data (`demo_outcomes`)."""

from summit.outcomes.domain.demo import demo_outcomes

__all__ = ["demo_outcomes"]
