"""The stappenplan: a survey's steps in order, each with its state, what is done and what next.

A project leader should never need to know which page comes next, nor be offered a button
that the survey's state refuses. This module is plain: it takes the facts of one survey
(:class:`SurveyFacts`, counted by :mod:`ervaring.reporting.steps_facts`) and returns the
steps; the page only draws them. A step is *done* by a fact in the database, never by a
click on the plan itself, so the plan cannot disagree with what really happened.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class StepState(StrEnum):
    DONE = "klaar"
    CURRENT = "nu"
    LATER = "later"


@dataclass(frozen=True)
class SurveyFacts:
    """What the plan is decided on; every field is a count or a state from the database."""

    status: str  # questionnaires.models.SurveyStatus value
    version: int
    missing_measures: tuple[str, ...]
    clients: int
    sample_drawn: bool
    invited: int  # invitations in the sample
    went_out: int  # invitations whose message went out
    waiting: int  # queued before fieldwork, or not yet handed to a channel
    letters_to_print: int
    reminders: int
    completed: int
    report_edited: bool
    data_file_downloaded: bool


@dataclass(frozen=True)
class Link:
    label: str
    url_name: str  # reverse()d with the survey's slug by the page
    post: bool = False  # a state change: a form with a button, not a link


@dataclass(frozen=True)
class Step:
    number: int
    title: str
    done: bool
    summary: str
    links: tuple[Link, ...] = field(default=())
    state: StepState = StepState.LATER


def plan(facts: SurveyFacts) -> tuple[Step, ...]:
    """The ten steps; the first one not done is the current one."""
    concept = facts.status == "concept"
    open_ = facts.status == "veldwerk"
    closed = facts.status in ("gesloten", "gerapporteerd")
    steps = [
        _questionnaire(facts, concept),
        Step(
            0,
            "Populatie inlezen",
            facts.clients > 0,
            f"{facts.clients} cliënten ingelezen."
            if facts.clients
            else "Lees het bestand met cliënten in (CSV of Excel uit het registratiesysteem).",
            (Link("Naar de populatie", "fieldwork:population"),) if concept else (),
        ),
        Step(
            0,
            "Steekproef trekken",
            facts.sample_drawn,
            f"Getrokken: {facts.invited} cliënten krijgen een uitnodiging."
            if facts.sample_drawn
            else "Kies per groep wie een uitnodiging krijgt, en trek de steekproef.",
            (Link("Naar de steekproef", "fieldwork:sample"),) if facts.clients else (),
        ),
        _messages(facts, concept),
        Step(
            0,
            "Veldwerk starten",
            not concept,
            "Het veldwerk loopt of is klaar."
            if not concept
            else "Bij de start ligt de vragenlijst vast en gaan de uitnodigingen uit.",
            (Link("Veldwerk starten", "questionnaires:survey-start", post=True),)
            if concept and facts.sample_drawn
            else (),
        ),
        Step(
            0,
            "Herinneringen sturen",
            facts.reminders > 0 or closed,
            f"{facts.reminders} herinneringen klaargezet of verstuurd."
            if facts.reminders
            else "Na een week krijgt wie nog niet meedeed een herinnering.",
            (Link("Naar de uitnodigingen", "fieldwork:outbox"),) if open_ else (),
        ),
        Step(
            0,
            "Veldwerk afsluiten",
            closed,
            f"{facts.completed} vragenlijsten ingevuld."
            + (" Het veldwerk is gesloten." if closed else ""),
            (
                Link("Voortgang bekijken", "overview:fieldwork"),
                Link("Veldwerk afsluiten", "fieldwork:close"),
            )
            if open_
            else (),
        ),
        Step(
            0,
            "Uitkomsten bekijken",
            closed,
            "Bekijk de uitkomsten en signalen per team.",
            (
                Link("Naar het dashboard", "reporting:survey-dashboard"),
                Link("Open antwoorden coderen", "analysis:open-answers"),
            )
            if facts.completed
            else (),
        ),
        Step(
            0,
            "Rapport en raadsbrief",
            facts.status == "gerapporteerd",
            "Het rapport is verstuurd."
            if facts.status == "gerapporteerd"
            else (
                "Lees het rapport, pas de bevindingen en de raadsbrief aan, en rond af als "
                "het rapport naar de raad is."
                + (" De bevindingen zijn al aangepast." if facts.report_edited else "")
            ),
            (
                Link("Naar het rapport", "reporting:report"),
                Link("Raadsbrief", "reporting:raadsbrief"),
                *(
                    (Link("Onderzoek afronden", "reporting:mark-reported", True),)
                    if facts.status == "gesloten"
                    else ()
                ),
            )
            if facts.completed
            else (),
        ),
        Step(
            0,
            "Databestand en monitor",
            facts.data_file_downloaded,
            "Het databestand is gedownload."
            if facts.data_file_downloaded
            else "Het databestand zonder namen, en de cijfers voor de landelijke monitor.",
            (Link("Naar de bestanden", "reporting:files"),) if facts.completed else (),
        ),
    ]
    current = next((i for i, step in enumerate(steps) if not step.done), None)
    return tuple(
        Step(
            number=i + 1,
            title=step.title,
            done=step.done,
            summary=step.summary,
            links=step.links,
            state=StepState.DONE
            if step.done
            else StepState.CURRENT
            if i == current
            else StepState.LATER,
        )
        for i, step in enumerate(steps)
    )


def _questionnaire(facts: SurveyFacts, concept: bool) -> Step:
    if facts.missing_measures:
        summary = (
            "De wet vraagt om vragen over toegang, kwaliteit en effect. Nog niet gedekt: "
            f"{', '.join(facts.missing_measures)}."
        )
    elif concept:
        summary = f"Versie {facts.version} is klaar. Bekijk haar als respondent."
    else:
        summary = f"Versie {facts.version} is in gebruik en ligt vast."
    return Step(
        0,
        "Vragenlijst",
        not facts.missing_measures,
        summary,
        (Link("Vragenlijst bekijken", "questionnaires:survey-detail"),),
    )


def _messages(facts: SurveyFacts, concept: bool) -> Step:
    if not facts.sample_drawn:
        summary = (
            "Na de steekproef zet u de brieven, e-mails en sms'jes klaar. De teksten kunt u "
            "nu al aanpassen en bekijken."
        )
        done = False
    elif concept:
        summary = (
            f"{facts.waiting} uitnodigingen staan klaar; e-mail en sms gaan uit zodra het "
            "veldwerk start."
            if facts.waiting
            else "Zet de uitnodigingen klaar; ze gaan uit zodra het veldwerk start."
        )
        done = facts.waiting + facts.went_out >= facts.invited > 0
    else:
        summary = f"{facts.went_out} van de {facts.invited} uitnodigingen zijn verstuurd."
        if facts.letters_to_print:
            summary += f" Nog {facts.letters_to_print} brieven om te printen."
        done = facts.went_out >= facts.invited and not facts.letters_to_print
    links: tuple[Link, ...] = ()
    if facts.status in ("concept", "veldwerk"):
        links = (Link("Teksten van brief, e-mail en sms", "fieldwork:wording"),)
        if facts.sample_drawn:
            links = (Link("Naar de uitnodigingen en brieven", "fieldwork:outbox"), *links)
    return Step(0, "Brieven en berichten", done, summary, links)
