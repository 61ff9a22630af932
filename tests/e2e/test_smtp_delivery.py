"""SMTP delivery end to end (API.md §13, §14.2, SECURITY.md): the real server sends its mail through
the aiosmtpd fixture (tests/e2e/smtp_fixture.py) over STARTTLS or implicit TLS with AUTH.

Covered: delivery of the welcome mail over TLS after AUTH, SMTP down at register time (delivered
once it returns, exactly once), wrong password (SMTPAuthError in the log, never the password, the API
still answers 200), a server without STARTTLS (no AUTH ever sent, SMTPConnectionError), certificate
verification, implicit TLS, `clockko check-config --smtp`, and header injection through the name or
SMTP_FROM_NAME. A body line "." cannot occur in our mails (both parts are base64); libcurl's
dot-stuffing is checked by tests/unit/mail/smtp_transport_test.cpp against a scripted server.
"""

from __future__ import annotations

import secrets
import time

import pytest

from clockko_e2e import MailReader, register, unique_email
from smtp_fixture import SmtpServer

WELCOME = "Welcome to ClockKo! Please verify your email"
SENDER = "noreply@clockko.test"


def smtp_env(smtp: SmtpServer, **overrides: str) -> dict[str, str]:
    env = smtp.clockko_env(sender=SENDER)
    env["MAIL_RETRY_BASE_SECONDS"] = "1"  # first retry after 1 s instead of 30 s
    env.update(overrides)
    return env


def wait_log(server, needle: str, timeout: float = 15.0) -> str:
    deadline = time.monotonic() + timeout
    while True:
        log = server.log_text()
        if needle in log:
            return log
        if time.monotonic() >= deadline:
            raise AssertionError(f"{needle!r} not in the server log after {timeout} s:\n"
                                 f"{log[-3000:]}")
        time.sleep(0.1)


@pytest.fixture
def extra_smtp():
    """Factory for more fixture servers with non-default options; all closed after the test."""
    made: list[SmtpServer] = []

    def make(**kwargs) -> SmtpServer:
        server = SmtpServer(**kwargs).start()
        made.append(server)
        return server

    yield make
    for server in made:
        server.close()


def test_welcome_mail_is_delivered_over_starttls_after_auth(start_server, smtp_server):
    server = start_server(smtp_env(smtp_server))
    _, address, password = register(server)
    mail = MailReader(smtp=smtp_server).wait_for(to=address, subject=WELCOME)
    assert mail.sender.endswith(f"<{SENDER}>")
    captured = smtp_server.wait_for(lambda m: m.rcpt_tos == [address])
    assert captured.mail_from == SENDER
    assert captured.tls and captured.authenticated
    assert "Hello Ann Lee" in captured.text or "Ann Lee" in captured.text
    verbs = smtp_server.verbs()
    assert verbs.index("STARTTLS") < verbs.index("AUTH") < verbs.index("MAIL")
    assert all(c.tls for c in smtp_server.commands if c.verb in ("AUTH", "MAIL", "RCPT", "DATA"))
    assert smtp_server.auth_attempts and all(a.tls and a.success and a.login == "mailer"
                                             for a in smtp_server.auth_attempts)
    assert password.encode() not in captured.raw


def test_delivery_by_ip_address_matches_the_certificate(start_server, smtp_server):
    server = start_server(smtp_env(smtp_server, SMTP_HOST="127.0.0.1"))
    _, address, _ = register(server)
    assert smtp_server.wait_for(lambda m: m.rcpt_tos == [address]).tls


def test_mail_queued_while_smtp_is_down_is_delivered_once_when_it_returns(start_server,
                                                                          smtp_server):
    server = start_server(smtp_env(smtp_server))
    smtp_server.stop()
    _, address, _ = register(server)  # the API does not wait for SMTP
    wait_log(server, "SMTPConnectionError")
    time.sleep(1.0)
    assert not smtp_server.messages
    smtp_server.start()  # same port
    smtp_server.wait_for(lambda m: m.rcpt_tos == [address], timeout=30)
    time.sleep(4.0)  # longer than the next retries would take
    delivered = [m for m in smtp_server.messages if m.rcpt_tos == [address]]
    assert len(delivered) == 1, [m.subject for m in delivered]
    assert delivered[0].subject == WELCOME


def test_wrong_smtp_password_is_logged_as_auth_error_and_api_still_answers(start_server,
                                                                           smtp_server):
    wrong = "wrong-" + secrets.token_hex(8)
    server = start_server(smtp_env(smtp_server, SMTP_PASSWORD=wrong))
    _, address, _ = register(server)  # asserts 200
    log = wait_log(server, "SMTPAuthError")
    assert wrong not in log
    assert any(not a.success for a in smtp_server.auth_attempts)
    assert all(a.tls for a in smtp_server.auth_attempts)
    assert not [m for m in smtp_server.messages if m.rcpt_tos == [address]]
    assert server.get("/health").status_code == 200


def test_server_without_starttls_never_receives_auth(start_server, extra_smtp):
    smtp = extra_smtp(offer_starttls=False)  # advertises AUTH over plaintext as bait
    server = start_server(smtp_env(smtp))
    register(server)
    log = wait_log(server, "SMTPConnectionError")
    assert smtp.connections >= 1 and "EHLO" in smtp.verbs()
    assert "AUTH" not in smtp.verbs()
    assert "MAIL" not in smtp.verbs()
    assert not smtp.auth_attempts and not smtp.messages
    assert smtp.auth_users["mailer"] not in log


def test_certificate_is_verified(start_server, smtp_server, extra_smtp):
    other = extra_smtp()  # a different self-signed CA
    server = start_server(smtp_env(smtp_server, SMTP_CA_FILE=str(other.ca_file)))
    register(server)
    wait_log(server, "SMTPConnectionError")
    assert "AUTH" not in smtp_server.verbs()
    assert not smtp_server.messages


def test_implicit_tls(start_server, extra_smtp):
    smtp = extra_smtp(implicit_tls=True)
    server = start_server(smtp_env(smtp))  # SMTP_SECURITY=tls
    _, address, _ = register(server)
    captured = smtp.wait_for(lambda m: m.rcpt_tos == [address])
    assert captured.authenticated and captured.subject == WELCOME
    assert "STARTTLS" not in smtp.verbs()


def test_check_config_smtp_reports_each_failure_class(start_server, smtp_server):
    server = start_server(smtp_env(smtp_server))
    ok = server.cli("check-config", "--smtp")
    assert ok.returncode == 0, ok.stderr
    assert "SMTP OK" in ok.stdout
    assert not smtp_server.messages  # a probe delivers nothing
    assert "NOOP" in smtp_server.verbs()

    wrong = "wrong-" + secrets.token_hex(8)
    server.env = {**server.env, "SMTP_PASSWORD": wrong}
    bad = server.cli("check-config", "--smtp")
    assert bad.returncode != 0
    assert "SMTPAuthError" in bad.stderr
    assert wrong not in bad.stdout + bad.stderr

    server.env = {**server.env, "SMTP_PASSWORD": smtp_server.auth_users["mailer"]}
    smtp_server.stop()
    down = server.cli("check-config", "--smtp")
    assert down.returncode != 0
    assert "SMTPConnectionError" in down.stderr


def test_check_config_smtp_without_starttls(start_server, extra_smtp):
    smtp = extra_smtp(offer_starttls=False)
    server = start_server(smtp_env(smtp))
    result = server.cli("check-config", "--smtp")
    assert result.returncode != 0
    assert "SMTPConnectionError" in result.stderr
    assert "AUTH" not in smtp.verbs()


@pytest.mark.parametrize("name", ["Ann\r\nBcc: x@evil.test", "Ann\nBcc: x@evil.test",
                                  "Ann\n.\nX"])
def test_name_with_line_breaks_cannot_reach_a_header(start_server, smtp_server, name):
    server = start_server(smtp_env(smtp_server))
    resp = server.post("/api/auth/register", json={
        "name": name, "email": unique_email(), "password": "e2e-" + secrets.token_hex(8) + "-Pw"})
    assert resp.status_code == 422, resp.text
    time.sleep(1.0)
    assert not smtp_server.messages


def test_from_name_with_line_break_is_refused_at_startup(start_server, smtp_server):
    env = smtp_env(smtp_server, SMTP_FROM_NAME="ClockKo\r\nBcc: x@evil.test")
    result = start_server(env, expect_exit=True)
    assert result.returncode not in (None, 0)
    assert "SMTP_FROM_NAME" in result.output


def test_mail_pending_at_shutdown_is_delivered_after_a_restart(start_server, smtp_server, tmp_path):
    """The outbox is durable: a mail queued while SMTP is down survives a restart of clockko and
    is delivered exactly once by the next process."""
    data_dir = tmp_path / "durable-data"
    env = smtp_env(smtp_server, MAIL_RETRY_BASE_SECONDS="6")  # retry 6 s after the failure
    smtp_server.stop()
    first = start_server(env, data_dir=data_dir)
    _, address, _ = register(first)
    wait_log(first, "SMTPConnectionError")  # attempt failed; the row is rescheduled
    first.stop()                           # before its retry is due
    assert not any(m.rcpt_tos == [address] for m in smtp_server.messages)
    smtp_server.start()  # same port
    start_server(env, data_dir=data_dir)
    delivered = smtp_server.wait_for(lambda m: m.rcpt_tos == [address], timeout=30)
    assert delivered.subject == WELCOME
    time.sleep(2)  # a duplicate would arrive about now
    assert sum(1 for m in smtp_server.messages if m.rcpt_tos == [address]) == 1


@pytest.mark.server_env(DEBUG="true")
def test_debug_in_development_echoes_codes_to_the_log(server):
    _, address, _ = register(server)
    log = wait_log(server, "DEBUG development mail code")
    mail = MailReader(server).wait_for(to=address, subject=WELCOME)
    assert MailReader.code(mail) in log


def test_codes_are_not_in_the_log_without_debug(server):
    _, address, _ = register(server)
    mail = MailReader(server).wait_for(to=address, subject=WELCOME)
    assert MailReader.code(mail) not in server.log_text()
