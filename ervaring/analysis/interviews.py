"""Verbs and queries of a survey's interview round (pages, commands and the demo call these).

A transcript is read (`transcripts`), split into fragments and stored encrypted like a
respondent's free text; the worker scrubs each fragment (`interview_runs`) before any page
shows it. Fragments are coded with the survey's codebook; `save_fragment_codes` is the one
place a fragment's codes change. `round_results` counts themes per interview for the
report, with the previous round's for comparison.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone

from ervaring.accounts.models import Staff, Team
from ervaring.accounts.services import log_event
from ervaring.analysis import coding, suggestions, transcripts
from ervaring.analysis.interview_themes import (
    ThemeChange,
    ThemeMention,
    compare_rounds,
    count_mentions,
)
from ervaring.analysis.models import Code, Interview, InterviewFragment, InterviewRound
from ervaring.fieldwork import codes as crypto
from ervaring.questionnaires.models import Survey
from ervaring.responses.hiding import hide_all
from ervaring.responses.open_texts import NothingToHide


def get_round(survey: Survey) -> InterviewRound:
    """The survey's interview round, made on first use."""
    found, _ = InterviewRound.objects.get_or_create(survey=survey)
    return found


def find_round(survey: Survey) -> InterviewRound | None:
    return InterviewRound.objects.filter(survey=survey).first()


@transaction.atomic
def add_interview(
    interview_round: InterviewRound,
    held_on: dt.date,
    provision_group: str,
    team: Team | None,
    *,
    actor: Staff | None,
) -> Interview:
    """A new interview with the next pseudonym (G01, G02, ...): never a name."""
    InterviewRound.objects.select_for_update().get(pk=interview_round.pk)
    number = interview_round.interviews.count() + 1
    interview = Interview.objects.create(
        round=interview_round,
        pseudonym=f"G{number:02d}",
        held_on=held_on,
        provision_group=provision_group,
        team=team,
    )
    log_event(
        "interview.added",
        organisation=interview_round.survey.organisation,
        actor=actor,
        target=f"{interview_round.survey.slug} {interview.pseudonym}",
    )
    return interview


@transaction.atomic
def upload_transcript(
    interview: Interview, file_name: str, data: bytes, *, actor: Staff | None
) -> int:
    """Read, split and store a transcript encrypted; returns the number of fragments.

    Raises `transcripts.TranscriptRefused` (nothing written) for a file that cannot be
    read. A new upload replaces the interview's fragments and their codes. The file name is
    not kept: it may name the person interviewed.
    """
    text = transcripts.read_transcript(file_name, data)
    fragments = transcripts.split_fragments(text)
    InterviewFragment.objects.filter(interview=interview).delete()
    InterviewFragment.objects.bulk_create(
        InterviewFragment(
            interview=interview,
            position=number,
            is_interviewer=fragment.is_interviewer,
            raw_encrypted=crypto.encrypt_text(fragment.text, settings.CODE_KEY),
        )
        for number, fragment in enumerate(fragments, start=1)
    )
    Interview.objects.filter(pk=interview.pk).update(uploaded_at=timezone.now())
    log_event(
        "interview.transcript_uploaded",
        organisation=interview.round.survey.organisation,
        actor=actor,
        target=f"{interview.round.survey.slug} {interview.pseudonym}",
        fragments=len(fragments),
    )
    return len(fragments)


def decrypt(fragment: InterviewFragment) -> str | None:
    """The raw words, for the scrubbing worker only."""
    if not fragment.raw_encrypted:
        return None
    return crypto.decrypt_text(fragment.raw_encrypted, settings.CODE_KEY)


def rescrub(survey: Survey) -> int:
    """Scrub the survey's fragments again (after new staff names); returns how many wait.

    Like `open_texts.rescrub`: the scrubbed text stays readable (and coded) until the
    worker writes the new one; fragments whose raw words are gone keep their text.
    """
    return (
        InterviewFragment.objects.filter(interview__round__survey=survey)
        .exclude(raw_encrypted="")
        .update(scrubbed_at=None)
    )


@transaction.atomic
def hide_words(fragment: InterviewFragment, words: str, *, actor: Staff) -> int:
    """Hide every place of `words` in a scrubbed fragment; returns how many places.

    As `open_texts.hide_words` for an answer: the text changes at once, the raw places are
    kept while the raw words exist so a later scrub hides them again, and the audit event
    names the fragment and the number of places, never the words.
    """
    locked = InterviewFragment.objects.select_for_update().get(pk=fragment.pk)
    if not locked.is_scrubbed:
        raise NothingToHide("Dit fragment wordt nog opgeschoond; probeer het zo opnieuw.")
    text, spans, hidden, places = hide_all(locked.text, locked.spans, locked.hidden, words)
    if not places:
        raise NothingToHide("Deze woorden staan niet in het fragment. Neem ze precies over.")
    locked.text, locked.spans = text, spans
    locked.hidden = hidden if locked.raw_encrypted else []
    locked.save(update_fields=["text", "spans", "hidden"])
    log_event(
        "interview.span_hidden",
        organisation=actor.organisation,
        actor=actor,
        target=f"{locked.interview.round.survey.slug} fragment #{locked.pk}",
        places=places,
    )
    return places


# --------------------------------------------------------------------------- coding


def shown_fragments(interview_round: InterviewRound) -> QuerySet[InterviewFragment]:
    """The fragments staff may read (scrubbed), in interview and transcript order."""
    return InterviewFragment.objects.filter(
        interview__round=interview_round, is_scrubbed=True
    ).order_by("interview__pseudonym", "position")


def queue(interview_round: InterviewRound) -> list[int]:
    """The fragments to code: the participants' scrubbed turns (not the interviewer's)."""
    rows = shown_fragments(interview_round).filter(is_interviewer=False)
    return list(rows.values_list("pk", flat=True))


@dataclass(frozen=True)
class InterviewProgress:
    interview: Interview
    fragments: int
    waiting: int
    coded: int


def progress(interview_round: InterviewRound) -> list[InterviewProgress]:
    """Per interview: fragments readable, still being scrubbed, and coded."""
    interviews = interview_round.interviews.select_related("team").annotate(
        shown=Count(
            "fragments", filter=Q(fragments__is_scrubbed=True, fragments__is_interviewer=False)
        ),
        waiting=Count("fragments", filter=Q(fragments__is_scrubbed=False)),
        done=Count(
            "fragments",
            filter=Q(fragments__coded_at__isnull=False, fragments__is_interviewer=False),
        ),
    )
    return [InterviewProgress(i, i.shown, i.waiting, i.done) for i in interviews]


@transaction.atomic
def save_fragment_codes(
    fragment: InterviewFragment, keys: Iterable[str], *, coder: Staff | None
) -> bool:
    """Give a fragment these codes of the survey's codebook; False when nothing changed.

    An empty set is a coding too ("nothing to code here"): the fragment counts as done.
    Raises `coding.CodingRefused` for a code not in the codebook.
    """
    wanted = set(keys)
    survey_id = fragment.interview.round.survey_id
    found = list(Code.objects.filter(survey_id=survey_id, key__in=wanted))
    if len(found) != len(wanted):
        unknown = ", ".join(sorted(wanted - {c.key for c in found}))
        raise coding.CodingRefused(f"Code {unknown} staat niet in het codeboek van dit onderzoek.")
    locked = InterviewFragment.objects.select_for_update().get(pk=fragment.pk)
    before = set(locked.codes.values_list("pk", flat=True))
    if locked.coded_at is not None and before == {c.pk for c in found}:
        return False
    locked.codes.set(found)
    InterviewFragment.objects.filter(pk=fragment.pk).update(
        coded_by=coder, coded_at=timezone.now(), suggested=None
    )
    return True


def set_fragment_quote(fragment: InterviewFragment, is_quote: bool, *, actor: Staff) -> None:
    """Choose a fragment as a quote for the report's interview chapter, or no longer."""
    changed = InterviewFragment.objects.filter(pk=fragment.pk, is_scrubbed=True).exclude(
        is_quote=is_quote
    )
    if changed.update(is_quote=is_quote):
        log_event(
            "interview.quote_chosen" if is_quote else "interview.quote_dropped",
            organisation=actor.organisation,
            actor=actor,
            target=f"fragment #{fragment.pk}",
        )


def suggested(fragment: InterviewFragment, codes: list[Code]) -> list[coding.Suggestion]:
    """The ranked suggestions, as on the open answers' page: the model's scores (written by
    the worker, `suggestion_runs`) and the codebook's keywords."""
    keywords = suggestions.keyword_scores(
        fragment.text, {c.key: c.keyword_list for c in codes if c.keyword_list}
    )
    model = fragment.suggested
    ranked = suggestions.rank(model or {}, keywords, has_model=model is not None)
    by_key = {c.key: c for c in codes}
    return [coding.Suggestion(by_key[key], score) for key, score in ranked if key in by_key]


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class QuoteRow:
    text: str
    pseudonym: str
    themes: tuple[str, ...]


@dataclass(frozen=True)
class RoundResult:
    """A round's themes per interview, the chosen quotes, and the change since last round."""

    interviews: int
    coded: int
    mentions: tuple[ThemeMention, ...]
    quotes: tuple[QuoteRow, ...]
    previous_year: int | None
    changes: tuple[ThemeChange, ...]

    def of(self, polarity: str) -> tuple[ThemeMention, ...]:
        return tuple(m for m in self.mentions if m.polarity == polarity)


def coded_interviews(interview_round: InterviewRound) -> dict[int, set[str]]:
    """Per fully coded interview (every participant fragment scrubbed and coded) its keys."""
    fragments = InterviewFragment.objects.filter(
        interview__round=interview_round, is_interviewer=False
    )
    open_ones = set(
        fragments.filter(Q(coded_at__isnull=True) | Q(is_scrubbed=False)).values_list(
            "interview_id", flat=True
        )
    )
    found: dict[int, set[str]] = {}
    for interview_id, key in fragments.values_list("interview_id", "codes__key"):
        if interview_id in open_ones:
            continue
        keys = found.setdefault(interview_id, set())
        if key is not None:
            keys.add(key)
    return found


def _mentions(interview_round: InterviewRound) -> tuple[ThemeMention, ...]:
    codes = {
        c.key: (c.label, c.polarity)
        for c in Code.objects.filter(survey_id=interview_round.survey_id)
    }
    return count_mentions(list(coded_interviews(interview_round).values()), codes)


def round_year(interview_round: InterviewRound) -> int | None:
    latest = interview_round.interviews.order_by("-held_on").values_list("held_on", flat=True)
    return latest[0].year if latest else None


def previous_round(interview_round: InterviewRound) -> InterviewRound | None:
    """The organisation's round of the same law held before this one (by interview dates)."""
    first = interview_round.interviews.order_by("held_on").values_list("held_on", flat=True)
    if not first:
        return None
    survey = interview_round.survey
    earlier = (
        InterviewRound.objects.filter(
            survey__organisation_id=survey.organisation_id, survey__law=survey.law
        )
        .exclude(pk=interview_round.pk)
        .annotate(last=Max("interviews__held_on"))
        .filter(last__lt=first[0])
        .order_by("-last", "-pk")
    )
    return earlier.first()


def round_results(survey: Survey) -> RoundResult | None:
    """The survey's interview results for the report, or None without coded interviews."""
    interview_round = find_round(survey)
    if interview_round is None:
        return None
    coded = coded_interviews(interview_round)
    if not coded:
        return None
    mentions = _mentions(interview_round)
    labels = {c.pk: c.label for c in Code.objects.filter(survey=survey)}
    quotes = tuple(
        QuoteRow(
            fragment.text,
            fragment.interview.pseudonym,
            tuple(sorted(labels[c.pk] for c in fragment.codes.all())),
        )
        for fragment in shown_fragments(interview_round)
        .filter(is_quote=True)
        .select_related("interview")
        .prefetch_related("codes")
    )
    earlier = previous_round(interview_round)
    changes: tuple[ThemeChange, ...] = ()
    year = None
    if earlier is not None and coded_interviews(earlier):
        changes = compare_rounds(mentions, _mentions(earlier))
        year = round_year(earlier)
    return RoundResult(
        interview_round.interviews.count(), len(coded), mentions, quotes, year, changes
    )


def provision_groups(survey: Survey) -> list[str]:
    """The provision groups of the survey's population, for the interview form's choice."""
    from ervaring.fieldwork.models import Client

    found = Client.objects.filter(survey=survey).values_list("provision_groups", flat=True)
    return sorted({group for groups in found.distinct() for group in groups})
