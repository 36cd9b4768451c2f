"""Is every text of a questionnaire there in every language the survey offers?

A survey offers the languages its questionnaire document lists (``languages: [nl, en, tr]``).
``Text.get`` falls back to Dutch, which is right for a preview but wrong for a respondent who
chose Turkish: they would meet Dutch without warning. So fieldwork does not start (and a new
version is not put in use) while a text, an answer scale or the pages' own texts lack a
listed language; the message names each missing text by its path, so the author can fix
them all in one round.

Plain Python without Django, like ``document``.
"""

from collections.abc import Iterator

from ervaring import languages
from ervaring.questionnaires.document import Questionnaire, Text
from ervaring.questionnaires.scales import SCALES

#: How a project leader reads a language code.
DUTCH_NAMES = {
    "nl": "Nederlands",
    "en": "Engels",
    "tr": "Turks",
    "ar": "Arabisch",
    "pl": "Pools",
    "uk": "Oekraïens",
    "ti": "Tigrinya",
    "pap": "Papiaments",
}


def _texts(questionnaire: Questionnaire) -> Iterator[tuple[str, Text]]:
    """Every text of the document with its path, in document order."""
    yield "title", questionnaire.title
    if questionnaire.intro:
        yield "intro", questionnaire.intro
    if questionnaire.thanks:
        yield "thanks", questionnaire.thanks
    for ti, theme in enumerate(questionnaire.themes):
        yield f"themes[{ti}].title", theme.title
        if theme.intro:
            yield f"themes[{ti}].intro", theme.intro
        for qi, question in enumerate(theme.questions):
            path = f"themes[{ti}].questions[{qi}]"
            yield f"{path}.text", question.text
            if question.help:
                yield f"{path}.help", question.help
            for oi, option in enumerate(question.options):
                yield f"{path}.options[{oi}].label", option.label


def missing_translations(questionnaire: Questionnaire) -> dict[str, list[str]]:
    """Per offered language (Dutch excepted), what has no text in it; empty when complete.

    Each item is a path with the Dutch text (``themes[0].title ('Contact met de gemeente')``),
    an answer scale, or the pages' own texts when Ervaring does not ship the language.
    """
    types = {q.type for q in questionnaire.questions()}
    missing: dict[str, list[str]] = {}
    for language in questionnaire.languages:
        if language == "nl":
            continue
        found = [] if language in languages.SHIPPED else ["de vaste teksten van de pagina's"]
        found += [
            f"antwoordschaal {key}"
            for key, scale in SCALES.items()
            if key in types and any(language not in option.label for option in scale.options)
        ]
        found += [
            f"{path} ({text.get('nl')!r})"
            for path, text in _texts(questionnaire)
            if language not in text
        ]
        if found:
            missing[language] = found
    return missing


def translation_problem(questionnaire: Questionnaire) -> str:
    """The Dutch reason fieldwork cannot use this questionnaire yet, or '' when every
    offered language is complete."""
    missing = missing_translations(questionnaire)
    if not missing:
        return ""
    parts = [
        f"{DUTCH_NAMES.get(language, language)} ({language}): {'; '.join(items)}"
        for language, items in missing.items()
    ]
    return (
        "Er ontbreken vertalingen. Vul ze aan in de vragenlijst, of haal de taal uit de lijst "
        "'languages'. " + " | ".join(parts)
    )
