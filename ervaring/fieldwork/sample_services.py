"""Verbs for the sample: plan it (the design table) and draw it (invitations).

Who can be invited is decided by the pure `fieldwork.eligibility`, the draw itself by the
pure `fieldwork.sampling`; this module gathers their inputs from the database, and records
the design next to the invitations in one transaction.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ervaring.accounts.models import Staff
from ervaring.accounts.services import log_event
from ervaring.fieldwork import codes, eligibility, sampling
from ervaring.fieldwork.attributes import age_band, client_attributes
from ervaring.fieldwork.models import Channel, Client, Invitation, OptOut, SampleDesign
from ervaring.fieldwork.services import (
    InvitationSpec,
    IssuedInvitation,
    create_invitations,
    lock_survey,
)
from ervaring.questionnaires.lifecycle import Action
from ervaring.questionnaires.models import Survey

STRATIFY_COLUMNS = {
    "provision_groups": "Voorziening",
    "team": "Team",
    "district": "Wijk",
    "gender": "Geslacht",
    "age_band": "Leeftijdsgroep",
    "respondent_role": "Wie antwoordt",
    "law": "Wet",
    "none": "Geen (één groep)",
}
UNKNOWN = "onbekend"


class SampleError(Exception):
    """The sample cannot be planned or drawn (the message is Dutch, for the user)."""


@dataclass(frozen=True)
class SampleRequest:
    """The choices for a sample; `rules` maps stratum -> rule, other strata are a census."""

    seed: int
    stratify_by: str = "provision_groups"
    rules: dict[str, sampling.StratumRule] = field(default_factory=dict)
    response_rate: float = 0.3
    exclude_invited_months: int = 0


@dataclass(frozen=True)
class StratumLine:
    """One line of the design table, with who was left out and why."""

    stratum: str
    population: int
    excluded: dict[str, int]
    design: sampling.DesignRow

    @property
    def exclusions_labelled(self) -> list[tuple[str, int]]:
        """Who was left out, as (Dutch reason, count), for reasons that occurred."""
        return [(eligibility.EXCLUSION_LABELS[k], n) for k, n in self.excluded.items() if n]

    def as_dict(self) -> dict[str, object]:
        return {
            "stratum": self.stratum,
            "rule": self.design.rule,
            "population": self.population,
            **self.excluded,
            "frame": self.design.frame,
            "drawn": self.design.drawn,
            "invited": self.design.invited,
            "expected_margin": self.design.expected_margin,
        }


@dataclass
class SamplePlan:
    """The outcome of a draw before anything is written: the design table and the chosen."""

    request: SampleRequest
    reference_date: date
    population: int
    excluded: Counter[str]
    lines: list[StratumLine]
    selected: list[tuple[Client, eligibility.Assessment]]

    @property
    def invited(self) -> int:
        return len(self.selected)

    @property
    def exclusions_labelled(self) -> list[tuple[str, int]]:
        return [(eligibility.EXCLUSION_LABELS[k], n) for k, n in sorted(self.excluded.items())]


def strata_of(client: Client, column: str, assessment: eligibility.Assessment) -> tuple[str, ...]:
    """The strata a client falls in for a column; provisions may give several."""
    if column == "provision_groups":
        return tuple(client.provision_groups) or (UNKNOWN,)
    value = {
        "team": client.team.slug if client.team else "",
        "district": client.district,
        "gender": client.gender,
        "age_band": age_band(assessment.age, client.law),
        "respondent_role": assessment.role,
        "law": client.law,
        "none": "alle",
    }[column]
    return (value or UNKNOWN,)


def months_before(day: date, months: int) -> date:
    """The same day `months` earlier (the last day of the month where it does not exist)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    for candidate_day in range(day.day, 27, -1):
        try:
            return date(year, month, candidate_day)
        except ValueError:
            continue
    return date(year, month, min(day.day, 28))


def _recently_invited_refs(survey: Survey, months: int, today: date) -> set[str]:
    """Client numbers invited for another survey of the organisation in the last months."""
    if months <= 0:
        return set()
    since = months_before(today, months)
    return set(
        Invitation.objects.filter(
            survey__organisation_id=survey.organisation_id,
            created_at__date__gte=since,
            client__isnull=False,
        )
        .exclude(survey=survey)
        .values_list("client__client_ref", flat=True)
    )


def plan_sample(survey: Survey, request: SampleRequest) -> SamplePlan:
    """Decide who is eligible and draw the sample, without writing anything."""
    if request.stratify_by not in STRATIFY_COLUMNS:
        raise SampleError(f"Op '{request.stratify_by}' kan niet worden gestratificeerd.")
    if not 0 < request.response_rate <= 1:
        raise SampleError("De verwachte respons moet tussen 0 en 100% liggen.")
    clients = list(
        Client.objects.filter(survey=survey)
        .select_related("contact", "team")
        .order_by("client_ref")
    )
    if not clients:
        raise SampleError("Dit onderzoek heeft nog geen populatie. Lees eerst een bestand in.")
    today = timezone.localdate()
    on = survey.opens_on or today
    opted_out = set(
        OptOut.objects.filter(organisation_id=survey.organisation_id).values_list(
            "client_hash", flat=True
        )
    )
    recent = _recently_invited_refs(survey, request.exclude_invited_months, today)
    population: Counter[str] = Counter()
    excluded: dict[str, Counter[str]] = {}
    excluded_total: Counter[str] = Counter()
    units, eligible = [], {}
    for client in clients:
        assessment = assess_client(client, survey, on, opted_out, recent)
        strata = strata_of(client, request.stratify_by, assessment)
        population.update(strata)
        if assessment.exclusion:
            excluded_total[assessment.exclusion] += 1
            for stratum in strata:
                excluded.setdefault(stratum, Counter())[assessment.exclusion] += 1
            continue
        units.append(sampling.Unit(client.client_ref, strata))
        eligible[client.client_ref] = (client, assessment)
    try:
        drawn = sampling.draw(units, request.rules, request.seed)
    except sampling.RuleError as error:
        raise SampleError(str(error)) from error
    design = {
        row.stratum: row for row in sampling.design_table(drawn.strata, request.response_rate)
    }
    lines = [
        StratumLine(
            stratum,
            population[stratum],
            {key: excluded.get(stratum, Counter())[key] for key in eligibility.EXCLUSION_LABELS},
            design.get(stratum) or _empty_row(stratum, request),
        )
        for stratum in sorted(population)
    ]
    selected = [eligible[key] for key in sorted(drawn.selected)]
    return SamplePlan(request, on, len(clients), excluded_total, lines, selected)


def _empty_row(stratum: str, request: SampleRequest) -> sampling.DesignRow:
    """A stratum whose members were all left out: nobody to draw from."""
    rule = request.rules.get(stratum, sampling.CENSUS_RULE)
    return sampling.DesignRow(stratum, rule.describe(), 0, 0, 0, 0.0, None)


def assess_client(
    client: Client, survey: Survey, on: date, opted_out: set[str], recent: set[str]
) -> eligibility.Assessment:
    """Who answers for this client and how to reach them (for the sample and for cohorts)."""
    contact = getattr(client, "contact", None)

    def person(prefix: str) -> eligibility.Contact:
        if contact is None:
            return eligibility.Contact()
        return eligibility.Contact(
            **{
                name: getattr(contact, prefix + name)
                for name in ("street", "house_number", "postcode", "town", "email", "mobile")
            }
        )

    return eligibility.assess(
        law=client.law,
        birth_date=contact.birth_date if contact else None,
        birth_year=client.birth_year,
        own=person(""),
        parent=person("parent_"),
        youth_self_from_age=survey.youth_self_from_age,
        on=on,
        is_opted_out=codes.client_ref_hash(client.client_ref, settings.CODE_KEY) in opted_out,
        is_recently_invited=client.client_ref in recent,
    )


@dataclass
class SampleOutcome:
    design: SampleDesign
    plan: SamplePlan
    issued: list[IssuedInvitation]


def draw_sample(
    survey: Survey,
    request: SampleRequest,
    *,
    actor: Staff | None = None,
    actor_label: str = "",
) -> SampleOutcome:
    """Draw the sample and create one invitation per chosen client, with the design
    recorded; all in one transaction. A survey is sampled once: after that the invitations
    exist and a new draw would invite people twice."""
    with transaction.atomic():
        survey = lock_survey(survey, Action.DRAW_SAMPLE, SampleError)
        if Invitation.objects.filter(survey=survey).exists():
            raise SampleError(
                "Voor dit onderzoek zijn al mensen uitgenodigd; er kan geen nieuwe steekproef "
                "meer worden getrokken."
            )
        plan = plan_sample(survey, request)
        specs = [
            InvitationSpec(
                attributes=client_attributes(
                    law=client.law,
                    provision_groups=client.provision_groups,
                    age=assessment.age,
                    team=client.team.slug if client.team else "",
                    district=client.district,
                    youth_self_from_age=survey.youth_self_from_age,
                ),
                channel=Channel(assessment.channels[0]),
                client=client,
                team=client.team,
            )
            for client, assessment in plan.selected
        ]
        issued = create_invitations(survey, specs)
        design = SampleDesign.objects.create(
            survey=survey,
            seed=request.seed,
            stratify_by=request.stratify_by,
            reference_date=plan.reference_date,
            exclude_invited_months=request.exclude_invited_months,
            assumed_response_rate=request.response_rate,
            strata=[line.as_dict() for line in plan.lines],
            invited=len(issued),
            created_by=actor if isinstance(actor, Staff) else None,
        )
        log_event(
            "sample_drawn",
            organisation=survey.organisation,
            actor=actor,
            actor_label=actor_label,
            target=survey.slug,
            seed=request.seed,
            stratify_by=request.stratify_by,
            invited=len(issued),
        )
    return SampleOutcome(design, plan, issued)
