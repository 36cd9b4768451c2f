"""The shared axe fixture checks what issue 14 asks: WCAG 2.2 AA and axe's best practices."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

#: Fine for WCAG A/AA, wrong by axe's best practices: no <main> or other landmark, no <h1>,
#: a heading level skipped.
WITHOUT_STRUCTURE = """<!doctype html><html lang="nl"><head><title>Proef</title></head>
<body><h3>Uw ervaring</h3><p>Een tekst buiten elk landmark.</p></body></html>"""


def test_the_scan_reports_missing_landmarks_and_headings(chromium, axe_scan):
    context = chromium.new_context()
    page = context.new_page()
    page.set_content(WITHOUT_STRUCTURE)
    found = {rule for rule, _ in axe_scan(page, "axe-proef")}
    context.close()
    assert {"landmark-one-main", "page-has-heading-one", "region"} <= found
