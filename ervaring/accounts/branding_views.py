"""The organisation's house style as a stylesheet, for respondent pages and the report.

A stylesheet rather than a `<style>` element: the Content-Security-Policy allows styles from
our own origin only. The address carries the colour (`?v=00689e`), so a browser may keep the
file for a year and a new colour is a new address.
"""

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from ervaring.accounts import branding
from ervaring.accounts.models import Organisation

YEAR = 365 * 24 * 60 * 60


@require_GET
def house_style(request: HttpRequest, slug: str) -> HttpResponse:
    """Public: an unknown organisation gets the product's colours, so the address tells
    nobody which organisations exist."""
    stored = (
        Organisation.objects.filter(slug=slug).values_list("house_colour", flat=True).first() or ""
    )
    response = HttpResponse(branding.house_style_css(stored), content_type="text/css")
    is_current = request.GET.get("v", "") == branding.house_style_version(stored)
    response["Cache-Control"] = f"public, max-age={YEAR if is_current else 300}"
    return response
