"""Recall and precision of the scrubber against gold spans, per tag.

Recall asks the privacy question: is every character of a marked identifier covered by a
found span of the same tag (a half-tagged "van den [NAAM]" is a miss)? Precision asks the
reader's question: does a found span overlap a marked identifier of its tag, or did it blank
ordinary words?
"""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from ervaring.responses.scrubbing import Span


@dataclass
class Score:
    """Counts per tag; `recall` and `precision` are None where nothing was marked or found."""

    gold: Counter = field(default_factory=Counter)
    found: Counter = field(default_factory=Counter)
    recalled: Counter = field(default_factory=Counter)
    correct: Counter = field(default_factory=Counter)
    misses: list = field(default_factory=list)
    false_hits: list = field(default_factory=list)

    def recall(self, tag: str | None = None) -> float | None:
        gold = self.gold[tag] if tag else sum(self.gold.values())
        recalled = self.recalled[tag] if tag else sum(self.recalled.values())
        return recalled / gold if gold else None

    def precision(self, tag: str | None = None) -> float | None:
        found = self.found[tag] if tag else sum(self.found.values())
        correct = self.correct[tag] if tag else sum(self.correct.values())
        return correct / found if found else None


def _covered(text: str, gold: Span, found: list[Span]) -> bool:
    covered = set()
    for span in found:
        if span.tag == gold.tag:
            covered.update(range(max(span.start, gold.start), min(span.end, gold.end)))
    return all(i in covered for i in range(gold.start, gold.end) if text[i].isalnum())


def evaluate(records: Iterable[tuple[str, list[Span], list[Span]]]) -> Score:
    """Score (text, gold spans, found spans) triples."""
    score = Score()
    for text, gold, found in records:
        for g in gold:
            score.gold[g.tag] += 1
            if _covered(text, g, found):
                score.recalled[g.tag] += 1
            else:
                score.misses.append((g.tag, text[g.start : g.end], text))
        for f in found:
            score.found[f.tag] += 1
            if any(g.tag == f.tag and g.start < f.end and f.start < g.end for g in gold):
                score.correct[f.tag] += 1
            else:
                score.false_hits.append((f.tag, text[f.start : f.end], text))
    return score
