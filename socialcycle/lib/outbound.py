"""Which hosts the server may open a URL on: public addresses only, unless allowed.

Following a feed or adding a webhook makes the server open a URL that a user typed.
Without this check that user could reach services only the server can see (the
database's admin port, a cloud provider's metadata address). Every address a name
resolves to is checked, and redirects are checked again before they are followed.
"""

from __future__ import annotations

import ipaddress
import socket
import urllib.parse
import urllib.request
from typing import Any

from socialcycle.lib.errors import DomainError


class ForbiddenAddressError(DomainError):
    """The URL points at an address the server must not fetch from."""

    code = "forbidden_address"


def check_public_url(url: str, *, allow_private: bool = False, setting: str = "") -> None:
    """Raise ForbiddenAddressError when `url`'s host resolves to a non-public address.

    `setting` names the environment variable that allows private addresses, for the message.
    """
    if allow_private:
        return
    host = urllib.parse.urlsplit(url).hostname
    if not host:
        raise ForbiddenAddressError(f"the address {url} names no host")
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as error:
        raise ForbiddenAddressError(f"the host {host} could not be resolved ({error})") from None
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%")[0])
        if not address.is_global:
            raise ForbiddenAddressError(
                f"the host {host} is on a private or local address ({address})"
                + (f"; set {setting}=true to allow it" if setting else "")
            )


class _CheckedRedirects(urllib.request.HTTPRedirectHandler):
    def __init__(self, allow_private: bool = False, setting: str = "") -> None:
        super().__init__()
        self.allow_private = allow_private
        self.setting = setting

    def redirect_request(
        self, req: urllib.request.Request, fp: Any, code: int, msg: str, headers: Any, newurl: str
    ) -> urllib.request.Request | None:
        check_public_url(newurl, allow_private=self.allow_private, setting=self.setting)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def public_opener(allow_private: bool = False, setting: str = "") -> urllib.request.OpenerDirector:
    """A urllib opener whose redirects are held to the same rule as the first URL."""
    return urllib.request.build_opener(_CheckedRedirects(allow_private, setting))
