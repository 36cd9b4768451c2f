"""The standard Wmo and Jeugdwet templates shipped with Ervaring."""

from __future__ import annotations

import pytest

from ervaring.questionnaires.document import (
    MEASURES,
    dump_document,
    load_document,
    missing_measures,
)
from ervaring.questionnaires.routing import visible_questions, visible_themes
from ervaring.questionnaires.standard import TEMPLATES, load_template, template_source

# The national standard wording (domain.md section 4); it must not drift.
WMO_STANDARD = {
    "wmo-1": "Ik wist waar ik moest zijn met mijn hulpvraag.",
    "wmo-2": "Ik werd snel geholpen.",
    "wmo-3": "De medewerker nam mij serieus.",
    "wmo-4": "De medewerker en ik hebben in het gesprek samen naar oplossingen gezocht.",
    "wmo-5": "Wist u dat u gebruik kon maken van een onafhankelijke cliëntondersteuner?",
    "wmo-6": "Ik vind de kwaliteit van de ondersteuning die ik krijg goed.",
    "wmo-7": "De ondersteuning die ik krijg past bij mijn hulpvraag.",
    "wmo-8": "Door de ondersteuning die ik krijg, kan ik beter de dingen doen die ik wil.",
    "wmo-9": "Door de ondersteuning die ik krijg kan ik mij beter redden.",
    "wmo-10": "Door de ondersteuning die ik krijg heb ik een betere kwaliteit van leven.",
}
PROVISION_BLOCKS = (
    "huishoudelijke_hulp",
    "begeleiding",
    "hulpmiddelen",
    "woningaanpassing",
    "vervoer",
)
OPEN_QUESTIONS = ("Wat vindt u goed aan de hulp en waarom?", "Wat kan beter en waarom?")


@pytest.mark.parametrize("key", list(TEMPLATES))
def test_template_loads_without_errors_or_warnings(key: str) -> None:
    q = load_template(key)
    assert q.key == key
    assert q.warnings == ()  # so every text has its English translation
    assert q.languages == ("nl", "en", "tr", "ar", "pl")


@pytest.mark.parametrize("key", list(TEMPLATES))
def test_template_covers_access_quality_and_effect(key: str) -> None:
    assert missing_measures(load_template(key)) == []


@pytest.mark.parametrize("key", list(TEMPLATES))
def test_template_round_trips_and_source_is_the_yaml(key: str) -> None:
    q = load_template(key)
    assert load_document(dump_document(q)) == q
    assert load_document(template_source(key)) == q


def test_unknown_template_key_raises_key_error() -> None:
    with pytest.raises(KeyError):
        template_source("wlz")


# --------------------------------------------------------------------------- Wmo


def test_wmo_keeps_the_ten_standard_questions_word_for_word() -> None:
    q = load_template("wmo")
    found = {x.standard: x for x in q.questions() if x.standard}
    assert {k: v.text["nl"] for k, v in found.items()} == WMO_STANDARD
    assert found["wmo-5"].type == "yesno"
    assert all(found[f"wmo-{n}"].type == "agree" for n in (1, 2, 3, 4, 6, 7, 8, 9, 10))
    assert {found[f"wmo-{n}"].measure for n in (8, 9, 10)} == {"effect"}
    assert {found[f"wmo-{n}"].measure for n in (6, 7)} == {"kwaliteit"}
    assert all(x.measure in MEASURES for x in found.values())


def test_wmo_has_the_two_open_questions() -> None:
    texts = [x.text["nl"] for x in load_template("wmo").questions() if x.type == "open"]
    assert tuple(texts) == OPEN_QUESTIONS


def test_wmo_client_with_two_provision_groups_gets_exactly_those_blocks() -> None:
    q = load_template("wmo")
    attrs = {
        "law": "wmo",
        "respondent_role": "client",
        "provision_groups": ["begeleiding", "vervoer"],
    }
    shown = {t.id for t in visible_themes(q, attrs, {})} & set(PROVISION_BLOCKS)
    assert shown == {"begeleiding", "vervoer"}


def test_wmo_client_without_provision_groups_gets_no_blocks() -> None:
    q = load_template("wmo")
    shown = {t.id for t in visible_themes(q, {"provision_groups": []}, {})}
    assert not shown & set(PROVISION_BLOCKS)
    assert {"contact", "gesprek", "kwaliteit", "effect", "mening", "over_u"} <= shown


@pytest.mark.parametrize("group", PROVISION_BLOCKS)
def test_every_provision_block_is_reachable(group: str) -> None:
    q = load_template("wmo")
    assert group in {t.id for t in visible_themes(q, {"provision_groups": [group]}, {})}


def test_wmo_contact_follow_up_only_after_contacting_yourself() -> None:
    q = load_template("wmo")
    screen = q.theme_of("contact_zelf")
    assert [x.id for x in screen.questions] == ["contact_zelf"]  # a routing screen on its own
    ids = lambda answers: [t.id for t in visible_themes(q, {}, answers)]  # noqa: E731
    assert "contact_ervaring" in ids({"contact_zelf": "ja"})
    assert "contact_ervaring" not in ids({"contact_zelf": "nee"})
    assert "contact_ervaring" not in ids({})


def test_wmo_background_asks_who_filled_it_in_with_someone_else_namely() -> None:
    question = load_template("wmo").question("ingevuld_door")
    assert question.type == "single"
    assert [o.code for o in question.options if o.other] == ["ander"]


# --------------------------------------------------------------------------- Jeugd


def test_jeugd_parents_and_young_people_get_separate_versions() -> None:
    q = load_template("jeugd")
    parent = [t.id for t in visible_themes(q, {"respondent_role": "ouder"}, {})]
    young = [t.id for t in visible_themes(q, {"respondent_role": "jongere"}, {})]
    assert parent and young
    assert all(t.startswith("o_") for t in parent)
    assert all(t.startswith("j_") for t in young)
    assert visible_themes(q, {}, {}) == []  # the role must come from the population file


def test_jeugd_wording_is_about_my_child_for_parents_and_about_me_for_young_people() -> None:
    q = load_template("jeugd")
    parent = {
        x.standard: x.text["nl"] for x in q.questions() if x.standard and "ouder" in x.standard
    }
    young = {
        x.standard: x.text["nl"] for x in q.questions() if x.standard and "jongere" in x.standard
    }
    assert len(parent) == len(young) >= 6
    assert parent["jeugd-ouder-3"] == "De hulpverleners nemen mijn kind serieus."
    assert young["jeugd-jongere-3"] == "De hulpverleners nemen mij serieus."
    assert "mijn kind" in parent["jeugd-ouder-5"]
    assert "mijn kind" not in young["jeugd-jongere-5"]


@pytest.mark.parametrize("role", ["ouder", "jongere"])
def test_jeugd_each_version_covers_the_three_measures_on_its_own(role: str) -> None:
    q = load_template("jeugd")
    measures = {
        x.measure
        for t in visible_themes(q, {"respondent_role": role}, {})
        for x in visible_questions(t, {"respondent_role": role}, {})
    }
    assert set(MEASURES) <= measures


def test_jeugd_without_help_skips_quality_and_effect_and_asks_why() -> None:
    q = load_template("jeugd")
    attrs = {"respondent_role": "ouder"}
    none = [t.id for t in visible_themes(q, attrs, {"o_hulp_gekregen": "nee"})]
    some = [t.id for t in visible_themes(q, attrs, {"o_hulp_gekregen": "ja"})]
    assert "o_geen_hulp" in none and "o_effect" not in none and "o_hulpverleners" not in none
    assert "o_geen_hulp" not in some and "o_effect" in some


def test_jeugd_parents_get_the_standard_open_questions() -> None:
    q = load_template("jeugd")
    assert (q.question("o_goed").text["nl"], q.question("o_beter").text["nl"]) == OPEN_QUESTIONS
