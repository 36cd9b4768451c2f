"""The languages Ervaring ships, and the gettext catalogues that hold their texts.

Dutch is the source language: every fixed text is written in Dutch (B1) in the code, and each
other shipped language has ``ervaring/locale/<code>/LC_MESSAGES/django.po``. The ``.mo``
files Django reads are generated from those, never committed: ``make install`` and the test
run call :func:`compile_catalogues` (plain Python, so no system gettext is needed).

Translations a person did not check carry the translator comment :data:`MACHINE_MADE`
(``#. machine-made, to be reviewed``) instead of gettext's ``fuzzy`` flag, because Django
ignores fuzzy entries and the text would silently fall back to Dutch. A reviewer deletes the
comment once the translation is right (docs/translations.md).

Plain module without Django, like :mod:`ervaring.dutch_dates`, so every layer may use it.
"""

from __future__ import annotations

import ast
import os
import re
import struct
from dataclasses import dataclass
from pathlib import Path

#: Every language whose page texts ship, in the order a language switch lists them.
SHIPPED: tuple[str, ...] = ("nl", "en", "tr", "ar", "pl", "uk")
#: Each language's name in that language, as a language switch shows it.
NAMES: dict[str, str] = {
    "nl": "Nederlands",
    "en": "English",
    "tr": "Türkçe",
    "ar": "العربية",
    "pl": "Polski",
    "uk": "Українська",
}
RIGHT_TO_LEFT = frozenset({"ar"})
#: The session key of the language a respondent chose before their code is known.
SESSION_LANGUAGE = "ervaring_language"
#: The translator comment that marks a machine-made translation for a human to review.
MACHINE_MADE = "machine-made, to be reviewed"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
#: A placeholder such as {count} that a translation must keep.
PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


def direction(language: str) -> str:
    """ "rtl" for a right-to-left language, else "ltr" (the ``dir`` of the page)."""
    return "rtl" if language in RIGHT_TO_LEFT else "ltr"


def offered(languages: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """The shipped languages among ``languages`` (a survey's), Dutch always first."""
    return tuple(code for code in SHIPPED if code == "nl" or code in languages)


@dataclass(frozen=True)
class Entry:
    """One message of a ``.po`` file."""

    context: str
    msgid: str
    msgstr: str
    comments: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()

    @property
    def is_machine_made(self) -> bool:
        return MACHINE_MADE in self.comments


def read_po(path: Path) -> list[Entry]:
    """The entries of a ``.po`` file (the header entry with an empty msgid included).

    Reads the subset of the format the catalogues use: translator comments (``#.``), flags
    (``#,``), msgctxt, msgid and msgstr, each possibly continued on following string lines;
    entries are separated by blank lines.
    """
    entries: list[Entry] = []
    fields: dict[str, str] = {}
    comments: list[str] = []
    flags: list[str] = []
    current = ""

    def flush() -> None:
        if "msgid" in fields:
            entries.append(
                Entry(
                    fields.get("msgctxt", ""),
                    fields["msgid"],
                    fields.get("msgstr", ""),
                    tuple(comments),
                    tuple(flags),
                )
            )
        fields.clear()
        comments.clear()
        flags.clear()

    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line:
            flush()
        elif line.startswith("#."):
            comments.append(line[2:].strip())
        elif line.startswith("#,"):
            flags.extend(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            fields[current] += ast.literal_eval(line)
        else:
            keyword, _, rest = line.partition(" ")
            current = keyword
            fields[current] = ast.literal_eval(rest)
    flush()
    return entries


def write_mo(entries: list[Entry], path: Path) -> None:
    """Write the GNU ``.mo`` file of ``entries``, skipping fuzzy and untranslated ones (as
    ``msgfmt`` does), so Django shows exactly what a translator approved or wrote."""
    messages = {}
    for entry in entries:
        if "fuzzy" in entry.flags or (entry.msgid and not entry.msgstr):
            continue
        key = f"{entry.context}\x04{entry.msgid}" if entry.context else entry.msgid
        messages[key.encode()] = entry.msgstr.encode()
    keys = sorted(messages)
    ids = b"".join(k + b"\0" for k in keys)
    strs = b"".join(messages[k] + b"\0" for k in keys)
    start = 7 * 4 + 16 * len(keys)
    id_table, str_table, id_offset, str_offset = [], [], 0, 0
    for key in keys:
        id_table += [len(key), start + id_offset]
        id_offset += len(key) + 1
    for key in keys:
        value = messages[key]
        str_table += [len(value), start + len(ids) + str_offset]
        str_offset += len(value) + 1
    header = struct.pack("Iiiiiii", 0x950412DE, 0, len(keys), 7 * 4, 7 * 4 + 8 * len(keys), 0, 0)
    table = struct.pack(f"{len(id_table)}i", *id_table) + struct.pack(
        f"{len(str_table)}i", *str_table
    )
    path.write_bytes(header + table + ids + strs)


def stale_catalogues(locale_dir: Path | None = None) -> list[Path]:
    """The ``.po`` files whose ``.mo`` is missing or older: their language would show Dutch."""
    return [
        po
        for po in sorted((locale_dir or LOCALE_DIR).glob("*/LC_MESSAGES/*.po"))
        if not po.with_suffix(".mo").exists()
        or po.with_suffix(".mo").stat().st_mtime < po.stat().st_mtime
    ]


def compile_catalogues(locale_dir: Path | None = None) -> list[Path]:
    """Compile every ``.po`` under ``locale_dir`` whose ``.mo`` is missing or older; return
    the files written. Safe to run again and from several processes (same bytes)."""
    written = []
    for po in stale_catalogues(locale_dir):
        mo = po.with_suffix(".mo")
        temporary = mo.with_suffix(f".mo.{os.getpid()}")
        write_mo(read_po(po), temporary)
        temporary.replace(mo)
        written.append(mo)
    return written


if __name__ == "__main__":
    for written_path in compile_catalogues():
        print(f"compiled {written_path.relative_to(LOCALE_DIR.parent.parent)}")
