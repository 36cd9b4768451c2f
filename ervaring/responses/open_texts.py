"""Respondents' free text: stored encrypted, scrubbed by the worker, read only scrubbed.

Every text a respondent writes (an open question, an "anders, namelijk", a typed-in paper
form) goes through `store_free_texts`, called by the one write path of answers
(`services._write_answers`). The `Answer` row keeps the choice but no text: the text becomes
an `OpenText` with the raw words only as a Fernet token. The background worker scrubs it
(`scrub_waiting`); staff pages, the report and the files read only the scrubbed `text`.

The raw token is decrypted for two readers only: the worker that scrubs (again), and the
respondent's own page when they go back to it. It is blanked when the survey's contact data
are gone (`scrubbing_runs.purge_raw_texts`): fieldwork, below this app, cannot call us, so
the schedule runs the purge every few minutes once `fieldwork.closing.is_contact_data_purged`
says so. The worker's side (the scrubber, deduce) is in `scrubbing_runs`, which only the
tasks load: this module is imported by the respondent's pages.
"""

from collections.abc import Iterable, Mapping

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from ervaring.accounts.models import Staff
from ervaring.accounts.services import log_event
from ervaring.fieldwork import codes
from ervaring.questionnaires import routing
from ervaring.questionnaires.answers import Answer as PageAnswer
from ervaring.questionnaires.document import Questionnaire, Theme
from ervaring.questionnaires.models import Survey
from ervaring.responses.hiding import hide_all
from ervaring.responses.models import OpenText, OpenTextKind, Response

# Stands in for an open answer's text when routing needs to know it was answered.
_ANSWERED = "-"


def split_free_text(
    questionnaire: Questionnaire, values: Mapping[str, PageAnswer]
) -> tuple[dict[str, PageAnswer], dict[tuple[str, str], str]]:
    """The answers without their free text, and the texts by (question id, kind).

    An open question's answer is stored as "" and an "anders" choice keeps its code: the
    words live only in `OpenText`.
    """
    kept: dict[str, PageAnswer] = {}
    texts: dict[tuple[str, str], str] = {}
    for qid, answer in values.items():
        question = questionnaire.question(qid)
        if question.type == "open":
            kept[qid] = PageAnswer("")
            if str(answer.value).strip():
                texts[(qid, OpenTextKind.OPEN)] = str(answer.value)
            continue
        kept[qid] = PageAnswer(answer.value)
        if answer.other_text.strip():
            texts[(qid, OpenTextKind.OTHER)] = answer.other_text
    return kept, texts


def store_free_texts(
    response: Response,
    questionnaire: Questionnaire,
    values: Mapping[str, PageAnswer],
    cleared: Iterable[str],
) -> bool:
    """Write the page's free texts encrypted, drop those no longer given; True if any waits.

    Call inside the transaction that writes the answers. A text that did not change keeps
    its scrubbed version; a changed one waits for the worker again.
    """
    _, texts = split_free_text(questionnaire, values)
    gone = set(cleared) | set(values)
    if not any(can_hold_free_text(questionnaire, qid) for qid in gone):
        return False  # most pages: nothing to read or write (one query less per page)
    existing = {
        (row.question_id, row.kind): row
        for row in OpenText.objects.filter(response=response, question_id__in=gone)
    }
    stale = [row.pk for key, row in existing.items() if key not in texts]
    OpenText.objects.filter(pk__in=stale).delete()
    waiting = False
    for (qid, kind), text in texts.items():
        row = existing.get((qid, kind))
        if row is not None and decrypt(row) == text:
            continue
        token = codes.encrypt_text(text, settings.CODE_KEY)
        if row is None:
            new_open_text(response, qid, kind, text).save()
        else:
            OpenText.objects.filter(pk=row.pk).update(
                raw_encrypted=token,
                revision=row.revision + 1,
                text="",
                spans=[],
                hidden=[],
                is_scrubbed=False,
                scrubbed_at=None,
                updated_at=timezone.now(),
            )
        waiting = True
    return waiting


def new_open_text(response: Response, question_id: str, kind: str, text: str) -> OpenText:
    """An unsaved row for a text, encrypted, with the respondent's provision groups only.

    For `store_free_texts`, and for a bulk writer that creates responses itself (the demo).
    """
    return OpenText(
        response=response,
        survey_id=response.survey_id,
        question_id=question_id,
        kind=kind,
        provision_groups=list(response.attributes.get("provision_groups") or []),
        raw_encrypted=codes.encrypt_text(text, settings.CODE_KEY),
    )


def can_hold_free_text(questionnaire: Questionnaire, question_id: str) -> bool:
    """An open question, or one with an "Anders, namelijk" option."""
    question = questionnaire.question(question_id)
    return question.type == "open" or any(option.other for option in question.options)


def page_needs_free_text(questionnaire: Questionnaire, theme: Theme) -> bool:
    """Whether showing `theme` needs the respondent's free texts read back.

    It does when the page holds an open question or an "Anders, namelijk" box to fill in
    again, or when a condition anywhere asks about an open question (whose answer is only
    its text, so routing depends on it). Most pages need neither, and reading the texts was
    one of the four statements of every page shown."""
    if any(can_hold_free_text(questionnaire, q.id) for q in theme.questions):
        return True
    open_ids = {q.id for q in questionnaire.questions() if q.type == "open"}
    conditions = [t.show_if for t in questionnaire.themes]
    conditions += [q.show_if for q in questionnaire.questions()]
    return any(c is not None and routing.answer_references(c) & open_ids for c in conditions)


def with_free_texts(response: Response, answers: dict[str, PageAnswer]) -> dict[str, PageAnswer]:
    """The respondent's own answers with their own words back, for their own pages only."""
    merged = dict(answers)
    for row in OpenText.objects.filter(response=response).exclude(raw_encrypted=""):
        stored = merged.get(row.question_id)
        text = decrypt(row) or ""
        if row.kind == OpenTextKind.OPEN:
            merged[row.question_id] = PageAnswer(text)
        elif stored is not None:
            merged[row.question_id] = PageAnswer(stored.value, text)
    return merged


def drop_unrouted(
    response: Response, questionnaire: Questionnaire, answers: Mapping[str, object]
) -> None:
    """At completion: delete the texts of open questions the final answers route past.

    A respondent who went back and changed an earlier answer may have left text under a
    question that no longer applies; it would never be analysed, so it is not kept either.
    """
    rows = list(OpenText.objects.filter(response=response, kind=OpenTextKind.OPEN))
    if not rows:
        return
    filled = {**answers, **{row.question_id: _ANSWERED for row in rows}}
    effective = routing.effective_answers(questionnaire, response.attributes, filled)
    OpenText.objects.filter(pk__in=[r.pk for r in rows if r.question_id not in effective]).delete()


def decrypt(row: OpenText) -> str | None:
    """The raw words, for the scrubbing worker and the respondent's own page only."""
    return codes.decrypt_text(row.raw_encrypted, settings.CODE_KEY) if row.raw_encrypted else None


@transaction.atomic
def rescrub(survey: Survey, *, actor: Staff | None = None) -> int:
    """Scrub a survey's texts again (after new staff names, say); returns how many wait.

    Only `scrubbed_at` is cleared, the worker's mark of what waits: the scrubbed text stays
    readable (and coded) until the worker writes the new one. Texts whose raw words are
    gone keep their scrubbed text.
    """
    count = (
        OpenText.objects.filter(survey=survey).exclude(raw_encrypted="").update(scrubbed_at=None)
    )
    log_event(
        "open_text.rescrub",
        organisation=survey.organisation,
        actor=actor,
        target=survey.slug,
        texts=count,
    )
    return count


# --------------------------------------------------------------------------- staff


def shown_texts(survey: Survey, question_id: str | None = None) -> QuerySet[OpenText]:
    """The texts staff may read: scrubbed, of completed responses, oldest first."""
    rows = OpenText.objects.filter(
        survey=survey, is_scrubbed=True, response__completed_at__isnull=False
    )
    if question_id is not None:
        rows = rows.filter(question_id=question_id)
    return rows.order_by("pk")


class NothingToHide(ValueError):
    """The words to hide are not in the scrubbed text (the message says so, in Dutch)."""


@transaction.atomic
def hide_words(row: OpenText, words: str, *, actor: Staff) -> int:
    """Hide every place of `words` in a scrubbed text; returns how many places were hidden.

    The scrubbed text changes at once; while the raw text exists the places are also kept
    in raw positions, so a later scrub hides them again. The audit event says who hid how
    many places in which answer, never the words.
    """
    locked = OpenText.objects.select_for_update().get(pk=row.pk)
    if not locked.is_scrubbed:
        raise NothingToHide("Dit antwoord wordt nog opgeschoond; probeer het zo opnieuw.")
    text, spans, hidden, places = hide_all(locked.text, locked.spans, locked.hidden, words)
    if not places:
        raise NothingToHide("Deze woorden staan niet in het antwoord. Neem ze precies over.")
    locked.text, locked.spans = text, spans
    locked.hidden = hidden if locked.raw_encrypted else []
    locked.save(update_fields=["text", "spans", "hidden", "updated_at"])
    log_event(
        "open_text.span_hidden",
        organisation=locked.survey.organisation,
        actor=actor,
        target=f"{locked.survey.slug} {locked.question_id} #{locked.pk}",
        places=places,
    )
    return places


def surveys_with_raw_texts() -> QuerySet[Survey]:
    return Survey.objects.filter(
        pk__in=OpenText.objects.exclude(raw_encrypted="").values("survey_id")
    ).select_related("organisation")
