"""deduce, the Dutch de-identifier, loaded once per process and only when text is scrubbed.

deduce costs 0.3 s to import, about 5 s and 1 GB of memory to load its lookup structures,
and 75 s to build them the first time (it caches the result). So it is imported inside
`load()`, never at module level: the web processes never scrub (the worker and the commands
do), and the cache lives in the user's cache directory rather than the read-only
site-packages of a deployed installation. A file lock keeps two processes (two test workers,
two worker processes) from building the cache at once.

Only deduce's name and street rules are used: this package's own rules do phone numbers,
dates and the other identifiers with checks deduce lacks (11-test, mod-97) and map to the
product's tags.
"""

import fcntl
import functools
import gc
import importlib.util
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from ervaring.responses.scrubbing.rules import Found

if TYPE_CHECKING:
    from deduce import Deduce

_TITLE = re.compile(
    r"(?:mevrouw|mevr\.?|mw\.?|meneer|mnr\.?|dhr\.?|de heer|heer|zuster|dokter|dr\.?|juf)\s+",
    re.IGNORECASE,
)
_POSTCODE = re.compile(r"\d{4}\s?[a-z]{2}", re.IGNORECASE)
# deduce's processors this package does without: the groups its own rules replace, postcodes
# and PO boxes (own rule), the disease and patient-name rules (no patient metadata here), and
# the redactor (the scrubber writes the tags itself). Each costs time on every text. Place
# names stay: they keep deduce from taking "Den Haag" for a person, and are then left out.
_OWN_RULES = frozenset(
    {"institutions", "dates", "ages", "identifiers", "phone_numbers", "email_addresses", "urls"}
    | {"postal_code", "postbus", "eponymous_disease", "patient_name", "redactor"}
)


def cache_dir() -> Path:
    """Where deduce's built lookup structures are kept between processes (75 s to build)."""
    configured = os.environ.get("ERVARING_DEDUCE_CACHE")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "ervaring" / "deduce"


@functools.cache
def load() -> "Deduce":
    """The process's deduce instance (imported and built on first use)."""
    directory = cache_dir()
    directory.mkdir(parents=True, exist_ok=True)
    with open(directory / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        from deduce import Deduce

        model = Deduce(cache_path=directory)
    # Millions of lookup objects that live as long as the process: without freezing them,
    # every full garbage collection walks them all, and scrubbing ran five times slower.
    gc.collect()
    gc.freeze()
    return model


def deduce_spans(text: str) -> Iterator[Found]:
    """deduce's names (NAAM) and street addresses with a number (ADRES) in the text.

    Place names alone ("Den Haag") are not identifiers of a person and are left as they are.
    """
    result = load().deidentify(text, disabled=set(_OWN_RULES))
    for annotation in result.annotations:
        tag = annotation.tag
        if "persoon" in tag or "patient" in tag or "naam" in tag:
            # deduce takes the title in ("Mevrouw van der Meer"); the title is no identifier.
            title = _TITLE.match(annotation.text)
            yield "NAAM", annotation.start_char + (title.end() if title else 0), annotation.end_char
        elif ("locatie" in tag or "straat" in tag) and any(c.isdigit() for c in annotation.text):
            kind = "POSTCODE" if _POSTCODE.fullmatch(annotation.text) else "ADRES"
            yield kind, annotation.start_char, annotation.end_char


def _data_file(*parts: str) -> Path | None:
    spec = importlib.util.find_spec("deduce")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(
        next(iter(spec.submodule_search_locations)), "data", "lookup", "src", *parts, "items.txt"
    )


def _read_items(*parts: str) -> list[str]:
    path = _data_file(*parts)
    if path is None or not path.exists():
        return []
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@functools.cache
def register_names() -> frozenset[str]:
    """deduce's first names and surnames (read from its files, without importing it)."""
    return frozenset(
        n.lower()
        for n in _read_items("names", "lst_first_name") + _read_items("names", "lst_surname")
    )


@functools.cache
def common_words() -> frozenset[str]:
    """deduce's common and stop words: ordinary Dutch that is not a name after "mijn zoon"."""
    return frozenset(
        w.lower()
        for w in _read_items("whitelist", "lst_common_word")
        + _read_items("whitelist", "lst_stop_word")
    )
