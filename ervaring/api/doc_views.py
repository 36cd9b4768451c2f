"""The API's description: the OpenAPI document and the Dutch documentation page.

Both are public (no key): they hold no data, only how the API works. The document is kept
as YAML beside this module, written by hand, and served as JSON; a test checks it against
the OpenAPI 3.1 specification and fuzzes every endpoint from it.
"""

import json
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

DOCUMENT = Path(__file__).with_name("openapi.yaml")


@cache
def openapi_document() -> dict[str, Any]:
    """The parsed document; callers must not change it (it is shared)."""
    return yaml.safe_load(DOCUMENT.read_text(encoding="utf-8"))


@cache
def _openapi_json() -> bytes:
    return json.dumps(openapi_document(), ensure_ascii=False, indent=1).encode()


def openapi(request: HttpRequest) -> HttpResponse:
    return HttpResponse(_openapi_json(), content_type="application/json")


def docs(request: HttpRequest) -> HttpResponse:
    """How to use the API, in Dutch, with the examples of docs/api.md."""
    return render(request, "api/docs.html", {"version": openapi_document()["info"]["version"]})
