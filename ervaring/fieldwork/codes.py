"""Personal login codes: generate, normalise, hash and encrypt.

A code like `K7QM-4TXP` is 8 symbols from Crockford's base-32 alphabet (40 bits of
randomness), chosen because it has no I, L, O or U: what a respondent types from a letter is
normalised (lower case, O read as 0, I and L as 1, dashes and spaces ignored), so a misread
symbol still works.

The database never holds a code in the clear. It holds a keyed hash (HMAC-SHA256) to find the
invitation, and a Fernet token so that letters can be printed again during fieldwork; both need
the installation's key, which lives outside the database. The response token that ties answers
together is a *different* keyed hash of the same code, so the responses table carries nothing
that leads back to an invitation without the key and the code.
"""

import base64
import hashlib
import hmac
import secrets

from cryptography.fernet import Fernet, InvalidToken

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 8
BITS_OF_RANDOMNESS = CODE_LENGTH * 5
_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})


def generate_code() -> str:
    """Return a fresh random code without separator, e.g. 'K7QM4TXP'."""
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def format_code(code: str) -> str:
    """Group a code for reading: 'K7QM4TXP' -> 'K7QM-4TXP'."""
    return f"{code[:4]}-{code[4:]}"


def normalise_code(text: str) -> str | None:
    """Return the canonical code for what a person typed, or None if it cannot be one."""
    cleaned = "".join(ch for ch in text.upper() if ch not in " -.\t").translate(_READ_AS)
    if len(cleaned) != CODE_LENGTH or any(ch not in ALPHABET for ch in cleaned):
        return None
    return cleaned


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


def _fernet(key: str) -> Fernet:
    return Fernet(base64.urlsafe_b64encode(_derive(key, "encrypt")))


def encrypt_code(code: str, key: str) -> str:
    return _fernet(key).encrypt(code.encode()).decode()


def decrypt_code(token: str, key: str) -> str | None:
    """Return the code, or None when the token was made with another key or is damaged."""
    try:
        return _fernet(key).decrypt(token.encode()).decode()
    except InvalidToken:
        return None


def client_ref_hash(client_ref: str, key: str) -> str:
    """A client number as a keyed hash, for lists that must recognise a client without
    spelling out who they are (the opt-out list)."""
    return hmac.new(_derive(key, "client"), client_ref.strip().encode(), hashlib.sha256).hexdigest()
