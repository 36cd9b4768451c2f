"""Rare attribute combinations are coarsened before an invitation is stored, so a response's
attributes never point at one invited person (issue: 120 of 148 demo responses did)."""

import random
from collections import Counter

import pytest

from ervaring.fieldwork.anonymity import CoarseningReport, coarsen, combination
from ervaring.fieldwork.attributes import client_attributes
from ervaring.fieldwork.models import Channel, Invitation
from ervaring.fieldwork.services import InvitationSpec, create_invitation, create_invitations
from ervaring.questionnaires.tests.factories import SurveyFactory


def person(district: str, band: str, groups=("begeleiding",), team="noord") -> dict:
    return {
        "law": "wmo",
        "provision_groups": list(groups),
        "age_band": band,
        "team": team,
        "district": district,
        "respondent_role": "client",
    }


def test_district_goes_first_and_only_for_the_rare():
    common = [person("Noord", "65-74") for _ in range(3)] + [person("Zuid", "65-74")] * 3
    rare = [person("Oost", "65-74") for _ in range(3)] + [person("West", "65-74")]
    result, report = coarsen(common + rare, k=3)
    # By hand: only West is rare (1 < 3); without district it is still alone, so its band
    # is widened; alone in ("", 65+) it takes in nobody (every other group has exactly 3).
    assert [a["district"] for a in result] == ["Noord"] * 3 + ["Zuid"] * 3 + ["Oost"] * 3 + [""]
    assert result[-1]["age_band"] == "65+"
    assert report == CoarseningReport(district_dropped=1, band_widened=1, joined=0, still_rare=1)


def test_a_still_rare_group_takes_in_people_from_a_large_group():
    large = [person("Noord", "75-84") for _ in range(5)]
    rare = [person("Zuid", "65-74")]
    result, report = coarsen(large + rare, k=3)
    # By hand: Zuid -> ("", 65+), alone; Noord has 5 > 3, so two of them join it.
    cells = Counter((a["district"], a["age_band"]) for a in result)
    assert cells == {("Noord", "75-84"): 3, ("", "65+"): 3}
    assert report == CoarseningReport(district_dropped=1, band_widened=1, joined=2, still_rare=0)


def test_a_band_is_widened_when_dropping_the_district_is_not_enough():
    records = [
        person("Noord", "65-74"),
        person("Zuid", "75-84"),
        person("Oost", "85+"),
    ]
    result, report = coarsen(records, k=3)
    assert {(a["district"], a["age_band"]) for a in result} == {("", "65+")}
    assert report == CoarseningReport(district_dropped=3, band_widened=3, joined=0, still_rare=0)


def test_existing_invitations_count_but_are_not_changed():
    existing = [person("", "65+") for _ in range(2)]
    result, report = coarsen([person("Noord", "75-84")], k=3, existing=existing)
    assert result == [person("", "65+")]
    assert existing == [person("", "65+"), person("", "65+")]
    assert report.still_rare == 0


def test_what_cannot_be_coarsened_is_reported_not_hidden():
    result, report = coarsen([person("Noord", "onbekend", groups=("vervoer",))], k=3)
    assert result[0]["district"] == "" and result[0]["age_band"] == "onbekend"
    assert report.still_rare == 1


@pytest.mark.django_db
def test_a_drawn_sample_has_no_response_attributes_that_point_at_one_invited_person():
    """The attack: match each invitation's stored attributes against all the others."""
    survey = SurveyFactory()  # minimum group size 10
    rng = random.Random(7)
    specs = [
        InvitationSpec(
            client_attributes(
                law="wmo",
                provision_groups=rng.choice([["begeleiding"], ["huishoudelijke_hulp"]]),
                age=rng.randint(40, 99),
                team=rng.choice(["noord", "zuid"]),
                district=rng.choice(["Centrum", "Noord", "Oost", "Zuid", "West", "Haven"]),
                youth_self_from_age=16,
            ),
            Channel.LETTER,
        )
        for _ in range(300)
    ]
    raw = Counter(combination(s.attributes) for s in specs)
    assert sum(1 for s in specs if raw[combination(s.attributes)] == 1) > 10, "a real risk"
    create_invitations(survey, specs)
    stored = Counter(
        combination(a) for a in Invitation.objects.values_list("attributes", flat=True)
    )
    assert min(stored.values()) >= survey.min_group_size
    assert not any("age" in a for a in Invitation.objects.values_list("attributes", flat=True))


@pytest.mark.django_db
def test_a_kiosk_invitation_leads_to_nobody_and_is_stored_as_given():
    survey = SurveyFactory()  # minimum group size 10: a client's single invitation is coarsened
    attributes = person("Noord", "65-74")
    kiosk = create_invitation(survey, attributes, Channel.KIOSK).invitation
    assert kiosk.attributes == attributes
    letter = create_invitation(survey, attributes, Channel.LETTER).invitation
    assert (letter.attributes["district"], letter.attributes["age_band"]) == ("", "65+")
