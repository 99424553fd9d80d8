"""Access control of the dashboard (``bindung.web.security``) against real server processes.

The token server listens on 0.0.0.0 (all addresses) and is reached through 127.0.0.1.
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest

from tests.web.conftest import BINDUNG, TOKEN, Server, Servers, free_port, server_env

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
