"""Access and forms.

* **Access token.**  On 127.0.0.1 (the default) the dashboard is open to the local user.  Bound
  to any other address, ``bindung serve`` refuses to start without a token
  (:func:`require_token_off_loopback`); with a token every request must carry it: header
  ``Authorization: Bearer TOKEN``, or the cookie set by opening ``/?token=TOKEN`` once
  (HttpOnly, SameSite=Strict).  Tokens are compared in constant time.
* **Cross-site requests.**  Forms carry a CSRF token that must equal the ``bindung_csrf``
  cookie (double submit; SameSite=Strict); a POST without them is refused (403).
* Nothing builds SQL from request text: pages are built from fixed keys, parameters are
  validated against fixed choices, and customer ids go through Ibis filters as values.
* The guard is a plain ASGI middleware (not Starlette's ``BaseHTTPMiddleware``, which costs a
  task group and a memory stream per request); it adds ``nosniff``, ``DENY`` and
  ``same-origin`` headers to every response it lets through.
"""

from __future__ import annotations

import hmac
import ipaddress
import secrets

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bindung.errors import BindungError

TOKEN_COOKIE = "bindung_token"
CSRF_COOKIE = "bindung_csrf"
#: Headers every response of the app carries (unless the handler set them).
HEADERS = (
    ("x-content-type-options", "nosniff"),
    ("x-frame-options", "DENY"),
    ("referrer-policy", "same-origin"),
)


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


class Security:
    def __init__(self, token: str | None = None) -> None:
        self.token = token or None

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
        """The response to a request that may not pass (None when it may)."""
        if self.token is None:
            return None
        query_token = request.query_params.get("token")
        if query_token is not None:
            if not hmac.compare_digest(query_token.encode(), self.token.encode()):
                return JSONResponse({"detail": "wrong access token"}, status_code=401)
            # trade the token in the address for a cookie, and drop it from the address
            redirect = RedirectResponse(request.url.remove_query_params("token"), 303)
            redirect.set_cookie(TOKEN_COOKIE, self.token, httponly=True, samesite="strict")
            return redirect
        if not self._authorised(request):
            return JSONResponse(
                {"detail": "access token required (Authorization: Bearer TOKEN)"},
                status_code=401,
                headers={"WWW-Authenticate": "Bearer"},
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

    def check_csrf(self, request: Request, form_token: str | None) -> bool:
        cookie = request.cookies.get(CSRF_COOKIE, "")
        return (
            bool(cookie)
            and bool(form_token)
            and hmac.compare_digest(cookie.encode(), str(form_token).encode())
        )


class Guard:
    """The ASGI middleware of :class:`Security`: refuses what may not pass, adds
    :data:`HEADERS` to the rest."""

    def __init__(self, app: ASGIApp, security: Security) -> None:
        self.app = app
        self.security = security

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        refused = self.security.refusal(Request(scope))
        if refused is not None:
            await refused(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in HEADERS:
                    if name not in headers:
                        headers.append(name, value)
            await send(message)

        await self.app(scope, receive, send_with_headers)
