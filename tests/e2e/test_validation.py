"""Request validation (API.md §1.1–1.3, §1.7, §2.1–2.2): bad input is refused with the exact error
body and stores nothing.

"Stores nothing" is checked by registering the same address with a valid body afterwards: that only
succeeds (200, not 400 email_taken) if the refused request created no user. Every test gets a fresh
server, so the register limit (10 per IP per hour) is never reached.
"""

from __future__ import annotations

import json

import pytest

import clockko_e2e as e2e
from clockko_e2e import assert_error

REGISTER = "/api/auth/register"
LOGIN = "/api/auth/login"
JSON_HEADERS = {"Content-Type": "application/json"}


def valid_body(email: str | None = None) -> dict:
    return {"name": "Val Idator", "email": email or e2e.unique_email(),
            "password": e2e.strong_password()}


def assert_not_stored(server, email: str) -> None:
    resp = server.post(REGISTER, json=valid_body(email))
    assert resp.status_code == 200, f"the refused request stored {email}: {resp.text}"


def post_raw_body(server, path: str, body: bytes, headers: dict | None = None):
    return server.post(path, data=body, headers=headers if headers is not None else JSON_HEADERS)


# -- JSON syntax and shape -----------------------------------------------------------------------


@pytest.mark.parametrize("body", [
    b'{"name": "A", "email": ',
    b"{'name': 'A'}",
    b'{"name": "A",}',
    b"not json at all",
    b'{"name": "A"} trailing',
])
def test_malformed_json_is_400(server, body):
    resp = post_raw_body(server, REGISTER, body)
    assert_error(resp, 400, "malformed_json", "Malformed JSON body")


def test_malformed_json_stores_nothing(server):
    email = e2e.unique_email()
    text = json.dumps(valid_body(email))
    resp = post_raw_body(server, REGISTER, text[:-1].encode())  # missing closing brace
    assert_error(resp, 400, "malformed_json", "Malformed JSON body")
    assert_not_stored(server, email)


@pytest.mark.parametrize("body", [b"[]", b'"a string"', b"5", b"null", b"true",
                                  b'[{"name": "A"}]'])
def test_non_object_json_is_422(server, body):
    resp = post_raw_body(server, REGISTER, body)
    assert_error(resp, 422, "validation_error", "body: must be a JSON object")


def test_invalid_utf8_is_400_and_stores_nothing(server):
    email = e2e.unique_email()
    body = ('{"name": "Bad \xff", "email": "%s", "password": "%s"}'
            % (email, e2e.strong_password())).encode("latin-1")
    assert b"\xff" in body
    resp = post_raw_body(server, REGISTER, body)
    assert_error(resp, 400, "malformed_json", "Malformed JSON body")
    assert_not_stored(server, email)


def test_duplicate_keys_are_400_and_store_nothing(server):
    email = e2e.unique_email()
    password = e2e.strong_password()
    body = ('{"name": "A", "email": "%s", "password": "%s", "email": "%s"}'
            % (email, password, e2e.unique_email())).encode()
    resp = post_raw_body(server, REGISTER, body)
    assert_error(resp, 400, "malformed_json", "Malformed JSON body")
    assert_not_stored(server, email)


def test_nesting_deeper_than_32_is_400(server):
    body = valid_body()
    deep = "[" * 40 + "]" * 40
    text = json.dumps(body)[:-1] + ', "extra": ' + deep + "}"
    resp = post_raw_body(server, REGISTER, text.encode())
    assert_error(resp, 400, "malformed_json", "Malformed JSON body")
    assert_not_stored(server, body["email"])


def test_empty_body_counts_as_empty_object(server):
    resp = post_raw_body(server, REGISTER, b"")
    assert_error(resp, 422, "validation_error", "name: field required")


# -- media type and size ---------------------------------------------------------------------------


@pytest.mark.parametrize("headers", [{}, {"Content-Type": "text/plain"},
                                     {"Content-Type": "application/x-www-form-urlencoded"}])
def test_body_without_json_content_type_is_415(server, headers):
    body = valid_body()
    resp = post_raw_body(server, REGISTER, json.dumps(body).encode(), headers=headers)
    assert_error(resp, 415, "unsupported_media_type", "Content-Type must be application/json")
    assert_not_stored(server, body["email"])


def test_json_content_type_with_charset_is_accepted(server):
    body = valid_body()
    resp = post_raw_body(server, REGISTER, json.dumps(body).encode(),
                         headers={"Content-Type": "application/json; charset=utf-8"})
    assert resp.status_code == 200, resp.text


def _huge_register_body(email: str, size: int) -> bytes:
    body = valid_body(email)
    body["padding"] = "x" * size
    return json.dumps(body).encode()


def test_body_over_1_mib_is_413_and_stores_nothing(server):
    email = e2e.unique_email()
    body = _huge_register_body(email, 1024 * 1024)
    assert len(body) > 1024 * 1024
    request = (f"POST {REGISTER} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
               f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
               f"Connection: close\r\n\r\n").encode() + body
    resp = server.raw(request)
    assert_error(resp, 413, "payload_too_large", "Request body too large")
    assert_not_stored(server, email)


def test_large_content_length_is_refused_before_the_body_arrives(server):
    # Only the headers are sent: a server that waited for the body would time out here.
    request = (f"POST {REGISTER} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
               f"Content-Type: application/json\r\nContent-Length: {50 * 1024 * 1024}\r\n"
               f"\r\n").encode()
    resp = server.raw(request, timeout=5)
    assert_error(resp, 413, "payload_too_large", "Request body too large")


def test_chunked_body_over_1_mib_is_413(server):
    email = e2e.unique_email()
    body = _huge_register_body(email, 1024 * 1024 + 10)
    chunks = b"".join(b"%x\r\n%s\r\n" % (len(body[i:i + 65536]), body[i:i + 65536])
                      for i in range(0, len(body), 65536))
    request = (f"POST {REGISTER} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
               f"Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n"
               f"Connection: close\r\n\r\n").encode() + chunks + b"0\r\n\r\n"
    resp = server.raw(request)
    assert_error(resp, 413, "payload_too_large", "Request body too large")
    assert_not_stored(server, email)


def test_body_just_under_1_mib_is_not_413(server):
    email = e2e.unique_email()
    base = len(_huge_register_body(email, 0))
    body = _huge_register_body(email, 1024 * 1024 - base)
    assert len(body) == 1024 * 1024
    resp = post_raw_body(server, REGISTER, body)
    assert resp.status_code == 200, resp.text


# -- field types and presence ----------------------------------------------------------------------


@pytest.mark.parametrize("field,value", [
    ("email", 5), ("name", True), ("password", 12345678), ("name", ["Ann"]),
    ("email", {"address": "a@example.com"}), ("password", None),
])
def test_wrong_types_are_422_naming_the_field(server, field, value):
    body = valid_body()
    body[field] = value
    resp = server.post(REGISTER, json=body)
    assert_error(resp, 422, "validation_error", detail_prefix=f"{field}: ")
    if field != "email":
        assert_not_stored(server, body["email"])


@pytest.mark.parametrize("field", ["name", "email", "password"])
def test_missing_fields_are_422_field_required(server, field):
    body = valid_body()
    del body[field]
    resp = server.post(REGISTER, json=body)
    assert_error(resp, 422, "validation_error", f"{field}: field required")
    if field != "email":
        assert_not_stored(server, body["email"])


@pytest.mark.parametrize("address", [
    "not-an-email", "a@b", "@example.com", "ann@", "ann lee@example.com", "ann@@example.com",
    ".ann@example.com", "ann.@example.com", "an..n@example.com", "ann@ex\u00e4mple.com",
    "ann@-example.com", "\"ann\"@example.com", "a" * 65 + "@example.com",
    "ann@" + "a" * 250 + ".com", "ann\n@example.com",
])
def test_invalid_email_addresses_are_422(server, address):
    body = valid_body(address)
    resp = server.post(REGISTER, json=body)
    assert_error(resp, 422, "validation_error", "email: not a valid email address")


@pytest.mark.parametrize("name", ["", "   ", "x" * 101, "Ann\u0000Lee", "Ann\u001bLee"])
def test_invalid_names_are_422(server, name):
    body = valid_body()
    body["name"] = name
    resp = server.post(REGISTER, json=body)
    assert_error(resp, 422, "validation_error", detail_prefix="name: ")
    assert_not_stored(server, body["email"])


def test_name_of_100_code_points_is_accepted(server):
    body = valid_body()
    body["name"] = "\u00e9" * 100
    resp = server.post(REGISTER, json=body)
    assert resp.status_code == 200, resp.text
    assert resp.json()["name"] == "\u00e9" * 100


# -- password policy -------------------------------------------------------------------------------

COMMON = "This password is too common; choose a different one"


@pytest.mark.parametrize("password,detail", [
    ("password", COMMON),
    ("PASSWORD", COMMON),  # case-insensitive list
    ("12345678", COMMON),
    ("iloveyou", COMMON),
    ("qwertyuiop", COMMON),
    ("short1!", "Password must be at least 8 characters long"),
    ("\u00e9" * 7, "Password must be at least 8 characters long"),  # 14 bytes, 7 code points
    ("a" * 40 + "B" * 33, "Password must be at most 72 bytes"),  # 73 bytes
    ("\u20ac" * 25, "Password must be at most 72 bytes"),  # 25 code points, 75 bytes
    ("good-pass\u0000word", "Password contains invalid characters"),
])
def test_weak_passwords_are_422(server, password, detail):
    body = valid_body()
    body["password"] = password
    resp = server.post(REGISTER, json=body)
    assert_error(resp, 422, "weak_password", detail)
    assert_not_stored(server, body["email"])


def test_password_equal_to_email_local_part_or_name_is_422(server):
    detail = "Password must not be your email address or name"
    email = f"someone.{e2e.unique_email('x').split('@')[0]}@example.com"
    local = email.split("@")[0]
    for password, name in ((email, "Ann"), (local.upper(), "Ann"),
                           ("Zelda Quinn Fitzgerald".lower(), "Zelda Quinn Fitzgerald")):
        resp = server.post(REGISTER, json={"name": name, "email": email, "password": password})
        assert_error(resp, 422, "weak_password", detail)
    assert_not_stored(server, email)


def test_password_of_72_bytes_and_8_multibyte_code_points_are_accepted(server):
    for password in ("k" * 35 + "Q" * 37, "\u00e9\u00f1\u00fc\u00e7\u00f8\u00e5\u00df\u00e6"):
        body = valid_body()
        body["password"] = password
        resp = server.post(REGISTER, json=body)
        assert resp.status_code == 200, (password, resp.text)
        e2e.login(server, body["email"], password)


# -- login input ---------------------------------------------------------------------------------


@pytest.mark.parametrize("body,prefix", [
    ({"email": 5, "password": "whatever-it-is"}, "email: "),
    ({"email": "a@example.com", "password": 5}, "password: "),
    ({"password": "whatever-it-is"}, "email: "),
    ({"email": "a@example.com"}, "password: "),
    ({"email": "a@example.com", "password": ""}, "password: "),
    ({"email": "a@example.com", "password": "p" * 1025}, "password: "),
    ({"email": "not-an-email", "password": "whatever-it-is"}, "email: "),
])
def test_login_validation(server, body, prefix):
    resp = server.post(LOGIN, json=body)
    assert_error(resp, 422, "validation_error", detail_prefix=prefix)


def test_login_does_not_apply_the_password_policy_to_its_input(server):
    # A short password at login is simply wrong (401), not a policy violation (422).
    _, email, _ = e2e.register(server)
    resp = server.post(LOGIN, json={"email": email, "password": "x"})
    assert_error(resp, 401, "invalid_credentials", "Incorrect email or password")
