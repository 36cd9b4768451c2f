"""Earlier years' results per question, for the trend table and the year-on-year test.

A municipality's CEO goes back years (the trend table reaches back to 2016), mostly on
paper: figures are typed in from an old report's table, or computed from an imported
dataset of an earlier year. Either way a year is stored per question as a share with its
n, so that this year's figure can be compared with it (see ``ervaring.analysis.trends``).
"""

from django.db import models

from ervaring.accounts.models import Organisation


class TrendSource(models.TextChoices):
    REPORT = "rapport", "Overgenomen uit een rapport"
    DATASET = "dataset", "Berekend uit een databestand"


class TrendResult(models.Model):
    """One question's result in one earlier year of one organisation's CEO.

    ``question`` is the national standard id (``wmo-1``) when there is one, so that years
    with different questionnaires still line up, else the question id. ``se`` (percentage
    points) is known when the figure was computed from a dataset with its design; for a
    typed-in figure it is left empty and approximated from ``n`` and ``population``.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="trend_results"
    )
    law = models.CharField("wet", max_length=10)
    year = models.PositiveSmallIntegerField("jaar")
    question = models.CharField("vraag", max_length=60)
    pct_agree = models.FloatField("% eens")
    n = models.PositiveIntegerField()
    population = models.PositiveIntegerField("populatie", null=True, blank=True)
    se = models.FloatField("standaardfout", null=True, blank=True)
    source = models.CharField(max_length=10, choices=TrendSource.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation", "law", "question", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "law", "year", "question"],
                name="trend_once_per_year_and_question",
            ),
            models.CheckConstraint(
                condition=models.Q(pct_agree__gte=0, pct_agree__lte=100),
                name="trend_pct_is_a_percentage",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question} {self.year}: {self.pct_agree:.0f}% (n={self.n})"
