"""Organisations, their teams, staff with one role each, and the audit log.

Everything else in Ervaring hangs off an `Organisation`: a municipality, or one client of a
research bureau. Staff belong to exactly one organisation; platform operators (superusers)
belong to none and only use the Django admin.
"""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.crypto import salted_hmac


class SecondFactorPolicy(models.TextChoices):
    """Who in an organisation must log in with a second factor (ervaring.accounts.security)."""

    MANAGEMENT = "beheer", "Verplicht voor beheerders en onderzoekers"
    EVERYONE = "iedereen", "Verplicht voor alle medewerkers"
    OPTIONAL = "vrijwillig", "Niet verplicht (wel mogelijk)"


class Organisation(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField("naam", max_length=200)
    # Shown on the respondent pages, letters and reports.
    website = models.URLField(blank=True)
    contact_phone = models.CharField("telefoon voor vragen", max_length=40, blank=True)
    contact_email = models.EmailField("e-mail voor vragen", blank=True)
    opening_hours = models.CharField("bereikbaar", max_length=100, blank=True)
    # For letters: the return address above the window, who signs, the logo (a PNG or JPEG
    # file on the server), and the address respondents type (default: the public base URL).
    return_address = models.CharField("retouradres", max_length=200, blank=True)
    signatory_name = models.CharField("ondertekenaar", max_length=200, blank=True)
    signatory_role = models.CharField("functie ondertekenaar", max_length=200, blank=True)
    logo_path = models.CharField("pad naar logo", max_length=300, blank=True)
    # The logo uploaded on the organisation page (PNG or JPEG, checked by accounts.branding);
    # kept in the database so that it is backed up and every server has it.
    logo = models.BinaryField("logo", blank=True, default=b"")
    survey_address = models.CharField("adres van de vragenlijst", max_length=200, blank=True)
    # The house colour as #rrggbb, checked by accounts.branding against white text and a white
    # page (WCAG AA); empty means the product's own dark blue.
    house_colour = models.CharField("huiskleur", max_length=7, blank=True)
    # Whether the organisation's published figures count in, and it sees, the average of
    # the organisations in this installation (ervaring.analysis.benchmark).
    benchmark_opt_in = models.BooleanField(
        "meedoen met de vergelijking met andere gemeenten", default=False
    )
    # --- Security (ervaring.accounts.security) ---
    second_factor_policy = models.CharField(
        "tweede factor bij inloggen",
        max_length=20,
        choices=SecondFactorPolicy.choices,
        default=SecondFactorPolicy.MANAGEMENT,
    )

    class Meta:
        ordering = ["name"]
        verbose_name = "organisatie"

    def __str__(self) -> str:
        return self.name


class BenchmarkYear(models.Model):
    """The comparison between organisations for one law and year, fixed at its cut-off.

    ``ervaring.analysis.benchmark`` writes it once, the first time the comparison of that year
    is asked for on or after the cut-off date, and never changes it: what every organisation
    sees for the year stays the same whoever joins, leaves, edits a figure or is removed
    later, so there is no "before and after" to take the difference of. ``figures`` holds
    ``{standard question id: [[organisation id, % eens], ...]}`` with the ids as plain numbers
    (not keys), so that removing an organisation does not move the average either.
    """

    law = models.CharField("wet", max_length=10)
    year = models.PositiveSmallIntegerField("jaar")
    fixed_at = models.DateTimeField(auto_now_add=True)
    figures = models.JSONField(default=dict)

    class Meta:
        verbose_name = "vastgelegde vergelijking"
        constraints = [
            models.UniqueConstraint(fields=["law", "year"], name="benchmark_fixed_once_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.law} {self.year}"


class Team(models.Model):
    """A wijkteam or sociaal team; professionals and team leaders belong to one."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="teams")
    slug = models.SlugField()
    name = models.CharField("naam", max_length=200)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "slug"], name="team_slug_per_org")
        ]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    BEHEERDER = "beheerder", "Beheerder"
    ONDERZOEKER = "onderzoeker", "Onderzoeker"
    TEAMLEIDER = "teamleider", "Teamleider"
    PROFESSIONAL = "professional", "Professional"
    # Types in paper questionnaires and holds phone interviews; sees no results.
    INVOERDER = "invoerder", "Invoerder"


class Staff(AbstractUser):
    """A person who works with Ervaring for one organisation, in one role.

    Team leaders and professionals must have a team; the role checks live in
    `ervaring.accounts.permissions`, never in views or templates.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="staff", null=True, blank=True
    )
    role = models.CharField(max_length=20, choices=Role.choices, blank=True)
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="members", null=True, blank=True
    )
    # --- Security (ervaring.accounts.security) ---
    # Raised by "log out everywhere": it is part of the session hash, so every session made
    # before no longer matches (Django checks that hash on each request).
    session_generation = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = "medewerker"
        verbose_name_plural = "medewerkers"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(organisation__isnull=True, role="")
                | models.Q(organisation__isnull=False) & ~models.Q(role=""),
                name="staff_role_needs_organisation",
            ),
            models.CheckConstraint(
                condition=~models.Q(role__in=["teamleider", "professional"])
                | models.Q(team__isnull=False),
                name="team_roles_need_team",
            ),
        ]

    def _get_session_auth_hash(self, secret: str | None = None) -> str:
        """Django's hash of the password (used for every session check, also with
        SECRET_KEY_FALLBACKS), extended with `session_generation`."""
        return salted_hmac(
            "ervaring.accounts.Staff.session",
            f"{self.password}:{self.session_generation}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()


class AuditEvent(models.Model):
    """One staff action on a survey or on personal data, kept for accountability (AVG)."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="audit_events", null=True
    )
    actor = models.ForeignKey(Staff, on_delete=models.SET_NULL, null=True, blank=True)
    # Who acted when it was not a person: a command or the background worker.
    actor_label = models.CharField(max_length=100, blank=True)
    action = models.CharField(max_length=60)
    target = models.CharField(max_length=200, blank=True)
    details = models.JSONField(default=dict, blank=True)
    # --- Hash chain (ervaring.accounts.audit) ---
    # Filled in right after the action's transaction commits: the event's place in its
    # organisation's chain and a keyed hash over its fields and the previous event's hash.
    chain_seq = models.PositiveBigIntegerField(null=True, blank=True, editable=False)
    chain_hash = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        ordering = ["-at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "chain_seq"], name="audit_chain_seq_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.target}"


class AuditChain(models.Model):
    """The head of one organisation's audit chain (or the installation's, for events of
    no organisation): the last sealed event's number and hash."""

    scope = models.CharField(max_length=40, unique=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    last_seq = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, blank=True)

    def __str__(self) -> str:
        return f"{self.scope} #{self.last_seq}"


# Security tables live in their own module; importing them here makes them accounts models.
from ervaring.accounts.security.models import (  # noqa: E402
    LoginBudget,
    RecoveryCode,
    RecoveryCodeDevice,
    SecurityKey,
)

__all__ = [
    "AuditChain",
    "AuditEvent",
    "LoginBudget",
    "Organisation",
    "RecoveryCode",
    "RecoveryCodeDevice",
    "Role",
    "SecondFactorPolicy",
    "SecurityKey",
    "Staff",
    "Team",
]
