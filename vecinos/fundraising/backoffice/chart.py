"""Gifts per week as an SVG bar chart, drawn on the server, with the same figures as rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import QuerySet
from django.utils import timezone

WIDTH, HEIGHT = 640, 220
LEFT, RIGHT, TOP, BOTTOM = 56, 8, 12, 28


@dataclass(frozen=True)
class Week:
    start: date
    gifts: int
    cents: int

    @property
    def dollars(self) -> str:
        return f"${self.cents / 100:,.2f}"


def weekly(gifts: QuerySet, weeks: int = 12, today: date | None = None) -> list[Week]:
    """Return the last `weeks` weeks (Monday first) with the count and net sum of gifts."""
    today = today or timezone.localdate()
    first = today - timedelta(days=today.weekday()) - timedelta(weeks=weeks - 1)
    buckets = {first + timedelta(weeks=n): [0, 0] for n in range(weeks)}
    for given_at, amount, refunded in gifts.filter(given_at__date__gte=first).values_list(
        "given_at", "amount_cents", "refunded_cents"
    ):
        day = timezone.localdate(given_at)
        start = day - timedelta(days=day.weekday())
        if start in buckets:
            buckets[start][0] += 1
            buckets[start][1] += max(0, amount - refunded)
    return [Week(start, count, cents) for start, (count, cents) in sorted(buckets.items())]


def bars(weeks: list[Week]) -> dict:
    """Return what the template draws: the bars, the y ticks and the labels."""
    top = max((week.cents for week in weeks), default=0)
    step = _nice_step(top / 100)
    ceiling = max(step * 4, step * -(-int(top / 100) // step)) if step else 100
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / max(len(weeks), 1)
    drawn = []
    for n, week in enumerate(weeks):
        h = round(plot_h * (week.cents / 100) / ceiling, 1) if ceiling else 0
        drawn.append(
            {
                "week": week,
                "x": round(LEFT + n * slot + slot * 0.15, 1),
                "y": round(TOP + plot_h - h, 1),
                "w": round(slot * 0.7, 1),
                "h": h,
                "label_x": round(LEFT + n * slot + slot / 2, 1),
            }
        )
    ticks = [
        (round(TOP + plot_h - plot_h * value / ceiling, 1), f"${value:,}")
        for value in range(0, ceiling + 1, max(ceiling // 4, 1))
    ]
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "baseline": TOP + plot_h,
        "bars": drawn,
        "ticks": ticks,
        "label_y": HEIGHT - 8,
    }


def _nice_step(top: float) -> int:
    if top <= 0:
        return 25
    raw = top / 4
    magnitude = 10 ** (len(str(int(raw))) - 1)
    for factor in (1, 2, 5, 10):
        if raw <= factor * magnitude:
            return int(factor * magnitude)
    return int(10 * magnitude)
