"""API keys: made by the beheerder and shown once, stored hashed, revocable, throttled, logged."""

import json

import pytest
from django.http import JsonResponse
from django.test import RequestFactory

from ervaring.accounts.models import AuditEvent
from ervaring.accounts.security import throttle
from ervaring.accounts.tests.factories import OrganisationFactory, StaffFactory
from ervaring.api import keys
from ervaring.api.auth import api_view
from ervaring.api.models import ApiKey, Scope

pytestmark = pytest.mark.django_db
PAGE = "/account/api-sleutels/"


@pytest.fixture
def beheerder():
    return StaffFactory(beheerder=True)


@api_view(Scope.RESULTS)
def echo(request, api_key):
    return JsonResponse({"organisation": api_key.organisation.slug})


def call(secret=None, *, header=None, method="get"):
    headers = {"Authorization": header or f"Bearer {secret}"} if (secret or header) else {}
    request = getattr(RequestFactory(), method)("/api/v1/test", headers=headers)
    return echo(request)


def test_the_beheerder_makes_a_key_that_is_shown_once_and_stored_only_as_a_hash(client, beheerder):
    client.force_login(beheerder)
    page = client.post(PAGE, {"name": "Zaaksysteem", "scopes": ["invite", "results"]})
    assert page.status_code == 200 and page["Cache-Control"] == "no-store"
    api_key = ApiKey.objects.get()
    secret = page.context["new_key"].secret
    assert secret.startswith(api_key.prefix + "_") and len(secret) > 50
    assert secret in page.content.decode()
    assert secret not in json.dumps(list(ApiKey.objects.values()), default=str)
    assert api_key.key_hash != secret and len(api_key.key_hash) == 64
    assert api_key.scopes == ["invite", "results"]
    assert api_key.organisation == beheerder.organisation
    listed = client.get(PAGE).content.decode()
    assert secret not in listed
    assert api_key.prefix in listed and "Cliënten uitnodigen" in listed and "Nog niet" in listed
    event = AuditEvent.objects.get(action="api.key_created")
    assert event.target == api_key.prefix and secret not in json.dumps(event.details)


def test_the_hash_is_keyed_by_a_server_key_not_in_the_database(settings):
    secret = "erv_abcdefgh_" + "x" * 43
    first = keys.hash_key(secret)
    settings.API_KEY_HASH_KEY = "another-server-key"
    assert keys.hash_key(secret) != first


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"name": "", "scopes": ["invite"]}, "Dit veld is verplicht"),
        ({"name": "Zaaksysteem"}, "minstens één toepassing"),
        ({"name": "Zaaksysteem", "scopes": ["webhooks"]}, "is geen beschikbare keuze"),
    ],
)
def test_a_key_without_name_or_scope_is_refused_with_a_dutch_message(
    client, beheerder, data, error
):
    client.force_login(beheerder)
    page = client.post(PAGE, data)
    assert page.status_code == 422 and error in page.content.decode()
    assert not ApiKey.objects.exists()


@pytest.mark.parametrize("role", ["onderzoeker", "teamleider", "professional", "invoerder"])
def test_only_the_beheerder_sees_the_page(client, role):
    client.force_login(StaffFactory(**{role: True} if role != "onderzoeker" else {}))
    assert client.get(PAGE).status_code == 404
    assert client.post(PAGE, {"name": "x", "scopes": ["invite"]}).status_code == 404
    assert not ApiKey.objects.exists()


def test_a_key_works_until_it_is_revoked_and_then_answers_401(client, beheerder):
    made = keys.create_key(beheerder.organisation, "Zaaksysteem", ["results"], actor=beheerder)
    assert call(made.secret).status_code == 200
    client.force_login(beheerder)
    client.post(f"{PAGE}{made.api_key.pk}/intrekken/")
    response = call(made.secret)
    assert response.status_code == 401
    body = json.loads(response.content)["error"]
    assert body["code"] == "unauthorised" and "ingetrokken" in body["message_nl"]
    assert body["message_en"] and body["field"] is None
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert AuditEvent.objects.filter(action="api.key_revoked").count() == 1
    assert "Ingetrokken op" in client.get(PAGE).content.decode()


def test_another_organisations_beheerder_cannot_revoke_a_key(client, beheerder):
    made = keys.create_key(beheerder.organisation, "Zaaksysteem", ["results"], actor=beheerder)
    client.force_login(StaffFactory(beheerder=True))
    assert client.post(f"{PAGE}{made.api_key.pk}/intrekken/").status_code == 404
    assert made.api_key.name not in client.get(PAGE).content.decode()
    assert call(made.secret).status_code == 200


@pytest.mark.parametrize(
    "header",
    ["Bearer erv_abcdefgh_wrong", "Basic dXNlcjpwdw==", "Bearer ", "erv_abcdefgh_x", None],
)
def test_a_missing_or_wrong_key_is_401_and_not_logged_for_anyone(header):
    response = call(header=header) if header else call()
    assert response.status_code == 401
    assert json.loads(response.content)["error"]["code"] == "unauthorised"
    assert not AuditEvent.objects.filter(action="api.called").exists()


def test_a_staff_session_is_no_key(client, beheerder):
    """The API answers only a Bearer key, so a logged-in browser cannot be made to call it."""
    request = RequestFactory().get("/api/v1/test")
    request.user = beheerder
    assert echo(request).status_code == 401


def test_a_key_without_the_scope_is_403():
    owner = StaffFactory(beheerder=True)
    made = keys.create_key(owner.organisation, "Uitnodigen", ["invite"], actor=owner)
    response = call(made.secret)
    assert response.status_code == 403
    error = json.loads(response.content)["error"]
    assert error["code"] == "forbidden" and "Onderzoeken en resultaten lezen" in error["message_nl"]


def test_every_call_with_a_key_is_logged_with_its_status_and_last_use_is_noted():
    owner = StaffFactory(beheerder=True)
    made = keys.create_key(owner.organisation, "Zaaksysteem", ["results"], actor=owner)
    call(made.secret)
    call(made.secret, method="post")
    calls = AuditEvent.objects.filter(action="api.called").order_by("pk")
    assert [(e.details["method"], e.details["status"]) for e in calls] == [
        ("GET", 200),
        ("POST", 405),
    ]
    assert {e.organisation_id for e in calls} == {owner.organisation_id}
    assert {e.actor_label for e in calls} == {f"API-sleutel {made.api_key.prefix}"}
    made.api_key.refresh_from_db()
    assert made.api_key.last_used_at is not None


def test_a_key_over_its_budget_gets_429_with_retry_after_and_others_are_not_affected(
    settings, monkeypatch
):
    settings.API_BURST = 3
    settings.API_CALLS_PER_MINUTE = 6  # one call back every 10 seconds
    now = [1_000_000.0]
    monkeypatch.setattr(throttle, "clock", lambda: now[0])
    owner = StaffFactory(beheerder=True)
    busy = keys.create_key(owner.organisation, "Druk", ["results"], actor=owner).secret
    calm = keys.create_key(OrganisationFactory(), "Rustig", ["results"], actor=owner).secret
    assert [call(busy).status_code for _ in range(3)] == [200, 200, 200]
    refused = call(busy)
    assert refused.status_code == 429 and refused["Retry-After"] == "10"
    assert json.loads(refused.content)["error"]["code"] == "rate_limited"
    assert call(calm).status_code == 200
    now[0] += 10
    assert call(busy).status_code == 200
    assert call(busy).status_code == 429
