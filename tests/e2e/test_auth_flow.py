"""Auth core end to end (API.md §1.8, §2): register, login, user, profile update, logout(-all), tokens."""

from __future__ import annotations

import base64
import calendar
import hashlib
import re
import time

import pytest

import clockko_e2e as e2e
from clockko_e2e import assert_error, bearer, decode_jwt, encode_jwt_part, login, register

# A 1x1 PNG: the file signature the avatar check looks for, then a valid image.
PNG_1X1 = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==")


def parse_timestamp(value: str) -> int:
    assert e2e.TIMESTAMP_RE.match(value), value
    return calendar.timegm(time.strptime(value, "%Y-%m-%dT%H:%M:%SZ"))


def assert_invalid_token(resp) -> None:
    assert_error(resp, 401, "invalid_token", "Invalid credentials")
    assert resp.headers.get("WWW-Authenticate", "").startswith("Bearer"), resp.headers


# -- register ----------------------------------------------------------------------------------


def test_register_returns_user_response(server):
    before = int(time.time())
    resp = server.post("/api/auth/register", json={
        "name": "  Ann Lee  ", "email": "  Ann.Lee+e2e@Example.COM ", "password": e2e.strong_password()})
    after = int(time.time())
    assert resp.status_code == 200, resp.text
    assert resp.headers.get("Cache-Control") == "no-store"
    user = resp.json()
    assert set(user) == e2e.USER_RESPONSE_FIELDS, user
    assert e2e.UUID_RE.match(user["id"]), user["id"]
    assert user["name"] == "Ann Lee"
    # Domain lower-cased, local part kept (API.md §1.3).
    assert user["email"] == "Ann.Lee+e2e@example.com"
    assert user["phone_number"] is None
    assert user["avatar_url"] is None
    assert before - 2 <= parse_timestamp(user["created_at"]) <= after + 2
    assert user["is_verified"] is False
    assert user["is_active"] is True
    assert user["otp_verified"] is False
    assert user["onboarding_completed"] is False
    assert user["two_factor_enabled"] is False
    assert user["has_password"] is True
    assert user["auth_providers"] == ["password"]


def test_register_ignores_fields_it_does_not_list(server):
    email = e2e.unique_email()
    password = e2e.strong_password()
    resp = server.post("/api/auth/register", json={
        "name": "Ann", "email": email, "password": password, "is_verified": True,
        "is_active": False, "otp_verified": True, "onboarding_completed": True,
        "id": "00000000-0000-4000-8000-000000000000", "has_password": False})
    assert resp.status_code == 200, resp.text
    user = resp.json()
    assert user["is_verified"] is False
    assert user["otp_verified"] is False
    assert user["is_active"] is True
    assert user["onboarding_completed"] is False
    assert user["id"] != "00000000-0000-4000-8000-000000000000"
    login(server, email, password)


def test_register_in_other_letter_case_is_email_taken_and_keeps_original(server):
    original, email, password = register(server, "Dup.User@example.com", name="Original Name")
    resp = server.post("/api/auth/register", json={
        "name": "Intruder", "email": "DUP.USER@EXAMPLE.COM", "password": e2e.strong_password()})
    assert_error(resp, 400, "email_taken", "Email already registered")
    token = login(server, email, password)
    me = server.get("/api/auth/user", headers=bearer(token)).json()
    assert me == original


# -- login and the token -----------------------------------------------------------------------


def test_login_issues_hs256_token_with_contract_claims(server):
    user, email, password = register(server)
    before = int(time.time())
    resp = server.post("/api/auth/login", json={"email": email.upper(), "password": password})
    after = int(time.time())
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert set(body) == {"access_token", "token_type"}, body
    assert body["token_type"] == "bearer"
    token = body["access_token"]
    assert token.isascii()
    header, payload, _ = decode_jwt(token)
    assert set(header) == {"alg", "typ", "kid"}, header
    assert header["alg"] == "HS256"
    assert header["typ"] == "JWT"
    assert re.fullmatch(r"[0-9a-f]{16}", header["kid"]), header
    assert set(payload) == {"sub", "iat", "exp", "jti", "ver"}, payload
    assert payload["sub"] == user["id"]
    assert isinstance(payload["iat"], int) and isinstance(payload["exp"], int)
    assert before - 2 <= payload["iat"] <= after + 2
    assert payload["exp"] - payload["iat"] == 1800
    assert re.fullmatch(r"[0-9a-f]{32}", payload["jti"]), payload
    assert isinstance(payload["ver"], int)
    second = login(server, email, password)
    assert decode_jwt(second)[1]["jti"] != payload["jti"]


def test_get_user_returns_user_response(server):
    user, email, password = register(server)
    token = login(server, email, password)
    resp = server.get("/api/auth/user", headers=bearer(token))
    assert resp.status_code == 200, resp.text
    assert resp.headers.get("Cache-Control") == "no-store"
    assert resp.json() == user
    # The scheme is case-insensitive (API.md §1.8).
    lower = server.get("/api/auth/user", headers={"Authorization": f"bearer {token}"})
    assert lower.status_code == 200, lower.text


def test_unknown_email_and_wrong_password_are_indistinguishable(server):
    _, email, password = register(server)
    unknown = server.post("/api/auth/login",
                          json={"email": e2e.unique_email("nobody"), "password": password})
    wrong = server.post("/api/auth/login", json={"email": email, "password": password + "x"})
    for resp in (unknown, wrong):
        assert_error(resp, 401, "invalid_credentials", "Incorrect email or password")
        assert resp.headers.get("WWW-Authenticate", "").startswith("Bearer")
    assert unknown.status_code == wrong.status_code
    assert unknown.content == wrong.content
    assert {k: unknown.json()[k] for k in ("detail", "code", "message")} == \
        {k: wrong.json()[k] for k in ("detail", "code", "message")}


# -- profile update ----------------------------------------------------------------------------


def test_update_user_fields(server):
    user, email, password = register(server)
    token = login(server, email, password)
    auth = bearer(token)

    resp = server.put("/api/auth/user", headers=auth, json={
        "name": "  Bea Ray ", "phone_number": "+1 (555) 123-4567", "avatar_url": "/avatars/a.png"})
    assert resp.status_code == 200, resp.text
    updated = resp.json()
    assert set(updated) == e2e.USER_RESPONSE_FIELDS
    assert updated["name"] == "Bea Ray"
    assert updated["phone_number"] == "+1 (555) 123-4567"
    assert updated["avatar_url"] == "/avatars/a.png"
    assert updated["email"] == user["email"]
    assert server.get("/api/auth/user", headers=auth).json() == updated

    https_url = "https://cdn.example.com/pictures/a.png?size=64"
    resp = server.put("/api/auth/user", headers=auth, json={"avatar_url": https_url})
    assert resp.status_code == 200, resp.text
    assert resp.json()["avatar_url"] == https_url
    assert resp.json()["name"] == "Bea Ray"  # absent: unchanged

    # null name / phone: unchanged; null avatar_url: cleared.
    resp = server.put("/api/auth/user", headers=auth,
                      json={"name": None, "phone_number": None, "avatar_url": None})
    assert resp.status_code == 200, resp.text
    assert resp.json()["name"] == "Bea Ray"
    assert resp.json()["phone_number"] == "+1 (555) 123-4567"
    assert resp.json()["avatar_url"] is None

    # "" clears the phone number (read as: stored as null).
    resp = server.put("/api/auth/user", headers=auth, json={"phone_number": ""})
    assert resp.status_code == 200, resp.text
    assert resp.json()["phone_number"] in (None, "")


def test_update_user_cannot_change_email_or_flags(server):
    user, email, password = register(server)
    token = login(server, email, password)
    resp = server.put("/api/auth/user", headers=bearer(token), json={
        "email": e2e.unique_email("other"), "is_verified": True, "is_active": False,
        "two_factor_enabled": True, "has_password": False, "id": "x"})
    assert resp.status_code == 200, resp.text
    assert resp.json() == user


@pytest.mark.parametrize("field,value,detail", [
    ("avatar_url", "javascript:alert(1)", "avatar_url: not an allowed URL"),
    ("avatar_url", "http://example.com/a.png", "avatar_url: not an allowed URL"),
    ("avatar_url", "//evil.example/a.png", "avatar_url: not an allowed URL"),
    ("avatar_url", "https://user:pw@example.com/a.png", "avatar_url: not an allowed URL"),
    ("avatar_url", "data:image/svg+xml;base64,PHN2Zy8+", "avatar_url: not an allowed URL"),
    ("avatar_url", "/a\\b.png", "avatar_url: not an allowed URL"),
    ("phone_number", "call me maybe", None),
    ("phone_number", "+1 555 0100 " + "1" * 30, None),
    ("name", "   ", None),
    ("name", "x" * 101, None),
    ("name", "Ann\u0007Lee", None),
])
def test_update_user_rejects_bad_values(server, field, value, detail):
    user, email, password = register(server)
    token = login(server, email, password)
    resp = server.put("/api/auth/user", headers=bearer(token), json={field: value})
    assert_error(resp, 422, "validation_error", detail, detail_prefix=f"{field}: ")
    assert server.get("/api/auth/user", headers=bearer(token)).json() == user


def test_update_user_stores_uploaded_avatar_by_url(server):
    user, email, password = register(server)
    token = login(server, email, password)
    data_url = "data:image/png;base64," + base64.b64encode(PNG_1X1).decode()
    resp = server.put("/api/auth/user", headers=bearer(token), json={"avatar_url": data_url})
    assert resp.status_code == 200, resp.text
    digest = hashlib.sha256(PNG_1X1).hexdigest()[:16]
    assert resp.json()["avatar_url"] == f"/api/users/{user['id']}/avatar/{digest}"
    picture = server.get(resp.json()["avatar_url"])
    assert picture.status_code == 200
    assert picture.content == PNG_1X1
    assert picture.headers.get("Content-Type") == "image/png"
    assert picture.headers.get("X-Content-Type-Options") == "nosniff"
    assert picture.headers.get("Cache-Control") == "public, max-age=31536000, immutable"
    missing = server.get(f"/api/users/{user['id']}/avatar/{'0' * 16}")
    assert missing.status_code == 404


def test_update_user_rejects_data_url_without_image_signature(server):
    _, email, password = register(server)
    token = login(server, email, password)
    fake = "data:image/png;base64," + base64.b64encode(b"<script>alert(1)</script>").decode()
    resp = server.put("/api/auth/user", headers=bearer(token), json={"avatar_url": fake})
    assert_error(resp, 422, "validation_error", "avatar_url: not an allowed URL")


# -- logout ------------------------------------------------------------------------------------


def test_logout_revokes_only_this_token(server):
    _, email, password = register(server)
    token = login(server, email, password)
    other = login(server, email, password)
    resp = server.post("/api/auth/logout", headers=bearer(token))
    assert resp.status_code == 204, resp.text
    assert resp.content == b""
    assert_invalid_token(server.get("/api/auth/user", headers=bearer(token)))
    assert_invalid_token(server.post("/api/auth/logout", headers=bearer(token)))
    assert server.get("/api/auth/user", headers=bearer(other)).status_code == 200


def test_logout_all_kills_every_token_of_the_user(server):
    _, email, password = register(server)
    _, other_email, other_password = register(server)
    first = login(server, email, password)
    second = login(server, email, password)
    bystander = login(server, other_email, other_password)
    resp = server.post("/api/auth/logout-all", headers=bearer(first))
    assert resp.status_code == 204, resp.text
    assert_invalid_token(server.get("/api/auth/user", headers=bearer(first)))
    assert_invalid_token(server.get("/api/auth/user", headers=bearer(second)))
    assert server.get("/api/auth/user", headers=bearer(bystander)).status_code == 200
    fresh = login(server, email, password)
    assert server.get("/api/auth/user", headers=bearer(fresh)).status_code == 200


# -- token checks ------------------------------------------------------------------------------


@pytest.mark.parametrize("headers", [
    {},
    {"Authorization": ""},
    {"Authorization": "Bearer"},
    {"Authorization": "Bearer "},
    {"Authorization": "Basic dXNlcjpwYXNz"},
])
def test_missing_token_is_not_authenticated(server, headers):
    resp = server.get("/api/auth/user", headers=headers)
    assert_error(resp, 401, "not_authenticated", "Not authenticated")
    assert resp.headers.get("WWW-Authenticate", "").startswith("Bearer")


def test_token_in_cookie_is_ignored(server):
    _, email, password = register(server)
    token = login(server, email, password)
    resp = server.get("/api/auth/user", cookies={"Authorization": f"Bearer {token}",
                                                 "authToken": token})
    assert_error(resp, 401, "not_authenticated", "Not authenticated")


def test_remapped_header_is_ignored_by_default(server):
    _, email, password = register(server)
    token = login(server, email, password)
    resp = server.get("/api/auth/user",
                      headers={"x-amzn-remapped-authorization": f"Bearer {token}"})
    assert_error(resp, 401, "not_authenticated", "Not authenticated")


def _forged_tokens(token: str) -> dict[str, str]:
    header, payload, signature = decode_jwt(token)
    h, p, _ = token.split(".")
    flipped = ("A" if signature[0] != "A" else "B") + signature[1:]
    return {
        "garbage": "garbage",
        "three garbage parts": "abc.def.ghi",
        "two parts": f"{h}.{p}",
        "alg none": f"{encode_jwt_part({'alg': 'none', 'typ': 'JWT'})}.{p}.",
        "alg None with kid": f"{encode_jwt_part({**header, 'alg': 'None'})}.{p}.",
        "alg none keeping signature": f"{encode_jwt_part({**header, 'alg': 'none'})}.{p}.{signature}",
        "alg HS512": f"{encode_jwt_part({**header, 'alg': 'HS512'})}.{p}.{signature}",
        "alg RS256": f"{encode_jwt_part({**header, 'alg': 'RS256'})}.{p}.{signature}",
        "unknown kid": f"{encode_jwt_part({**header, 'kid': '0123456789abcdef'})}.{p}.{signature}",
        "tampered exp": f"{h}.{encode_jwt_part({**payload, 'exp': payload['exp'] + 3600})}.{signature}",
        "tampered ver": f"{h}.{encode_jwt_part({**payload, 'ver': payload['ver'] + 1})}.{signature}",
        "tampered sub": f"{h}.{encode_jwt_part({**payload, 'sub': '00000000-0000-4000-8000-000000000001'})}.{signature}",
        "flipped signature": f"{h}.{p}.{flipped}",
        "no signature": f"{h}.{p}.",
        "over 4096 characters": f"{h}.{p}.{signature}{'A' * 4100}",
    }


def test_forged_tokens_are_invalid_token(server):
    _, email, password = register(server)
    token = login(server, email, password)
    assert server.get("/api/auth/user", headers=bearer(token)).status_code == 200
    for name, forged in _forged_tokens(token).items():
        resp = server.get("/api/auth/user", headers=bearer(forged))
        assert resp.status_code == 401, (name, resp.status_code, resp.text)
        assert_invalid_token(resp)
    # The genuine token still works after all that.
    assert server.get("/api/auth/user", headers=bearer(token)).status_code == 200
