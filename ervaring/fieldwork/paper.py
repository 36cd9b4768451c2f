"""The paper questionnaire: a printable A4 PDF of a questionnaire version.

For people who asked for paper. Every theme is printed, in order; routing becomes a plain
instruction above the question ("Alleen invullen als u bij vraag 5 'Ja' heeft aangekruist").
Scales and choices get tick boxes, each with the small number the data-entry screen uses for
it (`paper_form.entry_keys`: the scale code, or 1, 2, 3 ... for other choices), so a typist
reads the number beside the ticked box and types it. Open questions get writing lines. The
respondent's code is printed on every page (top and bottom), so a returned form, or a loose
page of it, is typed in under the right code. Without a code the field is left blank to
fill in by hand.

Fonts and drawing come from the letters (`channels.letter`); this module needs no database.
"""

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import BinaryIO

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas

from ervaring.fieldwork.channels.letter import BOLD, REGULAR, _register_fonts
from ervaring.fieldwork.paper_form import EntryKey, entry_keys, instruction
from ervaring.questionnaires.answers import choices
from ervaring.questionnaires.document import Question, Questionnaire

PAGE_WIDTH, PAGE_HEIGHT = A4
LEFT, RIGHT = 20 * mm, PAGE_WIDTH - 20 * mm
TOP, BOTTOM = PAGE_HEIGHT - 28 * mm, 22 * mm
CHOICE_TYPES = ("agree", "satisfaction", "yesno", "single", "multi")
BLANK_CODE = "____-____-____"


class _Writer:
    """Draws one questionnaire for one code, starting new pages as needed."""

    def __init__(self, canvas: Canvas, title: str, organisation: str, code: str) -> None:
        self.canvas, self.title, self.organisation = canvas, title, organisation
        self.code = code or BLANK_CODE
        self.page = 0
        self.y = 0.0

    def new_page(self) -> None:
        if self.page:
            self.canvas.showPage()
        self.page += 1
        c = self.canvas
        c.setFont(REGULAR, 9)
        c.drawString(LEFT, PAGE_HEIGHT - 14 * mm, self.organisation)
        c.setFont(BOLD, 12)
        c.drawRightString(RIGHT, PAGE_HEIGHT - 15 * mm, f"Code: {self.code}")
        c.setLineWidth(0.5)
        c.line(LEFT, PAGE_HEIGHT - 18 * mm, RIGHT, PAGE_HEIGHT - 18 * mm)
        c.setFont(REGULAR, 9)
        c.drawString(LEFT, 12 * mm, f"{self.title} · pagina {self.page}")
        c.drawRightString(RIGHT, 12 * mm, f"Code: {self.code}")
        self.y = TOP

    def ensure(self, height: float) -> None:
        if self.y - height < BOTTOM:
            self.new_page()

    def text(self, text: str, font: str = REGULAR, size: float = 11, indent: float = 0) -> None:
        lines = simpleSplit(text, font, size, RIGHT - LEFT - indent)
        self.ensure(len(lines) * size * 1.35)
        self.canvas.setFont(font, size)
        for line in lines:
            self.canvas.drawString(LEFT + indent, self.y - size, line)
            self.y -= size * 1.35

    def box_option(self, key: EntryKey, box: str = "square") -> None:
        self.ensure(7 * mm)
        c = self.canvas
        c.setFont(REGULAR, 7)
        c.drawRightString(LEFT + 12 * mm, self.y - 4 * mm, key.key)
        if box == "circle":
            c.circle(LEFT + 16 * mm, self.y - 3.2 * mm, 1.9 * mm)
        else:
            c.rect(LEFT + 14 * mm, self.y - 5 * mm, 3.8 * mm, 3.8 * mm)
        c.setFont(REGULAR, 11)
        c.drawString(LEFT + 21 * mm, self.y - 4.2 * mm, key.label)
        self.y -= 6.5 * mm

    def lines(self, count: int) -> None:
        for _ in range(count):
            self.ensure(9 * mm)
            self.y -= 8 * mm
            self.canvas.line(LEFT + 6 * mm, self.y, RIGHT, self.y)
        self.y -= 2 * mm


def _draw_question(
    writer: _Writer, question: Question, questionnaire: Questionnaire, numbers: dict[str, int]
) -> None:
    number = numbers[question.id]
    writer.ensure(24 * mm)  # keep a question's text with its first answers
    note = instruction(question.show_if, questionnaire, numbers)
    if note:
        writer.text(note, BOLD, 9)
    writer.text(f"{number}. {question.text.get('nl')}", BOLD, 11)
    if question.help:
        writer.text(question.help.get("nl"), REGULAR, 9, indent=6 * mm)
    if question.type == "multi":
        writer.text("U mag meer hokjes aankruisen.", REGULAR, 9, indent=6 * mm)
    if question.type in CHOICE_TYPES:
        for key in entry_keys(question):
            writer.box_option(key, "square" if question.type == "multi" else "circle")
        if any(c.other for c in choices(question)):
            writer.lines(1)  # the "Anders, namelijk" text
    elif question.type == "number":
        writer.ensure(12 * mm)
        writer.canvas.rect(LEFT + 6 * mm, writer.y - 10 * mm, 30 * mm, 8 * mm)
        writer.y -= 12 * mm
    else:
        writer.lines(4)
    writer.y -= 4 * mm


def _draw_questionnaire(writer: _Writer, questionnaire: Questionnaire) -> None:
    numbers = {q.id: n for n, q in enumerate(questionnaire.questions(), start=1)}
    writer.new_page()
    writer.text(questionnaire.title.get("nl"), BOLD, 16)
    writer.y -= 2 * mm
    if questionnaire.intro:
        writer.text(questionnaire.intro.get("nl"))
    writer.text(
        "Zet een kruisje in het rondje of hokje bij uw antwoord. Staat er bij een vraag "
        "'Alleen invullen als ...'? Sla de vraag dan over als dat niet voor u geldt. Stuur de "
        "vragenlijst terug in de envelop. Een postzegel is niet nodig.",
        REGULAR,
        10,
    )
    writer.y -= 4 * mm
    for theme in questionnaire.themes:
        writer.ensure(30 * mm)
        writer.text(theme.title.get("nl"), BOLD, 13)
        note = instruction(theme.show_if, questionnaire, numbers)
        if note:
            writer.text(f"{note} Anders gaat u verder met het volgende deel.", BOLD, 9)
        writer.y -= 2 * mm
        for question in theme.questions:
            _draw_question(writer, question, questionnaire, numbers)
    if questionnaire.thanks:
        writer.text(questionnaire.thanks.get("nl"), BOLD, 11)


def write_paper_questionnaires(
    out: BinaryIO | str | Path,
    questionnaire: Questionnaire,
    organisation_name: str,
    codes: Sequence[str] | Iterable[str] = (),
) -> int:
    """Write one questionnaire per code (one blank one without codes); returns page count."""
    _register_fonts()
    canvas = Canvas(str(out) if isinstance(out, Path) else out, pagesize=A4)
    title = questionnaire.title.get("nl")
    canvas.setTitle(f"{title} – {organisation_name}")
    canvas.setAuthor(organisation_name)
    canvas.setSubject("Papieren vragenlijst")
    pages = 0
    for code in list(codes) or [""]:
        writer = _Writer(canvas, title, organisation_name, code)
        _draw_questionnaire(writer, questionnaire)
        pages += writer.page
        canvas.showPage()
    canvas.save()
    return pages
