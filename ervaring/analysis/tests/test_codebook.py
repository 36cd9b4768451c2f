"""The codebook (issue 12 part 2, B): the standard CEO themes, the page, CSV both ways."""

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from ervaring.accounts.models import AuditEvent
from ervaring.accounts.tests.factories import StaffFactory
from ervaring.analysis import codebook, codebook_services
from ervaring.analysis.models import Code
from ervaring.questionnaires.tests.factories import SurveyFactory

pytestmark = pytest.mark.django_db

THEMES = ("toegang", "bejegening", "wachttijd", "informatie", "deskundigheid")
THEMES += ("continuiteit", "samenwerking", "effect")


@pytest.fixture
def survey():
    return SurveyFactory()


@pytest.fixture
def researcher(client, survey):
    staff = StaffFactory(organisation=survey.organisation)
    client.force_login(staff)
    return staff


def test_the_standard_codebook_has_the_ceo_themes_each_with_a_plus_and_a_klus():
    rows = {row.key: row for row in codebook.standard_codebook()}
    for theme in THEMES:
        assert rows[theme].parent == "" and rows[theme].polarity == "neutraal"
        assert rows[f"{theme}-plus"].parent == theme and rows[f"{theme}-plus"].polarity == "plus"
        assert rows[f"{theme}-klus"].polarity == "klus" and rows[f"{theme}-klus"].keywords
    assert "onvriendelijk" in rows["bejegening-klus"].keywords
    assert codebook.check(list(rows.values())) == []


def test_a_survey_gets_the_standard_codebook_once(survey):
    assert codebook_services.ensure_codebook(survey)
    assert not codebook_services.ensure_codebook(survey)
    assert Code.objects.filter(survey=survey).count() == len(codebook.standard_codebook())
    assert Code.objects.get(survey=survey, key="wachttijd-klus").parent.key == "wachttijd"


def test_export_then_import_gives_the_same_codebook(survey, tmp_path):
    other = SurveyFactory(organisation=survey.organisation)
    path = tmp_path / "codeboek.csv"
    call_command("codebook", "export", "--survey", survey.slug, "--file", str(path))
    text = path.read_text(encoding="utf-8-sig")
    assert text.splitlines()[0] == "code;naam;bovenliggend;soort;trefwoorden;toets"
    assert "bejegening-plus;Bejegening: goed;bejegening;pluspunt;vriendelijk, aardig" in text
    call_command("codebook", "import", "--survey", other.slug, "--file", str(path))
    assert codebook_services.codebook_rows(other) == codebook_services.codebook_rows(survey)


def test_an_import_with_errors_names_every_line_and_imports_nothing(survey, tmp_path):
    path = tmp_path / "fout.csv"
    path.write_text(
        "code;naam;bovenliggend;soort;trefwoorden;toets\n"
        "vervoer;Vervoer;;neutraal;;\n"
        "vervoer-plus;Vervoer goed;vervoer;heel goed;taxi;v\n"
        "vervoer-klus;;vervoerr;kluspunt;;v\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError) as raised:
        call_command("codebook", "import", "--survey", survey.slug, "--file", str(path))
    message = str(raised.value)
    assert "Regel 3: soort 'heel goed' bestaat niet" in message
    assert "Regel 4: code 'vervoer-klus' heeft geen naam." in message
    assert "Regel 4: bovenliggende code 'vervoerr' bestaat niet." in message
    assert "Regel 4: toets 'v' hoort al bij 'vervoer-plus'." in message
    assert not Code.objects.filter(survey=survey).exists()


def test_the_page_adds_a_local_theme_and_refuses_a_taken_key_with_its_reason(
    client, survey, researcher
):
    url = reverse("analysis:codebook", args=[survey.slug])
    page = client.get(url)
    assert page.status_code == 200 and "Bejegening: kan beter" in page.content.decode()
    data = {
        "label": "Dagbesteding: goed",
        "key": "dagbesteding-plus",
        "parent": "",
        "polarity": "plus",
        "keywords": "dagbesteding, activiteiten",
        "shortcut": "",
    }
    assert client.post(url, data).status_code == 302
    code = Code.objects.get(survey=survey, key="dagbesteding-plus")
    assert code.keyword_list == ["dagbesteding", "activiteiten"]
    taken = client.post(url, {**data, "key": "dagbesteding-klus", "shortcut": "1"})
    assert "toets &#x27;1&#x27; hoort al bij &#x27;toegang-plus&#x27;" in taken.content.decode()
    assert not Code.objects.filter(key="dagbesteding-klus").exists()
    assert AuditEvent.objects.filter(action="codebook.changed").count() == 1


def test_another_organisations_researcher_gets_not_found(client, survey):
    stranger = StaffFactory()
    client.force_login(stranger)
    for name in ("analysis:codebook", "analysis:codebook-export", "analysis:open-answers"):
        assert client.get(reverse(name, args=[survey.slug])).status_code == 404
    assert not Code.objects.exists()


def test_a_professional_of_the_organisation_gets_not_found(client, survey):
    client.force_login(StaffFactory(organisation=survey.organisation, professional=True))
    assert client.get(reverse("analysis:codebook", args=[survey.slug])).status_code == 404
