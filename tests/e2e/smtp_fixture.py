"""A test SMTP server for the end-to-end tests, built on Debian's python3-aiosmtpd.

    server = SmtpServer()            # STARTTLS offered and required, AUTH PLAIN/LOGIN for "mailer"
    server.start()
    env = server.clockko_env()       # SMTP_* variables for the server under test
    ...
    msg = server.wait_for(lambda m: m.to == ["ann@example.com"], timeout=10)
    server.stop()                    # simulate downtime; start() again listens on the same port

The server under test needs (all given by `clockko_env()`):
    SMTP_HOST=localhost  SMTP_PORT=<server.port>  SMTP_USER=mailer  SMTP_PASSWORD=s3cret
    SMTP_SECURITY=starttls (or tls with implicit_tls=True)  SMTP_CA_FILE=<server.ca_file>
    SMTP_FROM=noreply@clockko.test

What it records, for assertions:
- `messages`: every accepted message as a `CapturedMessage` (envelope, parsed headers, text and HTML
  bodies, raw bytes, whether it came over TLS and after AUTH).
- `commands`: every command line received outside DATA and AUTH exchanges, as `Command(verb, tls)`
  (e.g. proves that no AUTH was ever sent before/without TLS), in arrival order.
- `auth_attempts`: `AuthAttempt(mechanism, login, success, tls)` for each AUTH exchange that reached
  the authenticator (the password itself is never stored).
- `connections`: how many sessions were opened.

Options:
- `require_starttls` (default True): commands other than EHLO/HELO/NOOP/QUIT/STARTTLS get
  "530 Must issue a STARTTLS command first" before TLS.
- `offer_starttls` (default True): False = no STARTTLS at all, and AUTH is then advertised and accepted
  over plaintext — so a client that sends credentials without TLS would be caught in `commands`.
- `implicit_tls` (default False): TLS from the first byte (SMTP_SECURITY=tls).
- `auth_users` (default {"mailer": "s3cret"}): accepted logins; a wrong password gets 535.
  None/{} = no AUTH offered.
- `fail_mode`: None, "rcpt_550", "rcpt_451", "data_554" or "data_451" (refuse every message so).

The certificate is self-signed, generated at start() with the `openssl` CLI into a temp dir
(CN=localhost, SAN DNS:localhost and IP:127.0.0.1), and `ca_file` is its path.
"""

from __future__ import annotations

import email
import email.policy
import shutil
import socket
import ssl
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult

FAIL_MODES = (None, "rcpt_550", "rcpt_451", "data_554", "data_451")


@dataclass
class Command:
    verb: str
    tls: bool


@dataclass
class AuthAttempt:
    mechanism: str
    login: str
    success: bool
    tls: bool


@dataclass
class CapturedMessage:
    mail_from: str
    rcpt_tos: list[str]
    raw: bytes
    tls: bool
    authenticated: bool
    parsed: email.message.EmailMessage = field(repr=False)

    @property
    def to(self) -> str:
        return str(self.parsed.get("To", ""))

    @property
    def sender(self) -> str:
        return str(self.parsed.get("From", ""))

    @property
    def subject(self) -> str:
        return str(self.parsed.get("Subject", ""))

    def _part(self, subtype: str) -> str:
        part = self.parsed.get_body(preferencelist=(subtype,))
        return part.get_content() if part is not None and part.get_content_subtype() == subtype \
            else ""

    @property
    def text(self) -> str:
        return self._part("plain")

    @property
    def html(self) -> str:
        return self._part("html")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def make_certificate(directory: Path) -> tuple[Path, Path]:
    """A self-signed certificate for localhost / 127.0.0.1: (cert.pem, key.pem)."""
    cert, key = directory / "cert.pem", directory / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key),
         "-out", str(cert), "-days", "2", "-subj", "/CN=localhost",
         "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
         "-addext", "basicConstraints=critical,CA:TRUE"],
        check=True, capture_output=True, timeout=60)
    return cert, key


class _Handler:
    def __init__(self, owner: "SmtpServer"):
        self.owner = owner

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.owner.fail_mode == "rcpt_550":
            return "550 5.1.1 Mailbox unavailable"
        if self.owner.fail_mode == "rcpt_451":
            return "451 4.3.0 Try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.owner.fail_mode == "data_554":
            return "554 5.6.0 Message rejected"
        if self.owner.fail_mode == "data_451":
            return "451 4.3.0 Try again later"
        raw = envelope.original_content or envelope.content
        if isinstance(raw, str):
            raw = raw.encode("utf-8")
        msg = CapturedMessage(
            mail_from=envelope.mail_from, rcpt_tos=list(envelope.rcpt_tos), raw=raw,
            tls=server._tls_protocol is not None or self.owner.implicit_tls,
            authenticated=bool(session.authenticated),
            parsed=email.message_from_bytes(raw, policy=email.policy.default))
        with self.owner._cond:
            self.owner.messages.append(msg)
            self.owner._cond.notify_all()
        return "250 2.0.0 Message accepted"


class _RecordingSMTP(SMTP):
    """aiosmtpd's SMTP that logs every command line (verb + TLS state) before any policy check."""

    def __init__(self, owner: "SmtpServer", *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._owner = owner
        self._raw_exchange = False  # inside DATA or an AUTH exchange: lines are not commands

    def _client_connected_cb(self, reader, writer):
        super()._client_connected_cb(reader, writer)
        if getattr(reader, "_clockko_recording", False):
            return
        original = reader.readuntil

        async def readuntil(*a, **kw):
            line = await original(*a, **kw)
            if not self._raw_exchange:
                verb = line.decode("ascii", "replace").strip().split(" ", 1)[0].upper()
                self._owner._record_command(Command(verb, self._is_tls()))
            return line

        reader.readuntil = readuntil
        reader._clockko_recording = True

    def _is_tls(self) -> bool:
        return self._tls_protocol is not None or self._owner.implicit_tls

    def connection_made(self, transport):
        self._owner._count_connection()
        super().connection_made(transport)

    async def smtp_DATA(self, arg):
        self._raw_exchange = True
        try:
            return await super().smtp_DATA(arg)
        finally:
            self._raw_exchange = False

    async def smtp_AUTH(self, arg):
        self._raw_exchange = True
        try:
            return await super().smtp_AUTH(arg)
        finally:
            self._raw_exchange = False


class _Controller(Controller):
    def __init__(self, owner: "SmtpServer", *args, **kwargs):
        self._owner = owner
        super().__init__(*args, **kwargs)

    def factory(self):
        return _RecordingSMTP(self._owner, self.handler, **self.SMTP_kwargs)


class SmtpServer:
    """A threaded aiosmtpd server on 127.0.0.1 (see the module docstring). Thread-safe reads."""

    def __init__(self, require_starttls: bool = True, offer_starttls: bool = True,
                 auth_users: dict[str, str] | None = None, fail_mode: str | None = None,
                 implicit_tls: bool = False, port: int | None = None):
        if fail_mode not in FAIL_MODES:
            raise ValueError(f"fail_mode must be one of {FAIL_MODES}")
        self.require_starttls = require_starttls and offer_starttls and not implicit_tls
        self.offer_starttls = offer_starttls and not implicit_tls
        self.implicit_tls = implicit_tls
        self.auth_users = {"mailer": "s3cret"} if auth_users is None else dict(auth_users)
        self.fail_mode = fail_mode
        self.host = "127.0.0.1"
        self.port = port or free_port()
        self.messages: list[CapturedMessage] = []
        self.commands: list[Command] = []
        self.auth_attempts: list[AuthAttempt] = []
        self.connections = 0
        self._cond = threading.Condition()
        self._controller: _Controller | None = None
        self._tmp = Path(tempfile.mkdtemp(prefix="clockko-smtp-"))
        self.ca_file, self.key_file = make_certificate(self._tmp)

    # -- lifecycle ---------------------------------------------------------------------------------

    def start(self) -> "SmtpServer":
        if self._controller is not None:
            return self
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ctx.load_cert_chain(str(self.ca_file), str(self.key_file))
        kwargs = dict(
            hostname=self.host, port=self.port, server_hostname="localhost",
            ident="clockko-test-smtp", authenticator=self._authenticate,
            # Implicit TLS is TLS from the first byte, but aiosmtpd only counts STARTTLS as TLS.
            auth_require_tls=self.offer_starttls,
            auth_exclude_mechanism=[] if self.auth_users else ["PLAIN", "LOGIN"],
            require_starttls=self.require_starttls, decode_data=False, ready_timeout=10.0)
        if self.implicit_tls:
            kwargs["ssl_context"] = ctx
        elif self.offer_starttls:
            kwargs["tls_context"] = ctx
        controller = _Controller(self, _Handler(self), **kwargs)
        deadline = time.monotonic() + 10
        while True:  # the port may linger briefly after stop()
            try:
                controller.start()
                break
            except (OSError, RuntimeError):
                controller.stop(no_assert=True)
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
                controller = _Controller(self, _Handler(self), **kwargs)
        self._controller = controller
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def close(self) -> None:
        self.stop()
        shutil.rmtree(self._tmp, ignore_errors=True)

    def __enter__(self) -> "SmtpServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.close()

    # -- for the server under test -----------------------------------------------------------------

    def clockko_env(self, user: str | None = "mailer", password: str | None = None,
                    host: str = "localhost", sender: str = "noreply@clockko.test") -> dict[str, str]:
        """SMTP_* variables that point a clockko server at this fixture."""
        env = {
            "SMTP_HOST": host, "SMTP_PORT": str(self.port), "SMTP_CA_FILE": str(self.ca_file),
            "SMTP_SECURITY": "tls" if self.implicit_tls else "starttls", "SMTP_FROM": sender,
            "SMTP_TIMEOUT_SECONDS": "5",
        }
        if user is not None:
            env["SMTP_USER"] = user
            env["SMTP_PASSWORD"] = password if password is not None else \
                self.auth_users.get(user, "")
        return env

    # -- reading what arrived ----------------------------------------------------------------------

    def wait_for(self, predicate: Callable[[CapturedMessage], bool] = lambda m: True,
                 timeout: float = 10.0) -> CapturedMessage:
        """The first captured message matching `predicate`; TimeoutError after `timeout` s."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                for msg in self.messages:
                    if predicate(msg):
                        return msg
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError(f"no matching message after {timeout} s; got "
                                       f"{[m.subject for m in self.messages]}")
                self._cond.wait(remaining)

    def verbs(self) -> list[str]:
        with self._cond:
            return [c.verb for c in self.commands]

    # -- internals ---------------------------------------------------------------------------------

    def _record_command(self, command: Command) -> None:
        with self._cond:
            self.commands.append(command)

    def _count_connection(self) -> None:
        with self._cond:
            self.connections += 1

    def _authenticate(self, server, session, envelope, mechanism, auth_data) -> AuthResult:
        login = auth_data.login.decode("utf-8", "replace")
        password = auth_data.password.decode("utf-8", "replace")
        ok = login in self.auth_users and self.auth_users[login] == password
        tls = server._tls_protocol is not None or self.implicit_tls
        with self._cond:
            self.auth_attempts.append(AuthAttempt(mechanism, login, ok, tls))
        return AuthResult(success=ok, handled=False)
