import xml.etree.ElementTree as ET

import pytest

from winloss.lib.charts import paired_bars

LABELS = ["Enterprise", "Mid-market", "SMB & <startups>", "$1M+ deals"]
SERIES = {
    "Closed pipeline": [0.2, 0.3, 0.4, 0.1],
    "Sample": [0.25, 0.3, 0.35, 0.1],
    "Interviewed": [0.1, 0.4, 0.45, 0.05],
}


def texts(svg: bytes) -> list[str]:
    root = ET.fromstring(svg)
    return [el.text or "" for el in root.iter() if el.tag.endswith("text")]


def height(svg: bytes) -> float:
    return float(ET.fromstring(svg).get("height", "0").removesuffix("pt"))


def test_paired_bars_is_an_svg_document():
    root = ET.fromstring(paired_bars("Coverage", LABELS, SERIES))
    assert root.tag.endswith("svg")


def test_labels_title_and_legend_stay_text_in_the_svg():
    found = texts(paired_bars("Coverage by segment", LABELS, SERIES))
    for expected in [*LABELS, *SERIES, "Coverage by segment"]:
        assert expected in found


def test_values_are_shown_as_percent_by_default_and_plain_otherwise():
    assert "45%" in texts(paired_bars("Coverage", LABELS, SERIES))
    counts = texts(paired_bars("Deals", ["A", "B"], {"Deals": [12, 30]}, percent=False))
    assert "12" in counts and "30" in counts
    assert not any(t.endswith("%") for t in counts)


def test_the_same_data_gives_identical_bytes():
    assert paired_bars("Coverage", LABELS, SERIES) == paired_bars("Coverage", LABELS, SERIES)


def test_the_chart_grows_taller_with_more_labels():
    short = paired_bars("C", ["a", "b"], {"s": [0.1, 0.2]})
    tall = paired_bars("C", list("abcdefgh"), {"s": [0.1] * 8})
    assert height(tall) > height(short)


def test_no_labels_gives_a_small_no_data_chart():
    svg = paired_bars("Coverage", [], {})
    assert ET.fromstring(svg).tag.endswith("svg")
    assert "No data yet" in texts(svg)
    assert height(svg) < height(paired_bars("Coverage", LABELS, SERIES))


def test_a_series_of_the_wrong_length_is_refused():
    with pytest.raises(ValueError, match="'Sample' has 1 values but there are 2 labels"):
        paired_bars("C", ["a", "b"], {"Sample": [0.1]})
