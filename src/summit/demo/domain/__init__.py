"""Building the demo summit: the event (`event`), its organizations and people
(`organizations`), and what happened there (`activity`: requests, schedule, attendance,
feedback and deals, from `requests` and `outcomes`)."""
