"""The dataset of a survey, built from responses made with the real services."""

import datetime as dt

import pandas as pd
import pytest
from django.utils import timezone

from ervaring.analysis.dataset import MULTIPLE, build_dataset
from ervaring.analysis.results import OVERALL, rows_by_key
from ervaring.analysis.services import get_survey_results
from ervaring.fieldwork.models import Channel, Client
from ervaring.fieldwork.tests.factories import invite
from ervaring.questionnaires.tests.factories import SurveyFactory
from ervaring.responses.models import Answer, Response
from ervaring.responses.services import open_with_code, save_page

pytestmark = pytest.mark.django_db

HH = ("huishoudelijke_hulp",)


@pytest.fixture
def survey():
    return SurveyFactory(in_fieldwork=True)


def respond(survey, answers, *, completed=True, **invitation):
    """A respondent who opened the survey with their code; answers stored as the pages do."""
    issued = invite(survey, **invitation)
    response, _ = open_with_code(issued.code, "192.0.2.1")
    Answer.objects.bulk_create(
        Answer(response=response, question_id=qid, value=value) for qid, value in answers.items()
    )
    if completed:
        response.completed_at = timezone.make_aware(dt.datetime(2025, 3, 14, 10))
        response.save(update_fields=["completed_at"])
    return response


def test_one_row_per_completed_response_with_its_background(survey):
    survey.min_group_size = 1  # background as stored; coarsening has its own tests
    survey.save(update_fields=["min_group_size"])
    first = respond(survey, {"wmo_1": 5}, team="noord", district="Noord", age=70)
    respond(survey, {"wmo_1": 4}, completed=False)
    second = respond(
        survey, {"wmo_1": 2}, team="zuid", district="Zuid", age=50, channel=Channel.EMAIL
    )
    frame = build_dataset(survey).frame
    assert list(frame.index) == [first.pk, second.pk]
    assert list(frame["team"]) == ["noord", "zuid"]
    assert list(frame["district"]) == ["Noord", "Zuid"]
    assert list(frame["age_band"]) == ["65-74", "45-64"]
    assert list(frame["channel"]) == ["brief", "email"]
    assert list(frame["law"]) == ["wmo", "wmo"]
    assert list(frame["respondent_role"]) == ["client", "client"]
    assert list(frame["period"]) == ["2025-03", "2025-03"]
    assert list(frame["weight"]) == [1.0, 1.0]
    assert isinstance(frame["wmo_1"].dtype, pd.CategoricalDtype)
    assert list(frame["wmo_1"].cat.categories) == [5, 4, 3, 2, 1, 8, 9]
    assert list(frame["wmo_1"]) == [5, 2]


def test_answers_hidden_by_routing_are_dropped(survey):
    # "Hoe ging het contact?" is only shown to who contacted the municipality themselves,
    # and the household-help block only to clients with household help.
    respond(
        survey,
        {"contact_zelf": "nee", "contact_bereikbaar": 5, "beg_afspraken": 4, "hh_op_tijd": 5},
        provision_groups=HH,
    )
    respond(survey, {"contact_zelf": "ja", "contact_bereikbaar": 2}, provision_groups=HH)
    frame = build_dataset(survey).frame
    assert frame["contact_bereikbaar"].isna().tolist() == [True, False]
    assert frame["contact_bereikbaar"].iloc[1] == 2
    assert frame["beg_afspraken"].isna().all()
    assert frame["hh_op_tijd"].iloc[0] == 5
    assert list(frame["contact_zelf"]) == ["nee", "ja"]


def test_a_page_saved_by_the_respondent_service_reaches_the_dataset(survey):
    issued = invite(survey)
    response, code = open_with_code(issued.code, "192.0.2.1")
    outcome = save_page(response, "contact", {"wmo_1": ["5"], "wmo_2": ["9"]}, "next", code)
    assert not outcome.errors
    Response.objects.filter(pk=response.pk).update(completed_at=timezone.now())
    frame = build_dataset(survey).frame
    assert frame.loc[response.pk, "wmo_1"] == 5
    assert frame.loc[response.pk, "wmo_2"] == 9


def test_several_provisions_give_one_design_stratum_and_a_membership_in_each(survey):
    survey.min_group_size = 1  # the pooling of small groups has a test of its own
    survey.save(update_fields=["min_group_size"])
    respond(survey, {}, provision_groups=("begeleiding", "vervoer"))
    respond(survey, {}, provision_groups=("begeleiding", "vervoer"))
    respond(survey, {}, provision_groups=("hulpmiddelen", "vervoer"))
    respond(survey, {}, provision_groups=("begeleiding",))
    dataset = build_dataset(survey)
    # A combination held by two respondents is a stratum; a lone one is pooled (it gives
    # no variance estimate), also a single provision.
    assert list(dataset.frame["stratum"]) == [
        "begeleiding+vervoer",
        "begeleiding+vervoer",
        MULTIPLE,
        MULTIPLE,
    ]
    members = dataset.memberships.groupby("group", observed=True)["row"].apply(list).to_dict()
    assert members == {"begeleiding": [0, 1, 3], "hulpmiddelen": [2], "vervoer": [0, 1, 2]}


def test_population_per_stratum_and_per_provision_comes_from_the_client_list(survey):
    survey.min_group_size = 1
    survey.save(update_fields=["min_group_size"])
    clients = [("begeleiding",)] * 30 + [("begeleiding", "vervoer")] * 8
    clients += [("hulpmiddelen", "vervoer")] * 3 + [("vervoer", "woningaanpassing")] * 2
    Client.objects.bulk_create(
        Client(survey=survey, client_ref=f"C{i}", law="wmo", provision_groups=list(groups))
        for i, groups in enumerate(clients)
    )
    respond(survey, {}, provision_groups=("begeleiding", "vervoer"))
    respond(survey, {}, provision_groups=("begeleiding", "vervoer"))
    respond(survey, {}, provision_groups=("hulpmiddelen", "vervoer"))
    respond(survey, {}, provision_groups=("begeleiding",))
    dataset = build_dataset(survey)
    # begeleiding alone has one respondent and vervoer+woningaanpassing none: their
    # clients join the pooled stratum.
    assert dataset.population == {"begeleiding+vervoer": 8, MULTIPLE: 30 + 3 + 2}
    assert dataset.provision_population == {
        "begeleiding": 38,
        "hulpmiddelen": 3,
        "vervoer": 13,
        "woningaanpassing": 2,
    }
    assert dataset.notes == ()


def test_strata_of_provision_groups_too_small_to_show_are_pooled(survey):
    # min 10: woningaanpassing (3 respondents) and vervoer (4) are too small to show.
    # Everyone with vervoer also has begeleiding, so begeleiding is the complement
    # (hiding the next-smallest hulpmiddelen would leave vervoer inside a published
    # group). The strata of everyone in no published group are pooled, so none of these
    # carries a weight of its own; hulpmiddelen (12) and huishoudelijke hulp (15) stay.
    groups = [("begeleiding",)] * 20 + [("huishoudelijke_hulp",)] * 15
    groups += [("hulpmiddelen",)] * 12 + [("woningaanpassing",)] * 3
    groups += [("begeleiding", "vervoer")] * 4
    clients = [*groups * 3, ("vervoer",)]
    Client.objects.bulk_create(
        Client(survey=survey, client_ref=f"C{i}", law="wmo", provision_groups=list(g))
        for i, g in enumerate(clients)
    )
    for provision in groups:
        respond(survey, {}, provision_groups=provision)
    dataset = build_dataset(survey)
    strata = dataset.frame["stratum"].value_counts().to_dict()
    assert strata == {"huishoudelijke_hulp": 15, "hulpmiddelen": 12, MULTIPLE: 20 + 3 + 4}
    # The pool's population: its combinations' clients and the one without respondents.
    assert dataset.population == {
        "huishoudelijke_hulp": 45,
        "hulpmiddelen": 36,
        MULTIPLE: 3 * (20 + 3 + 4) + 1,
    }


def test_a_client_list_that_does_not_cover_the_respondents_is_not_used(survey):
    Client.objects.create(survey=survey, client_ref="C1", law="wmo", provision_groups=["vervoer"])
    respond(survey, {}, provision_groups=HH)
    dataset = build_dataset(survey)
    assert dataset.population is None
    assert "huishoudelijke_hulp" in dataset.notes[0]


def test_building_the_dataset_takes_a_fixed_number_of_queries(
    survey, django_assert_max_num_queries
):
    for i in range(25):
        respond(survey, {"wmo_1": 5 - i % 5, "wmo_2": 4, "contact_zelf": "ja"}, team=f"t{i % 3}")
    Client.objects.create(survey=survey, client_ref="C1", law="wmo", provision_groups=list(HH))
    with django_assert_max_num_queries(4):
        dataset = build_dataset(survey)
    assert len(dataset.frame) == 25


def test_survey_results_use_the_survey_minimum_group_size(survey):
    survey.min_group_size = 5
    survey.save(update_fields=["min_group_size"])
    # noord: 6 respondents, 4 agree; zuid: 4 respondents (below 5), 1 agree.
    for value in (5, 5, 4, 4, 2, 1):
        respond(survey, {"wmo_1": value}, team="noord")
    for value in (5, 3, 3, 2):
        respond(survey, {"wmo_1": value}, team="zuid")
    _, rows = get_survey_results(survey, breakdowns=("team",))
    cells = rows_by_key(rows)
    overall = cells[("wmo_1", OVERALL, "totaal", None)]
    assert overall.n == 10 and overall.value == pytest.approx(50.0)
    assert not overall.suppressed
    # zuid is below 5, and noord would give it away through the total: both go.
    assert cells[("wmo_1", "team", "zuid", None)].suppressed
    assert cells[("wmo_1", "team", "noord", None)].value is None
    by_provision = cells[("wmo_1", "provision_groups", "huishoudelijke_hulp", None)]
    assert by_provision.n == 10 and by_provision.value == pytest.approx(50.0)


def test_memberships_line_up_with_each_respondents_groups_in_order():
    """The long form lists, per respondent in order, each group of their combination in its
    order (none: the unknown label): written out here one pair at a time."""
    import random

    from ervaring.analysis.dataset import UNKNOWN_GROUP_LABEL, memberships_of

    rng = random.Random(3)
    combinations = [(), ("begeleiding",), ("hulpmiddelen", "vervoer"), ("vervoer",)]
    provisions = [rng.choice(combinations) for _ in range(500)]
    long = memberships_of(provisions)
    pairs = [(i, g) for i, c in enumerate(provisions) for g in c or (UNKNOWN_GROUP_LABEL,)]
    assert list(zip(long["row"].tolist(), long["group"].astype(str).tolist(), strict=True)) == pairs
    assert list(long["group"].cat.categories) == sorted({g for _, g in pairs})
    assert len(memberships_of([])) == 0
