"""Two coders: a blind second coding of a random sample, kappa, and settling disagreements.

The second coder codes a random sample of a question's answers without seeing the first
coder's codes or the suggestions (which learned from them). Agreement is computed per code
on the answers both coded (a 2x2 table each: given by the first, by the second) and over
the codes either of them gave, pooled into one table (`stats.agreement`). A disagreement is
settled by a decision (`CoderRole.SETTLED`) that then counts instead of the first coder's
codes; the two codings stay as they were, so the kappa in the method section is the one
before settling.
"""

import random
from dataclasses import dataclass

from django.db import transaction

from ervaring.accounts.models import Staff
from ervaring.accounts.services import log_event
from ervaring.analysis import coding
from ervaring.analysis.coding import FreeTextQuestion
from ervaring.analysis.models import Code, CoderRole, Coding, SecondSample
from ervaring.questionnaires.models import Survey
from ervaring.responses.models import OpenText
from ervaring.stats.agreement import add_tables, binary_table, cohens_kappa, share_agreed


def suggested_size(answers: int) -> int:
    """A tenth of the answers, at least 20 (or all of them when there are fewer)."""
    return min(answers, max(20, round(answers / 10)))


@transaction.atomic
def draw_sample(
    survey: Survey, question: FreeTextQuestion, size: int, *, seed: int, actor: Staff
) -> int:
    """Add `size` answers, drawn reproducibly from `seed`, to the second coder's sample.

    Answers drawn before stay; the new ones come from the rest. Returns how many were added.
    """
    if size < 1:
        raise ValueError("Kies een steekproef van minstens 1 antwoord.")
    rest = sorted(
        coding.texts_of(survey, question)
        .filter(second_sample__isnull=True)
        .values_list("pk", flat=True)
    )
    chosen = random.Random(seed).sample(rest, min(size, len(rest)))
    SecondSample.objects.bulk_create(SecondSample(open_text_id=pk) for pk in chosen)
    log_event(
        "coding.sample_drawn",
        organisation=survey.organisation,
        actor=actor,
        target=f"{survey.slug} {question.slug}",
        drawn=len(chosen),
        seed=seed,
    )
    return len(chosen)


@dataclass(frozen=True)
class CodeAgreement:
    code: Code
    first: int
    second: int
    share: float | None
    kappa: float | None


@dataclass(frozen=True)
class Agreement:
    """Agreement on the answers both coders coded (`items`), per code and pooled."""

    items: int
    sampled: int
    per_code: tuple[CodeAgreement, ...]
    share: float | None
    kappa: float | None


def agreement(survey: Survey, question: FreeTextQuestion) -> Agreement:
    """Kappa per code (the codes either coder gave) and over those codes pooled."""
    pairs = _pairs(survey, question)
    codes = [c for c in Code.objects.filter(survey=survey) if not c.children.exists()]
    tables = {
        code.key: binary_table((code.key in a, code.key in b) for a, b in pairs.values())
        for code in codes
    }
    per_code = tuple(
        CodeAgreement(
            code,
            tables[code.key][0][0] + tables[code.key][0][1],
            tables[code.key][0][0] + tables[code.key][1][0],
            share_agreed(tables[code.key]),
            cohens_kappa(tables[code.key]),
        )
        for code in codes
        if tables[code.key][1][1] < len(pairs)
    )
    # Only codes someone gave: a code neither used adds agreement on "no" that says nothing,
    # and would make the kappa depend on the size of the codebook.
    pooled = add_tables(tables[item.code.key] for item in per_code)
    sampled = coding.texts_of(survey, question).filter(second_sample__isnull=False).count()
    kappa = cohens_kappa(pooled) if pairs else None
    return Agreement(len(pairs), sampled, per_code, share_agreed(pooled), kappa)


def _pairs(survey: Survey, question: FreeTextQuestion) -> dict[int, tuple[set, set]]:
    """Per sampled answer coded by both: (first coder's keys, second coder's keys)."""
    texts = coding.texts_of(survey, question).filter(second_sample__isnull=False)
    keys: dict[int, dict[str, set[str]]] = {}
    rows = Coding.objects.filter(
        open_text__in=texts, role__in=[CoderRole.FIRST, CoderRole.SECOND]
    ).values_list("open_text_id", "role", "codes__key")
    for text_id, role, key in rows:
        found = keys.setdefault(text_id, {}).setdefault(role, set())
        if key is not None:
            found.add(key)
    return {
        pk: (roles[CoderRole.FIRST], roles[CoderRole.SECOND])
        for pk, roles in keys.items()
        if CoderRole.FIRST in roles and CoderRole.SECOND in roles
    }


@dataclass(frozen=True)
class Disagreement:
    text: OpenText
    first: tuple[Code, ...]
    second: tuple[Code, ...]
    settled: tuple[Code, ...] | None


def disagreements(survey: Survey, question: FreeTextQuestion) -> list[Disagreement]:
    """Sampled answers where the two coders gave different codes, with any decision."""
    pairs = _pairs(survey, question)
    differing = [pk for pk, (a, b) in pairs.items() if a != b]
    by_key = {c.key: c for c in Code.objects.filter(survey=survey)}
    texts = OpenText.objects.in_bulk(differing)
    settled = coding.counted_keys(OpenText.objects.filter(pk__in=differing))
    decided = set(
        Coding.objects.filter(open_text_id__in=differing, role=CoderRole.SETTLED).values_list(
            "open_text_id", flat=True
        )
    )
    return [
        Disagreement(
            texts[pk],
            tuple(by_key[k] for k in sorted(pairs[pk][0])),
            tuple(by_key[k] for k in sorted(pairs[pk][1])),
            tuple(by_key[k] for k in sorted(settled[pk])) if pk in decided else None,
        )
        for pk in sorted(differing)
    ]


def settle(open_text: OpenText, keys: set[str], *, actor: Staff) -> None:
    """Decide a disagreement: these codes count for the answer from now on (logged)."""
    with transaction.atomic():
        coding.save_codes(open_text, CoderRole.SETTLED, keys, coder=actor)
        log_event(
            "coding.disagreement_settled",
            organisation=actor.organisation,
            actor=actor,
            target=f"{open_text.survey.slug} {open_text.question_id} #{open_text.pk}",
            codes=sorted(keys),
        )
