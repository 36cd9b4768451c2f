"""The organisation page: the beheerder sets name, contact, signatory and logo; a bad file or
number is refused with the reason (the letters carrying them: fieldwork's
test_organisation_letters)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from ervaring.accounts.models import AuditEvent, Organisation
from ervaring.accounts.tests.factories import StaffFactory

pytestmark = pytest.mark.django_db
URL = "/account/organisatie/"


def image(kind: str = "PNG", size: tuple[int, int] = (300, 120)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (21, 66, 115)).save(out, kind)
    return out.getvalue()


def form(**changes):
    data = {
        "name": "Gemeente Ede",
        "contact_phone": "14 0318",
        "opening_hours": "ma-vr 9.00-17.00",
        "contact_email": "vragen@ede.example",
        "website": "",
        "return_address": "Gemeente Ede, Postbus 9022, 6710 HK Ede",
        "signatory_name": "M. Jansen",
        "signatory_role": "wethouder Zorg",
        "survey_address": "",
    }
    return {**data, **changes}


@pytest.fixture
def beheerder(client):
    staff = StaffFactory(beheerder=True)
    client.force_login(staff)
    return staff


def test_the_beheerder_saves_contact_signatory_and_logo_and_it_is_logged(client, beheerder):
    assert URL in client.get("/account/mijn-gegevens/").content.decode()  # in the menu
    logo = SimpleUploadedFile("logo.png", image(), content_type="image/png")
    response = client.post(URL, {**form(), "logo_file": logo})
    assert response.status_code == 302
    organisation = Organisation.objects.get(pk=beheerder.organisation_id)
    assert (organisation.name, organisation.contact_phone, organisation.signatory_name) == (
        "Gemeente Ede",
        "14 0318",
        "M. Jansen",
    )
    assert bytes(organisation.logo).startswith(b"\x89PNG")
    event = AuditEvent.objects.get(action="organisation.changed")
    assert "logo" in event.details["fields"] and "contact_phone" in event.details["fields"]


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (b"geen plaatje", "geen afbeelding"),
        (image("GIF"), "GIF kan niet"),
        (image(size=(4000, 100)), "4000 bij 100 pixels"),
        (b"\x89PNG" + b"0" * 600_000, "hoogstens 500 kB"),
    ],
)
def test_a_bad_logo_is_refused_with_the_reason_and_nothing_changes(
    client, beheerder, upload, message
):
    response = client.post(URL, {**form(), "logo_file": SimpleUploadedFile("x.png", upload)})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Organisation.objects.get(pk=beheerder.organisation_id).name != "Gemeente Ede"


def test_a_phone_number_must_be_one(client, beheerder):
    response = client.post(URL, form(contact_phone="bel ons maar"))
    assert "Dit is geen telefoonnummer" in response.content.decode()


def test_only_the_beheerder_gets_the_page(client):
    client.force_login(StaffFactory())  # an onderzoeker
    assert client.get(URL).status_code == 404
    assert client.post(URL, form()).status_code == 404


def test_the_beheerder_opts_in_to_the_comparison_with_other_municipalities(client, beheerder):
    page = client.get(URL).content.decode()
    assert "Meedoen met de vergelijking met andere gemeenten" in page
    assert client.post(URL, form()).status_code == 302  # unticked: stays out
    assert not Organisation.objects.get(pk=beheerder.organisation_id).benchmark_opt_in
    assert client.post(URL, form(benchmark_opt_in="on")).status_code == 302
    assert Organisation.objects.get(pk=beheerder.organisation_id).benchmark_opt_in
    assert (
        "benchmark_opt_in"
        in AuditEvent.objects.filter(action="organisation.changed")
        .order_by("pk")
        .last()
        .details["fields"]
    )
