"""The population and sample pages: who may use them, and that they do what they say."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ervaring.accounts.tests.factories import StaffFactory, TeamFactory
from ervaring.fieldwork import population_services
from ervaring.fieldwork.models import Client, ColumnMapping, Invitation, SampleDesign
from ervaring.fieldwork.population import limits
from ervaring.fieldwork.tests.population_files import csv_bytes, row
from ervaring.questionnaires.tests.factories import SurveyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey():
    survey = SurveyFactory()
    TeamFactory(organisation=survey.organisation, slug="noord", name="Wijkteam Noord")
    return survey


def login(client, survey, **traits):
    staff = StaffFactory(organisation=survey.organisation, **traits)
    client.force_login(staff)
    return staff


def upload(client, survey, data: bytes, **extra):
    url = reverse("fieldwork:population", args=[survey.slug])
    response = client.post(url, {"file": SimpleUploadedFile("export.csv", data), **extra})
    assert response.status_code == 302, response.content.decode()[:500]
    return client.get(response["Location"])


def mapping_post(response, **extra) -> dict[str, str]:
    form = response.context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(extra)
    return data


def test_upload_check_columns_and_import_with_the_mapping_saved(client, survey):
    login(client, survey)
    columns = upload(client, survey, csv_bytes([row("1"), row("2", "Vervoer")]))
    assert columns.status_code == 200
    assert columns.context["form"]["field_client_ref"].value() == "Cliëntnummer"
    response = client.post(
        reverse("fieldwork:population-columns", args=[survey.slug]),
        mapping_post(columns, save_as="Systeem A"),
        follow=True,
    )
    assert "2 cliënten ingelezen" in response.content.decode()
    assert Client.objects.filter(survey=survey).count() == 2
    assert ColumnMapping.objects.filter(organisation=survey.organisation, name="Systeem A").exists()


def test_a_file_with_problems_shows_them_offers_the_list_and_imports_nothing(client, survey):
    login(client, survey, beheerder=True)
    columns = upload(client, survey, csv_bytes([row("1"), row("2", postcode="99")]))
    response = client.post(
        reverse("fieldwork:population-columns", args=[survey.slug]),
        mapping_post(columns),
        follow=True,
    )
    page = response.content.decode()
    assert "niet ingelezen: 1 fout" in page
    assert response.context["problems"][0].row == 3
    assert not Client.objects.filter(survey=survey).exists()
    listed = client.get(reverse("fieldwork:population-problems", args=[survey.slug]))
    assert listed["Content-Type"].startswith("text/csv")
    assert b"3;Postcode;" in listed.content


def test_unknown_provision_names_are_chosen_on_their_own_step_before_anything_is_written(
    client, survey
):
    login(client, survey)
    rows = [row("1", "Gezinscoaching"), row("2", "Gezinscoaching"), row("3", "Hbh")]
    columns = upload(client, survey, csv_bytes(rows))
    step = client.post(
        reverse("fieldwork:population-columns", args=[survey.slug]),
        mapping_post(columns),
        follow=True,
    )
    assert step.templates[0].name == "fieldwork/population_provisions.html"
    page = step.content.decode()
    assert "Gezinscoaching (2 cliënten)" in page
    assert "Hbh (1 cliënt)" in page
    assert not Client.objects.exists()
    form = step.context["form"]
    posted = {name: form[name].value() or "" for name in form.fields}
    url = reverse("fieldwork:population-provisions", args=[survey.slug])
    refused = client.post(url, posted)  # no group chosen for Gezinscoaching
    assert "Kies een groep voor &#x27;Gezinscoaching&#x27;." in refused.content.decode()
    assert not Client.objects.exists()
    assert client.get(url).context["form"].unmatched[0].label == "Gezinscoaching"
    posted["provision__gezinscoaching"] = "begeleiding"
    done = client.post(url, posted, follow=True)
    assert "3 cliënten ingelezen" in done.content.decode()
    assert dict(Client.objects.values_list("client_ref", "provision_groups")) == {
        "1": ["begeleiding"],
        "2": ["begeleiding"],
        "3": ["huishoudelijke_hulp"],
    }


def test_the_import_shows_its_notices_about_addresses(client, survey):
    login(client, survey)
    columns = upload(client, survey, csv_bytes([row("1"), row("2", number="")]))
    done = client.post(
        reverse("fieldwork:population-columns", args=[survey.slug]),
        mapping_post(columns),
        follow=True,
    )
    page = done.content.decode()
    assert "2 cliënten ingelezen" in page
    assert "1 van de 2 cliënten hebben geen volledig adres" in page
    assert "(rij 3)" in page


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(client, survey, monkeypatch):
    monkeypatch.setattr(limits, "MAX_FILE_BYTES", 100)
    login(client, survey)
    url = reverse("fieldwork:population", args=[survey.slug])
    data = csv_bytes([row(str(i)) for i in range(5)])
    response = client.post(url, {"file": SimpleUploadedFile("export.csv", data)})
    assert response.status_code == 200
    assert "Ervaring leest bestanden tot" in response.content.decode()


def test_a_saved_mapping_is_offered_and_used_for_the_next_upload(client, survey):
    login(client, survey)
    ColumnMapping.objects.create(
        organisation=survey.organisation,
        name="Leverancier X",
        mapping={"client_ref": "Nr", "provision_groups": "Zorg"},
    )
    data = csv_bytes([["A1", "Begeleiding"]], headers=["Nr", "Zorg"])
    columns = upload(client, survey, data, saved_mapping="Leverancier X")
    assert columns.context["form"]["field_provision_groups"].value() == "Zorg"


@pytest.mark.parametrize("name", ["fieldwork:population", "fieldwork:sample"])
def test_another_organisation_gets_404(client, survey, name):
    client.force_login(StaffFactory(beheerder=True))
    assert client.get(reverse(name, args=[survey.slug])).status_code == 404


@pytest.mark.parametrize("role", ["teamleider", "professional"])
def test_team_roles_cannot_import_or_sample(client, survey, role):
    login(client, survey, **{role: True})
    url = reverse("fieldwork:population", args=[survey.slug])
    assert client.get(url).status_code == 404
    data = {"file": SimpleUploadedFile("x.csv", csv_bytes([row("1")]))}
    assert client.post(url, data).status_code == 404
    assert client.get(reverse("fieldwork:sample", args=[survey.slug])).status_code == 404
    assert not Client.objects.exists()


def test_anonymous_visitors_are_sent_to_the_login_page(client, survey):
    response = client.get(reverse("fieldwork:population", args=[survey.slug]))
    assert response.status_code == 302 and "inloggen" in response["Location"]


def test_sample_page_previews_the_design_table_then_draws(client, survey):
    population_services.import_population(
        survey, csv_bytes([row(str(i), "Begeleiding") for i in range(50)] + [row("x", "Vervoer")])
    )
    login(client, survey)
    url = reverse("fieldwork:sample", args=[survey.slug])
    assert client.get(url).status_code == 200
    form = {
        "seed": "42",
        "stratify_by": "provision_groups",
        "rules_for": "provision_groups",
        "response_rate": "30",
        "exclude_invited_months": "0",
        "rule_0": "20",  # begeleiding
        "rule_1": "all",  # vervoer
    }
    preview = client.post(url, {**form, "action": "preview"})
    lines = {line.stratum: line for line in preview.context["plan"].lines}
    assert (lines["begeleiding"].design.frame, lines["begeleiding"].design.invited) == (50, 20)
    assert "Verwachte foutmarge" in preview.content.decode()
    assert not Invitation.objects.exists()
    drawn = client.post(url, {**form, "action": "draw"}, follow=True)
    assert "21 uitnodigingen" in drawn.content.decode()
    assert Invitation.objects.filter(survey=survey).count() == 21
    assert SampleDesign.objects.get(survey=survey).seed == 42


def test_the_sample_pages_name_groups_in_words_not_codes(client, survey):
    population_services.import_population(
        survey,
        csv_bytes(
            [row(str(i), "Hulp bij het huishouden") for i in range(30)]
            + [row(f"t{i}", "Begeleiding") for i in range(12)]
        ),
        provision_choices={"Hulp bij het huishouden": "huishoudelijke_hulp"},
    )
    login(client, survey)
    url = reverse("fieldwork:sample", args=[survey.slug])
    page = client.get(url).content.decode()
    assert "huishoudelijke hulp" in page and "huishoudelijke_hulp" not in page
    by_team = client.post(
        url,
        {"seed": "1", "stratify_by": "team", "rules_for": "provision_groups",
         "response_rate": "30", "exclude_invited_months": "0", "action": "preview"},
    ).content.decode()  # fmt: skip
    assert "Wijkteam Noord" in by_team
    form = {"seed": "1", "stratify_by": "provision_groups", "rules_for": "provision_groups",
            "response_rate": "30", "exclude_invited_months": "0",
            "rule_0": "all", "rule_1": "all"}  # fmt: skip
    drawn = client.post(url, {**form, "action": "draw"}, follow=True).content.decode()
    assert "groepen op voorziening" in drawn
    assert "huishoudelijke hulp" in drawn and "huishoudelijke_hulp" not in drawn
