"""The survey's lifecycle: its states and which actions each state allows.

A survey moves one way: in voorbereiding → veldwerk → gesloten → gerapporteerd. Every page,
command and background job asks this module (through `Survey.require`/`Survey.allows`)
before it acts, so the wrong order is refused in one place with one message that says what to
do first. Before, each caller checked the status on its own, and the outbox cancelled
invitations queued before fieldwork for good ("veldwerk loopt niet") while the page had said
they were ready.

Plain Python on purpose: the rules are a table, tested pair by pair without a database.
"""

from collections.abc import Mapping
from enum import StrEnum


class SurveyError(Exception):
    """A survey action that is not possible now; the message is Dutch and says why."""


class State(StrEnum):
    CONCEPT = "concept"
    FIELDWORK = "veldwerk"
    CLOSED = "gesloten"
    REPORTED = "gerapporteerd"


class Action(StrEnum):
    EDIT_QUESTIONNAIRE = "edit_questionnaire"  # save a version (in fieldwork: not yet in use)
    ADOPT_VERSION = "adopt_version"  # put a newer version in use during fieldwork
    IMPORT_POPULATION = "import_population"
    DRAW_SAMPLE = "draw_sample"
    QUEUE_INVITATIONS = "queue_invitations"  # before fieldwork they wait for the start
    PRINT_LETTERS = "print_letters"
    EDIT_WORDING = "edit_wording"  # the survey's own words in letters, e-mails and SMS
    START_FIELDWORK = "start_fieldwork"
    SEND_MESSAGES = "send_messages"  # the outbox hands e-mail and SMS to a channel
    RESEND_UNSENT = "resend_unsent"
    ANSWER = "answer"  # online, at a tablet, on paper or by phone
    QUICK_INVITE = "quick_invite"
    INVITE_COHORT = "invite_cohort"  # continuous measurement: last month's new clients
    REMIND = "remind"
    CLOSE = "close"
    PURGE_CONTACT_DATA = "purge_contact_data"
    MARK_REPORTED = "mark_reported"


ALLOWED: Mapping[Action, frozenset[State]] = {
    Action.EDIT_QUESTIONNAIRE: frozenset({State.CONCEPT, State.FIELDWORK}),
    Action.ADOPT_VERSION: frozenset({State.FIELDWORK}),
    Action.IMPORT_POPULATION: frozenset({State.CONCEPT, State.FIELDWORK}),
    Action.DRAW_SAMPLE: frozenset({State.CONCEPT, State.FIELDWORK}),
    Action.QUEUE_INVITATIONS: frozenset({State.CONCEPT, State.FIELDWORK}),
    Action.PRINT_LETTERS: frozenset({State.CONCEPT, State.FIELDWORK}),
    Action.EDIT_WORDING: frozenset({State.CONCEPT, State.FIELDWORK}),
    Action.START_FIELDWORK: frozenset({State.CONCEPT}),
    Action.SEND_MESSAGES: frozenset({State.FIELDWORK}),
    Action.RESEND_UNSENT: frozenset({State.FIELDWORK}),
    Action.ANSWER: frozenset({State.FIELDWORK}),
    Action.QUICK_INVITE: frozenset({State.FIELDWORK}),
    Action.INVITE_COHORT: frozenset({State.FIELDWORK}),
    Action.REMIND: frozenset({State.FIELDWORK}),
    Action.CLOSE: frozenset({State.FIELDWORK}),
    Action.PURGE_CONTACT_DATA: frozenset({State.CLOSED, State.REPORTED}),
    Action.MARK_REPORTED: frozenset({State.CLOSED}),
}

_START_FIRST = "Start eerst het veldwerk (knop 'Veldwerk starten' bij het onderzoek)."
_CLOSED = "Het veldwerk is gesloten"
_REPORTED = "Over dit onderzoek is gerapporteerd"

# Why an action is refused in a state, and what to do instead: one sentence for every pair
# that ALLOWED refuses (a test checks that none is missing).
_REFUSALS: Mapping[tuple[Action, State], str] = {
    (Action.EDIT_QUESTIONNAIRE, State.CLOSED): f"{_CLOSED}; de vragenlijst ligt vast.",
    (Action.EDIT_QUESTIONNAIRE, State.REPORTED): f"{_REPORTED}; de vragenlijst ligt vast.",
    (Action.ADOPT_VERSION, State.CONCEPT): (
        "Het veldwerk is nog niet begonnen: een opgeslagen versie is meteen in gebruik."
    ),
    (Action.ADOPT_VERSION, State.CLOSED): f"{_CLOSED}; er komt geen nieuwe versie meer.",
    (Action.ADOPT_VERSION, State.REPORTED): f"{_REPORTED}; er komt geen nieuwe versie meer.",
    (Action.IMPORT_POPULATION, State.CLOSED): f"{_CLOSED}; de populatie ligt vast.",
    (Action.IMPORT_POPULATION, State.REPORTED): f"{_REPORTED}; de populatie ligt vast.",
    (Action.DRAW_SAMPLE, State.CLOSED): f"{_CLOSED}; er kan geen steekproef meer bij.",
    (Action.DRAW_SAMPLE, State.REPORTED): f"{_REPORTED}; er kan geen steekproef meer bij.",
    (Action.QUEUE_INVITATIONS, State.CLOSED): f"{_CLOSED}; er gaan geen uitnodigingen meer uit.",
    (Action.QUEUE_INVITATIONS, State.REPORTED): (
        f"{_REPORTED}; er gaan geen uitnodigingen meer uit."
    ),
    (Action.PRINT_LETTERS, State.CLOSED): f"{_CLOSED}; er worden geen brieven meer gedrukt.",
    (Action.PRINT_LETTERS, State.REPORTED): (f"{_REPORTED}; er worden geen brieven meer gedrukt."),
    (Action.EDIT_WORDING, State.CLOSED): f"{_CLOSED}; de teksten van de berichten liggen vast.",
    (Action.EDIT_WORDING, State.REPORTED): (
        f"{_REPORTED}; de teksten van de berichten liggen vast."
    ),
    (Action.START_FIELDWORK, State.FIELDWORK): "Het veldwerk loopt al.",
    (Action.START_FIELDWORK, State.CLOSED): f"{_CLOSED}; het kan niet opnieuw beginnen.",
    (Action.START_FIELDWORK, State.REPORTED): f"{_REPORTED}; het kan niet opnieuw beginnen.",
    (Action.SEND_MESSAGES, State.CONCEPT): (
        "De berichten wachten tot het veldwerk start. " + _START_FIRST
    ),
    (Action.SEND_MESSAGES, State.CLOSED): f"{_CLOSED}; er gaan geen berichten meer uit.",
    (Action.SEND_MESSAGES, State.REPORTED): f"{_REPORTED}; er gaan geen berichten meer uit.",
    (Action.RESEND_UNSENT, State.CONCEPT): (
        "Berichten gaan pas uit als het veldwerk loopt. " + _START_FIRST
    ),
    (Action.RESEND_UNSENT, State.CLOSED): f"{_CLOSED}; er gaan geen berichten meer uit.",
    (Action.RESEND_UNSENT, State.REPORTED): f"{_REPORTED}; er gaan geen berichten meer uit.",
    (Action.ANSWER, State.CONCEPT): "Het onderzoek is nog niet begonnen.",
    (Action.ANSWER, State.CLOSED): f"{_CLOSED}; invullen kan niet meer.",
    (Action.ANSWER, State.REPORTED): f"{_CLOSED}; invullen kan niet meer.",
    (Action.QUICK_INVITE, State.CONCEPT): "Uitnodigen kan zodra het veldwerk loopt.",
    (Action.QUICK_INVITE, State.CLOSED): f"{_CLOSED}; uitnodigen kan niet meer.",
    (Action.QUICK_INVITE, State.REPORTED): f"{_CLOSED}; uitnodigen kan niet meer.",
    (
        Action.INVITE_COHORT,
        State.CONCEPT,
    ): "Maandelijkse groepen komen er zodra het veldwerk loopt.",
    (Action.INVITE_COHORT, State.CLOSED): f"{_CLOSED}; er komen geen nieuwe groepen meer bij.",
    (Action.INVITE_COHORT, State.REPORTED): f"{_CLOSED}; er komen geen nieuwe groepen meer bij.",
    (Action.REMIND, State.CONCEPT): "Herinneringen gaan pas uit als het veldwerk loopt.",
    (Action.REMIND, State.CLOSED): f"{_CLOSED}; er gaan geen herinneringen meer uit.",
    (Action.REMIND, State.REPORTED): f"{_CLOSED}; er gaan geen herinneringen meer uit.",
    (Action.CLOSE, State.CONCEPT): "Het veldwerk is nog niet begonnen; sluiten kan pas daarna.",
    (Action.CLOSE, State.CLOSED): "Het veldwerk is al gesloten.",
    (Action.CLOSE, State.REPORTED): "Het veldwerk is al gesloten.",
    (Action.PURGE_CONTACT_DATA, State.CONCEPT): (
        "Contactgegevens worden pas na het veldwerk gewist."
    ),
    (Action.PURGE_CONTACT_DATA, State.FIELDWORK): (
        "Contactgegevens worden pas na het veldwerk gewist. Sluit eerst het veldwerk."
    ),
    (Action.MARK_REPORTED, State.CONCEPT): "Sluit eerst het veldwerk; daarna het rapport.",
    (Action.MARK_REPORTED, State.FIELDWORK): "Sluit eerst het veldwerk; daarna het rapport.",
    (Action.MARK_REPORTED, State.REPORTED): "Over dit onderzoek is al gerapporteerd.",
}


def allows(state: str, action: Action) -> bool:
    """Whether a survey in `state` allows `action`."""
    return State(state) in ALLOWED[action]


def refusal(state: str, action: Action) -> str:
    """The Dutch reason `action` is refused in `state`, or '' when it is allowed."""
    if allows(state, action):
        return ""
    return _REFUSALS[(action, State(state))]


def require(state: str, action: Action) -> None:
    """Raise SurveyError with the reason when `action` is not allowed in `state`."""
    reason = refusal(state, action)
    if reason:
        raise SurveyError(reason)
