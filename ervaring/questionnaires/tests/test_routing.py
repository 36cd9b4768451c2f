"""Routing conditions: parsing, evaluation and which pages/questions a respondent sees."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ervaring.questionnaires.answers import Answer
from ervaring.questionnaires.document import DocumentError, load_document
from ervaring.questionnaires.routing import (
    ATTRIBUTES,
    ConditionError,
    condition_to_data,
    effective_answers,
    evaluate,
    parse_condition,
    possible_themes,
    step_of,
    visible_questions,
    visible_themes,
)


def cond(raw: dict[str, Any]) -> Any:
    return parse_condition(raw, "show_if")


def agree(qid: str, **extra: Any) -> dict[str, Any]:
    return {"id": qid, "type": "agree", "text": f"Stelling {qid}", **extra}


def document(*themes: dict[str, Any]) -> dict[str, Any]:
    return {"format": 1, "key": "r", "title": "Routing", "themes": list(themes)}


def theme(tid: str, *questions: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"id": tid, "title": tid, "questions": list(questions), **extra}


def block_document() -> Any:
    """Pages: a screen question, a follow-up page for 'ja', and two provision blocks."""
    return load_document(
        document(
            theme("start", {"id": "zelf", "type": "yesno", "text": "Zelf contact?"}),
            theme(
                "contact",
                agree("prettig"),
                {
                    "id": "hoe",
                    "type": "multi",
                    "text": "Hoe?",
                    "options": [
                        {"code": "bellen", "label": "Bellen"},
                        {"code": "mail", "label": "Mail"},
                    ],
                },
                show_if={"answer": "zelf", "equals": "ja"},
            ),
            theme(
                "na_bellen",
                agree("wachttijd"),
                show_if={"answer": "hoe", "contains": "bellen"},
            ),
            theme(
                "hulpmiddelen",
                agree("hm_past"),
                show_if={"attribute": "provision_groups", "contains": "hulpmiddelen"},
            ),
            theme(
                "vervoer",
                agree("vv_op_tijd"),
                agree("vv_ouderen", show_if={"attribute": "age", "gte": 65}),
                show_if={"attribute": "provision_groups", "contains": "vervoer"},
            ),
        )
    )


def theme_ids(themes: list[Any]) -> list[str]:
    return [t.id for t in themes]


# --------------------------------------------------------------------------- parsing


def test_unknown_attribute_is_rejected_with_its_path() -> None:
    with pytest.raises(ConditionError) as info:
        parse_condition({"all": [{"attribute": "postcode", "equals": "7600"}]}, "themes[1].show_if")
    assert info.value.errors[0].startswith(
        "themes[1].show_if.all[0].attribute: unknown respondent attribute 'postcode'"
    )


def test_unknown_attribute_in_a_document_is_a_document_error() -> None:
    data = document(theme("a", agree("x", show_if={"attribute": "gemeente", "equals": "x"})))
    with pytest.raises(DocumentError) as info:
        load_document(data)
    assert info.value.errors[0].startswith(
        "themes[0].questions[0].show_if.attribute: unknown respondent attribute 'gemeente'"
    )


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"attribute": "law", "equals": "wlz"}, "is not a value of 'law'"),
        ({"attribute": "law", "contains": "wmo"}, "operator 'contains' does not fit"),
        ({"attribute": "age", "gte": "achttien"}, "expected a number"),
        ({"attribute": "age", "equals": "18"}, "attribute 'age' is a number"),
        ({"attribute": "team", "in": []}, "expected a non-empty list"),
        ({"answer": "q1", "equals": "ja", "in": ["ja"]}, "use exactly one operator"),
        ({"answer": "q1", "attribute": "law", "equals": "ja"}, "exactly one of 'attribute'"),
        ({"answer": "q1", "is": "ja"}, "unknown key(s) ['is']"),
        ({"answer": "q1", "answered": "yes"}, "expected true or false"),
        ({"all": []}, "expected a non-empty list of conditions"),
        ({"not": {"answer": "q1"}, "any": []}, "must stand alone"),
        ("q1 == ja", "a condition must be a mapping"),
    ],
)
def test_malformed_conditions_are_rejected(raw: Any, message: str) -> None:
    with pytest.raises(ConditionError) as info:
        parse_condition(raw, "show_if")
    assert message in info.value.errors[0]
    assert info.value.errors[0].startswith("show_if")


def test_condition_round_trips_through_plain_data() -> None:
    raw = {
        "any": [
            {"attribute": "provision_groups", "contains": "vervoer"},
            {"not": {"answer": "q1", "in": [1, 2]}},
            {"all": [{"attribute": "age", "gte": 18}, {"answer": "q2", "answered": True}]},
        ]
    }
    assert condition_to_data(cond(raw)) == raw


def test_answer_condition_on_a_later_page_is_rejected() -> None:
    data = document(
        theme("a", agree("eerste", show_if={"answer": "later", "equals": 5})),
        theme("b", agree("later")),
    )
    with pytest.raises(DocumentError) as info:
        load_document(data)
    assert info.value.errors == [
        "themes[0].questions[0].show_if.answer: 'later' is on a later page (themes[1]); "
        "a condition can only use answers from an earlier page"
    ]


def test_answer_condition_on_the_same_page_is_rejected_because_routing_is_server_side() -> None:
    data = document(theme("a", agree("een"), agree("twee", show_if={"answer": "een", "gte": 4})))
    with pytest.raises(DocumentError) as info:
        load_document(data)
    assert "'een' is on the same page" in info.value.errors[0]


def test_theme_condition_on_its_own_question_is_rejected() -> None:
    data = document(theme("a", agree("een"), show_if={"answer": "een", "equals": 5}))
    with pytest.raises(DocumentError) as info:
        load_document(data)
    assert info.value.errors[0].startswith("themes[0].show_if.answer: 'een' is on the same page")


def test_answer_condition_on_an_unknown_question_is_rejected() -> None:
    data = document(
        theme("a", agree("een")),
        theme("b", agree("twee"), show_if={"not": {"answer": "drie", "answered": True}}),
    )
    with pytest.raises(DocumentError) as info:
        load_document(data)
    assert info.value.errors == ["themes[1].show_if.not.answer: there is no question 'drie'"]


@pytest.mark.parametrize(
    ("show_if", "message"),
    [
        ({"answer": "zelf", "equals": "misschien"}, "a yes/no answer is 'ja' or 'nee'"),
        ({"answer": "zelf", "contains": "ja"}, "operator 'contains' does not fit yesno"),
        ({"answer": "hoe", "equals": "bellen"}, "operator 'equals' does not fit multi"),
        ({"answer": "hoe", "contains": "fax"}, "are not option codes of 'hoe'"),
        ({"answer": "score", "in": [0, 6]}, "are not answer codes of 'score'"),
    ],
)
def test_answer_conditions_must_fit_the_question_they_refer_to(
    show_if: dict[str, Any], message: str
) -> None:
    data = document(
        theme(
            "a",
            {"id": "zelf", "type": "yesno", "text": "Zelf?"},
            {
                "id": "hoe",
                "type": "multi",
                "text": "Hoe?",
                "options": [
                    {"code": "bellen", "label": "Bellen"},
                    {"code": "mail", "label": "Mail"},
                ],
            },
            agree("score"),
        ),
        theme("b", agree("volgende"), show_if=show_if),
    )
    with pytest.raises(DocumentError) as info:
        load_document(data)
    assert message in info.value.errors[0]
    assert info.value.errors[0].startswith("themes[1].show_if")


# --------------------------------------------------------------------------- evaluation


def test_attribute_comparisons() -> None:
    attrs = {"law": "wmo", "provision_groups": ["begeleiding", "vervoer"], "age": 70}
    assert evaluate(cond({"attribute": "law", "equals": "wmo"}), attrs, {})
    assert not evaluate(cond({"attribute": "law", "equals": "jeugd"}), attrs, {})
    assert evaluate(cond({"attribute": "provision_groups", "contains": "vervoer"}), attrs, {})
    assert not evaluate(cond({"attribute": "provision_groups", "contains": "wonen"}), attrs, {})
    assert evaluate(cond({"attribute": "provision_groups", "in": ["wonen", "vervoer"]}), attrs, {})
    assert evaluate(cond({"attribute": "age", "gte": 65}), attrs, {})
    assert not evaluate(cond({"attribute": "age", "lte": 64}), attrs, {})
    assert evaluate(cond({"attribute": "age", "gte": 65}), {"age": "70"}, {})  # CSV text


def test_missing_attribute_or_answer_makes_a_comparison_false_and_its_negation_true() -> None:
    assert not evaluate(cond({"attribute": "district", "equals": "noord"}), {}, {})
    assert not evaluate(cond({"answer": "q1", "in": [1, 2]}), {}, {})
    assert not evaluate(cond({"answer": "q1", "gte": 3}), {}, {"q1": None})
    assert evaluate(cond({"not": {"answer": "q1", "equals": "nee"}}), {}, {})


def test_answered_operator() -> None:
    answered = cond({"answer": "q1", "answered": True})
    unanswered = cond({"answer": "q1", "answered": False})
    assert evaluate(answered, {}, {"q1": "tekst"})
    assert not evaluate(answered, {}, {"q1": "   "})
    assert not evaluate(answered, {}, {"q1": []})
    assert evaluate(unanswered, {}, {})


def test_answers_may_be_plain_values_answer_objects_or_value_mappings() -> None:
    low = cond({"answer": "q1", "in": [1, 2]})
    assert evaluate(low, {}, {"q1": 2})
    assert evaluate(low, {}, {"q1": Answer(1)})
    assert evaluate(low, {}, {"q1": {"value": 2, "other_text": ""}})
    assert not evaluate(low, {}, {"q1": Answer(4)})


def test_true_is_not_mistaken_for_code_one() -> None:
    assert not evaluate(cond({"answer": "q1", "equals": 1}), {}, {"q1": True})


def test_multi_choice_answers_use_contains_and_in() -> None:
    answers = {"hoe": ["bellen", "mail"]}
    assert evaluate(cond({"answer": "hoe", "contains": "mail"}), {}, answers)
    assert evaluate(cond({"answer": "hoe", "in": ["fax", "bellen"]}), {}, answers)
    assert not evaluate(cond({"answer": "hoe", "contains": "fax"}), {}, answers)


SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True)
    | st.text(max_size=5)
    | st.decimals(allow_nan=True)
    | st.sampled_from(["wmo", "ja", "vervoer", "18", "1,5", "nan"])
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.text(max_size=5), inner, max_size=3)
        | st.tuples(inner, inner)
        | st.builds(Answer, inner)
    ),
    max_leaves=8,
)
CONDITION_VALUES = st.one_of(
    st.text(min_size=1, max_size=5), st.integers(), st.floats(allow_nan=False, allow_infinity=False)
)
COMPARES = st.one_of(
    st.builds(
        lambda name, op, v: {"answer": name, op: v},
        st.sampled_from(["q1", "q2"]),
        st.sampled_from(["equals", "contains"]),
        CONDITION_VALUES,
    ),
    st.builds(
        lambda name, v: {"answer": name, "in": v},
        st.sampled_from(["q1", "q2"]),
        st.lists(CONDITION_VALUES, min_size=1, max_size=3),
    ),
    st.builds(
        lambda src, name, op, v: {src: name, op: v},
        st.just("answer"),
        st.sampled_from(["q1", "q2"]),
        st.sampled_from(["gte", "lte"]),
        st.integers() | st.floats(allow_nan=False, allow_infinity=False),
    ),
    st.builds(lambda v: {"answer": "q1", "answered": v}, st.booleans()),
    st.builds(
        lambda name, v: {"attribute": name, "contains": v},
        st.just("provision_groups"),
        st.text(min_size=1, max_size=5),
    ),
    st.builds(lambda v: {"attribute": "age", "gte": v}, st.sampled_from([0, 12, 16, 18, 65])),
    st.builds(lambda v: {"attribute": "team", "equals": v}, st.text(min_size=1, max_size=5)),
)
CONDITIONS = st.recursive(
    COMPARES,
    lambda inner: (
        st.builds(lambda xs: {"all": xs}, st.lists(inner, min_size=1, max_size=3))
        | st.builds(lambda xs: {"any": xs}, st.lists(inner, min_size=1, max_size=3))
        | st.builds(lambda x: {"not": x}, inner)
    ),
    max_leaves=6,
)


@settings(max_examples=300, deadline=None)
@given(
    raw=CONDITIONS,
    attributes=st.dictionaries(st.sampled_from(list(ATTRIBUTES)), VALUES, max_size=4),
    answers=st.dictionaries(st.sampled_from(["q1", "q2", "q3"]), VALUES, max_size=3),
)
def test_evaluate_never_raises_on_arbitrary_attribute_and_answer_values(
    raw: dict[str, Any], attributes: dict[str, Any], answers: dict[str, Any]
) -> None:
    result = evaluate(parse_condition(raw, "show_if"), attributes, answers)
    assert isinstance(result, bool)


def test_evaluate_survives_signalling_nan_and_odd_objects() -> None:
    assert not evaluate(cond({"answer": "q1", "gte": 3}), {}, {"q1": Decimal("sNaN")})
    assert not evaluate(cond({"answer": "q1", "equals": 3}), {}, {"q1": Decimal("sNaN")})
    assert not evaluate(cond({"answer": "q1", "equals": 3}), {}, {"q1": object()})


# --------------------------------------------------------------------------- visibility


def test_client_with_two_provision_groups_sees_both_blocks() -> None:
    q = block_document()
    attrs = {"provision_groups": ["hulpmiddelen", "vervoer"]}
    shown = theme_ids(visible_themes(q, attrs, {}))
    assert "hulpmiddelen" in shown
    assert "vervoer" in shown


def test_client_without_provision_groups_sees_no_blocks() -> None:
    q = block_document()
    for attrs in ({}, {"provision_groups": []}, {"provision_groups": ["begeleiding"]}):
        assert theme_ids(visible_themes(q, attrs, {})) == ["start"]


def test_follow_up_page_only_for_those_who_answered_ja() -> None:
    q = block_document()
    assert theme_ids(visible_themes(q, {}, {"zelf": "ja"})) == ["start", "contact"]
    assert theme_ids(visible_themes(q, {}, {"zelf": "nee"})) == ["start"]
    assert theme_ids(visible_themes(q, {}, {"zelf": "ja", "hoe": ["mail", "bellen"]})) == [
        "start",
        "contact",
        "na_bellen",
    ]


def test_question_level_condition_hides_one_question_of_a_visible_theme() -> None:
    q = block_document()
    block = q.theme("vervoer")
    attrs = {"provision_groups": ["vervoer"], "age": 40}
    assert [x.id for x in visible_questions(block, attrs, {})] == ["vv_op_tijd"]
    attrs["age"] = 80
    assert [x.id for x in visible_questions(block, attrs, {})] == ["vv_op_tijd", "vv_ouderen"]
    assert visible_questions(block, {"age": 80}, {}) == []  # theme itself hidden


def test_effective_answers_drop_answers_made_irrelevant_by_a_later_change() -> None:
    q = block_document()
    stored = {"zelf": "ja", "prettig": 4, "hoe": ["bellen"], "wachttijd": 2}
    assert effective_answers(q, {}, stored) == stored

    stored["zelf"] = "nee"  # went back and changed the screening answer
    assert effective_answers(q, {}, stored) == {"zelf": "nee"}
    # the stale chain (hoe -> wachttijd) does not reopen the page after it either
    assert theme_ids(visible_themes(q, {}, stored)) == ["start"]
    assert stored["wachttijd"] == 2  # nothing is deleted


def test_effective_answers_keep_order_and_skip_empty_and_unknown() -> None:
    q = block_document()
    stored = {"onbekend": 1, "hm_past": 5, "zelf": "", "vv_op_tijd": None}
    result = effective_answers(q, {"provision_groups": ["hulpmiddelen", "vervoer"]}, stored)
    assert result == {"hm_past": 5}


# --------------------------------------------------------------------------- age as a band


@pytest.mark.parametrize(
    ("band", "condition", "expected"),
    [
        ("65-74", {"gte": 65}, True),
        ("45-64", {"gte": 65}, False),
        ("85+", {"gte": 75}, True),
        ("65+", {"gte": 65}, True),  # a widened band still answers the usual condition
        ("65+", {"gte": 75}, False),  # part of the band only: not shown
        ("tot 45", {"lte": 44}, True),
        ("45-64", {"lte": 64}, True),
        ("65-74", {"lte": 64}, False),
        ("16-17", {"gte": 16}, True),
        ("12-15", {"gte": 16}, False),
        ("onbekend", {"gte": 0}, False),
    ],
)
def test_an_age_condition_is_decided_on_the_stored_band(band, condition, expected) -> None:
    """Responses carry the band, not the age (one exact age singled people out)."""
    attrs = {"age_band": band, "law": "wmo"}
    assert evaluate(cond({"attribute": "age", **condition}), attrs, {}) is expected


@pytest.mark.parametrize("condition", [{"gte": 70}, {"lte": 65}, {"equals": 70}, {"in": [70]}])
def test_an_age_condition_off_a_band_boundary_is_refused(condition) -> None:
    with pytest.raises(ConditionError, match="age is stored as a band"):
        cond({"attribute": "age", **condition})


# --------------------------------------------------------------------------- the stable step count


def test_possible_pages_are_those_the_attributes_do_not_rule_out() -> None:
    """Worked out by hand from `block_document`: the two answer-routed pages count (an answer
    may open them), the provision page of another group does not, and the age rule inside
    'vervoer' cannot hide the page because its other question is unconditional."""
    doc = block_document()
    attributes = {"provision_groups": ["vervoer"], "age": 40}
    assert theme_ids(possible_themes(doc, attributes)) == [
        "start",
        "contact",
        "na_bellen",
        "vervoer",
    ]
    assert step_of(doc, attributes, "na_bellen") == (3, 4)
    assert step_of(doc, {"provision_groups": []}, "start") == (1, 3)


@pytest.mark.parametrize(
    ("show_if", "counts"),
    [
        ({"any": [{"answer": "zelf", "equals": "ja"}, {"attribute": "age", "gte": 65}]}, True),
        ({"all": [{"answer": "zelf", "equals": "ja"}, {"attribute": "age", "gte": 65}]}, False),
        ({"not": {"attribute": "age", "gte": 18}}, False),
        ({"not": {"answer": "zelf", "equals": "ja"}}, True),
    ],
)
def test_a_page_counts_unless_its_attributes_rule_it_out(show_if: Any, counts: bool) -> None:
    doc = load_document(
        document(
            theme("start", {"id": "zelf", "type": "yesno", "text": "Zelf contact?"}),
            theme("extra", agree("x"), show_if=show_if),
        )
    )
    shown = theme_ids(possible_themes(doc, {"age": 40}))
    assert ("extra" in shown) is counts


@settings(max_examples=60, deadline=None)
@given(
    zelf=st.sampled_from([None, "ja", "nee"]),
    hoe=st.lists(st.sampled_from(["bellen", "mail"]), unique=True),
    groups=st.lists(st.sampled_from(["vervoer", "hulpmiddelen"]), unique=True),
)
def test_every_page_a_respondent_gets_is_counted_in_order(zelf, hoe, groups) -> None:
    doc = block_document()
    attributes = {"provision_groups": groups, "age": 70}
    answers = {"hoe": hoe, **({"zelf": zelf} if zelf else {})}
    visible = theme_ids(visible_themes(doc, attributes, answers))
    possible = theme_ids(possible_themes(doc, attributes))
    assert [page for page in possible if page in visible] == visible
