"""Importing provision names: recognised names get the questionnaire's group, an unknown name
stops the import until someone chooses, and the choice is kept for the next file."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from ervaring.accounts.models import AuditEvent
from ervaring.accounts.tests.factories import TeamFactory
from ervaring.fieldwork import population_services as services
from ervaring.fieldwork.models import Client, ProvisionChoice
from ervaring.fieldwork.population import provisions
from ervaring.fieldwork.tests.population_files import csv_bytes, row
from ervaring.questionnaires.tests.factories import SurveyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey():
    survey = SurveyFactory()  # the standard Wmo questionnaire
    TeamFactory(organisation=survey.organisation, slug="noord", name="Wijkteam Noord")
    return survey


def groups_of(survey) -> dict[str, list[str]]:
    return dict(Client.objects.filter(survey=survey).values_list("client_ref", "provision_groups"))


def test_municipal_names_become_the_questionnaires_groups(survey):
    rows = [row("1", "Hulp bij het huishouden"), row("2", "Begeleiding individueel"),
            row("3", "Dagbesteding"), row("3", "Hbh"),
            row("4", "Vervoersvoorziening; Scootmobiel")]  # fmt: skip
    result = services.import_population(survey, csv_bytes(rows))
    assert result.is_imported, result.problems
    assert groups_of(survey) == {
        "1": ["huishoudelijke_hulp"],
        "2": ["begeleiding"],
        "3": ["begeleiding", "huishoudelijke_hulp"],
        "4": ["hulpmiddelen", "vervoer"],
    }


def test_an_unknown_name_stops_the_import_and_says_which_and_how_many(survey):
    services.import_population(survey, csv_bytes([row("0001")]))  # an earlier population
    rows = [row("1", "Gezinscoaching"), row("2", "Gezinscoaching"), row("2", "Begeleiding"),
            row("3", "Maatjesproject")]  # fmt: skip
    result = services.import_population(survey, csv_bytes(rows))
    assert not result.is_imported and result.needs_provision_choices
    assert [(m.label, m.clients) for m in result.unmatched] == [
        ("Gezinscoaching", 2),
        ("Maatjesproject", 1),
    ]
    assert list(groups_of(survey)) == ["0001"]  # nothing written, the old population stays
    assert not ProvisionChoice.objects.exists()


def test_with_a_group_chosen_for_every_unknown_name_the_import_completes_and_is_kept(survey):
    rows = [row("1", "Gezinscoaching"), row("2", "Maatjesproject"), row("3", "Begeleiding")]
    choices = {"Gezinscoaching": "begeleiding", "maatjesproject": provisions.NO_BLOCK}
    result = services.import_population(survey, csv_bytes(rows), provision_choices=choices)
    assert result.is_imported
    assert groups_of(survey) == {
        "1": ["begeleiding"],
        "2": ["maatjesproject"],
        "3": ["begeleiding"],
    }
    saved = dict(ProvisionChoice.objects.values_list("label", "group"))
    assert saved == {"Gezinscoaching": "begeleiding", "Maatjesproject": provisions.NO_BLOCK}
    assert AuditEvent.objects.filter(action="provision_choice_saved").count() == 2
    # Next month's file with the same names imports without asking again.
    again = services.import_population(survey, csv_bytes([row("4", "GEZINSCOACHING")]))
    assert again.is_imported
    assert groups_of(survey) == {"4": ["begeleiding"]}


def test_a_choice_for_only_some_unknown_names_still_imports_nothing(survey):
    rows = [row("1", "Gezinscoaching"), row("2", "Maatjesproject")]
    result = services.import_population(
        survey, csv_bytes(rows), provision_choices={"Gezinscoaching": "begeleiding"}
    )
    assert [m.label for m in result.unmatched] == ["Maatjesproject"]
    assert not Client.objects.exists()
    assert not ProvisionChoice.objects.exists()


def call(survey, path, *extra):
    out, err = StringIO(), StringIO()
    try:
        call_command(
            "import_population", "--survey", survey.slug, str(path), *extra, stdout=out, stderr=err
        )
    finally:
        call.stderr = err.getvalue()  # type: ignore[attr-defined]
    return out.getvalue()


def test_the_command_lists_unknown_names_and_takes_a_group_per_name(survey, tmp_path):
    path = tmp_path / "export.csv"
    path.write_bytes(csv_bytes([row("1", "Gezinscoaching"), row("2", "Begeleidng")]))
    with pytest.raises(CommandError, match="2 provision name"):
        call(survey, path)
    listed = call.stderr  # type: ignore[attr-defined]
    assert "'Gezinscoaching' (1 cliënten)" in listed
    assert "'Begeleidng' (1 cliënten; lijkt op begeleiding)" in listed
    assert "huishoudelijke_hulp *: Hulp in het huishouden" in listed
    with pytest.raises(CommandError, match="unknown group"):
        call(survey, path, "--provision", "Gezinscoaching=coaching")
    out = call(
        survey, path, "--provision", "Gezinscoaching=-", "--provision", "begeleidng=begeleiding"
    )
    assert out.splitlines()[-1] == "imported 2 clients"
    assert groups_of(survey) == {"1": ["gezinscoaching"], "2": ["begeleiding"]}


def test_a_choice_is_offered_again_in_its_own_organisation_only(survey):
    """Kept per organisation: next year's survey of the same municipality reuses it (and says
    so), another municipality with the same name in its file is asked."""
    choices = {"Gezinscoaching": "begeleiding"}
    rows = [row("1", "Gezinscoaching")]
    assert services.import_population(
        survey, csv_bytes(rows), provision_choices=choices
    ).is_imported
    next_year = SurveyFactory(organisation=survey.organisation)
    again = services.import_population(next_year, csv_bytes(rows))
    assert again.is_imported
    assert [(m.label, m.group, m.how) for m in again.provision_matches] == [
        ("Gezinscoaching", "begeleiding", provisions.SAVED)
    ]
    elsewhere = SurveyFactory()
    assert elsewhere.organisation != survey.organisation
    TeamFactory(organisation=elsewhere.organisation, slug="noord", name="Wijkteam Noord")
    asked = services.import_population(elsewhere, csv_bytes(rows))
    assert [m.label for m in asked.unmatched] == ["Gezinscoaching"]
    assert not Client.objects.filter(survey=elsewhere).exists()
