"""Interviews (issue 12, interviews): transcripts in, scrubbed fragments coded, themes in words."""

import datetime as dt

import pytest
from django.urls import reverse

from ervaring.accounts.tests.factories import StaffFactory, TeamFactory
from ervaring.analysis import (
    codebook_services,
    interview_runs,
    interview_themes,
    interviews,
    transcripts,
)
from ervaring.analysis.interview_themes import ThemeMention, amount_word, compare_rounds
from ervaring.analysis.models import InterviewFragment
from ervaring.analysis.tests.interview_data import coded_round, docx, odt
from ervaring.questionnaires.tests.factories import SurveyFactory

TURNS = [
    "Interviewer: Hoe was het eerste gesprek?",
    "Deelnemer: Heel fijn, de consulent luisterde goed.",
    "Ze kwam ook echt bij mij thuis.",
    "Interviewer: En wat kan beter?",
    "Deelnemer: Het wachten duurde te lang.",
]


# --------------------------------------------------------------------------- words


@pytest.mark.parametrize(
    ("count", "total", "word"),
    [
        # Worked out by hand against the cut-offs in the docstring and the method sentence:
        (1, 10, "enkele"),  # 10% < 25%
        (2, 9, "enkele"),  # 22.2% < 25%
        (1, 4, "een aantal"),  # exactly 25%: the lower bound of "een aantal"
        (3, 8, "een aantal"),  # 37.5%
        (2, 5, "ongeveer de helft"),  # exactly 40%: the lower bound of "ongeveer de helft"
        (5, 10, "ongeveer de helft"),  # 50%
        (3, 5, "ongeveer de helft"),  # exactly 60%: still "ongeveer de helft"
        (7, 11, "de meeste"),  # 63.6% > 60%
        (8, 9, "de meeste"),  # 88.9% < 90%
        (9, 10, "bijna alle"),  # exactly 90%
        (19, 20, "bijna alle"),  # 95%
        (12, 12, "alle"),  # every interview
    ],
)
def test_amount_word_at_each_cut_off(count, total, word):
    assert amount_word(count, total) == word


def test_no_word_for_no_mention_or_more_mentions_than_interviews():
    for count, total in ((0, 10), (11, 10), (1, 0)):
        with pytest.raises(ValueError):
            amount_word(count, total)


def test_the_method_sentence_states_the_same_cut_offs():
    sentence = interview_themes.CUTOFF_SENTENCE
    for part in (
        "‘enkele’ is minder dan 25%",
        "‘een aantal’ 25% tot 40%",
        "‘ongeveer de helft’ 40% tot en met 60%",
        "‘de meeste’ meer dan 60% tot 90%",
        "‘bijna alle’ 90% of meer",
        "‘alle’ elk interview",
    ):
        assert part in sentence


def test_comparison_names_new_gone_more_fewer_and_same_by_share():
    def m(key, count, total):
        return ThemeMention(key, key.title(), "plus", count, total)

    now = [m("a", 6, 10), m("b", 3, 10), m("c", 2, 10), m("d", 5, 10)]
    before = [m("b", 4, 8), m("c", 1, 8), m("d", 4, 8), m("e", 2, 8)]
    changes = {c.key: c.change for c in compare_rounds(now, before)}
    # a only now; b 30% < 50%; c 20% > 12.5%; d 50% = 50% (fewer interviews, same share);
    # e only before.
    assert changes == {
        "a": "nieuw",
        "b": "in minder interviews",
        "c": "in meer interviews",
        "d": "even vaak",
        "e": "niet meer genoemd",
    }


# --------------------------------------------------------------------------- files


def test_a_txt_transcript_splits_into_speaker_turns():
    text = transcripts.read_transcript("g01.txt", "\n".join(TURNS).encode("cp1252"))
    fragments = transcripts.split_fragments(text)
    assert [(f.is_interviewer, f.text) for f in fragments] == [
        (True, "Hoe was het eerste gesprek?"),
        (False, "Heel fijn, de consulent luisterde goed. Ze kwam ook echt bij mij thuis."),
        (True, "En wat kan beter?"),
        (False, "Het wachten duurde te lang."),
    ]


def test_a_docx_transcript_is_read_paragraph_by_paragraph():
    text = transcripts.read_transcript("G02.DOCX", docx(TURNS))
    assert [f.text for f in transcripts.split_fragments(text)][1] == (
        "Heel fijn, de consulent luisterde goed. Ze kwam ook echt bij mij thuis."
    )


def test_an_odt_transcript_without_speakers_splits_into_paragraphs():
    data = odt(["Het begon in maart.", "De hulp<text:s text:c='2'/>was goed.", ""])
    fragments = transcripts.split_fragments(transcripts.read_transcript("g03.odt", data))
    assert [(f.is_interviewer, f.text) for f in fragments] == [
        (False, "Het begon in maart."),
        (False, "De hulp was goed."),
    ]


@pytest.mark.parametrize(
    ("name", "data", "says"),
    [
        ("interview.pdf", b"%PDF-1.7", "interview.pdf: dit soort bestand lezen we niet"),
        ("kapot.docx", b"geen zip", "kapot.docx: het bestand is beschadigd"),
        ("leeg.txt", b"  \n ", "leeg.txt: er staat geen tekst in het bestand"),
        ("groot.txt", b"a" * (transcripts.MAX_FILE_BYTES + 1), "groot.txt: het bestand is groter"),
        (
            "bom.odt",
            odt(
                [],
                content='<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">'
                + "".join(
                    f'<!ENTITY {c} "{("&" + p + ";") * 10}">'
                    for p, c in zip("abcdefg", "bcdefgh", strict=True)
                )
                + "]><x>&h;</x>",
            ),
            "bom.odt: het bestand is beschadigd",
        ),
    ],
)
def test_a_file_that_is_not_a_transcript_is_refused_naming_it(name, data, says):
    with pytest.raises(transcripts.TranscriptRefused) as refused:
        transcripts.read_transcript(name, data)
    assert says in str(refused.value)


# --------------------------------------------------------------------------- pages

PLANTED_NAME, PLANTED_PHONE = "Jansen", "0612345678"


@pytest.fixture
def survey(db):
    survey = SurveyFactory(in_fieldwork=True)
    TeamFactory(organisation=survey.organisation, slug="noord", name="Wijkteam Noord")
    return survey


@pytest.fixture
def researcher(client, survey):
    staff = StaffFactory(organisation=survey.organisation)
    client.force_login(staff)
    return staff


def test_each_format_uploads_on_the_page_and_waits_for_the_scrubber(client, survey, researcher):
    page = reverse("analysis:interviews", args=[survey.slug])
    added = client.post(page, {"held_on": "14-03-2026", "provision_group": "", "team": ""})
    assert added.status_code == 302
    files = {"g.txt": "\n".join(TURNS).encode(), "g.docx": docx(TURNS), "g.odt": odt(TURNS)}
    for name, data in files.items():
        interview = interviews.get_round(survey).interviews.get()
        from django.core.files.uploadedfile import SimpleUploadedFile

        upload = SimpleUploadedFile(name, data)
        url = reverse("analysis:interview-upload", args=[survey.slug, interview.pk])
        shown = client.post(url, {"file": upload}, follow=True).content.decode()
        assert "G01: 4 fragmenten" in shown, name
        assert not InterviewFragment.objects.filter(is_scrubbed=True).exists()
        assert "luisterde" not in shown  # nothing readable before the scrubber ran


def test_a_refused_upload_names_the_file_and_keeps_the_old_transcript(client, survey, researcher):
    from django.core.files.uploadedfile import SimpleUploadedFile

    interview = interviews.add_interview(
        interviews.get_round(survey), dt.date(2026, 3, 1), "", None, actor=researcher
    )
    interviews.upload_transcript(interview, "a.txt", "\n".join(TURNS).encode(), actor=researcher)
    url = reverse("analysis:interview-upload", args=[survey.slug, interview.pk])
    shown = client.post(url, {"file": SimpleUploadedFile("scan.pdf", b"%PDF")}, follow=True)
    assert "scan.pdf: dit soort bestand lezen we niet" in shown.content.decode()
    assert interview.fragments.count() == 4


def test_the_raw_name_and_phone_number_never_reach_a_staff_page(client, survey, researcher):
    interview = interviews.add_interview(
        interviews.get_round(survey), dt.date(2026, 3, 1), "begeleiding", None, actor=researcher
    )
    planted = [
        "Interviewer: Wie hielp u?",
        f"Deelnemer: mevrouw {PLANTED_NAME} was heel fijn, bel haar op {PLANTED_PHONE}.",
    ]
    interviews.upload_transcript(interview, "g.txt", "\n".join(planted).encode(), actor=researcher)
    raw = InterviewFragment.objects.get(is_interviewer=False)
    assert PLANTED_NAME not in raw.raw_encrypted and PLANTED_PHONE not in raw.raw_encrypted
    interview_runs.scrub_survey(survey.pk)
    start = client.get(reverse("analysis:interview-coding-start", args=[survey.slug]))
    pages = [reverse("analysis:interviews", args=[survey.slug]), start.url]
    html = "".join(client.get(url).content.decode() for url in pages)
    assert "[NAAM] was heel fijn, bel haar op [TELEFOON]" in html
    assert "Wie hielp u?" in html  # the interviewer's question as context
    assert PLANTED_NAME not in html and PLANTED_PHONE not in html
    # Coded and quoted, it reaches the report page and the HTML download: scrubbed only.
    codebook_services.ensure_codebook(survey)
    client.post(start.url, {"code": ["bejegening-plus"], "quote": "1"})
    report = client.get(reverse("reporting:report", args=[survey.slug])).content.decode()
    assert "Wat cliënten vertellen in interviews" in report
    assert "[NAAM] was heel fijn, bel haar op [TELEFOON]" in report
    assert PLANTED_NAME not in report and PLANTED_PHONE not in report


def test_coding_a_fragment_with_the_codebook_and_choosing_a_quote(client, survey, researcher):
    coded_round(survey, [set()], actor=researcher)
    fragment = InterviewFragment.objects.get(is_interviewer=False)
    url = reverse("analysis:interview-coding", args=[survey.slug, fragment.pk])
    client.post(url, {"code": ["bejegening-plus"], "quote": "1", "action": "next"})
    fragment.refresh_from_db()
    assert set(fragment.codes.values_list("key", flat=True)) == {"bejegening-plus"}
    assert fragment.is_quote and fragment.coded_by == researcher
    refused = client.post(url, {"code": ["bestaat-niet"]}, follow=True).content.decode()
    assert "Code bestaat-niet staat niet in het codeboek" in refused


def test_the_pseudonym_is_made_by_the_product_in_order(survey, researcher):
    current = interviews.get_round(survey)
    made = [
        interviews.add_interview(current, dt.date(2026, 3, d), "", None, actor=researcher)
        for d in (1, 2, 3)
    ]
    assert [i.pseudonym for i in made] == ["G01", "G02", "G03"]


def test_themes_count_once_per_interview_and_compare_with_the_previous_round(db):
    organisation_survey = SurveyFactory()
    earlier = SurveyFactory(organisation=organisation_survey.organisation)
    # Previous round (2025), 4 interviews: bejegening in 2, wachttijd in 1, informatie in 1.
    coded_round(
        earlier,
        [{"bejegening-plus"}, {"bejegening-plus", "wachttijd-klus"}, {"informatie-klus"}, set()],
        year=2025,
    )
    # This round (2026), 5 interviews: bejegening in 4, wachttijd in 3, deskundigheid in 1.
    coded_round(
        organisation_survey,
        [
            {"bejegening-plus", "wachttijd-klus"},
            {"bejegening-plus", "wachttijd-klus"},
            {"bejegening-plus", "wachttijd-klus"},
            {"bejegening-plus"},
            {"deskundigheid-plus"},
        ],
    )
    result = interviews.round_results(organisation_survey)
    counts = {m.key: (m.count, m.total, m.word) for m in result.mentions}
    assert counts == {
        "bejegening-plus": (4, 5, "de meeste"),  # 80%
        "wachttijd-klus": (3, 5, "ongeveer de helft"),  # 60%
        "deskundigheid-plus": (1, 5, "enkele"),  # 20%
    }
    assert result.previous_year == 2025
    changes = {c.key: c.change for c in result.changes}
    assert changes == {
        "bejegening-plus": "in meer interviews",  # 80% against 50%
        "wachttijd-klus": "in meer interviews",  # 60% against 25%
        "deskundigheid-plus": "nieuw",
        "informatie-klus": "niet meer genoemd",
    }


def test_an_interview_counts_only_once_every_fragment_is_coded(survey, researcher):
    interview = coded_round(survey, [{"bejegening-plus"}], actor=researcher)[0]
    InterviewFragment.objects.create(
        interview=interview, position=9, raw_encrypted="", text="nog niet", is_scrubbed=True
    )
    assert interviews.round_results(survey) is None


def test_rescrubbing_after_a_new_colleague_hides_their_name_in_the_fragments(
    client, survey, researcher
):
    interview = interviews.add_interview(
        interviews.get_round(survey), dt.date(2026, 3, 1), "", None, actor=researcher
    )
    said = "Interviewer: Wie?\nDeelnemer: ja die zandstra kwam langs en dat was goed."
    interviews.upload_transcript(interview, "g.txt", said.encode(), actor=researcher)
    interview_runs.scrub_survey(survey.pk)
    fragment = InterviewFragment.objects.get(is_interviewer=False)
    assert "zandstra" in fragment.text  # not a name the rules know, not yet a colleague
    StaffFactory(organisation=survey.organisation, first_name="Wiebe", last_name="Zandstra")
    client.post(reverse("analysis:rescrub", args=[survey.slug]))
    fragment.refresh_from_db()
    assert "zandstra" in fragment.text  # readable meanwhile, until the worker ran
    interview_runs.scrub_survey(survey.pk)
    fragment.refresh_from_db()
    assert fragment.text == "ja die [NAAM] kwam langs en dat was goed."


def test_the_model_learns_from_coded_fragments_and_suggests_for_the_next(survey, researcher):
    from ervaring.analysis import suggestion_runs

    codebook_services.ensure_codebook(survey)
    current = interviews.get_round(survey)
    said = {
        "wachttijd-klus": "het duurde eindeloos, maanden gewacht op de hulp",
        "continuiteit-klus": "elke week weer een nieuw gezicht aan de deur",
    }
    for number in range(25):  # the last (number 24) is a continuity one
        key = sorted(said)[number % 2]
        interview = interviews.add_interview(
            current, dt.date(2026, 3, 1), "", None, actor=researcher
        )
        text = f"Deelnemer: {said[key]}\nInterviewer: dank u"
        interviews.upload_transcript(interview, "g.txt", text.encode(), actor=researcher)
    interview_runs.scrub_survey(survey.pk)
    fragments = list(InterviewFragment.objects.filter(is_interviewer=False).order_by("pk"))
    for fragment in fragments[:-1]:
        key = next(k for k, t in said.items() if t == fragment.text)
        interviews.save_fragment_codes(fragment, {key}, coder=researcher)
    assert suggestion_runs.train_and_suggest(survey) == 1
    last = fragments[-1]
    last.refresh_from_db()
    # The last one says what the continuity fragments said; no keyword of the codebook
    # matches "nieuw gezicht", so the top suggestion comes from the model.
    codes = list(survey.codes.all())
    assert last.suggested["continuiteit-klus"] > last.suggested.get("wachttijd-klus", 0)
    assert interviews.suggested(last, codes)[0].code.key == "continuiteit-klus"
    interviews.save_fragment_codes(last, {"continuiteit-klus"}, coder=researcher)
    last.refresh_from_db()
    assert last.suggested is None


def test_hidden_words_stay_hidden_after_a_new_scrub_and_are_logged_without_them(
    client, survey, researcher
):
    from ervaring.accounts.models import AuditEvent

    interview = interviews.add_interview(
        interviews.get_round(survey), dt.date(2026, 3, 1), "", None, actor=researcher
    )
    said = "Interviewer: Waar?\nDeelnemer: bij de bakkerij van ome kees om de hoek"
    interviews.upload_transcript(interview, "g.txt", said.encode(), actor=researcher)
    interview_runs.scrub_survey(survey.pk)
    fragment = InterviewFragment.objects.get(is_interviewer=False)
    url = reverse("analysis:interview-hide", args=[survey.slug, fragment.pk])
    shown = client.post(url, {"words": "Bakkerij"}, follow=True).content.decode()
    assert "bij de [VERBORGEN] van ome [NAAM] om de hoek" in shown
    client.post(reverse("analysis:rescrub", args=[survey.slug]))
    interview_runs.scrub_survey(survey.pk)
    fragment.refresh_from_db()
    assert fragment.text == "bij de [VERBORGEN] van ome [NAAM] om de hoek"
    event = AuditEvent.objects.get(action="interview.span_hidden")
    assert "akkerij" not in str(event.__dict__)


def test_another_organisation_and_a_professional_find_no_interview_pages(client, survey):
    coded_round(survey, [{"bejegening-plus"}])
    fragment = InterviewFragment.objects.get(is_interviewer=False)
    urls = [
        reverse("analysis:interviews", args=[survey.slug]),
        reverse("analysis:interview-coding-start", args=[survey.slug]),
        reverse("analysis:interview-coding", args=[survey.slug, fragment.pk]),
    ]
    other = SurveyFactory()
    for staff in (
        StaffFactory(organisation=other.organisation),
        StaffFactory(organisation=survey.organisation, professional=True),
    ):
        client.force_login(staff)
        assert [client.get(url).status_code for url in urls] == [404, 404, 404]
        hide = reverse("analysis:interview-hide", args=[survey.slug, fragment.pk])
        assert client.post(hide, {"words": "fijn"}).status_code == 404
    fragment.refresh_from_db()
    assert fragment.text == "Ik vond de hulp fijn."


def test_raw_words_go_with_the_contact_data_scrubbed_first(survey, researcher):
    from ervaring.accounts.models import AuditEvent
    from ervaring.analysis import tasks
    from ervaring.fieldwork import closing
    from ervaring.fieldwork.tests.factories import invite

    invite(survey)  # contact data to keep for a while
    interview = interviews.add_interview(
        interviews.get_round(survey), dt.date(2026, 3, 1), "", None, actor=researcher
    )
    said = f"Interviewer: Hoe?\nDeelnemer: bel {PLANTED_PHONE} maar"
    interviews.upload_transcript(interview, "g.txt", said.encode(), actor=researcher)
    closing.close_fieldwork(survey, retention_days=30)
    survey.refresh_from_db()
    assert interview_runs.purge_raw_fragments() == 0  # contact data are kept 30 days
    assert not InterviewFragment.objects.filter(raw_encrypted="").exists()
    closing.purge_contact_data(survey)
    assert interview_runs.purge_raw_fragments() == 2  # the waiting ones scrubbed first
    fragment = InterviewFragment.objects.get(is_interviewer=False)
    assert fragment.raw_encrypted == "" and fragment.text == "bel [TELEFOON] maar"
    assert AuditEvent.objects.filter(action="interview.raw_deleted").count() == 1
    assert interview_runs.purge_raw_fragments() == 0  # idempotent
    assert tasks.scrub_interviews.call() == {"scrubbed": 0, "purged": 0}
