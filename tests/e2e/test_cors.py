"""CORS (API.md §1.6): allow-list with credentials; nothing for null or foreign origins."""

from __future__ import annotations

import pytest

from clockko_e2e import assert_error

DEV_ORIGIN = "http://localhost:3000"
VITE_ORIGIN = "http://localhost:5173"
ALLOW_METHODS = "GET, POST, PUT, PATCH, DELETE, OPTIONS"
EXPOSE_HEADERS = "X-Request-ID, Retry-After"


def preflight(server, origin: str, path: str = "/api/auth/login", method: str = "POST",
              request_headers: str | None = "content-type"):
    headers = {"Origin": origin, "Access-Control-Request-Method": method}
    if request_headers is not None:
        headers["Access-Control-Request-Headers"] = request_headers
    return server.options(path, headers=headers)


def cors_headers(resp) -> dict[str, str]:
    return {k.lower(): v for k, v in resp.headers.items() if k.lower().startswith("access-control-")}


def header_list(value: str | None) -> list[str]:
    return [item.strip().lower() for item in (value or "").split(",") if item.strip()]


def assert_allowed_actual(resp, origin: str) -> None:
    assert resp.headers.get("Access-Control-Allow-Origin") == origin, dict(resp.headers)
    assert resp.headers.get("Access-Control-Allow-Credentials") == "true"
    assert "origin" in header_list(resp.headers.get("Vary"))
    assert resp.headers.get("Access-Control-Expose-Headers") == EXPOSE_HEADERS


@pytest.mark.parametrize("origin", [DEV_ORIGIN, VITE_ORIGIN])
def test_preflight_from_dev_origin(server, origin):
    resp = preflight(server, origin, request_headers="authorization, content-type")
    assert resp.status_code == 204, resp.text
    assert resp.content == b""
    assert resp.headers.get("Access-Control-Allow-Origin") == origin
    assert resp.headers.get("Access-Control-Allow-Credentials") == "true"
    assert resp.headers.get("Access-Control-Allow-Methods") == ALLOW_METHODS
    assert resp.headers.get("Access-Control-Allow-Headers") == "Authorization, Content-Type"
    assert resp.headers.get("Access-Control-Max-Age") == "600"
    assert "origin" in header_list(resp.headers.get("Vary"))


def test_preflight_allows_only_listed_request_headers(server):
    resp = preflight(server, DEV_ORIGIN,
                     request_headers="Content-Type, X-Request-ID, X-Evil, Accept, Cookie")
    assert resp.status_code == 204
    allowed = header_list(resp.headers.get("Access-Control-Allow-Headers"))
    assert allowed[:2] == ["authorization", "content-type"]
    assert set(allowed) == {"authorization", "content-type", "x-request-id", "accept"}


def test_preflight_without_requested_headers(server):
    resp = preflight(server, DEV_ORIGIN, path="/api/auth/user", method="GET", request_headers=None)
    assert resp.status_code == 204
    assert resp.headers.get("Access-Control-Allow-Headers") == "Authorization, Content-Type"


@pytest.mark.parametrize("origin", ["https://evil.example", "null", "http://localhost:3001",
                                    "http://localhost:3000.evil.example", "HTTP://LOCALHOST:3000",
                                    "http://localhost:3000/"])
def test_preflight_from_other_origins_gets_bare_204(server, origin):
    resp = preflight(server, origin)
    assert resp.status_code == 204
    assert cors_headers(resp) == {}, dict(resp.headers)


def test_actual_request_from_allowed_origin(server):
    resp = server.get("/health", headers={"Origin": DEV_ORIGIN})
    assert resp.status_code == 200
    assert_allowed_actual(resp, DEV_ORIGIN)


def test_error_response_to_allowed_origin_carries_cors_headers(server):
    resp = server.get("/api/auth/user", headers={"Origin": DEV_ORIGIN})
    assert_error(resp, 401, "not_authenticated", "Not authenticated")
    assert_allowed_actual(resp, DEV_ORIGIN)
    resp = server.get("/nope", headers={"Origin": DEV_ORIGIN})
    assert resp.status_code == 404
    assert_allowed_actual(resp, DEV_ORIGIN)


@pytest.mark.parametrize("origin", ["https://evil.example", "null"])
def test_actual_request_from_other_origin_has_no_cors_headers(server, origin):
    resp = server.get("/api/auth/user", headers={"Origin": origin})
    assert resp.status_code == 401
    assert cors_headers(resp) == {}, dict(resp.headers)


def test_options_without_preflight_headers_answers_allow(server):
    resp = server.options("/api/auth/login")
    assert resp.status_code == 204
    assert "POST" in [m.strip() for m in resp.headers.get("Allow", "").split(",")]
    assert server.options("/nope").status_code == 404


@pytest.mark.server_env(CORS_ALLOWED_ORIGINS="https://app.example.com")
def test_configured_origins_replace_the_defaults(server):
    resp = preflight(server, "https://app.example.com")
    assert resp.status_code == 204
    assert resp.headers.get("Access-Control-Allow-Origin") == "https://app.example.com"
    assert resp.headers.get("Access-Control-Allow-Credentials") == "true"
    resp = server.get("/health", headers={"Origin": "https://app.example.com"})
    assert_allowed_actual(resp, "https://app.example.com")
    # Literal reading of §1.6: the localhost origins are part of the default list only.
    resp = preflight(server, DEV_ORIGIN)
    assert resp.status_code == 204
    assert cors_headers(resp) == {}, dict(resp.headers)


@pytest.mark.server_env(FRONTEND_URL="https://web.example.org/app,https://other.example.net")
def test_frontend_url_origins_are_allowed_by_default(server):
    for origin in ("https://web.example.org", "https://other.example.net", DEV_ORIGIN):
        resp = server.get("/health", headers={"Origin": origin})
        assert_allowed_actual(resp, origin)


@pytest.mark.server_env(CORS_ALLOWED_ORIGINS="*")
def test_wildcard_in_development_has_no_credentials(server):
    resp = server.get("/health", headers={"Origin": "https://anything.example"})
    assert resp.headers.get("Access-Control-Allow-Origin") == "*"
    assert "Access-Control-Allow-Credentials" not in resp.headers
