"""A system check that the code-entry limits still keep guessing infeasible.

The per-address limit is configurable; a value that lets the threat of docs/security.md
expect a correct guess should not go unnoticed at deployment (`ervaring check`, `migrate`).
"""

from django.conf import settings
from django.core.checks import CheckMessage, Tags, Warning, register

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
