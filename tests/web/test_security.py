"""Access control of the dashboard (``bindung.web.security``) against real server processes.

The token server listens on 0.0.0.0 (all addresses) and is reached through 127.0.0.1; the open
server on 127.0.0.1 without a token; the writable one (a copy of the small demo, uploads of at
most 3 MB, its own temporary folder) takes the uploads, the busy store and the broken settings.
"""

from __future__ import annotations

import contextlib
import os
import re
import select
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest

from bindung.web.security import CSP, FORM_SLACK
from tests.web.conftest import (
    BINDUNG,
    TOKEN,
    Server,
    Servers,
    copy_workspace,
    csrf_of,
    free_port,
    server_env,
)

BEARER = {"Authorization": f"Bearer {TOKEN}"}
GUARDED = [
    "/",
    "/overview",
    "/retention",
    "/value",
    "/social",
    "/roi",
    "/imports",
    "/api/pages/overview",
    "/api/pages/imports",
    "/api/customers/100001/orders",
    "/customers/100001",
    "/static/plotly.min.js",
    "/favicon.ico",
    "/openapi.json",
    "/docs",
]


@pytest.fixture(scope="module")
def token_server(servers: Servers, small_demo: Path) -> Server:
    return servers.start(small_demo, "--token", TOKEN, host="0.0.0.0", headers=BEARER)


def test_serve_off_loopback_without_token_exits_2(small_demo: Path) -> None:
    cmd = [str(BINDUNG), "serve", "-w", str(small_demo), "--host", "0.0.0.0"]
    done = subprocess.run(
        [*cmd, "--port", str(free_port())],
        capture_output=True,
        text=True,
        timeout=120,
        env=server_env(),
    )
    assert done.returncode == 2
    message = done.stderr + done.stdout
    assert "--token" in message
    assert "0.0.0.0" in message


@pytest.mark.parametrize("path", GUARDED)
def test_every_request_without_the_token_is_401(token_server: Server, path: str) -> None:
    with token_server.client() as client:
        response = client.get(path)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert response.json() == {"detail": "access token required (Authorization: Bearer TOKEN)"}


def test_upload_without_the_token_is_401(token_server: Server) -> None:
    with token_server.client() as client:
        response = client.post(
            "/imports/upload",
            data={"kind": "orders", "csrf": "x"},
            files={"file": ("o.csv", b"order_id\n", "text/csv")},
        )
    assert response.status_code == 401


@pytest.mark.parametrize(
    "path",
    ["/overview", "/imports", "/api/pages/overview", "/api/pages/value", "/favicon.ico"],
)
def test_bearer_token_gives_access(token_server: Server, path: str) -> None:
    with token_server.client(headers=BEARER) as client:
        response = client.get(path)
    assert response.status_code == 200, response.text


@pytest.mark.parametrize(
    "headers",
    [
        {"Authorization": "Bearer wrong"},
        {"Authorization": f"Bearer {TOKEN}x"},
        {"Authorization": f"Basic {TOKEN}"},
        {"Cookie": "bindung_token=wrong"},
    ],
)
def test_a_wrong_token_is_401(token_server: Server, headers: dict[str, str]) -> None:
    with token_server.client(headers=headers) as client:
        response = client.get("/api/pages/overview")
    assert response.status_code == 401


def test_token_in_the_address_becomes_an_httponly_cookie(token_server: Server) -> None:
    with token_server.client() as client:
        response = client.get("/", params={"token": TOKEN})
        assert response.status_code == 303
        location = response.headers["location"]
        assert "token" not in location
        assert TOKEN not in location
        assert location.rstrip("/").endswith(token_server.base.split("//")[1])
        cookie = response.headers["set-cookie"]
        assert cookie.startswith(f"bindung_token={TOKEN};")
        assert "httponly" in cookie.lower()
        assert "samesite=strict" in cookie.lower()
        # the cookie now opens every page without the token in the address
        page = client.get("/api/pages/overview")
        assert page.status_code == 200
        # other query parameters are kept
        kept = client.get("/overview", params={"token": TOKEN, "lang": "en"})
        assert kept.status_code == 303
        assert kept.headers["location"].endswith("/overview?lang=en")


def test_a_wrong_token_in_the_address_is_401(token_server: Server) -> None:
    with token_server.client() as client:
        response = client.get("/", params={"token": "wrong"})
    assert response.status_code == 401
    assert "set-cookie" not in response.headers


@pytest.mark.parametrize("path", ["/overview", "/api/pages/overview", "/favicon.ico"])
def test_security_headers(token_server: Server, path: str) -> None:
    with token_server.client(headers=BEARER) as client:
        response = client.get(path)
    assert response.status_code == 200
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["referrer-policy"] == "same-origin"


@pytest.mark.parametrize("path", ["/api/pages/value", "/value"])
def test_sql_in_a_segment_is_rejected(token_server: Server, path: str) -> None:
    with token_server.client(headers=BEARER) as client:
        response = client.get(path, params={"segment": "x' OR 1=1 --"})
        plain = client.get(path, params={"segment": "champions"})
    assert response.status_code == 422
    assert plain.status_code == 200


@pytest.mark.parametrize(
    "customer", ["x' OR 1=1 --", "100001' OR '1'='1", '"; DROP TABLE orders; --']
)
def test_quotes_in_a_customer_id_are_just_not_found(token_server: Server, customer: str) -> None:
    with token_server.client(headers=BEARER) as client:
        response = client.get(f"/api/customers/{quote(customer, safe='')}/orders")
        real = client.get("/api/customers/100001/orders")
    assert response.status_code == 404
    assert customer in response.json()["detail"]
    # the store is unharmed: the real customer still has orders
    assert real.status_code == 200
    assert real.json()["tables"]["orders"]["rows"]


def test_open_server_on_loopback_needs_no_token(server: Server) -> None:
    response = httpx.get(f"{server.base}/favicon.ico", timeout=30)
    assert response.status_code == 200
    assert response.headers["x-frame-options"] == "DENY"


# --- issue 18: hosts, origins, headers on every status, token strength, uploads, errors ---

LIMIT_MB = 3
ORDERS = b"order_id,customer_id,ordered_at,revenue,items,channel\n"
EXPECTED_HEADERS = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",
    "cross-origin-opener-policy": "same-origin",
}


def assert_guarded(response: httpx.Response, *, cached: bool = False) -> None:
    """The security headers are there (and ``no-store`` unless the file may be cached)."""
    for name, value in EXPECTED_HEADERS.items():
        assert response.headers.get(name) == value, (response.status_code, name)
    assert "camera=()" in response.headers["permissions-policy"]
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    if not cached:
        assert response.headers["cache-control"] == "no-store", response.status_code


def port_of(server: Server) -> int:
    return int(server.base.rsplit(":", 1)[1])


def files_in(folder: Path) -> list[Path]:
    return [Path(d) / f for d, _, names in os.walk(folder) for f in names]


def bytes_in(folder: Path) -> int:
    total = 0
    for path in files_in(folder):
        with contextlib.suppress(FileNotFoundError):  # deleted between the walk and the stat
            total += path.stat().st_size
    return total


def wait_empty(folder: Path, seconds: float = 10.0) -> list[Path]:
    """The files left in ``folder`` once the server had ``seconds`` to delete them."""
    deadline = time.monotonic() + seconds
    while files_in(folder) and time.monotonic() < deadline:
        time.sleep(0.1)
    return files_in(folder)


@pytest.fixture(scope="module")
def open_server(servers: Servers, small_demo: Path) -> Server:
    """``bindung serve`` as most run it: 127.0.0.1, no token (read only use)."""
    return servers.start(small_demo)


@pytest.fixture(scope="module")
def upload_tmp(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("upload_tmp")


@pytest.fixture(scope="module")
def writable(
    servers: Servers, small_demo: Path, tmp_path_factory: pytest.TempPathFactory, upload_tmp: Path
) -> Server:
    folder = copy_workspace(small_demo, tmp_path_factory.mktemp("hard") / "demo")
    return servers.start(
        folder,
        "--max-upload-mb",
        str(LIMIT_MB),
        tmp=upload_tmp,
        env={"BINDUNG_BUSY_WAIT": "0.3"},
    )


def csrf_client(server: Server) -> tuple[httpx.Client, str]:
    """A client that opened the Imports page (the CSRF cookie is set) and the form's token."""
    client = server.client()
    token = csrf_of(client.get("/imports").text)
    return client, token


# -- Host (DNS rebinding) --


@pytest.mark.parametrize(
    "host",
    ["evil.example:{port}", "evil.example", "localhost:1", "127.0.0.1.nip.io:{port}", "x@y"],
)
def test_a_foreign_host_is_refused(open_server: Server, host: str) -> None:
    with open_server.client() as client:
        response = client.get(
            "/api/pages/overview", headers={"Host": host.format(port=port_of(open_server))}
        )
    assert response.status_code == 400
    detail = response.json()["detail"]
    assert detail.startswith("unknown host")
    assert f"localhost:{port_of(open_server)}" in detail  # says what is answered
    assert "--allow-host" in detail
    assert_guarded(response)


@pytest.mark.parametrize(
    "host", ["localhost:{port}", "127.0.0.1:{port}", "[::1]:{port}", "LocalHost.:{port}"]
)
def test_the_loopback_names_are_answered(open_server: Server, host: str) -> None:
    with open_server.client() as client:
        response = client.get(
            "/api/pages/imports", headers={"Host": host.format(port=port_of(open_server))}
        )
    assert response.status_code == 200


def test_a_wildcard_bind_answers_addresses_but_not_names(token_server: Server) -> None:
    """On 0.0.0.0 with a token: any IP address (an address cannot be rebound), no name."""
    port = port_of(token_server)
    with token_server.client(headers=BEARER) as client:
        address = client.get("/favicon.ico", headers={"Host": f"192.168.1.7:{port}"})
        name = client.get("/favicon.ico", headers={"Host": f"evil.example:{port}"})
    assert address.status_code == 200
    assert name.status_code == 400


def test_allow_host_names_a_reverse_proxy(servers: Servers, small_demo: Path) -> None:
    proxy = servers.start(small_demo, "--allow-host", "dash.example.org")
    with proxy.client() as client:
        client.get("/imports")
        token = client.cookies["bindung_csrf"]
        named = client.get("/favicon.ico", headers={"Host": "dash.example.org"})
        other = client.get("/favicon.ico", headers={"Host": "other.example.org"})
        # a form of the proxy's https page may change something here
        sent = client.post(
            "/imports/cancel",
            data={"csrf": token, "upload_id": "0" * 32},
            headers={"Host": "dash.example.org", "Origin": "https://dash.example.org"},
        )
    assert named.status_code == 200
    assert other.status_code == 400
    assert sent.status_code == 303
    proxy.stop()


def test_a_wrong_allow_host_is_refused_at_start(small_demo: Path) -> None:
    cmd = [str(BINDUNG), "serve", "-w", str(small_demo), "--allow-host", "http://x/"]
    done = subprocess.run(
        [*cmd, "--port", str(free_port())],
        capture_output=True,
        text=True,
        timeout=120,
        env=server_env(),
    )
    assert done.returncode == 2
    assert "--allow-host" in done.stderr + done.stdout


# -- Origin and Referer of requests that change something --


@pytest.mark.parametrize(
    ("headers", "said"),
    [
        ({}, "neither an Origin nor a Referer"),
        ({"Origin": "http://evil.example"}, "another site (evil.example)"),
        ({"Origin": "null"}, "another site (null)"),
        ({"Referer": "http://evil.example/page"}, "another site (evil.example)"),
        ({"Origin": "http://127.0.0.1:1"}, "another site (127.0.0.1:1)"),
    ],
)
def test_a_post_from_elsewhere_is_403(
    open_server: Server, headers: dict[str, str], said: str
) -> None:
    client, token = csrf_client(open_server)
    with contextlib.closing(client):
        del client.headers["Origin"]
        response = client.post(
            "/imports/cancel", data={"csrf": token, "upload_id": "0" * 32}, headers=headers
        )
    assert response.status_code == 403
    assert said in response.json()["detail"]
    assert_guarded(response)


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "{base}"},
        {"Referer": "{base}/imports?lang=en"},
        {"Origin": "http://localhost:{port}"},
    ],
)
def test_a_post_from_the_dashboard_passes(open_server: Server, headers: dict[str, str]) -> None:
    client, token = csrf_client(open_server)
    values = {"base": open_server.base, "port": port_of(open_server)}
    with contextlib.closing(client):
        del client.headers["Origin"]
        response = client.post(
            "/imports/cancel",
            data={"csrf": token, "upload_id": "0" * 32},
            headers={k: v.format(**values) for k, v in headers.items()},
        )
    assert response.status_code == 303, response.text


# -- headers on every response --


def test_every_status_carries_the_security_headers(
    open_server: Server, token_server: Server
) -> None:
    seen: dict[int, httpx.Response] = {}
    with open_server.client() as client:
        seen[200] = client.get("/overview")
        seen[400] = client.get("/overview", headers={"Host": "evil.example"})
        seen[403] = client.post("/imports/cancel", headers={"Origin": "http://evil.example"})
        seen[404] = client.get("/api/answers/no_such_answer")
        seen[422] = client.get("/api/pages/overview", params={"period": "decade"})
        # any body but a file form is at most FORM_SLACK bytes: refused by its declared length
        seen[413] = client.post(
            "/imports/cancel", content=b"x" * (FORM_SLACK + 1), headers={"Content-Type": "a/b"}
        )
    with token_server.client() as client:
        seen[303] = client.get("/", params={"token": TOKEN})
    with token_server.client() as client:
        seen[401] = client.get("/overview")
    for status, response in seen.items():
        assert response.status_code == status, (status, response.text[:200])
        assert_guarded(response)
    assert "FORM_SLACK" not in seen[413].text and "bytes" in seen[413].json()["detail"]


def test_static_files_may_be_cached_but_carry_the_policy(open_server: Server) -> None:
    with open_server.client() as client:
        for path in ("/static/plotly.min.js", "/static/bindung.js", "/favicon.ico"):
            response = client.get(path)
            assert response.status_code == 200
            assert_guarded(response, cached=True)
            assert "no-store" not in response.headers.get("cache-control", "")


def test_pages_hold_no_inline_script(open_server: Server) -> None:
    """script-src 'self' runs no inline script: a chart must be a JSON block the page's own
    script draws, and no element may carry an on... handler."""
    with open_server.client() as client:
        html = client.get("/retention", params={"lang": "en"}).text
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
    inline = [attrs for attrs, body in scripts if body.strip()]
    assert inline and all('type="application/json"' in attrs for attrs in inline)
    assert re.search(r"\son[a-z]+=", html) is None
    assert '<script src="/static/bindung.js" defer></script>' in html


def test_the_docs_page_allows_exactly_its_own_inline_script(open_server: Server) -> None:
    import base64
    import hashlib

    with open_server.client() as client:
        response = client.get("/docs")
    assert response.status_code == 200
    code = re.findall(r"<script>(.*?)</script>", response.text, re.S)
    assert len(code) == 1
    digest = base64.b64encode(hashlib.sha256(code[0].encode()).digest()).decode()
    policy = response.headers["content-security-policy"]
    assert f"script-src 'self' 'sha256-{digest}';" in policy
    assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]


# -- token strength --


@pytest.mark.parametrize(
    ("given", "said"),
    [
        (["--token", "short"], "has 5 characters; at least 16"),
        (["--token", "   "], "only spaces"),
        (["--token", "fifteen-chars15"], "has 15 characters"),
    ],
)
def test_a_weak_token_is_refused_at_start(small_demo: Path, given: list[str], said: str) -> None:
    cmd = [str(BINDUNG), "serve", "-w", str(small_demo), *given, "--port", str(free_port())]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=120, env=server_env())
    assert done.returncode == 2
    assert said in " ".join((done.stderr + done.stdout).split())


def test_a_weak_token_from_the_environment_is_refused(small_demo: Path) -> None:
    cmd = [str(BINDUNG), "serve", "-w", str(small_demo), "--port", str(free_port())]
    env = {**server_env(), "BINDUNG_TOKEN": "1234"}
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == 2
    assert "at least 16" in " ".join((done.stderr + done.stdout).split())


# -- %00 --


@pytest.mark.parametrize(
    "path",
    ["/customers/%00", "/api/customers/%00/orders", "/overview?lang=%00", "/static/docs/a%00b"],
)
def test_a_nul_in_the_address_is_400(open_server: Server, path: str) -> None:
    with open_server.client() as client:
        response = client.get(path)
    assert response.status_code == 400
    assert "NUL" in response.json()["detail"]
    assert_guarded(response)


# -- uploads: CSRF before the body, the limit while it arrives, nothing left behind --


def raw_upload(
    server: Server, *, csrf: str, cookie: str, total: int, declared: int | None, tmp: Path
) -> tuple[bytes, int, int]:
    """POST a file form with ``total`` bytes of rows through a socket, reading while sending:
    the response, how many bytes of rows were sent before it came, and the most bytes the server's
    temporary folder held meanwhile.  ``declared``: the Content-Length (None: chunked)."""
    boundary = "hard-boundary"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\norders\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.csv"\r\n'
        "Content-Type: text/csv\r\n\r\n"
    ).encode() + ORDERS
    length = f"Content-Length: {declared}" if declared else "Transfer-Encoding: chunked"
    request = (
        f"POST /imports/upload?csrf={csrf}&lang=en HTTP/1.1\r\n"
        f"Host: 127.0.0.1:{port_of(server)}\r\n"
        f"Origin: {server.base}\r\nCookie: bindung_csrf={cookie}\r\n"
        f"Content-Type: multipart/form-data; boundary={boundary}\r\n{length}\r\n\r\n"
    ).encode()

    def framed(data: bytes) -> bytes:
        return data if declared else b"%x\r\n" % len(data) + data + b"\r\n"

    piece = framed(b"WEB-X,1,2026-10-15 10:00:00,1.00,1,Onlineshop\n" * 1400)
    sent, most, answer, pending = 0, 0, b"", b""
    with socket.create_connection(("127.0.0.1", port_of(server))) as sock:
        sock.sendall(request + framed(head))  # the fields before the file's rows: not counted
        sock.setblocking(False)
        deadline = time.monotonic() + 120
        while b"\r\n\r\n" not in answer and time.monotonic() < deadline:
            readable, writable, _ = select.select([sock], [sock] if sent < total else [], [], 1)
            most = max(most, bytes_in(tmp))
            if readable:
                data = sock.recv(65536)
                if not data:
                    break
                answer += data
                continue
            if writable:
                pending = pending or piece
                try:
                    done = sock.send(pending)
                except (BrokenPipeError, ConnectionResetError):
                    break
                pending, sent = pending[done:], sent + done
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:  # the rest of the response (headers and page)
            readable, _, _ = select.select([sock], [], [], 0.5)
            if not readable:
                break
            try:
                data = sock.recv(65536)
            except ConnectionResetError:
                break
            if not data:
                break
            answer += data
    return answer, sent, most


def test_a_body_past_the_limit_is_refused_while_it_arrives(
    writable: Server, upload_tmp: Path
) -> None:
    """64 MB sent without a length to a server taking 3 MB: the 413 comes while the body is
    still being sent, and the temporary folder never holds more than the limit."""
    client, token = csrf_client(writable)
    with contextlib.closing(client):
        cookie = client.cookies["bindung_csrf"]
    total = 64 * 2**20
    answer, sent, most = raw_upload(
        writable, csrf=token, cookie=cookie, total=total, declared=None, tmp=upload_tmp
    )
    assert answer.startswith(b"HTTP/1.1 413 "), answer[:200]
    assert sent < total // 2  # what the sockets' buffers hold beyond the 3 MB read
    assert most <= LIMIT_MB * 2**20 + FORM_SLACK
    assert b"larger than the limit of 3 MB" in answer
    assert b"content-security-policy: " in answer.lower()
    assert wait_empty(upload_tmp) == []


def test_a_body_declared_too_large_is_refused_before_it_is_sent(
    writable: Server, upload_tmp: Path
) -> None:
    client, token = csrf_client(writable)
    with contextlib.closing(client):
        cookie = client.cookies["bindung_csrf"]
    answer, sent, _ = raw_upload(
        writable, csrf=token, cookie=cookie, total=0, declared=100 * 2**20, tmp=upload_tmp
    )
    assert answer.startswith(b"HTTP/1.1 413 "), answer[:200]
    assert sent == 0
    assert b"larger than the limit of 3 MB" in answer


def test_the_upload_csrf_is_checked_before_the_body(writable: Server, upload_tmp: Path) -> None:
    """A forged token in the address: 403 though not a byte of the (declared) body was sent."""
    client, _ = csrf_client(writable)
    with contextlib.closing(client):
        cookie = client.cookies["bindung_csrf"]
    answer, sent, _ = raw_upload(
        writable, csrf="forged", cookie=cookie, total=0, declared=2 * 2**20, tmp=upload_tmp
    )
    assert answer.startswith(b"HTTP/1.1 403 "), answer[:200]
    assert sent == 0
    assert b"The form expired or was sent from elsewhere" in answer
    # the token only in the form's body is not enough for a file form
    with writable.client() as client:
        client.get("/imports")
        only_body = client.post(
            "/imports/upload",
            data={"kind": "orders", "csrf": client.cookies["bindung_csrf"]},
            files={"file": ("o.csv", ORDERS, "text/csv")},
        )
    assert only_body.status_code == 403


def test_uploads_leave_no_file_behind(writable: Server, upload_tmp: Path) -> None:
    client, token = csrf_client(writable)
    line = b"WEB-TMP-%d,100001,2026-10-15 10:00:00,1.00,1,Onlineshop\n"
    # above starlette's 1 MB in memory: the spooled form goes to the temporary folder
    big = ORDERS + b"".join(line % i for i in range(30_000))
    assert 1 * 2**20 < len(big) < LIMIT_MB * 2**20
    with contextlib.closing(client):
        stored = client.post(
            "/imports/upload",
            params={"csrf": token},
            data={"kind": "orders"},
            files={"file": ("big.csv", big, "text/csv")},
        )
        failed = client.post(
            "/imports/upload",
            params={"csrf": token},
            data={"kind": "orders"},
            files={"file": ("empty.csv", b"", "text/csv")},
        )
    assert stored.status_code == 303 and "stored=30000" in stored.headers["location"]
    assert failed.status_code == 422
    assert wait_empty(upload_tmp) == []


# -- customer ids with "/" --


def test_a_customer_id_with_a_slash_opens(writable: Server) -> None:
    client, token = csrf_client(writable)
    with contextlib.closing(client):
        sent = client.post(
            "/imports/upload",
            params={"csrf": token},
            data={"kind": "orders"},
            files={
                "file": (
                    "b2b.csv",
                    ORDERS + b"WEB-SLASH-1,B2B/4711,2026-10-15 10:00:00,12.50,1,Onlineshop\n",
                    "text/csv",
                )
            },
        )
        assert sent.status_code == 303, sent.text[:300]
        api = client.get("/api/customers/B2B/4711/orders")
        page = client.get(f"/customers/{quote('B2B/4711', safe='')}", params={"lang": "en"})
        plain = client.get("/customers/B2B/4711", params={"lang": "en"})
    assert api.status_code == 200
    assert [row["order_id"] for row in api.json()["tables"]["orders"]["rows"]] == ["WEB-SLASH-1"]
    assert page.status_code == 200 and "WEB-SLASH-1" in page.text
    assert plain.status_code == 200 and "WEB-SLASH-1" in plain.text


# -- a busy store: 503 with Retry-After, never 500 --


@pytest.fixture
def store_locked(writable: Server) -> Iterator[None]:
    """Another process holds the store for writing (as ``bindung import`` does)."""
    script = (
        "import sys, time, duckdb\n"
        "deadline = time.monotonic() + 60\n"
        "while True:\n"
        "    try:\n"
        "        con = duckdb.connect(sys.argv[1]); break\n"
        "    except duckdb.IOException:\n"
        "        if time.monotonic() > deadline: raise\n"
        "        time.sleep(0.2)\n"
        "print('locked', flush=True)\n"
        "sys.stdin.read()\n"
    )
    holder = subprocess.Popen(
        [sys.executable, "-c", script, str(writable.folder / "bindung.duckdb")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        yield
    finally:
        assert holder.stdin is not None
        holder.stdin.close()  # the holder's read ends: it exits and lets go of the store
        holder.wait(timeout=30)
        if holder.stdout is not None:
            holder.stdout.close()


def test_a_busy_store_is_503_with_retry_after(writable: Server, store_locked: None) -> None:
    client, token = csrf_client(writable)
    with contextlib.closing(client):
        api = client.get("/api/customers/100001/orders")
        page = client.get("/customers/100001", headers={"Accept": "text/html"})
        upload = client.post(
            "/imports/upload",
            params={"csrf": token},
            data={"kind": "orders", "lang": "en"},
            files={"file": ("o.csv", ORDERS + b"W-1,1,2026-10-15,1.00,1,x\n", "text/csv")},
        )
        answers = client.get("/api/pages/overview")  # read from the stored answers
    for response in (api, page, upload):
        assert response.status_code == 503, response.text[:300]
        assert response.headers["retry-after"] == "5"
        assert_guarded(response)
    assert "workspace is busy" in api.json()["detail"]
    assert "The workspace is busy" in upload.text
    assert answers.status_code == 200


# -- an unexpected error: 500 without a traceback, with the headers --


def test_an_error_is_500_with_the_headers_and_no_traceback(writable: Server) -> None:
    settings = writable.folder / "bindung.toml"
    kept = settings.read_bytes()
    try:
        settings.write_bytes(kept + b"\nthis is [ not toml\n")
        with writable.client() as client:
            html = client.get("/overview", headers={"Accept": "text/html"})
            api = client.get("/api/pages/retention")
    finally:
        settings.write_bytes(kept)
    for response in (html, api):
        assert response.status_code == 500
        assert "Traceback" not in response.text and 'File "' not in response.text
        assert_guarded(response)
    assert "bindung.toml" in html.text and html.headers["content-type"].startswith("text/html")
    assert "not valid TOML" in api.json()["detail"]
