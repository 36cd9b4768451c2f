"""`{% house_style organisation %}`: the link to an organisation's colour stylesheet, or
nothing when it keeps the product's own colours (no request for the default)."""

from django import template
from django.urls import reverse
from django.utils.html import format_html

from ervaring.accounts.branding import house_style_version

register = template.Library()


@register.simple_tag
def house_style(organisation: object) -> str:
    colour = getattr(organisation, "house_colour", "")
    if not colour:
        return ""
    url = reverse("branding:house-style", args=[organisation.slug])
    return format_html('<link rel="stylesheet" href="{}?v={}">', url, house_style_version(colour))
