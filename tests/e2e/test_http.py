"""HTTP conventions (API.md §1.2, §1.5): 404/405, request ids, security headers, keep-alive."""

from __future__ import annotations

import http.client

import pytest
import requests

import clockko_e2e as e2e
from clockko_e2e import assert_error


def assert_security_headers(resp) -> None:
    for name, value in e2e.SECURITY_HEADERS.items():
        assert resp.headers.get(name) == value, (name, resp.status_code, dict(resp.headers))
    assert e2e.REQUEST_ID_RE.match(resp.headers.get("X-Request-ID", "")), dict(resp.headers)
    # Plain HTTP: never HSTS (API.md §1.5).
    assert "Strict-Transport-Security" not in resp.headers


@pytest.mark.parametrize("path", ["/nope", "/api/nope", "/api/auth/nope", "/api/auth/user/extra",
                                  "/health/nope"])
def test_unknown_path_is_404_json(server, path):
    resp = server.get(path)
    assert_error(resp, 404, "not_found", "Not Found")
    assert_security_headers(resp)


@pytest.mark.parametrize("method,path,allowed", [
    ("GET", "/api/auth/login", "POST"),
    ("DELETE", "/api/auth/register", "POST"),
    ("POST", "/api/auth/user", "GET"),
    ("DELETE", "/api/auth/user", "PUT"),
    ("PUT", "/health", "GET"),
    ("GET", "/api/auth/logout", "POST"),
])
def test_wrong_method_is_405_with_allow(server, method, path, allowed):
    resp = server.request(method, path)
    assert_error(resp, 405, "method_not_allowed", "Method Not Allowed")
    allow = [m.strip() for m in resp.headers.get("Allow", "").split(",")]
    assert allowed in allow, resp.headers
    assert method not in allow, resp.headers
    assert_security_headers(resp)


def test_valid_request_id_is_echoed(server):
    for request_id in ("abc-123_x.y:z", "A", "r" * 128):
        resp = server.get("/health", headers={"X-Request-ID": request_id})
        assert resp.headers.get("X-Request-ID") == request_id


@pytest.mark.parametrize("bad", ["has space", "r" * 129, "semi;colon", "slash/x", "\u00e9t\u00e9"])
def test_invalid_request_id_is_replaced(server, bad):
    header = bad.encode("utf-8") if not bad.isascii() else bad
    resp = server.get("/health", headers={"X-Request-ID": header})
    got = resp.headers.get("X-Request-ID", "")
    assert got != bad
    assert e2e.REQUEST_ID_RE.match(got), got


def test_generated_request_ids_differ(server):
    first = server.get("/health").headers.get("X-Request-ID")
    second = server.get("/health").headers.get("X-Request-ID")
    assert first and second and first != second


def test_security_headers_on_every_kind_of_response(server):
    responses = [
        server.get("/health"),
        server.get("/nope"),
        server.get("/api/auth/user"),  # 401
        server.post("/api/auth/register", json={}),  # 422
        server.post("/api/auth/register", data=b"{", headers={"Content-Type": "application/json"}),
        server.request("PATCH", "/health"),  # 405
        server.options("/api/auth/login", headers={
            "Origin": "http://localhost:3000", "Access-Control-Request-Method": "POST"}),
        server.get("/api/cors-test"),
    ]
    for resp in responses:
        assert_security_headers(resp)


def test_forwarded_proto_from_untrusted_peer_gives_no_hsts(server):
    resp = server.get("/health", headers={"X-Forwarded-Proto": "https"})
    assert "Strict-Transport-Security" not in resp.headers


@pytest.mark.parametrize("method,path,kwargs", [
    ("GET", "/api/auth/user", {}),
    ("POST", "/api/auth/login", {"json": {"email": "a@example.com", "password": "whatever"}}),
    ("POST", "/api/auth/register", {"json": {}}),
    ("GET", "/api/users/profile", {}),
])
def test_no_store_under_auth_and_users(server, method, path, kwargs):
    resp = server.request(method, path, **kwargs)
    assert resp.headers.get("Cache-Control") == "no-store", (resp.status_code, dict(resp.headers))


def test_keep_alive_with_requests_session(server):
    with requests.Session() as session:
        for _ in range(3):
            resp = session.get(server.url("/health"), timeout=e2e.HTTP_TIMEOUT_S)
            assert resp.status_code == 200
            assert resp.headers.get("Connection", "").lower() != "close"


def test_keep_alive_reuses_the_connection(server):
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=e2e.HTTP_TIMEOUT_S)
    try:
        conn.request("GET", "/health")
        first = conn.getresponse()
        assert first.status == 200
        first.read()
        sock = conn.sock
        assert sock is not None, "the server closed the connection after one request"
        conn.request("GET", "/api/auth/user")
        second = conn.getresponse()
        second.read()
        assert second.status == 401
        assert conn.sock is sock, "the second request needed a new connection"
    finally:
        conn.close()


def test_json_error_content_type(server):
    resp = server.get("/nope")
    assert resp.headers.get("Content-Type", "").startswith("application/json")
