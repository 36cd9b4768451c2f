"""A survey's own words in letters, e-mails and SMS: checked, previewed, logged, and used for
what is printed or sent afterwards, never losing the parts that make a message work."""

import json
import subprocess

import pytest
from django.core import mail

from ervaring.accounts.models import AuditEvent
from ervaring.accounts.tests.factories import StaffFactory
from ervaring.fieldwork import outbox, printing, sending
from ervaring.fieldwork.channels import sms
from ervaring.fieldwork.models import SurveyWording
from ervaring.fieldwork.tests.sending_helpers import email_rows, letter_rows, sampled_survey
from ervaring.fieldwork.tests.sending_helpers import sms_rows as mobile_rows
from ervaring.fieldwork.wording import Wording, fill, problems, sms_problem, sms_size
from ervaring.fieldwork.wording_services import WordingError, save_wording
from ervaring.questionnaires import services as questionnaires


def pdf_text(data: bytes) -> str:
    out = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True)
    return " ".join(out.stdout.decode().split())


# --- The rules (plain) ---------------------------------------------------------------------


def test_sms_parts_follow_the_gsm_and_unicode_limits():
    # 3GPP TS 23.038 / GSM 03.38: 160 characters in one part, 153 per part when split;
    # one character outside the GSM alphabet (ë) makes it UCS-2: 70, or 67 per part.
    assert sms_size("a" * 160).parts == 1
    assert sms_size("a" * 161).parts == 2
    assert sms_size("a" * 306).parts == 2
    assert sms_size("a" * 307).parts == 3
    assert sms_size("é" * 160).parts == 1  # é is in the GSM alphabet
    assert sms_size("€" * 80).parts == 1  # the euro sign takes two places
    assert sms_size("€" * 81).parts == 2
    unicode = sms_size("cliënt" + "a" * 64)
    assert (unicode.parts, unicode.is_unicode) == (1, True)
    assert sms_size("cliënt" + "a" * 65).parts == 2
    assert "70 tekens" in unicode.describe()


def test_an_unknown_fill_in_is_named_with_the_ones_that_exist():
    found = problems(Wording(invitation_opening="U kreeg hulp van {organsatie} via {wet}."))
    assert list(found) == ["invitation_opening"]
    assert "Eerste alinea van de uitnodiging" in found["invitation_opening"]
    assert "{organsatie}" in found["invitation_opening"]
    assert "{organisatie}, {wet}, {datum}" in found["invitation_opening"]
    assert "tegenhanger" in problems(Wording(extra_paragraph="Tot {datum."))["extra_paragraph"]
    assert "hoogstens 90" in problems(Wording(letter_subject="x" * 91))["letter_subject"]
    assert problems(Wording(email_subject="Twee\nregels")) != {}
    assert problems(Wording(sms_text="{ organisatie } vraagt het u")) == {}


def test_fill_ins_are_filled_and_nothing_else_changes():
    values = {"organisatie": "Gemeente Ede", "wet": "de Wmo", "datum": "14 december 2026"}
    text = "{organisatie} vraagt u vóór {datum} (via {wet}) iets; 100% vrijwillig."
    assert fill(text, values) == (
        "Gemeente Ede vraagt u vóór 14 december 2026 (via de Wmo) iets; 100% vrijwillig."
    )


def test_an_sms_is_never_cut_so_both_links_stay_whole():
    """The old SMS was cut at 320 characters, which took the opt-out link's end away from a
    municipality with a long name and a long address."""
    base = "https://vragenlijst.gemeente-voorbeeld-aan-de-rivier.nl"
    link, opt_out = f"{base}/k/K7QM4TXP9HWD", f"{base}/afmelden/1234567890-abcdefghijklmnop/"
    name = "Gemeente Voorbeeld aan de Rivier, afdeling Maatschappelijke Ondersteuning en Jeugd"
    text = sms.compose(name, link, is_reminder=True, opt_out_link=opt_out)
    assert f" {link} " in text and text.endswith(opt_out)
    assert sms_problem(sms_size(text)) == ""  # 3 parts: still allowed
    assert "hoogstens 3 sms-delen" in sms_problem(sms_size(text + "x" * 200))


# --- Saving, using and previewing (database) -----------------------------------------------


OWN = Wording(
    letter_subject="Uw mening over de Wmo-hulp in {organisatie}",
    invitation_opening="U kreeg dit jaar hulp via {wet}. {organisatie} hoort graag hoe dat ging.",
    reminder_opening="Misschien is onze eerste brief u ontgaan.",
    extra_paragraph="Onder wie meedoet, verloten wij tien bloemenbonnen.",
    email_subject="Hoe was de hulp van {organisatie}?",
    sms_text="{organisatie} vraagt: hoe was de hulp? Vul het in voor {datum}:",  # GSM-7 only
)


@pytest.mark.django_db
def test_saved_words_are_logged_by_field_and_go_into_the_e_mail_and_the_sms(settings, tmp_path):
    settings.SMS_BACKEND = "ervaring.fieldwork.channels.sms.FileSmsBackend"
    settings.SMS_FILE = str(tmp_path / "sms.jsonl")
    survey = sampled_survey(email_rows(1) + mobile_rows(1))
    name = survey.organisation.name
    actor = StaffFactory(organisation=survey.organisation)
    changed = save_wording(survey, OWN, actor=actor)
    assert "Onderwerp van de e-mail" in changed and "Tekst van de sms" in changed
    event = AuditEvent.objects.get(action="fieldwork.wording_changed")
    assert (event.actor, event.target) == (actor, survey.slug)
    assert "Extra alinea" in event.details["fields"]
    assert save_wording(survey, OWN, actor=actor) == []  # nothing changed: nothing logged
    assert AuditEvent.objects.filter(action="fieldwork.wording_changed").count() == 1

    outbox.queue_invitations(survey)
    assert sending.send_due_messages().sent == 2
    (sent,) = mail.outbox
    assert sent.subject == f"Hoe was de hulp van {name}?"
    assert f"U kreeg dit jaar hulp via de Wmo. {name} hoort graag hoe dat ging." in sent.body
    assert "verloten wij tien bloemenbonnen" in sent.body
    assert "Wilt u niet meedoen?" in sent.body and "/k/" in sent.body  # the fixed parts
    (line,) = (tmp_path / "sms.jsonl").read_text().splitlines()
    text = json.loads(line)["text"]
    assert text.startswith(f"{name} vraagt: hoe was de hulp? Vul het in voor ")
    assert "/k/" in text and "Niet meedoen? " in text and "{" not in text


@pytest.mark.django_db
def test_printed_letters_carry_the_own_subject_opening_and_extra_paragraph(tmp_path):
    survey = sampled_survey(letter_rows(1))
    save_wording(survey, OWN, actor=None)
    outbox.queue_invitations(survey)
    path = tmp_path / "brieven.pdf"
    printing.print_letters(survey, path)
    text = pdf_text(path.read_bytes())
    name = survey.organisation.name
    assert f"Uw mening over de Wmo-hulp in {name}" in text
    assert f"U kreeg dit jaar hulp via de Wmo. {name} hoort graag hoe dat ging." in text
    assert "Onder wie meedoet, verloten wij tien bloemenbonnen." in text
    assert "Uw persoonlijke code:" in text and "Privacy:" in text  # the fixed parts


@pytest.mark.django_db
def test_an_sms_text_that_would_need_four_parts_is_refused_naming_the_field():
    """200 characters with one ë: Unicode, 67 per part, so with both links over 3 parts."""
    survey = sampled_survey(mobile_rows(1), start=False)
    long_text = ("Alle cliënten horen wij graag over de hulp van de gemeente. " * 4)[:200]
    with pytest.raises(WordingError) as refused:
        save_wording(survey, Wording(sms_text=long_text), actor=None)
    assert "Tekst van de sms" in refused.value.problems["sms_text"]
    assert "sms-delen" in refused.value.problems["sms_text"]
    assert not SurveyWording.objects.exists()


@pytest.mark.django_db
def test_a_closed_survey_keeps_its_words():
    survey = sampled_survey(email_rows(1))
    questionnaires.close_fieldwork(survey)
    with pytest.raises(WordingError) as refused:
        save_wording(survey, OWN, actor=None)
    assert "liggen vast" in str(refused.value)
    assert not SurveyWording.objects.exists()


# --- The page ------------------------------------------------------------------------------


def page_form(**changes):
    data = {
        "letter_subject": "",
        "invitation_opening": "",
        "reminder_opening": "",
        "extra_paragraph": "",
        "email_subject": "",
        "sms_text": "",
        "show": "uitnodiging",
    }
    return {**data, **changes}


@pytest.mark.django_db
def test_the_page_previews_typed_words_without_saving_and_names_a_bad_fill_in(client):
    survey = sampled_survey(email_rows(1), start=False)
    client.force_login(StaffFactory(organisation=survey.organisation))
    url = f"/veldwerk/{survey.slug}/teksten/"
    page = client.get(url).content.decode()
    assert "wil graag weten wat u van de hulp vindt" in page  # the standard SMS
    typed = page_form(email_subject="Hoe ging het met {organisatie}?", action="bekijken")
    page = client.post(url, typed).content.decode()
    assert f"Onderwerp: Hoe ging het met {survey.organisation.name}?" in page
    assert not SurveyWording.objects.exists()
    response = client.post(url, page_form(sms_text="{gemeente} vraagt het u", action="opslaan"))
    assert response.status_code == 422
    page = response.content.decode()
    assert "<title>Fout: " in page and "Er is een probleem" in page
    assert "{gemeente} kennen wij niet" in page and 'href="#id_sms_text"' in page
    assert not SurveyWording.objects.exists()
    response = client.post(url, page_form(letter_subject="Uw mening telt", action="brief"))
    assert response["Content-Type"] == "application/pdf"
    assert "Uw mening telt" in pdf_text(response.content)
    assert not SurveyWording.objects.exists()
    response = client.post(url, page_form(letter_subject="Uw mening telt", action="opslaan"))
    assert response.status_code == 302
    assert SurveyWording.objects.get(survey=survey).letter_subject == "Uw mening telt"


@pytest.mark.django_db
def test_another_organisation_and_a_professional_cannot_open_the_page(client):
    survey = sampled_survey(email_rows(1), start=False)
    url = f"/veldwerk/{survey.slug}/teksten/"
    client.force_login(StaffFactory())  # another organisation
    assert client.get(url).status_code == 404
    assert client.post(url, page_form(action="opslaan", sms_text="x")).status_code == 404
    client.force_login(StaffFactory(professional=True, organisation=survey.organisation))
    assert client.get(url).status_code == 404
    assert not SurveyWording.objects.exists()
