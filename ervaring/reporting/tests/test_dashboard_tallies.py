"""The dashboard drawn from running totals shows exactly what the full dataset shows.

These tests live in reporting because they use its survey fixtures; what they check is
:mod:`ervaring.analysis.tallies` and :mod:`ervaring.analysis.tally_frames`.
"""

import datetime as dt
import math
import random
from collections import Counter

import numpy as np
import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from ervaring.analysis import results as res
from ervaring.analysis import selections, snapshots, tallies
from ervaring.analysis.models import ResponseTally, TalliedResponse
from ervaring.analysis.selections import Selection
from ervaring.questionnaires.tests.factories import SurveyFactory
from ervaring.reporting.tests.conftest import respond
from ervaring.reporting.tests.survey_data import make_survey
from ervaring.responses import hooks
from ervaring.responses.models import Answer, Response

pytestmark = pytest.mark.django_db

FIRST_DAY = dt.date(2026, 3, 1)


def complete_on(response, day, hour=10):
    """Complete a response (again) the way the services do: one save naming completed_at."""
    Response.objects.filter(pk=response.pk).update(completed_at=None)
    response.completed_at = timezone.make_aware(dt.datetime(day.year, day.month, day.day, hour))
    response.save(update_fields=["completed_at", "updated_at"])
    hooks.completed(response)


@pytest.fixture
def survey():
    """Random responses over 40 days, with a client list (fpc), overlapping provision
    groups, four teams, and every question type; each counted by the completion hook."""
    survey = make_survey(clients=700, invited=420, completed=260, seed=11)
    ResponseTally.objects.filter(survey=survey).delete()  # bulk-made: nothing counted yet
    rng = random.Random(5)
    for response in Response.objects.filter(survey=survey).order_by("pk"):
        complete_on(response, FIRST_DAY + dt.timedelta(days=rng.randrange(40)), rng.randrange(24))
    return survey


def both(survey):
    """The full dataset's snapshot and the tallies' snapshot of the same state."""
    state = snapshots.get_state(survey)
    full = snapshots._build_snapshot(survey, state)
    drawn = snapshots._tally_snapshot(survey, state, tallies.read_tallies(survey))
    return full, drawn


def selections_to_compare(full):
    teams = [str(t) for t in full.dataset.frame["team"].cat.categories]
    groups = [str(g) for g in full.dataset.memberships["group"].cat.categories]
    periods = [(None, None), (FIRST_DAY + dt.timedelta(days=10), None)]
    periods.append((FIRST_DAY + dt.timedelta(days=5), FIRST_DAY + dt.timedelta(days=25)))
    found = []
    for since, until in periods:
        found.append(Selection(since, until))
        found += [Selection(since, until, team=t) for t in teams]
        found += [Selection(since, until, stratum=g) for g in groups]
        found.append(Selection(since, until, law="wmo"))
        found.append(Selection(since, until, team=teams[0], stratum=groups[0]))
    return found


def test_every_dashboard_figure_equals_the_full_computation(survey):
    full, drawn = both(survey)
    assert len(drawn.dataset.frame) == len(full.dataset.frame) == 260
    assert drawn.dataset.population == full.dataset.population is not None  # fpc applies
    compared = 0
    for selection in selections_to_compare(full):
        mine = selections._selection_rows(drawn, selection)
        theirs = selections._selection_rows(full, selection)
        assert mine == theirs, selection
        shown = selections.selection_mask(full, selection)
        days = np.sort(full.completed_on[shown])
        assert np.array_equal(
            np.sort(drawn.completed_on[selections.selection_mask(drawn, selection)]), days
        )
        compared += sum(1 for p in theirs if not p.row.suppressed)
    assert compared > 50  # not only suppressed rows
    for team in [str(t) for t in full.dataset.frame["team"].cat.categories]:
        for since in (None, FIRST_DAY + dt.timedelta(days=20)):
            assert selections._team_rows(drawn, team, since, None) == selections._team_rows(
                full, team, since, None
            )
    for since in (None, FIRST_DAY + dt.timedelta(days=30)):
        assert selections._rows_by_team(drawn, since) == selections._rows_by_team(full, since)


def test_every_question_type_by_team_and_provision_equals_the_full_computation(survey):
    full, drawn = both(survey)
    assert {q.type for q in full.dataset.questions} >= {"agree", "yesno", "single"}

    def rows(snapshot):
        long = snapshot.dataset.memberships
        return res.question_results(
            snapshot.dataset.frame,
            snapshot.dataset.questions,
            snapshot.design,
            ("team", "law"),
            min_n=snapshot.dataset.min_n,
            memberships={"voorziening": long},
            strata_groups=long,
        )

    assert rows(drawn) == rows(full)
    assert list(drawn.dataset.frame["stratum"].cat.categories) == list(
        full.dataset.frame["stratum"].cat.categories
    )


def test_the_counts_and_a_figure_by_hand(db):
    survey = SurveyFactory(in_fieldwork=True)
    day = dt.date(2026, 3, 2)
    for value in (5, 5, 5, 4, 4, 3, 2, 1, 1, 9):  # "weet niet" is outside the 9 valid
        respond(survey, {"wmo_1": value}, on=day, team="noord")
    respond(survey, {"wmo_1": 4, "wmo_2": 2}, on=day, team="zuid")
    cell = (day, "noord", "wmo", '["huishoudelijke_hulp"]')
    south = (day, "zuid", "wmo", '["huishoudelijke_hulp"]')
    assert tallies.stored_counts(survey) == Counter(
        {
            (*cell, "", ""): 10,
            (*cell, "wmo_1", "5"): 3,
            (*cell, "wmo_1", "4"): 2,
            (*cell, "wmo_1", "3"): 1,
            (*cell, "wmo_1", "2"): 1,
            (*cell, "wmo_1", "1"): 2,
            (*cell, "wmo_1", "9"): 1,
            (*south, "", ""): 1,
            (*south, "wmo_1", "4"): 1,
            (*south, "wmo_2", "2"): 1,
        }
    )
    snapshot = snapshots.get_dashboard_snapshot(survey)
    row = next(
        p.row for p in selections.selection_rows(snapshot, Selection()) if p.question.id == "wmo_1"
    )
    # 10 valid answers (9 + zuid's 4), 6 agree; no client list: one stratum of 11, no fpc.
    # The "weet niet" respondent is outside the domain but in the stratum (z = 0), so
    # var = 11/10 * sum((y - p)^2) / 10^2 = 11/10 * 10 * 0.6 * 0.4 / 100.
    assert (row.n, row.n_excluded) == (10, 1)
    assert row.pct_agree == pytest.approx(60.0)
    assert row.pct_disagree == pytest.approx(30.0)
    assert row.se == pytest.approx(100 * math.sqrt(11 / 10 * 10 * 0.6 * 0.4 / 100))


def test_a_changed_answer_and_a_deleted_response_are_counted_again(db):
    """What code changing a completed response must call (none does today)."""
    survey = SurveyFactory(in_fieldwork=True)
    first = respond(survey, {"wmo_1": 5})
    respond(survey, {"wmo_1": 5})
    cell = (timezone.localdate(), "noord", "wmo", '["huishoudelijke_hulp"]')
    answer = Answer.objects.get(response=first, question_id="wmo_1")
    answer.value = 1
    answer.save()
    tallies.retally(first.pk)
    counts = tallies.stored_counts(survey)
    assert (counts[(*cell, "wmo_1", "5")], counts[(*cell, "wmo_1", "1")]) == (1, 1)
    tallies.untally(first)
    first.delete()
    counts = tallies.stored_counts(survey)
    assert counts[(*cell, "", "")] == 1
    assert counts[(*cell, "wmo_1", "1")] == 0
    assert tallies.find_drift(survey) == []


def test_answers_written_in_bulk_are_found_as_drift_and_a_rebuild_repairs_them(survey):
    assert tallies.find_drift(survey) == []
    response = Response.objects.filter(survey=survey).first()
    Answer.objects.filter(response=response).delete()  # bypasses retally
    drift = tallies.find_drift(survey)
    assert drift and all(d.stored == d.actual + 1 for d in drift)
    with pytest.raises(CommandError, match="afwijkende tellingen"):
        call_command("tallies", "--survey", survey.slug)
    call_command("tallies", "--survey", survey.slug, "--rebuild")
    assert tallies.find_drift(survey) == []
    assert TalliedResponse.objects.filter(survey=survey).count() == 260


def test_responses_not_counted_make_the_dashboard_use_the_full_dataset(db, caplog):
    survey = make_survey(completed=40)  # bulk-created: nothing counted them
    snapshot = snapshots.get_dashboard_snapshot(survey)
    assert len(snapshot.dataset.frame) == 40
    assert snapshot.locate is None  # the full dataset's
    assert "tallies count 0 responses" in caplog.text
    tallies.rebuild(survey)
    snapshots.clear()
    assert snapshots.get_dashboard_snapshot(survey).locate is not None


# --------------------------------------------------------------------------- kept counters


def agree_row(snapshot, question="wmo_1", rows=selections.selection_rows):
    """(n, % eens) of the whole survey for one statement, as the dashboard shows it (its
    rows are cached per state too)."""
    row = next(p.row for p in rows(snapshot, Selection()) if p.question.id == question)
    return row.n, row.pct_agree


def full_row(survey, question="wmo_1"):
    """The same from every answer, nothing cached."""
    full = snapshots._build_snapshot(survey, snapshots.get_state(survey))
    return agree_row(full, question, selections._selection_rows)


def test_a_new_response_reads_only_the_last_days_counters(survey):
    """The first view after a new response reads today's and yesterday's counters, not the
    earlier days' 40 days of them, and still shows every response."""
    snapshots.get_dashboard_snapshot(survey)  # the first view of this process reads all
    every = ResponseTally.objects.filter(survey=survey).exclude(n=0).count()
    assert tallies.current_tallies(survey).read < every  # kept: nothing earlier read again
    respond(survey, {"wmo_1": 1})
    recent = ResponseTally.objects.filter(
        survey=survey, day__gte=timezone.localdate() - dt.timedelta(days=1)
    ).exclude(n=0)
    drawn = tallies.current_tallies(survey)
    assert drawn.read == recent.count() == 2  # this cell's respondents and its wmo_1 answer
    assert drawn.total == 261
    snapshot = snapshots.get_dashboard_snapshot(survey)
    assert len(snapshot.dataset.frame) == 261
    assert agree_row(snapshot) == full_row(survey)


def test_a_late_change_to_an_earlier_day_is_shown_at_once(survey):
    before = agree_row(snapshots.get_dashboard_snapshot(survey))  # earlier days now kept
    changed = 0
    for answer in Answer.objects.filter(
        response__survey=survey, question_id="wmo_1", value__in=[1, 2, 3]
    )[:30]:
        answer.value = 5
        answer.save()
        tallies.retally(answer.response_id)  # what code changing a completed answer calls
        changed += 1
    assert changed == 30
    after = agree_row(snapshots.get_dashboard_snapshot(survey))
    assert after == full_row(survey)
    assert after[1] > before[1]


def test_a_rebuild_after_a_bulk_change_on_an_earlier_day_is_shown_at_once(survey):
    """Answers changed in bulk (no retally: the state of the responses stays the same) and
    then ``ervaring tallies --rebuild``: the view must not keep the counters it read."""
    before = agree_row(snapshots.get_dashboard_snapshot(survey))
    Answer.objects.filter(response__survey=survey, question_id="wmo_1").update(value=1)
    call_command("tallies", "--survey", survey.slug, "--rebuild")
    after = agree_row(snapshots.get_dashboard_snapshot(survey))
    assert after == full_row(survey) != before
    assert after[1] == 0


def test_responses_imported_on_an_earlier_day_and_rebuilt_are_shown(survey):
    snapshots.get_dashboard_snapshot(survey)
    template = Response.objects.filter(survey=survey).first()
    day = timezone.make_aware(dt.datetime(2026, 3, 3, 9))
    imported = Response.objects.bulk_create(
        Response(
            token=f"import-{i}",
            survey=survey,
            version=template.version,
            attributes=template.attributes,
            channel="papier",
            started_at=day,
            completed_at=day,
        )
        for i in range(25)
    )
    Answer.objects.bulk_create(Answer(response=r, question_id="wmo_1", value=5) for r in imported)
    tallies.rebuild(survey)
    snapshot = snapshots.get_dashboard_snapshot(survey)
    assert snapshot.locate is not None  # drawn from the counters, not the full dataset
    assert len(snapshot.dataset.frame) == 285
    assert agree_row(snapshot) == full_row(survey)


def test_a_completion_on_an_earlier_day_raises_the_generation_and_today_does_not(db):
    survey = SurveyFactory(in_fieldwork=True)
    respond(survey, {"wmo_1": 5})
    assert tallies.generation_of(survey.pk) == 0  # the ordinary completion: today
    respond(survey, {"wmo_1": 5}, on=timezone.localdate() - dt.timedelta(days=3))
    assert tallies.generation_of(survey.pk) == 1
    tallies.rebuild(survey)
    assert tallies.generation_of(survey.pk) == 2
