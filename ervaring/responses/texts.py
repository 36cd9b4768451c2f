"""The fixed texts of the respondent pages: Dutch (B1) source texts, translated with gettext.

Questionnaire texts come from the questionnaire document; these are the words around them.
``NL`` holds every text in Dutch; the key is the gettext context (msgctxt) and the Dutch text
the msgid, so the translations live in ``ervaring/locale/<language>/LC_MESSAGES/django.po``
and a translator sees both the key and the Dutch text. A new key needs an entry in every
shipped language's ``.po`` file: ``ervaring/tests/test_translations.py`` names any missing one.
"""

import functools
from collections.abc import Mapping
from types import MappingProxyType

from django.utils import translation

NL = {
    "site_title": "Vragenlijst over uw ervaring",
    "skip": "Ga direct naar de inhoud",
    "start_heading": "Vul uw code in",
    "start_intro": (
        "U heeft een brief, e-mail of sms gekregen met een persoonlijke code. Met die code "
        "opent u de vragenlijst. Uw antwoorden worden niet gekoppeld aan uw naam."
    ),
    "code_label": "Uw code",
    "code_hint": "De code heeft 12 tekens, bijvoorbeeld K7QM-4TXP-9HWD.",
    "start_button": "Begin",
    "resume_note": "Bent u al begonnen? Vul dezelfde code in. U gaat verder waar u was.",
    "error_title": "Er is een probleem",
    "error_prefix": "Fout",
    "expired_title": "Uw sessie is verlopen",
    "expired_text": (
        "U heeft {duration} niets gedaan op deze website. Daarom hebben we de "
        "vragenlijst gesloten. Zo kan iemand anders uw antwoorden niet zien. Vul de code uit "
        "uw brief, e-mail of sms opnieuw in. De antwoorden die u al gaf, zijn bewaard. U gaat "
        "verder op de pagina waar u was. Wat u daar nog niet had verstuurd, vult u opnieuw in."
    ),
    "errors_title": "Er is een probleem",
    "step": "Stap {step} van {count}",
    "next": "Volgende",
    "send": "Versturen",
    "back": "Vorige",
    "stop": "Stoppen en later verder",
    "begin": "Begin met de vragen",
    "welcome_saved": (
        "Uw antwoorden worden bewaard zodra u op Volgende drukt. U kunt stoppen en later "
        "verder gaan met dezelfde code."
    ),
    "welcome_pages": "De vragenlijst heeft {count} korte delen.",
    "optional": "U mag een vraag overslaan.",
    "other_label": "Uw antwoord op ‘{question}’",
    "choose_one": "Kies één antwoord.",
    "choose_more": "U mag meer antwoorden kiezen.",
    "review_heading": "Kijk uw antwoorden na",
    "review_intro": (
        "Hieronder staan uw antwoorden. Klopt er iets niet? Kies dan Wijzig bij dat deel."
    ),
    "review_empty_heading": "Bij deze delen heeft u nog niets ingevuld",
    "review_empty_note": "Dat mag. Wilt u ze toch invullen? Kies dan de naam van het deel.",
    "review_none": "U heeft nog geen enkele vraag beantwoord.",
    "review_confirm_empty": "Ja, ik wil de vragenlijst versturen zonder antwoorden.",
    "review_confirm_error": (
        "Zet een vinkje als u wilt versturen zonder antwoorden. Of vul eerst de vragen in."
    ),
    "review_final": "Na het versturen kunt u niets meer veranderen.",
    "not_answered": "Niet ingevuld",
    "change": "Wijzig",
    "change_hidden": "uw antwoorden bij",
    "to_review": "Terug naar het overzicht",
    "paused_heading": "Uw antwoorden zijn bewaard",
    "paused_text": (
        "U kunt later verder gaan. Ga dan weer naar deze website en vul dezelfde code in. "
        "U komt dan terug op de plek waar u was."
    ),
    "thanks_heading": "Hartelijk dank!",
    "thanks_text": "Uw antwoorden zijn verstuurd. U kunt dit venster nu sluiten.",
    "home": "Naar het begin",
    "privacy": (
        "Uw antwoorden worden apart van uw naam en adres bewaard. In het rapport ziet "
        "niemand wat u persoonlijk heeft geantwoord."
    ),
    "staff_login": "Inloggen voor medewerkers",
    "privacy_link": "Privacy",
    "accessibility_link": "Toegankelijkheid",
    "required": "(verplicht)",
    "kiosk_heading": "Geef uw mening",
    "kiosk_intro": (
        "Wat vindt u van de hulp die u kreeg? Het invullen duurt ongeveer 10 minuten. Uw "
        "antwoorden worden niet aan uw naam gekoppeld."
    ),
    "kiosk_button": "Geef uw mening",
    "kiosk_idle": (
        "Doet u {duration} niets? Dan begint de tablet opnieuw voor de volgende persoon. "
        "Eerst vraagt de tablet of u er nog bent. Wat u al verstuurde, is bewaard."
    ),
    "kiosk_still_there": "Bent u er nog?",
    "kiosk_countdown_before": "Doet u niets? Dan begint de tablet opnieuw over",
    "kiosk_countdown_after": "seconden.",
    "kiosk_countdown_announce": "Nog {seconds} seconden. Druk op Ja, ik ga verder.",
    "kiosk_countdown_lost": "Wat u op deze pagina nog niet verstuurde, is dan weg.",
    "kiosk_continue": "Ja, ik ga verder",
    "kiosk_back_to_questions": "Terug naar de vragen",
    "kiosk_stop": "Stoppen",
    "kiosk_thanks_next": "Klaar",
    "kiosk_thanks_text": "Uw antwoorden zijn verstuurd. Geef de tablet terug aan de medewerker.",
    "kiosk_lock": "Tablet vergrendelen (voor medewerkers)",
    "language_label": "Kies een taal",
    "privacy_heading": "Privacy",
    "privacy_lead": (
        "De gemeente moet mensen die hulp krijgen vragen hoe zij die hulp ervaren. Dat staat "
        "in de Wmo en de Jeugdwet. Daarom krijgt u deze vragenlijst."
    ),
    "privacy_voluntary": "Meedoen is vrijwillig. U mag vragen overslaan.",
    "privacy_contact_data": (
        "Uw naam en adres gebruiken we alleen om u uit te nodigen. We bewaren ze apart van uw "
        "antwoorden. Na het onderzoek gooien we ze weg."
    ),
    "privacy_answers": (
        "Uw antwoorden bewaren we met een willekeurig nummer, niet met uw naam. In het rapport "
        "staan alleen uitkomsten van groepen, nooit van één persoon."
    ),
    "privacy_no_names": (
        "Schrijf geen namen of telefoonnummers in uw antwoorden. Doet u dat toch? Dan halen we "
        "ze weg voordat iemand de antwoorden leest."
    ),
    "kiosk_locked_title": "Tablet vergrendeld",
    "kiosk_locked_heading": "Deze tablet is vergrendeld",
    "kiosk_locked_text": (
        "Hier kunt u nu geen vragenlijst invullen. Vraag een medewerker om de tablet klaar te "
        "zetten."
    ),
    "kiosk_locked_staff": "Tablet klaarzetten (voor medewerkers)",
    "reject_throttled": (
        "Via deze internetverbinding is een paar keer een verkeerde code ingevuld. Wacht "
        "daarom even. Druk over {seconds} opnieuw op Begin. Uw code staat er nog. Lukt het "
        "niet? {contact}"
    ),
    "reject_empty": "Vul uw code in. U vindt de code in uw brief, e-mail of sms.",
    "reject_malformed": (
        "Deze code klopt niet. Een code heeft 12 tekens, zoals K7QM-4TXP-9HWD. Kijk goed in "
        "uw brief."
    ),
    "reject_unknown": (
        "We kennen deze code niet. Kijk goed of u de code goed heeft overgenomen uit uw brief."
    ),
    "reject_not_open": (
        "Dit onderzoek is nog niet begonnen of het is al afgelopen. Invullen kan nu niet."
    ),
    "reject_completed": (
        "U heeft de vragenlijst al ingevuld en verstuurd. Hartelijk dank! Veranderen kan niet meer."
    ),
    "reject_opted_out": (
        "U heeft laten weten dat u niet mee wilt doen. Wilt u toch meedoen? {contact}"
    ),
    "contact_phone_email": "Bel {phone} of mail naar {email}.",
    "contact_phone": "Bel {phone}.",
    "contact_email": "Mail naar {email}.",
    "contact_from_letter": "Bel ons: het telefoonnummer staat in uw brief of e-mail.",
    "minute_one": "{count} minuut",
    "minute_many": "{count} minuten",
    "second_one": "{count} seconde",
    "second_many": "{count} seconden",
    "welcome_back": "Welkom terug. U gaat verder waar u was gebleven.",
    "read_aloud": "Lees voor",
    "read_aloud_stop": "Stop met voorlezen",
    "kiosk_contact": "Heeft u vragen? Vraag het aan de medewerker die u de tablet gaf.",
    "questions_lead": "Heeft u vragen?",
}


@functools.cache
def ui_text(language: str) -> Mapping[str, str]:
    """Every fixed text in ``language``; a text without a translation stays Dutch, which
    the completeness test prevents for the shipped languages.

    Built once per language and process: the catalogues do not change while the process
    runs, and looking up every text anew took a tenth of each respondent page's time."""
    with translation.override(language):
        return MappingProxyType({key: translation.pgettext(key, text) for key, text in NL.items()})


def duration(seconds: int, language: str) -> str:
    """A time limit in words: in minutes when it is whole minutes ("30 minuten"), so that the
    texts stay true when an installation changes the limits."""
    minutes, rest = divmod(seconds, 60)
    if minutes and not rest:
        return _count("minute", minutes, language)
    return _count("second", seconds, language)


def _count(unit: str, count: int, language: str) -> str:
    form = "one" if count == 1 else "many"
    return ui_text(language)[f"{unit}_{form}"].format(count=count)


def contact_sentence(language: str, phone: str, email: str) -> str:
    """ "Bel 14 0123 of mail naar ...", in the page's language; without either, the person is
    pointed at the number in their letter or e-mail."""
    text = ui_text(language)
    if phone and email:
        return text["contact_phone_email"].format(phone=phone, email=email)
    if phone:
        return text["contact_phone"].format(phone=phone)
    if email:
        return text["contact_email"].format(email=email)
    return text["contact_from_letter"]


def rejection_message(
    reason: str, language: str, wait_seconds: int = 0, contact: tuple[str, str] = ("", "")
) -> str:
    """Why a code does not open the questionnaire, with the way on: ``contact`` is the
    organisation's (phone, e-mail) when known."""
    return ui_text(language)[f"reject_{reason}"].format(
        seconds=_count("second", wait_seconds, language),
        contact=contact_sentence(language, *contact),
    )
