"""System checks that configurable limits still do what the docs promise.

The per-address limit is configurable; a value that lets the threat of docs/security.md
expect a correct guess should not go unnoticed at deployment (`ervaring check`, `migrate`).
Likewise the tablet's timing: a keep-alive interval as long as the quiet time before the
dialog would let the server forget a client whose page still shows their typing.
And the translations: without compiled catalogues a respondent who chose Arabic reads Dutch.
"""

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register

from ervaring import languages
from ervaring.fieldwork import codes


@register(Tags.security)
def check_code_guessing_bound(**kwargs: object) -> list[CheckMessage]:
    expected = codes.expected_correct_guesses(
        live_codes=codes.THREAT_LIVE_CODES,
        addresses=codes.THREAT_ADDRESSES,
        seconds=codes.THREAT_SECONDS,
        burst=settings.CODE_ATTEMPTS_PER_ADDRESS,
        interval_seconds=settings.CODE_ATTEMPT_INTERVAL_SECONDS,
    )
    if expected < codes.THREAT_MAX_EXPECTED_HITS:
        return []
    return [
        Warning(
            f"With these limits an attacker with {codes.THREAT_ADDRESSES:,} addresses expects "
            f"{expected:.4f} correct login codes in six weeks (the bound is "
            f"{codes.THREAT_MAX_EXPECTED_HITS}).",
            hint="Raise ERVARING_CODE_ATTEMPT_INTERVAL_SECONDS or lower "
            "ERVARING_CODE_ATTEMPTS_PER_ADDRESS; see docs/security.md.",
            id="ervaring.W001",
        )
    ]


@register()
def check_kiosk_timing(**kwargs: object) -> list[CheckMessage]:
    """Warn about tablet limits under which the dialog or the keep-alive cannot work."""
    idle, warning = settings.KIOSK_IDLE_SECONDS, settings.KIOSK_WARNING_SECONDS
    keep_alive = settings.KIOSK_KEEPALIVE_SECONDS
    if 0 < warning < idle and 0 < keep_alive < idle - warning:
        return []
    return [
        Warning(
            f"Tablet timing {idle} s idle, {warning} s warning, {keep_alive} s keep-alive: the "
            "dialog needs a warning shorter than the idle time, and typing must reach the "
            "server before the dialog shows.",
            hint="Keep 0 < ERVARING_KIOSK_KEEPALIVE_SECONDS < ERVARING_KIOSK_IDLE_SECONDS - "
            "ERVARING_KIOSK_WARNING_SECONDS; see docs/privacy.md.",
            id="ervaring.W002",
        )
    ]


@register()
def check_translations_compiled(**kwargs: object) -> list[CheckMessage]:
    """Every shipped language's catalogue is compiled and current."""
    stale = languages.stale_catalogues()
    if not stale:
        return []
    names = ", ".join(po.parent.parent.name for po in stale)
    return [
        Error(
            f"The translations of {names} are not compiled (or older than their .po file): "
            "these respondents would read Dutch.",
            hint="Run `python -m ervaring.languages` after installing (make install does).",
            id="ervaring.E011",
        )
    ]
