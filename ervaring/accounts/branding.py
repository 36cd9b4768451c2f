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
