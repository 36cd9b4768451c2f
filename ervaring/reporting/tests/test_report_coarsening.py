"""The method section states the coarsening rule of `fieldwork.anonymity` and what it changed
(issue 10: the rule belongs in the docs *and* the method section)."""

import pytest

from ervaring.fieldwork.models import Channel
from ervaring.fieldwork.services import InvitationSpec, create_invitation, create_invitations
from ervaring.questionnaires.tests.factories import SurveyFactory
from ervaring.reporting.report_method import _coarsening_paragraph

pytestmark = pytest.mark.django_db


def person(district: str, band: str, group: str = "begeleiding") -> dict:
    return {
        "law": "wmo",
        "provision_groups": [group],
        "age_band": band,
        "team": "noord",
        "district": district,
        "respondent_role": "client",
    }


def test_the_rule_is_stated_with_how_many_got_a_wider_band():
    survey = SurveyFactory()  # minimum group size 10
    common = [person("Noord", "75-84") for _ in range(12)]
    # By hand: these three share nothing with 9 others; without district still 3 < 10,
    # so each gets 65+; as ("", 65+) they take in two of the 12 (12 > 10): 5 wide bands,
    # and the joined group holds 5 < 10 people (still rare).
    rare = [person("Zuid", "65-74"), person("Oost", "85+"), person("West", "75-84")]
    create_invitations(survey, [InvitationSpec(a, Channel.LETTER) for a in common + rare])
    create_invitation(survey, person("Zuid", "65-74"), Channel.KIOSK)  # leads to nobody

    text = _coarsening_paragraph(survey, survey.min_group_size)

    assert "minder dan 10 uitgenodigden dezelfde combinatie" in text
    assert "eerst de wijk weggelaten en daarna een bredere leeftijdsgroep" in text
    assert "Bij 5 van de 15 uitgenodigden staat daardoor een bredere leeftijdsgroep." in text
    assert "Bij 5 uitgenodigden deelden ook daarna minder dan 10 mensen" in text


def test_nothing_coarsened_says_only_the_rule():
    survey = SurveyFactory()
    specs = [InvitationSpec(person("Noord", "75-84"), Channel.LETTER) for _ in range(10)]
    create_invitations(survey, specs)
    text = _coarsening_paragraph(survey, survey.min_group_size)
    assert text.endswith("(bijvoorbeeld 65+ in plaats van 75-84).")
