"""The demo's interview round: ten short synthetic transcripts, scrubbed and coded.

Written the way clients talk (no capitals, dialect, half sentences); every name, street
and number is invented (06-12345678 is never issued; Molenlaan is a demo street, so the
population's streets make it [ADRES]; Pieter is the demo's wijkcoach, so the staff list
makes him [NAAM]). Each participant turn carries the codes the demo's onderzoeker gave it.
The transcripts go through the real upload, scrubber and coding verbs.
"""

import datetime as dt

from ervaring.accounts.models import Staff, Team
from ervaring.analysis import interview_runs, interviews
from ervaring.analysis.models import InterviewFragment
from ervaring.questionnaires.models import Survey

#: (day in March 2026, provision group, team slug, turns); a turn is (is_interviewer,
#: text, code keys). Participant turns are coded in order.
TRANSCRIPTS: tuple[tuple[int, str, str, tuple[tuple[bool, str, tuple[str, ...]], ...]], ...] = (
    (
        2,
        "huishoudelijke_hulp",
        "noord",
        (
            (True, "Hoe kwam u bij het wijkteam terecht?", ()),
            (
                False,
                "via mijn dochter eigenlijk, zij heeft gebeld. ik wist zelf niet waar "
                "ik moest zijn",
                ("toegang-klus",),
            ),
            (True, "En hoe was het gesprek?", ()),
            (
                False,
                "die Pieter was heel aardig hoor, hij nam echt de tijd en luisterde",
                ("bejegening-plus",),
            ),
            (True, "Wat is er nu anders?", ()),
            (
                False,
                "het huis is weer schoon en ik heb minder zorgen. alleen er komt "
                "steeds een ander meisje",
                ("effect-plus", "continuiteit-klus"),
            ),
        ),
    ),
    (
        4,
        "begeleiding",
        "oost",
        (
            (True, "Wat vond u van de hulp?", ()),
            (
                False,
                "ja goed. de begeleider weet wat ze doet, ze helpt me met de post en de rekeningen",
                ("deskundigheid-plus",),
            ),
            (True, "Ging het snel?", ()),
            (
                False,
                "nee dat duurde wel 3 maanden voor er iemand kwam, in die tijd liep "
                "alles uit de hand",
                ("wachttijd-klus",),
            ),
            (False, "nu gaat het beter, ik slaap ook weer beter", ("effect-plus",)),
        ),
    ),
    (
        5,
        "hulpmiddelen",
        "zuid",
        (
            (True, "Vertelt u eens over de scootmobiel.", ()),
            (
                False,
                "die scootmobiel is mijn vrijheid. ik kan weer naar de markt en naar mijn zus",
                ("hulpmiddelen-plus", "effect-plus"),
            ),
            (True, "En het aanvragen?", ()),
            (
                False,
                "dat was wel gedoe, formulieren en niemand die uitlegde hoe lang het ging duren",
                ("informatie-klus", "wachttijd-klus"),
            ),
            (False, "de mevrouw aan de keukentafel was wel vriendelijk hoor", ("bejegening-plus",)),
        ),
    ),
    (
        9,
        "vervoer",
        "west",
        (
            (True, "Hoe gaat het met het vervoer?", ()),
            (
                False,
                "de taxi is vaak te laat, dan sta ik een half uur te wachten bij de dokter",
                ("uitvoering-klus",),
            ),
            (True, "Wat gaat er goed?", ()),
            (
                False,
                "de chauffeurs zijn wel allemaal aardig, ze helpen me met de rollator",
                ("bejegening-plus",),
            ),
        ),
    ),
    (
        11,
        "begeleiding",
        "centrum",
        (
            (True, "Hoe was het contact met het wijkteam?", ()),
            (
                False,
                "mijn consulent mevrouw Yilmaz is top, ze belt terug als ze dat zegt. "
                "u mag haar bellen op 06-12345678 hoor",
                ("bejegening-plus",),
            ),
            (
                False,
                "ik heb nu weer structuur in mijn week en ik ga naar de dagbesteding",
                ("effect-plus",),
            ),
            (True, "Wat kan beter?", ()),
            (False, "het wachten op de beschikking, dat duurde weken", ("wachttijd-klus",)),
        ),
    ),
    (
        12,
        "huishoudelijke_hulp",
        "oost",
        (
            (True, "Hoe tevreden bent u over de hulp in huis?", ()),
            (
                False,
                "tevreden, ze is er elke dinsdag, altijd dezelfde, dat vind ik fijn",
                ("continuiteit-plus",),
            ),
            (True, "Is er iets dat beter kan?", ()),
            (
                False,
                "de brief van de gemeente snapte ik niet, veel te moeilijk",
                ("informatie-klus",),
            ),
        ),
    ),
    (
        16,
        "woningaanpassing",
        "noord",
        (
            (True, "Hoe ging de aanpassing van de badkamer?", ()),
            (
                False,
                "het duurde lang, eerst de aanvraag en toen nog maanden op de aannemer wachten",
                ("wachttijd-klus",),
            ),
            (
                False,
                "maar nu kan ik weer zelf douchen, dat scheelt zo veel. ik woon op de "
                "Molenlaan 4 en de buurvrouw hoeft niet meer te komen",
                ("effect-plus", "hulpmiddelen-plus"),
            ),
            (True, "En het contact?", ()),
            (False, "de medewerker nam me serieus, echt waar", ("bejegening-plus",)),
        ),
    ),
    (
        18,
        "begeleiding",
        "zuid",
        (
            (True, "Wat vindt u van de begeleiding?", ()),
            (
                False,
                "wisselt te vaak. nu al de derde begeleider dit jaar, steeds opnieuw "
                "mijn verhaal doen",
                ("continuiteit-klus",),
            ),
            (True, "Wat gaat er goed?", ()),
            (
                False,
                "als ze er is helpt het wel, ze weet veel van schulden",
                ("deskundigheid-plus",),
            ),
        ),
    ),
    (
        20,
        "hulpmiddelen",
        "west",
        (
            (True, "Hoe was de aanvraag voor de rolstoel?", ()),
            (False, "snel geregeld eigenlijk, binnen twee weken was ie er", ("wachttijd-plus",)),
            (False, "en de ergotherapeut was heel geduldig met mij", ("bejegening-plus",)),
            (True, "Is er iets dat beter kan?", ()),
            (
                False,
                "nee niet echt. nou ja, de wijkteams en de leverancier wisten van elkaar niks",
                ("samenwerking-klus",),
            ),
        ),
    ),
    (
        23,
        "huishoudelijke_hulp",
        "centrum",
        (
            (True, "Hoe gaat het met de hulp?", ()),
            (False, "goed hoor. zonder die hulp kon ik niet meer thuis wonen", ("effect-plus",)),
            (True, "En het contact met de gemeente?", ()),
            (
                False,
                "telefonisch kom je er niet doorheen, je hangt een half uur in de wacht",
                ("toegang-klus",),
            ),
            (
                False,
                "er komen steeds andere mensen, soms weet ik niet wie er voor de deur staat",
                ("continuiteit-klus",),
            ),
        ),
    ),
)
#: Fragments the onderzoeker chose as quotes: (interview number, participant turn number).
QUOTES = ((1, 1), (3, 0), (9, 2))


def seed_interviews(survey: Survey) -> int:
    """Make the round, upload, scrub and code the ten transcripts; returns the fragments."""
    researcher = Staff.objects.get(organisation=survey.organisation, username="onderzoeker")
    teams = {t.slug: t for t in Team.objects.filter(organisation=survey.organisation)}
    current = interviews.get_round(survey)
    made = []
    for day, group, team, turns in TRANSCRIPTS:
        interview = interviews.add_interview(
            current, dt.date(2026, 3, day), group, teams.get(team), actor=researcher
        )
        text = "\n".join(
            f"{'Interviewer' if is_interviewer else 'Deelnemer'}: {words}"
            for is_interviewer, words, _ in turns
        )
        interviews.upload_transcript(interview, "gesprek.txt", text.encode(), actor=researcher)
        made.append((interview, [codes for is_i, _, codes in turns if not is_i]))
    count = interview_runs.scrub_survey(survey.pk)
    for number, (interview, coded) in enumerate(made):
        fragments = InterviewFragment.objects.filter(interview=interview, is_interviewer=False)
        for turn, (fragment, keys) in enumerate(zip(fragments, coded, strict=True)):
            interviews.save_fragment_codes(fragment, keys, coder=researcher)
            if (number, turn) in QUOTES:
                interviews.set_fragment_quote(fragment, True, actor=researcher)
    return count
