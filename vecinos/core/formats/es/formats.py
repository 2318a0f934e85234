# Una sola manera de escribir una fecha en español, en cada página y correo:
# "viernes, 4 de diciembre de 2026". Los mensajes de texto usan vecinos.core.dates.sms_date,
# la misma sin el año.
DATE_FORMAT = r"l, j \d\e F \d\e Y"
DATETIME_FORMAT = r"l, j \d\e F \d\e Y, H:i"
MONTH_DAY_FORMAT = r"j \d\e F"
YEAR_MONTH_FORMAT = r"F \d\e Y"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
