"""Personal login codes: generate, normalise, hash and encrypt.

A code like `K7QM-4TXP-9HWD` is 12 symbols from Crockford's base-32 alphabet (60 bits of
randomness), chosen because it has no I, L, O or U: what a respondent types from a letter is
normalised (lower case, O read as 0, I and L as 1, dashes and spaces ignored), so a misread
symbol still works. Twelve symbols, with the per-address limit on wrong codes, keep guessing
infeasible even for an attacker with thousands of addresses (`expected_correct_guesses`, and
the calculation in docs/security.md). Codes of 8 symbols, issued by earlier versions, are
still accepted so that letters already posted keep working.

The database never holds a code in the clear. It holds a keyed hash (HMAC-SHA256) to find the
invitation, and a Fernet token so that letters can be printed again during fieldwork; both need
the installation's key, which lives outside the database. The response token that ties answers
together is a *different* keyed hash of the same code, so the responses table carries nothing
that leads back to an invitation without the key and the code.
"""

import base64
import functools
import hashlib
import hmac
import math
import secrets

from cryptography.fernet import Fernet, InvalidToken

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 12
BITS_OF_RANDOMNESS = CODE_LENGTH * 5
# Earlier versions issued 8 symbols; those codes may still be on letters in people's homes.
LEGACY_CODE_LENGTH = 8
GROUP_SIZE = 4
_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})


def generate_code() -> str:
    """Return a fresh random code without separator, e.g. 'K7QM4TXP9HWD'."""
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def format_code(code: str) -> str:
    """Group a code in fours for reading: 'K7QM4TXP9HWD' -> 'K7QM-4TXP-9HWD'."""
    return "-".join(code[i : i + GROUP_SIZE] for i in range(0, len(code), GROUP_SIZE))


def normalise_code(text: str) -> str | None:
    """Return the canonical code for what a person typed, or None if it cannot be one.

    Both the current length and the legacy one are accepted: a legacy code can only match an
    invitation made by an earlier version, so accepting it adds no risk to new codes.
    """
    cleaned = "".join(ch for ch in text.upper() if ch not in " -.\t").translate(_READ_AS)
    if len(cleaned) not in {CODE_LENGTH, LEGACY_CODE_LENGTH}:
        return None
    if any(ch not in ALPHABET for ch in cleaned):
        return None
    return cleaned


# The attack the code length and the per-address limit are chosen against (docs/security.md):
# every Dutch municipality in fieldwork at once, attacked from 10,000 addresses for six weeks,
# must expect fewer than this many correct guesses in total.
THREAT_LIVE_CODES = 1_500_000
THREAT_ADDRESSES = 10_000
THREAT_SECONDS = 6 * 7 * 24 * 60 * 60
THREAT_MAX_EXPECTED_HITS = 0.001


def attempts_within(seconds: float, burst: int, interval_seconds: float) -> int:
    """The most wrong codes one address can have checked in `seconds`.

    The per-address limit (`responses/throttle.py`) lets `burst` wrong codes through at once
    and then one per `interval_seconds`; a code above the limit is not checked at all.
    """
    return burst + math.floor(seconds / interval_seconds)


def expected_correct_guesses(
    *,
    live_codes: int,
    addresses: int,
    seconds: float,
    burst: int,
    interval_seconds: float,
    code_length: int = CODE_LENGTH,
) -> float:
    """An upper bound on the expected number of live codes an attacker finds by guessing.

    The attacker has `addresses` addresses, each limited as in `attempts_within`, for
    `seconds`, against `live_codes` codes drawn uniformly from the code space. By linearity
    of expectation the expected number of hits is the sum over guesses of the chance that a
    guess is live; after g wrong guesses the live codes are spread over at least
    space - g strings, so no guess hits with more than live_codes / (space - guesses).
    """
    guesses = addresses * attempts_within(seconds, burst, interval_seconds)
    space = len(ALPHABET) ** code_length
    return guesses * live_codes / (space - guesses)


def _derive(key: str, purpose: str) -> bytes:
    return hashlib.sha256(f"ervaring:{purpose}:{key}".encode()).digest()


def code_hash(code: str, key: str) -> str:
    """The keyed hash under which an invitation is found by its code."""
    return hmac.new(_derive(key, "code"), code.encode(), hashlib.sha256).hexdigest()


def response_token(code: str, key: str) -> str:
    """The token of the response that belongs to a code (unlinkable without key and code)."""
    return hmac.new(_derive(key, "response"), code.encode(), hashlib.sha256).hexdigest()


def address_hash(address: str, key: str) -> str:
    """A client address in a form that can be counted but not read back (for throttling)."""
    return hmac.new(_derive(key, "address"), address.encode(), hashlib.sha256).hexdigest()[:32]


@functools.lru_cache(maxsize=8)
def _fernet(key: str, purpose: str = "encrypt") -> Fernet:
    """Made once per key and purpose: the outbox decrypts a code per message, and deriving
    the key and building the cipher cost about a quarter of decrypting."""
    return Fernet(base64.urlsafe_b64encode(_derive(key, purpose)))


def encrypt_code(code: str, key: str) -> str:
    return _fernet(key).encrypt(code.encode()).decode()


def decrypt_code(token: str, key: str) -> str | None:
    """Return the code, or None when the token was made with another key or is damaged."""
    try:
        return _fernet(key).decrypt(token.encode()).decode()
    except InvalidToken:
        return None


def encrypt_text(text: str, key: str) -> str:
    """A respondent's free text as a Fernet token, under a key of its own purpose.

    The key is derived from the installation's key like the codes' key, for another purpose:
    the database alone never reveals a text, and a text token never decrypts as a code.
    """
    return _fernet(key, "free-text").encrypt(text.encode()).decode()


def decrypt_text(token: str, key: str) -> str | None:
    """Return the text, or None when the token was made with another key or is damaged."""
    try:
        return _fernet(key, "free-text").decrypt(token.encode()).decode()
    except InvalidToken:
        return None


def client_ref_hash(client_ref: str, key: str) -> str:
    """A client number as a keyed hash, for lists that must recognise a client without
    spelling out who they are (the opt-out list)."""
    return hmac.new(_derive(key, "client"), client_ref.strip().encode(), hashlib.sha256).hexdigest()
