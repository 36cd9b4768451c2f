"""Benchmark: scrub 10,000 free-text answers of up to 2,000 characters (issue 12; under 60 s).

Run: `.venv/bin/python bench/scrub.py [--texts N]`.

The answers are made from the synthetic corpus's sentences (identifiers and all), joined at
random up to a length drawn between 20 and 2,000 characters, seeded. In the same run, over
the same texts: the baseline, a plain regex pass that replaces e-mail addresses, phone-like
digit runs and postcodes (what a hand-written filter would do, without any check or name),
then the scrubber with its own rules only, then the full scrubber (deduce for names and
streets). Loading deduce is timed apart: the worker pays it once per process. Progress lines
every 1,000 texts, as the worker job will log them.
"""

import argparse
import random
import re
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ervaring.responses.scrubbing import Scrubber
from ervaring.responses.tests import scrub_corpus

BASELINE = [
    (re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"), "[EMAIL]"),
    (re.compile(r"(?:\+31|0)[\d\s()-]{8,14}\d"), "[TELEFOON]"),
    (re.compile(r"\b[1-9]\d{3}\s?[a-zA-Z]{2}\b"), "[POSTCODE]"),
]


def answers(count: int) -> list[str]:
    rng = random.Random(12)
    sentences = [r["text"] for r in scrub_corpus.generate()]
    texts = []
    for _ in range(count):
        target, parts, length = rng.randint(20, 2000), [], 0
        while length < target:
            sentence = rng.choice(sentences)
            parts.append(sentence)
            length += len(sentence) + 2
        texts.append((". ".join(parts))[:2000])
    return texts


def timed(label: str, texts: list[str], scrub) -> float:
    start = time.perf_counter()
    for done, text in enumerate(texts, 1):
        scrub(text)
        if done % 1000 == 0:
            elapsed = time.perf_counter() - start
            print(f"  {label}: {done:,}/{len(texts):,} texts, {elapsed:.1f} s", flush=True)
    return time.perf_counter() - start


def baseline(text: str) -> str:
    for pattern, tag in BASELINE:
        text = pattern.sub(tag, text)
    return text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=int, default=10_000)
    args = parser.parse_args()
    texts = answers(args.texts)
    characters = sum(map(len, texts))
    print(f"{len(texts):,} answers, {characters:,} characters (mean {characters / len(texts):.0f})")

    plain = timed("regex baseline", texts, baseline)
    rules = Scrubber(
        staff_names=scrub_corpus.STAFF,
        team_names=scrub_corpus.TEAMS,
        street_names=scrub_corpus.STAFF_STREETS,
        use_deduce=False,
    )
    own = timed("own rules only", texts, rules.scrub)

    start = time.perf_counter()
    scrubber = Scrubber(
        staff_names=scrub_corpus.STAFF,
        team_names=scrub_corpus.TEAMS,
        street_names=scrub_corpus.STAFF_STREETS,
    )
    scrubber.scrub("mevrouw Jansen")  # loads deduce
    load = time.perf_counter() - start
    full = timed("full scrubber", texts, scrubber.scrub)
    tags = sum(len(scrubber.scrub(t).spans) for t in texts[:1000])

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print()
    print("| step | seconds | ms per answer | x baseline |")
    print("| --- | ---: | ---: | ---: |")
    for label, seconds in [
        ("baseline: plain regex pass (e-mail, phone-like, postcode)", plain),
        ("own rules only (no deduce)", own),
        ("loading deduce (once per process)", load),
        ("full scrubber (own rules + deduce)", full),
    ]:
        per = f"{seconds / len(texts) * 1000:.2f}" if "loading" not in label else ""
        ratio = f"{seconds / plain:.0f}" if "loading" not in label else ""
        print(f"| {label} | {seconds:.2f} | {per} | {ratio} |")
    print(f"\nfull scrub plus loading: {full + load:.1f} s (target under 60 s)")
    print(f"tags in the first 1,000 answers: {tags:,}; peak memory {peak:,.0f} MB")


if __name__ == "__main__":
    main()
