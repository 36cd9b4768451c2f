"""Who is invited, and how they can be reached.

Pure functions on plain values. For youth care a parent or carer answers below the survey's
age (`Survey.youth_self_from_age`) and the young person from it; the invitation goes to
whoever answers. A person is left out when they objected (opt-out), were invited recently, or
cannot be reached through any channel; each of these is counted, never dropped silently.
"""

from dataclasses import dataclass
from datetime import date

from ervaring.fieldwork.attributes import respondent_role

# Channel values as stored on `Invitation.channel`, in order of preference: e-mail reaches
# most people fastest and cheapest, then SMS, then a letter.
EMAIL, SMS, LETTER = "email", "sms", "brief"

OPTED_OUT = "opted_out"
RECENTLY_INVITED = "recently_invited"
NO_CHANNEL = "no_channel"
EXCLUSION_LABELS = {
    OPTED_OUT: "bezwaar (opt-out)",
    RECENTLY_INVITED: "kortgeleden al uitgenodigd",
    NO_CHANNEL: "geen adres, e-mail of mobiel nummer",
}


@dataclass(frozen=True)
class Contact:
    """The contact data of one person (the client, or their parent or carer)."""

    street: str = ""
    house_number: str = ""
    postcode: str = ""
    town: str = ""
    email: str = ""
    mobile: str = ""

    @property
    def has_address(self) -> bool:
        return bool(self.street and self.house_number and self.postcode and self.town)


@dataclass(frozen=True)
class Assessment:
    """The outcome for one client: who answers, how to reach them, or why they are left out."""

    role: str
    age: int | None
    contact: Contact
    channels: tuple[str, ...]
    exclusion: str = ""

    @property
    def is_eligible(self) -> bool:
        return not self.exclusion


def age_on(birth_date: date | None, birth_year: int | None, on: date) -> int | None:
    """Age in whole years on a date; with only a birth year, the age reached that year."""
    if birth_date is not None:
        before_birthday = (on.month, on.day) < (birth_date.month, birth_date.day)
        return on.year - birth_date.year - before_birthday
    if birth_year is not None:
        return on.year - birth_year
    return None


def addressee(role: str, own: Contact, parent: Contact) -> Contact:
    """The contact data of whoever answers.

    A parent or carer is written to at their own address when the file has one, otherwise at
    the child's address (where the parents usually live); e-mail and SMS only go to the
    parent's own e-mail address and number, never to the child's.
    """
    if role != "ouder":
        return own
    home = parent if parent.has_address else own
    return Contact(
        street=home.street,
        house_number=home.house_number,
        postcode=home.postcode,
        town=home.town,
        email=parent.email,
        mobile=parent.mobile,
    )


def channels_for(contact: Contact) -> tuple[str, ...]:
    """The channels this contact can be reached by, best first."""
    found = []
    if contact.email:
        found.append(EMAIL)
    if contact.mobile:
        found.append(SMS)
    if contact.has_address:
        found.append(LETTER)
    return tuple(found)


def assess(
    *,
    law: str,
    birth_date: date | None,
    birth_year: int | None,
    own: Contact,
    parent: Contact,
    youth_self_from_age: int,
    on: date,
    is_opted_out: bool,
    is_recently_invited: bool,
) -> Assessment:
    """Decide for one client; the first reason that applies is the one counted."""
    age = age_on(birth_date, birth_year, on)
    role = respondent_role(law, age, youth_self_from_age)
    contact = addressee(role, own, parent)
    channels = channels_for(contact)
    if is_opted_out:
        exclusion = OPTED_OUT
    elif is_recently_invited:
        exclusion = RECENTLY_INVITED
    elif not channels:
        exclusion = NO_CHANNEL
    else:
        exclusion = ""
    return Assessment(role, age, contact, channels, exclusion)
