"""Dutch addresses: split "Kerkstraat 19-2, 1234 AB Plaats" into street, number and the rest.

Many case systems export the address in one column. A letter needs the street, the house
number, the postcode and the town, so an address whose number stays hidden in the street is no
address at all: before this module such a client silently counted as unreachable. The parser
never guesses: what it cannot read with certainty comes back with the whole text as the street,
no house number, and a `note` in Dutch saying why, so the import can count and list those rows.

House numbers follow the shapes of the Dutch address register (BAG): a number of at most five
digits, an optional house letter ("19a") and an optional addition of at most four characters
("19-2", "19 2", "12 hs", "19 bis", "4-III"). A few spoken forms ("1 hoog", "boven") are read
as the addition too, because municipal systems keep them. A year just before the number belongs
to the street ("Plein 1944 12", "Laan 1940-1945 3").
"""

import re
from dataclasses import dataclass, replace

POSTCODE_PATTERN = r"[1-9][0-9]{3} ?[A-Za-z]{2}"
# A postcode standing on its own, wherever it is; the town follows it.
_POSTCODE = re.compile(rf"(?<![^ ,])({POSTCODE_PATTERN})(?![^ ,])")
_NUMBER = re.compile(
    r"^(?P<number>[0-9]{1,5})(?:(?P<letters>[A-Za-z]{1,4})|[-/](?P<addition>[A-Za-z0-9]{1,4}))?$"
)
# An addition written after a space: one letter ("19 A"), a Roman floor number ("4 III"), the
# words registers use ("12 hs", "19 bis", "3 boven"), or a spoken floor ("12 1 hoog"). Any other
# word is not taken for an addition: in "Kerkstraat 19 Ede" the word is the town.
_WORD_ADDITION = re.compile(
    r"^(?:[a-z]|i{1,3}|iv|vi{0,3}|ix|x|h|hs|huis|bis|ter|bg|bgg|beg|bel|ben|beneden|bv|bov|boven"
    r"|rd|rood|zw|zwart|sous|souterrain|parterre)$",
    re.IGNORECASE,
)
_FLOOR_WORD = re.compile(r"^(?:hoog|hg|etage|et|verd|verdieping)$", re.IGNORECASE)
_FLOOR = re.compile(
    r"^[0-9]{1,2}(?:e|de|ste)?[ -]?(?:hoog|hg|etage|et|verd|verdieping)$", re.IGNORECASE
)
# A four-digit number from 1800 to 2099 just before the house number is a year in the street
# name ("Plein 1944 12"), not a house number with an addition.
_YEAR = re.compile(r"^(?:18|19|20)[0-9][0-9]$")
_DIGITS = re.compile(r"[0-9]{1,5}")
_SPACES = re.compile(r"\s+")
_DASH = re.compile(r"(?<=[0-9]) ?([-/]) ?(?=[A-Za-z0-9])")


class AddressError(ValueError):
    """A house number that cannot be read; the message is Dutch, for the user."""


@dataclass(frozen=True, slots=True)
class Address:
    """An address split into its parts; `note` says in Dutch why a part is missing."""

    street: str = ""
    number: int = 0  # 0: no house number could be read
    addition: str = ""
    postcode: str = ""
    town: str = ""
    note: str = ""

    @property
    def house_number(self) -> str:
        return format_house_number(self.number, self.addition) if self.number else ""

    @property
    def is_complete(self) -> bool:
        return bool(self.street and self.number and self.postcode and self.town)


def normalise_postcode(text: str) -> str:
    """'1234ab' -> '1234 AB'; raises AddressError for anything that is no Dutch postcode."""
    compact = text.replace(" ", "").upper()
    if re.fullmatch(r"[1-9][0-9]{3}[A-Z]{2}", compact) is None:
        raise AddressError("Geen geldige postcode; schrijf bijvoorbeeld 1234 AB.")
    return f"{compact[:4]} {compact[4:]}"


def format_house_number(number: int, addition: str) -> str:
    """How a letter shows it: '19', '19A' (a house letter), '19-2', '19-HS', '19-1 hoog'."""
    if not addition:
        return str(number)
    if len(addition) == 1 and addition.isalpha():
        return f"{number}{addition.upper()}"
    shown = addition if " " in addition or len(addition) > 4 else addition.upper()
    return f"{number}-{shown}"


def read_house_number(text: str) -> tuple[int, str]:
    """A house number cell ('12', '12a', '12 A', '12-2', '12/2', '12 hs', '4-III', '12 1 hoog')
    as number and addition; raises AddressError when it is not a house number."""
    parsed = _number_at_end(_tokens(text))
    if parsed is None or parsed[0] != 0:  # the whole cell must be the number
        raise AddressError("Geen geldig huisnummer (bijvoorbeeld 12, 12a of 12-2).")
    _, number, addition = parsed
    if number == 0:
        raise AddressError("Huisnummer 0 bestaat niet.")
    return number, addition


def parse_address(text: str) -> Address:
    """Split an address line, optionally followed by postcode and town.

    'Kerkstraat 19-2' -> street 'Kerkstraat', number '19-2'; 'Laan 1940-1945 3' -> street
    'Laan 1940-1945', number '3'; 'Kerkstraat 19, 1234 AB Plaats' fills postcode and town too.
    Without a readable number the whole text is the street and `note` says why.
    """
    line = _SPACES.sub(" ", text).strip(" ,")
    # The last postcode after a readable street and number: in 'Straatweg 1012 hs' it is the
    # house number, in 'Kerkstraat 1000 hs, 1234 AB Plaats' the second one is the postcode.
    for match in reversed(list(_POSTCODE.finditer(line))):
        address = _split_line(line[: match.start()].strip(" ,"))
        if address.number:
            town = line[match.end() :].strip(" ,")
            return replace(address, postcode=normalise_postcode(match[1]), town=town)
    return _split_line(line)


def _tokens(text: str) -> list[str]:
    return _DASH.sub(r"\1", _SPACES.sub(" ", text).strip()).split(" ") if text.strip() else []


def _split_line(line: str) -> Address:
    """'street number [addition]' split; the whole line as street and a note when it cannot."""
    tokens = _tokens(line)
    parsed = _number_at_end(tokens)
    if parsed is None:
        if re.search(r"[0-9]", line):
            return Address(line, note="Het huisnummer is niet te lezen: het hoort aan het eind.")
        return Address(line, note="Er staat geen huisnummer in het adres.")
    start, number, addition = parsed
    street = " ".join(tokens[:start])
    if not re.search(r"[A-Za-z]", street):
        return Address(line, note="Er staat geen straatnaam vóór het huisnummer.")
    if number == 0:
        return Address(line, note="Huisnummer 0 bestaat niet.")
    if _DIGITS.fullmatch(tokens[start - 1]) and not _YEAR.match(tokens[start - 1]):
        return Address(
            line, note="Er staan meer getallen aan het eind; welk het huisnummer is, is onzeker."
        )
    return Address(street, number, addition)


def _number_at_end(tokens: list[str]) -> tuple[int, int, str] | None:
    """(index of the number's token, number, addition) when the tokens end in a house number:
    the last number whose following tokens are all an addition."""
    for start in range(len(tokens) - 1, -1, -1):
        match = _NUMBER.match(tokens[start])
        if match is None:
            continue
        rest = " ".join(tokens[start + 1 :])
        glued = match["letters"] or match["addition"] or ""
        if not rest:
            previous = tokens[start - 1] if start > 0 else ""
            if not glued and _DIGITS.fullmatch(previous) and not _YEAR.match(previous):
                # 'Kerkstraat 19 2' is number 19, addition 2 (a floor), as Amsterdam writes it.
                return start - 1, int(previous), tokens[start]
            return start, int(match["number"]), glued
        if _FLOOR_WORD.match(rest) and start > 0 and _NUMBER.match(tokens[start - 1]):
            continue  # '12 1 hoog': the 1 belongs to the addition
        if glued or not (_WORD_ADDITION.match(rest) or _FLOOR.match(rest)):
            return None
        return start, int(match["number"]), rest
    return None
