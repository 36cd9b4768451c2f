"""Conditions on the staff pages and the paper form name questions by their words, never by
their ids (`contact_zelf`) or codes (`huishoudelijke_hulp`)."""

import re

import pytest

from ervaring.questionnaires.services import describe_condition, describe_themes
from ervaring.questionnaires.standard import load_template

IDENTIFIER = re.compile(r"\b[a-z]+_[a-z0-9_]+\b")


@pytest.mark.parametrize("key", ["wmo", "jeugd"])
def test_no_condition_in_a_standard_template_shows_an_identifier(key):
    conditions = [
        text
        for theme in describe_themes(load_template(key))
        for text in (theme["condition"], *(q["condition"] for q in theme["questions"]))
        if text
    ]
    assert conditions
    assert [c for c in conditions if IDENTIFIER.search(c)] == []


def test_a_choice_answer_is_named_by_its_question_and_option_label():
    wmo = load_template("wmo")
    question = next(q for q in wmo.questions() if q.type == "single")
    option = question.options[0]
    text = describe_condition({"answer": question.id, "equals": option.code}, wmo)
    assert question.text.get("nl").rstrip("?.") in text
    assert text.endswith(f"is {option.label.get('nl')}")
