"""The audit log's hash chain (issue 11): sealed after commit, per organisation, and every
change, deletion or insertion afterwards is found by `ervaring verify-audit-log`."""

import hashlib
import hmac
import json
from datetime import UTC

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from ervaring.accounts import audit
from ervaring.accounts.models import AuditChain, AuditEvent
from ervaring.accounts.services import log_event
from ervaring.accounts.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def events(django_capture_on_commit_callbacks):
    """Five events of one organisation and two of another, sealed as after commit."""
    org, other = OrganisationFactory(), OrganisationFactory()
    with django_capture_on_commit_callbacks(execute=True):
        for i in range(5):
            log_event(
                "survey.fieldwork_closed", organisation=org, actor_label="olaf", target=f"o{i}"
            )
        for i in range(2):
            log_event("staff.logged_in", organisation=other, actor_label="bea", target="bea", n=i)
    return org, other


def verify() -> dict[str, tuple[str, ...]]:
    return {r.scope: r.problems for r in audit.verify_chains()}


def test_events_are_numbered_per_organisation_after_commit(events):
    org, other = events
    assert list(
        AuditEvent.objects.filter(organisation=org)
        .order_by("pk")
        .values_list("chain_seq", flat=True)
    ) == [1, 2, 3, 4, 5]
    assert AuditChain.objects.get(scope=f"org:{other.pk}").last_seq == 2
    assert verify() == {f"org:{org.pk}": (), f"org:{other.pk}": ()}


def test_the_first_link_is_an_hmac_over_the_fields_as_documented(events, settings):
    org, _ = events
    first = AuditEvent.objects.get(organisation=org, chain_seq=1)
    body = json.dumps(
        [
            1,
            first.at.astimezone(UTC).isoformat(),
            org.pk,
            "olaf",
            "survey.fieldwork_closed",
            "o0",
            {},
        ],
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    key = hashlib.sha256(("ervaring.audit:" + settings.AUDIT_KEY).encode()).digest()
    assert first.chain_hash == hmac.new(key, body.encode(), hashlib.sha256).hexdigest()


def test_a_changed_record_is_found(events):
    org, other = events
    AuditEvent.objects.filter(organisation=org, chain_seq=3).update(target="iets anders")
    problems = verify()
    assert problems[f"org:{other.pk}"] == ()
    changed = AuditEvent.objects.get(organisation=org, chain_seq=3)
    assert problems[f"org:{org.pk}"] == (f"record 3 is veranderd of verplaatst (id {changed.pk})",)


def test_a_deleted_record_in_the_middle_is_found(events):
    org, _ = events
    AuditEvent.objects.filter(organisation=org, chain_seq=2).delete()
    assert "record 2 tot 2 ontbreekt" in verify()[f"org:{org.pk}"]


def test_a_deleted_last_record_is_found(events):
    org, _ = events
    AuditEvent.objects.filter(organisation=org, chain_seq=5).delete()
    (problem,) = verify()[f"org:{org.pk}"]
    assert "eindigt bij record 4" in problem


def test_an_inserted_record_with_a_hash_made_without_the_key_is_found(events, settings):
    org, _ = events
    event = AuditEvent.objects.get(organisation=org, chain_seq=5)
    AuditEvent.objects.filter(pk=event.pk).update(actor_label="iemand anders")
    settings.AUDIT_KEY = "een-sleutel-die-de-aanvaller-kiest"
    forged = AuditEvent.objects.get(pk=event.pk)
    previous = AuditEvent.objects.get(organisation=org, chain_seq=4).chain_hash
    AuditEvent.objects.filter(pk=event.pk).update(chain_hash=audit.link_hash(previous, forged, 5))
    settings.AUDIT_KEY = settings.SECRET_KEY
    assert verify()[f"org:{org.pk}"] != ()


def test_a_rolled_back_action_leaves_no_event_and_no_gap(django_capture_on_commit_callbacks):
    org = OrganisationFactory()
    with django_capture_on_commit_callbacks(execute=True):
        log_event("a", organisation=org)
        try:
            with transaction.atomic():
                log_event("b", organisation=org)
                raise RuntimeError
        except RuntimeError:
            pass
        log_event("c", organisation=org)
    audit.seal_pending()
    assert list(AuditEvent.objects.order_by("chain_seq").values_list("action", "chain_seq")) == [
        ("a", 1),
        ("c", 2),
    ]
    assert verify() == {f"org:{org.pk}": ()}


def test_the_command_seals_what_a_crash_left_and_fails_on_tampering(events, capsys):
    org, _ = events
    AuditEvent.objects.create(organisation=org, action="kiosk.ended")  # never sealed
    call_command("verify_audit_log")
    out = capsys.readouterr().out
    assert "1 nieuwe record(s) verzegeld" in out and "6 records" in out
    head = AuditChain.objects.get(scope=f"org:{org.pk}")
    assert head.last_hash in out  # the full head, to keep outside the database
    AuditEvent.objects.filter(organisation=org, chain_seq=1).update(details={"x": 1})
    with pytest.raises(CommandError, match="1 keten"):
        call_command("verify_audit_log")
    assert "NIET IN ORDE" in capsys.readouterr().out
