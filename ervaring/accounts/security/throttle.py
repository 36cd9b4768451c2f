"""Budgets of failed staff logins: slow guessers down, never lock a real person out for long.

Each budget allows `burst` failures at once and then one more every `interval` seconds,
kept as one number (`spent_until`, the moment the whole budget is back; the generic cell rate
algorithm, as for respondents' login codes in `responses.throttle`). A login is checked only
when every budget that applies has room; a refused attempt is not checked (so it costs no
password hash) and says how many seconds to wait, never more than one interval after the
failures stop. A correct password gives back what it took.

Which budgets apply (`login_budgets`):
- from a browser where this account logged in before (a signed cookie, `TRUSTED_COOKIE`):
  only that browser's own budget. Whatever others do, the real person's usual browser gets
  in at once (the "device cookie" defence recommended by OWASP);
- from anywhere else: the address's budget (all usernames together: password spraying, and
  the hashing cost one address can cause), the account's budget from untrusted browsers
  (guessing from many addresses), and the pair of account and address.

An unknown username spends the same budgets and costs the same password hash (Django's
ModelBackend hashes the typed password for unknown users too), so neither the answer nor the
wait nor the time taken tells whether an account exists.
"""

import math
import secrets
import time
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Greatest
from django.utils.crypto import salted_hmac

from ervaring.accounts.security.models import LoginBudget
from ervaring.addresses import budget_network

TRUSTED_COOKIE = "ervaring_browser"
TRUSTED_COOKIE_SALT = "ervaring.accounts.trusted-browser"
TRUSTED_COOKIE_DAYS = 180


class Throttled(Exception):
    """A budget is spent; `wait_seconds` until the next attempt is checked."""

    def __init__(self, wait_seconds: int) -> None:
        super().__init__(wait_seconds)
        self.wait_seconds = wait_seconds


@dataclass(frozen=True)
class Budget:
    key: str
    burst: int
    interval: float


def clock() -> float:
    """Seconds since the epoch; the one place time is read (tests move it)."""
    return time.time()


def _key(*parts: str) -> str:
    """A budget's name as a keyed hash: no username or address is stored."""
    return salted_hmac(
        "ervaring.accounts.login-budget", "\x1f".join(parts), algorithm="sha256"
    ).hexdigest()


def login_budgets(username: str, address: str, trusted_browser: str | None) -> tuple[Budget, ...]:
    """The budgets a password attempt spends (see the module's docstring)."""
    account = username.strip().lower()
    interval = float(settings.LOGIN_ATTEMPT_INTERVAL_SECONDS)
    pair = settings.LOGIN_ATTEMPTS_PER_ACCOUNT_ADDRESS
    if trusted_browser is not None:
        return (Budget(_key("browser", trusted_browser), pair, interval),)
    network = budget_network(address)
    return (
        Budget(_key("address", network), settings.LOGIN_ATTEMPTS_PER_ADDRESS, interval),
        Budget(_key("account", account), settings.LOGIN_ATTEMPTS_PER_ACCOUNT, interval),
        Budget(_key("pair", account, network), pair, interval),
    )


def second_factor_budget(user_pk: int) -> Budget:
    """Wrong second-factor codes of one account (only someone with the password gets here)."""
    return Budget(
        _key("second-factor", str(user_pk)),
        settings.LOGIN_ATTEMPTS_PER_ACCOUNT_ADDRESS,
        float(settings.LOGIN_ATTEMPT_INTERVAL_SECONDS),
    )


def reset_request_budget(address: str) -> Budget:
    """Password-reset e-mails asked for from one address: nobody floods an inbox."""
    return Budget(
        _key("reset", budget_network(address)),
        settings.LOGIN_ATTEMPTS_PER_ACCOUNT_ADDRESS,
        float(settings.LOGIN_ATTEMPT_INTERVAL_SECONDS),
    )


def spend(budgets: Sequence[Budget]) -> None:
    """Take one attempt from every budget, or raise Throttled and take nothing.

    Each claim is one conditional UPDATE, so simultaneous attempts are counted one by one.
    """
    now = clock()
    with transaction.atomic():
        LoginBudget.objects.bulk_create(
            [LoginBudget(key=b.key, spent_until=now) for b in budgets], ignore_conflicts=True
        )
        waits = []
        for budget in budgets:
            tolerance = (budget.burst - 1) * budget.interval
            claimed = LoginBudget.objects.filter(
                key=budget.key, spent_until__lte=now + tolerance
            ).update(spent_until=Greatest(F("spent_until"), Value(now)) + budget.interval)
            if not claimed:
                spent_until = LoginBudget.objects.get(key=budget.key).spent_until
                waits.append(max(1, math.ceil(spent_until - tolerance - now)))
        if waits:
            transaction.set_rollback(True)
    if waits:
        raise Throttled(max(waits))
    # A budget that has come back in full is the same as none: keep no more than needed.
    LoginBudget.objects.filter(spent_until__lt=now).delete()


def give_back(budgets: Sequence[Budget]) -> None:
    """Return the attempt `spend` took: the password (or code) was right."""
    for budget in budgets:
        LoginBudget.objects.filter(key=budget.key).update(
            spent_until=F("spent_until") - budget.interval
        )


def read_trusted_browser(cookie: str | None, username: str) -> str | None:
    """The browser's id when its cookie is genuine, recent and for this username."""
    if not cookie:
        return None
    try:
        value = signing.loads(
            cookie, salt=TRUSTED_COOKIE_SALT, max_age=TRUSTED_COOKIE_DAYS * 24 * 3600
        )
    except signing.BadSignature:
        return None
    if not isinstance(value, dict) or value.get("u") != username.strip().lower():
        return None
    return str(value.get("n", "")) or None


def make_trusted_browser(username: str) -> str:
    """The cookie value that marks this browser as one where `username` logged in."""
    value = {"u": username.strip().lower(), "n": secrets.token_urlsafe(16)}
    return signing.dumps(value, salt=TRUSTED_COOKIE_SALT)
