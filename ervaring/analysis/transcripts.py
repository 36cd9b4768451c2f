"""Interview transcripts: read an uploaded DOCX, ODT or TXT, and split it into fragments.

Plain Python, no Django and no database: the service (`interviews.upload_transcript`)
encrypts what this returns, and only the worker's scrubbed version is ever shown. A
fragment is a paragraph, or a speaker turn where the transcript names speakers
("Interviewer: ...", "I: ...", "Deelnemer: ..."); consecutive lines of one turn stay one
fragment, so a theme is counted per thing said, not per line break. python-docx is
imported inside `read_docx` only (a page that merely links here must stay light); ODT
is a zip with `content.xml`, read with the standard library, bounded before parsing.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from xml.etree import ElementTree

#: Largest transcript file accepted (a two-hour interview typed out is about 100 kB).
MAX_FILE_BYTES = 2 * 1024 * 1024
#: Largest text a document may unpack to (a zip bomb stops here, not in memory).
MAX_TEXT_CHARS = 400_000
EXTENSIONS = ("docx", "odt", "txt")

_ODT_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_SPEAKER = re.compile(r"^\s*([A-Za-zÀ-ÿ][\w .'-]{0,30}?)\s*:\s+(.*)$", re.S)
#: Speaker labels that are the interviewer's (lower case, without the colon).
INTERVIEWER_LABELS = frozenset(
    {"i", "int", "interviewer", "interviewster", "onderzoeker", "vraag", "v", "o"}
)
#: Labels of the person interviewed; other labels (a name, say) also count as theirs.
PARTICIPANT_LABELS = frozenset(
    {"r", "d", "deelnemer", "respondent", "client", "cliënt", "antwoord"}
)


class TranscriptRefused(ValueError):
    """A file that cannot be read as a transcript; the message names it, in Dutch."""


@dataclass(frozen=True)
class Fragment:
    text: str
    is_interviewer: bool


def read_transcript(file_name: str, data: bytes) -> str:
    """The plain text of an uploaded transcript, or TranscriptRefused saying why."""
    extension = file_name.rsplit(".", 1)[-1].lower() if "." in file_name else ""
    if extension not in EXTENSIONS:
        raise TranscriptRefused(
            f"{file_name}: dit soort bestand lezen we niet. Lever het uitgeschreven "
            "interview aan als Word (.docx), OpenDocument (.odt) of tekst (.txt)."
        )
    check_size(file_name, len(data))
    try:
        if extension == "txt":
            text = _read_txt(data)
        elif extension == "docx":
            text = read_docx(data)
        else:
            text = read_odt(data)
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, ValueError) as error:
        if isinstance(error, TranscriptRefused):
            raise TranscriptRefused(f"{file_name}: {error}") from error
        raise TranscriptRefused(
            f"{file_name}: het bestand is beschadigd of geen echt .{extension}-bestand. "
            "Open het en sla het opnieuw op."
        ) from error
    if not text.strip():
        raise TranscriptRefused(f"{file_name}: er staat geen tekst in het bestand.")
    return text


def check_size(file_name: str, size: int) -> None:
    """Refuse a file over the limit (pages call this before reading the upload)."""
    if size > MAX_FILE_BYTES:
        raise TranscriptRefused(
            f"{file_name}: het bestand is groter dan {MAX_FILE_BYTES // (1024 * 1024)} MB. "
            "Sla het op zonder afbeeldingen of splits het interview."
        )


def _read_txt(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise TranscriptRefused("Sla het tekstbestand op als UTF-8.")


def _bounded(parts: list[str]) -> str:
    text = "\n\n".join(parts)
    if len(text) > MAX_TEXT_CHARS:
        raise TranscriptRefused("het uitgepakte document is te groot voor één interview.")
    return text


def read_docx(data: bytes) -> str:
    """The paragraphs of a Word document (tables' cells too), one per line pair."""
    _check_unpacked_size(data)
    import docx  # heavy (lxml): only when a DOCX is read

    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" ".join(cell.text for cell in row.cells))
    return _bounded(parts)


def read_odt(data: bytes) -> str:
    """The headings and paragraphs of an OpenDocument text, in order."""
    _check_unpacked_size(data)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        content = archive.read("content.xml")
    # ElementTree never fetches external entities, and expat (>= 2.4, bundled with Python
    # 3.12) stops entity-expansion bombs with a ParseError, refused below (a test plants one).
    root = ElementTree.fromstring(content)  # noqa: S314
    parts = []
    for element in root.iter():
        if element.tag in (f"{{{_ODT_TEXT}}}p", f"{{{_ODT_TEXT}}}h"):
            parts.append(_odt_text(element))
    return _bounded(parts)


def _odt_text(element: ElementTree.Element) -> str:
    """A paragraph's text with ODT's space, tab and line-break elements as characters."""
    out = [element.text or ""]
    for child in element:
        name = child.tag.rsplit("}", 1)[-1]
        if name == "s":
            out.append(" " * int(child.get(f"{{{_ODT_TEXT}}}c", "1")))
        elif name == "tab":
            out.append("\t")
        elif name == "line-break":
            out.append("\n")
        elif name not in ("p", "h"):  # nested paragraphs are read on their own
            out.append(_odt_text(child))
        out.append(child.tail or "")
    return "".join(out)


def _check_unpacked_size(data: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        if sum(info.file_size for info in archive.infolist()) > 20 * MAX_FILE_BYTES:
            raise TranscriptRefused("het uitgepakte document is te groot voor één interview.")


def split_fragments(text: str) -> list[Fragment]:
    """Paragraphs, or speaker turns when lines start with a speaker's label.

    A line without a label continues the current turn; a blank line ends a paragraph
    when the transcript has no labels at all.
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    labelled = [_SPEAKER.match(line) for line in lines]
    has_turns = sum(1 for m in labelled if m and _is_label(m.group(1))) >= 2
    fragments: list[Fragment] = []
    current: list[str] = []
    is_interviewer = False

    def close() -> None:
        words = " ".join(" ".join(current).split())
        if words:
            fragments.append(Fragment(words, is_interviewer))
        current.clear()

    for line, match in zip(lines, labelled, strict=True):
        if has_turns and match and _is_label(match.group(1)):
            close()
            is_interviewer = match.group(1).strip().lower() in INTERVIEWER_LABELS
            current.append(match.group(2))
        elif not line.strip():
            if not has_turns:
                close()
        else:
            current.append(line)
    close()
    return fragments


def _is_label(label: str) -> bool:
    word = label.strip().lower()
    return word in INTERVIEWER_LABELS or word in PARTICIPANT_LABELS
