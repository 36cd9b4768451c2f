"""The per-address limit on checking login codes: slow down guessers, never lock anyone out.

Each client address has a budget: `CODE_ATTEMPTS_PER_ADDRESS` wrong codes at once, then one
more every `CODE_ATTEMPT_INTERVAL_SECONDS`. A code typed while the budget is spent is not
checked at all, and the person is told how many seconds to wait (never more than one
interval). A code that exists costs nothing and leaves no trace. There is no installation-wide
limit: an attacker, from one address or from thousands, only ever slows down their own
addresses, so a respondent elsewhere gets in at once. How this keeps guessing infeasible is
worked out in docs/security.md (`codes.expected_correct_guesses`).

The budget is kept as one number per address, `spent_until`: the moment at which the address
would have its whole budget back (the "theoretical arrival time" of the generic cell rate
algorithm). A check is allowed while `spent_until` lies at most (burst - 1) intervals ahead;
a wrong code moves it one interval further. Claiming is one conditional UPDATE inside the
transaction that checks the code, so simultaneous requests from one address are counted one
by one (PostgreSQL re-reads the row after the lock); a code that exists rolls the claim back.
"""

import math
import time
from collections.abc import Callable

from django.conf import settings
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Greatest

from ervaring.addresses import budget_network
from ervaring.fieldwork import codes
from ervaring.responses.models import CodeThrottle


class Throttled(Exception):
    """The address has spent its budget; `wait_seconds` until the next code is checked."""

    def __init__(self, wait_seconds: int) -> None:
        super().__init__(wait_seconds)
        self.wait_seconds = wait_seconds


def clock() -> float:
    """Seconds since the epoch; the one place time is read (tests move it)."""
    return time.time()


def address_key(address: str) -> str:
    """The budget an address draws from, as a keyed hash (the address itself is not kept)."""
    return codes.address_hash(budget_network(address), settings.CODE_KEY)


def check_within_budget[T](address: str, look_up: Callable[[], T | None]) -> T | None:
    """Run `look_up` (the code check) only if the address has budget left.

    Raises Throttled without calling `look_up` when the budget is spent. When `look_up`
    returns None (no such code) one attempt is spent; otherwise nothing is written.
    """
    key = address_key(address)
    interval = float(settings.CODE_ATTEMPT_INTERVAL_SECONDS)
    tolerance = (settings.CODE_ATTEMPTS_PER_ADDRESS - 1) * interval
    now = clock()
    with transaction.atomic():
        CodeThrottle.objects.bulk_create(
            [CodeThrottle(address_hash=key, spent_until=now)], ignore_conflicts=True
        )
        claimed = CodeThrottle.objects.filter(
            address_hash=key, spent_until__lte=now + tolerance
        ).update(spent_until=Greatest(F("spent_until"), Value(now)) + interval)
        if not claimed:
            spent_until = CodeThrottle.objects.get(address_hash=key).spent_until
            raise Throttled(max(1, math.ceil(spent_until - tolerance - now)))
        found = look_up()
        if found is not None:
            transaction.set_rollback(True)
    if found is None:
        # A budget that has come back in full is the same as none: keep no more than needed.
        CodeThrottle.objects.filter(spent_until__lt=now).delete()
    return found
