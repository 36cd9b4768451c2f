"""How a client reaches the organisation, in one phrase for letters, e-mails and pages.

A page or letter that says "Bel ons" without a number leaves a client with nothing to do;
every text that invites contact builds its phrase here from the organisation's phone
number and e-mail address (set on the organisation), so all of them say the same.
Plain module without dependencies, like :mod:`ervaring.dutch_dates`.
"""

#: When the organisation is not known yet (a code that was not accepted), the letter or
#: e-mail the person holds has the number.
FROM_THE_LETTER = "Bel ons: het telefoonnummer staat in uw brief of e-mail."


def phone_with_hours(phone: str, hours: str) -> str:
    """ "14 0318 (ma-vr 9.00-17.00)": a number is only of use with when to call it."""
    return f"{phone} ({hours})" if phone and hours else phone


def how_to_reach(phone: str, email: str) -> str:
    """ "bel 14 0123 of mail naar vragen@ede.nl"; "" when the organisation set neither."""
    parts = [f"bel {phone}" if phone else "", f"mail naar {email}" if email else ""]
    return " of ".join(part for part in parts if part)


def contact_sentence(phone: str, email: str, lead: str = "Heeft u vragen?") -> str:
    """ "Heeft u vragen? Bel 14 0123 of mail naar ...", or :data:`FROM_THE_LETTER`."""
    reach = how_to_reach(phone, email)
    if not reach:
        return FROM_THE_LETTER
    sentence = f"{reach[0].upper()}{reach[1:]}."
    return f"{lead} {sentence}" if lead else sentence
