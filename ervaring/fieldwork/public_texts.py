"""The fixed texts of fieldwork's public (respondent) page, saying no to the survey.

Like ``responses.texts``: the key is the gettext context, the Dutch text the msgid; the
translations are in ``ervaring/locale/<language>/LC_MESSAGES/django.po``.
"""

from collections.abc import Mapping
from types import MappingProxyType

from django.utils import translation

OPT_OUT = {
    "optout_site": "Onderzoek naar uw ervaring",
    "optout_skip": "Naar de inhoud",
    "optout_broken_title": "Deze link werkt niet",
    "optout_broken_text": (
        "Misschien is de link niet helemaal goed overgenomen. Kijk of de hele link in de "
        "adresbalk staat."
    ),
    "optout_broken_contact": "Wilt u niet meedoen? Neem dan contact op met uw gemeente.",
    "optout_done_title": "U doet niet mee",
    "optout_done_text": (
        "Wij hebben het genoteerd. U krijgt geen berichten meer over dit onderzoek."
    ),
    "optout_done_thanks": "Bedankt dat u het liet weten.",
    "optout_title": "Niet meedoen aan het onderzoek",
    "optout_lead": (
        "{organisation} vroeg u wat u vindt van de hulp die u kreeg. Meedoen is vrijwillig."
    ),
    "optout_text": (
        "Doet u niet mee? Dan krijgt u geen herinneringen meer. Ook later vragen wij u niet "
        "meer mee te doen aan dit soort onderzoek."
    ),
    "optout_button": "Ik doe niet mee",
    "optout_note": (
        "Wilt u toch meedoen? Dan hoeft u niets te doen. Gebruik de link uit uw bericht om te "
        "beginnen."
    ),
    "optout_privacy": "Privacy",
    "optout_accessibility": "Toegankelijkheid",
    "optout_languages": "Kies een taal",
}


def opt_out_text(language: str) -> Mapping[str, str]:
    """The opt-out page's texts in ``language`` (Dutch where a catalogue lacks one, which
    the completeness test prevents for the shipped languages)."""
    with translation.override(language):
        return MappingProxyType(
            {key: translation.pgettext(key, text) for key, text in OPT_OUT.items()}
        )
