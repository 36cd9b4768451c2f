"""Provision names in a file matched to the questionnaire's provision groups (pure)."""

import pytest

from ervaring.fieldwork.attributes import client_attributes
from ervaring.fieldwork.population import provisions
from ervaring.questionnaires.document import load_document
from ervaring.questionnaires.routing import visible_themes
from ervaring.questionnaires.standard import load_template

WMO_DOCUMENT = load_template("wmo")
WMO = provisions.catalogue_for(WMO_DOCUMENT, "wmo")
JEUGD = provisions.catalogue_for(load_template("jeugd"), "jeugd")


def match(name: str, catalogue: provisions.Catalogue = WMO, **choices) -> provisions.NameMatch:
    (found,) = provisions.match_names([(provisions.name_key(name), name, 1)], catalogue, **choices)
    return found


def test_the_standard_wmo_questionnaire_declares_its_provision_blocks_in_order():
    # Read off ervaring/questionnaires/standard/wmo.yaml: five themes with a show_if on
    # provision_groups, in this order.
    assert list(provisions.provision_blocks(WMO_DOCUMENT)) == [
        "huishoudelijke_hulp",
        "begeleiding",
        "hulpmiddelen",
        "woningaanpassing",
        "vervoer",
    ]
    assert provisions.provision_blocks(WMO_DOCUMENT)["huishoudelijke_hulp"] == (
        "Hulp in het huishouden"
    )


# Municipal names (and the ways case systems write them) -> the Wmo questionnaire's group whose
# block those clients must get; worked out from the block texts in wmo.yaml.
WMO_NAMES = [
    ("Huishoudelijke hulp", "huishoudelijke_hulp"),
    ("Hulp bij het huishouden", "huishoudelijke_hulp"),
    ("HULP BIJ HET HUISHOUDEN", "huishoudelijke_hulp"),
    ("hulp-bij-het-huishouden", "huishoudelijke_hulp"),
    ("  Hulp  bij het   huishouden ", "huishoudelijke_hulp"),
    ("Hbh", "huishoudelijke_hulp"),
    ("HH", "huishoudelijke_hulp"),
    ("Huishoudelijke ondersteuning", "huishoudelijke_hulp"),
    ("Begeleiding", "begeleiding"),
    ("Begeleiding individueel", "begeleiding"),
    ("Individuele begeleiding", "begeleiding"),
    ("Begeleiding groep", "begeleiding"),  # no block of its own: the begeleiding block
    ("Dagbesteding", "begeleiding"),
    ("Woningaanpassing", "woningaanpassing"),
    ("Woonvoorziening", "woningaanpassing"),
    ("Scootmobiel", "hulpmiddelen"),  # the block's intro names the scootmobiel
    ("Rolstoel", "hulpmiddelen"),
    ("Vervoersvoorziening", "vervoer"),
    ("Collectief vervoer", "vervoer"),
    ("Regiotaxi", "vervoer"),
]


@pytest.mark.parametrize(("name", "group"), WMO_NAMES)
def test_municipal_wmo_names_land_on_the_group_whose_block_the_client_gets(name, group):
    found = match(name)
    assert found.group == group
    assert WMO.find(group).has_block
    attributes = client_attributes(
        law="wmo",
        provision_groups=[found.group],
        age=70,
        team="",
        district="",
        youth_self_from_age=16,
    )
    shown = [theme.id for theme in visible_themes(WMO_DOCUMENT, attributes, {})]
    assert group in shown  # the block's theme id is the group in wmo.yaml


@pytest.mark.parametrize(
    ("name", "group"),
    [("Jeugdhulp ambulant", "ambulante_jeugdhulp"), ("Ambulante jeugdhulp", "ambulante_jeugdhulp"),
     ("Pleegzorg", "pleegzorg"), ("Jeugd-GGZ", "jeugd_ggz"), ("jeugd ggz", "jeugd_ggz"),
     ("Jeugdhulp met verblijf", "verblijf")],
)  # fmt: skip
def test_youth_names_land_on_the_standard_youth_groups(name, group):
    # The standard youth questionnaire has no provision blocks: the groups are strata only.
    assert provisions.provision_blocks(load_template("jeugd")) == {}
    assert match(name, JEUGD).group == group


def test_the_most_specific_group_with_a_block_wins():
    document = load_document(
        {
            "format": 1,
            "key": "eigen",
            "title": "Eigen lijst",
            "languages": ["nl"],
            "themes": [
                {"id": "algemeen", "title": "Algemeen",
                 "questions": [{"id": "q1", "type": "yesno", "text": "Vraag?"}]},
                {"id": "dag", "title": "Dagbesteding",
                 "show_if": {"attribute": "provision_groups", "contains": "dagbesteding"},
                 "questions": [{"id": "q2", "type": "yesno", "text": "Vraag?"}]},
                {"id": "beg", "title": "Begeleiding",
                 "show_if": {"attribute": "provision_groups", "in": ["begeleiding"]},
                 "questions": [{"id": "q3", "type": "yesno", "text": "Vraag?"}]},
            ],
        }
    )  # fmt: skip
    catalogue = provisions.catalogue_for(document, "wmo")
    assert match("Begeleiding groep", catalogue).group == "dagbesteding"
    assert match("Begeleiding individueel", catalogue).group == "begeleiding"
    assert not catalogue.find("hulpmiddelen").has_block  # standard, for strata only
    assert match("Scootmobiel", catalogue).group == "hulpmiddelen"


def test_a_name_no_group_knows_stays_unmatched_with_a_suggestion():
    unknown = match("Gezinscoaching")
    assert not unknown.is_matched and unknown.group == ""
    typo = match("Begeleidng individueel")
    assert not typo.is_matched
    assert typo.suggestion == "begeleiding"
    assert not match("GGZ").is_matched  # youth mental health is no Wmo group


def test_a_choice_gives_the_group_and_an_unknown_group_is_not_accepted():
    key = provisions.name_key("Gezinscoaching")
    chosen = match("Gezinscoaching", chosen={key: "begeleiding"})
    assert (chosen.group, chosen.how) == ("begeleiding", provisions.CHOSEN)
    assert not match("Gezinscoaching", chosen={key: "bestaat_niet"}).is_matched
    own = match("Gezinscoaching", chosen={key: provisions.NO_BLOCK})
    assert own.group == "gezinscoaching"
    assert WMO.find(own.group) is None  # no block, no standard group: its own


def test_no_block_never_becomes_a_group_that_has_a_block():
    key = provisions.name_key("Begeleiding")
    own = match("Begeleiding", chosen={key: provisions.NO_BLOCK})
    assert own.group == "begeleiding_eigen"


def test_a_saved_choice_beats_recognition_and_a_new_choice_beats_a_saved_one():
    key = provisions.name_key("Dagbesteding")
    saved = match("Dagbesteding", saved={key: provisions.NO_BLOCK})
    assert (saved.group, saved.how) == ("dagbesteding", provisions.SAVED)
    again = match("Dagbesteding", saved={key: provisions.NO_BLOCK}, chosen={key: "begeleiding"})
    assert (again.group, again.how, again.default) == (
        "begeleiding",
        provisions.CHOSEN,
        "dagbesteding",
    )
    same = match("Dagbesteding", chosen={key: "begeleiding"})
    assert same.how == provisions.RECOGNISED  # choosing what it gets anyway is no new choice
