"""Uploaded population files kept between "check the columns" and "import".

The upload page works in two steps, so the file must survive one request. It is kept in a
private directory under the system's temporary directory, named by a random token that only
the uploader's session holds, and deleted as soon as the import succeeds or a new file is
uploaded. A problems list (CSV) is kept beside it for download.
"""

import re
import secrets
import tempfile
from pathlib import Path

_TOKEN = re.compile(r"^[A-Za-z0-9_-]{32,64}$")


def _directory() -> Path:
    path = Path(tempfile.gettempdir()) / "ervaring-uploads"
    path.mkdir(mode=0o700, exist_ok=True)
    return path


def _path(token: str, suffix: str) -> Path:
    if not _TOKEN.match(token):
        raise FileNotFoundError(token)
    return _directory() / f"{token}.{suffix}"


def save_upload(data: bytes) -> str:
    """Keep the bytes; returns the token to find them again."""
    token = secrets.token_urlsafe(32)
    path = _path(token, "upload")
    path.write_bytes(data)
    path.chmod(0o600)
    return token


def load_upload(token: str) -> bytes:
    """The kept bytes; raises FileNotFoundError when gone (or the token is not ours)."""
    return _path(token, "upload").read_bytes()


def save_problems(token: str, text: str) -> None:
    path = _path(token, "problems.csv")
    path.write_text(text, encoding="utf-8-sig")
    path.chmod(0o600)


def load_problems(token: str) -> bytes:
    return _path(token, "problems.csv").read_bytes()


def discard(token: str) -> None:
    """Delete the upload and its problems list, if they exist."""
    for suffix in ("upload", "problems.csv"):
        try:
            _path(token, suffix).unlink(missing_ok=True)
        except FileNotFoundError:
            return
