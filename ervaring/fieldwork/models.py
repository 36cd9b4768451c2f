"""The population of a survey and the invitations sent to it.

This app is where identity lives: client references and (later) contact data. It creates the
login codes and deletes contact data after fieldwork. Answers live in `responses` and never
point back here.
"""

from django.db import models

from ervaring.accounts.models import Organisation, Staff, Team
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


class ContactDetails(models.Model):
    """Everything that identifies or reaches a client: name, birth date, address, e-mail,
    phone, and for minors the parent or carer's contact data.

    Kept apart from `Client` so that deleting it after fieldwork is one statement, while the
    client's coarse attributes (law, provisions, birth year, team, district) stay for counts.
    """

    client = models.OneToOneField(Client, on_delete=models.CASCADE, related_name="contact")
    name = models.CharField("naam", max_length=200, blank=True)
    birth_date = models.DateField("geboortedatum", null=True, blank=True)
    street = models.CharField("straat", max_length=200, blank=True)
    house_number = models.CharField("huisnummer", max_length=220, blank=True)
    postcode = models.CharField(max_length=7, blank=True)
    town = models.CharField("woonplaats", max_length=200, blank=True)
    email = models.CharField("e-mail", max_length=254, blank=True)
    # Phone numbers in E.164 (+31612345678); `mobile` is only ever a mobile number.
    mobile = models.CharField("mobiel", max_length=20, blank=True)
    phone = models.CharField("telefoon", max_length=20, blank=True)
    parent_name = models.CharField("naam ouder/verzorger", max_length=200, blank=True)
    parent_street = models.CharField("straat ouder/verzorger", max_length=200, blank=True)
    parent_house_number = models.CharField("huisnummer ouder/verzorger", max_length=220, blank=True)
    parent_postcode = models.CharField("postcode ouder/verzorger", max_length=7, blank=True)
    parent_town = models.CharField("woonplaats ouder/verzorger", max_length=200, blank=True)
    parent_email = models.CharField("e-mail ouder/verzorger", max_length=254, blank=True)
    parent_mobile = models.CharField("mobiel ouder/verzorger", max_length=20, blank=True)

    class Meta:
        verbose_name = "contactgegevens"
        verbose_name_plural = "contactgegevens"

    def __str__(self) -> str:
        return f"contactgegevens van {self.client_id}"


class ColumnMapping(models.Model):
    """A saved choice of which file column holds which population field, per organisation,
    so that next year's export from the same supplier imports without asking again."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="column_mappings"
    )
    name = models.CharField("naam", max_length=100)
    # field key (see fieldwork.population.FIELDS) -> column header in the file
    mapping = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="mapping_name_per_org")
        ]

    def __str__(self) -> str:
        return self.name


class OptOut(models.Model):
    """A client who does not want to be asked again, keyed by a keyed hash of their client
    number (see `codes.client_ref_hash`), so the list does not spell out who objected."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    client_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "client_hash"], name="opt_out_once_per_org"
            )
        ]

    def __str__(self) -> str:
        return f"bezwaar {self.client_hash[:8]}"


class SampleDesign(models.Model):
    """How a sample was drawn, so the method text can state it and anyone can redo it:
    the seed, the stratifying column, and per stratum the rule, population and sample."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="sample_designs")
    seed = models.BigIntegerField()
    stratify_by = models.CharField(max_length=40)
    reference_date = models.DateField()
    exclude_invited_months = models.PositiveSmallIntegerField(default=0)
    assumed_response_rate = models.FloatField()
    # [{"stratum", "rule", "population", "opted_out", "recently_invited", "no_channel",
    #   "frame", "drawn", "invited", "expected_margin"}, ...]
    strata = models.JSONField(default=list)
    invited = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(Staff, on_delete=models.SET_NULL, null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"steekproef {self.survey} (seed {self.seed})"


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
