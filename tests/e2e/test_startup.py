"""Startup checks and JWT keys (API.md §1.8, §14.3; SECURITY.md "Secrets, transport, configuration").

A refused start must exit non-zero by itself within a few seconds and print a line naming each
problem (we look for the variable's name), without printing secret values.
"""

from __future__ import annotations

import hashlib
import secrets
import stat
from pathlib import Path

import pytest

import clockko_e2e as e2e
from clockko_e2e import bearer, decode_jwt, login, register

REFUSAL_TIMEOUT_S = 10.0


def good_key() -> str:
    return secrets.token_hex(16)  # exactly 32 bytes: the shortest key production accepts


def production(**overrides: str | None) -> dict[str, str | None]:
    env: dict[str, str | None] = {"APP_ENV": "production", "SECRET_KEY": good_key()}
    env.update(overrides)
    return env


def assert_refuses(start_server, env: dict, names: list[str], hidden: list[str] = ()) -> str:
    result = start_server(env, expect_exit=True, timeout=REFUSAL_TIMEOUT_S)
    assert result.returncode is not None, \
        f"server still running after {REFUSAL_TIMEOUT_S} s:\n{result.output}"
    assert result.returncode != 0, f"exit status 0 on refusal:\n{result.output}"
    lines = result.output.splitlines()
    for name in names:
        assert any(name in line for line in lines), f"no line names {name}:\n{result.output}"
    for value in hidden:
        assert value not in result.output, f"secret value printed:\n{result.output}"
    return result.output


def kid_of(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()[:16]


# -- a valid production configuration starts (the control for every refusal below) -----------------


def test_valid_production_configuration_starts(start_server):
    key = good_key()
    server = start_server(production(SECRET_KEY=key))
    assert server.get("/health").status_code == 200
    _, email, password = register(server)
    header, _, _ = decode_jwt(login(server, email, password))
    assert header["kid"] == kid_of(key)


# -- production refusals ---------------------------------------------------------------------------


@pytest.mark.parametrize("key", [None, "", "changeme", "your-local-secret", "secret"])
def test_production_refuses_missing_or_placeholder_key(start_server, key):
    assert_refuses(start_server, production(SECRET_KEY=key), ["SECRET_KEY"])


def test_production_refuses_short_key_without_printing_it(start_server):
    key = secrets.token_hex(16)[:31]
    assert_refuses(start_server, production(SECRET_KEY=key), ["SECRET_KEY"], hidden=[key])


@pytest.mark.parametrize("origins", ["*", "https://app.example.com,*"])
def test_production_refuses_wildcard_cors(start_server, origins):
    assert_refuses(start_server, production(CORS_ALLOWED_ORIGINS=origins), ["CORS_ALLOWED_ORIGINS"])


def test_production_refuses_debug(start_server):
    assert_refuses(start_server, production(DEBUG="true"), ["DEBUG"])


def test_production_refuses_smtp_credentials_without_tls(start_server):
    password = "smtp-" + secrets.token_hex(12)
    env = production(SMTP_HOST="127.0.0.1", SMTP_PORT="2525", SMTP_FROM="noreply@example.com",
                     SMTP_USER="mailer", SMTP_PASSWORD=password, SMTP_SECURITY="none")
    assert_refuses(start_server, env, ["SMTP"], hidden=[password])


def test_production_lists_every_problem(start_server):
    env = production(SECRET_KEY="changeme", DEBUG="true", CORS_ALLOWED_ORIGINS="*")
    assert_refuses(start_server, env, ["SECRET_KEY", "DEBUG", "CORS_ALLOWED_ORIGINS"])


# -- refusals in any environment -------------------------------------------------------------------


@pytest.mark.parametrize("overrides,names", [
    ({"PORT": "abc"}, ["PORT"]),
    ({"PORT": "70000"}, ["PORT"]),
    ({"BCRYPT_COST": "9"}, ["BCRYPT_COST"]),
    ({"APP_ENV": "staging"}, ["APP_ENV"]),
    ({"ACCESS_TOKEN_EXPIRE_MINUTES": "thirty"}, ["ACCESS_TOKEN_EXPIRE_MINUTES"]),
    ({"CORS_ALLOWED_ORIGINS": "not an origin"}, ["CORS_ALLOWED_ORIGINS"]),
    ({"TLS_CERT_FILE": "/nonexistent/cert.pem"}, ["TLS_"]),
    ({"SMTP_HOST": "127.0.0.1"}, ["SMTP_FROM"]),
    ({"SMTP_HOST": "127.0.0.1", "SMTP_FROM": "noreply@example.com\r\nBcc: x@evil.example"},
     ["SMTP_FROM"]),
    ({"SECRET_KEY_FILE": "/nonexistent/secret_key"}, ["SECRET_KEY"]),
])
def test_development_refuses_malformed_values(start_server, overrides, names):
    assert_refuses(start_server, overrides, names)


def test_development_lists_every_problem(start_server):
    assert_refuses(start_server, {"PORT": "abc", "BCRYPT_COST": "99", "LOG_LEVEL": "loud"},
                   ["PORT", "BCRYPT_COST", "LOG_LEVEL"])


# -- the development key -------------------------------------------------------------------------


def key_candidates(data_dir: Path) -> dict[str, bytes]:
    """Files the server wrote to DATA_DIR other than the SQLite database and the mail folder."""
    found = {}
    for path in sorted(data_dir.rglob("*")):
        rel = path.relative_to(data_dir)
        if not path.is_file() or rel.parts[0] == "mail" or rel.name.startswith("clockko.db"):
            continue
        found[str(rel)] = path.read_bytes()
    return found


def test_development_key_is_generated_kept_and_not_constant(start_server):
    first = start_server({"SECRET_KEY": None})
    files = key_candidates(first.data_dir)
    assert files, f"no key file in {first.data_dir}: {list(first.data_dir.iterdir())}"
    for rel in files:
        mode = stat.S_IMODE((first.data_dir / rel).stat().st_mode)
        assert mode & 0o077 == 0, f"{rel} is readable by others: {oct(mode)}"
    user, email, password = register(first)
    token = login(first, email, password)
    kid = decode_jwt(token)[0]["kid"]
    # kid = first 16 hex of SHA-256 of the key, and the key is what the file holds.
    assert kid in {hashlib.sha256(content.rstrip(b"\n")).hexdigest()[:16]
                   for content in files.values()}, (kid, list(files))

    # Restart on the same DATA_DIR: same key, the old token still works.
    first.stop()
    again = start_server({"SECRET_KEY": None}, data_dir=first.data_dir)
    assert key_candidates(again.data_dir) == files
    resp = again.get("/api/auth/user", headers=bearer(token))
    assert resp.status_code == 200, resp.text
    assert resp.json()["id"] == user["id"]
    assert decode_jwt(login(again, email, password))[0]["kid"] == kid

    # A fresh DATA_DIR gets a different key.
    other = start_server({"SECRET_KEY": None})
    other_files = key_candidates(other.data_dir)
    assert other_files and set(other_files.values()).isdisjoint(files.values())
    _, other_email, other_password = register(other)
    assert decode_jwt(login(other, other_email, other_password))[0]["kid"] != kid


def test_configured_key_signs_and_names_the_kid(start_server):
    key = "development-key-" + secrets.token_hex(16)
    server = start_server({"SECRET_KEY": key})
    _, email, password = register(server)
    assert decode_jwt(login(server, email, password))[0]["kid"] == kid_of(key)


def test_previous_key_only_verifies(start_server):
    old_key, new_key = good_key(), good_key()
    server = start_server({"SECRET_KEY": old_key})
    _, email, password = register(server)
    old_token = login(server, email, password)
    server.stop()

    rotated = start_server({"SECRET_KEY": new_key, "SECRET_KEY_PREVIOUS": old_key},
                           data_dir=server.data_dir)
    assert rotated.get("/api/auth/user", headers=bearer(old_token)).status_code == 200
    assert decode_jwt(login(rotated, email, password))[0]["kid"] == kid_of(new_key)
    rotated.stop()

    dropped = start_server({"SECRET_KEY": new_key}, data_dir=server.data_dir)
    resp = dropped.get("/api/auth/user", headers=bearer(old_token))
    e2e.assert_error(resp, 401, "invalid_token", "Invalid credentials")
