"""Benchmark: coding suggestions with 20,000 coded answers (issue 12; targets: the next
answer's suggestions under 100 ms, retraining under 5 s).

Run: `.venv/bin/python bench/suggestions.py [--coded N]`.

Synthetic answers in client spelling built from phrases of eight codes (one or two codes
per answer, filler words), seeded. Timed in one process, as the worker runs it: importing
scikit-learn (once per process), the first training, a retraining (what each new batch of
codes costs), scoring one answer (the page's question: what to suggest for the next
answer) with the model and with the keywords, and scoring 5,000 uncoded answers (what the
worker stores). Baseline in the same run: the keyword match alone for one answer. The
held-aside 1,000 answers give the top-3 hit rate.
"""

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ervaring.analysis import suggestions

PHRASES = {
    "bejegening-plus": ["heel vriendelijk", "aardige mevrouw", "ze namen me serieus"],
    "bejegening-klus": ["onvriendelijk", "bot tegen me", "luisterde niet"],
    "wachttijd-klus": ["duurde weken", "lang wachte", "wachtlijst"],
    "wachttijd-plus": ["snel geholpe", "ging vlot"],
    "informatie-klus": ["geen uitleg", "niks meer gehoord"],
    "effect-plus": ["kan me weer redden", "gaat nu beter"],
    "continuiteit-klus": ["steeds andere hulp", "wisseling van hulp"],
    "uitvoering-klus": ["te weinig uren", "niet schoon"],
}
FILLER = ["", "nou ", "eerlijk gezegd ", "mevrouw [NAAM] zei al ", "bij het wijkteam "]


def examples(count: int, seed: int = 5) -> list[tuple[str, list[str]]]:
    rng = random.Random(seed)
    made = []
    for _ in range(count):
        keys = rng.sample(sorted(PHRASES), rng.choice([1, 1, 2]))
        text = " en ".join(rng.choice(PHRASES[k]) for k in keys)
        made.append((rng.choice(FILLER) + text, keys))
    return made


def timed(label: str, action):
    start = time.perf_counter()
    result = action()
    print(f"{label:<52} {time.perf_counter() - start:8.3f} s")
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--coded", type=int, default=20_000)
    coded = parser.parse_args().coded
    data = examples(coded + 6_000)
    train, uncoded, held = data[:coded], data[coded : coded + 5_000], data[coded + 5_000 :]
    texts, labels = [t for t, _ in train], [k for _, k in train]
    keywords = {key: phrases for key, phrases in PHRASES.items()}
    timed(
        "baseline: keywords for one answer",
        lambda: suggestions.keyword_scores(held[0][0], keywords),
    )
    timed("importing scikit-learn (once per process)", lambda: __import__("sklearn.linear_model"))
    timed(f"first training on {coded:,} coded answers", lambda: suggestions.train(texts, labels))
    model = timed("retraining", lambda: suggestions.train(texts, labels))
    text = held[0][0]
    timed(
        "suggestions for the next answer (model + keywords)",
        lambda: suggestions.rank(
            suggestions.predict(model, [text])[0],
            suggestions.keyword_scores(text, keywords),
            has_model=True,
        ),
    )
    timed(
        "scoring 5,000 uncoded answers", lambda: suggestions.predict(model, [t for t, _ in uncoded])
    )
    scores = suggestions.predict(model, [t for t, _ in held])
    hits = sum(
        keys[0] in [k for k, _ in suggestions.rank(s, {}, has_model=True, minimum=0)]
        for (_, keys), s in zip(held, scores, strict=True)
    )
    print(f"top-3 hit rate on {len(held):,} held-aside answers: {hits / len(held):.3f}")


if __name__ == "__main__":
    main()
