"""Letters carry what the beheerder set on the organisation page: logo, number and hours."""

import subprocess
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from ervaring.accounts.models import Organisation
from ervaring.accounts.tests.factories import StaffFactory
from ervaring.accounts.tests.test_organisation_page import URL, form, image
from ervaring.fieldwork import codes
from ervaring.fieldwork.channels import email as email_channel
from ervaring.fieldwork.channels.letter import LetterText, Recipient, write_letters
from ervaring.fieldwork.printing import sender_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def beheerder(client):
    staff = StaffFactory(beheerder=True)
    client.force_login(staff)
    return staff


def test_letters_carry_the_logo_and_the_number_with_its_hours(client, beheerder, tmp_path):
    client.post(URL, {**form(), "logo_file": SimpleUploadedFile("logo.png", image())})
    sender = sender_for(Organisation.objects.get(pk=beheerder.organisation_id))
    code = codes.generate_code()
    recipient = Recipient(("Bewoner", "Dorpsstraat 1", "1234 AB Ede"), code, f"https://x/k/{code}")
    path = tmp_path / "brief.pdf"
    write_letters(path, sender, LetterText("ervaring.example", date(2026, 12, 14)), [recipient])
    text = " ".join(
        subprocess.run(["pdftotext", path, "-"], capture_output=True, text=True).stdout.split()
    )
    assert "bel 14 0318 (ma-vr 9.00-17.00) of mail naar vragen@ede.example" in text
    assert "M. Jansen" in text
    images = subprocess.run(["pdfimages", "-list", path], capture_output=True, text=True).stdout
    assert len(images.splitlines()[2:]) == 1  # the logo, embedded (the QR code is drawn)


def test_letters_and_e_mails_carry_the_house_colour(client, beheerder, tmp_path):
    client.post(URL, form(house_colour="#00689e"))
    sender = sender_for(Organisation.objects.get(pk=beheerder.organisation_id))
    code = codes.generate_code()
    recipient = Recipient(("Bewoner", "Dorpsstraat 1", "1234 AB Ede"), code, f"https://x/k/{code}")
    path = tmp_path / "brief.pdf"
    write_letters(path, sender, LetterText("ervaring.example", date(2026, 12, 14)), [recipient])
    subprocess.run(["pdftoppm", "-r", "100", "-png", path, tmp_path / "page"], check=True)
    (png,) = tmp_path.glob("page*.png")
    with Image.open(png) as page:
        colours = {colour for _count, colour in page.convert("RGB").getcolors(1_000_000)}
    assert (0x00, 0x68, 0x9E) in colours  # the name's bar under the sender, in the colour
    content = email_channel.EmailContent(
        "Gemeente Ede",
        "https://x/k/A",
        "A",
        "https://x/afmelden/1/",
        date(2027, 1, 1),
        house_colour=sender.house_colour,
    )
    assert "background:#00689e" in email_channel.compose(content)[2]
