"""API keys of an organisation, and the invitations made through the API.

A key is stored only as a keyed hash (`ervaring.api.keys`); its first characters (`prefix`)
are kept in the clear so that a beheerder recognises it in the list and in the audit log.
"""

from django.db import models
from django.utils import timezone

from ervaring.accounts.models import Organisation, Staff
from ervaring.fieldwork.models import Invitation
from ervaring.questionnaires.models import Survey


class Scope(models.TextChoices):
    """What a key may do; a call outside its scopes is answered 403."""

    INVITE = "invite", "Cliënten uitnodigen"
    POPULATION = "population", "Populatie aanleveren"
    RESULTS = "results", "Onderzoeken en resultaten lezen"
    ALERTS = "alerts", "Signalen ontvangen"


class ApiKey(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    name = models.CharField("naam", max_length=100)
    prefix = models.CharField(max_length=16, unique=True)
    key_hash = models.CharField(max_length=64, unique=True)
    scopes = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        Staff, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "API-sleutel"
        verbose_name_plural = "API-sleutels"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    def has_scope(self, scope: str) -> bool:
        return scope in self.scopes

    @property
    def scope_labels(self) -> list[str]:
        return [Scope(s).label for s in self.scopes if s in Scope.values]


class ApiInvitation(models.Model):
    """An invitation made through the API under the caller's own `reference`.

    The unique (organisation, reference) row is written *first*, in the same transaction as
    the invitation: a second call with the same reference waits for the first and then finds
    this row, so a retry answers with the same invitation and nothing is sent twice.
    `invitation` is empty only inside that transaction. `request_hash` is a keyed hash of
    what was asked (no contact data is kept here), to refuse a reference reused for another
    client; `masked_address` is what the answer shows of the address, as on the
    professional's page.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    reference = models.CharField(max_length=100)
    request_hash = models.CharField(max_length=64)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="+")
    invitation = models.OneToOneField(
        Invitation, on_delete=models.CASCADE, null=True, related_name="+"
    )
    api_key = models.ForeignKey(ApiKey, on_delete=models.SET_NULL, null=True, related_name="+")
    channel = models.CharField(max_length=10)
    masked_address = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "reference"], name="api_invitation_reference_once"
            )
        ]

    def __str__(self) -> str:
        return f"API-uitnodiging {self.reference}"


class WebhookEvent(models.TextChoices):
    """What an organisation's systems can be told about (see `ervaring.api.webhooks`)."""

    SIGNAL_OPENED = "signal.opened", "Een signaal gaat open"
    SIGNAL_RECOVERED = "signal.recovered", "Een signaal is hersteld"
    FIELDWORK_STARTED = "fieldwork.started", "Het veldwerk begint"
    FIELDWORK_CLOSED = "fieldwork.closed", "Het veldwerk is gesloten"
    RESPONSE_REACHED = "fieldwork.response_reached", "De respons haalt een volgende 10%"


class WebhookEndpoint(models.Model):
    """An address of the organisation's own system that is told about events.

    The signing secret is shown once and kept encrypted (the server must sign with it, so a
    hash would not do); see `webhooks.encrypt_secret`.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    url = models.URLField("adres", max_length=500)
    events = models.JSONField(default=list)
    secret_encrypted = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        Staff, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "webhook"

    def __str__(self) -> str:
        return self.url

    @property
    def event_labels(self) -> list[str]:
        return [WebhookEvent(e).label for e in self.events if e in WebhookEvent.values]


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Wacht"
    SENDING = "sending", "Wordt verstuurd"
    DELIVERED = "delivered", "Afgeleverd"
    FAILED = "failed", "Mislukt"


class WebhookDelivery(models.Model):
    """One event for one endpoint: created exactly once (the unique event id), sent until the
    endpoint answers 2xx, with back-off, or given up after `webhooks.MAX_ATTEMPTS`."""

    endpoint = models.ForeignKey(
        WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries"
    )
    event_id = models.CharField(max_length=100)
    event_type = models.CharField(max_length=40, choices=WebhookEvent.choices)
    payload = models.JSONField()
    status = models.CharField(
        max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["endpoint", "event_id"], name="webhook_event_once")
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.event_type} {self.event_id} ({self.status})"
