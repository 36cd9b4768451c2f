"""Checking one cell: turn its text into a clean value, or say in Dutch what is wrong."""

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

import phonenumbers

from ervaring.fieldwork.population.fields import normalise_header

MAX_TEXT = 200


@dataclass(frozen=True)
class ParseOptions:
    """What the file is checked against: the survey's law, the organisation's teams."""

    survey_law: str
    teams: Mapping[str, str]  # normalised slug or name -> team slug
    today: date


class CellError(ValueError):
    """A cell value that cannot be used; the message is Dutch."""


POSTCODE = re.compile(r"^([1-9][0-9]{3})\s*([A-Za-z]{2})$")
HOUSE_NUMBER = re.compile(r"^(\d{1,5})\s*[-/ ]?\s*([A-Za-z0-9]{0,6})$")
EMAIL = re.compile(
    r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$"
)
DATE_NL = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
DATE_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$")
PROVISION_SPLIT = re.compile(r"[;,|]")
LAWS = {
    "wmo": "wmo",
    "wmo2015": "wmo",
    "jeugd": "jeugd",
    "jeugdwet": "jeugd",
    "jeugdhulp": "jeugd",
    "jw": "jeugd",
}
GENDERS = {
    "m": "man",
    "man": "man",
    "mannelijk": "man",
    "jongen": "man",
    "v": "vrouw",
    "vrouw": "vrouw",
    "vrouwelijk": "vrouw",
    "meisje": "vrouw",
    "x": "anders",
    "anders": "anders",
    "o": "",
    "onbekend": "",
    "nvt": "",
}
# Provision names as suppliers write them -> the group names questionnaires route on.
PROVISION_SYNONYMS = {
    "hh": "huishoudelijke_hulp",
    "hbh": "huishoudelijke_hulp",
    "huishoudelijkeondersteuning": "huishoudelijke_hulp",
    "collectiefvervoer": "vervoer",
    "wmovervoer": "vervoer",
    "regiotaxi": "vervoer",
    "woonvoorziening": "woningaanpassing",
    "jeugdggz": "jeugd_ggz",
    "ggz": "jeugd_ggz",
}


def provision_slug(text: str) -> str:
    """'Huishoudelijke hulp' -> 'huishoudelijke_hulp' (the names routing conditions use)."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    slug = re.sub(r"[^a-z0-9]+", "_", plain).strip("_")
    return PROVISION_SYNONYMS.get(slug.replace("_", ""), slug)


def parse_date(text: str, today: date) -> date:
    """A Dutch date (31-12-2015, also with / or .) or an ISO date (2015-12-31)."""
    if match := DATE_NL.match(text):
        day, month, year = (int(g) for g in match.groups())
    elif match := DATE_ISO.match(text):
        year, month, day = (int(g) for g in match.groups())
    else:
        raise CellError("Geen geldige datum; schrijf bijvoorbeeld 31-12-2015.")
    try:
        value = date(year, month, day)
    except ValueError as error:
        raise CellError("Deze datum bestaat niet.") from error
    if not date(1900, 1, 1) <= value <= today:
        raise CellError("Deze datum ligt in de toekomst of vóór 1900.")
    return value


def parse_phone(text: str, *, mobile_only: bool) -> tuple[str, bool]:
    """A Dutch (or international) number as E.164, and whether it is a mobile number."""
    try:
        number = phonenumbers.parse(text, "NL")
    except phonenumbers.NumberParseException as error:
        raise CellError("Geen geldig telefoonnummer.") from error
    if not phonenumbers.is_valid_number(number):
        raise CellError("Geen geldig telefoonnummer.")
    kind = phonenumbers.number_type(number)
    is_mobile = kind in {
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    }
    if mobile_only and not is_mobile:
        raise CellError("Dit is geen mobiel nummer; een sms kan er niet heen.")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164), is_mobile


class CellChecker:
    """Turns one cell into a clean value or raises CellError; caches slow checks.

    Phone numbers and dates repeat a lot in a population and `phonenumbers` is the slowest
    step, so each distinct value is checked once.
    """

    def __init__(self, options: ParseOptions) -> None:
        self.options = options
        self._cache: dict[tuple[str, str], object] = {}

    def check(self, kind: str, text: str) -> object:
        key = (kind, text)
        try:
            result = self._cache[key]
        except KeyError:
            try:
                result = getattr(self, f"_{kind}")(text)
            except CellError as error:
                result = error
            self._cache[key] = result
        if isinstance(result, CellError):
            raise result
        return result

    def _ref(self, text: str) -> str:
        if len(text) > 64:
            raise CellError("Een cliëntnummer is hoogstens 64 tekens.")
        return text

    def _text(self, text: str) -> str:
        if len(text) > MAX_TEXT:
            raise CellError(f"Te lang: hoogstens {MAX_TEXT} tekens.")
        return text

    def _law(self, text: str) -> str:
        law = LAWS.get(normalise_header(text))
        if law is None:
            raise CellError("Onbekende wet; gebruik Wmo of Jeugd.")
        if law != self.options.survey_law:
            raise CellError("Deze cliënt valt onder een andere wet dan dit onderzoek.")
        return law

    def _provisions(self, text: str) -> tuple[str, ...]:
        groups = (provision_slug(part) for part in PROVISION_SPLIT.split(text))
        return tuple(dict.fromkeys(g for g in groups if g))

    def _date(self, text: str) -> date:
        return parse_date(text, self.options.today)

    def _year(self, text: str) -> int:
        if not text.isdigit() or not 1900 <= int(text) <= self.options.today.year:
            raise CellError("Geen geldig geboortejaar (bijvoorbeeld 1950).")
        return int(text)

    def _gender(self, text: str) -> str:
        gender = GENDERS.get(normalise_header(text))
        if gender is None:
            raise CellError("Onbekend geslacht; gebruik man, vrouw, anders of onbekend.")
        return gender

    def _team(self, text: str) -> str:
        slug = self.options.teams.get(normalise_header(text))
        if slug is None:
            raise CellError("Dit team bestaat niet in uw organisatie.")
        return slug

    def _postcode(self, text: str) -> str:
        match = POSTCODE.match(text)
        if match is None:
            raise CellError("Geen geldige postcode; schrijf bijvoorbeeld 1234 AB.")
        return f"{match.group(1)} {match.group(2).upper()}"

    def _house_number(self, text: str) -> str:
        match = HOUSE_NUMBER.match(text)
        if match is None or int(match.group(1)) == 0:
            raise CellError("Geen geldig huisnummer (bijvoorbeeld 12 of 12a).")
        number, addition = match.groups()
        return f"{int(number)}{'-' if addition.isdigit() else ''}{addition.upper()}"

    def _email(self, text: str) -> str:
        if len(text) > 254 or EMAIL.match(text) is None or ".." in text:
            raise CellError("Geen geldig e-mailadres.")
        local, domain = text.rsplit("@", 1)
        return f"{local}@{domain.lower()}"

    def _mobile(self, text: str) -> str:
        return parse_phone(text, mobile_only=True)[0]

    def _phone(self, text: str) -> tuple[str, bool]:
        return parse_phone(text, mobile_only=False)
