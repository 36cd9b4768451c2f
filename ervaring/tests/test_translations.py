"""The shipped languages' catalogues: complete, faithful to their placeholders, compiled
into what Django shows (respondent pages, the opt-out page and the letter's language lines)."""

import gettext

import pytest

from ervaring import languages
from ervaring.fieldwork.language_lines import SOURCE_TEXTS as LETTER_TEXTS
from ervaring.fieldwork.language_lines import availability_lines
from ervaring.fieldwork.message_texts import MESSAGES
from ervaring.fieldwork.message_texts import text as message_text
from ervaring.fieldwork.public_texts import OPT_OUT, opt_out_text
from ervaring.responses.texts import NL, ui_text

TRANSLATED = [code for code in languages.SHIPPED if code != "nl"]
#: Every Dutch source text with its gettext context: the pages', the letters' language lines,
#: and the letters', e-mails', SMS's and paper questionnaire's standard texts.
SOURCES = {**NL, **LETTER_TEXTS, **OPT_OUT, **MESSAGES}


def catalogue(language):
    path = languages.LOCALE_DIR / language / "LC_MESSAGES" / "django.po"
    return {(e.context, e.msgid): e for e in languages.read_po(path) if e.msgid}


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_page_text_is_translated_in_every_shipped_language(language):
    entries = catalogue(language)
    missing = [key for key, text in SOURCES.items() if not entries.get((key, text))]
    assert not missing, f"{language}: no translation for {missing}"
    untranslated = [e.context for e in entries.values() if not e.msgstr or "fuzzy" in e.flags]
    assert not untranslated, f"{language}: empty or fuzzy (Django would show Dutch): {untranslated}"


@pytest.mark.parametrize("language", TRANSLATED)
def test_no_translation_of_a_dutch_text_that_changed_or_went(language):
    current = set(SOURCES.items())
    stale = [key for key in catalogue(language) if key not in current]
    assert not stale, f"{language}: the Dutch text changed or was removed: {stale}"


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_placeholder_is_kept_in_every_translation(language):
    for (key, text), entry in catalogue(language).items():
        expected = sorted(languages.PLACEHOLDER.findall(text))
        assert sorted(languages.PLACEHOLDER.findall(entry.msgstr)) == expected, (language, key)


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_pages_show_the_catalogue_text_not_dutch(language):
    shown = ui_text(language)
    for (key, _), entry in catalogue(language).items():
        if key in NL:
            assert shown[key] == entry.msgstr, (language, key)
        if key in OPT_OUT:
            assert opt_out_text(language)[key] == entry.msgstr, (language, key)
        if key in MESSAGES:
            assert message_text(language, key) == entry.msgstr, (language, key)
    assert shown["next"] != NL["next"]
    letter_line = catalogue(language)[("letter_available", LETTER_TEXTS["letter_available"])]
    assert availability_lines((language,)) == ((language, letter_line.msgstr),)


def test_the_compiled_file_is_read_by_the_standard_gettext_library(tmp_path):
    """Python's own gettext reader is the independent check of the .mo writer; a fuzzy or
    empty entry stays out, as with GNU msgfmt."""
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        '#. machine-made, to be reviewed\nmsgctxt "next"\nmsgid "Volgende"\nmsgstr "İleri"\n\n'
        'msgid "Lange "\n"zin"\nmsgstr "Uzun "\n"cümle"\n\n'
        '#, fuzzy\nmsgid "Vorige"\nmsgstr "Geri"\n\n'
        'msgid "Stoppen"\nmsgstr ""\n',
        encoding="utf-8",
    )
    entries = languages.read_po(po)
    assert entries[1].is_machine_made and not entries[2].is_machine_made
    languages.write_mo(entries, tmp_path / "django.mo")
    with open(tmp_path / "django.mo", "rb") as mo:
        read = gettext.GNUTranslations(mo)
    assert read.pgettext("next", "Volgende") == "İleri"
    assert read.gettext("Lange zin") == "Uzun cümle"
    assert read.gettext("Vorige") == "Vorige"
    assert read.gettext("Stoppen") == "Stoppen"


def test_compiling_writes_only_what_changed(tmp_path):
    folder = tmp_path / "tr" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "django.po").write_text('msgid "Ja"\nmsgstr "Evet"\n', encoding="utf-8")
    assert languages.compile_catalogues(tmp_path) == [folder / "django.mo"]
    assert languages.compile_catalogues(tmp_path) == []


def test_arabic_is_the_right_to_left_language():
    assert languages.direction("ar") == "rtl"
    assert {languages.direction(code) for code in TRANSLATED if code != "ar"} == {"ltr"}


def test_a_deployment_without_compiled_translations_is_stopped_by_a_check(monkeypatch, tmp_path):
    from ervaring.responses.checks import check_translations_compiled

    assert check_translations_compiled() == []
    folder = tmp_path / "ar" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "django.po").write_text('msgid "Ja"\nmsgstr "نعم"\n', encoding="utf-8")
    monkeypatch.setattr(languages, "LOCALE_DIR", tmp_path)
    (error,) = check_translations_compiled()
    assert error.id == "ervaring.E011" and "ar" in error.msg
    languages.compile_catalogues()
    assert check_translations_compiled() == []
