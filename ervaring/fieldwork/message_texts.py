"""The standard texts of what a client receives outside the web pages, in their language:
the invitation and reminder e-mails, the SMS, the letter and the paper questionnaire.

Each text is a gettext message: the key is its context (``msgctxt``), the Dutch text below
its ``msgid``, and every shipped language's catalogue has it (``docs/translations.md``). A
client whose language the survey offers gets these in that language, with the survey's own
words in that language where it has them (``fieldwork.wording``).

Plain functions over Django's translation machinery; no database.
"""

import functools
from datetime import date

from django.utils import translation
from django.utils.formats import date_format

from ervaring import languages
from ervaring.dutch_dates import dutch_date

#: key (gettext context) -> Dutch source text. Placeholders in curly brackets are kept by
#: every translation (checked by the catalogue tests).
MESSAGES: dict[str, str] = {
    "msg_salutation": "Beste meneer, mevrouw,",
    "msg_regards": "Met vriendelijke groet,",
    "msg_deadline": "Wilt u de vragenlijst invullen vóór {date}?",
    "msg_questions": "Heeft u vragen?",
    "msg_reach_phone_email": "bel {phone} of mail naar {email}",
    "msg_reach_phone": "bel {phone}",
    "msg_reach_email": "mail naar {email}",
    "msg_reach_from_letter": "Bel ons: het telefoonnummer staat in uw brief of e-mail.",
    "msg_email_subject": "{organisation}: wat vindt u van de hulp?",
    "msg_email_subject_reminder": "Herinnering: wat vindt u van de hulp?",
    "msg_email_reminder_subject": "Herinnering: {subject}",
    "msg_email_opening": (
        "U kreeg hulp of ondersteuning van de gemeente. Wij willen graag weten wat u daarvan "
        "vindt. Met uw antwoorden maken wij de hulp beter."
    ),
    "msg_email_opening_child": (
        "Uw kind kreeg hulp of ondersteuning van de gemeente. Wij willen graag weten wat u "
        "daarvan vindt. Met uw antwoorden maken wij de hulp beter."
    ),
    "msg_email_reminder_opening": (
        "Onlangs vroegen wij u mee te doen aan ons onderzoek. Wij horen nog steeds graag wat u "
        "vindt van de hulp die u kreeg."
    ),
    "msg_email_reminder_opening_child": (
        "Onlangs vroegen wij u mee te doen aan ons onderzoek. Wij horen nog steeds graag wat u "
        "vindt van de hulp die uw kind kreeg."
    ),
    "msg_email_duration": (
        "Het invullen duurt ongeveer 10 minuten. Uw antwoorden worden apart van uw naam bewaard."
    ),
    "msg_email_start": "Begin hier: {link}",
    "msg_email_no_link": "Lukt de link niet? Ga dan naar {address} en vul deze code in: {code}",
    "msg_email_opt_out": "Wilt u niet meedoen? Klik dan hier: {link}",
    "msg_email_button": "Begin met de vragenlijst",
    "msg_email_no_button": "Lukt de knop niet? Ga naar {address} en vul deze code in:",
    "msg_email_opt_out_question": "Wilt u niet meedoen?",
    "msg_email_opt_out_link": "Laat het ons weten",
    "msg_sms_lead": "{organisation} wil graag weten wat u van de hulp vindt. Het kost 10 minuten:",
    "msg_sms_reminder": "Herinnering:",
    "msg_sms_opt_out": "Niet meedoen? {link}",
    "msg_letter_subject": "Wat vindt u van de hulp die u kreeg?",
    "msg_letter_date": "Datum: {date}",
    "msg_law_wmo": "de Wmo",
    "msg_law_jeugd": "de Jeugdwet",
    "msg_letter_opening": (
        "U krijgt deze brief omdat u hulp of ondersteuning kreeg via {law}. Wij willen graag "
        "weten wat u van die hulp vindt. Met uw antwoorden maken wij de hulp beter."
    ),
    "msg_letter_opening_child": (
        "U krijgt deze brief omdat uw kind hulp of ondersteuning kreeg via {law}. Wij willen "
        "graag weten wat u van die hulp vindt. Met uw antwoorden maken wij de hulp beter."
    ),
    "msg_letter_reminder_opening": (
        "Onlangs vroegen wij u mee te doen aan ons onderzoek. Misschien heeft u het druk gehad. "
        "Wij horen nog steeds graag wat u vindt van de hulp die u kreeg."
    ),
    "msg_letter_reminder_opening_child": (
        "Onlangs vroegen wij u mee te doen aan ons onderzoek. Misschien heeft u het druk gehad. "
        "Wij horen nog steeds graag wat u vindt van de hulp die uw kind kreeg."
    ),
    "msg_letter_privacy": (
        "Het invullen duurt ongeveer 10 minuten. Meedoen is vrijwillig. Uw antwoorden worden "
        "apart van uw naam bewaard. In het rapport staat nooit wat u persoonlijk antwoordde."
    ),
    "msg_letter_how": (
        "Zo doet u mee: ga op uw telefoon, tablet of computer naar {address} en vul de code in "
        "die hieronder staat. Of scan de QR-code met de camera van uw telefoon."
    ),
    "msg_letter_website": "Website:",
    "msg_letter_code": "Uw persoonlijke code:",
    "msg_letter_help": (
        "Liever op papier of via de telefoon? Of heeft u vragen? Neem dan contact met ons op: "
        "{contact}."
    ),
    "msg_letter_help_no_contact": (
        "Liever op papier of via de telefoon? Of heeft u vragen? Neem contact met ons op."
    ),
    "msg_letter_opt_out": "Wilt u niet meedoen? Laat het ons weten, dan krijgt u geen herinnering.",
    "msg_letter_thanks": "Alvast hartelijk dank!",
    "msg_letter_footer": (
        "Privacy: uw naam en adres gebruiken wij alleen voor dit onderzoek. Na het onderzoek "
        "verwijderen wij ze."
    ),
    "msg_paper_intro": (
        "Zet een kruisje in het rondje of hokje bij uw antwoord. Staat er bij een vraag "
        "'Alleen invullen als ...'? Sla de vraag dan over als dat niet voor u geldt. Stuur de "
        "vragenlijst terug in de envelop. Een postzegel is niet nodig."
    ),
    "msg_paper_multi": "U mag meer hokjes aankruisen.",
    "msg_paper_code": "Code: {code}",
    "msg_paper_page": "{title} · pagina {page}",
    "msg_paper_only_if": "Alleen invullen als {condition}.",
    "msg_paper_otherwise": "Anders gaat u verder met het volgende deel.",
    "msg_paper_and": "{first} en {second}",
    "msg_paper_or": "{first} of {second}",
    "msg_paper_answered": "u bij vraag {number} {answers} heeft aangekruist",
    "msg_paper_not_answered": "u bij vraag {number} niet {answers} heeft aangekruist",
    "msg_paper_role_ouder": "u de ouder of verzorger bent",
    "msg_paper_role_jongere": "u de jongere zelf bent",
    "msg_paper_role_client": "u de cliënt bent",
    "msg_paper_applies": "Alleen invullen als dit voor u geldt.",
}


def message_language(client_language: str, survey_languages: tuple[str, ...] | list[str]) -> str:
    """The language a client's messages go out in: theirs when the survey offers it (its
    questionnaire lists it and Ervaring ships it), else Dutch, the language every text has."""
    if client_language in languages.offered(survey_languages):
        return client_language
    return "nl"


def text(language: str, key: str, **values: object) -> str:
    """The standard text `key` in `language`, its placeholders filled in."""
    template = _template(language, key)
    return template.format(**values) if values else template


@functools.lru_cache(maxsize=1024)
def _template(language: str, key: str) -> str:
    """The catalogue's text, looked up once per process: the catalogues are compiled at
    install and do not change while it runs, and an e-mail uses some fifteen of these (a
    gettext lookup with its language switch costs about 18 µs, a tenth of an e-mail)."""
    with translation.override(language):
        return translation.pgettext(key, MESSAGES[key])


def long_date(day: date, language: str) -> str:
    """A date as a client reads it in a letter: '14 december 2026', '14 grudnia 2026'."""
    if language == "nl":
        return dutch_date(day)
    with translation.override(language):
        return date_format(day, "j E Y")


def reach(language: str, phone: str, email: str) -> str:
    """ "bel 14 0123 of mail naar ..." in `language`; '' when the organisation set neither."""
    if phone and email:
        return text(language, "msg_reach_phone_email", phone=phone, email=email)
    if phone:
        return text(language, "msg_reach_phone", phone=phone)
    if email:
        return text(language, "msg_reach_email", email=email)
    return ""


def contact_sentence(language: str, phone: str, email: str) -> str:
    """ "Heeft u vragen? Bel 14 0123 of mail naar ...", or where the number is to be found."""
    phrase = reach(language, phone, email)
    if not phrase:
        return text(language, "msg_reach_from_letter")
    return f"{text(language, 'msg_questions')} {phrase[0].upper()}{phrase[1:]}."
