from summit.agenda.models.token import CalendarToken

__all__ = ["CalendarToken"]
