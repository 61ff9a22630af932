"""Operator CLI: disabling a user (API.md §1.8, §2.2; SECURITY.md "Tokens").

`clockko user disable|enable|show <email or id>` and `clockko user list` run with the server's own
environment (same DATA_DIR) while the server is up.
"""

from __future__ import annotations

import pytest

from clockko_e2e import assert_error, bearer, login, register

HASH_MARKERS = ("$2b$", "$2a$", "$2y$", "$argon2")


def run_cli(server, *args: str):
    result = server.cli(*args)
    assert result.returncode == 0, (args, result.returncode, result.stdout, result.stderr)
    return result


def assert_no_hash(output: str, password: str) -> None:
    for marker in HASH_MARKERS:
        assert marker not in output, output
    assert password not in output, output


@pytest.mark.parametrize("by", ["email", "id"])
def test_disable_kills_tokens_and_blocks_login(server, by):
    user, email, password = register(server)
    token = login(server, email, password)
    assert server.get("/api/auth/user", headers=bearer(token)).status_code == 200

    run_cli(server, "user", "disable", email if by == "email" else user["id"])

    resp = server.get("/api/auth/user", headers=bearer(token))
    assert_error(resp, 401, "invalid_token", "Invalid credentials")
    assert resp.headers.get("WWW-Authenticate", "").startswith("Bearer")
    resp = server.post("/api/auth/login", json={"email": email, "password": password})
    assert_error(resp, 400, "account_disabled", "Account is disabled")
    # A wrong password still gets the plain login failure: "disabled" is told only to the owner.
    resp = server.post("/api/auth/login", json={"email": email, "password": password + "x"})
    assert_error(resp, 401, "invalid_credentials", "Incorrect email or password")

    run_cli(server, "user", "enable", email if by == "email" else user["id"])

    fresh = login(server, email, password)
    assert server.get("/api/auth/user", headers=bearer(fresh)).status_code == 200
    # Enabling again does not bring the old token back: disable bumped the token version.
    assert server.get("/api/auth/user", headers=bearer(token)).status_code == 401


def test_disable_address_in_other_case(server):
    _, email, password = register(server)
    run_cli(server, "user", "disable", email.upper())
    resp = server.post("/api/auth/login", json={"email": email, "password": password})
    assert_error(resp, 400, "account_disabled", "Account is disabled")


def test_disable_leaves_other_users_alone(server):
    _, email, password = register(server)
    _, other_email, other_password = register(server)
    other_token = login(server, other_email, other_password)
    run_cli(server, "user", "disable", email)
    assert server.get("/api/auth/user", headers=bearer(other_token)).status_code == 200
    login(server, other_email, other_password)


def test_disable_unknown_user_fails(server):
    result = server.cli("user", "disable", "nobody-here@example.com")
    assert result.returncode != 0, result.stdout


def test_user_list_and_show_print_no_password_hash(server):
    user, email, password = register(server, name="Listed Person")
    _, other_email, other_password = register(server)

    listed = run_cli(server, "user", "list")
    output = listed.stdout + listed.stderr
    assert email in output and other_email in output, output
    assert_no_hash(output, password)
    assert_no_hash(output, other_password)

    shown = run_cli(server, "user", "show", email)
    output = shown.stdout + shown.stderr
    assert email in output and user["id"] in output, output
    assert other_email not in output
    assert_no_hash(output, password)

    by_id = run_cli(server, "user", "show", user["id"])
    assert email in by_id.stdout + by_id.stderr


def test_user_commands_refuse_a_missing_database(server, tmp_path):
    """A mistyped DATA_DIR is an error, not an empty database that "has no users"."""
    import subprocess

    missing = tmp_path / "no-such-dir"
    env = {**server.env, "DATA_DIR": str(missing)}
    for args in (["user", "list"], ["user", "show", "ann@example.com"],
                 ["user", "disable", "ann@example.com"]):
        done = subprocess.run([str(server.binary), *args], env=env, cwd=server.workdir,
                              stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=30)
        assert done.returncode != 0, (args, done.stdout, done.stderr)
        assert "no database at" in done.stderr, done.stderr
    assert not (missing / "clockko.db").exists()
