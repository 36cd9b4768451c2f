import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ervaring.accounts.models import AuditEvent
from ervaring.accounts.tests.factories import OrganisationFactory, StaffFactory
from ervaring.questionnaires import services
from ervaring.questionnaires.models import QuestionnaireVersion, SurveyStatus
from ervaring.questionnaires.tests.factories import SurveyFactory, in_every_language

pytestmark = pytest.mark.django_db


def run(*args):
    from io import StringIO

    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_create_survey_command_prints_the_slug_last():
    org = OrganisationFactory(slug="voorbeeld")
    output = run(
        "create_survey",
        "--organisation",
        "voorbeeld",
        "--template",
        "jeugd",
        "--name",
        "CEO Jeugd 2026",
    )
    slug = output.strip().splitlines()[-1]
    survey = org.surveys.get(slug=slug)
    assert survey.law == "jeugd"
    assert survey.current_version.number == 1
    assert AuditEvent.objects.filter(action="survey.created", target=slug).exists()


def test_create_survey_refuses_an_unknown_organisation():
    with pytest.raises(CommandError, match="Unknown organisation"):
        run("create_survey", "--organisation", "nergens", "--template", "wmo", "--name", "X")


def test_list_surveys_shows_only_that_organisations_surveys():
    mine = SurveyFactory(organisation=OrganisationFactory(slug="a"), name="Wmo A")
    theirs = SurveyFactory(organisation=OrganisationFactory(slug="b"), name="Wmo B")
    output = run("list_surveys", "--organisation", "a")
    assert mine.slug in output
    assert theirs.slug not in output


def test_slugs_stay_unique_across_organisations_and_names():
    org = OrganisationFactory(slug="a")
    first = SurveyFactory(organisation=org, name="Wmo")
    second = SurveyFactory(organisation=org, name="Wmo")
    assert first.slug != second.slug


def test_versions_are_immutable():
    version = SurveyFactory().current_version
    version.note = "changed"
    with pytest.raises(ValueError, match="immutable"):
        version.save()


def test_a_change_in_fieldwork_waits_until_it_is_explicitly_put_in_use():
    """The docs: the version in use when fieldwork starts is frozen; a change during
    fieldwork makes a new version that respondents get only after "in gebruik nemen"."""
    survey = SurveyFactory()
    first = survey.current_version
    assert first.frozen_at is None
    survey = services.start_fieldwork(survey)
    first.refresh_from_db()
    assert survey.status == SurveyStatus.FIELDWORK and first.frozen_at is not None
    question = {
        "id": "lokaal_1",
        "type": "agree",
        "text": in_every_language("De wijkcoach belde mij terug."),
    }
    second = services.add_local_question(survey, "gesprek", question)
    survey.refresh_from_db()
    assert second.number == 2 and second.frozen_at is None
    assert survey.current_version_id == first.pk, "still version 1 for new respondents"
    services.adopt_version(survey, 2)
    survey.refresh_from_db()
    second.refresh_from_db()
    assert survey.current_version_id == second.pk and second.frozen_at is not None
    assert QuestionnaireVersion.objects.get(pk=first.pk).document != second.document
    assert services.get_document(second).question("lokaal_1").local


def test_fieldwork_cannot_start_twice():
    survey = services.start_fieldwork(SurveyFactory())
    with pytest.raises(services.SurveyError):
        services.start_fieldwork(survey)


def test_an_invalid_document_writes_nothing():
    from ervaring.questionnaires.document import DocumentError

    survey = SurveyFactory()
    with pytest.raises(DocumentError) as error:
        services.save_version(survey, "format: 1\nkey: x\ntitle: X\nthemes: []\n")
    assert error.value.errors
    assert survey.versions.count() == 1


@pytest.mark.parametrize("url_name", ["survey-detail", "survey-edit", "survey-add-question"])
def test_staff_of_another_organisation_get_404(client, url_name):
    from django.urls import reverse

    survey = SurveyFactory()
    outsider = StaffFactory(organisation=OrganisationFactory(), beheerder=True)
    client.force_login(outsider)
    response = client.get(reverse(f"questionnaires:{url_name}", args=[survey.slug]))
    assert response.status_code == 404
    own = StaffFactory(organisation=survey.organisation)
    client.force_login(own)
    assert client.get(reverse(f"questionnaires:{url_name}", args=[survey.slug])).status_code == 200


def test_survey_list_shows_only_own_organisation(client):
    from django.urls import reverse

    mine = SurveyFactory(name="Mijn onderzoek")
    theirs = SurveyFactory(name="Hun onderzoek")
    client.force_login(StaffFactory(organisation=mine.organisation))
    page = client.get(reverse("questionnaires:survey-list")).content.decode()
    assert mine.name in page and theirs.name not in page


def test_team_roles_cannot_manage_surveys(client):
    from django.urls import reverse

    survey = SurveyFactory()
    client.force_login(StaffFactory(organisation=survey.organisation, professional=True))
    detail = reverse("questionnaires:survey-detail", args=[survey.slug])
    assert client.get(detail).status_code == 404
    assert client.get(reverse("questionnaires:survey-create")).status_code == 403


def test_project_leader_creates_a_survey_and_adds_a_question_in_the_staff_pages(client):
    from django.urls import reverse

    user = StaffFactory()
    client.force_login(user)
    response = client.post(
        reverse("questionnaires:survey-create"), {"name": "CEO Wmo 2027", "template": "wmo"}
    )
    survey = user.organisation.surveys.get(name="CEO Wmo 2027")
    assert response.status_code == 302
    response = client.post(
        reverse("questionnaires:survey-add-question", args=[survey.slug]),
        {
            "theme": "over_u",
            "question_id": "mantelzorg",
            "type": "single",
            "based_on": "1",
            "text_nl": "Krijgt u hulp van familie of vrienden?",
            "options": "Ja, vaak\nSoms\nNee\n*Anders",
        },
    )
    assert response.status_code == 302
    survey.refresh_from_db()
    question = services.get_document(survey.current_version).question("mantelzorg")
    assert [o.other for o in question.options] == [False, False, False, True]
    assert survey.current_version.number == 2


def test_a_question_without_a_name_gets_one_made_from_its_words(client):
    from django.urls import reverse

    user = StaffFactory()
    client.force_login(user)
    client.post(reverse("questionnaires:survey-create"), {"name": "CEO", "template": "wmo"})
    survey = user.organisation.surveys.get(name="CEO")
    url = reverse("questionnaires:survey-add-question", args=[survey.slug])
    assert "mag leeg blijven" in client.get(url).content.decode()
    for based_on in ("1", "2"):
        response = client.post(
            url,
            {"theme": "over_u", "type": "yesno", "based_on": based_on,
             "text_nl": "Heeft u een mantelzorger, één die vaak komt?"},
        )  # fmt: skip
        assert response.status_code == 302
    survey.refresh_from_db()
    ids = [q.id for q in services.get_document(survey.latest_version).questions()]
    assert "eigen_heeft_u_een_mantelzorger" in ids
    assert "eigen_heeft_u_een_mantelzorger_2" in ids


def test_the_ervaring_command_accepts_dashed_names(monkeypatch):
    from ervaring import cli

    seen = []
    monkeypatch.setattr(cli, "execute_from_command_line", seen.append)
    cli.main(["/usr/bin/ervaring", "create-survey", "--name", "a-b"])
    cli.main(["ervaring", "--help"])
    assert seen == [
        ["ervaring", "create_survey", "--name", "a-b"],
        ["ervaring", "--help"],
    ]
