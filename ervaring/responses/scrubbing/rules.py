"""Rules for identifiers with a fixed shape: checked, not only matched.

A regex alone tags every nine-digit number as a BSN and every "2019 en" as a postcode, so
each rule validates what it found (the 11-test, mod-97, a phone number's length after its
country code, a plate's side code) or asks for context ("bsn", "postcode", a house number
before it). The rules are deliberately wide where a miss leaks a person (a Dutch-shaped IBAN
with a typo is still tagged) and narrow where a false hit would blank ordinary words. Dates,
ages and addresses, which need the words around them, are in `phrases`.
"""

import re
from collections.abc import Iterator

# (tag, start, end) in character offsets of the original text.
Found = tuple[str, int, int]


def words(text: str) -> list[str]:
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
    words(
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


SHAPE_RULES = (emails, urls, ibans, bsns, phones, postcodes, plates)
