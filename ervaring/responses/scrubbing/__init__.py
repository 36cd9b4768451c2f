"""Scrubbing free text: every identifier of a person becomes a tag before anyone reads it.

Clients write open answers, "anders, namelijk" and complaints in their own words, and those
words hold names, addresses, phone numbers and BSNs. `Scrubber.scrub` turns such a text into
one with tags ([NAAM], [ADRES], [POSTCODE], [TELEFOON], [EMAIL], [BSN], [DATUM],
[LEEFTIJD], [IBAN], [KENTEKEN], [URL], [TEAM]) and returns the spans it found, so a page can
mark them and a person can check them.

Plain Python (no Django, no database): the organisation's staff and team names and the
population's street names come in as parameters. deduce is used for names and streets, but
imported only on the first scrub (see `dutch_model`); a web process must never scrub.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from ervaring.responses.scrubbing import phrases, rules
from ervaring.responses.scrubbing.names import NameFinder, team_pattern, team_spans

TAGS = (
    "NAAM",
    "ADRES",
    "POSTCODE",
    "TELEFOON",
    "EMAIL",
    "BSN",
    "DATUM",
    "LEEFTIJD",
    "IBAN",
    "KENTEKEN",
    "URL",
    "TEAM",
    "VERBORGEN",
)
# Where two findings overlap, the more certain (validated, fixed-shape) one wins; a name
# inside an e-mail address is part of the address.
_PRIORITY = {
    # What a person chose to hide wins over anything the rules found inside it.
    "VERBORGEN": 110,
    "EMAIL": 100,
    "URL": 95,
    "IBAN": 90,
    "BSN": 85,
    "TELEFOON": 80,
    "DATUM": 78,
    "POSTCODE": 75,
    "KENTEKEN": 70,
    "ADRES": 60,
    "TEAM": 55,
    "LEEFTIJD": 50,
    "NAAM": 40,
}


@dataclass(frozen=True)
class Span:
    """An identifier found: its tag and its place (start, end) in the original text."""

    tag: str
    start: int
    end: int


@dataclass(frozen=True)
class Scrubbed:
    """The scrubbed text, the spans in the original, and where each tag sits in the new text."""

    text: str
    spans: tuple[Span, ...]
    marks: tuple[Span, ...]


class Scrubber:
    """A de-identifier for one organisation: build once, scrub many texts.

    `staff_names` ("Anja de Vries") are tagged wherever they occur, also by first name or
    surname alone; `team_names` ("Team Kralingen") become [TEAM]; `street_names` (the
    population's streets) become [ADRES] with or without a house number. `use_deduce=False`
    runs the product's own rules only (for tests of a rule and for the baseline).
    """

    def __init__(
        self,
        *,
        staff_names: Iterable[str] = (),
        team_names: Iterable[str] = (),
        street_names: Iterable[str] = (),
        use_deduce: bool = True,
    ) -> None:
        self.use_deduce = use_deduce
        self.teams = team_pattern(team_names)
        self.streets = phrases.street_pattern(street_names)
        if use_deduce:
            from ervaring.responses.scrubbing import dutch_model

            known, common = dutch_model.register_names(), dutch_model.common_words()
        else:
            known, common = frozenset(), frozenset()
        self.common_words = common
        self.names = NameFinder(known_names=known, common_words=common, staff_names=staff_names)

    def spans(self, text: str, extra: Iterable[Span] = ()) -> list[Span]:
        """Every identifier in the text, without overlaps, in order of position.

        `extra` are spans a person marked (tag VERBORGEN): kept whatever the rules find.
        """
        found: list[tuple[str, int, int]] = [(s.tag, s.start, s.end) for s in extra]
        for rule in rules.SHAPE_RULES + phrases.PHRASE_RULES:
            found.extend(rule(text))
        found.extend(phrases.addresses(text, self.streets, self.common_words))
        found.extend(team_spans(text, self.teams))
        found.extend(self.names.find(text))
        if self.use_deduce:
            from ervaring.responses.scrubbing import dutch_model

            found.extend(dutch_model.deduce_spans(text))
        return _resolve(text, found)

    def scrub(self, text: str, extra: Iterable[Span] = ()) -> Scrubbed:
        """The text with each identifier (and each `extra` span) replaced by its tag."""
        spans = self.spans(text, extra)
        parts, marks, position = [], [], 0
        length = 0
        for span in spans:
            parts.append(text[position : span.start])
            length += span.start - position
            tag = f"[{span.tag}]"
            marks.append(Span(span.tag, length, length + len(tag)))
            parts.append(tag)
            length += len(tag)
            position = span.end
        parts.append(text[position:])
        return Scrubbed("".join(parts), tuple(spans), tuple(marks))


def _resolve(text: str, found: list[tuple[str, int, int]]) -> list[Span]:
    """Keep the strongest of overlapping findings, then join a name's parts ("mehmet" "yilmaz").

    A weaker finding that runs into a stronger one keeps its part outside it: a name rule
    that ran on into "van Jeugdteam De Bron" still tags the name before it.
    """
    ordered = sorted(set(found), key=lambda f: (-_PRIORITY[f[0]], -(f[2] - f[1]), f[1]))
    taken: list[tuple[str, int, int]] = []
    for tag, start, end in ordered:
        overlapping = [t for t in taken if t[1] < end and start < t[2]]
        if overlapping and all(t[0] == tag for t in overlapping):
            # The same kind found wider by another rule (deduce's "Jan Jansen" over our "Jan").
            for t in overlapping:
                taken.remove(t)
            start, end = (
                min(start, *(t[1] for t in overlapping)),
                max(end, *(t[2] for t in overlapping)),
            )
            overlapping = [t for t in taken if t[1] < end and start < t[2]]
        if overlapping:
            first = min(t[1] for t in overlapping)
            end = _trim(text, start, first)
        if end > start:
            taken.append((tag, start, end))
    taken.sort(key=lambda t: t[1])
    merged: list[Span] = []
    for tag, start, end in taken:
        previous = merged[-1] if merged else None
        if previous and previous.tag == tag == "NAAM" and not text[previous.end : start].strip():
            merged[-1] = Span(tag, previous.start, end)
        else:
            merged.append(Span(tag, start, end))
    return merged


def _trim(text: str, start: int, end: int) -> int:
    """The end of text[start:end] without trailing spaces, punctuation and joining words."""
    words = text[start:end].rstrip(" ,.;:-(").split(" ")
    while words and words[-1].lower() in ("van", "de", "der", "den", "het", "bij", "en", ""):
        words.pop()
    kept = " ".join(words).rstrip(" ,.;:-(")
    return start + len(kept) if kept.strip() else start
