"""Names of people the way clients write them: lower case, by relation, by title.

deduce finds "Mevrouw Jansen" and "Mehmet Yilmaz" but misses "mevrouw jansen van de
thuiszorg" and "mijn zoon mehmet": in clients' writing the context says it is a name, not the
capital. These rules tag a word as a name when it is on the product's own lists
(`name_lists`), on the organisation's staff list, or when a title or a relation word stands
before it and it is not an ordinary word; a surname after a found first name goes with it.
"""

import re
from collections.abc import Iterable, Iterator

from ervaring.responses.scrubbing.name_lists import (
    FIRST_NAMES,
    INTERFIXES,
    NOT_A_NAME,
    ORGANISATIONS,
    RELATIONS,
    SURNAMES,
    TITLES,
)
from ervaring.responses.scrubbing.rules import Found

_TOKEN = re.compile(r"[^\W\d_][\w'’.-]*[\w]|[^\W\d_]", re.UNICODE)
# With the dialect forms: "mij vader", "mien moeder", "men zoon".
_POSSESSIVES = frozenset(
    "mijn m'n mn mij me men mien onze ons haar zijn hun de het uw je jouw".split()  # noqa: SIM905
)
_CONTEXT = TITLES | RELATIONS
_INITIALS = re.compile(r"(?:[^\W\d_]\.)+")
_MULTI_WORD = max(len(n.split()) for n in FIRST_NAMES | SURNAMES)


class NameFinder:
    """Finds names with the product's rules; built once per scrubber (lists as sets).

    `known_names` are names from a larger register (deduce's lists) that may also be ordinary
    words, so they count only after a title or relation; `common_words` are ordinary Dutch
    words that never count as a name by context alone; `staff_names` are the organisation's
    people, found wherever they occur.
    """

    def __init__(
        self,
        *,
        known_names: Iterable[str] = (),
        common_words: Iterable[str] = (),
        staff_names: Iterable[str] = (),
    ) -> None:
        self.common = frozenset(w.lower() for w in common_words) | NOT_A_NAME
        self.known = frozenset(n.lower() for n in known_names)
        self.listed = set(FIRST_NAMES | SURNAMES)
        for full in staff_names:
            self.listed.update(_staff_variants(full, self.common))
        self.longest = max([_MULTI_WORD, *(len(n.split()) for n in self.listed)])
        # First words of names of more than one word: only those need a longer look.
        self.starts = frozenset(n.split()[0] for n in self.listed if " " in n)
        self.triggers = frozenset(self.listed) | self.starts | self.known

    def find(self, text: str) -> Iterator[Found]:
        tokens, previous = [], 0
        for m in _TOKEN.finditer(text):
            tokens.append(
                (m.group(0), m.group(0).lower(), m.start(), m.end(), text[previous : m.start()])
            )
            previous = m.end()
        i = 0
        while i < len(tokens):
            original, word = tokens[i][0], tokens[i][1]
            if (
                word not in self.triggers
                and (i == 0 or tokens[i - 1][1] not in _CONTEXT)
                and len(original) > 1
                and "." not in original
            ):
                i += 1  # most words: no rule below can start here
                continue
            end = (
                self._initials(tokens, i)
                or self._listed_at(tokens, i)
                or self._after_context(tokens, i)
                or self._register_pair(tokens, i)
                or self._before_organisation(tokens, i)
            )
            if end is None:
                i += 1
                continue
            end = self._extend(tokens, end)
            yield "NAAM", tokens[i][2], tokens[end - 1][3]
            i = end

    def _listed_at(self, tokens: list, i: int) -> int | None:
        """The end of the longest listed name starting at token i."""
        if tokens[i][1] in self.starts:
            for size in range(min(self.longest, len(tokens) - i), 1, -1):
                if " ".join(t[1] for t in tokens[i : i + size]) in self.listed:
                    return i + size
        word = tokens[i][1]
        return i + 1 if word in self.listed and word not in INTERFIXES else None

    def _after_context(self, tokens: list, i: int) -> int | None:
        """A name because of what stands before it: "mevrouw jansen", "mijn zoon goran"."""
        if i == 0:
            return None
        before = tokens[i - 1][1]
        titled = before in TITLES
        related = before in RELATIONS and i >= 2 and tokens[i - 2][1] in _POSSESSIVES
        if not (titled or related) or not _adjacent(tokens, i - 1, i):
            return None
        j = i
        while j < len(tokens) and tokens[j][1] in INTERFIXES and j - i < 3:
            j += 1
        if j >= len(tokens) or tokens[j][1] in self.common:
            return None
        word, original = tokens[j][1], tokens[j][0]
        if word in self.listed or word in self.known:
            return j + 1
        if j > i:
            return None  # "zuster van de wijkverpleging", "de hulp van Buurtzorg": no name
        if original[:1].isupper():
            return j + 1
        if titled and len(word) > 2 and word.isalpha():
            return j + 1  # a title is followed by a name even if it is on no list
        return None

    def _initials(self, tokens: list, i: int) -> int | None:
        """Initials and a surname: "h. bakker", "A.M. van Leeuwen", "t.n.v. s. el amrani"."""
        if len(tokens[i][0]) > 1 and "." not in tokens[i][0]:
            return None
        j = i
        while j < len(tokens) and _INITIALS.fullmatch(tokens[j][0] + _dot(tokens, j)):
            j += 1
        if j == i or tokens[i][1] in ("t.n.v", "o.a", "i.p.v", "d.w.z", "m.b.t", "z.s.m", "a.u.b"):
            return None
        while j < len(tokens) and tokens[j][1] in INTERFIXES and j - i < 6:
            j += 1
        if j >= len(tokens) or tokens[j][1] in self.common or len(tokens[j][1]) < 3:
            return None
        return j + 1

    def _registered(self, token: tuple) -> bool:
        return token[1] in self.known and token[1] not in self.common and len(token[1]) > 2

    def _register_pair(self, tokens: list, i: int) -> int | None:
        """Two register names in a row ("goran aydin", "hamza van der meulen") are a person."""
        if not self._registered(tokens[i]):
            return None
        j = i + 1
        while j < len(tokens) and tokens[j][1] in INTERFIXES and j - i < 4:
            j += 1
        if j >= len(tokens) or not all(_adjacent(tokens, k - 1, k) for k in range(i + 1, j + 1)):
            return None
        # Registers hold ordinary words too ("duurt" is a surname): without an interfix
        # between them, one of the two must be on the product's own lists.
        if j > i + 1 and self._registered(tokens[j]):
            return j + 1
        if tokens[j][1] in self.listed and tokens[j][1] not in self.common:
            return j + 1
        return None

    def _before_organisation(self, tokens: list, i: int) -> int | None:
        """A register name before "van de thuiszorg" or "van het wijkteam" is the carer's."""
        if not self._registered(tokens[i]) or i + 4 > len(tokens):
            return None
        following = [t[1] for t in tokens[i + 1 : i + 4]]
        before = following[0] == "van" and following[1] in ("de", "het")
        return i + 1 if before and following[2] in ORGANISATIONS else None

    def _extend(self, tokens: list, end: int) -> int:
        """The surname after a name: "mehmet yilmaz", "anja van der meer"."""
        while end < len(tokens) and _adjacent(tokens, end - 1, end):
            j = end
            while j < len(tokens) and tokens[j][1] in INTERFIXES and j - end < 3:
                j += 1
            if j >= len(tokens) or not _adjacent(tokens, j - 1, j):
                return end
            word, original = tokens[j][1], tokens[j][0]
            listed = self._listed_at(tokens, j)
            capital = original[:1].isupper() and word not in self.common
            # After a first name, a register surname follows even if it is also a word
            # ("esra bakker"); after anything else only behind an interfix ("jan van dijk").
            registered = word in self.known and word not in self.common
            after_first = tokens[end - 1][1] in FIRST_NAMES or j > end
            if listed:
                end = listed
            elif capital or (registered and after_first):
                end = j + 1
            else:
                return end
        return end


def _dot(tokens: list, j: int) -> str:
    """The full stop right after token j, which the tokens leave out ("h" "." -> "h.")."""
    following = tokens[j + 1][4] if j + 1 < len(tokens) else ""
    return "." if following.startswith(".") else ""


def _adjacent(tokens: list, left: int, right: int) -> bool:
    """Two tokens with only spaces (or a hyphen) between them; a full stop only after a title."""
    gap = tokens[right][4]
    if tokens[left][1] in TITLES:
        return bool(re.fullmatch(r"\.?\s*", gap))
    return bool(re.fullmatch(r"\s+|-", gap))


def _staff_variants(full: str, common: frozenset[str]) -> set[str]:
    """A staff member's full name, surname with interfix, and parts that are not ordinary words."""
    words = full.lower().split()
    variants = {" ".join(words)}
    if len(words) > 1:
        surname = words[1:]
        variants.add(" ".join(surname))
        core = [w for w in surname if w not in INTERFIXES]
        if core and core[-1] not in common and len(core[-1]) > 2:
            variants.add(" ".join(core))
    if words and words[0] not in common and len(words[0]) > 2:
        variants.add(words[0])
    return variants


def team_pattern(team_names: Iterable[str]) -> re.Pattern | None:
    """One pattern for the organisation's own team names ("Team Kralingen-Oost")."""
    names = sorted({t.strip() for t in team_names if t.strip()}, key=len, reverse=True)
    if not names:
        return None
    return re.compile(rf"(?<!\w)(?:{'|'.join(re.escape(n) for n in names)})(?!\w)", re.IGNORECASE)


def team_spans(text: str, pattern: re.Pattern | None) -> Iterator[Found]:
    """The organisation's team names in the text, not the general word "wijkteam"."""
    if pattern is not None:
        for m in pattern.finditer(text):
            yield "TEAM", m.start(), m.end()
