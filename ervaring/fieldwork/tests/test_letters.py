"""Letters rendered for real: text layer, embedded fonts, and QR codes decoded from the page."""

import re
import subprocess
from datetime import date

import pytest

from ervaring.fieldwork import codes
from ervaring.fieldwork.channels.letter import LetterText, Recipient, Sender, write_letters


def _recipients(count):
    result = []
    for number in range(count):
        code = codes.generate_code()
        result.append(
            Recipient(
                address_lines=(f"Bewoner {number}", f"Dorpsstraat {number + 1}", "1234 AB Dorp"),
                code=codes.format_code(code),
                link=f"https://ervaring.example/k/{code}",
            )
        )
    return result


@pytest.fixture
def letters(tmp_path):
    recipients = _recipients(3)
    path = tmp_path / "brieven.pdf"
    sender = Sender(
        "Gemeente Voorbeeld",
        "Postbus 1, 1000 AA Dorp",
        "J. de Vries",
        "Wmo",
        "14 0123",
        "onderzoek@voorbeeld.example",
    )
    text = LetterText("ervaring.example", date(2026, 12, 14), letter_date=date(2026, 11, 23))
    pages = write_letters(path, sender, text, recipients)
    return path, recipients, pages


def test_one_page_per_person_with_the_code_in_the_text_layer(letters):
    path, recipients, pages = letters
    assert pages == 3
    info = subprocess.run(["pdfinfo", path], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Pages:\s+3", info)
    for number, recipient in enumerate(recipients, start=1):
        text = subprocess.run(
            ["pdftotext", "-layout", "-f", str(number), "-l", str(number), path, "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert recipient.code in text
        assert recipient.address_lines[0] in text
        assert "14 december 2026" in text and "23 november 2026" in text


def test_each_qr_code_decodes_to_that_persons_link(letters, tmp_path):
    path, recipients, _ = letters
    subprocess.run(["pdftoppm", "-r", "150", "-png", path, tmp_path / "page"], check=True)
    for number, recipient in enumerate(recipients, start=1):
        image = tmp_path / f"page-{number}.png"
        decoded = subprocess.run(
            ["zbarimg", "-q", "--raw", image], capture_output=True, text=True, check=True
        ).stdout.strip()
        assert decoded == recipient.link


def test_fonts_are_embedded_for_the_print_shop(letters):
    path, _, _ = letters
    fonts = subprocess.run(["pdffonts", path], capture_output=True, text=True, check=True)
    rows = fonts.stdout.splitlines()[2:]
    assert rows
    assert all(" yes yes " in row for row in rows), fonts.stdout


def test_a_reminder_says_it_is_a_reminder(tmp_path):
    path = tmp_path / "herinnering.pdf"
    text = LetterText("ervaring.example", date(2026, 12, 14), is_reminder=True)
    write_letters(path, Sender("Gemeente Voorbeeld"), text, _recipients(1))
    body = subprocess.run(["pdftotext", path, "-"], capture_output=True, text=True, check=True)
    assert "Onlangs vroegen wij u" in body.stdout


def test_the_widest_code_leaves_the_qr_code_readable(tmp_path):
    """W is the widest symbol: a code of twelve still ends before the QR code begins."""
    path = tmp_path / "breed.pdf"
    code = "WWWWWWWWWWWW"
    link = f"https://ervaring.example/k/{code}"
    recipient = Recipient(
        ("Bewoner", "Dorpsstraat 1", "1234 AB Dorp"), codes.format_code(code), link
    )
    text = LetterText("ervaring.example", date(2026, 12, 14))
    write_letters(path, Sender("Gemeente Voorbeeld"), text, [recipient])
    body = subprocess.run(["pdftotext", path, "-"], capture_output=True, text=True, check=True)
    assert "WWWW-WWWW-WWWW" in body.stdout
    subprocess.run(["pdftoppm", "-r", "150", "-png", path, tmp_path / "page"], check=True)
    decoded = subprocess.run(
        ["zbarimg", "-q", "--raw", tmp_path / "page-1.png"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert decoded == link
