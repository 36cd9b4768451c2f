"""Making, finding and revoking API keys.

A key is `erv_` + 8 characters (the prefix, kept in the clear) + `_` + 43 random characters
(256 bits). Because the random part cannot be guessed, a fast keyed hash is enough to store
it (HMAC-SHA256 with `API_KEY_HASH_KEY`, which is not in the database): a slow password hash
would only make every call slow. A copy of the database alone does not let anyone compute a
key's hash, so it cannot be used to check guesses either.
"""

import hashlib
import hmac
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ervaring.accounts.models import Organisation, Staff
from ervaring.accounts.services import log_event
from ervaring.api.models import ApiKey, Scope

KEY_START = "erv_"
PREFIX_LENGTH = 8
# Crockford-style lower-case alphabet for the visible prefix: no i, l, o or u to misread.
PREFIX_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"


@dataclass(frozen=True)
class NewKey:
    """A key just made: `secret` is the whole key, shown once and never stored."""

    api_key: ApiKey
    secret: str


def hash_key(secret: str) -> str:
    return hmac.new(
        ("ervaring.api-key:" + settings.API_KEY_HASH_KEY).encode(),
        secret.encode(),
        hashlib.sha256,
    ).hexdigest()


def _new_secret() -> str:
    prefix = KEY_START + "".join(secrets.choice(PREFIX_ALPHABET) for _ in range(PREFIX_LENGTH))
    return f"{prefix}_{secrets.token_urlsafe(32)}"


def prefix_of(secret: str) -> str:
    return secret[: len(KEY_START) + PREFIX_LENGTH]


def create_key(
    organisation: Organisation,
    name: str,
    scopes: Iterable[str],
    *,
    actor: Staff | None,
    actor_label: str = "",
    secret: str = "",
) -> NewKey:
    """Make a key with these scopes for the organisation, logged; raise ValueError for an
    empty name, no scope or an unknown scope (Dutch message).

    `secret` is for the demo only, whose key is fixed so that it can be printed on every
    run and used in docs/api.md; every other key is random.
    """
    name = name.strip()
    chosen = sorted(set(scopes))
    if not name:
        raise ValueError("Geef de sleutel een naam, bijvoorbeeld het systeem dat hem gebruikt.")
    if not chosen:
        raise ValueError("Kies wat de sleutel mag: minstens één toepassing.")
    unknown = set(chosen) - set(Scope.values)
    if unknown:
        raise ValueError(f"Onbekende toepassing: {', '.join(sorted(unknown))}.")
    secret = secret or _new_secret()
    prefix = prefix_of(secret)
    with transaction.atomic():
        api_key = ApiKey.objects.create(
            organisation=organisation,
            name=name,
            prefix=prefix,
            key_hash=hash_key(secret),
            scopes=chosen,
            created_by=actor,
        )
        log_event(
            "api.key_created",
            organisation=organisation,
            actor=actor,
            actor_label=actor_label,
            target=prefix,
            name=name,
            scopes=chosen,
        )
    return NewKey(api_key, secret)


def find_active_key(secret: str) -> ApiKey | None:
    """The key this secret belongs to, if it exists and is not revoked."""
    if not secret.startswith(KEY_START) or len(secret) > 100:
        return None
    return (
        ApiKey.objects.select_related("organisation")
        .filter(key_hash=hash_key(secret), revoked_at__isnull=True)
        .first()
    )


def note_use(api_key: ApiKey) -> None:
    """Record when the key was last used, at most once a minute (one UPDATE, no read)."""
    now = timezone.now()
    if api_key.last_used_at is None or (now - api_key.last_used_at).total_seconds() >= 60:
        ApiKey.objects.filter(pk=api_key.pk).update(last_used_at=now)
        api_key.last_used_at = now


def revoke_key(api_key: ApiKey, *, actor: Staff) -> ApiKey:
    """Stop the key working from the next call on, logged; revoking twice changes nothing."""
    with transaction.atomic():
        revoked = ApiKey.objects.filter(pk=api_key.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        if revoked:
            log_event(
                "api.key_revoked",
                organisation=api_key.organisation,
                actor=actor,
                target=api_key.prefix,
                name=api_key.name,
            )
    api_key.refresh_from_db()
    return api_key
