"""Earlier years' results per question, for the trend table and the year-on-year test.

A municipality's CEO goes back years (the trend table reaches back to 2016), mostly on
paper: figures are typed in from an old report's table, or computed from an imported
dataset of an earlier year. Either way a year is stored per question as a share with its
n, so that this year's figure can be compared with it (see ``ervaring.analysis.trends``).
"""

from django.db import models
from django.utils import timezone

from ervaring.accounts.models import Organisation, Staff


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


class AlertRule(models.Model):
    """When a statement's share of disagreement is a signal worth a conversation.

    The default (see ``ervaring.analysis.alerts``) follows the project plan: on any agree
    statement, "niet mee eens" + "helemaal niet mee eens" above 20% of at least 10 valid
    answers, over the last 90 days, per team and overall. ``window_days`` empty means the
    whole fieldwork period. A signal on a tiny n is noise, hence ``min_n``.
    """

    survey = models.ForeignKey(
        "questionnaires.Survey", on_delete=models.CASCADE, related_name="alert_rules"
    )
    threshold_pct = models.FloatField("drempel % oneens", default=20.0)
    min_n = models.PositiveSmallIntegerField("minimaal aantal antwoorden", default=10)
    window_days = models.PositiveSmallIntegerField(
        "periode in dagen", null=True, blank=True, default=90
    )
    is_per_team = models.BooleanField("ook per team", default=True)
    is_active = models.BooleanField("actief", default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["survey", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(threshold_pct__gte=0, threshold_pct__lte=100),
                name="alert_threshold_is_a_percentage",
            ),
            models.CheckConstraint(condition=models.Q(min_n__gte=1), name="alert_min_n_positive"),
        ]

    def __str__(self) -> str:
        window = f"{self.window_days} dagen" if self.window_days else "hele periode"
        return f"> {self.threshold_pct:g}% oneens (n >= {self.min_n}, {window})"


class Alert(models.Model):
    """One episode of a rule holding for one statement, overall or for one team.

    Opened when the rule starts to hold, closed (``recovered_at``) when the figure is back
    at or under the threshold; a later crossing opens a new row, so the rows are the
    history. At most one open alert per rule, statement and team: that constraint is what
    makes evaluation safe to run twice, and why nobody gets a second mail while the share
    stays above the threshold. ``team_slug`` is empty for the whole organisation.
    """

    rule = models.ForeignKey(AlertRule, on_delete=models.CASCADE, related_name="alerts")
    survey = models.ForeignKey(
        "questionnaires.Survey", on_delete=models.CASCADE, related_name="alerts"
    )
    question_id = models.CharField(max_length=60)
    question_text = models.CharField(max_length=500, blank=True)
    team_slug = models.CharField(max_length=100, blank=True)
    team_name = models.CharField(max_length=200, blank=True)
    started_at = models.DateTimeField(default=timezone.now)
    pct_disagree = models.FloatField("laatste % oneens")
    n = models.PositiveIntegerField("laatste n")
    peak_pct = models.FloatField("hoogste % oneens")
    notified_at = models.DateTimeField(null=True, blank=True)
    recovered_at = models.DateTimeField(null=True, blank=True)
    recovered_pct = models.FloatField(null=True, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        "accounts.Staff", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.TextField("notitie", blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "question_id", "team_slug"],
                condition=models.Q(recovered_at__isnull=True),
                name="one_open_alert_per_statement_and_team",
            )
        ]
        indexes = [models.Index(fields=["survey", "recovered_at"])]

    def __str__(self) -> str:
        where = self.team_name or "hele organisatie"
        return f"{self.question_id} ({where}): {self.pct_disagree:.0f}% oneens"

    @property
    def is_open(self) -> bool:
        return self.recovered_at is None


class PublicSummary(models.Model):
    """Whether a survey's headline figures may be shown without login (off by default).

    Kept here, beside the figures it publishes, rather than on ``Survey``: publishing is a
    decision about results, taken once they exist.
    """

    survey = models.OneToOneField(
        "questionnaires.Survey", on_delete=models.CASCADE, related_name="public_summary"
    )
    is_enabled = models.BooleanField("openbaar", default=False)
    changed_at = models.DateTimeField(auto_now=True)
    changed_by = models.ForeignKey(
        "accounts.Staff", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    def __str__(self) -> str:
        return f"openbare samenvatting {self.survey_id}: {'aan' if self.is_enabled else 'uit'}"


class Polarity(models.TextChoices):
    PLUS = "plus", "pluspunt"
    KLUS = "klus", "kluspunt"
    NEUTRAL = "neutraal", "neutraal"


class Code(models.Model):
    """A theme of a survey's codebook, under a parent theme or at the top.

    Codebooks are per survey so that a survey can add its local themes without changing
    another's; `key` is what stays the same across surveys (the standard codebook's keys), so
    answers coded in earlier surveys teach the suggestions of this one. `keywords` are
    Dutch words, comma-separated, that suggest the code; `shortcut` is the key that ticks
    it on the coding page.
    """

    survey = models.ForeignKey(
        "questionnaires.Survey", on_delete=models.CASCADE, related_name="codes"
    )
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    key = models.SlugField("code", max_length=60)
    label = models.CharField("naam", max_length=120)
    polarity = models.CharField(
        "soort", max_length=10, choices=Polarity.choices, default=Polarity.NEUTRAL
    )
    keywords = models.TextField("trefwoorden", blank=True)
    shortcut = models.CharField("toets", max_length=1, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["survey", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "key"], name="code_key_per_survey"),
            models.UniqueConstraint(
                fields=["survey", "shortcut"],
                condition=~models.Q(shortcut=""),
                name="code_shortcut_per_survey",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def keyword_list(self) -> list[str]:
        return [w.strip().lower() for w in self.keywords.split(",") if w.strip()]


class CoderRole(models.TextChoices):
    FIRST = "eerste", "eerste codeur"
    SECOND = "tweede", "tweede codeur (blind)"
    SETTLED = "besluit", "besluit na verschil"


class Coding(models.Model):
    """The codes one coder gave one answer, in one role.

    The first coder's codes count, unless a disagreement with the blind second coder was
    settled: then the settled codes count (`coding.counted_codes`). The second coder's
    codes are kept as they were given, so the agreement (kappa) stays what it was.
    """

    open_text = models.ForeignKey(
        "responses.OpenText", on_delete=models.CASCADE, related_name="codings"
    )
    role = models.CharField(max_length=10, choices=CoderRole.choices, default=CoderRole.FIRST)
    coder = models.ForeignKey(
        Staff, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    codes = models.ManyToManyField(Code, blank=True, related_name="codings")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["open_text", "role"], name="one_coding_per_role")
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} van {self.open_text_id}"


class CodingStep(models.Model):
    """One change a coder made, with the codes before it: what "ongedaan maken" restores.

    `before` is a list of code ids, or None when the answer had no coding in that role.
    """

    coder = models.ForeignKey(Staff, on_delete=models.CASCADE, related_name="+")
    open_text = models.ForeignKey("responses.OpenText", on_delete=models.CASCADE, related_name="+")
    role = models.CharField(max_length=10, choices=CoderRole.choices)
    before = models.JSONField(null=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"stap {self.pk}"


class Quote(models.Model):
    """An answer the researcher chose to quote in the report (its scrubbed text)."""

    open_text = models.OneToOneField(
        "responses.OpenText", on_delete=models.CASCADE, related_name="quote"
    )
    chosen_by = models.ForeignKey(Staff, on_delete=models.SET_NULL, null=True, related_name="+")
    chosen_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"citaat {self.open_text_id}"


class SuggestedCodes(models.Model):
    """The model's scores for an uncoded answer, written by the worker after training.

    `scores` maps a code key to the model's score (0 to 1). The page adds the keywords'
    score and ranks; nothing here is ever applied without a person.
    """

    open_text = models.OneToOneField(
        "responses.OpenText", on_delete=models.CASCADE, related_name="suggested"
    )
    scores = models.JSONField(default=dict)
    trained_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"suggesties {self.open_text_id}"


class SecondSample(models.Model):
    """An answer drawn at random for the blind second coder (`agreement.draw_sample`)."""

    open_text = models.OneToOneField(
        "responses.OpenText", on_delete=models.CASCADE, related_name="second_sample"
    )
    drawn_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"tweede codeur {self.open_text_id}"


class InterviewRound(models.Model):
    """A survey's round of in-depth interviews, coded with the survey's codebook.

    One round per survey. The round of the organisation's previous survey of the same law
    is what the report compares with (`interviews.previous_round`).
    """

    survey = models.OneToOneField(
        "questionnaires.Survey", on_delete=models.CASCADE, related_name="interview_round"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"interviewronde {self.survey_id}"


class Interview(models.Model):
    """One interview of a round: a pseudonym the product gives, never a name.

    There are no identity fields on purpose: who was interviewed stays with the recruiter.
    `pseudonym` is made by `interviews.add_interview` ("G01", "G02", ...), so nobody can
    type a name into it. The transcript itself lives in its fragments.
    """

    round = models.ForeignKey(InterviewRound, on_delete=models.CASCADE, related_name="interviews")
    pseudonym = models.CharField("pseudoniem", max_length=10)
    held_on = models.DateField("datum")
    provision_group = models.CharField("voorzieningengroep", max_length=60, blank=True)
    team = models.ForeignKey(
        "accounts.Team", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["round", "pseudonym"]
        constraints = [
            models.UniqueConstraint(fields=["round", "pseudonym"], name="pseudonym_per_round")
        ]

    def __str__(self) -> str:
        return self.pseudonym


class InterviewFragment(models.Model):
    """A paragraph or speaker turn of a transcript: encrypted raw, scrubbed `text` to read.

    Kept like `responses.OpenText`: the raw words only as a Fernet token, scrubbed by the
    worker (`interview_runs.scrub_waiting`) before any page shows `text`; `spans` and
    `hidden` (raw spans staff chose to hide) as there.
    `is_interviewer` marks the interviewer's turns: shown as context, never coded. The
    codes are the coder's (one coder: interviews are few and read whole).
    """

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="fragments")
    position = models.PositiveIntegerField()
    is_interviewer = models.BooleanField(default=False)
    raw_encrypted = models.TextField(blank=True)
    text = models.TextField(blank=True)
    spans = models.JSONField(default=list)
    hidden = models.JSONField(default=list)
    is_scrubbed = models.BooleanField(default=False)
    scrubbed_at = models.DateTimeField(null=True, blank=True)
    codes = models.ManyToManyField(Code, blank=True, related_name="fragments")
    coded_by = models.ForeignKey(
        Staff, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    coded_at = models.DateTimeField(null=True, blank=True)
    is_quote = models.BooleanField("citaat", default=False)
    #: The suggestion model's scores by code key (`suggestion_runs`), None until trained.
    suggested = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["interview", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["interview", "position"], name="one_fragment_per_position"
            )
        ]
        indexes = [models.Index(fields=["scrubbed_at"])]

    def __str__(self) -> str:
        return f"fragment {self.pk}"


class ComplaintSource(models.TextChoices):
    BODY = "klachtinstantie", "klachtinstantie (vertrouwenspersonen)"
    MUNICIPALITY = "gemeente", "gemeente"


class ComplaintFigure(models.Model):
    """How many unique clients complained about one provider in one year, and about what.

    Registered by hand or imported from the complaint body's or the municipality's yearly
    overview. ``subjects`` maps a subject (``bejegening``) to the number of those clients
    who complained about it. Only aggregates: never a client, never a complaint's text.
    What of it may be published is decided in :mod:`ervaring.analysis.complaints`.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="complaint_figures"
    )
    law = models.CharField("wet", max_length=10)
    year = models.PositiveSmallIntegerField("jaar")
    source = models.CharField("bron", max_length=20, choices=ComplaintSource.choices)
    provider = models.CharField("aanbieder", max_length=200)
    clients = models.PositiveIntegerField("unieke cliënten")
    subjects = models.JSONField("onderwerpen", default=dict)
    changed_at = models.DateTimeField(auto_now=True)
    changed_by = models.ForeignKey(
        Staff, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["organisation", "law", "-year", "provider"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "law", "year", "source", "provider"],
                name="complaints_once_per_provider_year_and_source",
            )
        ]

    def __str__(self) -> str:
        return f"{self.provider} {self.year}: {self.clients}"


class ComplaintSettings(models.Model):
    """From how many unique clients a year a provider's complaints are named (default 10)."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="complaint_settings"
    )
    threshold = models.PositiveSmallIntegerField("drempel per organisatie per jaar", default=10)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(threshold__gte=1), name="complaint_threshold_positive"
            )
        ]

    def __str__(self) -> str:
        return f"klachten vanaf {self.threshold}"


class ResponseTally(models.Model):
    """One counter of the dashboard's running totals (see :mod:`ervaring.analysis.tallies`).

    A cell is the completion day, team, law and combination of provision groups of the
    respondents in it; per cell one row counts its respondents (``question_id`` empty) and
    one row per question and answer value counts who gave that answer. The design strata,
    the population and suppression depend on all responses together, so they are decided
    when the figures are drawn, never stored.
    """

    survey = models.ForeignKey(
        "questionnaires.Survey", on_delete=models.CASCADE, related_name="tallies"
    )
    day = models.DateField()
    team = models.CharField(max_length=100, blank=True)
    law = models.CharField(max_length=20, blank=True)
    provisions = models.CharField(max_length=500, blank=True)  # JSON list, sorted
    question_id = models.CharField(max_length=60, blank=True)
    value = models.TextField(blank=True)  # the answer as canonical JSON
    n = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "day", "team", "law", "provisions", "question_id", "value"],
                name="one_tally_per_cell_and_answer",
            )
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.team} {self.question_id}={self.value}: {self.n}"


class TallyGeneration(models.Model):
    """A survey's tally generation: raised whenever a counter of an earlier day changes.

    Web processes keep the counters of earlier days in memory and read only the last two
    days' on each view (:mod:`ervaring.analysis.tallies`); this number tells them when the
    kept counters are no longer right: a rebuild, or a late change to a response completed
    on an earlier day. Changes to today's counters leave it alone, so the ordinary
    completion never waits for this row.
    """

    survey = models.OneToOneField(
        "questionnaires.Survey",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="tally_generation",
    )
    generation = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"telling {self.survey_id}: generatie {self.generation}"


class TalliedResponse(models.Model):
    """What one completed response added to the tallies, so that a change or a deletion
    takes away exactly that, and the drift check can compare it with the response."""

    response = models.OneToOneField(
        "responses.Response", on_delete=models.CASCADE, related_name="tallied"
    )
    survey = models.ForeignKey(
        "questionnaires.Survey", on_delete=models.CASCADE, related_name="tallied_responses"
    )
    day = models.DateField()
    team = models.CharField(max_length=100, blank=True)
    law = models.CharField(max_length=20, blank=True)
    provisions = models.CharField(max_length=500, blank=True)
    answers = models.JSONField(default=dict)  # question id -> canonical JSON of the value

    def __str__(self) -> str:
        return f"respons {self.response_id} geteld"
