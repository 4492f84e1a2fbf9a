"""English: day before month with the month's name ("Tue, 6 Oct 2026, 18:00"), read the
same way by every English-speaking participant, and 24-hour times."""

DATE_FORMAT = "D, j M Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "D, j M Y, H:i"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
MONTH_DAY_FORMAT = "D, j M"
YEAR_MONTH_FORMAT = "F Y"
FIRST_DAY_OF_WEEK = 1  # Monday
