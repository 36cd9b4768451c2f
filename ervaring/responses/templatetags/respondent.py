"""Respondent-page tags: the footer's way to reach the organisation, and the parts of the
accessibility statement (both on the online pages and on the tablet)."""

from django import template

from ervaring.responses import presenters
from ervaring.responses.accessibility_statement import statement

register = template.Library()


@register.simple_tag
def contact_line(
    organisation: object, language: str, with_lead: bool = True, is_kiosk: bool = False
) -> str:
    return presenters.contact_line(organisation, language, with_lead=with_lead, is_kiosk=is_kiosk)


@register.simple_tag
def accessibility_statement(language: str) -> dict[str, object]:
    """`{% accessibility_statement lang as statement %}`: the statement's parts, online and
    on the tablet alike."""
    return statement(language)
