"""The one chart module: SVG with a title, a description and the same figures as a table."""

import pytest
from django.template import Context, Template
from django.utils import translation

from vecinos.core.charts import Chart, Series
from vecinos.core.disclosure import protect_series


def render(chart) -> str:
    return Template("{% load charts %}{% chart c %}").render(Context({"c": chart}))


@pytest.mark.parametrize("kind", ["bars", "columns", "lines"])
def test_each_kind_draws_an_accessible_svg_and_a_table(kind):
    chart = Chart(
        title="Families <trained>",
        description="Per month & zone.",
        labels=["Jan 2026", "Feb 2026", "Mar 2026"],
        series=[Series("Families", [4, 12, 0]), Series("People", [9, 30, 0])],
        kind=kind,
        label_heading="Month",
    )
    html = render(chart)
    assert 'role="img"' in html and "<title id=" in html and "<desc id=" in html
    assert "Families &lt;trained&gt;" in html
    assert "style=" not in html and "<script" not in html
    assert '<th scope="row">Feb 2026</th><td>12</td><td>30</td>' in html
    assert 'viewBox="0 0 320 ' in html


def test_hidden_values_draw_nothing_and_read_as_words_in_both_languages():
    cells, _total = protect_series([12, 2, 9])
    chart = Chart("Confirmed", "By month.", ["Jan", "Feb", "Mar"], [Series("Incidents", cells)])
    html = render(chart)
    assert "<td>fewer than 5</td>" in html
    assert "<td>not shown</td>" in html
    assert html.count('class="chart__bar"') == 1
    assert html.count('class="chart__hidden"') == 2
    with translation.override("es"):
        assert "<td>menos de 5</td>" in render(chart)


def test_an_empty_chart_says_so():
    assert "Nothing to show yet." in render(Chart("Empty", "Nothing.", [], []))


def test_a_series_must_match_its_labels():
    with pytest.raises(ValueError):
        Chart("Bad", "Bad.", ["a", "b"], [Series("x", [1])])
