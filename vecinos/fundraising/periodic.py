"""Fundraising's periodic run: last year's statement to monthly donors, early each January."""

from datetime import time

from vecinos.core.periodic import Periodic, daily_at, register

from .services import send_yearly_statements

register(
    Periodic(
        name="fundraising.statements",
        run=send_yearly_statements,
        next_run=daily_at(time(9, 0)),
        description="Yearly giving statements to monthly donors (each goes once a year).",
    )
)
