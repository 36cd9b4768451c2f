"""An e-mail to the person when their password or second factor changed (ASVS 2.2.3, 2.5.5):
if it was not them, they know at once that someone else has their password."""

import logging

from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone

from ervaring.accounts.models import Staff

logger = logging.getLogger(__name__)

CHANGES = {
    "password_changed": "uw wachtwoord is gewijzigd",
    "password_reset": "er is een nieuw wachtwoord gekozen via de link in een e-mail",
    "second_factor_set_up": "er is een authenticator-app ingesteld als tweede factor",
    "second_factor_removed": "uw tweede factor is gewist door de beheerder",
    "security_key_added": "er is een beveiligingssleutel toegevoegd als tweede factor",
    "security_key_removed": "er is een beveiligingssleutel verwijderd",
}


def send_security_notice(staff: Staff, change: str) -> None:
    """Mail the notice if the person has an address; a mail failure is logged, not raised,
    because the change itself has happened and must not look as if it failed."""
    if not staff.email:
        return
    body = render_to_string(
        "accounts/security_notice_email.txt",
        {"staff": staff, "change": CHANGES[change], "at": timezone.localtime()},
    )
    try:
        send_mail("Beveiliging van uw account bij Ervaring", body, None, [staff.email])
    except OSError:
        logger.warning("security notice %s for staff %s could not be sent", change, staff.pk)
