"""The raadsbrief puts this year's % eens beside the other municipalities' fixed average (from
five taking part) and the national figure, as the report's comparison table does; it says
nothing where neither exists, and never carries a suppressed figure.

Every expected number is worked out here from the fixture's own data (the stored answers,
the other municipalities' figures, the national file), not taken from the report.
"""

import datetime as dt
import io
import re
import subprocess
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.template.loader import render_to_string
from django.utils import timezone
from docx import Document

from ervaring.accounts.tests.factories import OrganisationFactory
from ervaring.analysis.benchmark import shown_year
from ervaring.analysis.models import TrendResult, TrendSource
from ervaring.questionnaires.models import Survey, SurveyStatus
from ervaring.questionnaires.tests.factories import SurveyFactory
from ervaring.reporting.council_letter import build
from ervaring.reporting.docx_report import render_council_letter
from ervaring.reporting.national_services import import_national
from ervaring.reporting.report import build_report
from ervaring.reporting.report_render import render_council_letter_pdf
from ervaring.reporting.tests.survey_data import YEAR, make_survey
from ervaring.reporting.tests.test_report import inflated
from ervaring.responses.models import Answer

pytestmark = pytest.mark.django_db

STATEMENT = "‘Ik werd snel geholpen’"
HEADING = "Vergeleken met andere gemeenten en landelijk"
OTHERS = (55.0, 64.0, 70.5, 63.0)  # mean 63.125 -> 63%
NATIONAL = "jaar;wet;vraag;percentage eens;n\n2025;wmo;wmo-2;72,45;9500\n"  # -> 72,5%


def _half_up(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _own_percent(survey) -> str:
    """% (helemaal) mee eens on 'Ik werd snel geholpen' from the stored answers: 4 and 5
    agree, 8 and 9 (n.v.t., weet niet) are left out."""
    values = list(
        Answer.objects.filter(response__survey=survey, question_id="wmo_2").values_list(
            "value", flat=True
        )
    )
    counted = [v for v in values if v in (1, 2, 3, 4, 5)]
    return f"{_half_up(Decimal(100 * sum(v >= 4 for v in counted)) / len(counted))}%"


def _other(pct: float, year: int) -> None:
    """Another participating municipality that reported ``year`` well before its cut-off."""
    organisation = OrganisationFactory(benchmark_opt_in=True)
    survey = SurveyFactory(organisation=organisation)
    Survey.objects.filter(pk=survey.pk).update(
        status=SurveyStatus.REPORTED,
        opens_on=dt.date(year, 2, 1),
        reported_at=timezone.make_aware(dt.datetime(year + 1, 2, 1, 12)),
    )
    TrendResult.objects.create(
        organisation=organisation, law="wmo", year=year, question="wmo-2",
        pct_agree=pct, n=150, source=TrendSource.DATASET,
    )  # fmt: skip


def _survey(others: tuple[float, ...] = OTHERS, national: bool = True):
    survey = make_survey()
    survey.organisation.benchmark_opt_in = True
    survey.organisation.save()
    shown = shown_year(YEAR, timezone.localdate())
    for pct in others:
        _other(pct, shown)
    if national:
        import_national(NATIONAL.encode())
    return survey, shown


def _texts(letter, tmp_path) -> dict[str, str]:
    """The letter as the PDF, the Word file and the app's page print it, spaces collapsed."""
    path = tmp_path / "brief.pdf"
    path.write_bytes(render_council_letter_pdf(letter))
    pdf = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    docx = "\n".join(p.text for p in Document(io.BytesIO(render_council_letter(letter))).paragraphs)
    html = render_to_string("reporting/_council_letter.html", {"letter": letter})
    texts = {"pdf": pdf, "docx": docx, "html": html}
    return {name: " ".join(text.split()) for name, text in texts.items()}


def test_the_letter_puts_the_own_figure_beside_other_municipalities_and_the_country(tmp_path):
    survey, shown = _survey()
    own = _own_percent(survey)
    mean = _half_up(sum(map(Decimal, map(str, OTHERS))) / len(OTHERS))
    intro = (
        "Per vaste vraag staat hieronder hoeveel procent van de cliënten het eens is, met "
        f"tussen haakjes het gemiddelde van andere gemeenten over {shown} en het landelijke "
        "cijfer over 2025."
    )
    line = f"{STATEMENT}: {own} (andere gemeenten {mean}%, landelijk 72,5%)."
    letter = build(build_report(survey))
    assert letter.reference_intro == intro and line in letter.references
    for name, text in _texts(letter, tmp_path).items():
        assert HEADING in text and intro in text and line in text, name
    # The tighter two-page letter is still a tagged PDF in Dutch with its title.
    info = subprocess.run(
        ["pdfinfo", tmp_path / "brief.pdf"], capture_output=True, text=True, check=True
    ).stdout
    assert re.search(r"Tagged:\s+yes", info) and letter.subject in info
    assert b"/Lang (nl)" in inflated((tmp_path / "brief.pdf").read_bytes())


def test_with_three_others_only_the_national_figure_is_named(tmp_path):
    survey, _ = _survey(others=OTHERS[:3])
    letter = build(build_report(survey))
    assert letter.reference_intro.endswith("met tussen haakjes het landelijke cijfer over 2025.")
    assert f"{STATEMENT}: {_own_percent(survey)} (landelijk 72,5%)." in letter.references
    assert not any("andere gemeenten" in line for line in letter.references)


def test_without_comparisons_the_letter_has_no_such_part(tmp_path):
    survey, _ = _survey(others=OTHERS[:3], national=False)
    letter = build(build_report(survey))
    assert letter.references == ()
    for name, text in _texts(letter, tmp_path).items():
        assert HEADING not in text and "landelijk" not in text, name
    assert letter.reference_intro == ""


def test_a_suppressed_statement_is_never_compared(tmp_path):
    survey, _ = _survey()
    own = _own_percent(survey)
    # More answers than anyone gave, so every figure is suppressed (the field is a small
    # integer: PostgreSQL refuses 100,000, which SQLite stored without a word).
    survey.min_group_size = 30_000
    survey.save(update_fields=["min_group_size"])
    letter = build(build_report(survey))
    assert letter.references == () and letter.reference_intro == ""
    for name, text in _texts(letter, tmp_path).items():
        assert HEADING not in text and "72,5%" not in text and STATEMENT not in text, name
        assert f"{own} is het eens" not in text, name
