"""The population of a survey and the invitations sent to it.

This app is where identity lives: client references and (later) contact data. It creates the
login codes and deletes contact data after fieldwork. Answers live in `responses` and never
point back here.
"""

from django.db import models

from ervaring.accounts.models import Team
from ervaring.questionnaires.models import Law, Survey


class Channel(models.TextChoices):
    LETTER = "brief", "Brief"
    EMAIL = "email", "E-mail"
    SMS = "sms", "Sms"
    PROFESSIONAL = "professional", "Via professional"
    KIOSK = "tablet", "Tablet"
    PAPER = "papier", "Papier"
    PHONE = "telefoon", "Telefoon"


class Client(models.Model):
    """One person in a survey's population, with what the registration system knows."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="clients")
    client_ref = models.CharField("cliëntnummer", max_length=64)
    law = models.CharField(max_length=10, choices=Law.choices)
    provision_groups = models.JSONField(default=list)
    birth_year = models.PositiveSmallIntegerField(null=True, blank=True)
    gender = models.CharField(max_length=20, blank=True)
    team = models.ForeignKey(Team, on_delete=models.SET_NULL, null=True, blank=True)
    district = models.CharField("wijk", max_length=100, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["survey", "client_ref"], name="client_once_per_survey")
        ]

    def __str__(self) -> str:
        return self.client_ref


class Invitation(models.Model):
    """A personal invitation: one login code, the attributes its response will carry.

    The code itself is stored only as a keyed hash (to find it) and encrypted (to print it
    again); see `ervaring.fieldwork.codes`. Status flags carry no time stamps, so that their
    timing cannot be matched against a response's.
    """

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="invitations")
    client = models.ForeignKey(
        Client, on_delete=models.SET_NULL, null=True, blank=True, related_name="invitations"
    )
    code_hash = models.CharField(max_length=64, unique=True)
    code_encrypted = models.TextField(blank=True)
    # Routing and breakdown attributes copied to the response when it starts:
    # law, provision_groups, age, age_band, team, district, respondent_role.
    attributes = models.JSONField(default=dict)
    channel = models.CharField(max_length=20, choices=Channel.choices)
    team = models.ForeignKey(Team, on_delete=models.SET_NULL, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    is_started = models.BooleanField(default=False)
    is_completed = models.BooleanField(default=False)
    is_opted_out = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["survey", "is_completed"])]

    def __str__(self) -> str:
        return f"uitnodiging {self.pk} ({self.survey})"
