"""Two coders (issue 12 part 2, D): a blind random sample, kappa, settling differences."""

import pytest
from django.urls import reverse

from ervaring.accounts.models import AuditEvent
from ervaring.accounts.tests.factories import StaffFactory
from ervaring.analysis import agreement, codebook_services, coding
from ervaring.analysis.models import CoderRole, SecondSample
from ervaring.analysis.tests.open_answers import answered, texts_for
from ervaring.questionnaires.tests.factories import SurveyFactory
from ervaring.responses.models import OpenText

pytestmark = pytest.mark.django_db

PLUS, KLUS = "bejegening-plus", "wachttijd-klus"


@pytest.fixture
def survey():
    survey = SurveyFactory(in_fieldwork=True)
    codebook_services.ensure_codebook(survey)
    for i in range(10):
        answered(survey, {"open_goed": f"antwoord nummer {i}"})
    return survey


@pytest.fixture
def coders(survey):
    org = survey.organisation
    return StaffFactory(organisation=org), StaffFactory(organisation=org)


def question(survey):
    return coding.find_question(survey, "open_goed")


def test_the_sample_is_reproducible_from_its_seed_and_a_second_draw_adds_others(survey, coders):
    agreement.draw_sample(survey, question(survey), 4, seed=11, actor=coders[0])
    first = set(SecondSample.objects.values_list("open_text_id", flat=True))
    SecondSample.objects.all().delete()
    agreement.draw_sample(survey, question(survey), 4, seed=11, actor=coders[0])
    assert set(SecondSample.objects.values_list("open_text_id", flat=True)) == first
    assert agreement.draw_sample(survey, question(survey), 10, seed=3, actor=coders[0]) == 6
    assert AuditEvent.objects.filter(action="coding.sample_drawn").count() == 3


def code_both(survey, coders):
    """Item i: the first coder gives PLUS to 0-4 and KLUS to 6-7; the second PLUS to 0-3 and
    5 and KLUS to 6-7."""
    first, second = coders
    texts = texts_for(survey)
    agreement.draw_sample(survey, question(survey), 10, seed=1, actor=first)
    for i, text in enumerate(texts):
        one = {PLUS} if i < 5 else set()
        two = {PLUS} if i < 4 or i == 5 else set()
        if i in (6, 7):
            one, two = one | {KLUS}, two | {KLUS}
        coding.save_codes(text, CoderRole.FIRST, one, coder=first)
        coding.save_codes(text, CoderRole.SECOND, two, coder=second)
    return texts


def test_kappa_per_code_and_pooled_match_the_values_worked_by_hand(survey, coders):
    code_both(survey, coders)
    result = agreement.agreement(survey, question(survey))
    by_key = {row.code.key: row for row in result.per_code}
    assert set(by_key) == {PLUS, KLUS}
    # PLUS: [[4, 1], [1, 4]]: p_o = 0.8, p_e = 0.5*0.5 + 0.5*0.5 = 0.5, kappa = 0.6.
    assert by_key[PLUS].kappa == pytest.approx(0.6)
    # KLUS: [[2, 0], [0, 8]]: full agreement.
    assert by_key[KLUS].kappa == pytest.approx(1.0)
    # Pooled [[6, 1], [1, 12]] over 20 decisions: p_o = 0.9, p_e = 0.35^2 + 0.65^2 = 0.545,
    # kappa = 0.355 / 0.455 = 0.78022.
    assert result.items == 10 and result.kappa == pytest.approx(0.78022, abs=1e-5)
    assert result.share == pytest.approx(0.9)


def test_disagreements_are_listed_and_a_settled_one_counts_instead_of_the_first(survey, coders):
    texts = code_both(survey, coders)
    listed = agreement.disagreements(survey, question(survey))
    assert [d.text for d in listed] == [texts[4], texts[5]]
    assert [c.key for c in listed[1].second] == [PLUS] and listed[1].first == ()
    agreement.settle(texts[5], {PLUS}, actor=coders[0])
    assert coding.counted_keys(OpenText.objects.filter(pk=texts[5].pk)) == {texts[5].pk: {PLUS}}
    assert [c.key for c in agreement.disagreements(survey, question(survey))[1].settled] == [PLUS]
    # The kappa is that of the two codings as given, before settling.
    assert agreement.agreement(survey, question(survey)).kappa == pytest.approx(0.78022, 1e-5)


def test_the_second_coder_codes_blind_and_is_not_the_first_coder(client, survey, coders):
    first, second = coders
    text = texts_for(survey)[0]
    SecondSample.objects.create(open_text=text)
    coding.save_codes(text, CoderRole.FIRST, {PLUS}, coder=first)
    with pytest.raises(coding.CodingRefused):
        coding.save_codes(text, CoderRole.SECOND, {PLUS}, coder=first)
    client.force_login(second)
    url = reverse("analysis:coding", args=[survey.slug, "open_goed", text.pk]) + "?rol=tweede"
    html = client.get(url).content.decode()
    assert "zonder de codes van de eerste te zien" in html
    assert f'value="{PLUS}" id="code-{PLUS}" data-shortcut' in html
    assert "checked" not in html and "Suggesties" not in html
    other = texts_for(survey)[1]  # not in the sample: not for the second coder
    url = reverse("analysis:coding", args=[survey.slug, "open_goed", other.pk])
    assert client.get(url + "?rol=tweede").status_code == 404


def test_the_page_settles_a_difference_and_another_organisation_cannot(client, survey, coders):
    texts = code_both(survey, coders)
    settle = reverse("analysis:agreement-settle", args=[survey.slug, "open_goed", texts[4].pk])
    client.force_login(StaffFactory())
    assert client.post(settle, {"code": [PLUS]}).status_code == 404
    page = reverse("analysis:agreement", args=[survey.slug, "open_goed"])
    assert client.get(page).status_code == 404
    client.force_login(coders[0])
    html = client.get(page).content.decode()
    assert "kappa <strong>0,78</strong>" in html or "kappa <strong>0.78</strong>" in html
    client.post(settle, {"code": []})
    assert coding.counted_keys(OpenText.objects.filter(pk=texts[4].pk)) == {texts[4].pk: set()}
    assert AuditEvent.objects.filter(action="coding.disagreement_settled").count() == 1


def test_the_overview_counts_each_answer_once_however_many_coders(client, survey, coders):
    code_both(survey, coders)
    client.force_login(coders[0])
    html = client.get(reverse("analysis:open-answers", args=[survey.slug])).content.decode()
    row = html[html.index("Wat vindt u goed") :]
    assert '<td class="num">10</td><td class="num">0</td><td class="num">10</td>' in row
