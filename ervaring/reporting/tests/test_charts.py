"""The shared SVG charts: accessible names, numbers in the chart, suppression drawn."""

import xml.etree.ElementTree as ET

from ervaring.reporting.charts import StackedBar, stacked_bars_svg, time_series_svg

NS = {"svg": "http://www.w3.org/2000/svg"}


def parse(svg):
    return ET.fromstring(svg)  # noqa: S314 - our own output, not untrusted input


def test_a_stacked_bar_chart_is_an_image_labelled_by_its_title_and_description():
    svg = stacked_bars_svg(
        [StackedBar("Ik werd serieus genomen", 72.4, 15.1, 12.5, 94)], title="Stellingen"
    )
    root = parse(svg)
    assert root.get("role") == "img"
    title_id, desc_id = root.get("aria-labelledby").split()
    assert root.find(f"svg:title[@id='{title_id}']", NS).text == "Stellingen"
    desc = root.find(f"svg:desc[@id='{desc_id}']", NS).text
    assert "Ik werd serieus genomen (n=94): 72% eens, 15% neutraal, 13% oneens." in desc


def test_each_wide_segment_shows_its_rounded_percentage_and_the_label_its_n():
    texts = [
        t.text
        for t in parse(stacked_bars_svg([StackedBar("A", 72.4, 15.1, 12.5, 94)], title="t")).iter(
            "{http://www.w3.org/2000/svg}text"
        )
    ]
    assert {"72%", "15%", "13%"} <= set(texts)
    assert "A (n=94)" in texts
    assert {"eens", "neutraal", "oneens"} <= set(texts)  # the legend in words


def test_a_narrow_segment_gets_no_text_that_would_not_fit():
    texts = [
        t.text
        for t in parse(stacked_bars_svg([StackedBar("A", 98, 1, 1, 50)], title="t")).iter(
            "{http://www.w3.org/2000/svg}text"
        )
    ]
    assert "98%" in texts and "1%" not in texts


def test_a_suppressed_bar_says_too_few_answers_and_shows_no_figures():
    svg = stacked_bars_svg(
        [StackedBar("Team Zuid", None, None, None, None, True)], title="t", min_n=10
    )
    assert "te weinig antwoorden (n &lt; 10)" in svg
    assert "%" not in svg.split("</desc>")[1]


def test_text_is_escaped():
    svg = stacked_bars_svg([StackedBar("<b>&", 50, 25, 25, 12)], title="a < b")
    parse(svg)  # well-formed
    assert "<b>" not in svg


def test_the_disagree_segment_differs_by_pattern_as_well_as_colour():
    svg = stacked_bars_svg([StackedBar("A", 40, 30, 30, 20)], title="t")
    assert "<pattern" in svg and "url(#" in svg


def test_chart_ids_differ_between_charts_on_one_page():
    one = parse(stacked_bars_svg([StackedBar("A", 40, 30, 30, 20)], title="een"))
    two = parse(stacked_bars_svg([StackedBar("A", 40, 30, 30, 20)], title="twee"))
    assert one.get("aria-labelledby") != two.get("aria-labelledby")


def test_time_series_describes_total_and_peak():
    root = parse(time_series_svg([("1-3", 2), ("2-3", 7), ("3-3", 0)], title="Per dag"))
    desc = root.find("svg:desc", NS).text
    assert "9 in totaal" in desc and "2-3: 7" in desc
    assert len(root.findall("svg:rect", NS)) == 3


def test_an_empty_time_series_says_so():
    assert "Nog geen antwoorden." in time_series_svg([], title="Per dag")
