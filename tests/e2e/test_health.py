"""Health and diagnostics (API.md §12)."""

from __future__ import annotations

import calendar
import re
import time

import pytest

import clockko_e2e as e2e
from clockko_e2e import assert_error

SEMVER_RE = re.compile(r"^\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.-]+)?$")


@pytest.mark.parametrize("path", ["/", "/health", "/healthz", "/api/health", "/api/healthz"])
def test_liveness_paths(server, path):
    resp = server.get(path)
    assert resp.status_code == 200, resp.text
    assert resp.headers.get("Content-Type", "").startswith("application/json")
    body = resp.json()
    assert set(body) == {"status", "service", "version"}, body
    assert body["status"] == "ok"
    assert body["service"] == "clockko-api"
    assert SEMVER_RE.match(body["version"]), body


def test_all_liveness_paths_agree(server):
    bodies = [server.get(p).json() for p in ("/", "/health", "/healthz", "/api/health",
                                              "/api/healthz")]
    assert all(body == bodies[0] for body in bodies)


def test_readiness_checks_the_database(server):
    resp = server.get("/health/ready")
    assert resp.status_code == 200, resp.text
    assert resp.json() == {"status": "ok", "checks": {"database": "ok"}}


def test_cors_test_echoes_origin(server):
    before = int(time.time())
    resp = server.get("/api/cors-test", headers={"Origin": "http://localhost:3000"})
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert set(body) == {"message", "origin", "timestamp"}, body
    assert body["message"] == "CORS test successful"
    assert body["origin"] == "http://localhost:3000"
    assert e2e.TIMESTAMP_RE.match(body["timestamp"]), body
    stamp = time.strptime(body["timestamp"], "%Y-%m-%dT%H:%M:%SZ")
    assert abs(calendar.timegm(stamp) - before) <= 5


def test_cors_test_without_origin(server):
    body = server.get("/api/cors-test").json()
    assert body["origin"] == "No Origin"
    assert body["message"] == "CORS test successful"


def test_cors_test_caps_a_long_origin(server):
    body = server.get("/api/cors-test", headers={"Origin": "https://" + "a" * 600 + ".example"}).json()
    assert len(body["origin"]) <= 256


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_email_config_test_endpoint_does_not_exist(server, method):
    resp = server.request(method, "/api/auth/test-email-config")
    assert_error(resp, 404, "not_found", "Not Found")
