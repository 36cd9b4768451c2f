"""What a client gets outside the web pages comes in their language: the population file's
'taal' column chooses it, the e-mail, SMS and letter follow it when the survey offers the
language, the paper questionnaire is printed in a chosen language, and a survey's own words
that lack a language are named when fieldwork starts (those readers get the standard text)."""

import email
import email.policy
import json
import re
import subprocess
import unicodedata
from dataclasses import replace
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from ervaring import languages
from ervaring.accounts.tests.factories import StaffFactory, TeamFactory
from ervaring.fieldwork import outbox, population_services, printing, sample_services, sending
from ervaring.fieldwork.channels import sms
from ervaring.fieldwork.channels.letter import (
    LetterText,
    Recipient,
    Sender,
    visual_line,
    write_letters,
)
from ervaring.fieldwork.message_texts import contact_sentence, reach
from ervaring.fieldwork.models import ContactDetails, SurveyWording
from ervaring.fieldwork.tests.population_files import HEADERS, csv_bytes, row
from ervaring.fieldwork.tests.test_wording import page_form
from ervaring.fieldwork.wording import Wording, sms_size
from ervaring.fieldwork.wording_services import check, save_wording
from ervaring.questionnaires import services as questionnaires
from ervaring.questionnaires.tests.factories import SurveyFactory
from ervaring.questionnaires.translations import DUTCH_NAMES

pytestmark = pytest.mark.django_db


def catalogue(language):
    """context -> translation, read straight from the .po file (not through our code)."""
    path = languages.LOCALE_DIR / language / "LC_MESSAGES" / "django.po"
    return {entry.context: entry.msgstr for entry in languages.read_po(path) if entry.msgid}


def survey_with_languages(cells, *, start=True):
    """A Wmo survey (offering nl, en, tr, ar, pl) whose population has a 'Taal' column:
    `cells` is one (row, language cell) pair per client."""
    survey = SurveyFactory()
    TeamFactory(organisation=survey.organisation, slug="noord", name="Wijkteam Noord")
    rows = [[*base, language] for base, language in cells]
    result = population_services.import_population(
        survey, csv_bytes(rows, headers=(*HEADERS, "Taal"))
    )
    assert result.is_imported, result.problems
    sample_services.draw_sample(survey, sample_services.SampleRequest(seed=1))
    return questionnaires.start_fieldwork(survey) if start else survey


def pdf_layer(data_or_path):
    args = ["pdftotext", "-layout", str(data_or_path), "-"]
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


# --- The population file ---------------------------------------------------------------


def test_the_language_column_takes_codes_and_dutch_english_and_own_names():
    cells = [
        (row("C-1", email="a@example.org"), "Turks"),
        (row("C-2", email="b@example.org"), "AR"),
        (row("C-3", email="c@example.org"), "العربية"),
        (row("C-4", email="d@example.org"), "polish"),
        (row("C-5", email="e@example.org"), "Nederlands"),
        (row("C-6", email="f@example.org"), ""),
        (row("C-7", email="g@example.org"), "Oekraïens"),
    ]
    survey = survey_with_languages(cells, start=False)
    stored = dict(
        ContactDetails.objects.filter(client__survey=survey).values_list(
            "client__client_ref", "language"
        )
    )
    assert stored == {
        "C-1": "tr",
        "C-2": "ar",
        "C-3": "ar",
        "C-4": "pl",
        "C-5": "",
        "C-6": "",
        "C-7": "uk",
    }


def test_an_unknown_language_is_refused_with_its_row_and_column_and_nothing_is_written():
    survey = SurveyFactory()
    TeamFactory(organisation=survey.organisation, slug="noord", name="Wijkteam Noord")
    rows = [[*row("C-1"), "Turks"], [*row("C-2"), "Klingon"]]
    result = population_services.import_population(
        survey, csv_bytes(rows, headers=(*HEADERS, "Taal"))
    )
    assert not result.is_imported
    (problem,) = result.problems
    assert (problem.row, problem.column) == (3, "Taal")
    assert "Onbekende taal" in problem.message and "Nederlands" in problem.message
    assert not ContactDetails.objects.filter(client__survey=survey).exists()


# --- E-mail and SMS ------------------------------------------------------------------------


def test_a_turkish_reading_client_gets_the_invitation_in_turkish_over_smtp(smtp_server):
    survey = survey_with_languages(
        [(row("T-1", email="turks@example.org"), "Turks"), (row("N-1", email="nl@example.org"), "")]
    )
    outbox.queue_invitations(survey)

    assert sending.send_due_messages().sent == 2

    received = {
        message["To"]: message
        for message in (
            email.message_from_bytes(envelope.content, policy=email.policy.default)
            for envelope in smtp_server.messages
        )
    }
    turkish, dutch = received["turks@example.org"], received["nl@example.org"]
    tr = catalogue("tr")
    assert turkish["Subject"] == tr["msg_email_subject"].format(
        organisation=survey.organisation.name
    )
    text = turkish.get_body(("plain",)).get_content()
    html = turkish.get_body(("html",)).get_content()
    assert tr["msg_email_opening"] in text
    assert tr["msg_salutation"] in text
    assert "Wilt u" not in text and "Beste meneer" not in text
    assert '<html lang="tr" dir="ltr">' in html
    assert tr["msg_email_button"] in html
    assert "wat vindt u van de hulp" in dutch["Subject"]


def test_a_language_the_survey_does_not_offer_gets_dutch(smtp_server):
    survey = survey_with_languages([(row("U-1", email="uk@example.org"), "Oekraïens")])
    outbox.queue_invitations(survey)  # the Wmo questionnaire has no Ukrainian
    sending.send_due_messages()
    (envelope,) = smtp_server.messages
    message = email.message_from_bytes(envelope.content, policy=email.policy.default)
    assert "Beste meneer, mevrouw," in message.get_body(("plain",)).get_content()


def test_the_sms_of_an_arabic_reader_is_arabic_and_counted_as_unicode(settings, tmp_path):
    settings.SMS_BACKEND = "ervaring.fieldwork.channels.sms.FileSmsBackend"
    settings.SMS_FILE = str(tmp_path / "sms.jsonl")
    survey = survey_with_languages([(row("A-1", mobile="0612000001"), "Arabisch")])
    outbox.queue_invitations(survey)
    sending.send_due_messages()
    (line,) = [json.loads(x) for x in (tmp_path / "sms.jsonl").read_text().splitlines()]
    lead = catalogue("ar")["msg_sms_lead"].format(organisation=survey.organisation.name)
    assert line["text"].startswith(lead)
    size = sms_size(line["text"])
    assert size.is_unicode and size.parts == -(-len(line["text"]) // 67)


def test_the_sms_part_count_is_checked_in_every_language_of_the_survey():
    survey = SurveyFactory()
    # 40 plain letters: with both links a Dutch (GSM) SMS stays in two parts, the same in
    # Turkish is Unicode (70 a part) and needs more than three.
    turkish_lead = "Merhaba, görüşünüz bizim için çok değerli: " + "a" * 40
    dutch = Wording(sms_text="Hallo, uw mening is voor ons heel waardevol: " + "a" * 40)
    assert check(survey, dutch) == {}
    found = check(survey, dutch, {"tr": Wording(sms_text=turkish_lead)})
    assert list(found) == ["sms_text__tr"]
    assert found["sms_text__tr"].startswith("Turks: ") and "sms-delen" in found["sms_text__tr"]
    example = sms.compose("Gemeente Ede", "https://x.nl/k/ABCD", True, "https://x", lead="x")
    assert not sms_size(example).is_unicode


# --- Letters ---------------------------------------------------------------------------------


def test_the_letter_of_an_arabic_reader_is_arabic_shaped_and_right_to_left(tmp_path):
    path = tmp_path / "brief.pdf"
    text = LetterText("ervaring.example", date(2026, 12, 14), letter_date=date(2026, 11, 23))
    arabic = Recipient(("Bewoner", "Dorpsstraat 1", "1234 AB Dorp"), "K7QM-4TXP-9HWD", "x")
    write_letters(path, Sender("Gemeente Voorbeeld"), text, [replace(arabic, language="ar")])
    layer = pdf_layer(path)
    # pdftotext puts the visual order back into reading order, marked with direction
    # controls; NFKC turns the joined letter forms back into letters.
    readable = " ".join(unicodedata.normalize("NFKC", re.sub("[\u202a-\u202e]", "", layer)).split())
    ar = catalogue("ar")
    for key in ("msg_letter_subject", "msg_letter_code", "msg_regards"):  # no harakat
        assert ar[key] in readable, key
    assert "ﺭﻣﺰﻙ" in layer  # drawn in joined forms, not as loose letters
    assert "K7QM-4TXP-9HWD" in layer and "ervaring.example" in layer
    assert "Beste meneer" not in readable and "Wat vindt u" not in readable
    # Set from the right margin: the subject line starts far from the left edge.
    (subject_line,) = [line for line in layer.splitlines() if "ﺣﺼﻠﺖ ﻋﻠﻴﻬﺎ" in line]
    assert len(subject_line) - len(subject_line.lstrip()) > 20


def test_an_arabic_line_that_starts_with_a_latin_word_still_reads_from_the_right():
    # A wrapped line can begin with "(Wmo)."; its first letter must not make it left to
    # right, and the brackets are mirrored so that they enclose the word as drawn.
    shown = visual_line("ar", "(Wmo). نود أن نعرف")
    assert shown.endswith(".(Wmo)")
    assert visual_line("ar", "نود (أن) نعرف").count("(") == 1
    assert visual_line("ar", "طفلك (بعد)").startswith("(")  # drawn from the right: ")" last


@pytest.mark.parametrize("language", ["nl", "ar"])
def test_a_print_run_prints_each_letter_in_its_clients_language(tmp_path, language):
    survey = survey_with_languages(
        [(row("L-1", name="Bewoner Een", number="1"), "ar" if language == "ar" else "")]
    )
    outbox.queue_invitations(survey)
    path = tmp_path / "brieven.pdf"
    printing.print_letters(survey, path)
    readable = unicodedata.normalize("NFKC", pdf_layer(path))
    if language == "ar":
        assert "Beste meneer" not in readable
        assert "This questionnaire is also in English" not in readable  # Dutch letter only
    else:
        assert "Beste meneer, mevrouw," in readable
        assert "This questionnaire is also in English" in readable


# --- The survey's own words in every language -------------------------------------------------


OWN_NL = Wording(extra_paragraph="Onder wie meedoet, verloten wij tien bloemenbonnen.")


def test_an_own_text_that_lacks_a_language_is_named_at_the_start_and_never_sent_in_dutch(
    smtp_server,
):
    survey = survey_with_languages([(row("C-1", email="a@example.org"), "Turks")], start=False)
    save_wording(survey, OWN_NL, actor=None)
    (notice,) = questionnaires.start_notices(survey)
    for code in ("en", "tr", "ar", "pl"):
        assert f"{DUTCH_NAMES[code]} ({code}): extra alinea" in notice
    translated = {
        code: Wording(extra_paragraph=f"[{code}] tien bloemenbonnen") for code in ("en", "pl")
    }
    save_wording(survey, OWN_NL, translated, actor=None)
    (notice,) = questionnaires.start_notices(survey)
    assert "Engels (en)" not in notice and "Turks (tr)" in notice
    questionnaires.start_fieldwork(survey)  # named, not stopped
    outbox.queue_invitations(survey)
    sending.send_due_messages()
    (envelope,) = smtp_server.messages
    text = email.message_from_bytes(envelope.content, policy=email.policy.default)
    body = text.get_body(("plain",)).get_content()
    assert catalogue("tr")["msg_salutation"] in body  # the standard text, in Turkish
    assert "bloemenbonnen" not in body


def test_starting_on_the_page_shows_the_notice(client):
    survey = survey_with_languages([(row("C-1", email="a@example.org"), "tr")], start=False)
    save_wording(survey, OWN_NL, actor=None)
    client.force_login(StaffFactory(organisation=survey.organisation))
    started = client.post(reverse("questionnaires:survey-start", args=[survey.slug]), follow=True)
    page = started.content.decode()
    assert "Het veldwerk is gestart." in page and "Turks (tr): extra alinea" in page


def test_the_turkish_version_of_an_own_paragraph_reaches_the_turkish_reader(smtp_server):
    survey = survey_with_languages([(row("T-1", email="turks@example.org"), "tr")], start=False)
    translated = {
        code: Wording(extra_paragraph=f"[{code}] tien bloemenbonnen")
        for code in ("en", "tr", "ar", "pl")
    }
    translated["tr"] = Wording(extra_paragraph="Katılanlar arasında on çiçek çeki çekiyoruz.")
    save_wording(survey, OWN_NL, translated, actor=None)
    questionnaires.start_fieldwork(survey)
    outbox.queue_invitations(survey)
    sending.send_due_messages()
    (envelope,) = smtp_server.messages
    text = email.message_from_bytes(envelope.content, policy=email.policy.default)
    body = text.get_body(("plain",)).get_content()
    assert "Katılanlar arasında on çiçek çeki çekiyoruz." in body
    assert "bloemenbonnen" not in body


# --- The paper questionnaire ------------------------------------------------------------------


def test_the_paper_questionnaire_is_printed_in_polish(tmp_path):
    survey = SurveyFactory(in_fieldwork=True)
    out = tmp_path / "papier.pdf"
    call_command(
        "paper_questionnaire", "--survey", survey.slug, "--out", str(out), "--language", "pl"
    )
    text = " ".join(pdf_layer(out).split())
    questionnaire = questionnaires.get_document(survey.current_version)
    pl = catalogue("pl")
    assert questionnaire.title["pl"] in text
    for question in list(questionnaire.questions())[:5]:
        assert " ".join(question.text["pl"].split())[:30] in text, question.id
    assert " ".join(pl["msg_paper_intro"].split())[:40] in text
    assert "strona 1" in text and "Kod: ____-____" in text
    assert "Zet een kruisje" not in text and "pagina" not in text
    assert "Alleen invullen als" not in text


def test_a_paper_language_the_questionnaire_lacks_is_refused_with_the_choices(tmp_path):
    survey = SurveyFactory(in_fieldwork=True)
    with pytest.raises(CommandError, match="Kies uit: nl, en, tr, ar, pl"):
        call_command(
            "paper_questionnaire",
            "--survey",
            survey.slug,
            "--out",
            str(tmp_path / "x.pdf"),
            "--language",
            "uk",
        )


def test_the_wording_page_takes_each_language_and_previews_the_message_in_it(client):
    survey = survey_with_languages([(row("C-1", email="a@example.org"), "tr")], start=False)
    client.force_login(StaffFactory(organisation=survey.organisation))
    url = f"/veldwerk/{survey.slug}/teksten/"
    page = client.get(url).content.decode()
    assert "In het Turks" in page and "In het Arabisch" in page
    assert 'name="extra_paragraph__ar"' in page and 'lang="ar" dir="rtl"' in page
    typed = page_form(
        extra_paragraph="Wij verloten bloemenbonnen.",
        extra_paragraph__tr="Çiçek çekleri çekiyoruz.",
        language="tr",
        action="bekijken",
    )
    page = client.post(url, typed).content.decode()
    tr = catalogue("tr")
    assert "Çiçek çekleri çekiyoruz." in page and tr["msg_email_duration"] in page
    assert "Zo krijgt een cliënt de uitnodiging in het Turks" in page
    # Not yet in English, Arabic and Polish: named on the page, and saved all the same.
    assert "Engels: extra alinea" in page and "Turks: extra alinea" not in page
    client.post(url, {**typed, "action": "opslaan"})
    stored = SurveyWording.objects.get(survey=survey)
    assert stored.translations == {"tr": {"extra_paragraph": "Çiçek çekleri çekiyoruz."}}


def test_how_to_reach_the_organisation_in_one_phrase_in_each_language():
    # Dutch written by hand (these were contact_text's sentences); the others from the file.
    assert reach("nl", "14 0318", "vragen@ede.nl") == "bel 14 0318 of mail naar vragen@ede.nl"
    assert contact_sentence("nl", "14 0318", "") == "Heeft u vragen? Bel 14 0318."
    assert contact_sentence("nl", "", "") == (
        "Bel ons: het telefoonnummer staat in uw brief of e-mail."
    )
    pl = catalogue("pl")
    phrase = pl["msg_reach_email"].format(email="vragen@ede.nl")
    assert contact_sentence("pl", "", "vragen@ede.nl") == (
        f"{pl['msg_questions']} {phrase[0].upper()}{phrase[1:]}."
    )


def test_saving_only_the_dutch_words_keeps_the_other_languages():
    survey = SurveyFactory()
    save_wording(survey, OWN_NL, {"tr": Wording(extra_paragraph="Çiçek çekleri.")}, actor=None)
    save_wording(survey, replace(OWN_NL, sms_text="Hoe was de hulp?"), actor=None)
    stored = SurveyWording.objects.get(survey=survey)
    assert stored.translations == {"tr": {"extra_paragraph": "Çiçek çekleri."}}
