"""Introduction, method (with the per-group response table) and the appendix.

The method table is the one readers check first: population, sample, response, response %
and margin of error per provision group and in total. The margins come from
:mod:`ervaring.stats` (95%, worst case p = 50%, finite population correction); the
representativeness test from :func:`ervaring.stats.compare_with_population`.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence

from django.db.models import Count, QuerySet

from ervaring.analysis.results import membership_suppression, respondent_suppression
from ervaring.dutch_dates import dutch_date, dutch_month
from ervaring.fieldwork import anonymity, overview
from ervaring.fieldwork.models import Channel, Client, Invitation, SampleDesign
from ervaring.questionnaires.age_bands import WIDER, age_band
from ervaring.questionnaires.models import QuestionnaireVersion, Survey
from ervaring.questionnaires.services import get_document
from ervaring.reporting.report_context import Appendix, Cell, Method, ReportInputs, Table
from ervaring.reporting.report_themes import SUPPRESSED_MARK
from ervaring.reporting.words import percent
from ervaring.responses.models import Response
from ervaring.stats import compare_with_population, margin_of_error, stratified_margin_of_error
from ervaring.stats.rounding import decimal, p_value

#: The groups too small to show, counted together in the chi-square.
POOLED = "samengenomen"
TARGET_GROUPS = {
    "wmo": "Inwoners die een maatwerkvoorziening uit de Wmo 2015 hebben (of hun "
    "vertegenwoordiger).",
    "jeugd": "Jeugdigen die jeugdhulp kregen en hun ouders of verzorgers. Voor jongere "
    "kinderen vulde een ouder of verzorger de vragenlijst in.",
}
LEGAL_BASIS = {
    "wmo": "De gemeente moet elk jaar onderzoeken hoe cliënten de hulp en ondersteuning uit "
    "de Wmo ervaren (artikel 2.5.1 van de Wet maatschappelijke ondersteuning 2015). De "
    "uitkomsten worden vóór 1 juli gepubliceerd en gaan naar het ministerie van VWS.",
    "jeugd": "De gemeente moet elk jaar onderzoeken hoe cliënten de jeugdhulp ervaren "
    "(artikel 2.10 van de Jeugdwet, dat artikel 2.5.1 van de Wmo 2015 van toepassing "
    "verklaart). De uitkomsten worden vóór 1 juli gepubliceerd en gaan naar het ministerie "
    "van VWS.",
}


def introduction(survey: Survey, year: int) -> tuple[str, ...]:
    law = survey.get_law_display()
    return (
        f"{survey.organisation.name} wil weten hoe inwoners de hulp en ondersteuning uit de "
        f"{law} ervaren. Daarom vroegen we cliënten naar hun ervaring in {year}: over het "
        "contact met de gemeente (toegang), de kwaliteit van de hulp en wat de hulp hen "
        "oplevert (effect).",
        LEGAL_BASIS.get(survey.law, LEGAL_BASIS["wmo"]),
        "De gemeente gebruikt de uitkomsten om de hulp te verbeteren. Dit rapport geeft de "
        "belangrijkste uitkomsten, met bij elk percentage het aantal antwoorden (n).",
    )


def build_method(inputs: ReportInputs) -> Method:
    survey, dataset = inputs.survey, inputs.dataset
    invited = _invited_per_group(survey)
    responded = Counter(dataset.memberships["group"].astype(str))
    hidden = membership_suppression(dataset.memberships, len(dataset.frame), dataset.min_n)
    rows = []
    for group, population in dataset.provision_population.items():
        label = group.replace("_", " ")
        if group in hidden:
            rows.append((Cell(label), *(_hidden_cell(dataset.min_n),) * 5))
            continue
        rows.append(_method_row(label, population, invited.get(group), responded[group]))
    total_population = Client.objects.filter(survey=survey).count()
    total_invited = _invited(survey).count()
    n = len(dataset.frame)
    overall = overall_margin(inputs)
    rows.append(
        (
            Cell("Totaal"),
            Cell(str(total_population) if total_population else "–"),
            Cell(str(total_invited)),
            Cell(str(n)),
            Cell(percent(100 * n / total_invited) if total_invited else "–"),
            Cell(_margin_text(overall)),
        )
    )
    table = Table(
        caption="Populatie, steekproef en respons per voorziening",
        header=("Voorziening", "Populatie", "Uitgenodigd", "Respons", "Respons %", "Foutmarge"),
        rows=tuple(rows),
        notes=(
            "Wie meer voorzieningen heeft, telt bij elke voorziening mee; de groepen tellen "
            "daarom op tot meer dan het totaal.",
            *_hidden_note(rows, dataset.min_n),
            "Foutmarge: bij 95% betrouwbaarheid, voor een uitkomst van 50% (de grootste "
            "foutmarge), rekening houdend met de grootte van de populatie.",
        ),
    )
    return Method(
        invited=total_invited,
        target_group=TARGET_GROUPS.get(survey.law, TARGET_GROUPS["wmo"]),
        channels=_channels(dataset.frame["channel"]),
        period=_period(survey, dataset.frame["period"]),
        response_rate=percent(100 * n / total_invited) if total_invited else "–",
        margin=_margin_text(overall),
        table=table,
        paragraphs=_method_paragraphs(inputs),
    )


def _hidden_cell(min_n: int) -> Cell:
    return Cell(SUPPRESSED_MARK, True, f"te weinig respondenten (minder dan {min_n})")


def _hidden_note(rows: Sequence[tuple[Cell, ...]], min_n: int) -> tuple[str, ...]:
    if not any(c.suppressed for row in rows for c in row):
        return ()
    return (
        f"{SUPPRESSED_MARK} = een groep met minder dan {min_n} respondenten, en de groep die "
        "nodig is om haar niet uit het totaal af te leiden: geen aantallen, zodat niemand "
        "herkenbaar is. Hun antwoorden tellen wel mee in het totaal.",
    )


def _invited(survey: Survey) -> QuerySet[Invitation]:
    """Who was really invited: the overview's rule, so both give the same response rate
    (an invitation that waits or never went out is not a non-response)."""
    return Invitation.objects.filter(survey=survey).filter(overview.went_out())


def _invited_per_group(survey: Survey) -> Counter[str]:
    counts: Counter[str] = Counter()
    for attributes in _invited(survey).values_list("attributes", flat=True):
        for group in (attributes or {}).get("provision_groups") or ("onbekend",):
            counts[str(group)] += 1
    return counts


def _method_row(label: str, population: int, invited: int | None, n: int) -> tuple[Cell, ...]:
    margin = margin_of_error(n, population) if 0 < n <= population else None
    return (
        Cell(label),
        Cell(str(population)),
        Cell(str(invited or 0)),
        Cell(str(n)),
        Cell(percent(100 * n / invited) if invited else "–"),
        Cell(_margin_text(margin)),
    )


def overall_margin(inputs: ReportInputs) -> float | None:
    """The overall margin of error: stratified over the design strata when the population
    covers them all (honest when small groups were over-sampled), else as one sample."""
    dataset = inputs.dataset
    n = len(dataset.frame)
    if n == 0:
        return None
    population = dataset.population
    if population:
        counts = dataset.frame["stratum"].astype(str).value_counts()
        strata = [s for s in population if population[s] > 0]
        if all(counts.get(s, 0) > 0 for s in strata):
            return stratified_margin_of_error(
                [int(counts[s]) for s in strata], [population[s] for s in strata]
            )
        return margin_of_error(n, sum(population.values()))
    return margin_of_error(n)


def _margin_text(margin: float | None) -> str:
    if margin is None:
        return "–"
    return f"± {decimal(margin)}%"


def _channels(channels: object) -> str:
    counts = Counter(str(c) for c in channels if c == c and c is not None)  # type: ignore[attr-defined]
    labels = {c.value: c.label.lower() for c in Channel}
    parts = [f"{labels.get(c, c)} ({k})" for c, k in counts.most_common()]
    return ", ".join(parts) if parts else "–"


def _period(survey: Survey, periods: object) -> str:
    if survey.opens_on and survey.closes_on:
        return f"{dutch_date(survey.opens_on)} tot en met {dutch_date(survey.closes_on)}"
    found = sorted({str(p) for p in periods if p == p and p is not None})  # type: ignore[attr-defined]
    if not found:
        return "–"
    first, last = _month(found[0]), _month(found[-1])
    return first if first == last else f"{first} tot en met {last}"


def _month(period: str) -> str:
    year, month = period.split("-")
    return dutch_month(int(year), int(month))


def _version_paragraphs(survey: Survey) -> list[str]:
    """When the questionnaire changed during fieldwork: who answered which version, and
    which questions only some respondents got (so nobody reads their n as a non-response)."""
    rows = (
        Response.objects.filter(survey=survey, completed_at__isnull=False)
        .values("version__number", "version_id")
        .annotate(n=Count("pk"))
        .order_by("version__number")
    )
    used = [(row["version__number"], row["version_id"], row["n"]) for row in rows]
    if len(used) < 2:
        return []
    versions = {v.pk: v for v in QuestionnaireVersion.objects.filter(pk__in=[u[1] for u in used])}
    asked = {pk: {q.id: q for q in get_document(v).questions()} for pk, v in versions.items()}
    who = "; ".join(f"versie {number}: {n}" for number, _, n in used)
    parts = [f"Tijdens het veldwerk is de vragenlijst aangepast. Ingevuld per versie: {who}."]
    everywhere = set.intersection(*(set(q) for q in asked.values()))
    for question_id in sorted(set.union(*(set(q) for q in asked.values())) - everywhere):
        holders = [(number, n) for number, pk, n in used if question_id in asked[pk]]
        question = next(asked[pk][question_id] for _, pk, _ in used if question_id in asked[pk])
        numbers = " en ".join(str(number) for number, _ in holders)
        parts.append(
            f"De vraag ‘{question.text.get('nl')}’ stond alleen in versie {numbers}: "
            f"alleen de {sum(n for _, n in holders)} respondenten van die versie kregen haar."
        )
    return parts


def _method_paragraphs(inputs: ReportInputs) -> tuple[str, ...]:
    survey, dataset = inputs.survey, inputs.dataset
    parts = [
        "Het aantal antwoorden (n) verschilt per vraag. Wie ‘weet niet’ of ‘niet van "
        "toepassing’ antwoordde, telt bij die vraag niet mee in de percentages. Ook kregen "
        "niet alle respondenten alle vragen: sommige vragen gingen alleen naar wie een "
        "bepaalde voorziening heeft.",
        f"Uitkomsten op minder dan {dataset.min_n} antwoorden laten we niet zien. Zo blijft "
        "niemand herkenbaar en zeggen we niets op te weinig antwoorden.",
        "Soms laten we ook een tweede groep niet zien. Anders kan iemand de kleine groep "
        "uitrekenen: het totaal min de groepen die er wel staan. Een groep met minder dan "
        f"{dataset.min_n} respondenten tonen we nergens apart, ook niet in de tabel met de "
        "respons. Voor het totaal bij een vraag tellen de groepen die we niet tonen samen "
        "als één groep, met één weging. Zo kan niemand ze via het gewogen totaal uit elkaar "
        "halen.",
        _coarsening_paragraph(survey, dataset.min_n),
    ]
    design = SampleDesign.objects.filter(survey=survey).first()
    if design is not None:
        parts.append(
            f"De steekproef is per {design.stratify_by.replace('_', ' ')} getrokken, met een "
            f"vast startgetal (seed {design.seed}), zodat iedereen haar kan natrekken."
        )
    if dataset.population:
        parts.append(
            "Elke groep telt mee naar haar aandeel in de populatie: een groep die vaker "
            "antwoordde, weegt daardoor niet zwaarder dan ze is (weging naar voorziening)."
        )
    else:
        parts.append("De uitkomsten zijn niet gewogen.")
    parts.extend(_version_paragraphs(survey))
    parts.append(
        "De landelijke standaardvragen hebben elk jaar dezelfde tekst. Daardoor kunnen we de "
        "uitkomsten met eerdere jaren vergelijken. We noemen een verschil alleen groter dan "
        "toeval (significant) als de toets dat bij 95% betrouwbaarheid laat zien."
    )
    return tuple(parts)


def _coarsening_paragraph(survey: Survey, k: int) -> str:
    """The rule of `fieldwork.anonymity` as the reader needs it, with what it changed.

    Counted from the invitations' stored attributes (they outlive the purge of contact
    data): a wide band is one that no single age falls in by default. Kiosk invitations
    lead to nobody and are never coarsened, so they are left out.
    """
    stored = list(
        Invitation.objects.filter(survey=survey)
        .exclude(channel=Channel.KIOSK)
        .values_list("attributes", flat=True)
    )
    wide_labels = set(WIDER.values())
    wide = sum(1 for a in stored if a.get("age_band") in wide_labels)
    combinations = Counter(anonymity.combination(a) for a in stored)
    rare = sum(1 for a in stored if combinations[anonymity.combination(a)] < k)
    text = (
        "Bij een antwoord bewaren we geen leeftijd, alleen een leeftijdsgroep. Hadden minder "
        f"dan {k} uitgenodigden dezelfde combinatie van kenmerken (wet, voorzieningen, "
        "leeftijdsgroep, team, wijk en wie invult), dan hebben we vóór het opslaan eerst de "
        "wijk weggelaten en daarna een bredere leeftijdsgroep genomen (bijvoorbeeld 65+ in "
        "plaats van 75-84)."
    )
    if wide:
        text += (
            f" Bij {wide} van de {len(stored)} uitgenodigden staat daardoor een bredere "
            "leeftijdsgroep."
        )
    if rare:
        text += (
            f" Bij {rare} uitgenodigden deelden ook daarna minder dan {k} mensen dezelfde "
            "combinatie."
        )
    return text


def build_appendix(inputs: ReportInputs) -> Appendix:
    tables, texts = representativeness(inputs)
    return Appendix(
        representativeness=tuple(tables),
        representativeness_text=tuple(texts),
        reliability_text=(
            "Betrouwbaarheid gaat over de vraag of u bij herhaling van het onderzoek "
            "hetzelfde beeld zou krijgen. Wij gebruiken een betrouwbaarheid van 95%: als u het "
            "onderzoek honderd keer op dezelfde manier herhaalt, ligt de echte waarde 95 keer "
            "binnen de foutmarge.",
        ),
        margin_text=(
            "De foutmarge zegt hoe nauwkeurig een percentage is. Een voorbeeld: 75% is het "
            "eens en de foutmarge is 5%. Dan ligt het echte percentage bij alle cliënten "
            "tussen 70% en 80%.",
            "Hoe meer antwoorden, hoe kleiner de foutmarge. Bij kleine groepen is de foutmarge "
            "groot: kleine verschillen tussen groepen of jaren kunnen dan toeval zijn.",
            f"De foutmarge voor alle respondenten samen is {_margin_text(overall_margin(inputs))}. "
            "De foutmarge per voorziening staat in de tabel bij de onderzoeksverantwoording.",
        ),
    )


def representativeness(inputs: ReportInputs) -> tuple[list[Table], list[str]]:
    """Respondents against the client list on district, age group and team."""
    clients = list(
        Client.objects.filter(survey=inputs.survey).values_list(
            "district", "birth_year", "law", "team__slug"
        )
    )
    year = inputs.year
    population = {
        "district": Counter(d or "onbekend" for d, *_ in clients),
        "age_band": Counter(age_band(year - b if b else None, law) for _, b, law, _ in clients),
        "team": Counter(t or "onbekend" for *_, t in clients),
    }
    names = {"district": "wijk", "age_band": "leeftijdsgroep", "team": "team"}
    tables, texts = (
        [],
        [
            "Representatief betekent: de respondenten lijken op alle cliënten. We vergelijken "
            "daarom de respondenten met de cliëntenlijst. Een verschil van meer dan 5 "
            "procentpunt geven we aan. De chi-kwadraattoets zegt of de verschillen samen groter "
            "zijn dan toeval."
        ],
    )
    for column, counts in population.items():
        if not counts:
            continue
        table, text = _compare(inputs, column, names[column], counts)
        if table is not None:
            tables.append(table)
        texts.append(text)
    return tables, texts


def _compare(
    inputs: ReportInputs, column: str, name: str, counts: Mapping[str, int]
) -> tuple[Table | None, str]:
    """One characteristic against the client list; groups too small to show are counted
    together (also in the chi-square, which would otherwise tell their sizes apart)."""
    values = inputs.dataset.frame[column]
    hidden = respondent_suppression(values, inputs.dataset.min_n)
    merged = {c: POOLED if c in hidden else c for c in counts}
    labels: Sequence[object] = [
        None if v is None or v != v or v not in counts else merged[v] for v in values.astype(object)
    ]
    population: Counter[str] = Counter()
    for category, size in counts.items():
        population[merged[category]] += size
    try:
        result = compare_with_population(labels, dict(population))
    except ValueError:
        known = sum(1 for label in labels if label is not None)
        reason = (
            f"van geen enkele respondent is de {name} bekend"
            if not known
            else f"de {name} van de respondenten past niet bij de cliëntenlijst"
        )
        return None, f"Per {name} is geen vergelijking mogelijk: {reason}."
    rows = []
    for category in counts:
        label = inputs.team_names.get(category, category) if column == "team" else category
        if category in hidden:
            rows.append((Cell(str(label)), *(_hidden_cell(inputs.dataset.min_n),) * 5))
            continue
        row = result.table.loc[category]
        rows.append(
            (
                Cell(label),
                Cell(str(int(row["n_population"]))),
                Cell(percent(row["pct_population"])),
                Cell(str(int(row["n_respondents"]))),
                Cell(percent(row["pct_respondents"])),
                Cell("meer dan 5 punt" if row["is_flagged"] else "nee"),
            )
        )
    flagged = [str(c) for c in result.flagged if c != POOLED]
    if math.isfinite(result.p_value):
        verdict = "groter dan toeval" if result.p_value < 0.05 else "niet groter dan toeval"
        text = (
            f"Per {name}: de verschillen met de cliëntenlijst zijn {verdict} "
            f"(chi-kwadraat {decimal(result.chi2)}, df {result.df}, {p_value(result.p_value)})."
        )
    else:  # one group to show (the others too small and pooled): nothing to test against
        text = (
            f"Per {name} is geen toets mogelijk: er is maar één groep om te vergelijken met "
            "de cliëntenlijst."
        )
    if flagged:
        text += f" Meer dan 5 procentpunt verschil bij: {', '.join(flagged)}."
    table = Table(
        caption=f"Respondenten en populatie per {name}",
        header=(name.capitalize(), "Populatie", "% populatie", "Respons", "% respons", "Wijkt af"),
        rows=tuple(rows),
        notes=_hidden_note(rows, inputs.dataset.min_n),
    )
    return table, text
