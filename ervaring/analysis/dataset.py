"""A survey's completed responses as a respondent-level table: the input of every analysis.

This is the only module of the analysis app that reads responses from the database. It
makes a handful of queries whatever the number of responses (the answers come in one query
and are pivoted in memory), applies routing so that an answer to a question the respondent
no longer sees is not counted, and returns pandas Categoricals, the fast path of
:mod:`ervaring.stats`.

**Respondents with several provisions.** A client with, say, begeleiding and vervoer was
in the sampling frame of both strata, so the provision groups overlap. Two things follow:

- For the *design* (weights and variance) every respondent needs exactly one stratum, and
  the strata must partition the population with known sizes. The design stratum is the
  respondent's *combination* of provision groups ("begeleiding" alone is one stratum,
  "begeleiding+vervoer" another): everyone in one combination had the same chance to be
  drawn (drawn in any of their strata), and the client list gives each combination's size
  exactly. Some combinations are pooled into one stratum "overige voorzieningen", with
  the population of every combination without a stratum of its own (docs/statistics.md,
  disclosure control): those with fewer respondents than the survey's minimum group size
  (at least two: a lone respondent gives no variance estimate), and those whose provision
  groups are all too small to show. A stratum of its own then always holds at least the
  minimum, so its weight in the data file singles out nobody, and the suppressed
  provision groups never carry weights of their own.
- For *breakdowns by provision* a respondent counts in every provision group they hold
  (:attr:`SurveyDataset.memberships`, a long form), as the report's "per voorziening"
  table expects. These groups overlap and do not add up to the total.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ervaring.analysis.results import MULTI_SEPARATOR, QuestionSpec
from ervaring.fieldwork.models import Client
from ervaring.questionnaires import routing
from ervaring.questionnaires.document import Question, Questionnaire
from ervaring.questionnaires.models import QuestionnaireVersion, Survey
from ervaring.questionnaires.services import get_document
from ervaring.responses.models import Answer, Response
from ervaring.stats.codes import UNKNOWN_GROUP_LABEL
from ervaring.stats.suppression import decide_overlapping_suppression, hidden_only

#: The pooled design stratum: small combinations and provision groups too small to show.
MULTIPLE = "overige voorzieningen"
#: Separator in a combination stratum's label ("begeleiding+vervoer").
COMBINATION_SEPARATOR = "+"
#: Background columns, in order, before the question columns.
BACKGROUND = (
    "stratum",
    "team",
    "district",
    "age_band",
    "respondent_role",
    "law",
    "channel",
    "period",
    "weight",
)
SCALE_CODES = (5, 4, 3, 2, 1, 8, 9)
ANALYSED_TYPES = ("agree", "satisfaction", "yesno", "single", "multi", "number")


@dataclass(frozen=True)
class SurveyDataset:
    """One row per completed response (index: response id), ready for the results module.

    ``population`` is N per design stratum (None when the survey has no client list, or
    it does not cover the respondents: then there is no finite population correction and
    ``notes`` says why). ``provision_population`` is N per provision group (overlapping),
    for the method table by provision.
    """

    frame: pd.DataFrame
    questions: tuple[QuestionSpec, ...]
    memberships: pd.DataFrame
    population: dict[str, int] | None
    provision_population: dict[str, int]
    min_n: int
    notes: tuple[str, ...] = field(default=())


def build_dataset(survey: Survey) -> SurveyDataset:
    """The dataset of a survey's completed responses (five queries, any number of rows)."""
    responses = list(
        Response.objects.filter(survey=survey, completed_at__isnull=False)
        .order_by("pk")
        .values_list("pk", "version_id", "attributes", "channel", "completed_at")
    )
    answers: dict[int, dict[str, object]] = defaultdict(dict)
    rows = Answer.objects.filter(
        response__survey=survey, response__completed_at__isnull=False
    ).values_list("response_id", "question_id", "value")
    for response_id, question_id, value in rows.iterator(chunk_size=5000):
        answers[response_id][question_id] = value
    documents = _documents(survey, {version_id for _, version_id, *_ in responses})
    current = _current_document(survey, documents)
    combinations = Counter(
        tuple(sorted(set(groups or ())))
        for groups in Client.objects.filter(survey=survey).values_list(
            "provision_groups", flat=True
        )
    )
    return dataset_from_records(
        [
            ResponseRecord(pk, attributes or {}, channel, completed_at.strftime("%Y-%m"))
            for pk, _, attributes, channel, completed_at in responses
        ],
        {
            pk: routing.effective_answers(documents[version_id], attributes or {}, answers[pk])
            for pk, version_id, attributes, *_ in responses
        },
        current,
        combinations,
        min_n=survey.min_group_size,
    )


@dataclass(frozen=True)
class ResponseRecord:
    """What a response contributes besides its answers."""

    id: int
    attributes: Mapping[str, object]
    channel: str
    period: str


def dataset_from_records(
    records: Sequence[ResponseRecord],
    answers: Mapping[int, Mapping[str, object]],
    questionnaire: Questionnaire | None,
    population_combinations: Mapping[tuple[str, ...], int],
    *,
    min_n: int = 10,
) -> SurveyDataset:
    """Build the dataset from plain records: the pure part of :func:`build_dataset`.

    ``answers`` must already be the effective ones (routing applied).
    ``population_combinations`` counts the client list per sorted tuple of provision groups.
    """
    index = pd.Index([r.id for r in records], name="response")
    provisions = [_provisions(r.attributes) for r in records]
    notes: list[str] = []
    strata, population = assign_design_strata(
        provisions, population_combinations, notes, min_n=min_n
    )
    frame = pd.DataFrame(
        {
            "stratum": _categorical(strata),
            "team": _categorical(_attribute(records, "team")),
            "district": _categorical(_attribute(records, "district")),
            "age_band": _categorical(_attribute(records, "age_band")),
            "respondent_role": _categorical(_attribute(records, "respondent_role")),
            "law": _categorical(_attribute(records, "law")),
            "channel": _categorical([r.channel or None for r in records]),
            "period": _categorical([r.period for r in records]),
            "weight": np.ones(len(records)),
        },
        index=index,
    )
    specs = tuple(question_spec(q) for q in (questionnaire.questions() if questionnaire else ()))
    specs = tuple(s for s in specs if s.type in ANALYSED_TYPES)
    columns = {}
    for spec in specs:
        columns.update(_question_columns(spec, [answers.get(r.id, {}) for r in records]))
    frame = pd.concat([frame, pd.DataFrame(columns, index=index)], axis=1)
    return SurveyDataset(
        frame=frame,
        questions=tuple(s for s in specs if s.type != "number"),
        memberships=memberships_of(provisions),
        population=population,
        provision_population=provision_population_of(population_combinations),
        min_n=min_n,
        notes=tuple(notes),
    )


def assign_design_strata(
    provisions: Sequence[tuple[str, ...]],
    population_combinations: Mapping[tuple[str, ...], int],
    notes: list[str] | None = None,
    *,
    min_n: int = 10,
) -> tuple[list[str], dict[str, int] | None]:
    """One design stratum per respondent, and N per stratum (see the module docstring).

    The population is returned only when it covers every respondent's stratum with at
    least as many clients as respondents; otherwise None, with the reason in ``notes``.
    """
    own = own_combinations(provisions, min_n)
    # One label per distinct combination: a list of respondents holds few of them.
    label_of = {c: _stratum_label(c) if c in own else MULTIPLE for c in set(provisions)}
    strata = [label_of[c] for c in provisions]
    if not population_combinations:
        return strata, None
    population: Counter[str] = Counter()
    for combination, size in population_combinations.items():
        label = _stratum_label(combination) if combination in own else MULTIPLE
        population[label] += int(size)
    # Checked per combination, before pooling hides a combination missing from the list.
    counts = Counter(provisions)
    short = sorted(
        _stratum_label(c) for c, k in counts.items() if population_combinations.get(c, 0) < k
    )
    if short:
        if notes is not None:
            notes.append(
                "Geen populatie gebruikt: de cliëntenlijst telt minder cliënten dan "
                f"respondenten in {', '.join(short)}."
            )
        return strata, None
    return strata, dict(population)


def own_combinations(
    provisions: Sequence[tuple[str, ...]], min_n: int
) -> frozenset[tuple[str, ...]]:
    """The combinations of provision groups that are a design stratum of their own.

    Pooled (rule 3 and 4 of :mod:`ervaring.stats.suppression`): combinations held by
    respondents in no provision group that may be shown, and combinations with fewer than
    ``max(min_n, 2)`` respondents; while the pool holds respondents but fewer than that,
    the smallest remaining combinations join it.
    """
    respondents = Counter(provisions)
    threshold = max(min_n, 2)
    long = memberships_of(provisions)
    labels = tuple(long["group"].cat.categories)
    member = np.zeros((len(provisions), len(labels)), dtype=bool)
    member[long["row"].to_numpy(), long["group"].cat.codes.to_numpy()] = True
    hidden = decide_overlapping_suppression(
        member, labels, np.ones(len(provisions), dtype=bool), min_n
    ).groups
    mask = np.array([label in hidden for label in labels], dtype=bool)
    alone = hidden_only(member, mask)
    pooled = {provisions[i] for i in np.flatnonzero(alone)}
    pooled |= {c for c, k in respondents.items() if k < threshold}
    rest = {c: k for c, k in respondents.items() if c not in pooled}
    while pooled and rest and sum(respondents[c] for c in pooled) < threshold:
        smallest = min(rest.values())
        tied = {c for c, k in rest.items() if k == smallest}
        pooled |= tied
        rest = {c: k for c, k in rest.items() if c not in tied}
    return frozenset(rest)


def _stratum_label(combination: tuple[str, ...]) -> str:
    return COMBINATION_SEPARATOR.join(combination) or UNKNOWN_GROUP_LABEL


def _provisions(attributes: Mapping[str, object]) -> tuple[str, ...]:
    groups = attributes.get("provision_groups") or ()
    if isinstance(groups, str):
        groups = (groups,)
    return tuple(sorted({str(g) for g in groups}))  # type: ignore[union-attr]


def provision_population_of(combinations: Mapping[tuple[str, ...], int]) -> dict[str, int]:
    sizes: Counter[str] = Counter()
    for combination, size in combinations.items():
        for group in combination or (UNKNOWN_GROUP_LABEL,):
            sizes[group] += int(size)
    return dict(sorted(sizes.items()))


def memberships_of(provisions: Sequence[tuple[str, ...]]) -> pd.DataFrame:
    """Long form: one line per (respondent position, provision group) they hold, by
    position and within it in the combination's order (no group: the unknown label).

    Worked out per distinct combination and spread over the positions with numpy, so
    100,000 respondents (the dashboard's frame) cost milliseconds, not a Python loop each.
    """
    index = {c: i for i, c in enumerate(dict.fromkeys(provisions))}
    held = [c or (UNKNOWN_GROUP_LABEL,) for c in index]
    labels = sorted({g for c in held for g in c})
    lookup = {g: i for i, g in enumerate(labels)}
    which = np.fromiter(map(index.__getitem__, provisions), np.int64, len(provisions))
    lengths = np.array([len(c) for c in held], dtype=np.int64)
    flat = np.array([lookup[g] for c in held for g in c], dtype=np.int64)
    per_position = lengths[which]
    first_line = np.cumsum(per_position) - per_position
    within = np.arange(int(per_position.sum()), dtype=np.int64) - np.repeat(
        first_line, per_position
    )
    codes = flat[np.repeat((np.cumsum(lengths) - lengths)[which], per_position) + within]
    return pd.DataFrame(
        {
            "row": np.repeat(np.arange(len(provisions), dtype=np.int64), per_position),
            "group": pd.Categorical.from_codes(codes, categories=labels),
        }
    )


def _attribute(records: Iterable[ResponseRecord], name: str) -> list[object]:
    return [r.attributes.get(name) or None for r in records]


def _categorical(
    values: Sequence[object], categories: Sequence[object] | None = None
) -> pd.Categorical:
    if categories is None:
        categories = sorted({v for v in values if v is not None}, key=str)
    return pd.Categorical(values, categories=categories)


def question_spec(question: Question) -> QuestionSpec:
    return QuestionSpec(
        id=question.id,
        type=question.type,
        text=question.text.get("nl"),
        options=tuple(o.code for o in question.options),
        standard=question.standard,
    )


def _question_columns(
    spec: QuestionSpec, answers: Sequence[Mapping[str, object]]
) -> dict[str, object]:
    """The column(s) of one question: codes as a Categorical, 0/1 per option for multi."""
    values = [a.get(spec.id) for a in answers]
    if spec.type in ("agree", "satisfaction"):
        return {spec.id: _categorical(values, SCALE_CODES)}
    if spec.type == "yesno":
        return {spec.id: _categorical(values, ("ja", "nee"))}
    if spec.type == "single":
        return {spec.id: _categorical(values, spec.options)}
    if spec.type == "number":
        return {spec.id: pd.to_numeric(pd.Series(values, dtype=object)).to_numpy(float)}
    columns = {}
    for option in spec.options:
        ticked = [np.nan if v is None else float(option in v) for v in values]  # type: ignore[operator]
        columns[f"{spec.id}{MULTI_SEPARATOR}{option}"] = np.array(ticked, dtype=float)
    return columns


def _documents(survey: Survey, version_ids: set[int]) -> dict[int, Questionnaire]:
    wanted = set(version_ids)
    if survey.current_version_id:
        wanted.add(survey.current_version_id)
    versions = QuestionnaireVersion.objects.filter(pk__in=wanted)
    return {v.pk: get_document(v) for v in versions}


def _current_document(
    survey: Survey, documents: Mapping[int, Questionnaire]
) -> Questionnaire | None:
    if survey.current_version_id in documents:
        return documents[survey.current_version_id]
    return documents[max(documents)] if documents else None
