"""The house colour: a colour code is checked for WCAG AA contrast before it is saved, with a
darker tint of the same colour offered; the saved colour is served as a small stylesheet."""

import pytest

from ervaring.accounts import branding
from ervaring.accounts.models import AuditEvent, Organisation
from ervaring.accounts.tests.factories import OrganisationFactory, StaffFactory
from ervaring.accounts.tests.test_organisation_page import URL, form


def test_contrast_ratios_match_published_values():
    # WebAIM's contrast checker: #767676 on white 4.54:1 (the lightest grey passing AA),
    # #777777 on white 4.48:1, black on white 21:1, and the same colour 1:1.
    assert round(branding.contrast_ratio("#767676", "#ffffff"), 2) == 4.54
    assert round(branding.contrast_ratio("#777777", "#ffffff"), 2) == 4.48
    assert branding.contrast_ratio("#000000", "#ffffff") == pytest.approx(21)
    assert branding.contrast_ratio("#00689e", "#00689e") == pytest.approx(1)


def test_a_colour_too_light_is_refused_with_its_ratio_and_a_darker_tint_that_passes():
    with pytest.raises(branding.ColourError) as refused:
        branding.check_house_colour("#F9B000")  # a bright yellow-orange
    message = str(refused.value)
    assert "4,5:1" in message and "WCAG AA" in message
    tint = message.rsplit(" ", 1)[-1].rstrip(".")
    assert branding.check_house_colour(tint) == tint
    assert branding.relative_luminance(tint) < branding.relative_luminance("#f9b000")
    # #767676 passes on white but not on the light grey of notices and chosen answers.
    with pytest.raises(branding.ColourError):
        branding.check_house_colour("#767676")


def test_colour_codes_are_read_the_way_style_guides_write_them():
    assert branding.check_house_colour(" #00689E ") == "#00689e"
    assert branding.check_house_colour("00689e") == "#00689e"
    assert branding.check_house_colour("#036") == "#003366"
    for wrong in ("blauw", "#12345", "rgb(0,0,0)", "#gggggg"):
        with pytest.raises(branding.ColourError, match="geen kleurcode"):
            branding.normalise_colour(wrong)


@pytest.mark.django_db
def test_the_beheerder_saves_a_readable_colour_and_a_light_one_is_refused(client):
    beheerder = StaffFactory(beheerder=True)
    client.force_login(beheerder)
    response = client.post(URL, form(house_colour="#ffcc00"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Huiskleur" in page and "te lezen" in page and "WCAG AA" in page
    assert Organisation.objects.get(pk=beheerder.organisation_id).house_colour == ""
    assert client.post(URL, form(house_colour="#00689E")).status_code == 302
    assert Organisation.objects.get(pk=beheerder.organisation_id).house_colour == "#00689e"
    event = AuditEvent.objects.filter(action="organisation.changed").latest("at")
    assert "house_colour" in event.details["fields"]


@pytest.mark.django_db
def test_the_stylesheet_gives_the_colour_and_tells_nobody_which_organisations_exist(client):
    OrganisationFactory(slug="ede", house_colour="#00689e")
    css = client.get("/huisstijl/ede.css?v=00689e")
    assert css["Content-Type"].startswith("text/css")
    assert "--house: #00689e;" in css.content.decode()
    assert "max-age=31536000" in css["Cache-Control"]  # the address changes with the colour
    assert "max-age=300" in client.get("/huisstijl/ede.css?v=oud")["Cache-Control"]
    unknown = client.get("/huisstijl/bestaat-niet.css")
    assert unknown.status_code == 200
    assert f"--house: {branding.DEFAULT_COLOUR};" in unknown.content.decode()
