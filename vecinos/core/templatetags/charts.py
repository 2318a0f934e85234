"""`{% chart some_chart %}`: a `vecinos.core.charts.Chart` with its table."""

from django import template

register = template.Library()


@register.inclusion_tag("core/charts/chart.html")
def chart(chart):
    return {"chart": chart}
