"""Agendas of the published schedule: the web agenda, iCalendar feed and file, PDF agenda,
and the organizers' printable table plan."""
