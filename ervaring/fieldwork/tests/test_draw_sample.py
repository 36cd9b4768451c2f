"""Who is invited and drawing the sample into invitations (with the database)."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.utils import timezone

from ervaring.accounts.tests.factories import TeamFactory
from ervaring.fieldwork import codes
from ervaring.fieldwork import population_services as population
from ervaring.fieldwork import sample_services as services
from ervaring.fieldwork.models import Invitation, SampleDesign
from ervaring.fieldwork.sampling import StratumRule
from ervaring.fieldwork.tests.population_files import csv_bytes, row
from ervaring.questionnaires.tests.factories import SurveyFactory

pytestmark = pytest.mark.django_db


def make_survey(rows, template: str = "wmo"):
    survey = SurveyFactory(template=template)
    TeamFactory(organisation=survey.organisation, slug="noord", name="Wijkteam Noord")
    result = population.import_population(survey, csv_bytes(rows))
    assert result.is_imported, result.problems
    return survey


def wmo_rows(count: int, provision: str, start: int = 0) -> list[list[str]]:
    return [row(f"{provision[:3]}-{i:04d}", provision) for i in range(start, start + count)]


def test_sample_is_reproducible_from_the_seed_and_differs_for_another_seed():
    rows = wmo_rows(60, "Begeleiding") + wmo_rows(80, "Vervoer")
    request = services.SampleRequest(seed=11, rules={"vervoer": StratumRule.parse("20")})
    survey = make_survey(rows)
    first = [c.client_ref for c, _ in services.plan_sample(survey, request).selected]
    again = [c.client_ref for c, _ in services.plan_sample(survey, request).selected]
    other_request = services.SampleRequest(seed=12, rules=request.rules)
    other = [c.client_ref for c, _ in services.plan_sample(survey, other_request).selected]
    assert first == again and first != other
    assert len(first) == 60 + 20


def test_a_client_in_two_strata_gets_one_invitation_with_both_provisions():
    rows = [row("1001", "Begeleiding"), row("1001", "Vervoer"), row("1002", "Vervoer")]
    survey = make_survey(rows)
    services.draw_sample(survey, services.SampleRequest(seed=1))
    invitation = Invitation.objects.get(client__client_ref="1001")
    assert invitation.attributes["provision_groups"] == ["begeleiding", "vervoer"]
    assert Invitation.objects.filter(survey=survey).count() == 2


def test_drawn_invitations_have_working_codes_attributes_and_the_design_recorded():
    survey = make_survey(wmo_rows(30, "Begeleiding"))
    outcome = services.draw_sample(
        survey,
        services.SampleRequest(seed=5, rules={"begeleiding": StratumRule.parse("10")}),
        actor_label="test",
    )
    assert len(outcome.issued) == 10
    issued = outcome.issued[0]
    stored = Invitation.objects.get(pk=issued.invitation.pk)
    assert stored.code_hash == codes.code_hash(issued.code, settings.CODE_KEY)
    assert codes.decrypt_code(stored.code_encrypted, settings.CODE_KEY) == issued.code
    assert stored.channel == "brief"  # only an address in the file
    assert stored.team.slug == "noord" and stored.attributes["team"] == "noord"
    assert stored.attributes["respondent_role"] == "client"
    design = SampleDesign.objects.get(survey=survey)
    assert (design.seed, design.stratify_by, design.invited) == (5, "provision_groups", 10)
    assert design.strata[0]["stratum"] == "begeleiding"
    assert (design.strata[0]["frame"], design.strata[0]["drawn"]) == (30, 10)
    assert design.strata[0]["rule"] == "10 personen"


def test_parents_answer_below_the_survey_age_and_young_people_from_it():
    today = timezone.localdate()
    fifteen = today.replace(year=today.year - 16) + timedelta(days=1)  # turns 16 tomorrow
    sixteen = today.replace(year=today.year - 16)  # turns 16 today
    rows = [
        row("J1", "Ambulante jeugdhulp", law="Jeugd", born=fifteen.strftime("%d-%m-%Y"),
            email="jongere1@example.org", parent_email="ouder1@example.org"),
        row("J2", "Ambulante jeugdhulp", law="Jeugd", born=sixteen.strftime("%d-%m-%Y"),
            street="", email="jongere2@example.org", parent_email="ouder2@example.org"),
    ]  # fmt: skip
    survey = make_survey(rows, template="jeugd")
    plan = services.plan_sample(survey, services.SampleRequest(seed=1))
    people = {client.client_ref: a for client, a in plan.selected}
    assert (people["J1"].role, people["J1"].age, people["J1"].contact.email) == (
        "ouder", 15, "ouder1@example.org"
    )  # fmt: skip
    assert (people["J2"].role, people["J2"].age, people["J2"].contact.email) == (
        "jongere", 16, "jongere2@example.org"
    )  # fmt: skip


def test_opted_out_recent_and_unreachable_clients_are_counted_not_invited():
    rows = [
        row("1", "Begeleiding"),
        row("2", "Begeleiding"),  # objected
        row("3", "Begeleiding"),  # invited for last year's survey
        row("4", "Begeleiding", street="", email="", mobile=""),  # no channel at all
    ]
    survey = make_survey(rows)
    population.record_opt_outs(survey.organisation, ["2"])
    earlier = SurveyFactory(organisation=survey.organisation)
    population.import_population(earlier, csv_bytes([row("3", "Begeleiding")]))
    services.draw_sample(earlier, services.SampleRequest(seed=1))
    request = services.SampleRequest(seed=1, exclude_invited_months=12)
    plan = services.plan_sample(survey, request)
    assert [c.client_ref for c, _ in plan.selected] == ["1"]
    assert dict(plan.excluded) == {"opted_out": 1, "recently_invited": 1, "no_channel": 1}
    (line,) = plan.lines
    assert (line.population, line.design.frame) == (4, 1)
    assert line.exclusions_labelled == [
        ("bezwaar (opt-out)", 1),
        ("kortgeleden al uitgenodigd", 1),
        ("geen adres, e-mail of mobiel nummer", 1),
    ]
    without_recent = services.plan_sample(survey, services.SampleRequest(seed=1))
    assert [c.client_ref for c, _ in without_recent.selected] == ["1", "3"]


def test_draw_sample_command_is_a_census_by_default_and_refuses_a_second_draw():
    survey = make_survey(wmo_rows(4, "Begeleiding") + wmo_rows(3, "Vervoer"))
    out = StringIO()
    call_command("draw_sample", "--survey", survey.slug, "--seed", "9", stdout=out)
    assert out.getvalue().splitlines()[-1] == "invited 7 clients (seed 9)"
    with pytest.raises(CommandError, match="al mensen uitgenodigd"):
        call_command("draw_sample", "--survey", survey.slug, "--seed", "9", stdout=StringIO())


def test_draw_sample_command_reads_stratum_rules_and_shows_the_design():
    survey = make_survey(wmo_rows(40, "Begeleiding") + wmo_rows(10, "Vervoer"))
    out = StringIO()
    call_command(
        "draw_sample", "--survey", survey.slug, "--seed", "3", "--stratum", "begeleiding=0.5",
        "--stratum", "vervoer=all", "--dry-run", stdout=out,
    )  # fmt: skip
    lines = out.getvalue().splitlines()
    assert lines[-1] == "would invite 30 clients (seed 3)"
    # 20 invited x 30% = 6 respondents of N = 40:
    # 1.96 * sqrt(0.25 / 6 * (40 - 6) / 39) = 1.96 * 0.19059 = 0.3736 -> 37.4 points
    assert lines[2].split() == ["begeleiding", "50%", "40", "20", "20", "37.4"]
    assert not Invitation.objects.exists()
    with pytest.raises(CommandError, match="bestaan niet"):
        call_command(
            "draw_sample", "--survey", survey.slug, "--seed", "3",
            "--stratum", "huishoudelijke_hulp=10", "--dry-run", stdout=StringIO(),
        )  # fmt: skip


def test_stratifying_by_another_column_uses_its_values():
    rows = [row("1", district="Noord"), row("2", district="Zuid"), row("3", district="")]
    survey = make_survey(rows)
    plan = services.plan_sample(survey, services.SampleRequest(seed=1, stratify_by="district"))
    assert [line.stratum for line in plan.lines] == ["Noord", "Zuid", "onbekend"]


def test_months_before_keeps_the_day_or_takes_the_last_of_the_month():
    assert services.months_before(date(2026, 3, 31), 1) == date(2026, 2, 28)
    assert services.months_before(date(2026, 1, 15), 12) == date(2025, 1, 15)
