"""The page where a project leader writes a survey's own words for letters, e-mails and SMS,
and sees the letter, e-mail and SMS a client would get before anything goes out."""

from dataclasses import asdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from ervaring import languages
from ervaring.fieldwork import message_texts, wording_services
from ervaring.fieldwork.channels.letter import LetterText, Recipient, body_paragraphs, subject_of
from ervaring.fieldwork.printing import letter_text
from ervaring.fieldwork.wording import Wording, untranslated
from ervaring.fieldwork.wording_forms import FILL_INS, WordingForm
from ervaring.questionnaires.lifecycle import Action, refusal
from ervaring.questionnaires.models import Survey
from ervaring.questionnaires.queries import get_survey_for
from ervaring.questionnaires.translations import DUTCH_NAMES


@login_required
def wording_page(request: HttpRequest, slug: str) -> HttpResponse:
    """GET shows the saved words; POST 'bekijken' previews typed words, 'brief' returns the
    letter of the typed words as a PDF, 'opslaan' saves them."""
    survey = get_survey_for(request.user, slug)
    saved = wording_services.wording_for(survey)
    translations = wording_services.translations_for(survey)
    initial = {
        **asdict(saved),
        **{
            wording_services.field_name(name, language): text
            for language, words in translations.items()
            for name, text in asdict(words).items()
        },
    }
    form = WordingForm(request.POST or None, initial=initial, other_languages=tuple(translations))
    action = request.POST.get("action", "")
    wording, is_reminder, language = saved, False, "nl"
    problems: dict[str, str] = {}
    if request.method == "POST" and form.is_valid():
        wording, translations = form.wording(), form.translations()
        is_reminder, language = form.is_reminder, form.preview_language
        problems = wording_services.check(survey, wording, translations)
        for name, problem in problems.items():
            form.add_error(name, problem)
        shown = wording if language == "nl" else translations.get(language, Wording())
        if action == "brief" and not problems:
            pdf = wording_services.preview_letter(
                survey, shown, is_reminder=is_reminder, language=language
            )
            response = HttpResponse(pdf, content_type="application/pdf")
            response["Content-Disposition"] = f'inline; filename="voorbeeldbrief-{slug}.pdf"'
            return response
        if action == "opslaan" and not problems:
            try:
                changed = wording_services.save_wording(
                    survey, wording, translations, actor=request.user
                )
            except wording_services.WordingError as error:
                messages.error(request, str(error))
                return redirect("fieldwork:wording", slug=survey.slug)
            messages.success(request, _saved_text(changed))
            return redirect("fieldwork:wording", slug=survey.slug)
    shown = wording if language == "nl" else translations.get(language, Wording())
    context = {
        "survey": survey,
        "form": form,
        "fill_ins": FILL_INS,
        "problems": problems,
        "closed_reason": refusal(survey.status, Action.EDIT_WORDING),
        "is_reminder": is_reminder,
        "untranslated": [
            (DUTCH_NAMES[code], ", ".join(labels).lower())
            for code, labels in untranslated(wording, translations).items()
        ],
        "preview_language": language,
        "preview_language_name": DUTCH_NAMES[language],
        "preview_direction": languages.direction(language),
        "preview": wording_services.preview(
            survey, shown, is_reminder=is_reminder, language=language
        ),
        "letter": _letter_preview(survey, shown, is_reminder, language),
    }
    return render(request, "fieldwork/wording.html", context, status=422 if problems else 200)


def _letter_preview(
    survey: Survey, wording: Wording, is_reminder: bool, language: str
) -> dict[str, object]:
    """The letter's subject and paragraphs as text, to read on the page beside the PDF."""
    text: LetterText = letter_text(
        survey, int(is_reminder), timezone.localdate(), wording=wording, language=language
    )
    recipient = Recipient((), "", "", about_child=survey.law == "jeugd", language=language)
    return {
        "subject": subject_of(text, language),
        "salutation": message_texts.text(language, "msg_salutation"),
        "paragraphs": body_paragraphs(text, recipient),
    }


def _saved_text(changed: list[str]) -> str:
    if not changed:
        return "Er was niets veranderd; de teksten zijn zoals ze waren."
    return (
        f"Opgeslagen: {', '.join(changed).lower()}. Brieven die u hierna drukt en berichten "
        "die hierna uitgaan, krijgen deze tekst; wat al weg is, blijft zoals het was."
    )
