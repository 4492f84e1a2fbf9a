from summit.lounge.models.attendance import AttendanceChange

__all__ = ["AttendanceChange"]
