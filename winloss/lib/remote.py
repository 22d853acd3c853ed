"""Fetching from (or posting to) an address a person typed, without letting it reach inside our
network.

A saved address is fetched by the server, so it must not become a way to read what only the
server can reach (a cloud metadata endpoint, a database's admin page on the loopback): only
http(s), and the address actually connected to — checked after DNS, on the open socket, so a
name that resolves differently the second time gains nothing — must be a public one.
``REMOTE_FETCH_ALLOW_PRIVATE`` (or ``DEBUG``) lifts that for a local setup and the tests.
Redirects are followed a few times, each checked the same way; the body is cut off at a size.
A post (a chat webhook's message) follows no redirect: its address is the one to answer.
"""

import http.client
import ipaddress
import json
import socket
from typing import Any
from urllib.parse import urljoin, urlsplit

from django.conf import settings

from .errors import DomainError

REDIRECTS = 3
USER_AGENT = "winloss"
ANSWER_BYTES = 64_000  # what is read of a post's answer: a webhook says "ok"


class FetchFailed(DomainError):
    """The address could not be fetched; the message says why, in plain words."""


def fetch(url: str, *, max_bytes: int, timeout: float = 10.0) -> bytes:
    """The body of a GET on ``url``: at most ``max_bytes``, within ``timeout`` seconds a step."""
    for _ in range(REDIRECTS + 1):
        parts = _checked(url)
        connection = _connection(parts.scheme, parts.hostname or "", parts.port, timeout)
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        try:
            connection.request("GET", path, headers={"User-Agent": USER_AGENT, "Accept": "*/*"})
            response = connection.getresponse()
            if response.status in (301, 302, 303, 307, 308) and response.getheader("Location"):
                url = urljoin(url, response.getheader("Location", ""))
                continue
            if response.status != 200:
                raise FetchFailed(f"The address answered {response.status} {response.reason}.")
            body = response.read(max_bytes + 1)
        except (OSError, http.client.HTTPException) as error:
            raise FetchFailed(f"The address could not be reached ({_said(error)}).") from None
        finally:
            connection.close()
        if len(body) > max_bytes:
            raise FetchFailed(
                f"The file is larger than {max_bytes // 1_000_000 or 1} MB: "
                "use an address that gives fewer weeks, or busy times only."
            )
        return body
    raise FetchFailed("The address redirects too many times.")


def post_json(url: str, payload: Any, *, timeout: float = 10.0) -> None:
    """POST ``payload`` as JSON to ``url``; FetchFailed unless it answers 2xx."""
    parts = _checked(url)
    connection = _connection(parts.scheme, parts.hostname or "", parts.port, timeout)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    headers = {"User-Agent": USER_AGENT, "Content-Type": "application/json"}
    try:
        connection.request("POST", path, body=json.dumps(payload).encode(), headers=headers)
        response = connection.getresponse()
        response.read(ANSWER_BYTES)
    except (OSError, http.client.HTTPException) as error:
        raise FetchFailed(f"The address could not be reached ({_said(error)}).") from None
    finally:
        connection.close()
    if not 200 <= response.status < 300:
        raise FetchFailed(f"The address answered {response.status} {response.reason}.")


def _checked(url: str) -> Any:
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https"):
        raise FetchFailed("Give an address starting with https:// (or http://).")
    if not parts.hostname:
        raise FetchFailed("The address has no host name.")
    if parts.username or parts.password:
        raise FetchFailed("Give the address without a user name or password in it.")
    return parts


def _connection(
    scheme: str, host: str, port: int | None, timeout: float
) -> http.client.HTTPConnection:
    cls = http.client.HTTPSConnection if scheme == "https" else http.client.HTTPConnection
    connection = cls(host, port, timeout=timeout)
    # Both kinds open their socket through this attribute; the TLS handshake comes after.
    connection._create_connection = _public_connection  # type: ignore[attr-defined]
    return connection


def _public_connection(address: tuple[str, int], *args: Any, **kwargs: Any) -> socket.socket:
    sock = socket.create_connection(address, *args, **kwargs)
    peer = sock.getpeername()[0]
    if not allows_private() and not ipaddress.ip_address(peer.split("%")[0]).is_global:
        sock.close()
        raise FetchFailed(
            "That address points inside a private network; only public addresses are fetched."
        )
    return sock


def allows_private() -> bool:
    return settings.DEBUG or settings.REMOTE_FETCH_ALLOW_PRIVATE


def _said(error: BaseException) -> str:
    if isinstance(error, socket.timeout | TimeoutError):
        return "it did not answer in time"
    if isinstance(error, socket.gaierror):
        return "no such host"
    if isinstance(error, ConnectionRefusedError):
        return "the connection was refused"
    return str(error) or type(error).__name__
