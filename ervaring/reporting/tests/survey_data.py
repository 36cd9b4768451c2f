"""A Wmo survey with a client list and a few hundred completed responses, for the tests.

Built with the real services (survey from the standard template, invitations with codes)
and bulk-created answers, from a fixed seed: fast enough for a fixture (about two seconds)
and varied enough that some groups are suppressed and some statements pass 20% oneens.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence

from django.conf import settings
from django.utils import timezone

from ervaring.accounts.models import Team
from ervaring.fieldwork import codes
from ervaring.fieldwork.attributes import client_attributes
from ervaring.fieldwork.models import Channel, Client, Message
from ervaring.fieldwork.services import InvitationSpec, create_invitations
from ervaring.questionnaires.models import Survey
from ervaring.questionnaires.services import get_document
from ervaring.questionnaires.tests.factories import SurveyFactory
from ervaring.responses.models import Answer, Response

PROVISIONS = (
    ("huishoudelijke_hulp", 0.45),
    ("begeleiding", 0.25),
    ("hulpmiddelen", 0.30),
    ("woningaanpassing", 0.04),
)
DISTRICTS = ("Noord", "Oost", "Zuid", "West")
YEAR = 2026


def make_survey(
    *,
    clients: int = 600,
    invited: int = 400,
    completed: int = 160,
    seed: int = 7,
    provisions: Sequence[tuple[str, float]] = PROVISIONS,
    one_provision: bool = False,
    districts: Sequence[tuple[str, float]] | None = None,
):
    """The survey (fieldwork open in ``YEAR``) with its client list and responses.

    ``provisions`` are (group, share); with ``one_provision`` every client holds exactly
    one, drawn by share (the groups then do not overlap). ``districts`` are (name, share),
    by default ``DISTRICTS`` equally; each district has its own team.
    """
    return populate(
        SurveyFactory(in_fieldwork=True),
        clients,
        invited,
        completed,
        seed,
        provisions=provisions,
        one_provision=one_provision,
        districts=districts,
    )


def populate(
    survey: Survey,
    clients: int,
    invited: int,
    completed: int,
    seed: int = 7,
    *,
    provisions: Sequence[tuple[str, float]] = PROVISIONS,
    one_provision: bool = False,
    districts: Sequence[tuple[str, float]] | None = None,
) -> Survey:
    """Give a survey in fieldwork a client list, invitations and completed responses."""
    rng = random.Random(seed)
    survey.opens_on, survey.closes_on = dt.date(YEAR, 3, 1), dt.date(YEAR, 4, 15)
    survey.save(update_fields=["opens_on", "closes_on"])
    names = [d for d, _ in districts] if districts else list(DISTRICTS)
    teams = {
        d.lower(): Team.objects.get_or_create(
            organisation=survey.organisation, slug=d.lower(), defaults={"name": f"Wijkteam {d}"}
        )[0]
        for d in names
    }
    population = []
    for number in range(clients):
        if one_provision:
            groups = rng.choices([g for g, _ in provisions], [w for _, w in provisions])
        else:
            groups = [g for g, share in provisions if rng.random() < share] or ["begeleiding"]
        if districts:
            district = rng.choices(names, [w for _, w in districts])[0]
        else:
            district = rng.choice(DISTRICTS)
        population.append(
            Client(
                survey=survey,
                client_ref=f"C{number:05d}",
                law="wmo",
                provision_groups=groups,
                birth_year=YEAR - min(99, max(18, int(rng.gauss(72, 12)))),
                gender=rng.choice(["vrouw", "man"]),
                team=teams[district.lower()],
                district=district,
            )
        )
    population = Client.objects.bulk_create(population, batch_size=1000)
    chosen = rng.sample(population, invited)
    specs = [
        InvitationSpec(
            attributes=client_attributes(
                law="wmo",
                provision_groups=c.provision_groups,
                age=YEAR - c.birth_year,
                team=c.team.slug,
                district=c.district,
                youth_self_from_age=survey.youth_self_from_age,
            ),
            channel=Channel.LETTER if rng.random() < 0.7 else Channel.EMAIL,
            client=c,
            team=c.team,
        )
        for c in chosen
    ]
    issued = create_invitations(survey, specs)
    Message.objects.bulk_create(  # every letter printed and e-mail sent: all were invited
        Message(survey=survey, invitation=i.invitation, channel=i.invitation.channel, status="sent")
        for i in issued
    )
    _answer(rng, survey, issued[:completed])
    return survey


def _answer(rng: random.Random, survey: Survey, issued: list) -> None:
    questionnaire = get_document(survey.current_version)
    # Each question leans its own way, so some statements are clearly weak.
    lean = {q.id: rng.uniform(-1.2, 0.8) for q in questionnaire.questions()}
    lean["wmo_2"] = -1.6  # "Ik werd snel geholpen": a point of attention
    completed_at = timezone.make_aware(dt.datetime(YEAR, 3, 20, 10))
    responses, values = [], []
    for item in issued:
        mood = rng.gauss(0, 0.7)
        answers = {}
        for question in questionnaire.questions():
            if rng.random() < 0.05:
                continue
            if question.type == "agree":
                roll = rng.random()
                if roll < 0.06:
                    answers[question.id] = 9
                elif roll < 0.09:
                    answers[question.id] = 8
                else:
                    score = round(3.7 + lean[question.id] + mood + rng.gauss(0, 0.8))
                    answers[question.id] = max(1, min(5, score))
            elif question.type == "yesno":
                answers[question.id] = (
                    "ja" if rng.random() < 0.45 + lean[question.id] / 4 else "nee"
                )
            elif question.type == "single":
                answers[question.id] = rng.choice(question.options).code
            elif question.type == "multi":
                answers[question.id] = [rng.choice(question.options).code]
            elif question.type == "open":
                answers[question.id] = "Mijn buurman Jan de Vries (06-12345678) helpt mij."
        responses.append(
            Response(
                token=codes.response_token(item.code, settings.CODE_KEY),
                survey=survey,
                version=survey.current_version,
                attributes=item.invitation.attributes,
                channel=item.invitation.channel,
                started_at=completed_at - dt.timedelta(minutes=15),
                completed_at=completed_at,
            )
        )
        values.append(answers)
    Response.objects.bulk_create(responses, batch_size=500)
    Answer.objects.bulk_create(
        [
            Answer(response=r, question_id=qid, value=value)
            for r, answers in zip(responses, values, strict=True)
            for qid, value in answers.items()
        ],
        batch_size=2000,
    )
