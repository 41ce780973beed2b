"""The address of the client, for the login lock (django-axes' AXES_CLIENT_IP_CALLABLE).

Behind a reverse proxy every request reaches the portal from the proxy, so keying the
lock on REMOTE_ADDR would lock everyone at once. X-Forwarded-For is believed only as
far as it was written by proxies listed in TRUSTED_PROXIES: each proxy appends the
address it received the request from, so reading from the right, the first entry
that is not a trusted proxy is the client. Anything to the left of it was written by
the client and can say anything. When the TCP peer itself is not a trusted proxy the
header is ignored altogether, so nobody can dodge the lock by sending one.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    try:
        return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in entries)
    except ValueError as error:
        raise ImproperlyConfigured(f"TRUSTED_PROXIES: {error}") from error


def _parse(value: str | None) -> Address | None:
    """An address as proxies write it: bare, "[v6]:port" or "v4:port"."""
    if not value:
        return None
    value = value.strip()
    if value.startswith("["):
        value = value[1:].split("]", 1)[0]
    elif value.count(":") == 1:
        value = value.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    if address.version == 6 and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def _trusted(address: Address | None, networks: tuple[Network, ...]) -> bool:
    return address is not None and any(address in network for network in networks)


def client_address(request) -> str | None:
    peer = request.META.get("REMOTE_ADDR")
    networks = _networks(tuple(settings.TRUSTED_PROXIES))
    if not _trusted(_parse(peer), networks):
        return peer
    hops = [hop for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    for hop in reversed(hops):
        address = _parse(hop)
        if address is None:
            # A trusted proxy wrote something that is not an address: believe nothing more.
            return peer
        if not _trusted(address, networks):
            return str(address)
    # Only proxies on the way (a health check from the proxy's own host, say).
    first = _parse(hops[0]) if hops else None
    return str(first) if first else peer
