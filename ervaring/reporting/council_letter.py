"""The council letter (raadsbrief): the form in which a college tells the council the results.

A municipality's letter to its council has a fixed shape, and a letter without it cannot
be sent: who it is for, date, reference, subject and attachment; a salutation; a short
introduction; the results per theme; the comparison with last year, and with other
municipalities and the country where those figures exist; what the college
*will do* (the college speaks, in the first person plural, so not instructions to staff);
and the signature of the secretary and the mayor on behalf of the college.

Every part has a draft built from the report's figures by fixed rules; the project leader
may rewrite any part on the letter's page (:class:`ervaring.reporting.models.CouncilLetterText`).
This module is plain: it takes the report and the stored edits and returns what the PDF,
the Word file and the page render, so the three cannot disagree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from ervaring.dutch_dates import dutch_date
from ervaring.reporting.report_context import Change, Report, Statement
from ervaring.reporting.report_themes import (
    PLUS_THRESHOLD,
    is_attention_point,
    is_plus_point,
    quoted,
)
from ervaring.reporting.words import percent

#: Below this response rate (%) the draft promises to reach more people next time.
LOW_RESPONSE = 25.0
#: The parts a project leader can rewrite; the names are the stored fields.
EDITABLE = (
    "addressee",
    "letter_date",
    "reference",
    "subject",
    "summary",
    "actions",
    "secretary",
    "mayor",
)


@dataclass(frozen=True)
class CouncilLetter:
    """Everything the letter prints, in reading order."""

    organisation: str
    place: str
    addressee: str
    letter_date: dt.date
    reference: str
    subject: str
    attachment: str
    summary: tuple[str, ...]
    themes: tuple[tuple[str, str], ...]
    comparison: tuple[str, ...]
    #: The report's complaints paragraph (providers only from the threshold).
    complaints: tuple[str, ...]
    actions: tuple[str, ...]
    secretary: str
    mayor: str
    house_colour: str = "#154273"
    #: Registration figures per quarter in a few sentences (empty without any).
    registration: tuple[str, ...] = ()
    #: Per statement this year's % eens beside other municipalities and the national figure,
    #: after a lead-in (both empty when there is neither, so the letter has no such heading).
    reference_intro: str = ""
    references: tuple[str, ...] = ()

    @property
    def date_text(self) -> str:
        return dutch_date(self.letter_date)

    @property
    def college(self) -> str:
        return f"Het college van burgemeester en wethouders van {self.place}"


def place_of(organisation: str) -> str:
    """ "Gemeente Ede" -> "Ede"; a name without the word stays as it is."""
    for prefix in ("Gemeente ", "gemeente "):
        if organisation.startswith(prefix):
            return organisation[len(prefix) :]
    return organisation


def paragraphs(text: str) -> tuple[str, ...]:
    """Paragraphs of an edited text: separated by a blank line; inner line breaks joined."""
    blocks = [" ".join(block.split()) for block in text.replace("\r\n", "\n").split("\n\n")]
    return tuple(block for block in blocks if block)


def lines(text: str) -> tuple[str, ...]:
    """One point per line, without a leading bullet sign."""
    found = (line.strip().lstrip("•-*").strip() for line in text.splitlines())
    return tuple(line for line in found if line)


def draft(report: Report) -> dict[str, object]:
    """Every editable part as the figures write it, as text a form can show."""
    place = place_of(report.organisation)
    return {
        "addressee": f"De leden van de gemeenteraad van {place}",
        "letter_date": report.made_on,
        "reference": f"CEO-{report.law_label.upper()}-{report.year}",
        "subject": f"Uitkomsten {report.title_in_sentence}",
        "summary": "\n\n".join(draft_summary(report)),
        "actions": "\n".join(draft_actions(report)),
        "secretary": "",
        "mayor": "",
    }


def build(report: Report, edits: Mapping[str, object] | None = None) -> CouncilLetter:
    """The letter: each part edited where the project leader rewrote it, else the draft."""
    parts = draft(report)
    for name, value in (edits or {}).items():
        if name in EDITABLE and value not in ("", None):
            parts[name] = value
    return CouncilLetter(
        organisation=report.organisation,
        place=place_of(report.organisation),
        addressee=str(parts["addressee"]),
        letter_date=parts["letter_date"],  # type: ignore[arg-type]
        reference=str(parts["reference"]),
        subject=str(parts["subject"]),
        attachment=f"Rapport {report.title_in_sentence}",
        summary=paragraphs(str(parts["summary"])),
        themes=theme_results(report),
        comparison=comparison(report),
        complaints=report.complaints.paragraphs if report.complaints else (),
        actions=lines(str(parts["actions"])),
        house_colour=report.house_colour,
        registration=report.registration.sentences if report.registration else (),
        reference_intro=reference_intro(report),
        references=reference_lines(report),
        secretary=str(parts["secretary"]),
        mayor=str(parts["mayor"]),
    )


def changed_parts(report: Report, values: Mapping[str, object]) -> dict[str, object]:
    """The parts of a submitted form that differ from the draft: only these are stored."""
    base = draft(report)
    stored: dict[str, object] = {}
    for name in EDITABLE:
        value = values.get(name)
        if isinstance(value, str):
            value = value.strip()
            same = _normalised(value) == _normalised(str(base[name]))
        else:
            same = value == base[name]
        stored[name] = None if name == "letter_date" and same else ("" if same else value)
    return stored


def _normalised(text: str) -> str:
    return " ".join(text.replace("\r\n", "\n").split())


def _statements(report: Report) -> list[Statement]:
    return [s for theme in report.themes for s in theme.statements]


def _response_rate(report: Report) -> float | None:
    invited = report.method.invited
    return 100 * report.respondents / invited if invited else None


def draft_summary(report: Report) -> list[str]:
    """The introduction: why, who answered, and the overall picture in two numbers."""
    shown = [s for s in _statements(report) if not s.suppressed and s.agree is not None]
    plus = sum(1 for s in shown if is_plus_point(s))
    attention = sum(1 for s in shown if is_attention_point(s))
    text = [
        f"Met deze brief informeren wij u over de uitkomsten van het "
        f"{report.title_in_sentence}. Elk jaar vragen wij cliënten hoe zij de hulp en "
        "ondersteuning ervaren. Dat doen wij omdat de wet het vraagt, en omdat het ons helpt "
        "de hulp beter te maken.",
        f"{report.respondents} cliënten vulden de vragenlijst in ({report.method.response_rate}"
        f" van de uitgenodigden). De foutmarge is {report.method.margin}.",
    ]
    if shown:
        text.append(
            f"Op {plus} van de {len(shown)} stellingen is {PLUS_THRESHOLD}% of meer van de "
            f"cliënten het eens. Op {attention} "
            f"{'stelling' if attention == 1 else 'stellingen'} is een op de vijf of meer het "
            "oneens; dat zijn de aandachtspunten."
        )
    return text


def theme_results(report: Report) -> tuple[tuple[str, str], ...]:
    """Per theme with figures: its title as a lead-in ("Vervoer:", "Hoe ging het contact?")
    and its headline as one sentence (the report's own headline)."""
    return tuple(
        (_lead_in(theme.title), f"{theme.headline}.") for theme in report.themes if theme.statements
    )


def _lead_in(title: str) -> str:
    return title if title.endswith(("?", "!", ":")) else f"{title.rstrip('.')}:"


def comparison(report: Report) -> tuple[str, ...]:
    """Last year against this year: the significant changes by name, the rest in one line."""
    if not report.changes:
        return (
            "Er zijn geen uitkomsten van eerdere jaren vastgelegd. Een vergelijking met "
            "vorig jaar ontbreekt daarom in deze brief.",
        )
    year = max(c.previous_year for c in report.changes)
    risen = [c for c in report.changes if c.significant and c.direction > 0]
    fallen = [c for c in report.changes if c.significant and c.direction < 0]
    text = []
    if risen:
        text.append(f"Meer cliënten dan in {year} zijn het eens met {_listed(risen)}.")
    if fallen:
        text.append(f"Minder cliënten dan in {year} zijn het eens met {_listed(fallen)}.")
    steady = len(report.changes) - len(risen) - len(fallen)
    if steady:
        text.append(
            f"Op {'de andere' if risen or fallen else 'alle'} {steady} "
            f"{'stelling' if steady == 1 else 'stellingen'} die ook eerder gevraagd "
            f"{'is' if steady == 1 else 'zijn'}, is het verschil met vorige keer niet groter "
            "dan toeval."
        )
    return tuple(text)


def _shared_years(report: Report) -> tuple[int | None, int | None]:
    """The benchmark year and the national year when every line shares it, else None: a
    shared year is named once in the lead-in, a differing one on each line."""
    others = {r.others_year for r in report.references if r.others is not None}
    national = {r.national_year for r in report.references if r.national is not None}
    return (
        next(iter(others)) if len(others) == 1 else None,
        next(iter(national)) if len(national) == 1 else None,
    )


def reference_intro(report: Report) -> str:
    """What the comparison lines compare with, and over which year (the fixed benchmark
    year may be earlier than the report's)."""
    refs = report.references
    if not refs:
        return ""
    others_year, national_year = _shared_years(report)
    compared = []
    if any(r.others is not None for r in refs):
        over = f" over {others_year}" if others_year else ""
        compared.append(f"het gemiddelde van andere gemeenten{over}")
    if any(r.national is not None for r in refs):
        over = f" over {national_year}" if national_year else ""
        compared.append(f"het landelijke cijfer{over}")
    return (
        "Per vaste vraag staat hieronder hoeveel procent van de cliënten het eens is, met "
        f"tussen haakjes {' en '.join(compared)}."
    )


def reference_lines(report: Report) -> tuple[str, ...]:
    """One line per statement: this year's % eens with the other municipalities' average
    and the national figure, as plain figures without a verdict, as the report's comparison
    table shows them. A suppressed statement is not in ``report.references`` at all, so no
    line can carry its figure."""
    others_year, national_year = _shared_years(report)
    found = []
    for ref in report.references:
        beside = []
        if ref.others is not None:
            over = "" if others_year else f" over {ref.others_year}"
            beside.append(f"andere gemeenten{over} {ref.others}")
        if ref.national is not None:
            over = "" if national_year else f" over {ref.national_year}"
            beside.append(f"landelijk{over} {ref.national}")
        found.append(f"{quoted(ref.statement)}: {ref.current} ({', '.join(beside)}).")
    return tuple(found)


def _listed(found: list[Change]) -> str:
    parts = [f"{quoted(c.statement)} ({c.previous} naar {c.current})" for c in found]
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " en " + parts[-1]


def draft_actions(report: Report) -> list[str]:
    """What the college will do, drafted from the points of attention and the changes.

    Written as the college's own commitments; the project leader makes them concrete.
    """
    actions = [
        "Wij delen de uitkomsten met cliënten, de adviesraad sociaal domein, de aanbieders "
        "en de medewerkers van de gemeente."
    ]
    attention = sorted(
        (s for s in _statements(report) if is_attention_point(s)),
        key=lambda s: -(s.disagree or 0),
    )
    if attention:
        worst = attention[0]
        actions.append(
            f"Wij bespreken met de aanbieders en de teams waarom {percent(worst.disagree)} "
            f"het oneens is met {quoted(worst.text)}, en maken afspraken over verbetering."
        )
    for change in [c for c in report.changes if c.significant and c.direction < 0][:2]:
        actions.append(
            f"Wij zoeken uit waarom minder cliënten het eens zijn met {quoted(change.statement)}"
            f" dan in {change.previous_year}."
        )
    rate = _response_rate(report)
    if rate is not None and rate < LOW_RESPONSE:
        actions.append(
            "Wij zorgen dat bij het volgende onderzoek meer cliënten meedoen, onder meer door "
            "hen ook per e-mail of sms uit te nodigen."
        )
    actions.append(
        "Bij het volgende cliëntervaringsonderzoek laten wij u weten wat deze afspraken "
        "hebben opgeleverd."
    )
    return actions
