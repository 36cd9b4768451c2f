"""Code entry under attack: nobody can lock others out, and guessing stays infeasible.

Time is moved with a fake clock (`throttle.clock`), never waited for.
"""

import logging
import re
import threading
from pathlib import Path

import pytest
from django.core.checks import Tags, run_checks
from django.db import connection
from django.test import Client
from django.urls import reverse

from ervaring import addresses
from ervaring.fieldwork import codes
from ervaring.fieldwork import services as fieldwork_services
from ervaring.fieldwork.tests.factories import invite
from ervaring.questionnaires.tests.factories import SurveyFactory
from ervaring.responses import services, throttle
from ervaring.responses.models import CodeThrottle, Response

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[3]


class FakeClock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock(monkeypatch):
    fake = FakeClock()
    monkeypatch.setattr(throttle, "clock", fake)
    return fake


@pytest.fixture
def look_ups(monkeypatch):
    """Every code that was really looked up in the invitations."""
    checked = []
    real = fieldwork_services.find_invitation

    def counting(code):
        checked.append(code)
        return real(code)

    monkeypatch.setattr(fieldwork_services, "find_invitation", counting)
    return checked


@pytest.fixture
def survey():
    return SurveyFactory(in_fieldwork=True)


def attempt(code: str, address: str) -> str:
    """What happens to one typed code: "opened" or the rejection's reason."""
    try:
        services.open_with_code(code, address)
    except services.CodeRejected as rejected:
        return rejected.reason
    return "opened"


def wrong_code() -> str:
    return codes.generate_code()  # a live one with a chance of 2**-60 per code


def post_code(client: Client, code: str, address: str):
    return client.post(reverse("responses:start"), {"code": code}, REMOTE_ADDR=address, follow=True)


def has_opened(page) -> bool:
    return page.status_code == 200 and page.request["PATH_INFO"] == reverse("responses:survey")


# --------------------------------------------------------------------------- the bound


def test_guessing_stays_infeasible_for_10000_addresses_over_six_weeks(settings):
    """Every Dutch municipality at once: 1,500,000 live codes of 12 symbols (2**60 codes).

    An address has 10 wrong codes checked at once and then one a minute: in six weeks
    (3,628,800 s) 10 + 60,480 = 60,490; 10,000 addresses together 604,900,000. Each check
    finds a live code with a chance of at most 1,500,000 / (2**60 - 604,900,000), so the
    expected number of correct guesses is 604,900,000 * 1,500,000 / 1,152,921,504,001,946,976
    = 0.000787 (worked out on paper), below 0.001.
    """
    burst = settings.CODE_ATTEMPTS_PER_ADDRESS
    interval = settings.CODE_ATTEMPT_INTERVAL_SECONDS
    assert (burst, interval) == (10, 60), "the defaults that docs/security.md works out"
    six_weeks = 6 * 7 * 24 * 60 * 60
    guesses = 10_000 * (burst + six_weeks // interval)
    assert guesses == 604_900_000
    space = 32**12
    assert space == 2**60 == 1_152_921_504_606_846_976
    expected = guesses * 1_500_000 / (space - guesses)
    assert 0.000786 < expected < 0.000788
    computed = codes.expected_correct_guesses(
        live_codes=1_500_000,
        addresses=10_000,
        seconds=six_weeks,
        burst=burst,
        interval_seconds=interval,
    )
    assert computed == pytest.approx(expected, rel=1e-12)
    assert computed < 0.001


def test_docs_state_the_figures_the_code_computes():
    text = (ROOT / "docs" / "security.md").read_text()
    section = text.split("## Guessing login codes", 1)[1]
    expected = codes.expected_correct_guesses(
        live_codes=codes.THREAT_LIVE_CODES,
        addresses=codes.THREAT_ADDRESSES,
        seconds=codes.THREAT_SECONDS,
        burst=10,
        interval_seconds=60,
    )
    per_address = codes.attempts_within(codes.THREAT_SECONDS, 10, 60)
    for figure in (f"{per_address:,}", f"{per_address * 10_000:,}", f"{expected:.6f}"):
        assert figure in section


def test_the_system_check_warns_when_the_limits_no_longer_keep_the_bound(settings):
    assert not [m for m in run_checks(tags=[Tags.security]) if m.id == "ervaring.W001"]
    settings.CODE_ATTEMPT_INTERVAL_SECONDS = 30
    warnings = [m for m in run_checks(tags=[Tags.security]) if m.id == "ervaring.W001"]
    assert len(warnings) == 1 and "0.0016" in warnings[0].msg


# --------------------------------------------------------------------------- no lock-out


def test_an_attack_from_many_addresses_locks_nobody_out(survey, clock, look_ups):
    elsewhere, neighbour = invite(survey), invite(survey)
    for n in range(200):
        outcomes = [attempt(wrong_code(), f"203.0.113.{n}") for _ in range(20)]
        assert outcomes == ["unknown"] * 10 + ["throttled"] * 10
    attacked = "192.0.2.7"
    outcomes = [attempt(wrong_code(), attacked) for _ in range(100)]
    assert outcomes == ["unknown"] * 10 + ["throttled"] * 90
    assert len(look_ups) == 200 * 10 + 10

    # A respondent at another address gets in at once, the same second.
    assert has_opened(post_code(Client(), elsewhere.display_code, "198.51.100.20"))

    # A respondent who shares the attacker's address waits at most one interval.
    client = Client()
    refused = post_code(client, neighbour.display_code, attacked)
    assert refused.status_code == 429
    wait = int(refused["Retry-After"])
    assert 1 <= wait <= 60
    assert f"Druk over {wait} seconden opnieuw op Begin" in refused.content.decode()
    assert len(look_ups) == 200 * 10 + 11, "one code, the respondent at another address"
    clock.advance(wait)
    assert has_opened(post_code(client, neighbour.display_code, attacked))
    assert Response.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_simultaneous_wrong_codes_from_one_address_are_counted_one_by_one(clock, look_ups):
    """Sixteen guesses sent at the same moment: only the burst of ten is checked."""
    barrier = threading.Barrier(16)
    outcomes = []

    def guess():
        try:
            barrier.wait()
            outcomes.append(attempt(wrong_code(), "192.0.2.50"))
        finally:
            connection.close()

    threads = [threading.Thread(target=guess) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["throttled"] * 6 + ["unknown"] * 10
    assert len(look_ups) == 10


# --------------------------------------------------------------------------- the cap


def test_codes_above_the_limit_are_not_checked_at_all(survey, clock, look_ups):
    issued = invite(survey)
    address = "192.0.2.1"
    assert [attempt(wrong_code(), address) for _ in range(10)] == ["unknown"] * 10
    assert attempt(issued.code, address) == "throttled", "even the right code is not looked at"
    clock.advance(59)
    assert attempt(issued.code, address) == "throttled"
    assert len(look_ups) == 10
    clock.advance(1)
    assert attempt(issued.code, address) == "opened"
    assert len(look_ups) == 11


def test_an_address_that_keeps_trying_gets_one_code_a_minute_checked(clock, look_ups):
    """A guess every second for an hour (3,601 guesses at 0, 1, ..., 3,600 s): ten at once,
    then one at 60, 120, ..., 3,600 s, so 10 + 60 = 70 are checked; no wait is announced
    longer than the 60-second interval, however often the address keeps asking."""
    waits = []
    for _ in range(3601):
        try:
            services.open_with_code(wrong_code(), "192.0.2.2")
        except services.CodeRejected as rejected:
            if rejected.reason == "throttled":
                waits.append(rejected.wait_seconds)
        clock.advance(1)
    assert len(look_ups) == 70 == codes.attempts_within(3600, 10, 60)
    assert len(waits) == 3601 - 70
    # Asked a second after a checked code: 59 s to go; a second before the next one: 1 s.
    assert max(waits) == 59 and min(waits) == 1


def test_a_code_that_exists_spends_nothing_and_leaves_no_trace(survey, clock, look_ups):
    issued = invite(survey)
    address = "192.0.2.3"
    for _ in range(5):
        assert attempt(issued.code, address) == "opened"
    assert not CodeThrottle.objects.exists()
    assert [attempt(wrong_code(), address) for _ in range(10)] == ["unknown"] * 10
    assert attempt(wrong_code(), address) == "throttled"


def test_text_that_cannot_be_a_code_spends_nothing(clock, look_ups):
    for _ in range(20):
        assert attempt("K7QM-4TXP-9HW", "192.0.2.4") == "malformed"
    assert look_ups == [] and not CodeThrottle.objects.exists()


def test_a_budget_that_is_back_in_full_is_forgotten(clock):
    for _ in range(10):
        attempt(wrong_code(), "192.0.2.5")
    clock.advance(601)
    attempt(wrong_code(), "192.0.2.6")
    assert CodeThrottle.objects.count() == 1
    assert CodeThrottle.objects.get().address_hash == throttle.address_key("192.0.2.6")


def test_ipv6_addresses_share_a_budget_per_64_network(clock):
    for n in range(10):
        assert attempt(wrong_code(), f"2001:db8:1:2::{n + 1:x}") == "unknown"
    assert attempt(wrong_code(), "2001:db8:1:2:ffff:ffff:ffff:ffff") == "throttled"
    assert attempt(wrong_code(), "2001:db8:1:3::1") == "unknown"
    for _ in range(10):
        attempt(wrong_code(), "192.0.2.44")
    assert attempt(wrong_code(), "::ffff:192.0.2.44") == "throttled"


# --------------------------------------------------------------------------- what people see


def test_the_wait_is_explained_in_plain_dutch_with_the_code_kept(survey, clock):
    issued = invite(survey)
    client = Client()
    for _ in range(10):
        post_code(client, "AAAA-BBBB-CCCC", "192.0.2.8")
    clock.advance(15)
    refused = post_code(client, issued.display_code, "192.0.2.8")
    html = refused.content.decode()
    assert refused.status_code == 429 and refused["Retry-After"] == "45"
    assert "een paar keer een verkeerde code ingevuld" in html
    assert "Wacht daarom even. Druk over 45 seconden opnieuw op Begin." in html
    assert f'value="{issued.display_code}"' in html, "the code stays filled in"
    assert "erg druk" not in html and "kwartier" not in html
    clock.advance(44)
    refused = post_code(client, issued.display_code, "192.0.2.8")
    assert "Druk over 1 seconde opnieuw" in refused.content.decode()


def test_the_wait_is_explained_in_english(survey, clock):
    client = Client()
    client.post(reverse("responses:language"), {"lang": "en"})
    for _ in range(11):
        refused = post_code(client, "AAAA-BBBB-CCCC", "192.0.2.9")
    html = refused.content.decode()
    assert refused.status_code == 429
    assert "Press Start again in 60 seconds. Your code is still filled in." in html


def test_the_code_hint_names_the_new_length():
    html = Client().get(reverse("responses:start")).content.decode()
    assert "12 tekens" in html and re.search(r"K7QM-4TXP-9HWD", html)


def test_a_proxy_nobody_configured_is_reported_in_the_log(client, caplog):
    addresses.warn_untrusted_forwarding.cache_clear()
    with caplog.at_level(logging.WARNING, logger="ervaring.addresses"):
        for forwarded in ("198.51.100.7", "198.51.100.8"):
            client.post(reverse("responses:start"), {"code": "?"}, HTTP_X_FORWARDED_FOR=forwarded)
    warnings = [r for r in caplog.records if "ERVARING_TRUSTED_PROXY_COUNT" in r.getMessage()]
    assert len(warnings) == 1
