"""The phone number comes with its hours (values written by hand)."""

from ervaring.contact_text import phone_with_hours


def test_a_number_is_named_with_when_to_call_it():
    assert phone_with_hours("14 0318", "ma-vr 9.00-17.00") == "14 0318 (ma-vr 9.00-17.00)"
    assert phone_with_hours("14 0318", "") == "14 0318"
    assert phone_with_hours("", "ma-vr 9.00-17.00") == ""
