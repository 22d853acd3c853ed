"""A function named by its path is imported when first called, and compares by its path."""

import sys

from winloss.lib.later import later


def test_a_named_function_loads_on_its_first_call_and_runs():
    sys.modules.pop("colorsys", None)
    hls = later("colorsys.rgb_to_hls")
    assert "colorsys" not in sys.modules
    assert hls(1.0, 0.0, 0.0) == (0.0, 0.5, 1.0)
    assert "colorsys" in sys.modules and hls(0.0, 0.0, 0.0) == (0.0, 0.0, 0.0)


def test_two_namings_of_one_function_are_the_same_schedule():
    # A registry that refuses two different schedules under one name accepts the same again.
    assert later("colorsys.rgb_to_hls") == later("colorsys.rgb_to_hls")
    assert later("colorsys.rgb_to_hls") != later("colorsys.hls_to_rgb")
