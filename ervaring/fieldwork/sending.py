"""Sending the outbox: claim a batch of messages, hand each to its channel, record it.

The rules that make sending exactly-once:

1. Messages are *claimed* in batches before anything is sent: one transaction turns up to
   `OUTBOX_BATCH_SIZE` rows from `queued` into `claimed` for this worker (with `SELECT ...
   FOR UPDATE SKIP LOCKED` on PostgreSQL; on SQLite the write transaction is exclusive, and
   the `WHERE status = 'queued'` update decides). Two workers never get the same row.
2. Just before a message is handed to its channel it becomes `sending` (one small update);
   only after the channel accepted it is it marked `sent`. So however large the batch, at
   most one message per worker is in doubt at any moment: a `claimed` one was certainly
   never handed over.
3. A worker that dies leaves its batch behind. After `OUTBOX_SENDING_TIMEOUT` the next run
   recovers it: `claimed` rows are queued again (never sent, so nothing can arrive twice);
   a `sending` row is settled never by guessing: if the backend can look the reference up
   (`find_delivery`) the answer decides (sent, or queued again); if the provider drops a
   repeated reference (`is_idempotent`) it is queued again; otherwise (SMTP, a plain HTTP
   gateway) it becomes `uncertain` and is reported, because sending it again could make it
   arrive twice. An operator may release those (`ervaring send-messages --resend-uncertain`).
4. Temporary failures are retried with exponential backoff up to `OUTBOX_MAX_ATTEMPTS`, then
   `failed`; permanent ones (a refused address) are `failed` at once.
5. Only messages of a survey whose state allows sending (fieldwork) are claimed: what was
   queued before fieldwork waits, and goes out when fieldwork starts. A message that did not
   go out (cancelled or failed) can be queued again (`outbox.requeue_unsent`).

Why batches: claiming one row per transaction cost a commit and a join per message, and
capped a worker at about 140 e-mails a second (docs/benchmarks.md). What remains per message
is one statement: it records the previous message's outcome and puts this one in hand
(`Courier`), the least that keeps rule 2. On PostgreSQL its round trip is not waited out
idle: the next message is composed meanwhile (`_overlapped`).

Letters never pass through here: a print run marks them (`fieldwork.printing`).
"""

import functools
import logging
import os
import select
import socket
import time
from collections.abc import Callable, Iterable
from contextlib import ExitStack
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import CharField, F, Field
from django.utils import timezone

from ervaring.accounts.branding import house_colour
from ervaring.contact_text import phone_with_hours
from ervaring.fieldwork import codes, opt_out
from ervaring.fieldwork.channels import email as email_channel
from ervaring.fieldwork.channels import sms as sms_channel
from ervaring.fieldwork.channels.base import (
    ChannelError,
    OutgoingMessage,
    UnstagedDelivery,
    get_sms_backend,
)
from ervaring.fieldwork.language_lines import client_language
from ervaring.fieldwork.models import (
    Channel,
    Client,
    ContactDetails,
    Invitation,
    Message,
    MessageStatus,
)
from ervaring.fieldwork.outbox import WORKER_CHANNELS
from ervaring.fieldwork.services import personal_link
from ervaring.fieldwork.wording import Wording
from ervaring.fieldwork.wording_services import fill_ins, filled, wording_in
from ervaring.questionnaires.lifecycle import ALLOWED, Action
from ervaring.questionnaires.models import Survey

SENDING_STATES = sorted(ALLOWED[Action.SEND_MESSAGES])

logger = logging.getLogger(__name__)
MAX_BACKOFF = timedelta(hours=6)
DEFAULT_ANSWER_DAYS = 28


@dataclass
class RunReport:
    """What one run did, for the command's progress lines and the task's result."""

    sent: int = 0
    retried: int = 0
    failed: int = 0
    cancelled: int = 0
    recovered: dict[str, int] = field(default_factory=dict)

    @property
    def handled(self) -> int:
        return self.sent + self.retried + self.failed + self.cancelled


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:100]


def backoff(attempts: int) -> timedelta:
    """The wait before attempt `attempts + 1`: RETRY_SECONDS, doubled per attempt, capped."""
    delay = timedelta(seconds=settings.OUTBOX_RETRY_SECONDS * 2 ** max(attempts - 1, 0))
    return min(delay, MAX_BACKOFF)


class Backends(ExitStack):
    """One backend instance per channel for a run; the e-mail one keeps its SMTP session."""

    def __init__(self) -> None:
        super().__init__()
        self._made: dict[str, object] = {}

    def get(self, channel: str) -> object:
        if channel not in self._made:
            if channel == Channel.EMAIL:
                self._made[channel] = self.enter_context(email_channel.DjangoEmailBackend())
            elif channel == Channel.SMS:
                self._made[channel] = get_sms_backend()
            else:
                raise ValueError(f"No sending backend for channel {channel!r}")
        return self._made[channel]


def claim_batch(size: int, survey_id: int | None = None) -> list[Message]:
    """Reserve up to `size` due messages for this worker (status `claimed`), oldest first."""
    now = timezone.now()
    me = worker_name()
    with transaction.atomic():
        due = Message.objects.filter(
            status=MessageStatus.QUEUED,
            next_attempt_at__lte=now,
            channel__in=WORKER_CHANNELS,
            survey__status__in=SENDING_STATES,
        )
        if survey_id is not None:
            due = due.filter(survey_id=survey_id)
        due = due.order_by("next_attempt_at", "pk")
        if connection.features.has_select_for_update_skip_locked:
            # Lock the message rows only, never the survey they join.
            due = due.select_for_update(skip_locked=True, of=("self",))
        ids = list(due.values_list("pk", flat=True)[:size])
        if not ids:
            return []
        Message.objects.filter(pk__in=ids, status=MessageStatus.QUEUED).update(
            status=MessageStatus.CLAIMED,
            claimed_at=now,
            claimed_by=me,
            attempts=F("attempts") + 1,
        )
    batch = list(
        Message.objects.filter(
            pk__in=ids, status=MessageStatus.CLAIMED, claimed_by=me, claimed_at=now
        )
        .select_related("invitation__client__contact")  # the client's language
        .defer(*_NOT_NEEDED)
        .order_by("next_attempt_at", "pk")
    )
    # One survey object per survey, not one per message: building the same survey,
    # organisation and wording for every row cost more than composing the message.
    surveys = Survey.objects.select_related(
        "organisation",
        "wording",  # the survey's own words (a left join: most surveys have none)
        "current_version",  # the languages the survey offers
    ).defer("current_version__document")
    shared = surveys.in_bulk({message.invitation.survey_id for message in batch})
    for message in batch:
        message.invitation.survey = shared[message.invitation.survey_id]
    return batch


def _fields_but(model: type, keep: set[str], path: str) -> list[str]:
    return [f"{path}__{f.name}" for f in model._meta.concrete_fields if f.name not in keep]


#: Of the client only its language is read: the name, address and other details stay in the
#: database (less to read and build per message, and no personal data the sender has no use for).
_NOT_NEEDED = [
    *_fields_but(Client, {"id"}, "invitation__client"),
    *_fields_but(ContactDetails, {"id", "client", "language"}, "invitation__client__contact"),
]


@dataclass
class _Write:
    """A change to one message row, made only while the row is still in ``expected`` state
    under this claim (its ``claimed_at``): a run that recovered the row meanwhile wins."""

    message: Message
    expected: str
    changes: dict[str, object]


def mark_handing_over(message: Message) -> bool:
    """Claimed -> sending, just before the channel gets it; False when it is no longer ours."""
    return message.pk in _apply([_hand_over(message)])


def _hand_over(message: Message) -> _Write:
    # From here the timeout counts from the hand-over, not from the claim of the batch.
    changes = {"status": MessageStatus.SENDING, "claimed_at": timezone.now()}
    return _Write(message, MessageStatus.CLAIMED, changes)


def _db_value(field_: Field, value: object) -> object:
    """`value` as the field stores it. A text for a text column is stored as it is, so that
    path is skipped: preparing values cost more than running the statement."""
    if isinstance(value, str) and isinstance(field_, CharField):
        return str(value)
    return field_.get_db_prep_save(value, connection)


def release_claims(messages: Iterable[Message]) -> int:
    """Give back claimed messages this run did not reach (never handed over)."""
    return Message.objects.filter(
        pk__in=[m.pk for m in messages], status=MessageStatus.CLAIMED, claimed_by=worker_name()
    ).update(status=MessageStatus.QUEUED, attempts=F("attempts") - 1, claimed_by="")


def _apply(writes: list[_Write], while_waiting: Callable[[], None] | None = None) -> set[int]:
    """Make several rows' changes in ONE statement; the ids of the rows that changed.

    Written as SQL because it runs for every message: the ORM's query building cost more
    than the statement itself, and one statement for the outcome of one message and the
    hand-over of the next halves the writes (and commits) per message. Values are prepared
    by the model's own fields, so dates and time zones are stored exactly as the ORM would
    store them; only column names from the model are formatted into the text.

    With `while_waiting` (only where `overlaps_writes`): the statement is sent, then
    `while_waiting` runs while the database executes it, then this waits for the commit
    (see `_overlapped`). Either way it returns only once the statement is done: committed,
    unless the caller holds a transaction open (then it is simply executed, as without).
    """
    if not writes:
        return set()
    quote = connection.ops.quote_name
    columns = list(dict.fromkeys(name for write in writes for name in write.changes))
    assignments, values = [], []
    for name in columns:
        field_ = Message._meta.get_field(name)
        cases = []
        for write in writes:
            if name in write.changes:
                cases.append("WHEN %s THEN %s")
                values += [write.message.pk, _db_value(field_, write.changes[name])]
        column = quote(field_.column)
        assignments.append(f"{column} = CASE {quote('id')} {' '.join(cases)} ELSE {column} END")
    conditions = []
    claimed_at = Message._meta.get_field("claimed_at")
    for write in writes:
        conditions.append("(id = %s AND status = %s AND claimed_at = %s)")
        values += [
            write.message.pk,
            write.expected,
            _db_value(claimed_at, write.message.claimed_at),
        ]
    sql = (
        f"UPDATE {quote(Message._meta.db_table)} SET {', '.join(assignments)} "  # noqa: S608
        f"WHERE {' OR '.join(conditions)} RETURNING id"
    )
    if while_waiting is not None and connection.get_autocommit():
        moved = set(_overlapped(sql, values, while_waiting))
    else:  # inside a caller's transaction nothing commits here: nothing to overlap
        with connection.cursor() as cursor:
            cursor.execute(sql, values)
            moved = {row[0] for row in cursor.fetchall()}
        if while_waiting is not None:
            while_waiting()
    for write in writes:  # the objects follow the rows they stand for
        if write.message.pk in moved:
            for name, value in write.changes.items():
                setattr(write.message, name, value)
    return moved


def overlaps_writes() -> bool:
    """Whether `_apply` can let other work run while the database executes its statement:
    on PostgreSQL, a server of its own (SQLite works inside this process, so there is no
    wait to fill)."""
    return connection.vendor == "postgresql"


def _overlapped(sql: str, values: list[object], meanwhile: Callable[[], None]) -> list[int]:
    """Execute and commit `sql` (an UPDATE ... RETURNING id), running `meanwhile` between
    sending it and waiting for its answer; the ids it returned.

    The statement goes out as one simple-protocol query on the connection's libpq handle
    (psycopg's documented `pq` layer), its values bound into the text the way Django's
    default client-side binding does it (`ClientCursor.mogrify`). PostgreSQL executes it as
    soon as it arrives, and, the connection being in autocommit, commits it at its end, as
    a plain `execute` would; only the waiting for the answer is done after `meanwhile`
    (psycopg's pipeline mode, tried first, cost more CPU than the round trip it saved, and
    sends the commit's Sync only when it starts waiting). This returns only once the answer,
    which PostgreSQL sends after the commit, has been read: the changes are committed. The
    answer is read even when `meanwhile` raises, so the connection is left idle.
    """
    import psycopg  # the PostgreSQL backend's driver
    from psycopg import pq

    connection.ensure_connection()  # as `connection.cursor()` would on the other path
    raw = connection.connection
    text = psycopg.ClientCursor(raw).mogrify(sql, values)
    pgconn = raw.pgconn
    started = time.monotonic()
    with connection.wrap_database_errors:
        pgconn.send_query(text.encode(raw.info.encoding))
        while pgconn.flush():  # the socket is non-blocking: wait until all is written
            select.select([], [pgconn.socket], [])
        try:
            meanwhile()
        finally:
            results = []
            while True:
                pgconn.consume_input()
                if pgconn.is_busy():
                    select.select([pgconn.socket], [], [])
                elif (result := pgconn.get_result()) is None:
                    break
                else:
                    results.append(result)
        if connection.queries_logged:  # as Django's own cursor logs (tests, debug pages)
            connection.queries_log.append(
                {"sql": text, "time": f"{time.monotonic() - started:.3f}"}
            )
        ids = []
        for result in results:
            if result.status != pq.ExecStatus.TUPLES_OK:
                raise psycopg.DatabaseError(result.get_error_message())
            ids += [int(result.get_value(row, 0)) for row in range(result.ntuples)]
    return ids


def reason_not_to_send(message: Message) -> str:
    """Why a claimed message should not go out after all, or ''."""
    invitation = message.invitation
    if invitation.is_opted_out:
        return "afgemeld"
    if message.reminder_number and invitation.is_completed:
        return "vragenlijst al ingevuld"
    if not invitation.survey.allows(Action.SEND_MESSAGES):
        return "veldwerk gesloten"  # closed between the claim and now
    if not message.to or not invitation.code_encrypted:
        return "contactgegevens of code gewist"
    return ""


def deadline_of(invitation: Invitation) -> date:
    """Until when: a cohort's own date, else the survey's end, else four weeks."""
    deadline = invitation.attributes.get("deadline") or invitation.survey.closes_on
    if isinstance(deadline, str):
        deadline = datetime.fromisoformat(deadline).date()
    if deadline is None:
        deadline = timezone.localdate(invitation.created_at) + timedelta(DEFAULT_ANSWER_DAYS)
    return deadline


#: E-mail templates of one batch: (survey, language, deadline, reminder?, about a child?).
Templates = dict[tuple[int, str, date, bool, bool], email_channel.EmailTemplate]


def compose(message: Message, code: str, templates: Templates | None = None) -> OutgoingMessage:
    """The text of an e-mail or SMS, made now because it holds the code, in the client's
    language when the survey offers it.

    With `templates` (the outbox's, one dict per batch) an e-mail's texts are composed once
    per survey, language, deadline and kind and only the link, code and opt-out link are put
    in per message (`EmailTemplate`): the same e-mail, at a fraction of the work."""
    invitation = message.invitation
    link = personal_link(code)
    opt_out_link = opt_out.opt_out_link(invitation.pk)
    is_reminder = message.reminder_number > 0
    deadline = deadline_of(invitation)
    language = client_language(invitation)
    if message.channel == Channel.SMS:
        own = _own_words(invitation.survey, deadline, language)
        sender = invitation.survey.organisation.name
        text = sms_channel.compose(sender, link, is_reminder, opt_out_link, own.sms_text, language)
        return OutgoingMessage(message.channel, message.to, "", text, reference=str(message.pk))
    about_child = invitation.attributes.get("respondent_role") == "ouder"
    code_shown = codes.format_code(code)
    if templates is None:
        content = _email_content(invitation, language, deadline, is_reminder, about_child)
        subject, text, html = email_channel.compose(
            replace(content, link=link, code=code_shown, opt_out_link=opt_out_link)
        )
    else:
        key = (invitation.survey_id, language, deadline, is_reminder, about_child)
        template = templates.get(key)
        if template is None:
            content = _email_content(invitation, language, deadline, is_reminder, about_child)
            template = templates[key] = email_channel.EmailTemplate.of(content)
        subject, text, html = template.fill(link, code_shown, opt_out_link)
    return OutgoingMessage(message.channel, message.to, subject, text, html, str(message.pk))


def _own_words(survey: Survey, deadline: date, language: str) -> Wording:
    return filled(wording_in(survey, language), fill_ins(survey, deadline, language))


def _email_content(
    invitation: Invitation, language: str, deadline: date, is_reminder: bool, about_child: bool
) -> email_channel.EmailContent:
    """Everything of an e-mail but the recipient's link, code and opt-out link."""
    sender = invitation.survey.organisation
    own = _own_words(invitation.survey, deadline, language)
    return email_channel.EmailContent(
        organisation_name=sender.name,
        link="",
        code="",
        opt_out_link="",
        deadline=deadline,
        is_reminder=is_reminder,
        about_child=about_child,
        contact_phone=phone_with_hours(sender.contact_phone, sender.opening_hours),
        contact_email=sender.contact_email,
        subject=own.email_subject,
        opening=own.reminder_opening if is_reminder else own.invitation_opening,
        extra_paragraph=own.extra_paragraph,
        house_colour=house_colour(sender.house_colour),
        language=language,
    )


@dataclass
class _Ready:
    """A claimed message made ready for its channel, nothing handed over yet: why it is not
    sent after all, or its delivery; an error while composing is raised at its turn."""

    message: Message
    reason: str = ""
    delivery: object = None
    error: Exception | None = None


class Courier:
    """Sends the messages of claimed batches, one write per message.

    A message's outcome (sent, to retry, failed, cancelled) is not written at once: it goes
    into the same statement that puts the next message in the channel's hands (or into the
    last statement of the run, :meth:`flush`). Rule 2 holds: the next message is handed
    over only after the previous one's outcome is recorded, so at most one message is ever
    in doubt.

    Waiting is put to use. The statement runs while the mail server answers MAIL FROM
    (`email.SmtpDelivery`). The next message is composed (decrypting its code, its texts,
    its bytes: no database, nothing handed over) during a wait too: on PostgreSQL while the
    database executes and commits this message's hand-over (the statement is sent, and
    its answer waited for after composing, `_overlapped`); on SQLite, which works inside
    this process and so has no wait to fill, after this message's final dot while the
    server takes it in. Composing was always done before the
    hand-over, with nothing in doubt; it still is, only earlier.

    Why exactly-once survives the overlap (kill -9 at any moment): a message's final dot is
    written only after `_apply` returned, and on PostgreSQL that is after the answer to the
    hand-over statement was read, which PostgreSQL sends only after committing it; so the
    record that the message is in hand is committed before the message can arrive, as
    before. Composing in between touches neither the database nor the mail server. A kill
    before that answer is read leaves one of two states. The statement had not committed:
    PostgreSQL rolls it back when the connection drops, so this message stays `claimed` (no
    dot was sent: queued again, sent once), and the previous message's `sent`, which rode
    along, is lost with it, so that one stays `sending` and is reported `uncertain`, never
    resent. Or it had committed and only the answer was lost: this message is `sending` and
    no dot was sent; it is reported, not resent, as after a kill between commit and dot
    before. Either way at most one message per worker is in doubt and none arrives twice
    (`tests/test_crash.py` kills the worker in that window; `test_email_composing` reads
    the row from another connection at every final dot).
    """

    def __init__(self, backends: Backends, report: RunReport) -> None:
        self.backends, self.report = backends, report
        self.pending: list[_Write] = []
        self.templates: Templates = {}
        self._ahead: _Ready | None = None
        self.overlaps_writes = overlaps_writes()

    def deliver_batch(self, batch: list[Message], each: Callable[[], None] = lambda: None) -> None:
        """Send a claimed batch in order; `each` is called after every message."""
        self.templates = {}  # composed again per batch: the survey's words may have changed
        for index, message in enumerate(batch):
            upcoming = batch[index + 1] if index + 1 < len(batch) else None
            self.deliver(message, upcoming)
            each()

    def deliver(self, message: Message, upcoming: Message | None = None) -> None:
        """Send one claimed message (composing `upcoming` while the server takes it in); its
        outcome is recorded with the next write."""
        ready, self._ahead = self._ahead, None
        if ready is None or ready.message is not message:
            ready = self._ready(message)
        if ready.error is not None:
            raise ready.error
        if ready.reason:  # never handed over, so it may be settled from `claimed`
            self.pending.append(
                _Write(
                    message,
                    MessageStatus.CLAIMED,
                    {"status": MessageStatus.CANCELLED, "last_error": ready.reason},
                )
            )
            self.report.cancelled += 1
            return
        delivery = ready.delivery

        def compose_upcoming() -> None:
            if upcoming is not None:
                self._ahead = self._ready(upcoming)

        # Where the next message is composed: while the database commits the hand-over
        # (PostgreSQL), or else while the server takes in this message.
        during_write = compose_upcoming if self.overlaps_writes else None
        delivery.begin()  # type: ignore[attr-defined]
        writes, self.pending = [*self.pending, _hand_over(message)], []
        try:
            ours = message.pk in _apply(writes, while_waiting=during_write)
        except BaseException:
            delivery.abort()  # type: ignore[attr-defined]
            raise
        if not ours:
            delivery.abort()  # type: ignore[attr-defined]
            return  # recovered by another run meanwhile: not ours to send
        try:
            reference = delivery.finish(  # type: ignore[attr-defined]
                while_waiting=_nothing if during_write else compose_upcoming
            )
        except ChannelError as error:
            self._failed(message, str(error), error.is_permanent)
            return
        except Exception as error:  # a bug or an unexpected library error: retry, but say so
            logger.exception("Sending message %s failed unexpectedly", message.pk)
            self._failed(message, f"{type(error).__name__}: {error}", False)
            return
        self._outcome(
            message,
            status=MessageStatus.SENT,
            sent_at=timezone.now(),
            provider_reference=str(reference)[:200],
            last_error="",
        )
        self.report.sent += 1

    def _ready(self, message: Message) -> _Ready:
        """Everything before the hand-over: no database, nothing sent."""
        reason = reason_not_to_send(message)
        if reason:
            return _Ready(message, reason=reason)
        code = codes.decrypt_code(message.invitation.code_encrypted, settings.CODE_KEY)
        if code is None:
            return _Ready(message, reason="code onleesbaar (andere sleutel?)")
        try:
            outgoing = compose(message, code, self.templates)
            backend = self.backends.get(message.channel)
            prepare = getattr(backend, "prepare", None)
            if prepare is not None:
                delivery = prepare(outgoing)
            else:
                delivery = UnstagedDelivery(functools.partial(backend.send, outgoing))
        except Exception as error:  # raised when its turn comes, as if composed then
            return _Ready(message, error=error)
        return _Ready(message, delivery=delivery)

    def flush(self) -> None:
        """Record the outcomes not yet written (at the end of a run, or when it breaks off)."""
        writes, self.pending = self.pending, []
        _apply(writes)

    def _outcome(self, message: Message, **changes: object) -> None:
        self.pending.append(_Write(message, MessageStatus.SENDING, changes))

    def _failed(self, message: Message, error: str, is_permanent: bool) -> None:
        attempts = message.attempts  # read after the claim, which counted this attempt
        if is_permanent or attempts >= settings.OUTBOX_MAX_ATTEMPTS:
            self._outcome(message, status=MessageStatus.FAILED, last_error=error[:500])
            self.report.failed += 1
            logger.warning("Message %s failed after %s attempt(s): %s", message.pk, attempts, error)
            return
        self._outcome(
            message,
            status=MessageStatus.QUEUED,
            next_attempt_at=timezone.now() + backoff(attempts),
            last_error=error[:500],
        )
        self.report.retried += 1


def _nothing() -> None:
    return None


def recover_stale(backends: Backends) -> dict[str, int]:
    """Settle messages left in `sending` by a worker that died (rule 3 above)."""
    cutoff = timezone.now() - timedelta(seconds=settings.OUTBOX_SENDING_TIMEOUT)
    outcome: dict[str, int] = {}
    never_handed_over = Message.objects.filter(
        status=MessageStatus.CLAIMED, claimed_at__lte=cutoff
    ).update(
        status=MessageStatus.QUEUED,
        next_attempt_at=timezone.now(),
        attempts=F("attempts") - 1,
        claimed_by="",
    )
    if never_handed_over:
        outcome[MessageStatus.QUEUED.value] = never_handed_over
    stale = Message.objects.filter(status=MessageStatus.SENDING, claimed_at__lte=cutoff)
    for message in stale.order_by("pk"):
        backend = backends.get(message.channel)
        finder = getattr(backend, "find_delivery", None)
        delivered = finder(str(message.pk)) if finder else None
        if delivered is True:
            changes = {"status": MessageStatus.SENT, "sent_at": message.claimed_at}
        elif delivered is False or getattr(backend, "is_idempotent", False):
            changes = {"status": MessageStatus.QUEUED, "next_attempt_at": timezone.now()}
        else:
            changes = {
                "status": MessageStatus.UNCERTAIN,
                "last_error": "Onderbroken: misschien verstuurd, daarom niet opnieuw verstuurd.",
            }
        _apply([_Write(message, MessageStatus.SENDING, changes)])
        outcome[str(changes["status"])] = outcome.get(str(changes["status"]), 0) + 1
    if outcome:
        logger.warning("Recovered messages left in 'sending': %s", outcome)
    return outcome


def release_uncertain(survey_id: int | None = None) -> int:
    """Queue the uncertain messages again: an operator's decision, after checking the
    provider's logs, that sending them twice is better than not at all."""
    uncertain = Message.objects.filter(status=MessageStatus.UNCERTAIN)
    if survey_id is not None:
        uncertain = uncertain.filter(survey_id=survey_id)
    return uncertain.update(status=MessageStatus.QUEUED, next_attempt_at=timezone.now())


def send_due_messages(
    *,
    limit: int | None = None,
    survey_id: int | None = None,
    progress: Callable[[RunReport], None] | None = None,
    progress_every: int = 500,
) -> RunReport:
    """Recover stale claims, then send due e-mail and SMS messages until none is left (or
    `limit` were handled), a batch at a time. Safe to run in several workers at once."""
    report = RunReport()
    done = 0
    with Backends() as backends:
        report.recovered = recover_stale(backends)
        courier = Courier(backends, report)
        while limit is None or done < limit:
            size = (
                settings.OUTBOX_BATCH_SIZE
                if limit is None
                else min(settings.OUTBOX_BATCH_SIZE, limit - done)
            )
            batch = claim_batch(size, survey_id)
            if not batch:
                break

            def each() -> None:
                nonlocal done
                done += 1
                if progress and done % progress_every == 0:
                    progress(report)

            try:
                courier.deliver_batch(batch, each)
            finally:
                courier.flush()
                release_claims(batch)  # only those not reached, after an error
    return report


def next_retry_at() -> datetime | None:
    """When the earliest postponed message is due (for scheduling the next run)."""
    return (
        Message.objects.filter(
            status=MessageStatus.QUEUED,
            channel__in=WORKER_CHANNELS,
            survey__status__in=SENDING_STATES,
        )
        .order_by("next_attempt_at")
        .values_list("next_attempt_at", flat=True)
        .first()
    )
