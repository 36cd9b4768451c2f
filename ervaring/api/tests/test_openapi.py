"""The OpenAPI document is valid, matches the routes, and the Dutch page describes it."""

import json
import re

import pytest
from django.urls import get_resolver
from openapi_spec_validator import validate

from ervaring.api import doc_views

pytestmark = pytest.mark.django_db


def operations():
    document = doc_views.openapi_document()
    return {
        (method.upper(), path)
        for path, item in document["paths"].items()
        for method in item
        if method in {"get", "post", "put", "patch", "delete"}
    }


def test_the_document_is_valid_openapi_3_1_and_served_as_json(client):
    document = doc_views.openapi_document()
    assert document["openapi"].startswith("3.1")
    validate(document)
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    assert json.loads(response.content) == document


def test_every_api_route_is_in_the_document_and_every_operation_has_a_route():
    api = next(p for p in get_resolver().url_patterns if getattr(p, "namespace", None) == "api")
    routes = {
        "/" + re.sub(r"<str:(\w+)>", r"{\1}", str(p.pattern))
        for p in api.url_patterns
        if getattr(p, "name", None) not in {None, "openapi", "docs"}
    }
    assert routes == {path for _, path in operations()}


def test_the_dutch_page_names_every_operation_and_request_field_and_loads_nothing_foreign(
    client,
):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    page = response.content.decode()
    assert '<html lang="nl">' in page
    for method, path in operations():
        assert f"{method} /api/v1{path}" in page, (method, path)
    request = doc_views.openapi_document()["components"]["schemas"]["InvitationRequest"]
    for field in request["properties"]:
        assert f"<code>{field}</code>" in page, field
    for code in ("invalid_json", "unauthorised", "forbidden", "not_found", "rate_limited"):
        assert code in page
    assert "<script" not in page and "<style" not in page
    assert not re.search(r'(src|href)="(https?:)?//', page)
    assert "default-src 'self'" in response["Content-Security-Policy"]
