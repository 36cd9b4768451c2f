"""API keys of an organisation, and the invitations made through the API.

A key is stored only as a keyed hash (`ervaring.api.keys`); its first characters (`prefix`)
are kept in the clear so that a beheerder recognises it in the list and in the audit log.
"""

from django.db import models

from ervaring.accounts.models import Organisation, Staff


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
