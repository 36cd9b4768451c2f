"""What the analyst adds to a generated report before it is published.

The findings and recommendations are drafted from the numbers every time the report is
built; an analyst may rewrite them (B1 language, local context the numbers cannot know).
A blank field means "use the draft", so a new import of responses still updates every part
nobody touched.
"""

from django.db import models

from ervaring.accounts.models import Organisation, Staff
from ervaring.questionnaires.models import Law, Survey


class ReportText(models.Model):
    """The analyst's own text for a survey's findings; one line per bullet."""

    survey = models.OneToOneField(Survey, on_delete=models.CASCADE, related_name="report_text")
    plus_points = models.TextField("pluspunten", blank=True)
    attention_points = models.TextField("aandachtspunten", blank=True)
    recommendations = models.TextField("aanbevelingen", blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(Staff, on_delete=models.SET_NULL, null=True, blank=True)

    class Meta:
        verbose_name = "rapporttekst"

    def __str__(self) -> str:
        return f"rapporttekst {self.survey}"

    @staticmethod
    def lines(text: str) -> tuple[str, ...]:
        """The bullets of a field: its non-empty lines, without a leading bullet sign."""
        return tuple(
            line.strip().lstrip("•-*").strip() for line in text.splitlines() if line.strip()
        )


class CouncilLetterText(models.Model):
    """What the project leader sets or rewrites in the council letter (raadsbrief).

    Only parts that differ from the draft are stored: a blank field means "use the draft",
    so the figures in an untouched part still follow a new import of responses.
    """

    survey = models.OneToOneField(
        Survey, on_delete=models.CASCADE, related_name="council_letter_text"
    )
    addressee = models.CharField("aan", max_length=300, blank=True)
    letter_date = models.DateField("datum", null=True, blank=True)
    reference = models.CharField("ons kenmerk", max_length=100, blank=True)
    subject = models.CharField("onderwerp", max_length=300, blank=True)
    summary = models.TextField("inleiding en samenvatting", blank=True)
    actions = models.TextField("wat het college gaat doen", blank=True)
    secretary = models.CharField("naam van de secretaris", max_length=200, blank=True)
    mayor = models.CharField("naam van de burgemeester", max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(Staff, on_delete=models.SET_NULL, null=True, blank=True)

    class Meta:
        verbose_name = "raadsbrieftekst"

    def __str__(self) -> str:
        return f"raadsbrief {self.survey}"


class Unit(models.TextChoices):
    """How a registration figure is counted; decides which values are possible."""

    COUNT = "aantal", "aantal"
    PERCENTAGE = "percentage", "percentage"
    DAYS = "dagen", "dagen"


class RegistrationIndicator(models.Model):
    """One registration figure of the Monitor Sociaal Domein, e.g. "Nieuwe aanvragen Wmo".

    Kept per organisation under the name the municipality's own export uses, so next
    quarter's file lands on the same indicator. ``experience_question`` names a standard
    question ("wmo-2") whose % eens is shown beside it, per quarter.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="registration_indicators"
    )
    name = models.CharField("naam", max_length=200)
    unit = models.CharField("eenheid", max_length=20, choices=Unit.choices)
    law = models.CharField("wet", max_length=10, choices=Law.choices, blank=True)
    experience_question = models.CharField("ervaringsvraag ernaast", max_length=40, blank=True)

    class Meta:
        verbose_name = "registratie-indicator"
        ordering = ("law", "name")
        constraints = [
            models.UniqueConstraint(
                fields=("organisation", "name"), name="registration_indicator_unique_name"
            )
        ]

    def __str__(self) -> str:
        return self.name


class RegistrationValue(models.Model):
    """An indicator's figure for one quarter ("2026-K3")."""

    indicator = models.ForeignKey(
        RegistrationIndicator, on_delete=models.CASCADE, related_name="values"
    )
    quarter = models.CharField("kwartaal", max_length=7)
    value = models.DecimalField("waarde", max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = "registratiecijfer"
        ordering = ("quarter",)
        constraints = [
            models.UniqueConstraint(
                fields=("indicator", "quarter"), name="registration_value_unique_quarter"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.quarter}"


class RegistrationMapping(models.Model):
    """How an organisation's registration file is laid out, saved at the first import.

    ``mapping`` is the plain dict :mod:`ervaring.reporting.registration` reads (layout,
    quarter column, indicator columns or long-format columns), so next quarter's file with
    the same headers is imported without asking again.
    """

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="registration_mapping"
    )
    mapping = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "kolomindeling registratiecijfers"

    def __str__(self) -> str:
        return f"kolomindeling {self.organisation}"


class RegistrationUpload(models.Model):
    """A registration file kept between its upload and the column mapping (small: capped)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    uploaded_by = models.ForeignKey(Staff, on_delete=models.SET_NULL, null=True, blank=True)
    name = models.CharField(max_length=255)
    content = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "geüpload registratiebestand"

    def __str__(self) -> str:
        return self.name


class NationalFigure(models.Model):
    """The national average % eens on one standard question in one year (Gemeentelijke
    Monitor Sociaal Domein), shown beside a municipality's own figure in its report.

    Installation-wide: the same for every organisation, so only the installation's
    administrator imports it (:mod:`ervaring.reporting.national_services`).
    """

    law = models.CharField("wet", max_length=10, choices=Law.choices)
    year = models.PositiveSmallIntegerField("jaar")
    question = models.CharField("standaardvraag", max_length=40)
    pct_agree = models.DecimalField("% eens", max_digits=4, decimal_places=1)
    n = models.PositiveIntegerField("n", null=True, blank=True)
    source = models.CharField("bron", max_length=200)
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "landelijk cijfer"
        verbose_name_plural = "landelijke cijfers"
        ordering = ("law", "year", "question")
        constraints = [
            models.UniqueConstraint(
                fields=("law", "year", "question"), name="national_figure_unique_question"
            )
        ]

    def __str__(self) -> str:
        return f"{self.law} {self.year} {self.question}"
