"""Continuous measurement in monthly cohorts.

A continuous survey has no single sample: each month's export is appended to the population
(`import_population(append=True)` dates new clients), and early in the next month everyone who
came in during that month is invited. The period ("2026-11") goes into the invitation's
attributes, and so into the response, so results can be shown per period. A `Cohort` row per
(survey, period) makes each month exactly-once.
"""

import re
from collections import Counter
from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from ervaring.accounts.services import log_event
from ervaring.fieldwork import outbox
from ervaring.fieldwork.attributes import client_attributes
from ervaring.fieldwork.models import Channel, Client, Cohort, FieldworkSettings, OptOut
from ervaring.fieldwork.reminders import get_fieldwork_settings
from ervaring.fieldwork.sample_services import assess_client
from ervaring.fieldwork.services import InvitationSpec, create_invitations
from ervaring.questionnaires import lifecycle
from ervaring.questionnaires.lifecycle import ALLOWED, Action
from ervaring.questionnaires.models import Survey

PERIOD = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


class CohortError(Exception):
    """A cohort cannot be invited (the message is Dutch, for the user)."""


def month_bounds(period: str) -> tuple[date, date]:
    """First and last day of a period like '2026-11'."""
    match = PERIOD.match(period)
    if not match:
        raise CohortError(f"'{period}' is geen maand; schrijf bijvoorbeeld 2026-11.")
    first = date(int(match.group(1)), int(match.group(2)), 1)
    following = (first + timedelta(days=32)).replace(day=1)
    return first, following - timedelta(days=1)


def previous_period(today: date) -> str:
    last_month = today.replace(day=1) - timedelta(days=1)
    return f"{last_month:%Y-%m}"


def set_continuous(survey: Survey, is_continuous: bool) -> FieldworkSettings:
    found = get_fieldwork_settings(survey)
    found.is_continuous = is_continuous
    found.save(update_fields=["is_continuous"])
    return found


def new_clients(survey: Survey, period: str) -> list[Client]:
    """Clients who came into the population in the period and have no invitation yet."""
    first, last = month_bounds(period)
    return list(
        Client.objects.filter(survey=survey, added_on__gte=first, added_on__lte=last)
        .exclude(invitations__isnull=False)
        .select_related("contact", "team")
        .order_by("client_ref")
    )


def invite_cohort(
    survey: Survey, period: str, *, today: date | None = None, actor_label: str = ""
) -> Cohort:
    """Invite everyone who came in during `period` (a finished month), exactly once."""
    today = today or timezone.localdate()
    first, _ = month_bounds(period)
    fieldwork_settings = get_fieldwork_settings(survey)
    if not fieldwork_settings.is_continuous:
        raise CohortError("Dit onderzoek meet niet doorlopend.")
    if not survey.allows(Action.INVITE_COHORT):
        raise CohortError(lifecycle.refusal(survey.status, Action.INVITE_COHORT))
    if first >= today.replace(day=1):
        raise CohortError(f"De maand {period} is nog niet voorbij.")
    deadline = today + timedelta(days=fieldwork_settings.cohort_answer_days)
    try:
        with transaction.atomic():
            cohort = Cohort.objects.create(survey=survey, period=period)
            _invite(survey, cohort, today, deadline)
            log_event(
                "cohort_invited",
                organisation=survey.organisation,
                actor_label=actor_label,
                target=survey.slug,
                period=period,
                invited=cohort.invited,
            )
    except IntegrityError as error:
        raise CohortError(f"De cohort {period} is al uitgenodigd.") from error
    return cohort


def _invite(survey: Survey, cohort: Cohort, today: date, deadline: date) -> None:
    opted_out = set(
        OptOut.objects.filter(organisation_id=survey.organisation_id).values_list(
            "client_hash", flat=True
        )
    )
    excluded: Counter[str] = Counter()
    specs = []
    clients = new_clients(survey, cohort.period)
    for client in clients:
        assessment = assess_client(client, survey, today, opted_out, set())
        if assessment.exclusion:
            excluded[assessment.exclusion] += 1
            continue
        attributes = client_attributes(
            law=client.law,
            provision_groups=client.provision_groups,
            age=assessment.age,
            team=client.team.slug if client.team else "",
            district=client.district,
            youth_self_from_age=survey.youth_self_from_age,
        )
        attributes.update(period=cohort.period, deadline=deadline.isoformat())
        specs.append(
            InvitationSpec(attributes, Channel(assessment.channels[0]), client, client.team)
        )
    issued = create_invitations(survey, specs)
    outbox.queue_invitations(survey, [i.invitation for i in issued])
    cohort.clients = len(clients)
    cohort.invited = len(issued)
    cohort.excluded = dict(excluded)
    cohort.save(update_fields=["clients", "invited", "excluded"])


def invite_due_cohorts(today: date | None = None) -> list[Cohort]:
    """For every continuous survey in fieldwork, invite last month if nobody did yet (the
    scheduled job; it runs daily, so last month's cohort goes out on the 1st)."""
    today = today or timezone.localdate()
    period = previous_period(today)
    invited = []
    continuous = FieldworkSettings.objects.filter(
        is_continuous=True, survey__status__in=sorted(ALLOWED[Action.INVITE_COHORT])
    ).select_related("survey__organisation")
    for found in continuous:
        if Cohort.objects.filter(survey=found.survey, period=period).exists():
            continue
        try:
            invited.append(
                invite_cohort(found.survey, period, today=today, actor_label="scheduler")
            )
        except CohortError:
            continue
    return invited
