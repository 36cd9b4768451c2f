"""Hiding a further span of a scrubbed text that a person chose, without the raw text.

Staff never see the raw text, so they choose what to hide in the scrubbed one. Each tag in a
scrubbed text is stored with its place in both texts (`Mark`), which is enough to find where
a chosen span lies in the raw text: the worker can then keep it hidden when it scrubs the raw
text again (new staff names, a better rule), and the scrubbed text changes at once.
"""

import re
from dataclasses import dataclass

HIDDEN_TAG = "VERBORGEN"


@dataclass(frozen=True)
class Mark:
    """A tag at text[start:end] of the scrubbed text, standing for raw[raw_start:raw_end]."""

    tag: str
    start: int
    end: int
    raw_start: int
    raw_end: int

    def as_list(self) -> list[object]:
        return [self.tag, self.start, self.end, self.raw_start, self.raw_end]

    @classmethod
    def from_list(cls, item: list) -> "Mark":
        tag, start, end, raw_start, raw_end = item
        return cls(str(tag), int(start), int(end), int(raw_start), int(raw_end))


def raw_position(marks: list[Mark], position: int) -> int:
    """Where a position of the scrubbed text (outside every tag) lies in the raw text."""
    shift = 0
    for mark in marks:
        if mark.end <= position:
            shift = mark.raw_end - mark.end
    return position + shift


def find_all(text: str, words: str) -> list[tuple[int, int]]:
    """Every place of `words` in `text`, ignoring case and runs of spaces."""
    pattern = r"\s+".join(re.escape(part) for part in words.split())
    if not pattern:
        return []
    return [(m.start(), m.end()) for m in re.finditer(pattern, text, re.IGNORECASE)]


def hide(
    text: str, marks: list[Mark], start: int, end: int
) -> tuple[str, list[Mark], tuple[int, int]]:
    """Replace text[start:end] by [VERBORGEN]; return the new text, marks and raw span.

    A choice that cuts into a tag is widened to the whole tag, and tags inside it are
    swallowed: the new mark stands for everything between its raw ends.
    """
    for mark in marks:
        if mark.start < end and start < mark.end:
            start, end = min(start, mark.start), max(end, mark.end)
    raw_start, raw_end = raw_position(marks, start), raw_position(marks, end)
    tag = f"[{HIDDEN_TAG}]"
    delta = len(tag) - (end - start)
    new_marks = [m for m in marks if m.end <= start]
    new_marks.append(Mark(HIDDEN_TAG, start, start + len(tag), raw_start, raw_end))
    new_marks += [
        Mark(m.tag, m.start + delta, m.end + delta, m.raw_start, m.raw_end)
        for m in marks
        if m.start >= end
    ]
    return text[:start] + tag + text[end:], new_marks, (raw_start, raw_end)


def hide_all(
    text: str, spans: list[list[int]], hidden: list[list[int]], words: str
) -> tuple[str, list[list[int]], list[list[int]], int]:
    """Hide every place of `words` in a scrubbed text, as stored (spans and hidden spans as
    lists); returns the new text, spans, hidden raw spans and the number of places (0: none).

    Shared by open answers and interview fragments, which store a scrubbed text alike.
    """
    count = len(find_all(text, words))
    marks = [Mark.from_list(m) for m in spans]
    hidden = list(hidden)
    for _ in range(count):
        # Places move as earlier ones are replaced: find the next one in the new text.
        start, end = find_all(text, words)[0]
        text, marks, raw = hide(text, marks, start, end)
        hidden.append(list(raw))
    return text, [m.as_list() for m in marks], hidden, count
