"""How clients reach the organisation, in one phrase everywhere (values written by hand)."""

from ervaring.contact_text import FROM_THE_LETTER, contact_sentence, how_to_reach


def test_phone_and_email_both_named():
    assert how_to_reach("14 0318", "vragen@ede.nl") == "bel 14 0318 of mail naar vragen@ede.nl"
    assert contact_sentence("14 0318", "") == "Heeft u vragen? Bel 14 0318."
    assert contact_sentence("", "vragen@ede.nl", lead="") == "Mail naar vragen@ede.nl."


def test_without_either_the_person_is_pointed_at_their_letter():
    assert contact_sentence("", "") == FROM_THE_LETTER
    assert "brief" in FROM_THE_LETTER
