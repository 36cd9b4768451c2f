"""Letters from invitations: the `letters` command, print runs, reminders by letter."""

import io
import re
import subprocess

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from ervaring.accounts.tests.factories import StaffFactory
from ervaring.fieldwork import codes, printing, reminders, sending
from ervaring.fieldwork.models import Invitation, LetterBatch, Message
from ervaring.fieldwork.tests.population_files import row
from ervaring.fieldwork.tests.sending_helpers import (
    age_sent_messages,
    email_rows,
    letter_rows,
    sampled_survey,
)

pytestmark = pytest.mark.django_db


def pdf_text(path, page):
    return subprocess.run(
        ["pdftotext", "-layout", "-f", str(page), "-l", str(page), path, "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def page_count(path):
    info = subprocess.run(["pdfinfo", path], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))


def test_the_letters_command_prints_one_page_per_letter_invitation_with_its_code(tmp_path):
    survey = sampled_survey(letter_rows(3) + email_rows(2))
    out = tmp_path / "brieven.pdf"
    stdout = io.StringIO()
    call_command("letters", survey=survey.slug, out=str(out), stdout=stdout)
    assert "wrote 3 letters" in stdout.getvalue()
    assert page_count(out) == 3
    letter_invitations = Invitation.objects.filter(survey=survey, channel="brief").order_by("pk")
    for page, invitation in enumerate(letter_invitations, start=1):
        code = codes.decrypt_code(invitation.code_encrypted, codes_key())
        text = pdf_text(out, page)
        assert codes.format_code(code) in text
        assert invitation.client.contact.name in text
    assert Message.objects.filter(channel="brief", status="sent").count() == 3
    assert not Message.objects.filter(channel="email").exists()  # letters do not send e-mail


def codes_key():
    return settings.CODE_KEY


def test_a_second_run_prints_nothing_again_but_a_batch_can_be_reprinted(tmp_path):
    survey = sampled_survey(letter_rows(2))
    call_command("letters", survey=survey.slug, out=str(tmp_path / "a.pdf"), stdout=io.StringIO())
    with pytest.raises(CommandError, match="geen brieven"):
        call_command("letters", survey=survey.slug, out=str(tmp_path / "b.pdf"))
    batch = LetterBatch.objects.get()
    call_command(
        "letters",
        survey=survey.slug,
        out=str(tmp_path / "c.pdf"),
        batch=batch.pk,
        stdout=io.StringIO(),
    )
    assert page_count(tmp_path / "c.pdf") == 2
    assert pdf_text(tmp_path / "a.pdf", 1) == pdf_text(tmp_path / "c.pdf", 1)


def test_a_stratum_prints_only_its_own_letters(tmp_path):
    rows = [
        row("L-1", "Begeleiding", name="Eerste"),
        row("L-2", "Vervoer", name="Tweede"),
        row("L-3", "Begeleiding", name="Derde"),
    ]
    survey = sampled_survey(rows)
    batch = printing.print_letters(survey, tmp_path / "b.pdf", stratum="begeleiding")
    assert batch.letters == 2 and batch.stratum == "begeleiding"
    assert "Tweede" not in pdf_text(tmp_path / "b.pdf", 1) + pdf_text(tmp_path / "b.pdf", 2)


def test_a_parent_gets_the_letter_about_their_child(tmp_path):
    rows = [row("J-1", "Ambulante jeugdhulp", law="Jeugd", born="01-01-2016", name="Kind")]
    survey = sampled_survey(rows, template="jeugd")
    printing.print_letters(survey, tmp_path / "j.pdf")
    text = pdf_text(tmp_path / "j.pdf", 1)
    assert "ouder(s)/verzorger(s) van Kind" in text
    assert "uw kind" in text


def test_reminder_letters_go_only_to_those_who_have_not_answered(tmp_path):
    survey = sampled_survey(letter_rows(3))
    printing.print_letters(survey, tmp_path / "u.pdf")
    first, second, third = Invitation.objects.filter(survey=survey).order_by("pk")
    Invitation.objects.filter(pk=first.pk).update(is_completed=True, is_started=True)
    Invitation.objects.filter(pk=second.pk).update(is_opted_out=True)
    age_sent_messages(days=8)
    assert reminders.queue_due_reminders(survey) == {1: 1, 2: 0}
    assert sending.send_due_messages().handled == 0  # letters wait for the print run
    batch = printing.print_letters(survey, tmp_path / "h.pdf", reminder_number=1)
    assert batch.letters == 1
    text = pdf_text(tmp_path / "h.pdf", 1)
    code = codes.decrypt_code(third.code_encrypted, codes_key())
    assert codes.format_code(code) in text and "Onlangs vroegen wij u" in text


def test_the_staff_page_makes_and_downloads_a_print_run(client, tmp_path):
    survey = sampled_survey(letter_rows(2))
    client.force_login(StaffFactory(organisation=survey.organisation))
    made = client.post(f"/veldwerk/{survey.slug}/brieven/", {"reminder_number": 0, "stratum": ""})
    assert made.status_code == 200 and made["Content-Type"] == "application/pdf"
    (tmp_path / "m.pdf").write_bytes(made.content)
    assert page_count(tmp_path / "m.pdf") == 2
    batch = LetterBatch.objects.get()
    again = client.get(f"/veldwerk/{survey.slug}/brieven/{batch.pk}.pdf")
    assert again.status_code == 200 and again.content[:4] == b"%PDF"
    page = client.get(f"/veldwerk/{survey.slug}/uitnodigingen/")
    assert page.status_code == 200 and f"PDF van reeks {batch.pk}" in page.content.decode()
