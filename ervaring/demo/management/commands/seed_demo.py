import time

from django.conf import settings
from django.core.management.base import BaseCommand

from ervaring.demo.generator import DEMO_API_KEY, DEMO_PASSWORD, seed_demo, staff_logins
from ervaring.fieldwork.codes import format_code


class Command(BaseCommand):
    help = "Create the synthetic demo municipality 'Gemeente Voorbeeld' (safe to run twice)."

    def handle(self, *args: object, **options: object) -> None:
        started = time.monotonic()

        def progress(line: str) -> None:
            self.stdout.write(f"  [{time.monotonic() - started:5.1f} s] {line}")

        summary = seed_demo(progress=progress)
        base = settings.PUBLIC_BASE_URL
        if summary.created:
            self.stdout.write(self.style.SUCCESS("Demo-gemeente aangemaakt."))
        else:
            self.stdout.write("Demo-gemeente bestaat al; er is niets veranderd.")
        self.stdout.write("")
        self.stdout.write(f"Respondenten: {base}/  (vul een van deze ongebruikte codes in)")
        for code in summary.unused_codes:
            self.stdout.write(f"    {format_code(code)}    {base}/k/{code}")
        self.stdout.write("")
        self.stdout.write(f"Medewerkers: {base}/account/inloggen/  (wachtwoord: {DEMO_PASSWORD})")
        for username, role in staff_logins():
            self.stdout.write(f"    {username:<14} {role}")
        self.stdout.write(
            "    (In de demo-gemeente is een tweede factor niet verplicht; stel hem in via "
            "Mijn gegevens.)"
        )
        self.stdout.write("")
        self.stdout.write(f"Wmo-onderzoek (veldwerk loopt): {summary.wmo_survey.slug}")
        self.stdout.write(f"Jeugd-onderzoek (in voorbereiding): {summary.jeugd_survey.slug}")
        self.stdout.write("")
        state = "" if summary.api_key.is_active else "  (ingetrokken op de pagina API-sleutels)"
        self.stdout.write(f"API: {base}/api/v1/docs/  (voorbeelden in docs/api.md)")
        self.stdout.write(f"    sleutel: {DEMO_API_KEY}{state}")
        if summary.uninvited_client:
            self.stdout.write(
                f"    nog niet uitgenodigd, met mobiel nummer: {summary.uninvited_client}"
            )
