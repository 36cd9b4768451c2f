"""The client's address, for the budgets of wrong login codes and failed staff logins.

Below every app (respondent code entry in `responses`, staff login in `accounts` both use it),
so it lives outside the layered apps and imports none of them.
"""

import functools
import ipaddress
import logging

from django.conf import settings
from django.http import HttpRequest

logger = logging.getLogger(__name__)

# IPv6 hands one customer a whole /64 (2^64 addresses): budgets are per network there.
IPV6_PREFIX = 64


def client_address(request: HttpRequest) -> str:
    """The client's IP address, trusting X-Forwarded-For only behind configured proxies."""
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [h.strip() for h in forwarded.split(",") if h.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    if forwarded and not proxies:
        warn_untrusted_forwarding()
    return request.META.get("REMOTE_ADDR", "")


@functools.cache
def warn_untrusted_forwarding() -> None:
    """Say once per process that all clients may be sharing one budget.

    Behind a reverse proxy that nobody told us about, every request comes from the proxy's
    address, so one person typing wrong codes slows everyone down (docs/security.md).
    """
    logger.warning(
        "Requests carry X-Forwarded-For but ERVARING_TRUSTED_PROXY_COUNT is 0: behind a "
        "reverse proxy, all clients share one budget for wrong login codes and passwords."
    )


def budget_network(address: str) -> str:
    """The network an address counts as: itself for IPv4, its /64 for IPv6."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/{IPV6_PREFIX}", strict=False))
    return str(ip)
