"""Mail-driven flows end to end (API.md §1.9–1.11, §2.1, §3–§6, §13): e-mail verification by code
and link, password reset, password change, e-mail change, REGISTER_HIDE_EXISTING.

Codes and links are read from the delivered mail only (an SMTP capture with STARTTLS + AUTH for the
main flows, the development .eml folder otherwise) — never from logs or the database.
"""

from __future__ import annotations

import threading
import time
import uuid
from urllib.parse import parse_qs, quote, urlsplit

import pytest

import clockko_e2e as e2e
from clockko_e2e import MailReader, assert_error, bearer, login, register

WELCOME = "Welcome to ClockKo! Please verify your email"
VERIFY_CODE = "Your ClockKo Verification Code"
RESET_CODE = "ClockKo - Password Reset Code"
CONFIRM_NEW_EMAIL = "ClockKo - Confirm your new email address"
EMAIL_CHANGED = "ClockKo - Your email address was changed"
PASSWORD_CHANGED = "ClockKo - Your password was changed"
SIGNUP_ATTEMPT = "ClockKo - Sign-up attempt with your email"

FRONTEND = "http://localhost:3000"
JWT_KEY = "flows-e2e-signing-key-0123456789abcdef"  # configured, so tests can sign stale tokens

VERIFIED_BODY = {"detail": "Email verified successfully!",
                 "message": "Your account has been verified. You can now log in."}
RESET_BODY = {
    "detail": "Password reset successfully!",
    "message": "Your password has been updated. You can now log in with your new password."}
FORGOT_BODY = {"detail": "If the email is registered, a reset code has been sent"}
SEND_VERIFICATION_BODY = {
    "detail": "Verification email sent successfully",
    "message": "If an unverified account exists for this address, a 6-digit code has been sent. "
               "It expires in 5 minutes."}
WAIT_DETAIL = "Please wait before requesting a new code"
FAILED_ATTEMPTS = "Too many failed attempts. Please try again later."


# -- fixtures and helpers ------------------------------------------------------------------------


@pytest.fixture
def mail(server) -> MailReader:
    """The development mailer's .eml folder of the `server` fixture."""
    return MailReader(server=server)


@pytest.fixture
def smtp(request):
    """The shared `smtp_server` fixture when conftest provides one, else our own SmtpServer."""
    try:
        shared = request.getfixturevalue("smtp_server")
    except pytest.FixtureLookupError:
        shared = None
    if shared is not None:
        yield shared
        return
    from smtp_fixture import SmtpServer
    own = SmtpServer().start()
    try:
        yield own
    finally:
        own.close()


@pytest.fixture
def smtp_app(request, start_server, smtp):
    """(server, MailReader) with the server delivering over SMTP (STARTTLS + AUTH) to `smtp`."""
    marker = request.node.get_closest_marker("server_env")
    env = dict(smtp.clockko_env())
    env.update(marker.kwargs if marker else {})
    server = start_server(env)
    return server, MailReader(smtp=smtp)


def register_with_mail(server, mail: MailReader, **kwargs):
    """Registers a user and waits for the welcome mail: (user, email, password, welcome mail)."""
    user, address, password = register(server, **kwargs)
    welcome = mail.wait_for(to=address, subject=WELCOME)
    return user, address, password, welcome


def get_user(server, token: str) -> dict:
    resp = server.get("/api/auth/user", headers=bearer(token))
    assert resp.status_code == 200, resp.text
    return resp.json()


def assert_token_dead(server, token: str) -> None:
    assert_error(server.get("/api/auth/user", headers=bearer(token)), 401, "invalid_token",
                 "Invalid credentials")


def assert_login_fails(server, address: str, password: str) -> None:
    resp = server.post("/api/auth/login", json={"email": address, "password": password})
    assert_error(resp, 401, "invalid_credentials", "Incorrect email or password")


def assert_retry_after(resp, maximum: int) -> int:
    value = resp.headers.get("Retry-After", "")
    assert value.isdigit(), resp.headers
    assert 1 <= int(value) <= maximum, value
    return int(value)


def verify_email(server, address: str, otp: str):
    return server.post("/api/auth/verify-email", json={"email": address, "otp": otp})


def reset_password(server, **body):
    return server.post("/api/auth/reset-password", json=body)


def verify_link_prefix(server) -> str:
    return server.base_url + "/api/auth/verify-email?token="


def follow(server, url: str):
    """GETs a link from a mail on the server under test (path + query), without redirects."""
    parts = urlsplit(url)
    return server.get(parts.path + ("?" + parts.query if parts.query else ""))


def race(count: int, call) -> list:
    """Runs call(i) in `count` threads released together; returns the responses."""
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def run(i: int) -> None:
        barrier.wait()
        try:
            results[i] = call(i)
        except Exception as exc:  # reported by the caller's assertions
            results[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return results


def masked(address: str) -> str:
    local, domain = address.split("@")
    return f"{local[0]}***@{domain}"


# -- §3 verification -----------------------------------------------------------------------------


def test_register_mail_code_verifies_then_login_shows_verified(smtp_app):
    server, mail = smtp_app
    user, address, password, welcome = register_with_mail(server, mail)
    assert user["is_verified"] is False
    assert welcome.to == address
    assert "Hello Ann Lee!" in welcome.text
    assert "5 minutes" in welcome.text and "24 hours" in welcome.text
    code = MailReader.code(welcome)
    assert code in welcome.html
    MailReader.link(welcome, verify_link_prefix(server))
    # Delivered over the SMTP fixture: TLS (STARTTLS) and authenticated.
    captured = [m for m in mail.smtp.messages if m.to == address]
    assert captured and all(m.tls and m.authenticated for m in captured)

    resp = verify_email(server, address, code)
    assert resp.status_code == 200, resp.text
    assert resp.json() == VERIFIED_BODY

    token = login(server, address, password)
    me = get_user(server, token)
    assert me["is_verified"] is True and me["otp_verified"] is True
    # The code was consumed.
    assert_error(verify_email(server, address, code), 400, "invalid_otp",
                 "Invalid or expired verification code")
    mail.assert_never_contains(password)


def test_verify_by_link_redirects_and_is_single_use(server, mail):
    _, address, password, welcome = register_with_mail(server, mail)
    link = MailReader.link(welcome, verify_link_prefix(server))

    resp = follow(server, link)
    assert resp.status_code == 303, resp.text
    assert resp.headers["Location"] == f"{FRONTEND}/signin?verified=true"
    assert get_user(server, login(server, address, password))["is_verified"] is True

    again = follow(server, link)
    assert again.status_code == 303
    assert again.headers["Location"] == f"{FRONTEND}/signin?verified=false&reason=invalid"
    # Link success also deleted the verify_email code.
    assert_error(verify_email(server, address, MailReader.code(welcome)), 400, "invalid_otp",
                 "Invalid or expired verification code")

    for query in ("?token=" + e2e.b64url_encode(b"\x00" * 32), "?token=not-a-token", "?token=",
                  ""):
        resp = server.get("/api/auth/verify-email" + query)
        assert resp.status_code == 303, (query, resp.status_code, resp.text)
        assert resp.headers["Location"] == f"{FRONTEND}/signin?verified=false&reason=invalid", query


@pytest.mark.server_env(FRONTEND_URL="https://app.example.test/,https://admin.example.test")
def test_verify_link_redirects_to_first_frontend_url(server):
    resp = server.get("/api/auth/verify-email?token=garbage")
    assert resp.status_code == 303
    assert resp.headers["Location"] == \
        "https://app.example.test/signin?verified=false&reason=invalid"


@pytest.mark.server_env(OTP_RESEND_SECONDS="0")
def test_resend_replaces_code_and_link(server, mail):
    _, address, password, welcome = register_with_mail(server, mail)
    first_code = MailReader.code(welcome)
    first_link = MailReader.link(welcome, verify_link_prefix(server))
    time.sleep(1.1)  # OTP_RESEND_SECONDS=0 still means one mail per second

    resp = server.post("/api/auth/send-verification-email", json={"email": address})
    assert resp.status_code == 200, resp.text
    assert resp.json() == SEND_VERIFICATION_BODY
    resent = mail.wait_for(to=address, subject=VERIFY_CODE)
    second_code = MailReader.code(resent)
    second_link = MailReader.link(resent, verify_link_prefix(server))
    assert second_link != first_link

    # The old link is gone (and using it verifies nothing).
    resp = follow(server, first_link)
    assert resp.headers["Location"] == f"{FRONTEND}/signin?verified=false&reason=invalid"
    if first_code != second_code:
        assert_error(verify_email(server, address, first_code), 400, "invalid_otp",
                     "Invalid or expired verification code")
    resp = verify_email(server, address, second_code)
    assert resp.status_code == 200, resp.text
    assert get_user(server, login(server, address, password))["is_verified"] is True
    mail.assert_never_contains(password)


def test_resend_within_cooldown_is_rate_limited(server, mail):
    _, address, _, _ = register_with_mail(server, mail)
    # The welcome mail counts for verify_email on this address.
    resp = server.post("/api/auth/send-verification-email", json={"email": address})
    assert_error(resp, 429, "rate_limited", WAIT_DETAIL)
    assert_retry_after(resp, 60)

    # Keyed by address whether or not an account exists: unknown addresses behave the same.
    unknown = e2e.unique_email("nobody")
    first = server.post("/api/auth/send-verification-email", json={"email": unknown})
    assert first.status_code == 200 and first.json() == SEND_VERIFICATION_BODY
    second = server.post("/api/auth/send-verification-email", json={"email": unknown})
    assert_error(second, 429, "rate_limited", WAIT_DETAIL)
    assert_retry_after(second, 60)

    # forgot-password is another purpose: one passes, the next is limited.
    first = server.post("/api/auth/forgot-password", json={"email": address})
    assert first.status_code == 200 and first.json() == FORGOT_BODY
    mail.wait_for(to=address, subject=RESET_CODE)
    second = server.post("/api/auth/forgot-password", json={"email": address.upper()})
    assert_error(second, 429, "rate_limited", WAIT_DETAIL)
    assert_retry_after(second, 60)
    mail.assert_no_mail(to=address, subject=RESET_CODE, wait=1.2)
    mail.assert_no_mail(to=address, subject=VERIFY_CODE, wait=0)


@pytest.mark.server_env(OTP_RESEND_SECONDS="0")
def test_five_wrong_codes_void_the_code(server, mail):
    _, address, password, welcome = register_with_mail(server, mail)
    code = MailReader.code(welcome)
    # Malformed codes get the same 400 but are not counted as guesses.
    for malformed in ("12345", "12a456", "1234567", " "):
        assert_error(verify_email(server, address, malformed), 400, "invalid_otp",
                     "Invalid or expired verification code")
    for offset in range(1, 6):
        assert_error(verify_email(server, address, e2e.other_code(code, offset)), 400,
                     "invalid_otp", "Invalid or expired verification code")
    resp = verify_email(server, address, code)
    assert_error(resp, 429, "otp_locked", "Too many attempts; request a new code")
    assert_retry_after(resp, 3600)
    assert get_user(server, login(server, address, password))["is_verified"] is False

    # A new code works again.
    time.sleep(1.1)
    resp = server.post("/api/auth/send-verification-email", json={"email": address})
    assert resp.status_code == 200, resp.text
    new_code = MailReader.code(mail.wait_for(to=address, subject=VERIFY_CODE))
    resp = verify_email(server, address, new_code)
    assert resp.status_code == 200, resp.text


def test_code_of_one_purpose_is_refused_for_another(server, mail):
    _, address, password, welcome = register_with_mail(server, mail)
    verify_code = MailReader.code(welcome)
    new_password = e2e.strong_password()

    resp = reset_password(server, email=address, otp=verify_code, new_password=new_password)
    assert_error(resp, 400, "invalid_otp", "Invalid or expired OTP")

    assert server.post("/api/auth/forgot-password", json={"email": address}).status_code == 200
    reset_code = MailReader.code(mail.wait_for(to=address, subject=RESET_CODE))
    if reset_code != verify_code:
        assert_error(verify_email(server, address, reset_code), 400, "invalid_otp",
                     "Invalid or expired verification code")

    # Each code still works for its own purpose.
    assert verify_email(server, address, verify_code).status_code == 200
    resp = reset_password(server, email=address, otp=reset_code, new_password=new_password)
    assert resp.status_code == 200, resp.text
    login(server, address, new_password)
    mail.assert_never_contains(password, new_password)


def test_same_verification_code_in_parallel_succeeds_once(server, mail):
    _, address, password, welcome = register_with_mail(server, mail)
    code = MailReader.code(welcome)
    results = race(4, lambda i: verify_email(server, address, code))
    statuses = sorted(r.status_code for r in results)
    assert statuses == [200, 400, 400, 400], [(r.status_code, r.text) for r in results]
    for resp in results:
        if resp.status_code == 400:
            assert_error(resp, 400, "invalid_otp", "Invalid or expired verification code")
    assert get_user(server, login(server, address, password))["is_verified"] is True


@pytest.mark.server_env(OTP_RESEND_SECONDS="0")
def test_send_verification_email_answers_alike_for_every_address(server, mail):
    _, unverified, _, _ = register_with_mail(server, mail)
    _, verified, _, welcome = register_with_mail(server, mail)
    assert verify_email(server, verified, MailReader.code(welcome)).status_code == 200
    time.sleep(1.1)

    answers = {}
    for name, address in (("unverified", unverified), ("verified", verified),
                          ("unknown", e2e.unique_email("ghost"))):
        resp = server.post("/api/auth/send-verification-email", json={"email": address})
        answers[name] = (resp.status_code, resp.json())
    assert answers["unverified"] == answers["verified"] == answers["unknown"] == \
        (200, SEND_VERIFICATION_BODY), answers

    mail.wait_for(to=unverified, subject=VERIFY_CODE)
    mail.assert_no_mail(subject=VERIFY_CODE)


# -- §4 password reset ---------------------------------------------------------------------------


def test_forgot_then_reset_by_code(server, mail):
    _, address, old_password, _ = register_with_mail(server, mail)
    old_token = login(server, address, old_password)
    new_password = e2e.strong_password()

    resp = server.post("/api/auth/forgot-password", json={"email": address})
    assert resp.status_code == 200 and resp.json() == FORGOT_BODY, resp.text
    reset_mail = mail.wait_for(to=address, subject=RESET_CODE)
    code = MailReader.code(reset_mail)
    assert "5 minutes" in reset_mail.text

    resp = reset_password(server, email=address, otp=code, new_password=new_password)
    assert resp.status_code == 200, resp.text
    assert resp.json() == RESET_BODY

    assert_token_dead(server, old_token)
    assert_login_fails(server, address, old_password)
    token = login(server, address, new_password)
    # The mailbox was proven: the account is verified now.
    assert get_user(server, token)["is_verified"] is True

    notice = mail.wait_for(to=address, subject=PASSWORD_CHANGED)
    assert f"{FRONTEND}/reset-password" in notice.text
    # Single use.
    resp = reset_password(server, email=address, otp=code, new_password=e2e.strong_password())
    assert_error(resp, 400, "invalid_otp", "Invalid or expired OTP")
    mail.assert_never_contains(old_password, new_password)


def test_forgot_then_reset_by_link_token(server, mail):
    _, address, old_password, _ = register_with_mail(server, mail)
    old_token = login(server, address, old_password)
    new_password = e2e.strong_password()

    assert server.post("/api/auth/forgot-password", json={"email": address}).status_code == 200
    reset_mail = mail.wait_for(to=address, subject=RESET_CODE)
    link = MailReader.link(reset_mail, f"{FRONTEND}/reset-password-confirm?")
    query = parse_qs(urlsplit(link).query, strict_parsing=True)
    assert query["email"] == [address], link
    assert "%40" in link  # the address is URL-encoded in the link
    token = query["token"][0]

    assert_error(reset_password(server, token=token, otp="123456", new_password=new_password),
                 422, "validation_error", "otp: not allowed with token")
    assert_error(reset_password(server, email=address, new_password=new_password),
                 422, "validation_error", "otp: field required")
    # A token sent with someone else's address is refused (and not used up).
    assert_error(reset_password(server, token=token, email=e2e.unique_email("other"),
                                new_password=new_password), 400, "invalid_otp",
                 "Invalid or expired OTP")
    assert_error(reset_password(server, token=token + "x", new_password=new_password), 400,
                 "invalid_otp", "Invalid or expired OTP")

    resp = reset_password(server, token=token, email=address.upper(), new_password=new_password)
    assert resp.status_code == 200, resp.text
    assert resp.json() == RESET_BODY

    assert_token_dead(server, old_token)
    assert_login_fails(server, address, old_password)
    login(server, address, new_password)
    mail.wait_for(to=address, subject=PASSWORD_CHANGED)
    # The token is single use, and every other code of the user was deleted with it.
    assert_error(reset_password(server, token=token, new_password=e2e.strong_password()), 400,
                 "invalid_otp", "Invalid or expired OTP")
    assert_error(reset_password(server, email=address, otp=MailReader.code(reset_mail),
                                new_password=e2e.strong_password()), 400, "invalid_otp",
                 "Invalid or expired OTP")
    mail.assert_never_contains(old_password, new_password)


def test_weak_password_on_reset_keeps_the_code(server, mail):
    _, address, old_password, _ = register_with_mail(server, mail)
    assert server.post("/api/auth/forgot-password", json={"email": address}).status_code == 200
    code = MailReader.code(mail.wait_for(to=address, subject=RESET_CODE))

    for weak, detail in (("password", "This password is too common; choose a different one"),
                         ("short", "Password must be at least 8 characters long"),
                         (address, "Password must not be your email address or name")):
        resp = reset_password(server, email=address, otp=code, new_password=weak)
        assert_error(resp, 422, "weak_password", detail)
    # Six refusals (more than OTP_MAX_ATTEMPTS) and the code still works: none was a guess.
    resp = reset_password(server, email=address, otp=code, new_password="sunshine1")
    assert_error(resp, 422, "weak_password")
    resp = reset_password(server, email=address, otp=code, new_password="qwertyuiop")
    assert_error(resp, 422, "weak_password")
    resp = reset_password(server, email=address, otp=code, new_password="iloveyou1")
    assert_error(resp, 422, "weak_password")

    new_password = e2e.strong_password()
    resp = reset_password(server, email=address, otp=code, new_password=new_password)
    assert resp.status_code == 200, resp.text
    login(server, address, new_password)
    assert_login_fails(server, address, old_password)


def test_forgot_password_answers_alike_for_every_address(server, mail):
    _, registered, _, _ = register_with_mail(server, mail)
    unknown = e2e.unique_email("ghost")
    answers = []
    for address in (registered, unknown):
        resp = server.post("/api/auth/forgot-password", json={"email": address})
        answers.append((resp.status_code, resp.json()))
    assert answers[0] == answers[1] == (200, FORGOT_BODY), answers
    mail.wait_for(to=registered, subject=RESET_CODE)
    mail.assert_no_mail(to=unknown)


def test_same_reset_code_in_parallel_succeeds_once(server, mail):
    _, address, old_password, _ = register_with_mail(server, mail)
    assert server.post("/api/auth/forgot-password", json={"email": address}).status_code == 200
    code = MailReader.code(mail.wait_for(to=address, subject=RESET_CODE))
    passwords = [e2e.strong_password() for _ in range(4)]

    results = race(4, lambda i: reset_password(server, email=address, otp=code,
                                               new_password=passwords[i]))
    assert sorted(r.status_code for r in results) == [200, 400, 400, 400], \
        [(r.status_code, r.text) for r in results]
    winner = next(i for i, r in enumerate(results) if r.status_code == 200)
    for resp in results:
        if resp.status_code == 400:
            assert_error(resp, 400, "invalid_otp", "Invalid or expired OTP")
    login(server, address, passwords[winner])
    for i, password in enumerate(passwords + [old_password]):
        if i != winner:
            assert_login_fails(server, address, password)
    mail.wait_for(to=address, subject=PASSWORD_CHANGED)
    mail.assert_no_mail(to=address, subject=PASSWORD_CHANGED, wait=1.2)
    mail.assert_never_contains(old_password, *passwords)


# -- §5 verify-password and change-password ------------------------------------------------------


def change_password(server, token: str, current: str, new: str):
    return server.post("/api/auth/change-password", headers=bearer(token),
                       json={"current_password": current, "new_password": new})


def test_change_password_refusals(server):
    _, address, password = register(server)
    token = login(server, address, password)
    assert_error(change_password(server, token, password + "x", e2e.strong_password()), 400,
                 "incorrect_password", "Current password is incorrect")
    assert_error(change_password(server, token, password, password), 400, "password_unchanged",
                 "New password must be different from current password")
    assert_error(change_password(server, token, password, "short1"), 400, "weak_password",
                 "New password must be at least 8 characters long")
    assert_error(change_password(server, token, password, "password"), 422, "weak_password",
                 "This password is too common; choose a different one")
    # Nothing changed.
    get_user(server, token)
    login(server, address, password)


def test_change_password_keeps_calling_token_and_kills_others(server, mail):
    _, address, old_password, _ = register_with_mail(server, mail)
    calling = login(server, address, old_password)
    other_session = login(server, address, old_password)
    new_password = e2e.strong_password()

    resp = change_password(server, calling, old_password, new_password)
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert set(body) == {"detail", "message", "access_token", "token_type"}, body
    assert body["detail"] == "Password changed successfully"
    assert body["message"] == ("Your password has been updated successfully. Please use your new "
                               "password for future logins.")
    assert body["token_type"] == "bearer"

    assert get_user(server, body["access_token"])["email"] == address
    assert get_user(server, calling)["email"] == address
    assert_token_dead(server, other_session)
    assert_login_fails(server, address, old_password)
    login(server, address, new_password)
    notice = mail.wait_for(to=address, subject=PASSWORD_CHANGED)
    assert f"{FRONTEND}/reset-password" in notice.text
    mail.assert_never_contains(old_password, new_password)


def test_verify_password_locks_after_five_failures(server):
    _, address, password = register(server)
    token = login(server, address, password)
    resp = server.post("/api/auth/verify-password", headers=bearer(token),
                       json={"password": password})
    assert resp.status_code == 200, resp.text
    assert resp.json() == {"detail": "Password verified successfully"}

    for _ in range(5):
        resp = server.post("/api/auth/verify-password", headers=bearer(token),
                           json={"password": password + "-wrong"})
        assert_error(resp, 400, "incorrect_password", "Incorrect password")
    for attempt in (password + "-wrong", password):
        resp = server.post("/api/auth/verify-password", headers=bearer(token),
                           json={"password": attempt})
        assert_error(resp, 429, "rate_limited", FAILED_ATTEMPTS)
        assert_retry_after(resp, 15 * 60)


# -- §6 e-mail change ----------------------------------------------------------------------------


def send_email_verification(server, token: str, new_email: str, **extra):
    return server.post("/api/auth/send-email-verification", headers=bearer(token),
                       json={"new_email": new_email, **extra})


def change_email(server, token: str, new_email: str, code: str, **extra):
    return server.post("/api/auth/change-email", headers=bearer(token),
                       json={"new_email": new_email, "verification_code": code, **extra})


def test_check_email(server):
    _, address, _ = register(server)
    resp = server.get("/api/auth/check-email", params={"email": e2e.unique_email("free")})
    assert resp.status_code == 200 and resp.json() == {"detail": "Email is available"}, resp.text
    for taken in (address, address.upper()):
        assert_error(server.get("/api/auth/check-email", params={"email": taken}), 400,
                     "email_taken", "Email address is already in use")
    # Trimmed (spaces sent as %20: `+` is a legal address character).
    assert_error(server.get(f"/api/auth/check-email?email=%20{quote(address)}%20"), 400,
                 "email_taken", "Email address is already in use")
    assert_error(server.get("/api/auth/check-email"), 422, "validation_error",
                 "email: field required")
    assert_error(server.get("/api/auth/check-email", params={"email": "not-an-address"}), 422,
                 "validation_error", "email: not a valid email address")


def test_change_email_flow(smtp_app):
    server, mail = smtp_app
    _, old_address, password, _ = register_with_mail(server, mail)
    other_session = login(server, old_address, password)  # a second session, before the change
    calling = login(server, old_address, password)  # fresh login: recently authenticated
    new_address = f"new-{uuid.uuid4().hex[:10]}@example.com"

    resp = send_email_verification(server, calling, new_address)
    assert resp.status_code == 200, resp.text
    assert resp.json() == {
        "detail": "Verification code sent successfully",
        "message": f"A 6-digit verification code has been sent to {new_address}. "
                   f"It will expire in 5 minutes."}
    confirm = mail.wait_for(to=new_address, subject=CONFIRM_NEW_EMAIL)
    code = MailReader.code(confirm)
    assert "http" not in confirm.text  # no link in this mail
    mail.assert_no_mail(to=old_address, wait=1.2)  # the new address only

    resp = change_email(server, calling, new_address, code)
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert set(body) == {"detail", "message", "access_token", "token_type"}, body
    assert body["detail"] == "Email address changed successfully"
    assert body["message"] == f"Your email has been successfully changed to {new_address}"
    assert body["token_type"] == "bearer"

    notice = mail.wait_for(to=old_address, subject=EMAIL_CHANGED)
    assert masked(new_address) in notice.text, notice.text
    local = new_address.split("@")[0]
    for content in (notice.text, notice.html):
        assert local not in content and new_address not in content

    me = get_user(server, body["access_token"])
    assert me["email"] == new_address and me["is_verified"] is True
    assert get_user(server, calling)["email"] == new_address
    assert_token_dead(server, other_session)
    login(server, new_address, password)
    assert_login_fails(server, old_address, password)
    # The code is consumed.
    assert_error(change_email(server, calling, new_address, code), 400, "email_change_not_found",
                 "No email change request found")
    mail.assert_never_contains(password)


def test_change_email_refusals(server, mail):
    _, address, password, _ = register_with_mail(server, mail)
    _, someone_else, _ = register(server)
    token = login(server, address, password)
    new_address = e2e.unique_email("new")

    for same in (address, address.upper()):
        assert_error(send_email_verification(server, token, same), 400, "same_email",
                     "New email must be different from current email")
    assert_error(send_email_verification(server, token, someone_else.upper()), 400,
                 "email_taken", "Email address is already in use")
    assert_error(change_email(server, token, new_address, "123456"), 400,
                 "email_change_not_found", "No email change request found")

    assert send_email_verification(server, token, new_address).status_code == 200
    code = MailReader.code(mail.wait_for(to=new_address, subject=CONFIRM_NEW_EMAIL))
    assert_error(change_email(server, token, e2e.unique_email("elsewhere"), code), 400,
                 "email_mismatch", "Email address mismatch")
    assert_error(change_email(server, token, new_address, e2e.other_code(code)), 400,
                 "invalid_otp", "Invalid verification code")
    # The change_email code is bound to its purpose.
    assert_error(verify_email(server, new_address, code), 400, "invalid_otp",
                 "Invalid or expired verification code")
    assert_error(verify_email(server, address, code), 400, "invalid_otp",
                 "Invalid or expired verification code")

    resp = change_email(server, token, new_address, code)
    assert resp.status_code == 200, resp.text
    assert get_user(server, token)["email"] == new_address


def test_wrong_change_email_codes_void_the_code(server, mail):
    _, address, password = register(server)
    token = login(server, address, password)
    new_address = e2e.unique_email("new")
    assert send_email_verification(server, token, new_address).status_code == 200
    code = MailReader.code(mail.wait_for(to=new_address, subject=CONFIRM_NEW_EMAIL))
    for offset in range(1, 6):
        assert_error(change_email(server, token, new_address, e2e.other_code(code, offset)), 400,
                     "invalid_otp", "Invalid verification code")
    resp = change_email(server, token, new_address, code)
    assert_error(resp, 429, "otp_locked", "Too many attempts; request a new code")
    assert_retry_after(resp, 3600)
    assert get_user(server, token)["email"] == address


def test_wrong_reset_codes_void_the_code(server, mail):
    _, address, password, _ = register_with_mail(server, mail)
    assert server.post("/api/auth/forgot-password", json={"email": address}).status_code == 200
    code = MailReader.code(mail.wait_for(to=address, subject=RESET_CODE))
    new_password = e2e.strong_password()
    for offset in range(1, 6):
        assert_error(reset_password(server, email=address, otp=e2e.other_code(code, offset),
                                    new_password=new_password), 400, "invalid_otp",
                     "Invalid or expired OTP")
    resp = reset_password(server, email=address, otp=code, new_password=new_password)
    assert_error(resp, 429, "otp_locked", "Too many attempts; request a new code")
    assert_retry_after(resp, 3600)
    login(server, address, password)
    assert_login_fails(server, address, new_password)


@pytest.mark.server_env(SECRET_KEY=JWT_KEY)
def test_change_email_needs_recent_authentication(server, mail):
    _, address, password, _ = register_with_mail(server, mail)
    fresh = login(server, address, password)
    header, payload, _ = e2e.decode_jwt(fresh)

    def stale_token() -> str:
        # A valid token of this user whose sign-in is older than REAUTH_WINDOW_MINUTES (10).
        now = int(time.time())
        return e2e.sign_jwt(JWT_KEY, header, {**payload, "iat": now - 15 * 60,
                                              "exp": now + 10 * 60, "jti": uuid.uuid4().hex})

    stale = stale_token()
    assert get_user(server, stale)["email"] == address  # the token itself is valid
    new_address = e2e.unique_email("new")
    assert_error(send_email_verification(server, stale, new_address), 403, "reauth_required",
                 "Please confirm your password first")
    assert_error(change_email(server, stale, new_address, "123456"), 403, "reauth_required",
                 "Please confirm your password first")
    assert_error(send_email_verification(server, stale, new_address, password=password + "x"),
                 400, "incorrect_password", "Incorrect password")
    resp = send_email_verification(server, stale, new_address, password=password)
    assert resp.status_code == 200, resp.text
    code = MailReader.code(mail.wait_for(to=new_address, subject=CONFIRM_NEW_EMAIL))

    # verify-password marks another stale session; the `password` field marked the first one.
    other = stale_token()
    assert_error(change_email(server, other, new_address, code), 403, "reauth_required",
                 "Please confirm your password first")
    resp = server.post("/api/auth/verify-password", headers=bearer(other),
                       json={"password": password})
    assert resp.status_code == 200, resp.text
    resp = change_email(server, stale, new_address, code)
    assert resp.status_code == 200, resp.text
    assert get_user(server, stale)["email"] == new_address
    mail.assert_never_contains(password)


# -- §2.1 REGISTER_HIDE_EXISTING -----------------------------------------------------------------


def test_register_hide_existing_answers_alike_and_notifies_owner(start_server):
    existing, new = e2e.unique_email("owner"), e2e.unique_email("newbie")
    password, intruder_password, new_password = (e2e.strong_password() for _ in range(3))
    # The owner signed up earlier (another server run: fresh mail limits, same database).
    before = start_server()
    first_plain = before.post("/api/auth/register",
                              json={"name": "Ann Lee", "email": existing, "password": password})
    assert first_plain.status_code == 200, first_plain.text
    MailReader(server=before).wait_for(to=existing, subject=WELCOME)
    before.stop()

    server = start_server({"REGISTER_HIDE_EXISTING": "true"}, data_dir=before.data_dir)
    mail = MailReader(server=server)
    mail.wait_for(to=existing, subject=WELCOME)  # the earlier welcome mail, already delivered
    again = server.post("/api/auth/register",
                        json={"name": "Eve Intruder", "email": existing.upper(),
                              "password": intruder_password})
    fresh = server.post("/api/auth/register",
                        json={"name": "Bo Chen", "email": new, "password": new_password})
    assert again.status_code == fresh.status_code == 200, (again.text, fresh.text)
    assert again.content == fresh.content
    assert fresh.json() == {
        "detail": "Registration received",
        "message": "If this address can be used, a 6-digit verification code has been sent to it. "
                   "It expires in 5 minutes."}

    notice = mail.wait_for(to=existing, subject=SIGNUP_ATTEMPT)
    assert f"{FRONTEND}/signin" in notice.text and f"{FRONTEND}/reset-password" in notice.text
    welcome = mail.wait_for(to=new, subject=WELCOME)
    assert verify_email(server, new, MailReader.code(welcome)).status_code == 200
    mail.assert_no_mail(to=existing, subject=WELCOME, wait=1.0)

    login(server, existing, password)
    assert_login_fails(server, existing, intruder_password)
    login(server, new, new_password)
    mail.assert_never_contains(password, intruder_password, new_password)


@pytest.mark.server_env(REGISTER_HIDE_EXISTING="true")
def test_register_hide_existing_new_address_gets_the_generic_answer(server, mail):
    address, password = e2e.unique_email("hidden"), e2e.strong_password()
    resp = server.post("/api/auth/register",
                       json={"name": "Ann Lee", "email": address, "password": password})
    assert resp.status_code == 200, resp.text
    assert resp.json()["detail"] == "Registration received"
    welcome = mail.wait_for(to=address, subject=WELCOME)
    assert verify_email(server, address, MailReader.code(welcome)).status_code == 200
    assert get_user(server, login(server, address, password))["is_verified"] is True


def test_forgot_password_and_resend_take_the_same_floor_time_for_every_address(server):
    """API.md §4.1: the work for unknown addresses takes comparable time. Both answers wait for a
    fixed floor (15 ms), so neither is measurably faster; each also writes an audit row."""
    _, registered, _ = e2e.register(server)
    # The register welcome mail started registered's verify_email cooldown; use fresh addresses
    # per request so no limit answers early.
    timings = {"registered": [], "unknown": []}
    for path in ("/api/auth/forgot-password", "/api/auth/send-verification-email"):
        for kind, address in (("registered", registered), ("unknown", e2e.unique_email("nobody"))):
            start = time.monotonic()
            resp = server.post(path, json={"email": address})
            timings[kind].append(time.monotonic() - start)
            assert resp.status_code in (200, 429), resp.text
    assert min(timings["registered"] + timings["unknown"]) >= 0.015, timings
