"""National reference figures: imported all or nothing by the installation's administrator
only (page and command, logged), and shown in the report beside the own figure, for the
latest year up to the report's, with one decimal rounded half up."""

import io

import pytest
from django.core.management import CommandError, call_command

from ervaring.accounts.models import AuditEvent, Staff
from ervaring.accounts.tests.factories import StaffFactory
from ervaring.accounts.tests.helpers import PASSWORD, give_app, log_in
from ervaring.reporting.docx_report import render_docx
from ervaring.reporting.models import NationalFigure
from ervaring.reporting.national_services import (
    NationalImportError,
    import_national,
    national_for,
)
from ervaring.reporting.report import build_report
from ervaring.reporting.report_render import render_html
from ervaring.reporting.tests.survey_data import YEAR, make_survey

pytestmark = pytest.mark.django_db
URL = "/beheer/installatie/landelijke-cijfers/"
GOOD = (
    "jaar;wet;vraag;percentage eens;n\n"
    "2024;wmo;wmo-2;60,0;9000\n"
    "2025;Wmo;wmo-2;72,45;9500\n"
    "2025;wmo;wmo-1;80;\n"
    f"{YEAR + 1};wmo;wmo-2;99,0;100\n"
)


def _figures():
    return sorted(
        NationalFigure.objects.values_list("law", "year", "question", "pct_agree", "n", "source")
    )


def test_a_good_file_is_stored_to_one_decimal_rounded_half_up_with_its_source():
    result = import_national(GOOD.encode())
    assert result.figures == 4
    assert result.years == (("wmo", 2024), ("wmo", 2025), ("wmo", YEAR + 1))
    stored = {(y, q): (str(p), n, s) for _, y, q, p, n, s in _figures()}
    assert stored[(2025, "wmo-2")] == ("72.5", 9500, "Gemeentelijke Monitor Sociaal Domein 2025")
    assert stored[(2025, "wmo-1")] == ("80.0", None, "Gemeentelijke Monitor Sociaal Domein 2025")
    event = AuditEvent.objects.get(action="reporting.national_import")
    assert event.organisation is None and event.details == {"figures": 4}


def test_bad_rows_are_named_by_row_and_column_and_nothing_is_written():
    bad = (
        "jaar;wet;vraag;percentage eens;n\n"
        "2025;wmo;wmo-2;71,0;100\n"  # good, but the file is refused as a whole
        "twintig;wmo;wmo-3;70;100\n"
        "2025;zorg;wmo-4;70;100\n"
        "2025;wmo;wmo-99;70;100\n"
        "2025;wmo;wmo-5;120;100\n"
        "2025;wmo;wmo-6;70;12,5\n"
        "2025;wmo;wmo-2;70;100\n"
    )
    with pytest.raises(NationalImportError) as refused:
        import_national(bad.encode())
    assert refused.value.problems == [
        "Rij 3, kolom 'jaar': 'twintig' is geen jaar; schrijf bijvoorbeeld 2025.",
        "Rij 4, kolom 'wet': 'zorg' is geen wet; schrijf wmo of jeugd.",
        "Rij 5, kolom 'vraag': 'wmo-99' is geen standaardvraag van de Wmo; schrijf het "
        "nummer van de standaardvraag, zoals wmo-2 of jeugd-ouder-3.",
        "Rij 6, kolom 'percentage eens': 120 is meer dan 100; een percentage kan dat niet zijn.",
        "Rij 7, kolom 'n': 12,5 is geen heel getal; een aantal is heel.",
        "Rij 8, kolom 'vraag': 'wmo-2' over 2025 staat ook al in rij 2.",
    ]
    assert _figures() == []
    assert not AuditEvent.objects.filter(action="reporting.national_import").exists()


def test_a_missing_column_is_named():
    with pytest.raises(NationalImportError) as refused:
        import_national(b"jaar;wet;vraag;n\n2025;wmo;wmo-2;100\n")
    assert "De kolom 'percentage eens' ontbreekt" in refused.value.problems[0]
    with pytest.raises(NationalImportError) as refused:
        import_national(b"jaar;vraag;n\n2025;wmo-2;100\n")
    assert "De kolommen 'wet', 'percentage eens' ontbreken" in refused.value.problems[0]


def test_a_jeugd_question_belongs_to_the_jeugd_law():
    with pytest.raises(NationalImportError) as refused:
        import_national(b"jaar;wet;vraag;percentage eens\n2025;wmo;jeugd-ouder-1;70\n")
    assert "Rij 2, kolom 'vraag': 'jeugd-ouder-1' is geen standaardvraag" in str(refused.value)
    import_national(b"jaar;wet;vraag;percentage eens\n2025;Jeugdwet;jeugd-ouder-1;70\n")
    assert _figures()[0][:3] == ("jeugd", 2025, "jeugd-ouder-1")


def test_a_reimport_replaces_that_year_and_law_and_keeps_the_others():
    import_national(GOOD.encode())
    import_national(
        b"jaar;wet;vraag;percentage eens\n2025;wmo;wmo-3;65,5\n", source_text="Monitor herzien"
    )
    assert [(y, q, str(p), s) for _, y, q, p, _, s in _figures()] == [
        (2024, "wmo-2", "60.0", "Gemeentelijke Monitor Sociaal Domein 2024"),
        (2025, "wmo-3", "65.5", "Monitor herzien"),  # wmo-1 and wmo-2 of 2025 are gone
        (YEAR + 1, "wmo-2", "99.0", f"Gemeentelijke Monitor Sociaal Domein {YEAR + 1}"),
    ]


def test_a_report_takes_the_latest_year_up_to_its_own():
    import_national(GOOD.encode())
    assert {q: f.year for q, f in national_for("wmo", 2025).items()} == {
        "wmo-2": 2025,
        "wmo-1": 2025,
    }
    assert national_for("wmo", 2024)["wmo-2"].pct_agree == 60.0
    assert national_for("wmo", 2023) == {}
    assert national_for("jeugd", 2025) == {}


def test_the_report_shows_the_national_figure_of_the_latest_earlier_year_with_its_source():
    survey = make_survey()  # a Wmo survey of YEAR with "Ik werd snel geholpen." (wmo-2)
    import_national(GOOD.replace(f"{YEAR + 1};", "2023;").encode())  # no figure for YEAR itself
    report = build_report(survey)
    (table,) = [t.benchmark_table for t in report.themes if t.benchmark_table]
    assert table.header[2] == "Landelijk 2025"
    row = next(r for r in table.rows if r[0].text == "Ik werd snel geholpen.")
    assert row[2].text == "72,5%"  # 72,45 in the file: half up to one decimal, decimal comma
    assert any("Bron: Gemeentelijke Monitor Sociaal Domein 2025" in note for note in table.notes)
    assert any(f"Het landelijk cijfer over {YEAR} is er nog niet" in n for n in table.notes)
    html = render_html(report)
    assert "Landelijk 2025" in html and "72,5%" in html
    from docx import Document

    document = Document(io.BytesIO(render_docx(report)))
    cells = {c.text for t in document.tables for r in t.rows for c in r.cells}
    assert {"Landelijk 2025", "72,5%"} <= cells


def test_the_report_has_no_national_column_without_national_figures():
    assert all(t.benchmark_table is None for t in build_report(make_survey()).themes)


def test_the_command_imports_and_refuses_a_bad_file_naming_the_row(tmp_path):
    good = tmp_path / "landelijk.csv"
    good.write_text(GOOD, encoding="utf-8")
    out = io.StringIO()
    call_command("national_figures", "import", "--file", str(good), stdout=out)
    assert f"4 landelijke cijfers ingelezen (Wmo 2024, Wmo 2025, Wmo {YEAR + 1})." in out.getvalue()
    event = AuditEvent.objects.get(action="reporting.national_import")
    assert event.actor_label == "national-figures import"
    bad = tmp_path / "fout.csv"
    bad.write_text("jaar;wet;vraag;percentage eens\n2025;wmo;wmo-2;abc\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Rij 2, kolom 'percentage eens': 'abc' is geen getal"):
        call_command("national_figures", "import", "--file", str(bad))
    assert len(_figures()) == 4


def test_the_installation_administrator_imports_on_the_page(client):
    operator = Staff.objects.create_superuser("operator", "op@example.org", PASSWORD)
    log_in(client, "operator", give_app(operator))
    response = client.post(
        URL, {"file": _file(GOOD), "source": "Gemeentelijke Monitor Sociaal Domein 2025"}
    )
    assert response.status_code == 302
    assert AuditEvent.objects.get(action="reporting.national_import").actor == operator
    page = client.get(URL).content.decode()
    assert "Gemeentelijke Monitor Sociaal Domein 2025" in page
    refused = client.post(URL, {"file": _file("jaar;wet;vraag;percentage eens\n2025;x;wmo-2;7\n")})
    assert refused.status_code == 422
    text = refused.content.decode()
    assert "<title>Fout: " in text and "Rij 2, kolom &#x27;wet&#x27;" in text
    assert len(_figures()) == 4


def _file(text):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("landelijk.csv", text.encode(), content_type="text/csv")


def test_an_organisations_beheerder_cannot_import_or_see_the_page(client):
    beheerder = StaffFactory(beheerder=True, username="beheer")
    log_in(client, "beheer", give_app(beheerder))
    assert client.get(URL).status_code == 404
    assert client.post(URL, {"file": _file(GOOD)}).status_code == 404
    assert _figures() == []
