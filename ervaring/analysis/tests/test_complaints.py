"""Complaint signals: the threshold, its complement, the import, the page."""

import io
import itertools

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from ervaring.accounts.models import AuditEvent
from ervaring.accounts.tests.factories import StaffFactory
from ervaring.analysis import complaint_services, complaints
from ervaring.analysis.complaints import ProviderFigure, shown_providers, summarise
from ervaring.analysis.models import ComplaintFigure
from ervaring.questionnaires.tests.factories import SurveyFactory

HEADER = "jaar;aanbieder;unieke cliënten;bejegening;beslissing;uitvoering\n"


def test_a_provider_under_the_threshold_is_not_shown():
    assert shown_providers({"A": 12, "B": 15, "C": 3, "D": 4}, 10) == {"A", "B"}


def test_one_hidden_provider_hides_the_smallest_shown_one_too():
    """Total 30 with A 12, B 15 shown would give C = 30 - 27 = 3: so A goes too."""
    assert shown_providers({"A": 12, "B": 15, "C": 3}, 10) == {"B"}


def test_one_hidden_beside_one_shown_leaves_only_the_total():
    assert shown_providers({"A": 12, "C": 3}, 10) == frozenset()


def test_ties_at_the_smallest_shown_go_together():
    assert shown_providers({"A": 12, "B": 12, "E": 20, "C": 3}, 10) == {"E"}


def test_providers_without_complaints_are_no_company():
    """D with 0 complaints hides nothing: total - shown would still be C's 3."""
    assert shown_providers({"A": 12, "B": 15, "C": 3, "D": 0}, 10) == {"B"}


@given(
    st.dictionaries(st.sampled_from("ABCDEFG"), st.integers(min_value=0, max_value=30), max_size=7),
    st.integers(min_value=1, max_value=15),
)
def test_the_attack_total_minus_shown_never_gives_one_hidden_provider(clients, threshold):
    """The reader's attack: the published total minus the named providers is what the
    hidden ones have together. It must never be exactly one provider's figure under the
    threshold while any provider is named (with none named, only the municipality's total
    is published), and no provider under the threshold is ever named."""
    summary = summarise(2025, [ProviderFigure(p, n, {}) for p, n in clients.items()], {}, threshold)
    named = {p.provider: p.clients for p in summary.providers}
    assert all(n >= threshold for n in named.values())
    hidden = [n for p, n in clients.items() if p not in named and n > 0]
    assert summary.total - sum(named.values()) == sum(hidden)
    if named and any(n < threshold for n in hidden):
        assert len(hidden) != 1


def test_the_summary_gives_the_range_of_earlier_years_and_the_main_subjects():
    figures = [
        ProviderFigure("Zorg A", 3, {"bejegening": 2, "beslissing": 1}),
        ProviderFigure("Zorg B", 2, {"bejegening": 1, "uitvoering": 2, "wachttijd": 1}),
    ]
    summary = summarise(2025, figures, {2022: 4, 2023: 7, 2024: 6, 2026: 99}, 10)
    text = " ".join(complaints.sentences(summary))
    assert "In 2025 dienden 5 unieke cliënten een klacht in" in text
    assert "tussen de 4 en 7 per jaar" in text
    # bejegening 3, uitvoering 2, then beslissing and wachttijd tied at 1: by name.
    assert "De meeste klachten gingen over bejegening, uitvoering en beslissing." in text
    assert "Zorg A" not in text and "Zorg B" not in text


def rows(text):
    return [(i, line.split(";")) for i, line in enumerate(text.splitlines(), start=2)]


def test_the_check_names_row_and_column_of_every_problem():
    with pytest.raises(complaints.ComplaintImportError) as raised:
        complaints.check_rows(
            HEADER.strip().split(";"),
            rows("2024;Zorg A;5;2;x;1\n1990;;4;;;\n2024;zorg a;3;4;;"),
            first_year=2015,
            last_year=2026,
        )
    assert raised.value.errors == (
        "Rij 2, kolom ‘beslissing’: vul een heel getal in (0 of meer) of laat de cel leeg.",
        "Rij 3, kolom ‘jaar’: vul een jaar in tussen 2015 en 2026.",
        "Rij 3, kolom ‘aanbieder’: vul de naam van de organisatie in.",
        "Rij 4, kolom ‘bejegening’: meer cliënten (4) dan unieke cliënten (3).",
        "Rij 4, kolom ‘aanbieder’: zorg a staat voor 2024 ook al in rij 2.",
    )


@pytest.mark.parametrize("figure", ["²", "٣", "-1", "1.5", "99999999", "1e3"])
def test_a_figure_that_is_no_plain_whole_number_is_refused_not_crashed(figure):
    with pytest.raises(complaints.ComplaintImportError) as raised:
        complaints.check_rows(
            ["jaar", "aanbieder", "unieke cliënten"],
            [(2, ["2024", "Zorg A", figure])],
            first_year=2015,
            last_year=2026,
        )
    assert raised.value.errors == (
        "Rij 2, kolom ‘unieke cliënten’: vul een heel getal in (0 of meer).",
    )


def test_a_missing_column_is_named():
    with pytest.raises(complaints.ComplaintImportError) as raised:
        complaints.check_rows(["jaar", "naam"], [], first_year=2015, last_year=2026)
    assert "De kolom ‘aanbieder’ ontbreekt." in raised.value.errors
    assert "De kolom ‘unieke cliënten’ ontbreekt." in raised.value.errors


@pytest.fixture
def survey(db):
    return SurveyFactory()


@pytest.fixture
def researcher(client, survey):
    staff = StaffFactory(organisation=survey.organisation)
    client.force_login(staff)
    return staff


def test_an_import_with_one_bad_row_stores_nothing(survey):
    good = HEADER + "2024;Zorg A;5;2;1;1\n"
    complaint_services.import_complaints(
        survey.organisation, survey.law, "klachtinstantie", good.encode(), actor=None
    )
    bad = HEADER + "2025;Zorg A;5;2;1;1\n2025;Zorg B;veel;;;\n"
    with pytest.raises(complaints.ComplaintImportError) as raised:
        complaint_services.import_complaints(
            survey.organisation, survey.law, "klachtinstantie", bad.encode(), actor=None
        )
    assert raised.value.errors == (
        "Rij 3, kolom ‘unieke cliënten’: vul een heel getal in (0 of meer).",
    )
    assert list(ComplaintFigure.objects.values_list("year", flat=True)) == [2024]


def test_an_xlsx_overview_is_read(survey):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Jaar", "Aanbieder", "Unieke cliënten", "Bejegening", "Wachttijd"])
    sheet.append([2024, "Zorg A", 11, 6, None])
    sheet.append([2024, "Zorg B", 4, None, 4])
    buffer = io.BytesIO()
    book.save(buffer)
    count = complaint_services.import_complaints(
        survey.organisation, survey.law, "gemeente", buffer.getvalue(), actor=None
    )
    assert count == 2
    stored = ComplaintFigure.objects.get(provider="Zorg B")
    assert (stored.year, stored.clients, stored.subjects) == (2024, 4, {"wachttijd": 4})


def test_the_summary_uses_the_latest_year_up_to_the_report_and_adds_sources(survey):
    org, law = survey.organisation, survey.law
    for year, source, provider, clients in (
        (2023, "klachtinstantie", "Zorg A", 4),
        (2024, "klachtinstantie", "Zorg A", 8),
        (2024, "gemeente", "Zorg A", 3),
        (2024, "klachtinstantie", "Zorg B", 12),
        (2024, "klachtinstantie", "Zorg C", 2),
        (2024, "gemeente", "Zorg D", 1),
        (2026, "klachtinstantie", "Zorg A", 30),
    ):
        ComplaintFigure.objects.create(
            organisation=org, law=law, year=year, source=source, provider=provider,
            clients=clients,
        )  # fmt: skip
    summary = complaint_services.find_summary(org, law, 2025)
    assert summary.year == 2024
    # Zorg A counts 8 + 3 over both sources; Zorg C and D hide each other.
    assert summary.total == 26
    assert [(p.provider, p.clients) for p in summary.providers] == [
        ("Zorg B", 12),
        ("Zorg A", 11),
    ]
    assert summary.earlier == (4, 4, 1)
    assert summary.body == "de klachtinstantie of de gemeente"
    assert complaint_services.find_summary(org, law, 2022) is None


def test_the_threshold_is_a_setting_of_the_organisation(survey, client, researcher):
    url = reverse("analysis:complaints-threshold", args=[survey.slug])
    client.post(url, {"threshold": "5"})
    assert complaint_services.get_threshold(survey.organisation) == 5
    response = client.post(url, {"threshold": "0"}, follow=True)
    assert "Drempel: vul 1 of meer in." in response.content.decode()
    assert complaint_services.get_threshold(survey.organisation) == 5


def test_the_page_registers_one_provider_and_refuses_a_bad_number(survey, client, researcher):
    url = reverse("analysis:complaints", args=[survey.slug])
    data = {"source": "klachtinstantie", "year": "2024", "provider": "Zorg A", "clients": "6"}
    response = client.post(url, {**data, "subject_bejegening": "7"})
    assert response.status_code == 400
    assert "Veld ‘bejegening’: meer cliënten (7) dan unieke cliënten (6)." in (
        response.content.decode()
    )
    assert not ComplaintFigure.objects.exists()
    client.post(url, {**data, "subject_bejegening": "3"})
    figure = ComplaintFigure.objects.get()
    assert (figure.clients, figure.subjects, figure.changed_by) == (
        6,
        {"bejegening": 3},
        researcher,
    )
    assert AuditEvent.objects.filter(action="complaints.saved").exists()


def test_the_page_upload_shows_every_problem_and_stores_nothing(survey, client, researcher):
    url = reverse("analysis:complaints-import", args=[survey.slug])
    upload = io.BytesIO((HEADER + "2024;Zorg A;5;;;\n2024;Zorg B;5;9;;\n").encode())
    upload.name = "klachten.csv"
    response = client.post(url, {"source": "klachtinstantie", "file": upload}, follow=True)
    page = response.content.decode()
    assert "Er is niets ingelezen." in page
    assert "Rij 3, kolom ‘bejegening’: meer cliënten (9) dan unieke cliënten (5)." in page
    assert not ComplaintFigure.objects.exists()


@pytest.mark.parametrize(
    ("role", "expected"),
    [("professional", 404), ("teamleider", 404), ("invoerder", 404), ("beheerder", 200)],
)
def test_only_who_manages_the_survey_reaches_the_page(survey, client, role, expected):
    client.force_login(StaffFactory(organisation=survey.organisation, **{role: True}))
    assert client.get(reverse("analysis:complaints", args=[survey.slug])).status_code == expected


def test_another_organisations_complaints_are_a_404(survey, client):
    other = SurveyFactory()
    ComplaintFigure.objects.create(
        organisation=other.organisation, law=other.law, year=2024, source="gemeente",
        provider="Zorg X", clients=20,
    )  # fmt: skip
    client.force_login(StaffFactory(organisation=survey.organisation))
    for name, args in itertools.chain(
        [("analysis:complaints", [other.slug])],
        [("analysis:complaint-remove", [other.slug, ComplaintFigure.objects.get().pk])],
    ):
        method = client.get if name == "analysis:complaints" else client.post
        assert method(reverse(name, args=args)).status_code == 404
    # Removing by id through one's own survey cannot reach another organisation's row.
    client.post(
        reverse("analysis:complaint-remove", args=[survey.slug, ComplaintFigure.objects.get().pk])
    )
    assert ComplaintFigure.objects.filter(provider="Zorg X").exists()


def test_the_command_imports_an_overview_or_nothing_with_every_error_named(survey, tmp_path):
    from django.core.management import CommandError, call_command

    org = survey.organisation.slug
    common = ["--organisation", org, "--law", survey.law, "--source", "gemeente"]
    bad = tmp_path / "klachten.csv"
    bad.write_text(HEADER + "2024;Zorg A;5;2;1;1\n2024;Zorg B;veel;;;\n", encoding="utf-8")
    with pytest.raises(CommandError) as refused:
        call_command("complaints", "import", *common, "--file", str(bad))
    assert "Rij 3, kolom ‘unieke cliënten’" in str(refused.value)
    assert not ComplaintFigure.objects.exists()

    good = tmp_path / "klachten-goed.csv"
    good.write_text(HEADER + "2024;Zorg A;5;2;1;1\n", encoding="utf-8")
    out = io.StringIO()
    call_command("complaints", "import", *common, "--file", str(good), stdout=out)
    assert "imported 1 rows" in out.getvalue()
    assert ComplaintFigure.objects.get().source == "gemeente"
