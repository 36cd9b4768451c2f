"""Transcripts in each format, and a coded interview round made with the real services."""

import datetime as dt
import io
import zipfile

from ervaring.analysis import codebook_services, interview_runs, interviews

ODT_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
    "<office:body><office:text>"
)


def odt(paragraphs, *, content=None):
    """A minimal OpenDocument text (what LibreOffice needs to open it: mimetype + content)."""
    body = "".join(f"<text:p>{p}</text:p>" for p in paragraphs)
    xml = content or ODT_HEAD + body + "</office:text></office:body></office:document-content>"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", xml)
    return buffer.getvalue()


def docx(paragraphs):
    import docx as python_docx

    document = python_docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


WORDS = ("fijn", "prima", "goed", "redelijk", "matig", "traag", "snel", "duidelijk")


def coded_round(survey, coded, *, year=2026, actor=None):
    """A round with one interview per entry of `coded` (a list of code-key sets), each a
    one-turn transcript, scrubbed and coded. Returns the interviews."""
    codebook_services.ensure_codebook(survey)
    current = interviews.get_round(survey)
    made = []
    for number in range(len(coded)):
        interview = interviews.add_interview(
            current, dt.date(year, 3, 1 + number), "begeleiding", None, actor=actor
        )
        word = WORDS[number % len(WORDS)]
        text = f"Interviewer: Hoe ging het?\nDeelnemer: Ik vond de hulp {word}."
        interviews.upload_transcript(interview, "gesprek.txt", text.encode(), actor=actor)
        made.append(interview)
    interview_runs.scrub_survey(survey.pk)
    for interview, keys in zip(made, coded, strict=True):
        fragment = interview.fragments.get(is_interviewer=False)
        interviews.save_fragment_codes(fragment, keys, coder=actor)
    return made
