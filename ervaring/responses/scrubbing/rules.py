"""Pattern rules for identifiers with a fixed shape: checked, not only matched.

A regex alone tags every nine-digit number as a BSN and every "2019 en" as a postcode, so
each rule validates what it found (the 11-test, mod-97, real day and month, a phone number's
length after its country code) or asks for context ("ik ben 83", "83 jaar oud"). The rules
are deliberately wide where a miss leaks a person (a Dutch-shaped IBAN with a typo is still
tagged) and narrow where a false hit would blank ordinary words.
"""

import re
from collections.abc import Iterable, Iterator

# (tag, start, end) in character offsets of the original text.
Found = tuple[str, int, int]


def _words(text: str) -> list[str]:
    """The words of a block of text, one list item a word."""
    return text.split()


_EMAIL = re.compile(
    r"[\w.+-]+(?:@|\s?\((?:at|apenstaartje)\)\s?|\s?\[at\]\s?)[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}",
    re.IGNORECASE,
)
_URL = re.compile(
    r"(?:https?://|www\.)[^\s<>\"']+"
    r"|\b[\w-]+(?:\.[\w-]+)*\.(?:nl|com|org|net|eu|be|info|nu|de)(?:/[^\s<>\"']*)?(?!\w)",
    re.IGNORECASE,
)
_TOP_LEVEL = re.compile(r"\w\.(?:nl|com|org|net|eu|be|info|nu|de)\b", re.IGNORECASE)
_TRAILING = ".,;:!?)'\""

_IBAN = re.compile(r"\b[a-z]{2}\d{2}(?:\s?[a-z0-9]{4}){2,7}(?:\s?[a-z0-9]{1,3})?\b", re.IGNORECASE)
_NL_IBAN = re.compile(r"nl\d{2}[a-z]{4}\d{10}$", re.IGNORECASE)

_NINE_DIGITS = re.compile(r"(?<![\w.,-])(\d{2,4})[. ]?(\d{2,3})[. ]?(\d{2,4})(?![\w]|[.,-]\d)")
_BSN_CONTEXT = re.compile(r"(?:bsn|burgerservice\s?nummer|sofi\s?nummer)\D{0,15}$", re.IGNORECASE)

_DIGIT_GROUP = re.compile(r"\+?\d+")
_PHONE_GAP = re.compile(r"[\s.\-/]{0,3}(?:\(0\)[\s.\-/]{0,2}|\(|\)[\s.\-/]{0,2})?[\s.\-/]{0,3}$")

_POSTCODE = re.compile(r"(?<![\w-])([1-9]\d{3})(\s?)([a-z]{2})(?!\w)", re.IGNORECASE)
# Two-letter Dutch words that follow a number in ordinary sentences ("in 2019 en", "3000 op").
_POSTCODE_WORDS = frozenset(
    _words(
        """
af al as bv da de do en er ga ha he hé ik in is ja je km na nu of oh ok om on op pm te
to tv uw vs we wo za zo ze
"""
    )
)
# "postcode 1234 en", or right after a house number: "kerkstraat 12 a 1234 en".
_POSTCODE_CONTEXT = re.compile(
    r"(?:postcode\W{0,4}|\d\s?(?:[a-z]{1,3}|-\s?\w{1,3})?\s*,?\s+)$", re.IGNORECASE
)

_L, _D = "[a-z]", r"\d"
_PLATE_SHAPES = [
    (_L * 2, _D * 2, _D * 2),
    (_D * 2, _D * 2, _L * 2),
    (_D * 2, _L * 2, _D * 2),
    (_L * 2, _D * 2, _L * 2),
    (_L * 2, _L * 2, _D * 2),
    (_D * 2, _L * 2, _L * 2),
    (_D * 2, _L * 3, _D),
    (_D, _L * 3, _D * 2),
    (_L * 2, _D * 3, _L),
    (_L, _D * 3, _L * 2),
    (_L * 3, _D * 2, _L),
    (_L, _D * 2, _L * 3),
    (_D, _L * 2, _D * 3),
    (_D * 3, _L * 2, _D),
]
_PLATE = re.compile(
    r"(?<![\w-])(?:" + "|".join(f"{a}-{b}-{c}" for a, b, c in _PLATE_SHAPES) + r")(?![\w-])",
    re.IGNORECASE,
)
_PLATE_BARE = re.compile(
    r"(?<![\w-])(?:" + "|".join(f"{a}{b}{c}" for a, b, c in _PLATE_SHAPES) + r")(?![\w-])",
    re.IGNORECASE,
)
_PLATE_CONTEXT = re.compile(r"kenteken\w*\W{0,12}$", re.IGNORECASE)

MONTHS = _words(
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
    r"(?:geboren|geb\.|geboortejaar|bouwjaar\s+mens|van\s+het\s+jaar)\s+(?:in\s+|op\s+)?"
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
_STREET_WORD = "[a-zà-ÿ'][a-zà-ÿ'.-]*"
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
    _words(
        """
de het een in op aan naar bij ik wij we je u uw mijn zijn haar hun die dat dit deze woon
woont wonen adres is was en of met van voor ook nog wel niet naast achter tegen verhuisd
verhuizen huis nieuwe oude ons onze
"""
    )
)
# Words in _NOT_IN_STREET that do start a street's name ("van der helststraat").
_STREET_TITLES = frozenset(
    _words(
        """
burgemeester burg. dokter dr. professor prof. prins prinses koning koningin graaf gravin
generaal pastoor kapitein president admiraal jonkheer pater sint st.
"""
    )
)
_STREET_INTERFIX = frozenset(["van", "ten", "ter", "'t"])


def _strip_trailing(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] in _TRAILING:
        end -= 1
    return end


def emails(text: str) -> Iterator[Found]:
    if "@" not in text and "(at" not in text.lower() and "[at]" not in text.lower():
        return
    for m in _EMAIL.finditer(text):
        yield "EMAIL", m.start(), m.end()


def urls(text: str) -> Iterator[Found]:
    if "www" not in text and "http" not in text and not _TOP_LEVEL.search(text):
        return
    for m in _URL.finditer(text):
        end = _strip_trailing(text, m.start(), m.end())
        if "@" in text[max(0, m.start() - 1) : end]:
            continue  # the domain of an e-mail address
        yield "URL", m.start(), end


def iban_valid(compact: str) -> bool:
    """ISO 13616: the first four characters moved to the end, letters as numbers, mod 97 is 1."""
    compact = compact.upper()
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{11,30}", compact):
        return False
    digits = "".join(str(int(c, 36)) for c in compact[4:] + compact[:4])
    return int(digits) % 97 == 1


def ibans(text: str) -> Iterator[Found]:
    for m in _IBAN.finditer(text):
        # The groups of four may have run into the next word: try the longest valid prefix.
        pieces = list(re.finditer(r"\S+", m.group(0)))
        words = [
            i for i, p in enumerate(pieces) if i >= 2 and not any(c.isdigit() for c in p.group(0))
        ]
        pieces = pieces[: words[0]] if words else pieces
        for count in range(len(pieces), 0, -1):
            compact = "".join(p.group(0) for p in pieces[:count])
            # A Dutch-shaped number is tagged even if mistyped: it still points to one account.
            if iban_valid(compact) or _NL_IBAN.match(compact):
                yield "IBAN", m.start(), m.start() + pieces[count - 1].end()
                break


def bsn_valid(digits: str) -> bool:
    """The 11-test of a BSN: 9..2 times the first eight digits, minus the last, divisible by 11."""
    if len(digits) != 9 or not digits.isdigit() or digits == "000000000":
        return False
    total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True))
    return (total - int(digits[8])) % 11 == 0


def bsns(text: str) -> Iterator[Found]:
    for m in _NINE_DIGITS.finditer(text):
        digits = "".join(m.groups())
        if len(digits) != 9:
            continue
        if bsn_valid(digits) or _BSN_CONTEXT.search(text[max(0, m.start() - 40) : m.start()]):
            yield "BSN", m.start(), m.end()


def _national_phone(groups: list[str]) -> str | None:
    """The number as dialled inside the Netherlands, or None if the groups are not one."""
    first = groups[0]
    if first.startswith("+") or first.startswith("00"):
        head = first.lstrip("+")
        if head.startswith("00"):
            head = head[2:]
        if not head.startswith("31"):
            return None
        rest = head[2:] + "".join(groups[1:])
        rest = rest[1:] if rest.startswith("0") else rest
        return "0" + rest
    return "".join(groups)


def _is_phone(national: str) -> bool:
    if not national.startswith("0") or national.startswith("00"):
        return False
    if national[:4] in ("0800", "0900", "0906", "0909", "0880"):
        return 8 <= len(national) <= 11
    return len(national) == 10


def phones(text: str) -> Iterator[Found]:
    """Dutch phone numbers in any grouping: 06-12345678, +31 (0)6 1234 5678, 020 - 123 45 67.

    Digit groups joined by separators form a chain; from each group the rule adds groups until
    the digits make a valid Dutch number (ten digits from a 0, or a service number), so two
    numbers written side by side are found separately and a date is never one.
    """
    groups = [
        m for m in _DIGIT_GROUP.finditer(text) if not _glued_to_word(text, m.start(), m.end())
    ]
    i = 0
    while i < len(groups):
        chain = [groups[i]]
        found = None
        for j in range(i + 1, min(i + 8, len(groups)) + 1):
            national = _national_phone([g.group(0) for g in chain])
            if national is not None and _is_phone(national):
                longer = j < len(groups) and _joined(text, chain[-1], groups[j])
                # A service number may take one more group; a ten-digit number is complete.
                if not (longer and national[:4] in ("0800", "0900") and len(national) < 11):
                    found = j
                    break
            if national is None or len(national) > 11 or j >= len(groups):
                break
            if not _joined(text, chain[-1], groups[j]):
                break
            chain.append(groups[j])
        if found is not None:
            start = chain[0].start()
            if start > 0 and text[start - 1] == "(":
                start -= 1
            yield "TELEFOON", start, chain[-1].end()
            i = found
        else:
            i += 1


def _glued_to_word(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return before.isalpha() or after.isalpha()


def _joined(text: str, left: re.Match, right: re.Match) -> bool:
    return (
        bool(_PHONE_GAP.match(text[left.end() : right.start()])) and right.start() - left.end() <= 6
    )


def postcodes(text: str) -> Iterator[Found]:
    for m in _POSTCODE.finditer(text):
        letters = m.group(3)
        if letters.lower() in ("sa", "sd", "ss"):
            continue  # never issued
        # "sinds 2019 en", "3000 op": a number then a two-letter word, unless written as a
        # postcode (capitals, no space) or where a postcode stands.
        ordinary = letters.lower() in _POSTCODE_WORDS and m.group(2) and not letters.isupper()
        if ordinary and not _POSTCODE_CONTEXT.search(text[max(0, m.start() - 24) : m.start()]):
            continue
        yield "POSTCODE", m.start(), m.end()


def plates(text: str) -> Iterator[Found]:
    for m in _PLATE.finditer(text):
        yield "KENTEKEN", m.start(), m.end()
    if text.islower() and "kenteken" not in text:
        return  # a plate without dashes is only taken in capitals or after "kenteken"
    for m in _PLATE_BARE.finditer(text):
        word = m.group(0)
        context = _PLATE_CONTEXT.search(text[max(0, m.start() - 24) : m.start()])
        if (word.isupper() and any(c.isdigit() for c in word)) or context:
            yield "KENTEKEN", m.start(), m.end()


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


PATTERN_RULES = (emails, urls, ibans, bsns, phones, postcodes, plates, dates, ages)
