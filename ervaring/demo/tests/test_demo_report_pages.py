"""No page of the demo-sized report, raadsbrief or quarterly report is left half empty
(the measure and its threshold: ``ervaring/reporting/tests/test_report_pages.py``), and the
raadsbrief is two A4 pages, as a council letter is (the Purmerend example), with every part."""

import pytest

from ervaring.reporting.tests.test_report_pages import half_empty, page_fills, page_texts


@pytest.mark.django_db
def test_no_page_of_the_demo_report_raadsbrief_or_quarterly_report_is_half_empty(tmp_path):
    """One test for the three documents: the demo is seeded once (it is the slow part)."""
    from ervaring.demo.generator import seed_demo
    from ervaring.fieldwork.cohorts import set_continuous
    from ervaring.reporting import monitor_export
    from ervaring.reporting.council_letter import build
    from ervaring.reporting.report import build_report
    from ervaring.reporting.report_render import render_council_letter_pdf, render_pdf

    demo = seed_demo()  # the demo's size: 400 respondents, five teams, eight quarters
    survey = demo.wmo_survey
    report = build_report(survey)
    letter = build(report)
    # The demo letter has every part, the comparison with other municipalities and the
    # country included, so two pages are not bought by leaving a part out.
    assert letter.references and letter.registration and letter.complaints and letter.actions
    documents = {
        "rapport": render_pdf(report),
        "raadsbrief": render_council_letter_pdf(letter),
    }
    set_continuous(survey, True)  # the quarterly report is made for a continuous survey
    edition = monitor_export.quarter_edition(demo.organisation, survey, "2026-K3", [])
    documents["kwartaalrapport"] = monitor_export.render_quarter_pdf(edition)

    problems, pages = {}, {}
    for name, pdf in documents.items():
        fills = page_fills(pdf, tmp_path, name)
        assert fills, name
        pages[name] = len(fills)
        if found := half_empty(fills, page_texts(tmp_path / f"{name}.pdf")):
            problems[name] = found
    assert problems == {}, "pages (number, % filled) left more than half empty"
    assert pages["raadsbrief"] == 2
