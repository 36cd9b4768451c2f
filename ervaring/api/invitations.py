"""Inviting one client through the API, right after a contact in the case system.

The rules are the professional's (`fieldwork.quick_invite`): this module only reads the
request, makes the call idempotent on the caller's `reference`, and says each refusal in
Dutch and English. A retried call returns the same invitation and never sends twice, also
when two calls with the same reference arrive at the same moment (see `ApiInvitation`).
"""

import hashlib
import hmac
import json
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction

from ervaring.accounts.models import Team
from ervaring.api.errors import ApiError, invalid
from ervaring.api.models import ApiInvitation, ApiKey
from ervaring.fieldwork import population_services, quick_invite, tasks
from ervaring.fieldwork.messaging_forms import ProfessionalInviteForm
from ervaring.fieldwork.models import Message
from ervaring.questionnaires.models import Survey

FIELDS = ("reference", "client_reference", "provision_group", "team", "channel", "address")
REQUIRED = ("reference", "team", "channel")
MAX_LENGTH = {
    "reference": 100,
    "client_reference": 64,
    "provision_group": 80,
    "team": 50,
    "channel": 10,
    "address": 254,
}
# The form's field names on the professional's page -> the API's.
FORM_FIELDS = {"client_ref": "client_reference", "address": "address", "channel": "channel"}

# (HTTP status, field, English message, Dutch message or None for the service's own).
REFUSALS: Mapping[str, tuple[int, str | None, str, str | None]] = {
    "survey_not_in_fieldwork": (
        409,
        None,
        "The survey is not in fieldwork, so nobody can be invited now.",
        None,
    ),
    "opted_out": (409, "client_reference", "This client does not want to take part.", None),
    "already_invited": (
        409,
        "client_reference",
        "This client already has an invitation for this survey.",
        None,
    ),
    "not_in_population": (
        422,
        "client_reference",
        "This client number is not in the survey's population file.",
        None,
    ),
    "provision_group_mismatch": (
        422,
        "provision_group",
        "According to the survey's population file this client does not have this provision.",
        None,
    ),
    "no_address": (
        422,
        "address",
        "No address for this channel is known for this client: send it in 'address'.",
        "Van deze cliënt is geen adres voor dit kanaal bekend: stuur het mee in 'address'.",
    ),
    "not_found": (404, None, "Survey not found.", "Onderzoek niet gevonden."),
}


@dataclass(frozen=True)
class InviteRequest:
    reference: str
    client_ref: str
    provision_group: str
    team: Team
    channel: str
    address: str


def _texts(body: Mapping[str, object]) -> dict[str, str]:
    """Every field as stripped text; 422 for unknown fields, wrong types, missing or long."""
    unknown = sorted(set(body) - set(FIELDS))
    if unknown:
        raise invalid(
            unknown[0],
            f"Dit veld kent de API niet: {unknown[0]}.",
            f"Unknown field: {unknown[0]}.",
        )
    texts = {}
    for name in FIELDS:
        value = body.get(name)
        if value is not None and not isinstance(value, str):
            raise invalid(name, "Dit veld moet tekst zijn.", "This field must be a string.")
        if value and not _is_plain_text(value):
            raise invalid(
                name,
                "Dit veld bevat tekens die geen tekst zijn.",
                "This field holds characters that are not text.",
            )
        texts[name] = (value or "").strip()
        if name in REQUIRED and not texts[name]:
            raise invalid(name, "Dit veld is verplicht.", "This field is required.")
        if len(texts[name]) > MAX_LENGTH[name]:
            limit = MAX_LENGTH[name]
            raise invalid(
                name, f"Dit veld is te lang: hooguit {limit} tekens.", f"At most {limit} chars."
            )
    return texts


def _is_plain_text(value: str) -> bool:
    """No control characters (PostgreSQL refuses NUL) and nothing that is not UTF-8."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return not any(unicodedata.category(char) == "Cc" for char in value)


def parse_invite_request(survey: Survey, body: Mapping[str, object]) -> InviteRequest:
    """Read and check the request with the professional's form (the same numbers and
    addresses are accepted and normalised); 422 naming the field otherwise."""
    texts = _texts(body)
    if texts["channel"] not in {"sms", "email"}:
        raise invalid("channel", "Kies sms of email.", "Choose sms or email.")
    form = ProfessionalInviteForm(
        {
            "client_ref": texts["client_reference"],
            "address": texts["address"],
            "channel": texts["channel"],
        }
    )
    if not form.is_valid():
        field, errors = next(iter(form.errors.items()))
        name = FORM_FIELDS.get(field, "client_reference")
        raise invalid(name, errors[0], _english_form_error(name))
    team = Team.objects.filter(organisation_id=survey.organisation_id, slug=texts["team"]).first()
    if team is None:
        raise invalid(
            "team",
            "Dit team bestaat niet in uw organisatie: gebruik de korte naam van het team.",
            "No team with this short name in your organisation.",
        )
    group = texts["provision_group"]
    if group and population_services.provision_catalogue(survey).find(group) is None:
        raise invalid(
            "provision_group",
            "Deze voorzieningsgroep kent het onderzoek niet.",
            "The survey does not know this provision group.",
        )
    return InviteRequest(
        reference=texts["reference"],
        client_ref=form.cleaned_data["client_ref"],
        provision_group=group,
        team=team,
        channel=form.cleaned_data["channel"],
        address=form.cleaned_data["address"],
    )


def _english_form_error(field: str) -> str:
    if field == "address":
        return "This is not a valid mobile number or e-mail address for the channel."
    return "Send a client_reference, or an address for the channel."


def _request_hash(survey: Survey, request: InviteRequest) -> str:
    """A keyed hash of what was asked, without keeping the contact data it contains."""
    asked = [
        survey.slug,
        request.client_ref,
        request.provision_group,
        request.team.slug,
        request.channel,
        request.address,
    ]
    return hmac.new(
        ("ervaring.api-invitation:" + settings.API_KEY_HASH_KEY).encode(),
        json.dumps(asked).encode(),
        hashlib.sha256,
    ).hexdigest()


def _earlier(organisation_id: int, reference: str, digest: str) -> ApiInvitation | None:
    earlier = (
        ApiInvitation.objects.select_related("survey")
        .filter(organisation_id=organisation_id, reference=reference)
        .first()
    )
    if earlier is not None and earlier.request_hash != digest:
        raise ApiError(
            409,
            "reference_reused",
            "Deze reference is al gebruikt voor een andere uitnodiging.",
            "This reference was already used for another invitation.",
            field="reference",
        )
    return earlier


def invite(api_key: ApiKey, survey: Survey, request: InviteRequest) -> tuple[ApiInvitation, bool]:
    """The invitation for this reference, and whether this call made it.

    The reference is claimed before anything else is written; a refusal rolls the claim back
    with everything else, so a call refused for a reason that passes (fieldwork not started)
    can be retried with the same reference.
    """
    digest = _request_hash(survey, request)
    earlier = _earlier(api_key.organisation_id, request.reference, digest)
    if earlier is not None:
        return earlier, False
    inviter = quick_invite.Inviter(
        api_key.organisation_id,
        request.team,
        label=f"API-sleutel {api_key.prefix}",
        event="api.client_invited",
    )
    try:
        with transaction.atomic():
            claim = ApiInvitation.objects.create(
                organisation_id=api_key.organisation_id,
                reference=request.reference,
                request_hash=digest,
                survey=survey,
                api_key=api_key,
                channel=request.channel,
            )
            sent = quick_invite.invite_after_conversation(
                survey,
                inviter,
                client_ref=request.client_ref,
                address=request.address,
                channel=request.channel,
                provision_group=request.provision_group,
            )
            claim.invitation = sent.invitation
            claim.masked_address = sent.masked_address
            claim.save(update_fields=["invitation", "masked_address"])
    except quick_invite.InviteError as error:
        status, field, english, dutch = REFUSALS[error.code]
        raise ApiError(status, error.code, dutch or str(error), english, field=field) from None
    except IntegrityError:
        # Another call with this reference committed first (we waited for it): its answer.
        earlier = _earlier(api_key.organisation_id, request.reference, digest)
        if earlier is None:
            raise
        return earlier, False
    tasks.enqueue_sending(survey.pk)
    return claim, True


def describe(made: ApiInvitation) -> dict[str, object]:
    """The answer about one invitation: never the code, the full address or the client."""
    message = (
        Message.objects.filter(invitation_id=made.invitation_id, reminder_number=0)
        .values_list("status", flat=True)
        .first()
    )
    return {
        "reference": made.reference,
        "survey": made.survey.slug,
        "channel": made.channel,
        "address": made.masked_address,
        "message_status": message,
        "created_at": made.created_at.isoformat(),
    }
