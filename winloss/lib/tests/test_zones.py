from winloss.lib import zones


def test_a_place_is_offered_under_its_current_name_only():
    offered = zones.choices()
    assert {"Asia/Kolkata", "America/St_Johns", "Europe/Amsterdam", "UTC"} <= set(offered)
    assert not {"Asia/Calcutta", "US/Eastern", "localtime"} & set(offered)


def test_an_old_name_a_browser_reports_becomes_the_current_one():
    assert zones.canonical("Asia/Calcutta") == "Asia/Kolkata"
    assert zones.canonical("US/Eastern") == "America/New_York"
    assert zones.canonical("Europe/Berlin") == "Europe/Berlin"


def test_a_name_that_is_no_time_zone_is_refused():
    assert zones.canonical("Mars/Olympus_Mons") is None
    assert zones.canonical("") is None
