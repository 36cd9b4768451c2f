"""Print-ready invitation and reminder letters: one A4 page per person, in one PDF.

The address sits where a Dutch window envelope (C5/6 or EA5/6 with the window on the left)
shows it; the personal code is printed large and grouped, with a QR code of the personal link
beside it. Fonts are embedded (DejaVu Sans) so a print shop sees what we see. The QR code is
drawn as vector rectangles, one per horizontal run of dark modules, which keeps 10,000 letters
fast and sharp at any print resolution.

This module needs no database: the caller passes plain data.
"""

import functools
import io
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import BinaryIO

import segno
from reportlab.lib.colors import HexColor, black
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from ervaring.fieldwork import message_texts
from ervaring.languages import RIGHT_TO_LEFT

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
REGULAR, BOLD = "Ervaring-Regular", "Ervaring-Bold"
PAGE_WIDTH, PAGE_HEIGHT = A4
# Window of a Dutch window envelope (window on the left): 20 mm from the left edge,
# 50 mm from the top of the folded A4, 90 x 45 mm. The address keeps a margin inside it.
WINDOW_LEFT, WINDOW_TOP, WINDOW_WIDTH, WINDOW_HEIGHT = 20 * mm, 50 * mm, 90 * mm, 45 * mm
LEFT, RIGHT = 22 * mm, PAGE_WIDTH - 20 * mm
# Beside the window: the lines saying in which other languages the questionnaire is.
LANGUAGE_COLUMN = RIGHT - WINDOW_LEFT - WINDOW_WIDTH - 8 * mm
LANGUAGE_LINES_MAX = 10


@dataclass(frozen=True)
class Sender:
    """Who sends the letters: the municipality, and the person who signs."""

    organisation_name: str
    return_address: str = ""
    signatory_name: str = ""
    signatory_role: str = ""
    contact_phone: str = ""
    contact_email: str = ""
    logo: bytes | None = None  # PNG or JPEG, checked when the organisation saved it
    house_colour: str = "#154273"  # #rrggbb, checked for contrast when it was saved


@dataclass(frozen=True)
class Recipient:
    """One letter: the address block, the salutation, the code and the personal link."""

    address_lines: tuple[str, ...]
    code: str  # grouped for reading, e.g. "K7QM-4TXP-9HWD"
    link: str
    salutation: str = ""  # '' is the standard "Beste meneer, mevrouw," in the letter's language
    about_child: bool = False  # a parent or carer answers about their child
    language: str = "nl"  # the client's (see message_texts.message_language)


@dataclass(frozen=True)
class LetterText:
    """The variable parts of the text; the defaults are the B1 standard letter."""

    survey_address: str  # what people type, e.g. "ervaring.voorbeeld.nl"
    deadline: date
    subject: str = ""  # '' is the standard subject
    is_reminder: bool = False
    letter_date: date = field(default_factory=date.today)
    law: str = "wmo"  # or "jeugd"
    extra_paragraphs: tuple[str, ...] = field(default_factory=tuple)
    # The survey's own first paragraph (fieldwork.wording, fill-ins done); '' is the standard.
    opening: str = ""
    # (language, line): "the questionnaire is also in <language>", each in its own language.
    language_lines: tuple[tuple[str, str], ...] = ()
    # The language of the own words above (subject, opening, extra paragraphs): they are
    # printed only on a letter in that language.
    language: str = "nl"


def _register_fonts() -> None:
    if REGULAR not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(REGULAR, str(FONT_DIR / "DejaVuSans.ttf")))
        pdfmetrics.registerFont(TTFont(BOLD, str(FONT_DIR / "DejaVuSans-Bold.ttf")))


def body_paragraphs(text: LetterText, recipient: Recipient) -> list[str]:
    """The letter's paragraphs (B1) in the recipient's language: why, how, until when.

    The survey's own words replace the standard texts only on a letter in their language
    (`text.language`), so a client who reads Arabic never gets a Dutch paragraph."""
    language = recipient.language
    is_own = language == text.language
    child = "_child" if recipient.about_child else ""
    law = message_texts.text(language, f"msg_law_{text.law}")
    opening = (text.opening if is_own else "") or (
        message_texts.text(language, f"msg_letter_reminder_opening{child}")
        if text.is_reminder
        else message_texts.text(language, f"msg_letter_opening{child}", law=law)
    )
    deadline = message_texts.long_date(text.deadline, language)
    return [
        opening,
        message_texts.text(language, "msg_letter_privacy"),
        message_texts.text(language, "msg_letter_how", address=text.survey_address),
        message_texts.text(language, "msg_deadline", date=deadline),
        *(text.extra_paragraphs if is_own else ()),
    ]


def subject_of(text: LetterText, language: str) -> str:
    """The letter's subject: the survey's own in `language`, else the standard one."""
    if text.subject and language == text.language:
        return text.subject
    return message_texts.text(language, "msg_letter_subject")


def _wrap(canvas: Canvas, text: str, font: str, size: float, width: float) -> list[str]:
    lines, current = [], ""
    for word in text.split():
        trial = f"{current} {word}".strip()
        if canvas.stringWidth(trial, font, size) <= width or not current:
            current = trial
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    return lines


def _draw_paragraphs(
    canvas: Canvas,
    paragraphs: Iterable[str],
    top: float,
    wrapped: dict[str, list[str]],
    language: str = "nl",
) -> float:
    """Draw paragraphs; `wrapped` caches line breaks, since most letters share their text.
    A right-to-left paragraph is broken into lines first, then each line is shaped and
    aligned right (`visual_line`)."""
    canvas.setFont(REGULAR, 11)
    y = top
    for paragraph in paragraphs:
        if paragraph not in wrapped:
            wrapped[paragraph] = _wrap(canvas, paragraph, REGULAR, 11, RIGHT - LEFT)
        for line in wrapped[paragraph]:
            _draw_line(canvas, language, LEFT, y, line)
            y -= 15
        y -= 7
    return y


def _draw_line(canvas: Canvas, language: str, x: float, y: float, line: str) -> None:
    """One line at `x` (left-to-right) or ending at the right margin (right-to-left)."""
    if language in RIGHT_TO_LEFT:
        canvas.drawRightString(RIGHT, y, visual_line(language, line))
    else:
        canvas.drawString(x, y, line)


QrRuns = tuple[int, tuple[tuple[int, int, int], ...]]
"""A QR code as (modules per side, runs of dark modules as (row, first column, length))."""
PARALLEL_FROM = 400  # letters; below this a process pool costs more than it saves


def qr_runs(data: str) -> QrRuns:
    """Encode a link as runs of dark modules (a plain tuple, so a worker process can return it).

    A fixed mask skips segno's search for the "best" one, which costs most of the encoding
    time and does not matter for a short link printed large in black on white.
    """
    matrix = segno.make(data, error="m", micro=False, mask=0, boost_error=False).matrix
    runs = []
    for row_index, row in enumerate(matrix):
        start = None
        for col, dark in enumerate((*row, 0)):
            if dark and start is None:
                start = col
            elif not dark and start is not None:
                runs.append((row_index, start, col - start))
                start = None
    return len(matrix), tuple(runs)


def draw_qr(canvas: Canvas, code: QrRuns, x: float, y: float, size: float) -> None:
    """Draw a QR code with its bottom-left corner at (x, y).

    The path operators are written directly: one `re` per run of dark modules. Going through
    ReportLab's path object per rectangle costs more than the rest of the letter together.
    """
    modules, runs = code
    module = size / modules
    ops = "\n".join(
        f"{x + start * module:.2f} {y + size - (row + 1) * module:.2f} "
        f"{length * module:.2f} {module:.2f} re"
        for row, start, length in runs
    )
    path = canvas.beginPath()
    path._code.append(ops)
    canvas.drawPath(path, stroke=0, fill=1)


def _qr_codes(links: list[str]) -> Iterator[QrRuns]:
    """QR codes in order; for a large batch encoded by worker processes while this one draws
    (encoding is most of a letter's cost, and the machines have more than one core)."""
    if len(links) < PARALLEL_FROM or (os.cpu_count() or 1) < 2:
        yield from map(qr_runs, links)
        return
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=os.cpu_count(), mp_context=context) as pool:
        yield from pool.map(qr_runs, links, chunksize=200)


def _draw_letter(
    canvas: Canvas,
    sender: Sender,
    text: LetterText,
    recipient: Recipient,
    qr_code: QrRuns,
    wrapped: dict[str, list[str]],
) -> None:
    if sender.logo:
        canvas.drawImage(
            ImageReader(io.BytesIO(sender.logo)),
            RIGHT - 45 * mm,
            PAGE_HEIGHT - 35 * mm,
            45 * mm,
            20 * mm,
            preserveAspectRatio=True,
            anchor="ne",
            mask="auto",
        )
    canvas.setFillColor(HexColor(sender.house_colour))
    canvas.setFont(BOLD, 14)
    canvas.drawString(LEFT, PAGE_HEIGHT - 25 * mm, sender.organisation_name)
    canvas.rect(LEFT, PAGE_HEIGHT - 29 * mm, 40 * mm, 1.2 * mm, stroke=0, fill=1)
    canvas.setFillColor(black)
    if sender.return_address:
        canvas.setFont(REGULAR, 7)
        canvas.drawString(LEFT, PAGE_HEIGHT - WINDOW_TOP - 4 * mm, sender.return_address)
    language = recipient.language
    if language == "nl":  # the Dutch letter says in which other languages it is
        _draw_language_lines(canvas, text.language_lines)
    canvas.setFont(REGULAR, 11)
    y = PAGE_HEIGHT - WINDOW_TOP - 10 * mm
    for line in recipient.address_lines[:5]:
        canvas.drawString(LEFT, y, line)
        y -= 14
    y = PAGE_HEIGHT - WINDOW_TOP - WINDOW_HEIGHT - 15 * mm
    say = functools.partial(message_texts.text, language)
    canvas.setFont(REGULAR, 10)
    letter_date = message_texts.long_date(text.letter_date, language)
    _draw_line(canvas, language, LEFT, y + 22, say("msg_letter_date", date=letter_date))
    canvas.setFont(BOLD, 13)
    _draw_line(canvas, language, LEFT, y, subject_of(text, language))
    canvas.setFont(REGULAR, 11)
    _draw_line(canvas, language, LEFT, y - 20, recipient.salutation or say("msg_salutation"))
    paragraphs = body_paragraphs(text, recipient)
    y = _draw_paragraphs(canvas, paragraphs, y - 42, wrapped, language)
    # The code box: what people need, large and unmistakable. The address and the code are
    # typed as printed, so they stay left to right in every language.
    box_height = 38 * mm
    box_bottom = y - box_height
    canvas.setLineWidth(1.2)
    canvas.roundRect(LEFT, box_bottom, RIGHT - LEFT, box_height, 3 * mm, stroke=1, fill=0)
    canvas.setFont(REGULAR, 11)
    _draw_box_label(canvas, language, box_bottom + box_height - 10 * mm, say("msg_letter_website"))
    canvas.setFont(BOLD, 13)
    canvas.drawString(LEFT + 6 * mm, box_bottom + box_height - 16 * mm, text.survey_address)
    canvas.setFont(REGULAR, 11)
    _draw_box_label(canvas, language, box_bottom + box_height - 24 * mm, say("msg_letter_code"))
    canvas.setFont(BOLD, 22)
    canvas.drawString(LEFT + 6 * mm, box_bottom + 6 * mm, recipient.code)
    draw_qr(canvas, qr_code, RIGHT - 36 * mm, box_bottom + 4 * mm, 30 * mm)
    y = box_bottom - 10 * mm
    contact = message_texts.reach(language, sender.contact_phone, sender.contact_email)
    help_text = (
        say("msg_letter_help", contact=contact) if contact else say("msg_letter_help_no_contact")
    )
    closing = [
        f"{help_text} {say('msg_letter_opt_out')}",
        say("msg_letter_thanks"),
        say("msg_regards"),
    ]
    y = _draw_paragraphs(canvas, closing, y, wrapped, language)
    _draw_line(canvas, language, LEFT, y - 4, sender.signatory_name or sender.organisation_name)
    if sender.signatory_role:
        _draw_line(canvas, language, LEFT, y - 19, sender.signatory_role)
    canvas.setFont(REGULAR, 8)
    _draw_line(canvas, language, LEFT, 12 * mm, say("msg_letter_footer"))


def _draw_box_label(canvas: Canvas, language: str, y: float, label: str) -> None:
    """A label in the code box: at its left, or (right to left) ending left of the QR code."""
    if language in RIGHT_TO_LEFT:
        canvas.drawRightString(RIGHT - 42 * mm, y, visual_line(language, label))
    else:
        canvas.drawString(LEFT + 6 * mm, y, label)


@functools.lru_cache(maxsize=4096)
def visual_line(language: str, line: str) -> str:
    """The line as ReportLab must draw it: a right-to-left line is joined (Arabic letter
    forms) and put in visual order, because ReportLab draws characters as given. (Cached:
    most lines are the same on every letter.)

    The line is right to left even when it starts with a Latin word ("(Wmo). ..." after a
    break), so the direction is given, not guessed from its first letter. python-bidi's
    pure-Python algorithm is used because it mirrors brackets; its default (Rust) one puts
    "(Wmo)" in place but draws it as ")Wmo(" (python-bidi 0.6)."""
    if language not in RIGHT_TO_LEFT:
        return line
    import arabic_reshaper
    from bidi.algorithm import get_display

    return get_display(arabic_reshaper.reshape(line), base_dir="R")


def _draw_language_lines(canvas: Canvas, lines: tuple[tuple[str, str], ...]) -> None:
    """One line per offered language beside the address window, where the page is empty
    and a reader looks first; a right-to-left line is aligned right, a long one set smaller
    so that it stays one line."""
    y = PAGE_HEIGHT - WINDOW_TOP - 4 * mm
    for language, line in lines[:LANGUAGE_LINES_MAX]:
        shown = visual_line(language, line)
        size = min(9.0, 9.0 * LANGUAGE_COLUMN / canvas.stringWidth(shown, REGULAR, 9))
        canvas.setFont(REGULAR, size)
        if language in RIGHT_TO_LEFT:
            canvas.drawRightString(RIGHT, y, shown)
        else:
            canvas.drawString(RIGHT - LANGUAGE_COLUMN, y, shown)
        y -= 12


def write_letters(
    out: BinaryIO | str | Path,
    sender: Sender,
    text: LetterText,
    recipients: Iterable[Recipient],
    progress: Callable[[int], None] | None = None,
    translated: Mapping[str, LetterText] | None = None,
) -> int:
    """Write one page per recipient into one PDF; return the number of pages written.

    `text` is the Dutch letter; `translated` holds the survey's words in its other languages
    (a recipient whose language has none gets the standard text in their language)."""
    translated = translated or {}
    _register_fonts()
    canvas = Canvas(
        out if not isinstance(out, Path) else str(out),
        pagesize=A4,
        initialFontName=REGULAR,
        initialFontSize=11,
    )
    canvas.setTitle(f"{subject_of(text, 'nl')} – {sender.organisation_name}")
    canvas.setAuthor(sender.organisation_name)
    canvas.setSubject("Uitnodigingen cliëntervaringsonderzoek")
    count, wrapped = 0, {}
    recipients = list(recipients)
    for recipient, qr_code in zip(recipients, _qr_codes([r.link for r in recipients]), strict=True):
        own = translated.get(recipient.language, text)
        _draw_letter(canvas, sender, own, recipient, qr_code, wrapped)
        canvas.showPage()
        count += 1
        if progress and count % 500 == 0:
            progress(count)
    canvas.save()
    return count
