"""Loading, validating, dumping and editing questionnaire documents (no database needed)."""

from __future__ import annotations

import copy
import json
import re
from dataclasses import FrozenInstanceError
from pathlib import Path
from typing import Any

import pytest

from ervaring.questionnaires.document import (
    EXTRA_CODES,
    DocumentError,
    Text,
    add_question,
    coverage,
    dump_document,
    dump_yaml,
    load_document,
    missing_measures,
)
from ervaring.questionnaires.scales import EXCLUDED_CODES


def nl_en(nl: str, en: str | None = None) -> dict[str, str]:
    return {"nl": nl, "en": en or f"{nl} (en)"}


def base_document() -> dict[str, Any]:
    """A small but complete document touching every question type."""
    return {
        "format": 1,
        "key": "test",
        "title": nl_en("Test"),
        "languages": ["nl", "en"],
        "intro": nl_en("Welkom"),
        "thanks": nl_en("Dank u"),
        "themes": [
            {
                "id": "eerste",
                "title": nl_en("Eerste"),
                "questions": [
                    {
                        "id": "snel",
                        "type": "agree",
                        "text": nl_en("Ik werd snel geholpen."),
                        "measure": "toegang",
                        "standard": "wmo-2",
                    },
                    {
                        "id": "zelf",
                        "type": "yesno",
                        "text": nl_en("Nam u zelf contact op?"),
                        "required": True,
                    },
                    {
                        "id": "manier",
                        "type": "single",
                        "text": nl_en("Hoe?"),
                        "options": [
                            {"code": "telefoon", "label": nl_en("Telefoon")},
                            {"code": "anders", "label": nl_en("Anders"), "other": True},
                        ],
                    },
                ],
            },
            {
                "id": "tweede",
                "title": nl_en("Tweede"),
                "show_if": {"answer": "zelf", "equals": "ja"},
                "questions": [
                    {
                        "id": "kwaliteit",
                        "type": "satisfaction",
                        "text": nl_en("Hoe tevreden bent u?"),
                        "measure": "kwaliteit",
                        "extras": [9],
                    },
                    {
                        "id": "wat",
                        "type": "multi",
                        "text": nl_en("Wat kreeg u?"),
                        "show_if": {"attribute": "law", "equals": "wmo"},
                        "options": [
                            {"code": "a", "label": nl_en("A")},
                            {"code": "b", "label": nl_en("B")},
                        ],
                    },
                    {
                        "id": "leeftijd",
                        "type": "number",
                        "text": nl_en("Leeftijd"),
                        "min": 0,
                        "max": 120,
                    },
                    {
                        "id": "opmerking",
                        "type": "open",
                        "text": nl_en("Opmerking"),
                        "max_length": 500,
                        "help": nl_en("Schrijf geen namen op."),
                    },
                ],
            },
            {
                "id": "derde",
                "title": nl_en("Derde"),
                "questions": [
                    {
                        "id": "beter",
                        "type": "agree",
                        "text": nl_en("Het gaat beter."),
                        "measure": "effect",
                        "show_if": {
                            "all": [
                                {"attribute": "provision_groups", "contains": "begeleiding"},
                                {"not": {"answer": "kwaliteit", "in": [1, 2]}},
                            ]
                        },
                    }
                ],
            },
        ],
    }


def errors_of(data: Any) -> list[str]:
    with pytest.raises(DocumentError) as info:
        load_document(data)
    return info.value.errors


# --------------------------------------------------------------------------- loading


def test_valid_document_loads_with_typed_fields_and_lookup_helpers() -> None:
    q = load_document(base_document())

    assert q.key == "test"
    assert q.languages == ("nl", "en")
    assert q.warnings == ()
    assert [x.id for x in q.questions()] == [
        "snel",
        "zelf",
        "manier",
        "kwaliteit",
        "wat",
        "leeftijd",
        "opmerking",
        "beter",
    ]
    assert q.question("leeftijd").max == 120
    assert q.question("opmerking").max_length == 500
    assert q.question("snel").extras == (8, 9)  # default: both extras offered
    assert q.question("kwaliteit").extras == (9,)
    assert q.question("manier").options[1].other is True
    assert q.question("zelf").required is True
    assert q.question("snel").required is False
    assert q.theme_of("wat").id == "tweede"
    assert q.theme("derde").questions[0].id == "beter"
    with pytest.raises(KeyError):
        q.question("bestaat_niet")
    with pytest.raises(KeyError):
        q.theme("bestaat_niet")


def test_yaml_text_and_parsed_mapping_give_the_same_document() -> None:
    data = base_document()
    assert load_document(json.dumps(data)) == load_document(data)  # JSON is valid YAML


def test_document_is_immutable() -> None:
    q = load_document(base_document())
    with pytest.raises(FrozenInstanceError):
        q.key = "other"  # type: ignore[misc]
    with pytest.raises(TypeError):
        q.title["nl"] = "x"  # type: ignore[index]


def test_single_choice_with_one_option_error_names_the_path() -> None:
    data = base_document()
    data["themes"][0]["questions"][2]["options"] = [{"code": "a", "label": nl_en("A")}]
    assert errors_of(data) == [
        "themes[0].questions[2].options: a single-choice question needs at least two options"
    ]


def test_all_problems_are_reported_together_each_with_its_path() -> None:
    data = base_document()
    data["themes"][0]["questions"][0]["type"] = "slider"
    data["themes"][1]["questions"][2]["min"] = 200
    data["themes"][2]["questions"][0]["id"] = "Beter"
    errors = errors_of(data)
    assert len(errors) == 3
    assert errors[0].startswith("themes[0].questions[0].type: unknown type 'slider'")
    assert errors[1].startswith("themes[1].questions[2].min: min (200) must be smaller")
    assert errors[2].startswith("themes[2].questions[0].id: 'Beter' is not a valid id")


def test_duplicate_question_ids_across_themes_are_rejected() -> None:
    data = base_document()
    data["themes"][2]["questions"][0]["id"] = "snel"
    data["themes"][2]["questions"][0].pop("show_if")
    assert errors_of(data) == [
        "themes[2].questions[0].id: question id 'snel' is already used at themes[0].questions[0]"
    ]


def test_duplicate_theme_ids_are_rejected() -> None:
    data = base_document()
    data["themes"][2]["id"] = "eerste"
    assert any(e.startswith("themes[2].id: theme id 'eerste'") for e in errors_of(data))


def test_ids_with_double_underscore_are_reserved_for_form_fields() -> None:
    data = base_document()
    data["themes"][0]["questions"][0]["id"] = "snel__other"
    assert any("reserved for form fields" in e for e in errors_of(data))


def test_theme_ids_of_the_steps_around_the_pages_are_reserved() -> None:
    data = base_document()
    data["themes"][0]["id"] = "nakijken"
    assert any("'nakijken' is reserved" in e for e in errors_of(data))


def test_option_codes_must_be_unique_and_at_most_one_other() -> None:
    data = base_document()
    data["themes"][0]["questions"][2]["options"] = [
        {"code": "a", "label": nl_en("A"), "other": True},
        {"code": "a", "label": nl_en("B")},
        {"code": "c", "label": nl_en("C"), "other": True},
    ]
    errors = errors_of(data)
    assert "themes[0].questions[2].options: option code 'a' is used more than once" in errors
    assert (
        "themes[0].questions[2].options: at most one option can be 'other' (Anders, namelijk)"
        in errors
    )


def test_numeric_option_codes_become_text_and_conditions_on_them_follow() -> None:
    data = base_document()
    data["themes"][0]["questions"][2]["options"][0]["code"] = 1
    data["themes"][2]["questions"][0]["show_if"] = {"answer": "manier", "equals": 1}
    q = load_document(data)
    assert q.question("manier").options[0].code == "1"
    assert dump_document(q)["themes"][2]["questions"][0]["show_if"] == {
        "answer": "manier",
        "equals": "1",
    }


def test_min_must_be_smaller_than_max() -> None:
    data = base_document()
    data["themes"][1]["questions"][2]["min"] = 120
    assert errors_of(data) == [
        "themes[1].questions[2].min: min (120) must be smaller than max (120)"
    ]


def test_fields_that_do_not_fit_the_type_are_rejected() -> None:
    data = base_document()
    data["themes"][0]["questions"][0]["options"] = [{"code": "a", "label": "A"}]
    data["themes"][0]["questions"][1]["max"] = 3
    errors = errors_of(data)
    assert "themes[0].questions[0].options: 'options' is only for single and multi questions" in (
        errors
    )
    assert "themes[0].questions[1].max: 'max' is only for number questions" in errors


def test_unknown_field_names_are_rejected_at_every_level() -> None:
    data = base_document()
    data["titel"] = "x"
    data["themes"][0]["show_when"] = {}
    data["themes"][0]["questions"][0]["verplicht"] = True
    errors = errors_of(data)
    assert any(e.startswith("document: unknown field 'titel'") for e in errors)
    assert any(e.startswith("themes[0]: unknown field 'show_when'") for e in errors)
    assert any(e.startswith("themes[0].questions[0]: unknown field 'verplicht'") for e in errors)


def test_format_version_is_checked() -> None:
    data = base_document()
    data["format"] = 2
    assert errors_of(data) == ["format: expected format version 1, found 2"]


def test_languages_must_include_dutch() -> None:
    data = base_document()
    data["languages"] = ["en"]
    assert "languages: Dutch (nl) must be one of the languages" in errors_of(data)


def test_a_text_without_dutch_is_an_error() -> None:
    data = base_document()
    data["themes"][1]["questions"][0]["text"] = {"en": "How satisfied are you?"}
    assert errors_of(data) == ["themes[1].questions[0].text: the Dutch text (nl) is missing"]


def test_a_text_in_an_unlisted_language_is_an_error() -> None:
    data = base_document()
    data["themes"][0]["title"]["de"] = "Erste"
    assert any(e.startswith("themes[0].title: language 'de'") for e in errors_of(data))


def test_a_missing_translation_is_a_warning_not_an_error() -> None:
    data = base_document()
    data["themes"][0]["questions"][1]["text"] = "Nam u zelf contact op?"  # Dutch only
    data["themes"][0]["questions"][2]["options"][0]["label"] = {"nl": "Telefoon"}
    q = load_document(data)
    assert q.warnings == (
        "themes[0].questions[1].text: no 'en' translation",
        "themes[0].questions[2].options[0].label: no 'en' translation",
    )
    assert q.question("zelf").text.get("en") == "Nam u zelf contact op?"  # falls back to Dutch


def test_extras_only_allow_weet_niet_and_niet_van_toepassing() -> None:
    data = base_document()
    data["themes"][0]["questions"][0]["extras"] = [7]
    assert errors_of(data) == [
        "themes[0].questions[0].extras: expected a list with 8 (weet niet) and/or 9 (n.v.t.)"
    ]
    assert frozenset(EXTRA_CODES) == EXCLUDED_CODES


def test_measure_must_be_one_of_the_three_legal_themes() -> None:
    data = base_document()
    data["themes"][0]["questions"][0]["measure"] = "tevredenheid"
    assert errors_of(data)[0].startswith("themes[0].questions[0].measure: 'tevredenheid'")


def test_a_standard_question_id_may_be_used_only_once() -> None:
    data = base_document()
    data["themes"][2]["questions"][0]["standard"] = "wmo-2"
    assert errors_of(data) == [
        "themes[2].questions[0].standard: standard question 'wmo-2' is already used at "
        "themes[0].questions[0]"
    ]


def test_invalid_yaml_and_non_mapping_input_raise_document_error() -> None:
    assert errors_of("themes: [unclosed")[0].startswith("yaml:")
    assert errors_of("- just\n- a list\n") == [
        "document: expected a mapping with format, key, title and themes"
    ]


def test_a_theme_needs_questions() -> None:
    data = base_document()
    data["themes"][2]["questions"] = []
    assert errors_of(data) == ["themes[2].questions: a theme (page) needs at least one question"]


# --------------------------------------------------------------------------- dumping


def test_dump_is_json_serialisable_and_loads_back_to_an_equal_document() -> None:
    q = load_document(base_document())
    stored = json.loads(json.dumps(dump_document(q)))
    again = load_document(stored)
    assert again == q
    assert dump_document(again) == stored


def test_yaml_dump_loads_back_to_an_equal_document() -> None:
    q = load_document(base_document())
    assert load_document(dump_yaml(q)) == q


def test_text_get_falls_back_to_dutch() -> None:
    text = Text({"nl": "Ja", "en": "Yes"})
    assert text.get("en") == "Yes"
    assert text.get("tr") == "Ja"
    assert str(Text("Nee")) == "Nee"
    assert hash(text) == hash(Text({"en": "Yes", "nl": "Ja"}))


# --------------------------------------------------------------------------- editing


def test_add_question_returns_a_new_document_with_a_local_question() -> None:
    q = load_document(base_document())
    before = copy.deepcopy(dump_document(q))
    new = add_question(
        q,
        "eerste",
        {"id": "wachttijd", "type": "agree", "text": nl_en("De wachttijd was kort.")},
        position=1,
    )
    assert [x.id for x in new.theme("eerste").questions] == ["snel", "wachttijd", "zelf", "manier"]
    assert new.question("wachttijd").local is True
    assert new.question("snel").local is False
    assert dump_document(q) == before  # the original version is untouched


def test_add_question_appends_when_no_position_is_given() -> None:
    q = load_document(base_document())
    new = add_question(q, "derde", {"id": "extra", "type": "open", "text": nl_en("Nog iets?")})
    assert new.theme("derde").questions[-1].id == "extra"


def test_add_question_validates_like_load_document() -> None:
    q = load_document(base_document())
    with pytest.raises(DocumentError) as info:
        add_question(q, "eerste", {"id": "snel", "type": "agree", "text": nl_en("Dubbel")})
    assert info.value.errors == [
        "themes[0].questions[3].id: question id 'snel' is already used at themes[0].questions[0]"
    ]
    with pytest.raises(DocumentError) as info:
        add_question(q, "onbekend", {"id": "x", "type": "open", "text": "X"})
    assert info.value.errors == ["themes: there is no theme 'onbekend'"]
    with pytest.raises(DocumentError):
        add_question(q, "eerste", {"id": "x", "type": "open", "text": "X"}, position=9)
    with pytest.raises(DocumentError) as info:
        add_question(q, "eerste", {"id": "x", "type": "open", "text": "X", "standard": "wmo-9"})
    assert "a local question cannot be a national standard question" in info.value.errors[0]


def test_coverage_lists_questions_per_legal_measure() -> None:
    q = load_document(base_document())
    assert coverage(q) == {"toegang": ["snel"], "kwaliteit": ["kwaliteit"], "effect": ["beter"]}
    assert missing_measures(q) == []


def test_missing_measures_names_what_the_law_requires_but_is_absent() -> None:
    data = base_document()
    data["themes"][2]["questions"][0].pop("measure")
    data["themes"][1]["questions"][0].pop("measure")
    assert missing_measures(load_document(data)) == ["kwaliteit", "effect"]


def test_the_example_in_the_format_documentation_loads_cleanly() -> None:
    docs = Path(__file__).resolve().parents[3] / "docs" / "questionnaire-format.md"
    example = re.search(r"```yaml\n(format: 1\n.*?)```", docs.read_text(encoding="utf-8"), re.S)
    assert example is not None
    q = load_document(example.group(1))
    assert q.warnings == ()
    assert missing_measures(q) == []
