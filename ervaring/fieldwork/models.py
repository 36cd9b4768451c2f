"""The population of a survey and the invitations sent to it.

This app is where identity lives: client references and (later) contact data. It creates the
login codes and deletes contact data after fieldwork. Answers live in `responses` and never
point back here.
"""

from django.db import models
from django.utils import timezone

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
    # The day the client came into the population: the import date. A continuous survey
    # invites, per monthly cohort, the clients who came in during that month.
    added_on = models.DateField(default=timezone.localdate, null=True, blank=True)

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
    # The language the client reads best, from the population file (a shipped language's
    # code, see ervaring.languages); '' is Dutch. It chooses the language of their letter,
    # e-mail and SMS, and like the rest of this row it is deleted after fieldwork.
    language = models.CharField("taal", max_length=5, blank=True)

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


class ProvisionChoice(models.Model):
    """A staff member's choice of the provision group for a name in the organisation's files
    (see `fieldwork.population.provisions`), so that next month's export with the same names
    imports without asking again. `group` is a group slug, or "-" for "a group of its own,
    without a question block"."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="provision_choices"
    )
    name_key = models.CharField(max_length=200)
    label = models.CharField("naam in het bestand", max_length=200)
    group = models.CharField("groep", max_length=80)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["label"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name_key"], name="provision_choice_per_org"
            )
        ]

    def __str__(self) -> str:
        return f"{self.label} -> {self.group}"


class UploadStatus(models.TextChoices):
    UPLOADED = "uploaded", "Klaar om in te lezen"
    QUEUED = "queued", "In de wachtrij"
    READING = "reading", "Wordt gelezen"
    CHECKED = "checked", "Gelezen, wordt verwerkt"
    DONE = "done", "Klaar"


class PopulationUpload(models.Model):
    """A population file uploaded on the staff pages, kept from the upload until it is
    imported (by the request for a small file, by the background worker for a big one).

    Kept in the database, in `PopulationUploadChunk`s, because the web server and the worker
    may run on different machines that share only the database; it belongs to one survey and
    so to one organisation. The file's content is deleted as soon as it is imported, and any
    upload is deleted after a day (`fieldwork.population_uploads.purge_uploads`). `outcome`
    holds what the last import attempt found (see `population_uploads.Outcome`).
    """

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="+")
    uploaded_by = models.ForeignKey(Staff, on_delete=models.SET_NULL, null=True, blank=True)
    file_name = models.CharField(max_length=200)
    size = models.PositiveBigIntegerField(default=0)
    headers = models.JSONField(default=list)
    mapping = models.JSONField(default=dict)
    save_as = models.CharField(max_length=100, blank=True)
    provision_choices = models.JSONField(default=dict)
    status = models.CharField(
        max_length=10, choices=UploadStatus.choices, default=UploadStatus.UPLOADED
    )
    rows_done = models.PositiveIntegerField(default=0)
    rows_total = models.PositiveIntegerField(default=0)
    outcome = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"


class PopulationUploadChunk(models.Model):
    """One piece of an uploaded file, in order: a 100 MB file is never one value in memory."""

    upload = models.ForeignKey(PopulationUpload, on_delete=models.CASCADE, related_name="chunks")
    index = models.PositiveIntegerField()
    data = models.BinaryField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["upload", "index"], name="one_chunk_per_place")
        ]

    def __str__(self) -> str:
        return f"deel {self.index} van {self.upload_id}"


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
    again); see `ervaring.fieldwork.codes`. `is_started`/`is_completed` are never written when
    a response changes: the worker records them in batches (`fieldwork.progress`), and they
    carry no time stamps, so neither their timing nor their row versions match a response's.
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
        constraints = [
            # A second invitation of the same client (two draws at once, a double click on
            # the quick invite) is impossible, not merely checked for.
            models.UniqueConstraint(
                fields=["survey", "client"],
                condition=models.Q(client__isnull=False),
                name="one_invitation_per_client",
            )
        ]

    def __str__(self) -> str:
        return f"uitnodiging {self.pk} ({self.survey})"


class ProgressNote(models.Model):
    """A response started or completed, noted under its response token until the worker
    records it on the invitation (see `fieldwork.progress`).

    Written in the respondent's own transaction *instead of* the invitation, so that no
    transaction, row version or time stamp ties a response to an invitation: the token is
    already on the response, and finding the invitation that belongs to a token needs the
    installation's key. No time stamp, and deleted once recorded.
    """

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=64)
    is_completed = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["token", "is_completed"], name="one_note_per_state")
        ]

    def __str__(self) -> str:
        return "voltooid" if self.is_completed else "begonnen"


class FieldworkFigures(models.Model):
    """The survey's invitation counts as the worker last counted them (`fieldwork.overview`).

    Counting 100,000 invitations takes about 0.3 s, because whether each invitation went out
    depends on its message; the dashboards' response tables read this row instead, so no
    page view waits for the count. Only the worker writes it (`tasks.count_fieldwork`, on
    the schedule); pages count for themselves when it is missing or older than they accept.
    """

    survey = models.OneToOneField(
        Survey, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    counted_at = models.DateTimeField()
    figures = models.JSONField()

    def __str__(self) -> str:
        return f"geteld om {self.counted_at:%H:%M}"


class FieldworkSettings(models.Model):
    """How a survey's fieldwork runs: the reminder schedule and continuous measurement.

    Kept in fieldwork (not on `Survey`) because they are about reaching people, and a survey
    without a row simply uses the defaults (see `reminders.get_fieldwork_settings`).
    """

    survey = models.OneToOneField(Survey, on_delete=models.CASCADE, related_name="+")
    # Days after the invitation for reminder 1 and 2 (at most two; [] for none).
    reminder_days = models.JSONField(default=list)
    # Continuous measurement: each month, the clients who came in last month are invited.
    is_continuous = models.BooleanField("doorlopend meten", default=False)
    # How many days a cohort gets to answer (the date in its invitations).
    cohort_answer_days = models.PositiveSmallIntegerField(default=28)

    class Meta:
        verbose_name = "veldwerkinstellingen"

    def __str__(self) -> str:
        return f"veldwerk {self.survey_id}"


class SurveyWording(models.Model):
    """A survey's own words in its letters, e-mails and SMS (rules in `fieldwork.wording`).

    No row, or an empty field, means the standard text. A change counts for what is printed
    or sent after it; letters already printed and messages already sent keep their words.
    """

    survey = models.OneToOneField(Survey, on_delete=models.CASCADE, related_name="wording")
    letter_subject = models.CharField(max_length=90, blank=True)
    invitation_opening = models.TextField(blank=True)
    reminder_opening = models.TextField(blank=True)
    extra_paragraph = models.TextField(blank=True)
    email_subject = models.CharField(max_length=90, blank=True)
    sms_text = models.CharField(max_length=200, blank=True)
    # The same fields in the survey's other languages: {"tr": {"extra_paragraph": ...}, ...};
    # a missing or empty one means the standard text in that language.
    translations = models.JSONField(default=dict, blank=True)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "teksten van de berichten"
        verbose_name_plural = "teksten van de berichten"

    def __str__(self) -> str:
        return f"teksten {self.survey_id}"


class Cohort(models.Model):
    """One month of a continuous survey that has been invited: exactly once per period."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="cohorts")
    period = models.CharField(max_length=7)  # "2026-11"
    clients = models.PositiveIntegerField(default=0)
    invited = models.PositiveIntegerField(default=0)
    # {"opted_out": n, "no_channel": n, ...}: who came in but was not invited, and why.
    excluded = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-period"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "period"], name="cohort_once_per_period")
        ]

    def __str__(self) -> str:
        return f"cohort {self.period}"


class LetterBatch(models.Model):
    """A print run: the letters of these outbox messages, rendered again on every download.

    No PDF is stored: it holds codes and addresses, so it is made from the messages when
    asked for, and cannot outlive the contact data it was made from.
    """

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="letter_batches")
    reminder_number = models.PositiveSmallIntegerField(default=0)
    stratum = models.CharField(max_length=100, blank=True)
    letters = models.PositiveIntegerField(default=0)
    letter_date = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(Staff, on_delete=models.SET_NULL, null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"brieven {self.pk} ({self.survey_id})"


class MessageStatus(models.TextChoices):
    QUEUED = "queued", "In de wachtrij"
    # Reserved by a worker in a batch, not yet handed to any channel: safe to queue again
    # when that worker died (see `sending`).
    CLAIMED = "claimed", "Gereserveerd"
    SENDING = "sending", "Wordt verzonden"
    SENT = "sent", "Verzonden"
    FAILED = "failed", "Mislukt"
    # The worker stopped between handing the message over and recording it: it may or may
    # not have gone out. Not resent automatically (see `sending`); an operator decides.
    UNCERTAIN = "uncertain", "Onzeker"
    CANCELLED = "cancelled", "Niet verstuurd"


class Message(models.Model):
    """The outbox: one invitation or reminder, written before it is handed to a channel.

    (invitation, reminder_number) is unique, so queueing twice cannot send twice. The text is
    not stored: it holds the login code, so it is composed from the encrypted code when the
    message is sent. `to` is the address it goes to (e-mail, mobile number, or the postal
    address lines for a letter) and is blanked with the other contact data after fieldwork.
    """

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="+")
    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="messages")
    channel = models.CharField(max_length=20, choices=Channel.choices)
    # 0 is the invitation itself, 1 and 2 are the reminders.
    reminder_number = models.PositiveSmallIntegerField(default=0)
    to = models.CharField(max_length=600, blank=True)
    status = models.CharField(
        max_length=10, choices=MessageStatus.choices, default=MessageStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    claimed_by = models.CharField(max_length=100, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    provider_reference = models.CharField(max_length=200, blank=True)
    letter_batch = models.ForeignKey(
        LetterBatch, on_delete=models.SET_NULL, null=True, blank=True, related_name="messages"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["invitation", "reminder_number"], name="one_message_per_kind"
            )
        ]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"]),
            models.Index(fields=["survey", "status"]),
        ]

    def __str__(self) -> str:
        return f"bericht {self.pk} ({self.kind_label})"

    @property
    def kind_label(self) -> str:
        return "uitnodiging" if self.reminder_number == 0 else f"herinnering {self.reminder_number}"
