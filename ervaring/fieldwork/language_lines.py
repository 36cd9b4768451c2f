"""Which language a client's letter, e-mail and SMS speak, and the letter's line, in each of
the survey's other languages, that the questionnaire is available in it: a client who reads
Turkish better than Dutch finds one sentence they can read, in their own language and script.

The sentence is a gettext message (context ``letter_available``) that every catalogue
translates as "This questionnaire is also in <its own language>".
"""

from django.utils import translation

from ervaring import languages
from ervaring.fieldwork.message_texts import message_language
from ervaring.fieldwork.models import Invitation
from ervaring.questionnaires.models import Survey
from ervaring.questionnaires.services import get_document

#: The Dutch source; each translation names its own language.
AVAILABLE = "Deze vragenlijst is er ook in het Nederlands."
#: Source texts of this module for the catalogues' completeness test: context -> Dutch.
SOURCE_TEXTS = {"letter_available": AVAILABLE}


def availability_lines(language_codes: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """(language, line) for every offered language but Dutch, in the switch's order."""
    lines = []
    for code in languages.offered(language_codes):
        if code == "nl":
            continue
        with translation.override(code):
            lines.append((code, translation.pgettext("letter_available", AVAILABLE)))
    return tuple(lines)


def survey_languages(survey: Survey) -> tuple[str, ...]:
    """The languages the survey's questionnaire in use lists (parsed once per version)."""
    return tuple(get_document(survey.current_version).languages)


def survey_availability_lines(survey: Survey) -> tuple[tuple[str, str], ...]:
    """The lines for the languages of the survey's questionnaire in use."""
    return availability_lines(survey_languages(survey))


def client_language(invitation: Invitation, offered: tuple[str, ...] | None = None) -> str:
    """The language of an invitation's letter, e-mail or SMS: the client's own (from the
    population file) when the survey offers it, else Dutch. Without contact data (deleted,
    or a quick invitation without a client) it is Dutch. `offered` defaults to the survey's
    languages, looked up only for a client who reads another language than Dutch."""
    client = invitation.client
    contact = getattr(client, "contact", None) if client is not None else None
    own = contact.language if contact is not None else ""
    if not own:
        return "nl"
    return message_language(own, offered or survey_languages(invitation.survey))
