"""Identifiers written as phrases: dates, ages and street addresses.

Unlike the shapes in `rules`, these need words around them: a number is an age only in an
age phrase ("ik ben 83", "83 jaar oud"), never in a duration ("al 3 jaar hulp"); a number is a
house number only after a street ("kerkstraat 19-2"), whose name may start with words that
are also ordinary ("burgemeester de vlugtlaan", "van der helststraat").
"""

import re
from collections.abc import Iterable, Iterator

from ervaring.responses.scrubbing.rules import Found, words

MONTHS = words(
    """
januari jan februari feb febr maart mrt april apr mei juni jun juli jul augustus aug
september sep sept oktober okt october oct november nov december dec
"""
)
_MONTH = "(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_NUMERIC_DATE = re.compile(r"(?<![\w.\-/])(\d{1,2})([-/.])(\d{1,2})\2(\d{4}|\d{2})(?![\w]|[-/.]\d)")
_TEXT_DATE = re.compile(
    rf"(?<!\w)(\d{{1,2}})(?:e|ste|de)?\s+{_MONTH}(?:\s+(?:'|’)?(\d{{4}}|\d{{2}}))?(?!\w)",
    re.IGNORECASE,
)
_BIRTH_YEAR = re.compile(
    r"(?:geboren|geb\.|geboortejaar)\s+(?:in\s+|op\s+)?"
    r"(?:het\s+jaar\s+)?(19\d{2}|20\d{2})(?!\w)",
    re.IGNORECASE,
)

_AGE_BEFORE = re.compile(
    r"(?:\b(?:ik\s+ben|ben\s+ik|ik\s+word|ik\s+wordt|word|wordt|werd|is|was|zijn|leeftijd|"
    r"van|bijna|ruim|inmiddels|pas|al|nu|net)\W{0,3}(?:al\s+|bijna\s+|nu\s+|pas\s+|net\s+|"
    r"inmiddels\s+|ruim\s+)?)$",
    re.IGNORECASE,
)
_AGE_NUMBER = re.compile(r"(?<![\w.,-])(\d{1,3})(?![\w.,]\d|\w)")
_AGE_AFTER_OLD = re.compile(
    r"^\s*(?:-\s*)?(?:jaar\s+oud|jr\.?\s+oud|jarige?|jaar\s+geworden)\b", re.IGNORECASE
)
_AGE_AFTER_YEAR = re.compile(r"^\s*(?:jaar|jr\.?)(?!\w)", re.IGNORECASE)
_AGE_BARE_END = re.compile(
    r"^\s*(?:[.,;!?)]|$|en\b|dus\b|maar\b|oud\b|jaar\s*[.,;!?]|jaar\s*$|jaar\s+en\b|jaar\s+dus\b|jaar\s+maar\b|jaar\s+oud\b)",
    re.IGNORECASE,
)
_DURATION_BEFORE = re.compile(
    r"\b(?:al|sinds|sinds\s+ruim|al\s+ruim|al\s+bijna|voor|na|over|binnen|elke|per|om\s+de)\s+$",
    re.IGNORECASE,
)
_AGE_IN_BRACKETS = re.compile(r"\((\d{1,3})\s*(?:jaar|jr\.?|j\.?)\)", re.IGNORECASE)
_AGE_PREFIXED = re.compile(r"(?<![\w.,-])(\d{1,3})(?:\s?-\s?|\s)?jarige?\b", re.IGNORECASE)

STREET_SUFFIXES = (
    "straat",
    "laan",
    "weg",
    "plein",
    "gracht",
    "kade",
    "singel",
    "dijk",
    "dreef",
    "hof",
    "park",
    "pad",
    "steeg",
    "erf",
    "ring",
    "baan",
    "plantsoen",
    "markt",
    "dam",
    "wal",
    "haven",
    "boulevard",
    "allee",
    "kant",
    "oord",
    "werf",
    "akker",
    "plaats",
    "hoek",
    "veld",
    "weide",
    "zoom",
    "burcht",
    "poort",
    "rade",
    "hout",
    "berg",
    "dal",
    "bosch",
    "horst",
    "donk",
    "stede",
    "gaarde",
    "kwartier",
    "vliet",
)
# 19, 19a, 19 a, 19-2, 19-II, 19 hs, 19 bis, 19/3.
HOUSE_NUMBER = (
    r"\d{1,5}(?:\s?[-/]\s?(?:\d{1,4}|[a-z]{1,3}|i{1,3}|iv|hs|bis)"
    r"|\s?(?:[a-z](?!\w)|hs\b|bis\b|huis\b|rood\b|zwart\b|bg\b)|(?:[a-z])(?!\w))?"
)
# A house number, and the word before it ending in a street suffix ("kerkstraat 19-2");
# the search starts from the numbers (few) rather than from every word. The words before
# the street word that belong to its name ("van der helst", "burgemeester de") are added
# by `_street_start`.
_NUMBER = re.compile(r"(?<![\w-])\d{1,5}")
_HOUSE_NUMBER = re.compile(rf"{HOUSE_NUMBER}(?![\w])", re.IGNORECASE)
_STREET_BEFORE = re.compile(
    r"(?<![\w-])([^\W\d_][\w'.-]*)[ \t]*,?[ \t]*(?:nr\.?[ \t]*|nummer[ \t]+)?$", re.IGNORECASE
)
_WORD_BEFORE = re.compile(r"(?:(\d{1,2}e|[^\W\d_][\w'.-]*)[ \t]+)$")
# Words a street's name never starts with: the regex's optional leading words stop there.
_NOT_IN_STREET = frozenset(
    words(
        """
de het een in op aan naar bij ik wij we je u uw mijn zijn haar hun die dat dit deze woon
woont wonen adres is was en of met van voor ook nog wel niet naast achter tegen verhuisd
verhuizen huis nieuwe oude ons onze
"""
    )
)
# Words in _NOT_IN_STREET that do start a street's name ("van der helststraat").
_STREET_TITLES = frozenset(
    words(
        """
burgemeester burg. dokter dr. professor prof. prins prinses koning koningin graaf gravin
generaal pastoor kapitein president admiraal jonkheer pater sint st.
"""
    )
)
_STREET_INTERFIX = frozenset(["van", "ten", "ter", "'t"])


def _valid_day_month(day: int, month: int) -> bool:
    return 1 <= day <= 31 and 1 <= month <= 12


def dates(text: str) -> Iterator[Found]:
    for m in _NUMERIC_DATE.finditer(text):
        if _valid_day_month(int(m.group(1)), int(m.group(3))):
            yield "DATUM", m.start(), m.end()
    for m in _TEXT_DATE.finditer(text):
        if 1 <= int(m.group(1)) <= 31:
            yield "DATUM", m.start(), m.end()
    for m in _BIRTH_YEAR.finditer(text):
        yield "DATUM", m.start(1), m.end(1)


def ages(text: str) -> Iterator[Found]:
    """Ages, not durations: "ik ben 83", "83 jaar oud", "mijn zoon van 12", "een 90-jarige".

    "al 3 jaar" and "sinds 2 jaar" are how long someone has had help, so a number after a
    duration word counts as an age only with "oud" or "-jarige" after it.
    """
    for m in _AGE_PREFIXED.finditer(text):
        yield "LEEFTIJD", m.start(1), m.end(1)
    for m in _AGE_IN_BRACKETS.finditer(text):
        yield "LEEFTIJD", m.start(1), m.end(1)  # "mijn zoon mehmet (14 jaar)"
    for m in _AGE_NUMBER.finditer(text):
        number = int(m.group(1))
        if not 1 <= number <= 115:
            continue
        before = text[max(0, m.start() - 40) : m.start()]
        after = text[m.end() : m.end() + 20]
        if _AGE_AFTER_OLD.match(after):
            yield "LEEFTIJD", m.start(), m.end()
            continue
        if _DURATION_BEFORE.search(before) and not (number >= 40 and _AGE_BEFORE.search(before)):
            continue
        if _AGE_BEFORE.search(before) and _AGE_BARE_END.match(after) and number >= 2:
            if (
                re.search(r"\b(?:van|is|was|zijn)\W{0,3}$", before, re.IGNORECASE)
                and not _AGE_AFTER_YEAR.match(after)
                and number < 12
            ):
                continue  # "is 3" or "van 5" without "jaar": likely a count, not an age
            yield "LEEFTIJD", m.start(), m.end()


def street_pattern(known_streets: Iterable[str]) -> re.Pattern | None:
    """One pattern for the population's own street names, with an optional house number."""
    names = sorted({s.strip().lower() for s in known_streets if s.strip()}, key=len, reverse=True)
    if not names:
        return None
    alternatives = "|".join(re.escape(n) for n in names)
    return re.compile(
        rf"(?<![\w-])({alternatives})(?:[ \t]*,?[ \t]*({HOUSE_NUMBER}))?(?![\w])", re.IGNORECASE
    )


def addresses(
    text: str, known: re.Pattern | None = None, common_words: frozenset[str] = frozenset()
) -> Iterator[Found]:
    """A street with a house number ("kerkstraat 19-2", "van der helststraat 12a").

    Streets are recognised by their ending (straat, laan, weg, ...) or by the population's own
    street names (`street_pattern`): those count without a number too ("bij ons op de spui"),
    unless the name is one ordinary word ("markt").
    """
    for number in _NUMBER.finditer(text):
        street = _STREET_BEFORE.search(text, max(0, number.start() - 60), number.start())
        if street and street.group(1).lower().endswith(STREET_SUFFIXES):
            house = _HOUSE_NUMBER.match(text, number.start())
            if house:
                yield "ADRES", _street_start(text, street.start(1)), house.end()
    if known is not None:
        for m in known.finditer(text):
            if m.group(2) or m.group(1).lower() not in common_words:
                yield "ADRES", m.start(), m.end()


def _street_start(text: str, start: int) -> int:
    """Take in up to three words before the street word that belong to its name."""
    words: list[tuple[str, int]] = []
    position = start
    for _ in range(3):
        m = _WORD_BEFORE.search(text, max(0, position - 40), position)
        if not m:
            break
        words.append((m.group(1).lower(), m.start(1)))
        position = m.start()
    for i, (word, word_start) in enumerate(words):
        previous = words[i + 1][0] if i + 1 < len(words) else ""
        titled = previous in _STREET_TITLES
        if word in _NOT_IN_STREET and word not in _STREET_INTERFIX and not titled:
            break
        start = word_start
    return start


PHRASE_RULES = (dates, ages)
