"""Safe by default: one ASGI middleware in front of the app.

- Host: only the names the server was started for (a page on another site cannot reach it by DNS rebinding).
- Password or token: required when listening on another address than this computer's (HTTP Basic, or a token the
  first address carries once and a cookie keeps).
- CSRF: every request that changes something (anything but GET and HEAD) carries the page's secret in a header that
  another site cannot set, and an Origin, when the browser sends one, of this server.
- Size: request bodies over the limit are refused (413) before they are read whole.
- Headers: a Content-Security-Policy that allows only this server's own scripts and styles (nothing from a CDN),
  no framing by other sites, no sniffing, no referrer.
"""
from __future__ import annotations

import base64
import hmac
import secrets
from http.cookies import SimpleCookie
from urllib.parse import parse_qsl, urlencode, urlsplit

MAX_BODY = 2_000_000
CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; "
       "frame-ancestors 'self'; form-action 'self'; base-uri 'none'; object-src 'none'")
TOKEN_COOKIE = "assemble_token"


def new_secret() -> str:
    return secrets.token_urlsafe(24)


class Guard:
    def __init__(self, app, *, csrf: str, hosts: set[str], password: str | None = None, token: str | None = None,
                 max_body: int = MAX_BODY) -> None:
        self.app, self.csrf, self.hosts = app, csrf, {h.lower() for h in hosts}
        self.password, self.token, self.max_body = password, token, max_body

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        host = headers.get("host", "")
        if "*" not in self.hosts and _hostname(host) not in self.hosts:
            return await _plain(send, 400, "unknown host: open the address that assemble serve printed")
        query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
        if self.token and query.get("token") and hmac.compare_digest(query["token"], self.token):
            rest = urlencode({k: v for k, v in query.items() if k != "token"})
            cookie = f"{TOKEN_COOKIE}={self.token}; HttpOnly; SameSite=Strict; Path=/"
            return await _plain(send, 303, "signed in", [("location", scope["path"] + (f"?{rest}" if rest else "")),
                                                          ("set-cookie", cookie)])
        if not self._authorized(headers):
            extra = [("www-authenticate", 'Basic realm="assemble serve", charset="UTF-8"')] if self.password else []
            return await _plain(send, 401, "this server needs its password or token (see where it was started)", extra)
        if scope["method"] not in ("GET", "HEAD"):
            if not hmac.compare_digest(headers.get("x-csrf-token", ""), self.csrf):
                return await _plain(send, 403, "missing or wrong CSRF token: reload the page")
            origin = headers.get("origin")
            if origin and origin != "null" and urlsplit(origin).netloc.lower() != host.lower():
                return await _plain(send, 403, "request from another site refused")
            length = headers.get("content-length")
            if length is not None and (not length.isdigit() or int(length) > self.max_body):
                return await _plain(send, 413, f"request larger than {self.max_body:,} bytes")
            receive = _capped(receive, self.max_body)
        await self.app(scope, receive, _with_headers(send))

    def _authorized(self, headers: dict) -> bool:
        if not self.password and not self.token:
            return True
        if self.token:
            cookie = SimpleCookie(headers.get("cookie", ""))
            if TOKEN_COOKIE in cookie and hmac.compare_digest(cookie[TOKEN_COOKIE].value, self.token):
                return True
            if hmac.compare_digest(headers.get("authorization", ""), f"Bearer {self.token}"):
                return True
        if self.password:
            scheme, _, value = headers.get("authorization", "").partition(" ")
            if scheme.lower() == "basic":
                try:
                    _, _, given = base64.b64decode(value).decode("utf-8").partition(":")
                except (ValueError, UnicodeDecodeError):
                    return False
                return hmac.compare_digest(given.encode(), self.password.encode())
        return False


class BodyTooLarge(Exception):
    pass


def _capped(receive, limit: int):
    seen = 0

    async def wrapped():
        nonlocal seen
        message = await receive()
        seen += len(message.get("body", b""))
        if seen > limit:
            raise BodyTooLarge(f"request larger than {limit:,} bytes")
        return message
    return wrapped


def _with_headers(send):
    async def wrapped(message):
        if message["type"] == "http.response.start":
            headers = list(message.get("headers", []))
            names = {k.lower() for k, _ in headers}
            for key, value in ((b"content-security-policy", CSP.encode()), (b"x-content-type-options", b"nosniff"),
                               (b"referrer-policy", b"no-referrer"), (b"x-frame-options", b"SAMEORIGIN"),
                               (b"cache-control", b"no-store")):
                if key not in names:
                    headers.append((key, value))
            message = {**message, "headers": headers}
        await send(message)
    return wrapped


async def _plain(send, status: int, text: str, headers: list[tuple[str, str]] = ()) -> None:
    body = (text + "\n").encode()
    raw = [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode())]
    raw += [(k.encode(), v.encode()) for k, v in headers]
    await _with_headers(send)({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body})


def _hostname(host: str) -> str:
    host = host.strip().lower()
    if host.startswith("["):
        return host[:host.find("]") + 1]
    return host.rsplit(":", 1)[0] if ":" in host else host
