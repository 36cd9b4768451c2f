"""The paper questionnaire: a printable A4 PDF of a questionnaire version.

For people who asked for paper. Every theme is printed, in order; routing becomes a plain
instruction above the question ("Alleen invullen als u bij vraag 5 'Ja' heeft aangekruist").
Scales and choices get tick boxes, each with the small number the data-entry screen uses for
it (`paper_form.entry_keys`: the scale code, or 1, 2, 3 ... for other choices), so a typist
reads the number beside the ticked box and types it. Open questions get writing lines. The
respondent's code is printed on every page (top and bottom), so a returned form, or a loose
page of it, is typed in under the right code. Without a code the field is left blank to
fill in by hand.

The form is printed in one language of the questionnaire: its questions and answers from the
questionnaire document, the fixed texts (instructions, "Code", "pagina") from the catalogues
(`message_texts`). A right-to-left language (Arabic) is shaped and set from the right, with
the boxes at the right of their answers, the way such a reader reads the page.

Fonts and drawing come from the letters (`channels.letter`); this module needs no database.
"""

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import BinaryIO

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfgen.canvas import Canvas

from ervaring import languages
from ervaring.fieldwork import message_texts
from ervaring.fieldwork.channels.letter import BOLD, REGULAR, _register_fonts, visual_line
from ervaring.fieldwork.paper_form import EntryKey, entry_keys, instruction
from ervaring.languages import RIGHT_TO_LEFT
from ervaring.questionnaires.answers import choices
from ervaring.questionnaires.document import Question, Questionnaire
from ervaring.questionnaires.translations import DUTCH_NAMES, missing_translations

PAGE_WIDTH, PAGE_HEIGHT = A4
LEFT, RIGHT = 20 * mm, PAGE_WIDTH - 20 * mm
TOP, BOTTOM = PAGE_HEIGHT - 28 * mm, 22 * mm
CHOICE_TYPES = ("agree", "satisfaction", "yesno", "single", "multi")
BLANK_CODE = "____-____-____"


class _Writer:
    """Draws one questionnaire for one code in one language, starting new pages as needed."""

    def __init__(
        self, canvas: Canvas, title: str, organisation: str, code: str, language: str = "nl"
    ) -> None:
        self.canvas, self.title, self.organisation = canvas, title, organisation
        self.code = code or BLANK_CODE
        self.language = language
        self.rtl = language in RIGHT_TO_LEFT
        self.page = 0
        self.y = 0.0

    def say(self, key: str, **values: object) -> str:
        return message_texts.text(self.language, key, **values)

    def draw(self, x: float, y: float, text: str, *, from_right: bool = False) -> None:
        """Text starting at x (left to right), or ending at x (`from_right`, or always in a
        right-to-left language, where x is measured from the right margin)."""
        if self.rtl:
            self.canvas.drawRightString(RIGHT - (x - LEFT), y, visual_line(self.language, text))
        elif from_right:
            self.canvas.drawRightString(x, y, text)
        else:
            self.canvas.drawString(x, y, text)

    def new_page(self) -> None:
        if self.page:
            self.canvas.showPage()
        self.page += 1
        c = self.canvas
        code = self.say("msg_paper_code", code=self.code)
        c.setFont(REGULAR, 9)
        self.draw(LEFT, PAGE_HEIGHT - 14 * mm, self.organisation)
        c.setFont(BOLD, 12)
        self._corner(PAGE_HEIGHT - 15 * mm, code)
        c.setLineWidth(0.5)
        c.line(LEFT, PAGE_HEIGHT - 18 * mm, RIGHT, PAGE_HEIGHT - 18 * mm)
        c.setFont(REGULAR, 9)
        self.draw(LEFT, 12 * mm, self.say("msg_paper_page", title=self.title, page=self.page))
        self._corner(12 * mm, code)
        self.y = TOP

    def _corner(self, y: float, text: str) -> None:
        """The code in the corner where a line ends: right, or left in right to left."""
        if self.rtl:
            self.canvas.drawString(LEFT, y, visual_line(self.language, text))
        else:
            self.canvas.drawRightString(RIGHT, y, text)

    def ensure(self, height: float) -> None:
        if self.y - height < BOTTOM:
            self.new_page()

    def text(self, text: str, font: str = REGULAR, size: float = 11, indent: float = 0) -> None:
        lines = simpleSplit(text, font, size, RIGHT - LEFT - indent)
        self.ensure(len(lines) * size * 1.35)
        self.canvas.setFont(font, size)
        for line in lines:
            self.draw(LEFT + indent, self.y - size, line)
            self.y -= size * 1.35

    def box_option(self, key: EntryKey, box: str = "square") -> None:
        self.ensure(7 * mm)
        c = self.canvas
        c.setFont(REGULAR, 7)
        # The entry number stays a plain number in every language; only its side changes.
        number_x = RIGHT - 12 * mm if self.rtl else LEFT + 12 * mm
        if self.rtl:
            c.drawString(number_x, self.y - 4 * mm, key.key)
        else:
            c.drawRightString(number_x, self.y - 4 * mm, key.key)
        centre = RIGHT - 16 * mm if self.rtl else LEFT + 16 * mm
        if box == "circle":
            c.circle(centre, self.y - 3.2 * mm, 1.9 * mm)
        else:
            c.rect(centre - 1.9 * mm, self.y - 5 * mm, 3.8 * mm, 3.8 * mm)
        c.setFont(REGULAR, 11)
        self.draw(LEFT + 21 * mm, self.y - 4.2 * mm, key.label)
        self.y -= 6.5 * mm

    def lines(self, count: int) -> None:
        start, end = (LEFT, RIGHT - 6 * mm) if self.rtl else (LEFT + 6 * mm, RIGHT)
        for _ in range(count):
            self.ensure(9 * mm)
            self.y -= 8 * mm
            self.canvas.line(start, self.y, end, self.y)
        self.y -= 2 * mm

    def number_box(self) -> None:
        self.ensure(12 * mm)
        x = RIGHT - 36 * mm if self.rtl else LEFT + 6 * mm
        self.canvas.rect(x, self.y - 10 * mm, 30 * mm, 8 * mm)
        self.y -= 12 * mm


def _draw_question(
    writer: _Writer, question: Question, questionnaire: Questionnaire, numbers: dict[str, int]
) -> None:
    language = writer.language
    number = numbers[question.id]
    writer.ensure(24 * mm)  # keep a question's text with its first answers
    note = instruction(question.show_if, questionnaire, numbers, language)
    if note:
        writer.text(note, BOLD, 9)
    writer.text(f"{number}. {question.text.get(language)}", BOLD, 11)
    if question.help:
        writer.text(question.help.get(language), REGULAR, 9, indent=6 * mm)
    if question.type == "multi":
        writer.text(writer.say("msg_paper_multi"), REGULAR, 9, indent=6 * mm)
    if question.type in CHOICE_TYPES:
        for key in entry_keys(question, language):
            writer.box_option(key, "square" if question.type == "multi" else "circle")
        if any(c.other for c in choices(question)):
            writer.lines(1)  # the "Anders, namelijk" text
    elif question.type == "number":
        writer.number_box()
    else:
        writer.lines(4)
    writer.y -= 4 * mm


def _draw_questionnaire(writer: _Writer, questionnaire: Questionnaire) -> None:
    language = writer.language
    numbers = {q.id: n for n, q in enumerate(questionnaire.questions(), start=1)}
    writer.new_page()
    writer.text(questionnaire.title.get(language), BOLD, 16)
    writer.y -= 2 * mm
    if questionnaire.intro:
        writer.text(questionnaire.intro.get(language))
    writer.text(writer.say("msg_paper_intro"), REGULAR, 10)
    writer.y -= 4 * mm
    for theme in questionnaire.themes:
        writer.ensure(30 * mm)
        writer.text(theme.title.get(language), BOLD, 13)
        note = instruction(theme.show_if, questionnaire, numbers, language)
        if note:
            writer.text(f"{note} {writer.say('msg_paper_otherwise')}", BOLD, 9)
        writer.y -= 2 * mm
        for question in theme.questions:
            _draw_question(writer, question, questionnaire, numbers)
    if questionnaire.thanks:
        writer.text(questionnaire.thanks.get(language), BOLD, 11)


class PaperLanguageError(ValueError):
    """The questionnaire has no such language (the message is Dutch, naming the choices)."""


def write_paper_questionnaires(
    out: BinaryIO | str | Path,
    questionnaire: Questionnaire,
    organisation_name: str,
    codes: Sequence[str] | Iterable[str] = (),
    language: str = "nl",
) -> int:
    """Write one questionnaire per code (one blank one without codes) in `language`, one of
    the questionnaire's shipped languages; returns the page count."""
    offered = languages.offered(questionnaire.languages)
    if language not in offered:
        raise PaperLanguageError(
            f"De vragenlijst is er niet in '{language}'. Kies uit: {', '.join(offered)}."
        )
    missing = missing_translations(questionnaire).get(language)
    if missing:  # Text.get would print the Dutch text instead, unannounced
        raise PaperLanguageError(
            f"In het {DUTCH_NAMES[language]} ontbreekt nog: {'; '.join(missing)}."
        )
    _register_fonts()
    canvas = Canvas(str(out) if isinstance(out, Path) else out, pagesize=A4)
    title = questionnaire.title.get(language)
    canvas.setTitle(f"{title} – {organisation_name}")
    canvas.setAuthor(organisation_name)
    canvas.setSubject("Papieren vragenlijst")
    pages = 0
    for code in list(codes) or [""]:
        writer = _Writer(canvas, title, organisation_name, code, language)
        _draw_questionnaire(writer, questionnaire)
        pages += writer.page
        canvas.showPage()
    canvas.save()
    return pages
