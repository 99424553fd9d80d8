"""Access, forms and what every response says about itself.

Who can reach the dashboard (docs/security.md has the threat model):

* **Access token.**  On 127.0.0.1 (the default) the dashboard is open to the local user.  Bound
  to any other address, ``bindung serve`` refuses to start without a token
  (:func:`require_token_off_loopback`); a token is at least :data:`MIN_TOKEN_LENGTH` characters
  and not only spaces (:func:`check_token`).  With a token every request must carry it: header
  ``Authorization: Bearer TOKEN``, or the cookie set by opening ``/?token=TOKEN`` once
  (HttpOnly, SameSite=Strict).  Tokens are compared in constant time.
* **Host names (DNS rebinding).**  A web page of another site can make its own name resolve to
  127.0.0.1 and then read the dashboard as if it were its own; the browser still sends that name
  in ``Host``.  So every request must name an allowed host (:class:`Hosts`): ``localhost``,
  ``127.0.0.1``, ``[::1]`` and the bound address, with the server's port; on a wildcard address
  (``0.0.0.0``, ``::``) any IP address too (a rebinding needs a name); and the names given with
  ``--allow-host`` (a reverse proxy's name).  Anything else: 400.
* **Cross-site requests.**  A request that changes something (any method but GET, HEAD and
  OPTIONS) must come from the dashboard's own pages: its ``Origin`` (else the origin of its
  ``Referer``) must be the requested host or an allowed one; neither header: 403.  Forms also
  carry a CSRF token that must equal the ``bindung_csrf`` cookie (double submit;
  SameSite=Strict).  The upload forms send it in the address (``?csrf=``), so it is checked
  before the file is read (:mod:`bindung.web.uploads`).
* **Headers on every response** (:data:`HEADERS`, :data:`CSP`), the guard's own refusals and
  the 500 of an unhandled error included: a Content-Security-Policy allowing only the app's own
  scripts (no inline script: the charts' data are JSON blocks drawn by ``/static/bindung.js``),
  ``nosniff``, ``DENY`` framing, ``same-origin`` referrers, no camera/microphone/geolocation,
  a cross-origin opener policy, and ``Cache-Control: no-store`` on everything but the static
  files (pages and API hold personal data).
* **Errors.**  An address with a NUL character (``%00``) is 400; a store another process holds
  for writing (``bindung import`` from the command line) is 503 with ``Retry-After``, on every
  route; any other unhandled error is a 500 without a traceback (the traceback goes to the
  server's log).
* **Body size.**  A request that declares a body larger than the upload limit plus
  :data:`FORM_SLACK` is 413 before anything is read.
* Nothing builds SQL from request text: pages are built from fixed keys, parameters are
  validated against fixed choices, and customer ids go through Ibis filters as values.
* The guard is a plain ASGI middleware (not Starlette's ``BaseHTTPMiddleware``, which costs a
  task group and a memory stream per request).
"""

from __future__ import annotations

import hmac
import ipaddress
import json
import logging
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bindung.errors import BindungError, BusyError

log = logging.getLogger(__name__)

TOKEN_COOKIE = "bindung_token"
CSRF_COOKIE = "bindung_csrf"
#: The header (or query parameter ``csrf``) that carries the form's CSRF token before its body.
CSRF_HEADER = "x-csrf-token"
#: Shortest access token: 16 characters are about 95 bits from letters and digits, far beyond
#: guessing over HTTP; shorter ones ("secret", a PIN) are refused at start.
MIN_TOKEN_LENGTH = 16
#: Bytes a form may hold besides its file (field names, boundaries, the small fields).
FORM_SLACK = 64 * 1024
#: Seconds a client is asked to wait when the store is busy (an import takes seconds).
RETRY_AFTER = 5
#: What the pages may load: only the app's own files.  Styles may be inline because plotly.js
#: sets style attributes on the SVG it draws; scripts may not (the charts' data are JSON data
#: blocks, which a policy does not run).  Images: data: and blob: for plotly's download button.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
#: Headers every response of the app carries (unless the handler set them).
HEADERS = (
    ("content-security-policy", CSP),
    ("x-content-type-options", "nosniff"),
    ("x-frame-options", "DENY"),
    ("referrer-policy", "same-origin"),
    (
        "permissions-policy",
        "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
    ),
    ("cross-origin-opener-policy", "same-origin"),
)
#: Paths whose responses may be cached (no personal data): plotly.js, Swagger UI, the icon.
CACHEABLE = ("/static/", "/favicon.ico")
#: Methods that only read; every other one must come from the dashboard's own pages.
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
WILDCARDS = frozenset({"0.0.0.0", "::", ""})
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def require_token_off_loopback(host: str, token: str | None) -> None:
    if not is_loopback(host) and not token:
        raise BindungError(
            f"--host {host}: the dashboard would be reachable from other machines; give an "
            "access token (--token or BINDUNG_TOKEN) or bind to 127.0.0.1"
        )


def check_token(token: str | None) -> None:
    """Refuse a token that is too easy to guess: fewer than :data:`MIN_TOKEN_LENGTH`
    characters, or only spaces (``--token " "`` would otherwise mean "no token" here and a
    token elsewhere)."""
    if token is None:
        return
    if not token.strip():
        raise BindungError(
            "--token / BINDUNG_TOKEN is empty or only spaces; give a token of at least "
            f'{MIN_TOKEN_LENGTH} characters (e.g. python -c "import secrets; '
            'print(secrets.token_urlsafe(24))"), or none on 127.0.0.1'
        )
    if len(token) < MIN_TOKEN_LENGTH:
        raise BindungError(
            f"--token / BINDUNG_TOKEN has {len(token)} characters; at least {MIN_TOKEN_LENGTH} "
            'are needed so that it cannot be guessed (e.g. python -c "import secrets; '
            'print(secrets.token_urlsafe(24))")'
        )


def split_host(value: str) -> tuple[str, int | None] | None:
    """``(name, port)`` of a ``Host`` header or an origin's netloc (``[::1]:8000`` →
    ``("::1", 8000)``), the name lower case without a final dot; None when it is malformed."""
    value = value.strip().lower()
    if not value or any(c in value for c in "/\\@ ?#"):
        return None
    port_text = ""
    if value.startswith("["):
        end = value.find("]")
        if end < 0:
            return None
        name, rest = value[1:end], value[end + 1 :]
        if rest:
            if not rest.startswith(":"):
                return None
            port_text = rest[1:]
    elif value.count(":") > 1:  # a bare IPv6 address
        name = value
    else:
        name, _, port_text = value.partition(":")
    name = name.rstrip(".")
    if not name:
        return None
    if port_text:
        if not port_text.isdigit() or not 0 < int(port_text) < 65536:
            return None
        return name, int(port_text)
    return name, None


def is_ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


@dataclass(frozen=True)
class Hosts:
    """Which ``Host`` headers (and origins of forms) the server answers to.

    ``bound`` and ``port`` are the address the server listens on (``port`` None: any port, for
    an app not started by ``bindung serve``); ``extra`` the ``--allow-host`` names, each
    ``name`` (any port) or ``name:port``; ``*`` allows every host (for a proxy that checks the
    name itself)."""

    bound: str = "127.0.0.1"
    port: int | None = None
    extra: tuple[str, ...] = field(default_factory=tuple)

    def _own(self) -> list[str]:
        names = list(LOOPBACK_NAMES)
        bound = self.bound.strip("[]").lower()
        if bound not in WILDCARDS and bound not in names:
            names.append(bound)
        return names

    def _port_ok(self, port: int | None) -> bool:
        if self.port is None:
            return True
        return port == self.port or (port is None and self.port == 80)

    def named(self, value: str) -> bool:
        """``value`` (``host[:port]``) is one of the server's own names or an allowed one."""
        if "*" in self.extra:
            return True
        split = split_host(value)
        if split is None:
            return False
        name, port = split
        if name in self._own() and self._port_ok(port):
            return True
        for given in self.extra:
            allowed = split_host(given)
            if allowed is not None and allowed[0] == name and allowed[1] in (None, port):
                return True
        return False

    def allows(self, value: str) -> bool:
        """A request's ``Host`` may be answered: :meth:`named`, or any IP address on a wildcard
        bind (DNS rebinding needs a name; an address cannot be rebound)."""
        if self.named(value):
            return True
        split = split_host(value)
        wildcard = self.bound.strip("[]") in WILDCARDS
        return split is not None and wildcard and is_ip(split[0]) and self._port_ok(split[1])

    def describe(self) -> str:
        """The allowed hosts, for a refusal."""
        port = f":{self.port}" if self.port is not None else ""
        own = [f"[{n}]{port}" if ":" in n else f"{n}{port}" for n in self._own()]
        wildcard = ["any IP address"] if self.bound.strip("[]") in WILDCARDS else []
        return ", ".join([*own, *wildcard, *self.extra])


def refusal(status: int, detail: str, headers: dict[str, str] | None = None) -> Response:
    """A refusal of the guard: JSON ``{"detail": ...}`` like FastAPI's own errors."""
    return JSONResponse({"detail": detail}, status_code=status, headers=headers)


def origin_of(request: Request) -> str | None:
    """The netloc a state-changing request came from: its ``Origin``, else its ``Referer``'s;
    "" when neither says (or ``Origin: null``)."""
    origin = request.headers.get("origin")
    if origin is None:
        referer = request.headers.get("referer")
        if referer is None:
            return None
        origin = referer
    if origin.strip() == "null":
        return ""
    parts = urlsplit(origin.strip())
    if parts.scheme not in ("http", "https"):
        return ""
    return parts.netloc


class Security:
    """The rules of :class:`Guard` and the forms' CSRF tokens.  ``hosts``: the addresses the
    server answers to; ``max_body``: the largest request body (bytes) it reads at all."""

    def __init__(
        self,
        token: str | None = None,
        hosts: Hosts | None = None,
        max_body: int | None = None,
    ) -> None:
        check_token(token)
        self.token = token or None
        self.hosts = hosts if hosts is not None else Hosts()
        self.max_body = max_body
        #: Paths that count their bodies themselves and answer with a page
        #: (:mod:`bindung.web.uploads`): the guard does not refuse them by their declared size.
        self.own_body_limit: set[str] = set()

    def _authorised(self, request: Request) -> bool:
        if self.token is None:
            return True
        given = request.headers.get("authorization", "")
        if given.lower().startswith("bearer "):
            given = given[7:].strip()
        else:
            given = request.cookies.get(TOKEN_COOKIE, "")
        return bool(given) and hmac.compare_digest(given.encode(), self.token.encode())

    def install(self, app: FastAPI) -> None:
        app.add_middleware(Guard, security=self)

    def refusal(self, request: Request) -> Response | None:
        """The response to a request that may not pass (None when it may); checked in the
        order: the address, the host, the token, the origin, the declared body size."""
        scope = request.scope
        if "\x00" in scope.get("path", "") or b"%00" in scope.get("query_string", b""):
            return refusal(
                400, "the address holds a NUL character (%00), which no page or value takes"
            )
        host = request.headers.get("host", "")
        if not self.hosts.allows(host):
            return refusal(
                400,
                f"unknown host {host[:100]!r}: this dashboard answers to "
                f"{self.hosts.describe()}; behind a proxy, start it with --allow-host NAME",
            )
        refused = self._token_refusal(request)
        if refused is not None:
            return refused
        if request.method not in SAFE_METHODS:
            origin = origin_of(request)
            if origin is None:
                return refusal(
                    403,
                    "a request that changes something must come from the dashboard's own "
                    "pages: it has neither an Origin nor a Referer header",
                )
            if not origin or not (
                origin.lower() == host.strip().lower() or self.hosts.named(origin)
            ):
                return refusal(
                    403,
                    f"a request from another site ({origin or 'null'}) may not change anything "
                    f"here; send it from the dashboard's own pages ({host[:100]})",
                )
        limit = self.body_limit(request)
        declared = request.headers.get("content-length", "")
        if limit is not None and declared.isdigit() and int(declared) > limit:
            return refusal(413, too_large(int(declared), limit))
        return None

    def body_limit(self, request: Request) -> int | None:
        """The most bytes of a request's body the app reads: a form with a file the upload
        limit and :data:`FORM_SLACK`, any other body :data:`FORM_SLACK`; None for the paths
        that count their bodies themselves (:attr:`own_body_limit`)."""
        if self.max_body is None or request.url.path in self.own_body_limit:
            return None
        if request.headers.get("content-type", "").startswith("multipart/form-data"):
            return self.max_body + FORM_SLACK
        return FORM_SLACK

    def _token_refusal(self, request: Request) -> Response | None:
        if self.token is None:
            return None
        query_token = request.query_params.get("token")
        if query_token is not None:
            if not hmac.compare_digest(query_token.encode(), self.token.encode()):
                return refusal(401, "wrong access token")
            # trade the token in the address for a cookie, and drop it from the address
            redirect = RedirectResponse(request.url.remove_query_params("token"), 303)
            redirect.set_cookie(TOKEN_COOKIE, self.token, httponly=True, samesite="strict")
            return redirect
        if not self._authorised(request):
            return refusal(
                401,
                "access token required (Authorization: Bearer TOKEN)",
                {"WWW-Authenticate": "Bearer"},
            )
        return None

    def csrf_token(self, request: Request) -> str:
        existing = request.cookies.get(CSRF_COOKIE)
        if existing:
            return existing
        token = getattr(request.state, "csrf", None) or secrets.token_urlsafe(24)
        request.state.csrf = token
        return str(token)

    def set_csrf_cookie(self, request: Request, response: Response) -> None:
        if not request.cookies.get(CSRF_COOKIE):
            response.set_cookie(
                CSRF_COOKIE, self.csrf_token(request), httponly=True, samesite="strict"
            )

    def check_csrf(self, request: Request, form_token: str | None = None) -> bool:
        """The form's token equals the cookie: the one given (a form field), else the one
        sent before the body (header ``X-CSRF-Token`` or query ``?csrf=``)."""
        given = (
            form_token or request.headers.get(CSRF_HEADER) or request.query_params.get("csrf") or ""
        )
        cookie = request.cookies.get(CSRF_COOKIE, "")
        return (
            bool(cookie)
            and bool(given)
            and hmac.compare_digest(cookie.encode(), str(given).encode())
        )


def too_large(size: int | None, limit: int) -> str:
    said = f"has {size} bytes" if size is not None else "is longer"
    return (
        f"the request body {said}; this server reads at most {limit} bytes "
        "(uploads: bindung serve --max-upload-mb)"
    )


class BodyTooLarge(HTTPException):
    """A body that grew past its limit while it was read (no or a false ``Content-Length``):
    413, and nothing more is read.  An :class:`HTTPException`, so that FastAPI's form parsing
    passes it on instead of calling it a malformed body."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, too_large(None, limit))


def counted(receive: Receive, limit: int) -> Receive:
    """``receive`` that raises :class:`BodyTooLarge` as soon as more than ``limit`` bytes of
    the body arrived."""
    seen = 0

    async def receive_counted() -> Message:
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                raise BodyTooLarge(limit)
        return message

    return receive_counted


def _with_headers(message: Message, path: str) -> None:
    headers = MutableHeaders(scope=message)
    for name, value in HEADERS:
        if name not in headers:
            headers.append(name, value)
    static = path.startswith(CACHEABLE) and message.get("status", 500) < 300
    if "cache-control" not in headers and not static:
        headers.append("cache-control", "no-store")


def _error_page(status: int, detail: str, accept: str) -> Response:
    """A 500/503 without a traceback: a short HTML page for a browser, else JSON."""
    headers = {"Retry-After": str(RETRY_AFTER)} if status == 503 else None
    if "text/html" in accept:
        from markupsafe import escape

        body = (
            f"<!doctype html><html><head><meta charset='utf-8'><title>Bindung · {status}"
            f"</title></head><body><h1>{status}</h1><p>{escape(detail)}</p></body></html>"
        )
        return Response(body, status, headers, media_type="text/html; charset=utf-8")
    return Response(
        json.dumps({"detail": detail}, ensure_ascii=False),
        status,
        headers,
        media_type="application/json",
    )


class Guard:
    """The ASGI middleware of :class:`Security`: refuses what may not pass, adds
    :data:`HEADERS` to every response (its own refusals included), and turns a busy store into
    503 and any other unhandled error into a 500 without a traceback."""

    def __init__(self, app: ASGIApp, security: Security) -> None:
        self.app = app
        self.security = security

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = str(scope.get("path", ""))
        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                _with_headers(message, path)
            await send(message)

        request = Request(scope)
        refused = self.security.refusal(request)
        if refused is not None:
            await refused(scope, receive, send_with_headers)
            return
        accept = request.headers.get("accept", "")
        limit = self.security.body_limit(request)
        if limit is not None:
            receive = counted(receive, limit)
        try:
            await self.app(scope, receive, send_with_headers)
        except BusyError as exc:
            if started:
                raise
            detail = f"{exc} — the dashboard answers again when it has finished"
            await _error_page(503, detail, accept)(scope, receive, send_with_headers)
        except Exception as exc:
            if started:
                raise
            log.exception("unhandled error on %s %s", scope.get("method"), path)
            # a BindungError names what is wrong and what to do (bindung.errors); others say
            # nothing about the inside
            detail = (
                str(exc)
                if isinstance(exc, BindungError)
                else "internal error; the server's log has the details"
            )
            await _error_page(500, detail, accept)(scope, receive, send_with_headers)


def allowed_hosts(values: Iterable[str]) -> tuple[str, ...]:
    """``--allow-host`` values (also comma-separated), checked: each ``name``, ``name:port``
    or ``*``."""
    hosts: list[str] = []
    for value in values:
        for part in value.split(","):
            part = part.strip()
            if not part:
                continue
            if part != "*" and split_host(part) is None:
                raise BindungError(
                    f"--allow-host {part!r}: expected a host name or address, optionally with "
                    "a port (proxy.example.org, 192.168.1.20:8000, [::1]:8000), or *"
                )
            hosts.append(part)
    return tuple(hosts)
