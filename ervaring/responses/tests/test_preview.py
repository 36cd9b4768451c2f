import pytest
from django.urls import reverse

from ervaring.accounts.tests.factories import OrganisationFactory, StaffFactory
from ervaring.questionnaires.tests.factories import SurveyFactory
from ervaring.responses.models import Response

pytestmark = pytest.mark.django_db


def test_preview_shows_a_routed_block_with_its_condition_and_stores_nothing(client):
    survey = SurveyFactory()
    client.force_login(StaffFactory(organisation=survey.organisation))
    url = reverse("preview:survey-preview", args=[survey.slug])
    html = client.get(url, {"pagina": "vervoer"}).content.decode()
    assert "Deze pagina zien alleen respondenten" in html
    assert "vervoer" in html
    assert 'name="vv_op_tijd"' in html
    english = client.get(url, {"pagina": "contact", "taal": "en"}).content.decode()
    assert "I knew where to go with my request for help." in english
    assert not Response.objects.exists()


def test_preview_is_not_for_other_organisations_or_team_roles(client):
    survey = SurveyFactory()
    url = reverse("preview:survey-preview", args=[survey.slug])
    client.force_login(StaffFactory(organisation=OrganisationFactory()))
    assert client.get(url).status_code == 404
    client.force_login(StaffFactory(organisation=survey.organisation, professional=True))
    assert client.get(url).status_code == 404
