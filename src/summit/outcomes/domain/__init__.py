"""Business rules of meeting outcomes: feedback (`feedback`), reminders (`reminders`), deals
(`deals`) and a participant's own data (`privacy`)."""
