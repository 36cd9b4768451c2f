"""Checking one cell: turn its text into a clean value, or say in Dutch what is wrong."""

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date

import phonenumbers

from ervaring import languages
from ervaring.fieldwork.population import addresses, provisions
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


EMAIL = re.compile(
    r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$"
)
DATE_NL = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
DATE_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$")
PROVISION_SPLIT = re.compile(r"[;,|]")
SHORTENED_NUMBER = re.compile(r"^[0-9]+([.,][0-9]+)?[eE]\+[0-9]+$")
# A number a date cell holds when Excel has not shown it as a date (10000 is 18-5-1927).
EXCEL_SERIAL = re.compile(r"^[1-9][0-9]{4}([.,][0-9]+)?$")
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

#: What a registration system writes for a language, normalised (`normalise_header`): the
#: code, the Dutch name, the English name and the language's own name. '' is Dutch.
LANGUAGE_WORDS = {
    **{code: ("" if code == "nl" else code) for code in languages.SHIPPED},
    "nld": "",
    "nederlands": "",
    "dutch": "",
    "engels": "en",
    "english": "en",
    "eng": "en",
    "turks": "tr",
    "turkish": "tr",
    "turkce": "tr",
    "tur": "tr",
    "arabisch": "ar",
    "arabic": "ar",
    "ara": "ar",
    "pools": "pl",
    "polish": "pl",
    "polski": "pl",
    "pol": "pl",
    "oekraiens": "uk",
    "ukrainian": "uk",
    "ukr": "uk",
    "ua": "uk",
}
#: The own names as written (their letters have no ASCII form): "العربية", "Українська".
LANGUAGE_NAMES = {name.casefold(): code for code, name in languages.NAMES.items()}
LANGUAGE_ACCEPTED = (
    "nl, en, tr, ar, pl, uk, of Nederlands, Engels, Turks, Arabisch, Pools, Oekraïens"
)


def parse_date(text: str, today: date) -> date:
    """A Dutch date (31-12-2015, also with / or .) or an ISO date (2015-12-31)."""
    if match := DATE_NL.match(text):
        day, month, year = (int(g) for g in match.groups())
    elif match := DATE_ISO.match(text):
        year, month, day = (int(g) for g in match.groups())
    elif EXCEL_SERIAL.match(text):
        raise CellError(
            "Dit is een getal, geen datum: Excel bewaart een datum als getal. Maak de kolom in "
            "Excel op als datum, of schrijf de datum als 31-12-2015."
        )
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
    if mobile := dutch_mobile(text):
        return mobile, True
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


_SEPARATORS = str.maketrans("", "", " -")
_DUTCH_MOBILE_RANGES = re.compile(
    phonenumbers.PhoneMetadata.metadata_for_region("NL").mobile.national_number_pattern
)


def dutch_mobile(text: str) -> str:
    """A Dutch mobile number written the usual way ("06-1234 5678", "+31 6 12345678",
    "0031612345678") in E.164; '' for any other text, which `phonenumbers` then reads.

    `phonenumbers.parse` takes about 0.1 ms a number, most of a million-row import's checking
    time; this answers the common case in microseconds. The ranges are the library's own
    metadata, so both ways give the same answer (a test compares them on random numbers).
    """
    compact = text.translate(_SEPARATORS)
    for prefix in ("+31", "0031", "0"):
        if compact.startswith(prefix):
            national = compact[len(prefix) :]
            break
    else:
        return ""
    if national.isascii() and national.isdigit() and _DUTCH_MOBILE_RANGES.fullmatch(national):
        return "+31" + national
    return ""


class CellChecker:
    """Turns one cell into a clean value or raises CellError; caches slow checks.

    Phone numbers and dates repeat a lot in a population (a client on several rows) and
    `phonenumbers` is the slowest step, so each distinct value is checked once. Client numbers,
    names, addresses and e-mail addresses are nearly all different and cheap to check: caching
    them would only keep a second copy of the file in memory. The cache is emptied when it
    reaches `MAX_CACHED` values: a client's rows are usually close together, and a million
    different phone numbers would otherwise stay in memory. Cached values are immutable (str,
    int, date, tuples, frozen dataclasses), so sharing one between rows can never mix clients.
    """

    UNCACHED = frozenset({"ref", "text", "address", "email"})
    MAX_CACHED = 50_000

    def __init__(self, options: ParseOptions) -> None:
        self.options = options
        self._cache: dict[tuple[str, str], object] = {}
        self._checks: dict[str, Callable[[str], object]] = {}

    def check(self, kind: str, text: str) -> object:
        check = self._checks.get(kind)
        if check is None:
            check = self._checks[kind] = getattr(self, f"_{kind}")
        if kind in self.UNCACHED:
            return check(text)
        key = (kind, text)
        try:
            result = self._cache[key]
        except KeyError:
            try:
                result = check(text)
            except CellError as error:
                result = error
            if len(self._cache) >= self.MAX_CACHED:
                self._cache.clear()
            self._cache[key] = result
        if isinstance(result, CellError):
            raise result
        return result

    def _ref(self, text: str) -> str:
        if len(text) > 64:
            raise CellError("Een cliëntnummer is hoogstens 64 tekens.")
        if SHORTENED_NUMBER.match(text):
            # Excel shows long numbers as 1,23457E+17 and saves them so in a CSV: the real
            # number is lost, and two clients may end up with the same one.
            raise CellError(
                "Dit cliëntnummer is door Excel ingekort tot een getal met E+. Maak de kolom in "
                "Excel op als tekst en maak de export opnieuw."
            )
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

    def _provisions(self, text: str) -> tuple[tuple[str, str], ...]:
        """(name key, name as written) of each provision in the cell ('A; B', 'A, B')."""
        names = {}
        for part in PROVISION_SPLIT.split(text):
            label = " ".join(part.split())
            if key := provisions.name_key(label):
                names.setdefault(key, label[:MAX_TEXT])
        if not names:
            raise CellError("Hier staat geen naam van een voorziening.")
        return tuple(names.items())

    def _date(self, text: str) -> date:
        return parse_date(text, self.options.today)

    def _year(self, text: str) -> int:
        if (
            not (text.isascii() and text.isdigit())
            or not 1900 <= int(text) <= self.options.today.year
        ):
            raise CellError("Geen geldig geboortejaar (bijvoorbeeld 1950).")
        return int(text)

    def _gender(self, text: str) -> str:
        gender = GENDERS.get(normalise_header(text))
        if gender is None:
            raise CellError("Onbekend geslacht; gebruik man, vrouw, anders of onbekend.")
        return gender

    def _language(self, text: str) -> str:
        """A language code ('' for Dutch). Another language is refused with its row: a
        typo must not quietly become Dutch, and a client whose language Ervaring does not
        ship gets Dutch when the cell says so (Nederlands, or empty)."""
        code = LANGUAGE_NAMES.get(text.casefold(), LANGUAGE_WORDS.get(normalise_header(text)))
        if code is None:
            raise CellError(
                f"Onbekende taal. Gebruik {LANGUAGE_ACCEPTED}. Leest de cliënt een andere taal? "
                "Laat de cel dan leeg: de cliënt krijgt de berichten in het Nederlands."
            )
        return "" if code == "nl" else code

    def _team(self, text: str) -> str:
        slug = self.options.teams.get(normalise_header(text))
        if slug is None:
            raise CellError(
                "Dit team bestaat niet in uw organisatie. Een beheerder voegt het toe bij "
                "Teams, met de naam zoals in het bestand."
            )
        return slug

    def _postcode(self, text: str) -> str:
        try:
            return addresses.normalise_postcode(text)
        except addresses.AddressError as error:
            raise CellError(str(error)) from error

    def _house_number(self, text: str) -> tuple[int, str]:
        try:
            return addresses.read_house_number(text)
        except addresses.AddressError as error:
            raise CellError(str(error)) from error

    def _address(self, text: str) -> addresses.Address:
        return addresses.parse_address(self._text(text))

    def _email(self, text: str) -> str:
        if len(text) > 254 or EMAIL.match(text) is None or ".." in text:
            raise CellError("Geen geldig e-mailadres.")
        local, domain = text.rsplit("@", 1)
        return f"{local}@{domain.lower()}"

    def _mobile(self, text: str) -> str:
        return parse_phone(text, mobile_only=True)[0]

    def _phone(self, text: str) -> tuple[str, bool]:
        return parse_phone(text, mobile_only=False)
