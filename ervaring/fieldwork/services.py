"""Verbs of the fieldwork domain: invitations and their login codes.

The population (import) and the sample (draw) have their own service modules,
`population_services` and `sample_services`; both create invitations only through here.
"""

import functools
from collections.abc import Sequence
from dataclasses import dataclass, replace

from django.conf import settings
from django.db import IntegrityError, connection, transaction

from ervaring.accounts.models import Team
from ervaring.fieldwork import anonymity, codes
from ervaring.fieldwork.models import Channel, Client, Invitation
from ervaring.questionnaires import lifecycle
from ervaring.questionnaires.lifecycle import Action
from ervaring.questionnaires.models import Survey


class AlreadyInvited(Exception):
    """This client already has an invitation in this survey."""


def lock_survey(survey: Survey, action: Action, error: type[Exception]) -> Survey:
    """Lock the survey's row for the rest of the transaction and check that its state
    allows `action` (else raise `error` with the Dutch reason).

    Every step that decides on what exists and then writes (import, draw, print run) takes
    this lock first, so two of them at once run one after the other instead of both
    deciding on the same state: a double click no longer invites everyone twice.
    """
    locked = Survey.objects.select_for_update().select_related("organisation").get(pk=survey.pk)
    if not locked.allows(action):
        raise error(lifecycle.refusal(locked.status, action))
    return locked


@dataclass(frozen=True)
class IssuedInvitation:
    """An invitation with its code in the clear: only the caller that created it sees this."""

    invitation: Invitation
    code: str

    @property
    def display_code(self) -> str:
        return codes.format_code(self.code)

    @property
    def link(self) -> str:
        return personal_link(self.code)


def personal_link(code: str) -> str:
    """The link that opens the survey with this code (for e-mail, SMS and QR codes)."""
    return f"{settings.PUBLIC_BASE_URL}/k/{code}"


def create_invitation(
    survey: Survey,
    attributes: dict[str, object],
    channel: Channel,
    client: Client | None = None,
    team: Team | None = None,
) -> IssuedInvitation:
    """Create one invitation with a fresh code (retrying on the rare hash collision).

    A tablet (kiosk) invitation is made on the spot for a respondent who is standing there:
    it has no client and no contact data, so its attributes lead to nobody and are not
    coarsened. That also keeps a scan of every invitation of the survey off the kiosk's
    request path.
    """
    if channel != Channel.KIOSK:
        attributes = _coarsened(survey, [InvitationSpec(attributes, channel)])[0].attributes
    for _ in range(5):
        code = codes.generate_code()
        try:
            with transaction.atomic():
                invitation = Invitation.objects.create(
                    survey=survey,
                    client=client,
                    code_hash=codes.code_hash(code, settings.CODE_KEY),
                    code_encrypted=codes.encrypt_code(code, settings.CODE_KEY),
                    attributes=attributes,
                    channel=channel,
                    team=team,
                )
        except IntegrityError:
            if (
                client is not None
                and Invitation.objects.filter(survey=survey, client=client).exists()
            ):
                raise AlreadyInvited("Deze cliënt is voor dit onderzoek al uitgenodigd.") from None
            continue  # the rare collision of a code hash: try another code
        return IssuedInvitation(invitation, code)
    raise RuntimeError("Could not create a unique login code in five tries.")


@dataclass(frozen=True)
class InvitationSpec:
    """What one invitation of a batch needs; the code is made by `create_invitations`."""

    attributes: dict[str, object]
    channel: Channel
    client: Client | None = None
    team: Team | None = None


def create_invitations(
    survey: Survey, specs: Sequence[InvitationSpec], batch_size: int = 2000
) -> list[IssuedInvitation]:
    """Create many invitations at once, with codes hashed and encrypted as in
    `create_invitation`; call it inside the caller's transaction.

    A fresh code whose hash already exists (in the database or this batch) is replaced
    before anything is written, so the batch never fails on the unique hash.
    """
    key = settings.CODE_KEY
    specs = _coarsened(survey, specs)
    issued: list[IssuedInvitation] = []
    for start in range(0, len(specs), batch_size):
        chunk = specs[start : start + batch_size]
        chosen = _fresh_codes(len(chunk), key)
        rows = [
            Invitation(
                survey=survey,
                client=spec.client,
                code_hash=code_hash,
                code_encrypted=codes.encrypt_code(code, key),
                attributes=spec.attributes,
                channel=spec.channel,
                team=spec.team,
            )
            for spec, (code, code_hash) in zip(chunk, chosen, strict=True)
        ]
        Invitation.objects.bulk_create(rows)
        issued.extend(
            IssuedInvitation(row, code) for row, (code, _) in zip(rows, chosen, strict=True)
        )
    return issued


def _coarsened(survey: Survey, specs: Sequence[InvitationSpec]) -> list[InvitationSpec]:
    """The specs with rare attribute combinations coarsened (see `fieldwork.anonymity`),
    counted together with the survey's invitations so far."""
    existing = Invitation.objects.filter(survey=survey).values_list("attributes", flat=True)
    coarse, _ = anonymity.coarsen(
        [spec.attributes for spec in specs], survey.min_group_size, existing.iterator()
    )
    return [replace(spec, attributes=a) for spec, a in zip(specs, coarse, strict=True)]


def _fresh_codes(count: int, key: str) -> list[tuple[str, str]]:
    """`count` new codes with their hashes, unique among themselves and in the database."""
    found: dict[str, str] = {}
    while len(found) < count:
        candidates = {}
        for _ in range(count - len(found)):
            code = codes.generate_code()
            candidates[codes.code_hash(code, key)] = code
        taken = set(
            Invitation.objects.filter(code_hash__in=list(candidates)).values_list(
                "code_hash", flat=True
            )
        )
        for code_hash, code in candidates.items():
            if code_hash not in taken and code_hash not in found:
                found[code_hash] = code
    return [(code, code_hash) for code_hash, code in found.items()]


def find_invitation(code: str) -> Invitation | None:
    """The invitation for a normalised code, with its survey, or None."""
    return (
        Invitation.objects.select_related("survey", "survey__organisation")
        .filter(code_hash=codes.code_hash(code, settings.CODE_KEY))
        .first()
    )


def may_answer(code: str) -> bool:
    """Whether a normalised code belongs to an invitation whose client has not opted out.

    Asked on every page a respondent sends, so it reads one flag, not the invitation, with a
    statement built once per process (the ORM built it anew each time, costlier than the read).
    """
    with connection.cursor() as cursor:
        cursor.execute(_may_answer_statement(), [codes.code_hash(code, settings.CODE_KEY)])
        return cursor.fetchone() is not None


@functools.cache
def _may_answer_statement() -> str:
    quote = connection.ops.quote_name
    field = Invitation._meta.get_field
    return (
        f"SELECT 1 FROM {quote(Invitation._meta.db_table)} "  # noqa: S608 (model names)
        f"WHERE {quote(field('code_hash').column)} = %s "
        f"AND NOT {quote(field('is_opted_out').column)} LIMIT 1"
    )


def find_unused_codes(survey: Survey, limit: int) -> list[str]:
    """Codes of invitations nobody has used yet, decrypted (for the demo and for reprints)."""
    found = []
    pending = Invitation.objects.filter(survey=survey, is_started=False).exclude(code_encrypted="")
    for invitation in pending.order_by("pk")[:limit]:
        code = codes.decrypt_code(invitation.code_encrypted, settings.CODE_KEY)
        if code is not None:
            found.append(code)
    return found
