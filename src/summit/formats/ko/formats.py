"""Korean: "2026년 10월 6일 화요일 18:00", short "2026. 10. 6. 18:00", 24-hour times."""

DATE_FORMAT = "Y년 n월 j일 l"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "Y년 n월 j일 l H:i"
SHORT_DATE_FORMAT = "Y. n. j."
SHORT_DATETIME_FORMAT = "Y. n. j. H:i"
MONTH_DAY_FORMAT = "n월 j일 l"
YEAR_MONTH_FORMAT = "Y년 n월"
FIRST_DAY_OF_WEEK = 0  # Sunday, as Korean calendars start the week
