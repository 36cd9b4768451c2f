"""Both dashboards in a real browser, at phone and desktop width, with an axe scan.

Screenshots land in test-artifacts/ (dashboard-*.png) for a human look.
"""

import pytest

from ervaring.accounts.tests.helpers import log_in_browser
from ervaring.analysis import alerts
from ervaring.analysis.models import PublicSummary
from ervaring.reporting.tests.conftest import respond_many

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.xdist_group("browser"),
]
WIDTHS = {"telefoon": 360, "desktop": 1280}


def log_in(page, base, username):
    log_in_browser(page, base, username)


def test_both_dashboards_have_no_axe_violations(live_server, chromium, axe_scan, world):
    survey = world["survey"]
    answers = {"wmo_1": 5, "wmo_2": 4, "wmo_3": 3, "wmo_4": 2}
    respond_many(survey, 14, answers, team="noord")
    respond_many(survey, 11, {**answers, "wmo_1": 1, "wmo_2": 1}, team="zuid")
    alerts.evaluate_alerts(survey)
    PublicSummary.objects.create(survey=survey, is_enabled=True)
    base = live_server.url
    pages = {
        "survey": f"/beheer/onderzoek/{survey.slug}/dashboard/",
        "team": f"/beheer/onderzoek/{survey.slug}/dashboard/team/noord/",
        "public": f"/resultaten/{survey.slug}/",
    }
    found, errors = {}, []
    for label, width in WIDTHS.items():
        context = chromium.new_context(viewport={"width": width, "height": 900}, locale="nl-NL")
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        log_in(page, base, world["onderzoeker"].username)
        for name, path in pages.items():
            page.goto(base + path)
            if name != "public":
                # the refresh script ran: its stop button is there
                assert page.locator("#live-controls button").count() == 1
            page.locator("details").evaluate_all("els => els.forEach(e => e.open = true)")
            found[f"{name}-{label}"] = axe_scan(page, f"dashboard-{name}-{label}")
            assert wide_elements(page, width) == [], (name, label)
        context.close()
    # a teamleider on their own dashboard, phone width
    context = chromium.new_context(viewport={"width": 360, "height": 900}, locale="nl-NL")
    page = context.new_page()
    log_in(page, base, world["leider_noord"].username)
    page.goto(base + pages["team"])
    found["team-teamleider"] = axe_scan(page, "dashboard-team-teamleider-telefoon")
    context.close()
    assert errors == []
    assert {k: v for k, v in found.items() if v} == {}


def wide_elements(page, width):
    """Elements sticking out of the viewport (a horizontal scroll on a phone)."""
    return page.evaluate(
        """w => [...document.querySelectorAll('body *')]
          .filter(e => e.getBoundingClientRect().right > w + 1)
          .filter(e => !e.closest('.table-scroll, .chart-box'))
          .map(e => e.tagName + '.' + e.className).slice(0, 10)""",
        width,
    )
