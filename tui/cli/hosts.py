"""Which addresses are this machine only: ``serve`` warns about the others, and the
web server on a loopback address accepts only loopback Host headers."""

from __future__ import annotations

import ipaddress


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False
