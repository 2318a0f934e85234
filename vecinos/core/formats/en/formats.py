# One way to write a date in English, on every page and e-mail: "Friday, December 4, 2026"
# (US English). Texts use vecinos.core.dates.sms_date, the same without the year.
DATE_FORMAT = "l, F j, Y"
DATETIME_FORMAT = "l, F j, Y, P"
MONTH_DAY_FORMAT = "F j"
YEAR_MONTH_FORMAT = "F Y"
SHORT_DATE_FORMAT = "m/d/Y"
SHORT_DATETIME_FORMAT = "m/d/Y P"
