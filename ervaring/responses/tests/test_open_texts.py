"""Free text (issue 12 part 2, A): stored only encrypted, scrubbed by the worker, purged.

The texts below are written the way clients write, with a staff member's name and a phone
number in them; the checks look for those words in every place the text could have gone.
"""

import pytest
from django.db import connection

from ervaring.accounts.models import AuditEvent
from ervaring.accounts.tests.factories import StaffFactory, TeamFactory
from ervaring.fieldwork import closing
from ervaring.fieldwork.tests.factories import invite
from ervaring.questionnaires.document import load_document
from ervaring.questionnaires.tests.factories import SurveyFactory
from ervaring.responses import open_texts, scrubbing_runs, services, tasks
from ervaring.responses.hiding import Mark, hide
from ervaring.responses.models import Answer, OpenText

pytestmark = pytest.mark.django_db

GOOD = "anja de vries was heel aardig, bel me op 06-12345678 als er iets is"
BETTER = "het duurde 6 weken voor er iemand kwam"


@pytest.fixture
def survey():
    survey = SurveyFactory(in_fieldwork=True)
    StaffFactory(organisation=survey.organisation, first_name="Anja", last_name="de Vries")
    TeamFactory(organisation=survey.organisation, name="Wijkteam Kralingen")
    return survey


def answer(survey, texts, *, groups=("begeleiding",)):
    issued = invite(survey, provision_groups=groups)
    response, code = services.open_with_code(issued.code, "192.0.2.1")
    data = {qid: [text] for qid, text in texts.items()}
    outcome = services.save_page(response, "mening", data, "stop", code)
    assert not outcome.errors and not outcome.refused
    return response, code


def database_holds(text: str) -> bool:
    """Whether any text column of any table holds `text` (a plain-text leak anywhere)."""
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 (table names from Django)
            for row in cursor.fetchall():
                if any(isinstance(cell, str) and text in cell for cell in row):
                    return True
    return False


def test_an_open_answer_is_stored_only_encrypted_and_the_respondent_gets_it_back(survey):
    response, _ = answer(survey, {"open_goed": GOOD, "open_beter": BETTER})
    assert not database_holds("06-12345678") and not database_holds("6 weken")
    assert set(Answer.objects.filter(response=response).values_list("value", flat=True)) == {""}
    rows = OpenText.objects.filter(response=response)
    assert {(r.question_id, r.kind, r.is_scrubbed) for r in rows} == {
        ("open_goed", "open", False),
        ("open_beter", "open", False),
    }
    own = services.stored_answers(response)
    assert own["open_goed"].value == GOOD and own["open_beter"].value == BETTER
    assert services.stored_answers(response, with_text=False)["open_goed"].value == ""


def test_the_worker_scrubs_with_the_organisations_staff_names_and_copies_only_the_groups(
    survey,
):
    answer(survey, {"open_goed": GOOD}, groups=("begeleiding", "vervoer"))
    assert open_texts.shown_texts(survey).count() == 0  # waiting: no page may show it
    assert scrubbing_runs.scrub_waiting() == 1
    row = OpenText.objects.get()
    assert row.text == "[NAAM] was heel aardig, bel me op [TELEFOON] als er iets is"
    assert row.provision_groups == ["begeleiding", "vervoer"]
    tags = [Mark.from_list(m) for m in row.spans]
    assert [(m.tag, GOOD[m.raw_start : m.raw_end]) for m in tags] == [
        ("NAAM", "anja de vries"),
        ("TELEFOON", "06-12345678"),
    ]
    assert [row.text[m.start : m.end] for m in tags] == ["[NAAM]", "[TELEFOON]"]


def test_an_anders_namelijk_text_is_stored_apart_from_its_choice(survey):
    issued = invite(survey)
    response, code = services.open_with_code(issued.code, "192.0.2.1")
    data = {"ingevuld_door": ["ander"], "ingevuld_door__other": ["mijn buurvrouw fatma yilmaz"]}
    assert not services.save_page(response, "over_u", data, "stop", code).errors
    assert Answer.objects.get(question_id="ingevuld_door").value == "ander"
    assert not database_holds("yilmaz")
    scrubbing_runs.scrub_waiting()
    row = OpenText.objects.get()
    assert row.kind == "anders" and "yilmaz" not in row.text.lower()
    # Choosing another option drops the text.
    services.save_page(response, "over_u", {"ingevuld_door": ["zelf"]}, "stop", code)
    assert not OpenText.objects.exists()


def test_a_changed_text_waits_again_and_an_older_scrub_does_not_overwrite_it(survey):
    response, code = answer(survey, {"open_goed": "eerste versie"})
    stale = OpenText.objects.get()
    services.save_page(response, "mening", {"open_goed": ["tweede versie"]}, "stop", code)
    scrubber = scrubbing_runs.organisation_scrubber(survey.organisation)
    assert scrubbing_runs._scrub_row(scrubber, stale) == 0  # the worker had read the old revision
    assert scrubbing_runs.scrub_waiting() == 1
    assert OpenText.objects.get().text == "tweede versie"


def test_text_under_a_question_the_final_answers_route_past_is_not_kept(survey):
    response, _ = answer(survey, {"open_goed": "prima"})
    routed = load_document(
        {
            "format": 1,
            "key": "t",
            "title": "t",
            "themes": [
                {
                    "id": "hulp",
                    "title": "Hulp",
                    "questions": [{"id": "geholpen", "type": "yesno", "text": "Geholpen?"}],
                },
                {
                    "id": "mening",
                    "title": "Mening",
                    "questions": [
                        {
                            "id": "open_goed",
                            "type": "open",
                            "text": "Wat was goed?",
                            "show_if": {"answer": "geholpen", "equals": "ja"},
                        },
                    ],
                },
            ],
        }
    )
    open_texts.drop_unrouted(response, routed, {"geholpen": "ja"})
    assert OpenText.objects.count() == 1
    open_texts.drop_unrouted(response, routed, {"geholpen": "nee"})
    assert not OpenText.objects.exists()


def test_staff_hide_a_further_span_logged_without_the_words_and_a_new_scrub_keeps_it(survey):
    staff = StaffFactory(organisation=survey.organisation)
    answer(survey, {"open_goed": "mijn zoon werkt bij de bakkerij aan de markt, de bakkerij weet"})
    scrubbing_runs.scrub_waiting()
    row = OpenText.objects.get()
    assert open_texts.hide_words(row, "BAKKERIJ", actor=staff) == 2
    row.refresh_from_db()
    assert row.text == "mijn zoon werkt bij de [VERBORGEN] aan de markt, de [VERBORGEN] weet"
    event = AuditEvent.objects.get(action="open_text.span_hidden")
    assert "bakkerij" not in str(event.details).lower() and event.details["places"] == 2
    open_texts.rescrub(survey, actor=staff)
    scrubbing_runs.scrub_waiting()
    row.refresh_from_db()
    assert row.text == "mijn zoon werkt bij de [VERBORGEN] aan de markt, de [VERBORGEN] weet"
    with pytest.raises(open_texts.NothingToHide):
        open_texts.hide_words(row, "piet", actor=staff)


def test_hiding_across_a_tag_widens_to_the_whole_tag_and_maps_back_to_the_raw_text():
    raw = "bel jan op 0612345678 of mail"
    text = "bel [NAAM] op [TELEFOON] of mail"
    marks = [Mark("NAAM", 4, 10, 4, 7), Mark("TELEFOON", 14, 24, 11, 21)]
    start = text.index("AAM] op")
    new, new_marks, (raw_start, raw_end) = hide(text, marks, start, text.index(" of"))
    assert new == "bel [VERBORGEN] of mail"
    assert raw[raw_start:raw_end] == "jan op 0612345678"
    assert [(m.tag, new[m.start : m.end]) for m in new_marks] == [("VERBORGEN", "[VERBORGEN]")]


def test_the_scheduled_tasks_scrub_and_then_purge(survey):
    answer(survey, {"open_goed": GOOD})
    assert tasks.scrub_open_texts.call() == {"scrubbed": 1}
    closing.close_fieldwork(survey)
    assert tasks.purge_raw_open_texts.call() == {survey.slug: 1}
    assert tasks.purge_raw_open_texts.call() == {}


def test_raw_text_goes_only_once_the_contact_data_are_gone_and_waiting_text_is_scrubbed_first(
    survey,
):
    answer(survey, {"open_goed": GOOD})
    closing.close_fieldwork(survey, retention_days=30)
    survey.refresh_from_db()
    assert scrubbing_runs.purge_raw_texts(survey) == 0  # contact data are kept 30 days
    assert OpenText.objects.exclude(raw_encrypted="").count() == 1
    closing.purge_contact_data(survey)
    assert scrubbing_runs.purge_raw_texts(survey) == 1
    row = OpenText.objects.get()
    assert row.raw_encrypted == "" and row.is_scrubbed and "[TELEFOON]" in row.text
    assert AuditEvent.objects.filter(action="open_text.raw_deleted").count() == 1
    assert scrubbing_runs.purge_raw_texts(survey) == 0  # idempotent
    assert services.stored_answers(row.response)["open_goed"].value == ""


def test_a_closed_survey_with_a_population_is_not_purged_before_its_purge(survey):
    invite(survey)
    assert not closing.is_contact_data_purged(survey)  # in fieldwork
    closing.close_fieldwork(survey, retention_days=5)
    survey.refresh_from_db()
    assert not closing.is_contact_data_purged(survey)
    closing.purge_contact_data(survey)
    assert closing.is_contact_data_purged(survey)


def _document(*extra_themes):
    return load_document(
        {
            "format": 1,
            "key": "t",
            "title": "t",
            "themes": [
                {
                    "id": "hulp",
                    "title": "Hulp",
                    "questions": [{"id": "geholpen", "type": "yesno", "text": "Geholpen?"}],
                },
                {
                    "id": "mening",
                    "title": "Mening",
                    "questions": [{"id": "open_goed", "type": "open", "text": "Wat was goed?"}],
                },
                {
                    "id": "vervoer",
                    "title": "Vervoer",
                    "questions": [
                        {
                            "id": "hoe",
                            "type": "single",
                            "text": "Hoe reist u?",
                            "options": [
                                {"code": "taxi", "label": "Taxi"},
                                {"code": "anders", "other": True, "label": "Anders, namelijk:"},
                            ],
                        }
                    ],
                },
                *extra_themes,
            ],
        }
    )


def test_a_page_needs_the_free_texts_only_to_fill_them_in_or_when_routing_asks_about_one():
    plain = _document()
    assert not open_texts.page_needs_free_text(plain, plain.theme("hulp"))
    assert open_texts.page_needs_free_text(plain, plain.theme("mening"))  # the open question
    assert open_texts.page_needs_free_text(plain, plain.theme("vervoer"))  # "Anders" box
    routed = _document(
        {
            "id": "slot",
            "title": "Slot",
            "show_if": {"answer": "open_goed", "answered": True},
            "questions": [{"id": "nog_iets", "type": "yesno", "text": "Nog iets?"}],
        }
    )
    # Whether "Slot" is shown depends on a text, so every page reads them.
    assert open_texts.page_needs_free_text(routed, routed.theme("hulp"))
    by_choice = _document(
        {
            "id": "slot",
            "title": "Slot",
            "show_if": {"answer": "hoe", "equals": "anders"},
            "questions": [{"id": "nog_iets", "type": "yesno", "text": "Nog iets?"}],
        }
    )
    # The chosen option is an answer, not a text: no need.
    assert not open_texts.page_needs_free_text(by_choice, by_choice.theme("hulp"))
