"""An organisation's logo and contact details as letters, e-mails, pages and the report use
them: checked once when the beheerder saves them, so no letter run fails on a bad file.

Pillow is imported when a logo is checked (a beheerder's upload), never on a respondent's
request.
"""

from __future__ import annotations

import base64
import io
import re
from pathlib import Path

#: What a logo may be: small enough for every letter of a print run, big enough to print.
MAX_LOGO_BYTES = 500 * 1024
MAX_LOGO_SIDE = 3000
LOGO_FORMATS = {"PNG": "image/png", "JPEG": "image/jpeg"}
#: A phone number as a municipality publishes it: 14 0318, 0318 123 456, +31 318 123 456.
PHONE = re.compile(r"^\+?[0-9][0-9 ()-]{2,18}[0-9]$")


class LogoError(ValueError):
    """The upload is not a usable logo; the message says why, in Dutch."""


def check_logo(data: bytes) -> str:
    """The logo's MIME type, or LogoError with the reason (size, format, dimensions)."""
    from PIL import Image, UnidentifiedImageError

    if len(data) > MAX_LOGO_BYTES:
        raise LogoError(
            f"Het logo is {len(data) // 1024} kB; het mag hoogstens "
            f"{MAX_LOGO_BYTES // 1024} kB zijn."
        )
    try:
        with Image.open(io.BytesIO(data)) as image:
            kind, size = image.format, image.size
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise LogoError("Dit bestand is geen afbeelding. Kies een PNG- of JPEG-bestand.") from error
    if kind not in LOGO_FORMATS:
        raise LogoError(f"Een logo als {kind} kan niet. Kies een PNG- of JPEG-bestand.")
    if max(size) > MAX_LOGO_SIDE:
        raise LogoError(
            f"Het logo is {size[0]} bij {size[1]} pixels; hoogstens {MAX_LOGO_SIDE} per kant."
        )
    return LOGO_FORMATS[kind]


def logo_bytes(logo: bytes | memoryview, logo_path: str = "") -> bytes | None:
    """The organisation's logo: the uploaded one, else a file an operator put on the server."""
    if logo:
        return bytes(logo)
    path = Path(logo_path) if logo_path else None
    return path.read_bytes() if path and path.is_file() else None


def logo_data_uri(data: bytes | None) -> str:
    """The logo inside the report's HTML (and so its PDF), without a file on disk."""
    if not data:
        return ""
    mime = "image/png" if data.startswith(b"\x89PNG") else "image/jpeg"
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def is_phone_number(text: str) -> bool:
    return bool(PHONE.match(text.strip())) and sum(c.isdigit() for c in text) >= 5


#: The product's own colour, used when an organisation has none: 10.4:1 on white.
DEFAULT_COLOUR = "#154273"
#: The backgrounds the house colour is used on or under: white pages and buttons with white
#: text, and the light grey-blue of notices, chosen answers and the respondent's footer.
BACKGROUNDS = ("#ffffff", "#f3f6f9")
#: WCAG 2.2 AA for normal text (1.4.3): the colour is used for links, headings and button text.
MIN_CONTRAST = 4.5
HEX_COLOUR = re.compile(r"^#?([0-9a-fA-F]{6}|[0-9a-fA-F]{3})$")


class ColourError(ValueError):
    """The colour cannot be used; the message says why and suggests one that can, in Dutch."""


def relative_luminance(colour: str) -> float:
    """WCAG 2.x relative luminance of #rrggbb (sRGB, the definition's 0.03928 threshold)."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(first: str, second: str) -> float:
    """WCAG contrast ratio of two #rrggbb colours, from 1 (same) to 21 (black on white)."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def darken(colour: str, factor: float) -> str:
    """The colour with each channel scaled by `factor` (0-1): same hue, darker."""
    return "#" + "".join(f"{round(int(colour[i : i + 2], 16) * factor):02x}" for i in (1, 3, 5))


def normalise_colour(text: str) -> str:
    """'#1A2b3c', '1a2b3c' or '#abc' as '#1a2b3c'; ColourError if it is no colour code."""
    match = HEX_COLOUR.match(text.strip())
    if not match:
        raise ColourError(
            f"‘{text.strip()}’ is geen kleurcode. Schrijf de kleur als # met zes tekens, "
            "bijvoorbeeld #00689e (zo staat hij in de huisstijlgids)."
        )
    digits = match.group(1).lower()
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    return f"#{digits}"


def check_house_colour(text: str) -> str:
    """The colour as #rrggbb when white text on it, and it on each background, is readable
    (WCAG AA); otherwise ColourError naming the contrast and a darker tint that passes."""
    colour = normalise_colour(text)
    worst = min(contrast_ratio(colour, background) for background in BACKGROUNDS)
    if worst >= MIN_CONTRAST:
        return colour
    suggestion = readable_tint(colour)
    raise ColourError(
        f"Met {colour} is tekst slecht te lezen: het contrast is {_ratio_text(worst)}, en dat "
        f"moet minstens {_ratio_text(MIN_CONTRAST)} zijn (WCAG AA). De kleur komt op knoppen "
        "met witte tekst, en als tekstkleur op een witte en een lichtgrijze achtergrond. "
        f"Een donkerder tint van dezelfde kleur die wel kan: {suggestion}."
    )


def readable_tint(colour: str) -> str:
    """The lightest darker tint of `colour` that meets the contrast on every background."""
    for step in range(100, -1, -1):
        tint = darken(colour, step / 100)
        if all(contrast_ratio(tint, b) >= MIN_CONTRAST for b in BACKGROUNDS):
            return tint
    return "#000000"


def hover_colour(colour: str) -> str:
    """A darker shade for hovered buttons and links (more contrast, never less)."""
    return darken(colour, 0.7)


def house_colour(stored: str) -> str:
    """The organisation's colour, or the product's own when none was chosen."""
    return stored or DEFAULT_COLOUR


def _ratio_text(ratio: float) -> str:
    return f"{ratio:.1f}:1".replace(".", ",")


def house_style_css(stored: str) -> str:
    """The stylesheet that gives pages and the report the organisation's colour: two custom
    properties that the product's stylesheets use (`var(--house, ...)`)."""
    colour = house_colour(stored)
    return f":root {{ --house: {colour}; --house-hover: {hover_colour(colour)}; }}\n"


def house_style_version(stored: str) -> str:
    """The `v` of the stylesheet's address: the colour without '#', or 'standaard'."""
    return stored.lstrip("#") or "standaard"
