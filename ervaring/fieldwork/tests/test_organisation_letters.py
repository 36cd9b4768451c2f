"""Letters carry what the beheerder set on the organisation page: logo, number and hours."""

import subprocess
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ervaring.accounts.models import Organisation
from ervaring.accounts.tests.factories import StaffFactory
from ervaring.accounts.tests.test_organisation_page import URL, form, image
from ervaring.fieldwork import codes
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
