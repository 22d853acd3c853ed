from winloss.lib.merge import fill


def test_known_fields_are_filled_and_unknown_ones_stay_as_typed():
    assert fill("Dear {respondent}, {oops}", respondent="Ada") == "Dear Ada, {oops}"


def test_a_text_without_fields_is_unchanged():
    assert fill("Thank you.") == "Thank you."
