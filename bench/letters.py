"""Benchmark: 10,000 invitation letters from the outbox (the issue asks for under 15 s).

Run: `.venv/bin/python bench/letters.py [LETTERS]`. It draws a census of letter clients in a
throw-away SQLite database, then times, in the same run:

- baseline: `write_letters` for the same recipients *without* QR codes (plain text pages);
- `write_letters` with QR codes (the PDF alone);
- the full print run (`printing.print_letters`, what `ervaring letters` does): read the
  queued messages, decrypt every code, write the PDF with QR codes, mark the batch printed.
"""

import shutil
import sys
import time
from datetime import date

from _fieldwork_setup import WORK, survey_with_invitations

from ervaring.fieldwork import outbox, printing
from ervaring.fieldwork.channels import letter
from ervaring.fieldwork.models import Channel

COUNT = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000


def timed(action):
    start = time.perf_counter()
    result = action()
    return result, time.perf_counter() - start


def main() -> None:
    survey = survey_with_invitations(COUNT, email=False)
    outbox.queue_invitations(survey, channels=[Channel.LETTER])
    messages = printing.pending_letters(survey, 0)
    recipients = list(printing.recipients(messages))
    sender = printing.sender_for(survey.organisation)
    text = printing.letter_text(survey, 0, date.today())

    # Baseline: the same pages without QR codes (neither encoded nor drawn).
    draw_qr, qr_codes = letter.draw_qr, letter._qr_codes
    letter.draw_qr = lambda *args: None
    letter._qr_codes = lambda links: ((21, ()) for _ in links)
    try:
        _, baseline = timed(lambda: letter.write_letters(WORK / "b.pdf", sender, text, recipients))
    finally:
        letter.draw_qr, letter._qr_codes = draw_qr, qr_codes
    _, pdf_only = timed(lambda: letter.write_letters(WORK / "q.pdf", sender, text, recipients))
    batch, full = timed(lambda: printing.print_letters(survey, WORK / "letters.pdf"))
    assert batch.letters == COUNT

    size = (WORK / "letters.pdf").stat().st_size / 1e6
    print(f"letters: {COUNT:,} ({size:.1f} MB PDF)")
    print(f"baseline write_letters without QR: {baseline:6.2f} s")
    print(f"write_letters with QR:             {pdf_only:6.2f} s  ({pdf_only / baseline:.2f}x)")
    print(f"ervaring letters (full print run): {full:6.2f} s  ({full / baseline:.2f}x)")


if __name__ == "__main__":
    try:
        main()
    finally:
        shutil.rmtree(WORK, ignore_errors=True)
