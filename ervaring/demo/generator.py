"""The synthetic demo municipality "Gemeente Voorbeeld".

Everything here is generated from a fixed seed: no real person's data. It builds the
organisation with five wijkteams, one staff account per role, a Wmo population of about 6,000
clients over five provision groups and a Jeugd population of 1,500, a Wmo survey in fieldwork
with letter invitations and a few hundred completed responses (answered by walking the real
routing), and a Jeugd survey in preparation.
"""

import io
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ervaring.accounts.models import Organisation, Role, SecondFactorPolicy, Staff, Team
from ervaring.accounts.services import create_staff
from ervaring.analysis import codebook_services, coding
from ervaring.analysis.complaint_services import save_complaints
from ervaring.analysis.complaints import ComplaintRow
from ervaring.analysis.models import (
    CoderRole,
    ComplaintSource,
    Quote,
    SecondSample,
    TrendResult,
    TrendSource,
)
from ervaring.api import keys as api_keys
from ervaring.api.models import ApiKey, Scope
from ervaring.demo.interviews import TRANSCRIPTS, seed_interviews
from ervaring.fieldwork import codes
from ervaring.fieldwork import progress as fieldwork_progress
from ervaring.fieldwork.attributes import client_attributes
from ervaring.fieldwork.models import Channel, Client, ContactDetails
from ervaring.fieldwork.printing import print_letters
from ervaring.fieldwork.services import (
    InvitationSpec,
    IssuedInvitation,
    create_invitations,
    find_unused_codes,
)
from ervaring.questionnaires import routing
from ervaring.questionnaires.answers import Answer as PageAnswer
from ervaring.questionnaires.document import Question, Questionnaire
from ervaring.questionnaires.models import Survey, SurveyStatus
from ervaring.questionnaires.services import (
    create_survey_from_template,
    get_document,
    start_fieldwork,
)
from ervaring.reporting.models import NationalFigure, RegistrationIndicator
from ervaring.reporting.national_services import import_national
from ervaring.reporting.registration_services import import_registration
from ervaring.responses import open_texts, scrubbing_runs
from ervaring.responses.models import Answer, OpenText, Response

ORGANISATION_SLUG = "voorbeeld"
DEMO_PASSWORD = "voorbeeld-demo"  # noqa: S105 - a local demo; printed for the newcomer.
# The demo's API key, fixed like its password so that it is printed on every run and the
# walk-through in docs/api.md works as written. It opens the demo organisation only.
DEMO_API_KEY = "erv_voorbeld_alleen-voor-de-demo-gemeente-voorbeeld"
DISTRICTS = ("Noord", "Oost", "Zuid", "West", "Centrum")
WMO_PROVISIONS = (
    ("huishoudelijke_hulp", 0.45),
    ("begeleiding", 0.25),
    ("hulpmiddelen", 0.30),
    ("woningaanpassing", 0.08),
    ("vervoer", 0.22),
)
JEUGD_PROVISIONS = (
    ("ambulante_jeugdhulp", 0.6),
    ("jeugd_ggz", 0.25),
    ("verblijf", 0.08),
    ("jeugdbescherming", 0.1),
)
STAFF = (
    ("beheerder", Role.BEHEERDER, None, "Bea", "Beheer"),
    ("onderzoeker", Role.ONDERZOEKER, None, "Olaf", "Onderzoek"),
    ("teamleider", Role.TEAMLEIDER, "noord", "Tamara", "Teamleider"),
    ("professional", Role.PROFESSIONAL, "noord", "Pieter", "Wijkcoach"),
    ("invoerder", Role.INVOERDER, None, "Ingrid", "Invoer"),
)
# Synthetic contact data: invented names and streets in an invented town; example.org
# addresses and mobile numbers from a range that is never issued.
FIRST_NAMES = ("Anna", "Bram", "Cor", "Dina", "Emre", "Fatima", "Gerrit", "Hanna", "Ilse", "Joost")
LAST_NAMES = ("de Vries", "Jansen", "Bakker", "Yilmaz", "Visser", "Smit", "Meijer", "El Amrani")
STREETS = ("Dorpsstraat", "Kerkweg", "Molenlaan", "Schoolstraat", "Beukenhof", "Havenkade")
# Open answers with the themes a researcher gave them (the demo codes about four in five);
# two hold what the scrubber takes out, so the demo shows [NAAM] and [TELEFOON].
OPEN_GOOD = (
    ("De hulp is altijd vriendelijk en op tijd.", ("bejegening-plus", "wachttijd-plus")),
    ("Ik kan weer zelf boodschappen doen.", ("effect-plus",)),
    ("Mevrouw Jansen van het wijkteam luisterde echt naar mij.", ("bejegening-plus",)),
    ("Snel geregeld, daar ben ik blij mee.", ("wachttijd-plus",)),
    ("De scootmobiel geeft mij veel vrijheid.", ("hulpmiddelen-plus", "effect-plus")),
)
OPEN_BETTER = (
    ("Er komt steeds een andere hulp, dat is onrustig.", ("continuiteit-klus",)),
    ("Het duurde lang voordat ik iets hoorde.", ("wachttijd-klus", "informatie-klus")),
    ("De taxi is vaak te laat.", ("hulpmiddelen-klus",)),
    ("Meer uitleg over wat ik kan verwachten. Bel me op 06-12345678.", ("informatie-klus",)),
    ("Bereikbaarheid van de gemeente kan beter.", ("toegang-klus",)),
)
#: Share of completed open answers the demo's onderzoeker has coded, and the second
#: coder's sample (with a few differences, so the kappa and the list of differences show).
CODED_SHARE = 0.8
SECOND_SAMPLE = 20


#: Earlier years whose figures the demo has "typed in from old reports", so a newcomer sees
#: trend tables, a comparison in the raadsbrief and significant changes.
EARLIER_YEARS = (2024, 2025)
#: Points by which the earlier years of two statements differ from this year's level: one
#: clearly higher then (a significant decline now), one clearly lower (a significant rise).
SHIFTS = (10.0, -10.0)


@dataclass
class DemoSummary:
    organisation: Organisation
    wmo_survey: Survey
    jeugd_survey: Survey
    created: bool
    unused_codes: list[str]
    api_key: ApiKey
    # A client of the Wmo survey with a mobile number who has no invitation yet (for the
    # API walk-through), or '' when every such client has one.
    uninvited_client: str


def seed_demo(
    *,
    wmo_clients: int = 6000,
    jeugd_clients: int = 1500,
    invited: int = 2000,
    completed: int = 400,
    partial: int = 40,
    seed: int = 2026,
    progress: Callable[[str], None] = lambda _: None,
) -> DemoSummary:
    """Create the demo municipality unless it exists; either way return its summary."""
    existing = Organisation.objects.filter(slug=ORGANISATION_SLUG).first()
    if existing is not None:
        wmo = existing.surveys.get(template_key="wmo")
        jeugd = existing.surveys.get(template_key="jeugd")
        return _summary(existing, wmo, jeugd, created=False)
    rng = random.Random(seed)
    with transaction.atomic():
        organisation = Organisation.objects.create(
            slug=ORGANISATION_SLUG,
            name="Gemeente Voorbeeld",
            contact_phone="14 0123",
            opening_hours="ma-vr 9.00-17.00",
            contact_email="onderzoek@voorbeeld.example",
            return_address="Gemeente Voorbeeld, Postbus 100, 9999 ZZ Voorbeeld",
            signatory_name="M. de Groot",
            signatory_role="Projectleider cliëntervaringsonderzoek",
            # The demo logs in with a password only, so that a newcomer needs no phone; a
            # real organisation requires a second factor for beheerders and onderzoekers.
            second_factor_policy=SecondFactorPolicy.OPTIONAL,
            benchmark_opt_in=True,
        )
        teams = {
            d.lower(): Team.objects.create(
                organisation=organisation, slug=d.lower(), name=f"Wijkteam {d}"
            )
            for d in DISTRICTS
        }
        for username, role, team, first, last in STAFF:
            create_staff(
                organisation,
                username,
                DEMO_PASSWORD,
                role,
                teams.get(team) if team else None,
                first_name=first,
                last_name=last,
            )
        progress("organisatie, wijkteams en medewerkers aangemaakt")
        wmo = create_survey_from_template(
            organisation, "wmo", "Cliëntervaringsonderzoek Wmo 2026", actor_label="demo"
        )
        jeugd = create_survey_from_template(
            organisation, "jeugd", "Cliëntervaringsonderzoek Jeugd 2026", actor_label="demo"
        )
        wmo_population = _make_clients(rng, wmo, teams, wmo_clients, "wmo", WMO_PROVISIONS)
        _make_clients(rng, jeugd, teams, jeugd_clients, "jeugd", JEUGD_PROVISIONS)
        progress(f"populatie: {wmo_clients} Wmo-cliënten en {jeugd_clients} Jeugd-cliënten")
        wmo = start_fieldwork(wmo)
        issued = _invite(rng, wmo, wmo_population, invited)
        # The letters go out through the real print run (then the outbox shows them as sent).
        print_letters(wmo, io.BytesIO(), actor_label="demo")
        progress(f"{len(issued)} uitnodigingen per brief met een persoonlijke code, gedrukt")
        _answer(rng, wmo, issued[:completed], complete=True)
        _answer(rng, wmo, issued[completed : completed + partial], complete=False)
        progress(f"{completed} ingevulde en {partial} half ingevulde vragenlijsten")
        coded = _code_open_answers(rng, wmo)
        progress(f"open antwoorden opgeschoond; {coded} gecodeerd, met een tweede codeur")
        fragments = seed_interviews(wmo)
        progress(f"interviewronde: {len(TRANSCRIPTS)} interviews, {fragments} fragmenten gecodeerd")
        earlier = _earlier_years(rng, wmo, wmo_clients)
        progress(f"uitkomsten van {' en '.join(map(str, EARLIER_YEARS))}: {earlier} cijfers")
        _neighbours(rng, organisation)
        progress(f"{len(NEIGHBOURS)} andere gemeenten in de vergelijking, met hun Wmo-cijfers")
        figures = _registration_figures(rng, organisation)
        progress(
            f"kwartaalmonitor: {figures} registratiecijfers over {len(DEMO_QUARTERS)} kwartalen"
        )
        _complaints(organisation)
        progress(f"klachten van {len(COMPLAINTS)} jaar per aanbieder, Wmo en Jeugd")
        if _national_figures():
            progress(f"synthetische landelijke Wmo-cijfers over {' en '.join(NATIONAL_YEARS)}")
    fieldwork_progress.record_progress(wmo)  # what the worker would do within minutes
    return _summary(organisation, wmo, jeugd, created=True)


#: The quarters of the demo's registration figures: two years up to the survey's autumn.
DEMO_QUARTERS = tuple(f"{y}-K{q}" for y in (2024, 2025, 2026) for q in (1, 2, 3, 4))[3:11]
#: (column in the demo's export, indicator, unit, law, level, change per quarter).
DEMO_INDICATORS = (
    ("Aanvragen", "Nieuwe aanvragen Wmo", "aantal", "wmo", 420, 6),
    ("Clienten", "Cliënten met een Wmo-voorziening", "aantal", "wmo", 3900, 25),
    ("Tijdig", "Beslissingen binnen de wettelijke termijn", "percentage", "wmo", 82, 1.2),
    ("Wachttijd", "Gemiddelde wachttijd tot besluit", "dagen", "wmo", 41, -1.5),
    ("Bezwaren", "Bezwaren", "aantal", "", 14, 0),
    ("Klachten", "Klachten", "aantal", "", 9, 0),
    ("Jeugd", "Nieuwe jeugdhulptrajecten", "aantal", "jeugd", 160, 3),
)


def _registration_figures(rng: random.Random, organisation: Organisation) -> int:
    """Eight quarters of registration figures, imported through the real import (so the
    column mapping is saved too), with "binnen de termijn" paired with "snel geholpen"."""
    header = ["Kwartaal", *(column for column, *_ in DEMO_INDICATORS)]
    lines = [";".join(header)]
    for step, quarter in enumerate(DEMO_QUARTERS):
        cells = [quarter]
        for _, _, unit, _, level, change in DEMO_INDICATORS:
            value = level + change * step + rng.uniform(-0.04, 0.04) * level
            value = min(value, 99.0) if unit == "percentage" else value
            cells.append(
                str(round(value)) if unit == "aantal" else f"{value:.1f}".replace(".", ",")
            )
        lines.append(";".join(cells))
    mapping = {
        "layout": "wide",
        "quarter": "Kwartaal",
        "columns": {
            column: {"name": name, "unit": unit, "law": law}
            for column, name, unit, law, *_ in DEMO_INDICATORS
        },
    }
    result = import_registration(organisation, "\n".join(lines).encode("utf-8"), mapping)
    RegistrationIndicator.objects.filter(
        organisation=organisation, name="Beslissingen binnen de wettelijke termijn"
    ).update(experience_question="wmo-2")
    return result.values


#: The years of the demo's synthetic national Wmo figures (the report of 2026 shows 2025's).
NATIONAL_YEARS = ("2024", "2025")
#: Says on every printed national figure of the demo that it is made up.
NATIONAL_SOURCE = "Synthetische voorbeeldcijfers (demo), niet de echte Monitor Sociaal Domein"


def national_file() -> str:
    """A small national file as the monitor's table would be imported, with made-up
    figures in an obvious pattern (70,0 plus half a point per question number, one point
    more the later year), so nobody mistakes them for published ones."""
    lines = ["jaar;wet;vraag;percentage eens;n"]
    for offset, year in enumerate(NATIONAL_YEARS):
        for number in range(1, 11):
            pct = f"{70 + number * 0.5 + offset:.1f}".replace(".", ",")
            lines.append(f"{year};wmo;wmo-{number};{pct};{10000 + offset * 500}")
    return "\n".join(lines)


def _national_figures() -> bool:
    """Import :func:`national_file` through the real import, unless the installation already
    has Wmo figures for those years (the demo never overwrites imported national figures)."""
    if NationalFigure.objects.filter(law="wmo", year__in=map(int, NATIONAL_YEARS)).exists():
        return False
    import_national(
        national_file().encode("utf-8"), source_text=NATIONAL_SOURCE, actor_label="demo"
    )
    return True


def _summary(
    organisation: Organisation, wmo: Survey, jeugd: Survey, *, created: bool
) -> DemoSummary:
    uninvited = (
        Client.objects.filter(survey=wmo, invitations__isnull=True)
        .exclude(contact__mobile="")
        .order_by("client_ref")
        .values_list("client_ref", flat=True)
        .first()
    )
    return DemoSummary(
        organisation,
        wmo,
        jeugd,
        created,
        find_unused_codes(wmo, 6),
        _demo_api_key(organisation),
        uninvited or "",
    )


def _demo_api_key(organisation: Organisation) -> ApiKey:
    """The demo's key, made on the first run; a beheerder who revoked it keeps it revoked."""
    existing = ApiKey.objects.filter(prefix=api_keys.prefix_of(DEMO_API_KEY)).first()
    if existing is not None:
        return existing
    return api_keys.create_key(
        organisation,
        "Demo-zaaksysteem",
        [Scope.INVITE, Scope.POPULATION, Scope.RESULTS],
        actor=None,
        actor_label="demo",
        secret=DEMO_API_KEY,
    ).api_key


def _make_clients(
    rng: random.Random,
    survey: Survey,
    teams: dict[str, Team],
    count: int,
    law: str,
    provisions: Sequence[tuple[str, float]],
) -> list[Client]:
    year = timezone.now().year
    clients = []
    for number in range(1, count + 1):
        groups = [name for name, share in provisions if rng.random() < share]
        if not groups:
            groups = [rng.choices([p[0] for p in provisions], [p[1] for p in provisions])[0]]
        age = min(100, max(18, int(rng.gauss(72, 14)))) if law == "wmo" else rng.randint(0, 22)
        district = rng.choice(DISTRICTS)
        clients.append(
            Client(
                survey=survey,
                client_ref=f"{law.upper()}-{number:06d}",
                law=law,
                provision_groups=groups,
                birth_year=year - age,
                gender=rng.choices(["vrouw", "man", "anders"], [0.58, 0.41, 0.01])[0],
                team=teams[district.lower()],
                district=district,
            )
        )
    created = Client.objects.bulk_create(clients, batch_size=1000)
    ContactDetails.objects.bulk_create(
        [_contact(rng, client) for client in created], batch_size=1000
    )
    return created


def _contact(rng: random.Random, client: Client) -> ContactDetails:
    """Invented contact data; for youth care the letter goes to a parent or carer."""
    name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
    address = {
        "street": rng.choice(STREETS),
        "house_number": str(rng.randint(1, 180)),
        "postcode": f"{rng.randint(9900, 9999)} {rng.choice('ABCDEFGHJKLMNPRSTV')}"
        f"{rng.choice('ABCDEFGHJKLMNPRSTV')}",
        "town": "Voorbeeld",
    }
    email = f"{name.lower().replace(' ', '.')}.{client.pk}@example.org"
    mobile = f"+31612{rng.randint(0, 999999):06d}"
    if client.law == "jeugd":
        return ContactDetails(
            client=client,
            name=name,
            parent_name=f"{rng.choice(FIRST_NAMES)} {name.split(' ', 1)[1]}",
            **{f"parent_{key}": value for key, value in address.items()},
            parent_email=email if rng.random() < 0.5 else "",
            parent_mobile=mobile if rng.random() < 0.6 else "",
        )
    return ContactDetails(
        client=client,
        name=name,
        **address,
        email=email if rng.random() < 0.35 else "",
        mobile=mobile if rng.random() < 0.45 else "",
    )


def _invite(
    rng: random.Random, survey: Survey, population: list[Client], count: int
) -> list[IssuedInvitation]:
    """Invite a random part of the population through the fieldwork service (codes are
    really random there: they must never be predictable, not even in a demo)."""
    year = timezone.now().year
    chosen = rng.sample(population, min(count, len(population)))
    specs = [
        InvitationSpec(
            attributes=client_attributes(
                law=client.law,
                provision_groups=client.provision_groups,
                age=year - client.birth_year if client.birth_year else None,
                team=client.team.slug if client.team else "",
                district=client.district,
                youth_self_from_age=survey.youth_self_from_age,
            ),
            channel=Channel.LETTER,
            client=client,
            team=client.team,
        )
        for client in chosen
    ]
    return create_invitations(survey, specs)


def _answer(
    rng: random.Random, survey: Survey, invitations: list[IssuedInvitation], complete: bool
) -> None:
    questionnaire = get_document(survey.current_version)
    now = timezone.now()
    leans = {q.id: rng.gauss(0.4, 0.5) for q in questionnaire.questions()}
    responses, answers_per_response = [], []
    for issued in invitations:
        attributes = issued.invitation.attributes
        mood = rng.gauss(0, 0.8)
        values, pages = _walk(rng, questionnaire, attributes, leans, mood, complete)
        started = now - timedelta(days=rng.uniform(0, 20), minutes=rng.uniform(0, 600))
        responses.append(
            Response(
                token=codes.response_token(issued.code, settings.CODE_KEY),
                survey=survey,
                version=survey.current_version,
                attributes=attributes,
                channel=issued.invitation.channel,
                current_page="" if complete else pages[-1],
                started_at=started,
                completed_at=started + timedelta(minutes=rng.uniform(4, 25)) if complete else None,
            )
        )
        answers_per_response.append(values)
    Response.objects.bulk_create(responses, batch_size=500)
    # Free text goes where a respondent's goes: encrypted into OpenText, scrubbed later.
    kept, texts = [], []
    for response, values in zip(responses, answers_per_response, strict=True):
        given = {qid: PageAnswer(value, other) for qid, (value, other) in values.items()}
        answers, free = open_texts.split_free_text(questionnaire, given)
        kept += [
            Answer(response=response, question_id=q, value=a.value) for q, a in answers.items()
        ]
        texts += [open_texts.new_open_text(response, q, k, t) for (q, k), t in free.items()]
    Answer.objects.bulk_create(kept, batch_size=2000)
    OpenText.objects.bulk_create(texts, batch_size=1000)
    # Progress reaches the invitations the way a respondent's does: a note under the token,
    # recorded by the worker among decoys (see fieldwork.progress), never a direct update.
    fieldwork_progress.note_progress_batch(
        survey.pk, [r.token for r in responses], is_completed=False
    )
    if complete:
        fieldwork_progress.note_progress_batch(
            survey.pk, [r.token for r in responses], is_completed=True
        )


def _code_open_answers(rng: random.Random, survey: Survey) -> int:
    """Scrub the open answers, then code most of them as a researcher would, choose quotes
    and let a second coder code a sample, with two differences left to settle."""
    scrubbing_runs.scrub_survey(survey)
    codebook_services.ensure_codebook(survey)
    researcher = Staff.objects.get(username="onderzoeker")
    second = Staff.objects.get(username="beheerder")
    themes = {text: keys for text, keys in (*OPEN_GOOD, *OPEN_BETTER)}
    coded = 0
    for question in coding.free_text_questions(survey):
        rows = list(coding.texts_of(survey, question))
        for row in rows:
            keys = themes.get(open_texts.decrypt(row) or "")
            if keys is None or rng.random() > CODED_SHARE:
                continue
            coding.save_codes(row, CoderRole.FIRST, keys, coder=researcher, record=False)
            coded += 1
        done = [r for r in rows if r.codings.exists()]
        for row in rng.sample(done, min(3, len(done))):
            Quote.objects.create(open_text=row, chosen_by=researcher)
        for number, row in enumerate(rng.sample(done, min(SECOND_SAMPLE, len(done)))):
            SecondSample.objects.create(open_text=row)
            keys = set(coding.codes_of(row, CoderRole.FIRST) or ())
            if number < 2:  # two honest differences of opinion
                keys = {"overig"} if keys else {"bejegening-plus"}
            coding.save_codes(row, CoderRole.SECOND, keys, coder=second, record=False)
    return coded


def _earlier_years(rng: random.Random, survey: Survey, population: int) -> int:
    """The standard statements' % eens in earlier years, near this year's level.

    Figures an organisation types in from its old reports (source "rapport"): this year's
    unweighted % eens of the completed answers plus a small drift per year back, and two
    statements shifted by :data:`SHIFTS` so the demo shows a decline and a rise.
    """
    questionnaire = get_document(survey.current_version)
    standard = {
        q.id: q.standard
        for q in questionnaire.questions()
        if q.standard and q.type in {"agree", "satisfaction"}
    }
    counts: dict[str, list[int]] = {qid: [0, 0] for qid in standard}
    answers = Answer.objects.filter(
        response__survey=survey, response__completed_at__isnull=False, question_id__in=standard
    ).values_list("question_id", "value")
    for qid, value in answers:
        if isinstance(value, int) and 1 <= value <= 5:
            counts[qid][0] += value >= 4
            counts[qid][1] += 1
    answered = sorted(qid for qid, (_, n) in counts.items() if n >= 100)
    shifts = dict(zip(answered, SHIFTS, strict=False))
    rows = []
    for qid in answered:
        agree, n = counts[qid]
        level = 100 * agree / n
        for back, year in enumerate(sorted(EARLIER_YEARS, reverse=True), start=1):
            pct = level + shifts.get(qid, 0.0) + rng.gauss(0, 1.5) * back
            rows.append(
                TrendResult(
                    organisation=survey.organisation,
                    law=survey.law,
                    year=year,
                    question=standard[qid],
                    pct_agree=round(min(98.0, max(2.0, pct)), 1),
                    n=round(n * rng.uniform(0.85, 1.15)),
                    population=population,
                    source=TrendSource.REPORT,
                )
            )
    TrendResult.objects.bulk_create(rows)
    return len(rows)


#: Other municipalities in the demo installation that take part in the comparison and
#: reported their Wmo survey of each of :data:`EARLIER_YEARS` in the spring after it, before
#: that year's cut-off (1 July): so the demo report, made before 2026's comparison is
#: fixed, shows the latest fixed year's average ("gemiddelde over 2025 van 6 gemeenten").
NEIGHBOURS = (
    ("noorderveld", "Gemeente Noorderveld"),
    ("oosterhoek", "Gemeente Oosterhoek"),
    ("zuidwaard", "Gemeente Zuidwaard"),
    ("westdam", "Gemeente Westdam"),
    ("middenmeer", "Gemeente Middenmeer"),
    ("heuvelrijk", "Gemeente Heuvelrijk"),
)


def _neighbours(rng: random.Random, organisation: Organisation) -> None:
    """The :data:`NEIGHBOURS` with a reported Wmo survey per earlier year and its published
    % eens per standard statement, scattered around the demo municipality's own figure.

    They have no staff (nobody logs in as them): they are there to be averaged.
    """
    own = TrendResult.objects.filter(organisation=organisation, law="wmo")
    rows = []
    for slug, name in NEIGHBOURS:
        neighbour = Organisation.objects.create(slug=slug, name=name, benchmark_opt_in=True)
        for year in EARLIER_YEARS:
            survey = create_survey_from_template(
                neighbour, "wmo", f"Cliëntervaringsonderzoek Wmo {year}", actor_label="demo"
            )
            reported = timezone.make_aware(
                datetime(year + 1, rng.randint(2, 5), rng.randint(1, 28), 12)
            )
            Survey.objects.filter(pk=survey.pk).update(
                status=SurveyStatus.REPORTED,
                opens_on=date(year, 3, 1),
                reported_at=reported,
            )
        rows += [
            TrendResult(
                organisation=neighbour,
                law="wmo",
                year=figure.year,
                question=figure.question,
                pct_agree=round(min(98.0, max(2.0, figure.pct_agree + rng.gauss(0, 6))), 1),
                n=rng.randint(150, 600),
                source=TrendSource.DATASET,
            )
            for figure in own
        ]
    TrendResult.objects.bulk_create(rows)


#: Complaints per year, law and provider: (unique clients, {subject: clients}). In the
#: last year two Wmo providers reach the threshold of 10 and two stay under it (together
#: 10, so the report names both large ones); youth providers all stay under it, so the
#: report gives only the total, its main subjects and the range "tussen de 4 en 7".
COMPLAINTS = {
    2023: {
        "wmo": {
            "Zorggroep Het Baken": (8, {"bejegening": 4, "uitvoering": 3, "wachttijd": 2}),
            "Thuiszorg De Linde": (6, {"uitvoering": 5, "communicatie": 2}),
            "Regiotaxi Voorbeeld": (5, {"uitvoering": 4, "bejegening": 1}),
        },
        "jeugd": {
            "Jeugdhulp Kompas": (3, {"bejegening": 2, "beslissing": 1}),
            "Gezinshuis De Wilg": (1, {"uitvoering": 1}),
        },
    },
    2024: {
        "wmo": {
            "Zorggroep Het Baken": (11, {"bejegening": 6, "uitvoering": 4, "wachttijd": 3}),
            "Thuiszorg De Linde": (9, {"uitvoering": 6, "communicatie": 4}),
            "Regiotaxi Voorbeeld": (4, {"uitvoering": 4}),
        },
        "jeugd": {
            "Jeugdhulp Kompas": (4, {"bejegening": 2, "uitvoering": 2}),
            "Gezinshuis De Wilg": (3, {"beslissing": 2, "bejegening": 1}),
        },
    },
    2025: {
        "wmo": {
            "Zorggroep Het Baken": (14, {"bejegening": 7, "uitvoering": 5, "wachttijd": 4}),
            "Thuiszorg De Linde": (11, {"uitvoering": 7, "communicatie": 3, "bejegening": 2}),
            "Regiotaxi Voorbeeld": (6, {"uitvoering": 5, "communicatie": 1}),
            "Begeleiding Samen": (4, {"bejegening": 2, "beslissing": 2}),
        },
        "jeugd": {
            "Jeugdhulp Kompas": (3, {"bejegening": 2, "beslissing": 1}),
            "Gezinshuis De Wilg": (2, {"uitvoering": 2}),
            "Jeugd-GGZ Horizon": (1, {"wachttijd": 1}),
        },
    },
}


def _complaints(organisation: Organisation) -> None:
    """Three years of the complaint body's figures, through the page's own write path."""
    for law in ("wmo", "jeugd"):
        rows = [
            ComplaintRow(number, year, provider, clients, subjects)
            for year, laws in COMPLAINTS.items()
            for number, (provider, (clients, subjects)) in enumerate(laws[law].items(), start=2)
        ]
        save_complaints(organisation, law, ComplaintSource.BODY, rows, actor=None)


def _walk(
    rng: random.Random,
    questionnaire: Questionnaire,
    attributes: dict,
    leans: dict[str, float],
    mood: float,
    complete: bool,
) -> tuple[dict[str, tuple[object, str]], list[str]]:
    """Answer page by page as a respondent would, following the routing."""
    values: dict[str, tuple[object, str]] = {}
    visited: list[str] = []
    stop_after = None if complete else rng.randint(1, 4)
    while True:
        plain = {qid: value for qid, (value, _) in values.items()}
        pages = routing.visible_themes(questionnaire, attributes, plain)
        if len(visited) >= len(pages) or (stop_after and len(visited) >= stop_after):
            return values, visited
        theme = pages[len(visited)]
        for question in routing.visible_questions(theme, attributes, plain):
            answer = _random_answer(rng, question, leans.get(question.id, 0) + mood)
            if answer is not None:
                values[question.id] = answer
        visited.append(theme.id)


def _random_answer(
    rng: random.Random, question: Question, lean: float
) -> tuple[object, str] | None:
    """A plausible answer: most clients are positive, some are not, a few skip."""
    if rng.random() < 0.04:
        return None
    if question.type in {"agree", "satisfaction"}:
        if question.extras and rng.random() < 0.07:
            return rng.choice(question.extras), ""
        score = round(3.6 + lean + rng.gauss(0, 0.9))
        return max(1, min(5, score)), ""
    if question.type == "yesno":
        return ("ja" if rng.random() < 0.6 + lean / 5 else "nee"), ""
    if question.type in {"single", "multi"}:
        picked = rng.sample(question.options, 1 if question.type == "single" else rng.randint(1, 2))
        other = "iemand van de thuiszorg" if any(o.other for o in picked) else ""
        codes_ = [o.code for o in question.options if o in picked]
        return (codes_[0] if question.type == "single" else codes_), other
    if question.type == "open":
        if rng.random() < 0.45:
            return None
        pool = OPEN_GOOD if "goed" in question.id else OPEN_BETTER
        return rng.choice(pool)[0], ""
    if question.type == "number":
        low = int(question.min if question.min is not None else 0)
        high = int(question.max if question.max is not None else low + 20)
        return rng.randint(low, high), ""
    return None


def staff_logins() -> list[tuple[str, str]]:
    return [(username, role.label) for username, role, *_ in STAFF]
