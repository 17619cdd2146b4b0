import re
from decimal import Decimal

import pytest

from innovation_fund.places.charts import render_line_chart
from tests.places.markup import SVG, parse


def _chart(series, **options):
    return parse(
        render_line_chart(
            series=series,
            title=options.get("title", "Children in need"),
            y_label=options.get("y_label", "Rate per 10,000 children"),
            id_prefix=options.get("id_prefix", "cin"),
        )
    )


def _points(values: dict[int, str | None]):
    return [(year, None if value is None else Decimal(value)) for year, value in values.items()]


def _lines(svg, modifier):
    return [
        path
        for path in svg.iter(f"{SVG}path")
        if path.get("class") == f"app-chart__line app-chart__line--{modifier}"
    ]


def test_an_image_named_by_its_title_and_description():
    svg = _chart([("Camden", "area", _points({2016: "433.7"}))], id_prefix="camden-cin")
    assert svg.get("role") == "img"
    assert svg.get("aria-labelledby") == "camden-cin-title camden-cin-desc"
    assert svg.find(f"{SVG}title").get("id") == "camden-cin-title"
    assert svg.find(f"{SVG}title").text == "Children in need"
    assert svg.find(f"{SVG}desc").get("id") == "camden-cin-desc"
    assert "Camden" in svg.find(f"{SVG}desc").text


def test_a_missing_value_breaks_the_line():
    values = {2013: "10", 2014: "20", 2015: None, 2016: "30", 2017: "40"}
    svg = _chart([("Camden", "area", _points(values))])
    (line,) = _lines(svg, "area")
    assert line.get("d").count("M") == 2
    assert len(svg.findall(f"{SVG}circle")) == 4


def test_a_missing_year_breaks_the_line_too():
    svg = _chart([("Camden", "area", _points({2013: "10", 2014: "20", 2016: "30", 2017: "5"}))])
    (line,) = _lines(svg, "area")
    assert line.get("d").count("M") == 2


def test_a_value_alone_between_gaps_is_a_dot_without_a_line():
    svg = _chart([("Camden", "area", _points({2013: None, 2014: "20", 2015: None}))])
    assert _lines(svg, "area") == []
    (dot,) = svg.findall(f"{SVG}circle")
    assert dot.get("class") == "app-chart__point--area"


def test_each_series_has_its_line_style_and_a_legend_entry():
    svg = _chart(
        [
            ("Kent", "area", _points({2016: "300", 2017: "310"})),
            ("England", "england", _points({2016: "339.8", 2017: "333.3"})),
        ]
    )
    assert len(_lines(svg, "area")) == 1
    assert len(_lines(svg, "england")) == 1
    legend_lines = [
        line.get("class")
        for line in svg.iter(f"{SVG}line")
        if "app-chart__line" in line.get("class")
    ]
    assert legend_lines == [
        "app-chart__line app-chart__line--area",
        "app-chart__line app-chart__line--england",
    ]
    texts = [text.text for text in svg.iter(f"{SVG}text")]
    assert "Kent" in texts and "England" in texts


def test_every_year_is_labelled_on_the_x_axis():
    svg = _chart([("Kent", "area", _points(dict.fromkeys(range(2013, 2026), "1")))])
    texts = [text.text for text in svg.iter(f"{SVG}text")]
    assert [str(year) for year in range(2013, 2026)] == [
        t for t in texts if re.fullmatch(r"20\d\d", t)
    ]


@pytest.mark.parametrize(
    ("maximum", "labels"),
    [
        ("212.7", ["0", "50", "100", "150", "200", "250"]),
        ("345.4", ["0", "100", "200", "300", "400"]),
        ("8.4", ["0", "2", "4", "6", "8", "10"]),
        ("4.4", ["0", "1", "2", "3", "4", "5"]),
        ("0.9", ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"]),
        ("1234", ["0", "250", "500", "750", "1,000", "1,250"]),
    ],
)
def test_four_or_five_labelled_gridlines_above_zero(maximum, labels):
    svg = _chart([("Kent", "area", _points({2016: "0", 2017: maximum}))])
    y_labels = [t.text for t in svg.iter(f"{SVG}text") if t.get("text-anchor") == "end"]
    assert y_labels == labels
    gridlines = [
        line for line in svg.iter(f"{SVG}line") if line.get("class") == "app-chart__gridline"
    ]
    assert len(gridlines) == len(labels) - 1
    assert 3 <= len(gridlines) <= 5


def test_labels_are_escaped():
    markup = render_line_chart(
        series=[("Brighton & <Hove>", "area", _points({2016: "1"}))],
        title="A <title>",
        y_label="Rate & more",
        id_prefix="x",
    )
    assert "<Hove>" not in markup and "<title>A" not in markup
    assert "Brighton &amp; &lt;Hove&gt;" in markup


def test_an_unknown_line_style_is_refused():
    with pytest.raises(ValueError, match="dotted"):
        _chart([("Kent", "dotted", _points({2016: "1"}))])


def test_a_chart_with_no_figures_still_draws():
    svg = _chart([("Kent", "area", _points({2016: None}))])
    assert svg.get("role") == "img"
    assert _lines(svg, "area") == []
