"""The words of a survey's invitations and reminders that its project leader may change.

A municipality or research bureau writes its own subject, opening, an extra paragraph, the
e-mail's subject and the SMS, but never the parts that make a message work: the address to
type, the code and QR code, the deadline, how to say no, how to reach the organisation and the
privacy sentence stay the product's own, so a changed text cannot lose them. An empty field
keeps the standard B1 text.

Texts may hold three fill-ins, written in curly brackets: {organisatie}, {wet} and {datum}.
Any other word in brackets is refused with its name, so a typo never reaches a client as
"{organsatie}".

The survey's own words are written in Dutch, and for every other language the survey offers
in that language (`translations`): a client who reads Turkish gets the Turkish version of a
changed text, or the standard Turkish text where the survey has none. A Dutch text without
its translation is named by `untranslated`, and fieldwork does not start until it is there
(or the Dutch text is emptied), so no client meets a missing paragraph or Dutch by surprise.

Plain Python: no Django, no database (the SMS check gets example links from the caller).
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass, fields

#: The fill-ins a text may use, with what they become (shown on the page as help).
PLACEHOLDERS = {
    "organisatie": "de naam van uw organisatie",
    "wet": "‘de Wmo’ of ‘de Jeugdwet’",
    "datum": "de datum waarvoor men de vragenlijst invult",
}
#: GSM 03.38: the characters one SMS part carries 160 of (153 when split); any other
#: character makes the whole message Unicode, 70 per part (67 when split).
GSM_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM_EXTENDED = frozenset("^{}\\[~]|€")  # two characters each
MAX_SMS_PARTS = 3
_BRACKETED = re.compile(r"\{([^{}]*)\}")


@dataclass(frozen=True)
class Wording:
    """A survey's own words; '' means the standard text."""

    letter_subject: str = ""
    invitation_opening: str = ""
    reminder_opening: str = ""
    extra_paragraph: str = ""
    email_subject: str = ""
    sms_text: str = ""


#: Each field's label (as the page and the messages name it) and its longest length.
LIMITS: dict[str, tuple[str, int]] = {
    "letter_subject": ("Onderwerp van de brief", 90),
    "invitation_opening": ("Eerste alinea van de uitnodiging", 700),
    "reminder_opening": ("Eerste alinea van de herinnering", 700),
    "extra_paragraph": ("Extra alinea", 700),
    "email_subject": ("Onderwerp van de e-mail", 90),
    "sms_text": ("Tekst van de sms", 200),
}


@dataclass(frozen=True)
class SmsSize:
    """How an SMS text travels: characters, parts, and whether it needs Unicode."""

    characters: int
    parts: int
    is_unicode: bool

    def describe(self) -> str:
        """In words for the page, e.g. '148 tekens, 1 sms'."""
        parts = "1 sms" if self.parts == 1 else f"{self.parts} sms-delen"
        text = f"{self.characters} tekens, {parts}"
        if self.is_unicode:
            text += (
                " (de tekst heeft een teken als ë of ï; dan past er minder in één sms, "
                "70 tekens in plaats van 160)"
            )
        return text


def sms_size(text: str) -> SmsSize:
    """The parts an SMS costs: 160/153 GSM characters per part, or 70/67 in Unicode."""
    if all(c in GSM_BASIC or c in GSM_EXTENDED for c in text):
        length = sum(2 if c in GSM_EXTENDED else 1 for c in text)
        single, split, is_unicode = 160, 153, False
    else:
        length = len(text.encode("utf-16-le")) // 2
        single, split, is_unicode = 70, 67, True
    parts = 1 if length <= single else -(-length // split)
    return SmsSize(len(text), parts, is_unicode)


def unknown_placeholders(text: str) -> list[str]:
    """The bracketed words in `text` that are no fill-in, in order of appearance."""
    return [name for name in _BRACKETED.findall(text) if name.strip() not in PLACEHOLDERS]


def fill(text: str, values: dict[str, str]) -> str:
    """`text` with each {fill-in} replaced; checked texts only (see `problems`)."""
    return _BRACKETED.sub(lambda match: values.get(match.group(1).strip(), match.group(0)), text)


def problems(wording: Wording) -> dict[str, str]:
    """What is wrong per field, in Dutch naming the field: too long, an unknown fill-in, or a
    bracket left open. Empty when the wording can be used."""
    found: dict[str, str] = {}
    for field in fields(Wording):
        label, limit = LIMITS[field.name]
        text = getattr(wording, field.name)
        unknown = unknown_placeholders(text)
        if len(text) > limit:
            found[field.name] = f"{label}: de tekst is {len(text)} tekens; hoogstens {limit} kan."
        elif unknown:
            names = ", ".join(f"{{{name}}}" for name in unknown)
            allowed = ", ".join(f"{{{name}}}" for name in PLACEHOLDERS)
            found[field.name] = f"{label}: {names} kennen wij niet. U kunt gebruiken: {allowed}."
        elif _BRACKETED.sub("", text).count("{") or _BRACKETED.sub("", text).count("}"):
            found[field.name] = f"{label}: er staat een {{ of }} zonder zijn tegenhanger."
        elif field.name.endswith("subject") and "\n" in text.strip():
            found[field.name] = f"{label}: een onderwerp is één regel."
    return found


def sms_problem(size: SmsSize) -> str:
    """Why an SMS of this size is refused ('' when it may go): more than MAX_SMS_PARTS parts
    costs more than it helps, and long messages arrive in pieces on older phones."""
    if size.parts <= MAX_SMS_PARTS:
        return ""
    return (
        f"Tekst van de sms: met de link en de afmeldlink wordt de sms {size.describe()}; "
        f"hoogstens {MAX_SMS_PARTS} sms-delen kan. Maak de tekst korter."
    )


def untranslated(dutch: Wording, translations: Mapping[str, Wording]) -> dict[str, list[str]]:
    """Per language (of `translations`' keys), the labels of the fields the survey changed
    in Dutch but not in that language; a language with nothing missing is left out."""
    found: dict[str, list[str]] = {}
    for language, translated in translations.items():
        missing = [
            LIMITS[field.name][0]
            for field in fields(Wording)
            if getattr(dutch, field.name) and not getattr(translated, field.name)
        ]
        if missing:
            found[language] = missing
    return found
