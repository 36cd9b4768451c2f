"""The organisation's phone number as a client needs it, for letters, e-mails and pages.

A page or letter that says "Bel ons" without a number leaves a client with nothing to do;
every text that invites contact names the number with its hours from here. The sentences
around it are translated texts: ``responses.texts.contact_sentence`` for the pages and
``fieldwork.message_texts.contact_sentence`` for letters and e-mails.
Plain module without dependencies, like :mod:`ervaring.dutch_dates`.
"""


def phone_with_hours(phone: str, hours: str) -> str:
    """ "14 0318 (ma-vr 9.00-17.00)": a number is only of use with when to call it."""
    return f"{phone} ({hours})" if phone and hours else phone
