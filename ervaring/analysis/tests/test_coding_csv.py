"""`ervaring coding import|export`: coding done elsewhere, read back all or nothing."""

import pytest
from django.core.management import CommandError, call_command

from ervaring.accounts.tests.factories import StaffFactory
from ervaring.analysis import codebook_services, coding
from ervaring.analysis.models import CoderRole, InterviewFragment
from ervaring.analysis.tests.interview_data import coded_round
from ervaring.analysis.tests.open_answers import answered, texts_for
from ervaring.questionnaires.tests.factories import SurveyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey():
    survey = SurveyFactory(in_fieldwork=True)
    codebook_services.ensure_codebook(survey)
    answered(survey, {"open_goed": "aardig en snel, bel 0612345678"})
    answered(survey, {"open_goed": "niks"})
    return survey


@pytest.fixture
def coder(survey):
    return StaffFactory(organisation=survey.organisation, username="codeur")


def test_export_has_answers_and_fragments_scrubbed_with_their_codes(survey, coder, tmp_path):
    coded_round(survey, [{"bejegening-plus"}])
    path = tmp_path / "codering.csv"
    call_command("coding", "export", survey=survey.slug, file=str(path))
    text = path.read_text(encoding="utf-8-sig")
    first, second = texts_for(survey)
    fragment = InterviewFragment.objects.get(is_interviewer=False)
    assert text.splitlines()[0] == "id;vraag;tekst;codes"
    assert f"antwoord-{first.pk};Wat vindt u goed aan de hulp en waarom?;" in text
    assert "bel [TELEFOON]" in text and "0612345678" not in text
    assert f"fragment-{fragment.pk};Interview G01;Ik vond de hulp fijn.;bejegening-plus" in text
    assert f"antwoord-{second.pk}" in text


def test_import_writes_the_first_coders_codes(survey, coder, tmp_path):
    coded_round(survey, [set()])
    first, second = texts_for(survey)
    fragment = InterviewFragment.objects.get(is_interviewer=False)
    path = tmp_path / "in.csv"
    path.write_text(
        "id;codes\n"
        f"antwoord-{first.pk};bejegening-plus, wachttijd-plus\n"
        f"antwoord-{second.pk};\n"
        f"fragment-{fragment.pk};informatie-klus\n",
        encoding="utf-8",
    )
    call_command("coding", "import", survey=survey.slug, file=str(path), coder="codeur")
    assert coding.codes_of(first, CoderRole.FIRST) == {"bejegening-plus", "wachttijd-plus"}
    assert coding.codes_of(second, CoderRole.FIRST) == set()
    assert set(fragment.codes.values_list("key", flat=True)) == {"informatie-klus"}


def test_an_unknown_code_or_id_refuses_the_whole_file_naming_each_row(survey, coder, tmp_path):
    first, second = texts_for(survey)
    other = SurveyFactory(in_fieldwork=True)
    answered(other, {"open_goed": "elders"})
    foreign = texts_for(other)[0]
    path = tmp_path / "in.csv"
    path.write_text(
        "id;codes\n"
        f"antwoord-{first.pk};bejegening-plus\n"  # fine, but must not be written
        f"antwoord-{second.pk};bestaat-niet\n"
        f"antwoord-{foreign.pk};bejegening-plus\n"
        "regel-7;bejegening-plus\n"
        f"antwoord-{first.pk};wachttijd-plus\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError) as refused:
        call_command("coding", "import", survey=survey.slug, file=str(path), coder="codeur")
    assert str(refused.value).splitlines() == [
        "Niets ingelezen.",
        "Regel 5: id 'regel-7' is geen antwoord-<nummer> of fragment-<nummer>.",
    ]
    path.write_text(path.read_text().replace("regel-7;bejegening-plus\n", ""))
    with pytest.raises(CommandError) as refused:
        call_command("coding", "import", survey=survey.slug, file=str(path), coder="codeur")
    assert str(refused.value).splitlines() == [
        "Niets ingelezen.",
        "Regel 3: code bestaat-niet staat niet in het codeboek.",
        f"Regel 4: antwoord {foreign.pk} hoort niet bij dit onderzoek.",
        f"Regel 5: antwoord {first.pk} staat er twee keer in.",
    ]
    assert coding.codes_of(first, CoderRole.FIRST) is None  # nothing written


def test_import_needs_a_coder_of_the_organisation(survey, tmp_path):
    path = tmp_path / "in.csv"
    path.write_text("id;codes\n", encoding="utf-8")
    with pytest.raises(CommandError, match="--coder"):
        call_command("coding", "import", survey=survey.slug, file=str(path), coder="niemand")
