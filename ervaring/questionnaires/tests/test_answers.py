"""Parsing submitted pages into answers, and the fixed answer scales."""

from __future__ import annotations

from typing import Any

import pytest

from ervaring.questionnaires.answers import Answer, choices, other_field, parse_page
from ervaring.questionnaires.document import load_document
from ervaring.questionnaires.scales import AGREE, EXCLUDED_CODES, SATISFACTION, YESNO


def make_document() -> Any:
    return load_document(
        {
            "format": 1,
            "key": "a",
            "title": "Antwoorden",
            "languages": ["nl", "en"],
            "themes": [
                {
                    "id": "screen",
                    "title": {"nl": "Start", "en": "Start"},
                    "questions": [
                        {"id": "zelf", "type": "yesno", "text": {"nl": "Zelf?", "en": "Self?"}}
                    ],
                },
                {
                    "id": "pagina",
                    "title": {"nl": "Pagina", "en": "Page"},
                    "questions": [
                        {"id": "eens", "type": "agree", "text": "Eens?", "extras": [9]},
                        {"id": "tevreden", "type": "satisfaction", "text": "Tevreden?"},
                        {"id": "janee", "type": "yesno", "text": "Ja of nee?", "required": True},
                        {
                            "id": "wie",
                            "type": "single",
                            "text": "Wie?",
                            "options": [
                                {"code": "zelf", "label": "Ik zelf"},
                                {"code": "familie", "label": "Familie"},
                                {
                                    "code": "ander",
                                    "label": "Iemand anders, namelijk",
                                    "other": True,
                                },
                            ],
                        },
                        {
                            "id": "hulp",
                            "type": "multi",
                            "text": "Welke hulp?",
                            "options": [
                                {"code": "a", "label": "A"},
                                {"code": "b", "label": "B"},
                                {"code": "c", "label": "C"},
                                {"code": "anders", "label": "Anders", "other": True},
                            ],
                        },
                        {"id": "tekst", "type": "open", "text": "Opmerking?", "max_length": 10},
                        {
                            "id": "leeftijd",
                            "type": "number",
                            "text": "Leeftijd",
                            "min": 0,
                            "max": 120,
                        },
                        {"id": "uren", "type": "number", "text": "Uren", "decimals": 1, "min": 0},
                        {
                            "id": "vervoer",
                            "type": "agree",
                            "text": "Vervoer op tijd?",
                            "show_if": {"attribute": "provision_groups", "contains": "vervoer"},
                        },
                        {
                            "id": "alleen_ja",
                            "type": "open",
                            "text": "Waarom?",
                            "required": True,
                            "show_if": {"answer": "zelf", "equals": "ja"},
                        },
                    ],
                },
            ],
        }
    )


DOC = make_document()
PAGE = DOC.theme("pagina")


def parse(data: dict[str, Any], attributes: dict[str, Any] | None = None, **kw: Any) -> Any:
    full = {"janee": ["ja"], **data}  # the required question, so other errors stand alone
    return parse_page(PAGE, full, attributes or {}, kw.pop("answers", {}), **kw)


# --------------------------------------------------------------------------- scales


def test_scales_have_fixed_codes_in_display_order_with_extras_excluded() -> None:
    assert AGREE.codes() == (5, 4, 3, 2, 1, 8, 9)
    assert SATISFACTION.codes() == (5, 4, 3, 2, 1, 8, 9)
    assert YESNO.codes() == ("ja", "nee")
    assert frozenset({8, 9}) == EXCLUDED_CODES
    assert [o.code for o in AGREE.options if o.is_excluded] == [8, 9]
    assert AGREE.label(1) == "Helemaal niet mee eens"
    assert AGREE.label(9, "en") == "Not applicable"
    assert SATISFACTION.label(5) == "Heel tevreden"
    assert all(
        set(o.label) == {"nl", "en", "tr", "ar", "pl", "uk"}
        for s in (AGREE, SATISFACTION, YESNO)
        for o in s.options
    )


def test_choices_offer_only_the_extras_the_question_allows() -> None:
    assert [c.value for c in choices(PAGE.questions[0])] == ["5", "4", "3", "2", "1", "9"]
    assert [c.value for c in choices(PAGE.questions[1])] == ["5", "4", "3", "2", "1", "8", "9"]
    assert [(c.value, c.other) for c in choices(DOC.question("wie"))][-1] == ("ander", True)


# --------------------------------------------------------------------------- values


def test_scale_answers_become_integer_codes() -> None:
    result = parse({"eens": ["4"], "tevreden": ["8"]})
    assert result.values["eens"] == Answer(4)
    assert result.values["tevreden"] == Answer(8)
    assert result.values["janee"] == Answer("ja")
    assert result.is_valid


@pytest.mark.parametrize("sent", ["8", "7", "0", "vijf", "4.0"])
def test_tampered_scale_codes_are_errors_never_values(sent: str) -> None:
    result = parse({"eens": [sent]})  # "eens" offers only extra 9
    assert "eens" not in result.values
    assert result.errors["eens"] == "Kies een van de antwoorden."


def test_tampered_yesno_and_option_codes_are_rejected() -> None:
    result = parse({"janee": ["misschien"], "wie": ["buurman"], "hulp": ["a", "z"]})
    assert set(result.errors) == {"janee", "wie", "hulp"}
    assert result.values == {}


def test_two_different_values_for_a_one_answer_question_are_rejected() -> None:
    result = parse({"eens": ["4", "5"]})
    assert result.errors["eens"] == "Kies één antwoord."


def test_multi_choice_is_deduplicated_in_document_order() -> None:
    result = parse({"hulp": ["c", "a", "c", "a"]})
    assert result.values["hulp"] == Answer(["a", "c"])


def test_other_text_is_required_when_anders_is_chosen() -> None:
    result = parse({"wie": ["ander"], other_field("wie"): ["   "]})
    assert result.errors["wie"] == "U koos 'Anders'. Schrijf op wat u bedoelt."
    result = parse({"hulp": ["a", "anders"]}, language="en")
    assert result.errors["hulp"] == "You chose 'Other'. Please write what you mean."


def test_an_error_in_the_anders_text_is_told_apart_from_an_error_in_the_choice() -> None:
    """The page puts an "Anders" error on the text box, any other on the question."""
    result = parse({"wie": ["ander"], "hulp": ["a", "anders"], "hulp__other": ["x" * 501]})
    assert set(result.errors) == {"wie", "hulp"} and result.other_errors == {"wie", "hulp"}
    result = parse({"wie": ["onbekend"], "janee": []})
    assert "wie" in result.errors and "janee" in result.errors and not result.other_errors


def test_other_text_is_stored_with_the_other_option() -> None:
    result = parse({"wie": ["ander"], "wie__other": [" mijn buurvrouw "]})
    assert result.values["wie"] == Answer("ander", "mijn buurvrouw")
    result = parse({"hulp": ["anders", "b"], "hulp__other": ["maaltijden"]})
    assert result.values["hulp"] == Answer(["b", "anders"], "maaltijden")


def test_other_text_without_ticking_anders_counts_as_choosing_it() -> None:
    # Without JavaScript nobody ticks the box for you when you type in the field.
    assert parse({"wie__other": ["mijn zoon"]}).values["wie"] == Answer("ander", "mijn zoon")
    result = parse({"hulp": ["a"], "hulp__other": ["klussen"]})
    assert result.values["hulp"] == Answer(["a", "anders"], "klussen")


def test_other_text_is_dropped_when_another_option_was_chosen() -> None:
    assert parse({"wie": ["zelf"], "wie__other": ["x"]}).values["wie"] == Answer("zelf")


def test_open_answers_are_stripped_and_length_is_enforced() -> None:
    assert parse({"tekst": ["  goed\x00 "]}).values["tekst"] == Answer("goed")
    result = parse({"tekst": ["veel te lange tekst"]})
    assert result.errors["tekst"] == "Uw antwoord is te lang. Gebruik niet meer dan 10 tekens."


@pytest.mark.parametrize(
    ("sent", "expected"),
    [("12,5", 12.5), ("12.5", 12.5), ("7", 7.0), (" 3,0 ", 3.0)],
)
def test_numbers_accept_a_dutch_decimal_comma(sent: str, expected: float) -> None:
    answer = parse({"uren": [sent]}).values["uren"]
    assert answer.value == expected
    assert isinstance(answer.value, float)


def test_whole_numbers_are_ints_and_reject_decimals() -> None:
    assert parse({"leeftijd": ["42"]}).values["leeftijd"] == Answer(42)
    assert isinstance(parse({"leeftijd": ["42"]}).values["leeftijd"].value, int)
    result = parse({"leeftijd": ["42,5"]})
    assert result.errors["leeftijd"] == "Vul een heel getal in, zonder komma."


@pytest.mark.parametrize("sent", ["121", "-1", "veertig", "1e3", "nan"])
def test_numbers_outside_the_range_or_not_numbers_get_the_range_message(sent: str) -> None:
    assert (
        parse({"leeftijd": [sent]}).errors["leeftijd"] == "Vul een getal in van 0 tot en met 120."
    )


def test_too_many_decimals_and_english_messages() -> None:
    assert parse({"uren": ["1,25"]}).errors["uren"] == "Gebruik niet meer dan 1 cijfer na de komma."
    result = parse({"leeftijd": ["200"]}, language="en")
    assert result.errors["leeftijd"] == "Please enter a number from 0 to 120."
    assert parse({"uren": ["-2"]}).errors["uren"] == "Vul een getal in van 0 of hoger."


# --------------------------------------------------------------------------- page outcome


def test_required_question_left_empty_is_an_error() -> None:
    result = parse_page(PAGE, {}, {}, {})
    assert result.errors == {"janee": "Kies een van de antwoorden."}
    assert not result.is_valid


def test_optional_questions_left_empty_are_cleared() -> None:
    result = parse({"eens": [""], "tekst": ["   "]})
    assert {"eens", "tekst", "tevreden", "wie", "hulp", "leeftijd", "uren"} == result.cleared
    assert result.errors == {}


def test_each_visible_question_ends_up_in_exactly_one_outcome() -> None:
    result = parse({"eens": ["3"], "hulp": ["zz"]}, {"provision_groups": ["vervoer"]})
    groups = [set(result.values), result.cleared, set(result.errors)]
    visible = {"eens", "tevreden", "janee", "wie", "hulp", "tekst", "leeftijd", "uren", "vervoer"}
    assert set().union(*groups) == visible
    assert sum(len(g) for g in groups) == len(visible)


def test_hidden_questions_are_ignored_even_when_sent() -> None:
    result = parse({"vervoer": ["5"], "alleen_ja": [""]}, {"provision_groups": ["begeleiding"]})
    for qid in ("vervoer", "alleen_ja"):
        assert qid not in result.values
        assert qid not in result.cleared
        assert qid not in result.errors


def test_question_shown_by_an_earlier_answer_is_parsed_and_can_be_required() -> None:
    result = parse({}, answers={"zelf": "ja"})
    assert result.errors["alleen_ja"] == "Schrijf hier uw antwoord."
    result = parse({"alleen_ja": ["Omdat het kon"]}, answers={"zelf": Answer("ja")})
    assert result.values["alleen_ja"] == Answer("Omdat het kon")


def test_a_page_hidden_by_its_condition_yields_nothing() -> None:
    hidden = load_document(
        {
            "format": 1,
            "key": "h",
            "title": "H",
            "themes": [
                {"id": "a", "title": "A", "questions": [{"id": "x", "type": "yesno", "text": "X"}]},
                {
                    "id": "b",
                    "title": "B",
                    "show_if": {"answer": "x", "equals": "ja"},
                    "questions": [{"id": "y", "type": "open", "text": "Y", "required": True}],
                },
            ],
        }
    ).theme("b")
    result = parse_page(hidden, {"y": ["iets"]}, {}, {"x": "nee"})
    assert (result.values, result.cleared, result.errors) == ({}, set(), {})


class FakeQueryDict(dict):  # type: ignore[type-arg]
    """Mimics Django's QueryDict: __getitem__ gives the last value, getlist gives all."""

    def __getitem__(self, key: str) -> str:
        return super().__getitem__(key)[-1]

    def get(self, key: str, default: Any = None) -> Any:
        return super().get(key, [default])[-1]

    def getlist(self, key: str) -> list[str]:
        return list(super().get(key, []))


def test_querydict_style_data_with_repeated_fields_is_read_fully() -> None:
    data = FakeQueryDict({"janee": ["nee"], "hulp": ["b", "a"]})
    result = parse_page(PAGE, data, {}, {})
    assert result.values["hulp"] == Answer(["a", "b"])
    assert result.values["janee"] == Answer("nee")


def test_plain_string_values_are_accepted() -> None:
    result = parse_page(PAGE, {"janee": "ja", "eens": "5"}, {}, {})
    assert result.values["eens"] == Answer(5)
