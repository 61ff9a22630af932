"""Helpers for the end-to-end tests: a clockko server process, an HTTP client and contract checks.

Standard library + requests only (Debian's /usr/bin/python3 with python3-requests). The fixtures that
use this module live in conftest.py; the expected strings come from docs API.md.
"""

from __future__ import annotations

import base64
import email
import email.policy
import http.client
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_BIN = REPO_ROOT / "build" / "src" / "cli" / "clockko"

READY_TIMEOUT_S = 15.0
STOP_TIMEOUT_S = 10.0
HTTP_TIMEOUT_S = 10.0

UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
TIMESTAMP_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
REQUEST_ID_RE = re.compile(r"^[A-Za-z0-9_.:-]{1,128}$")

USER_RESPONSE_FIELDS = {
    "id", "name", "email", "phone_number", "avatar_url", "created_at", "is_verified", "is_active",
    "otp_verified", "onboarding_completed", "two_factor_enabled", "has_password", "auth_providers",
}

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
}

# Server environment shared by every test server (API.md §14.2). PATH is kept so the binary can find
# nothing it should not; everything else is explicit so a developer's shell cannot leak in.
BASE_ENV = {
    "APP_ENV": "development",
    "HOST": "127.0.0.1",
    "BCRYPT_COST": "10",
    "LOG_LEVEL": "info",
}


def clockko_bin() -> Path:
    """The server binary: $CLOCKKO_BIN (relative paths are relative to the repo root) or the default."""
    value = os.environ.get("CLOCKKO_BIN")
    path = Path(value) if value else DEFAULT_BIN
    if not path.is_absolute():
        path = REPO_ROOT / path
    return path


def free_port() -> int:
    """A port that was free a moment ago (bind 127.0.0.1:0, read it, close)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def make_env(overrides: dict[str, str | None] | None) -> dict[str, str]:
    """BASE_ENV plus overrides; an override of None removes the variable."""
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LC_ALL": "C.UTF-8"}
    # Sanitizer settings from the caller's shell are the only inherited extras.
    for key in ("ASAN_OPTIONS", "UBSAN_OPTIONS", "TSAN_OPTIONS", "LSAN_OPTIONS"):
        if key in os.environ:
            env[key] = os.environ[key]
    env.update(BASE_ENV)
    for key, value in (overrides or {}).items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


@dataclass
class ExitResult:
    """Outcome of a server that was expected to stop by itself (startup refusal)."""

    returncode: int | None  # None: still running when the wait ended (it was then killed)
    output: str


class ServerProcess:
    """One `clockko serve` process with its own DATA_DIR, port and log file."""

    def __init__(self, binary: Path, env: dict[str, str], workdir: Path, data_dir: Path,
                 log_path: Path):
        self.binary = binary
        self.env = env
        self.workdir = workdir
        self.data_dir = data_dir
        self.log_path = log_path
        # PORT may be deliberately malformed in startup-refusal tests.
        self.port = int(env["PORT"]) if env.get("PORT", "").isdigit() else 0
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None
        self.stopped_cleanly: bool | None = None  # None: not stopped by stop() (yet)
        self.was_ready = False  # set by the fixture once /health answered
        self.stop_requested = False

    # -- lifecycle ---------------------------------------------------------------------------

    def spawn(self) -> None:
        with open(self.log_path, "ab") as log:
            # cwd is the test's temp dir, so a .env file in the repo is never read (API.md §14.1).
            self.process = subprocess.Popen(
                [str(self.binary), "serve"], env=self.env, cwd=self.workdir,
                stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def wait_ready(self, timeout: float = READY_TIMEOUT_S) -> None:
        """Polls GET /health until 200; raises RuntimeError (with the log) on exit or timeout."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"server exited with {self.process.returncode} during startup\n{self.log_text()}")
            try:
                if requests.get(self.base_url + "/health", timeout=1).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.05)
        raise RuntimeError(f"server not ready after {timeout} s\n{self.log_text()}")

    def wait_exit(self, timeout: float) -> ExitResult:
        try:
            code = self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            return ExitResult(None, self.log_text())
        return ExitResult(code, self.log_text())

    def stop(self) -> int | None:
        """SIGTERM by pid, SIGKILL after STOP_TIMEOUT_S. Returns the exit status."""
        if self.process is None:
            return None
        self.stop_requested = True
        if self.process.poll() is not None:
            return self.process.returncode
        os.kill(self.process.pid, signal.SIGTERM)
        try:
            code = self.process.wait(timeout=STOP_TIMEOUT_S)
            self.stopped_cleanly = True
            return code
        except subprocess.TimeoutExpired:
            os.kill(self.process.pid, signal.SIGKILL)
            self.stopped_cleanly = False
            return self.process.wait()

    def log_text(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except FileNotFoundError:
            return ""

    # -- HTTP --------------------------------------------------------------------------------

    def url(self, path: str) -> str:
        return self.base_url + path

    def request(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        kwargs.setdefault("timeout", HTTP_TIMEOUT_S)
        kwargs.setdefault("allow_redirects", False)
        return requests.request(method, self.url(path), **kwargs)

    def get(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("POST", path, **kwargs)

    def put(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("PUT", path, **kwargs)

    def options(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("OPTIONS", path, **kwargs)

    def raw(self, data: bytes, timeout: float = HTTP_TIMEOUT_S) -> "RawResponse":
        return raw_request(self.port, data, timeout)

    # -- CLI and mail --------------------------------------------------------------------------

    def cli(self, *args: str, timeout: float = 30) -> subprocess.CompletedProcess:
        """Runs `clockko <args>` against this server's DATA_DIR and configuration."""
        return subprocess.run([str(self.binary), *args], env=self.env, cwd=self.workdir,
                              stdin=subprocess.DEVNULL, capture_output=True, text=True,
                              timeout=timeout)

    def mails(self) -> list[email.message.EmailMessage]:
        """Messages the development mailer wrote to DATA_DIR/mail/*.eml, oldest first."""
        folder = self.data_dir / "mail"
        if not folder.is_dir():
            return []
        files = sorted(folder.glob("*.eml"), key=lambda p: (p.stat().st_mtime_ns, p.name))
        return [email.message_from_bytes(p.read_bytes(), policy=email.policy.default)
                for p in files]


# -- raw HTTP ---------------------------------------------------------------------------------


@dataclass
class RawResponse:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


def raw_request(port: int, data: bytes, timeout: float = HTTP_TIMEOUT_S) -> RawResponse:
    """Sends bytes as they are (in 64 KiB pieces, stopping if the server closes) and reads one
    response. For requests that requests/urllib3 would not send, or whose body the server refuses
    before reading it."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    try:
        try:
            for start in range(0, len(data), 65536):
                sock.sendall(data[start:start + 65536])
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server answered early and closed; its answer is still in our buffer
        response = http.client.HTTPResponse(sock)
        response.begin()
        body = response.read()
        return RawResponse(response.status, response.msg, body)
    finally:
        sock.close()


# -- domain helpers ---------------------------------------------------------------------------


def unique_email(prefix: str = "user") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:12]}@example.com"


def strong_password() -> str:
    """A password that passes the policy: long enough, not common, not the e-mail or name."""
    return f"e2e-{secrets.token_hex(8)}-Pw"


def register(server: ServerProcess, email_address: str | None = None, password: str | None = None,
             name: str = "Ann Lee") -> tuple[dict, str, str]:
    """Registers a user; asserts 200. Returns (UserResponse, email, password)."""
    email_address = email_address or unique_email()
    password = password or strong_password()
    resp = server.post("/api/auth/register",
                       json={"name": name, "email": email_address, "password": password})
    assert resp.status_code == 200, (resp.status_code, resp.text)
    return resp.json(), email_address, password


def login(server: ServerProcess, email_address: str, password: str) -> str:
    """Logs in; asserts 200 and returns the access token."""
    resp = server.post("/api/auth/login", json={"email": email_address, "password": password})
    assert resp.status_code == 200, (resp.status_code, resp.text)
    body = resp.json()
    assert body["token_type"] == "bearer"
    return body["access_token"]


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def assert_error(resp: requests.Response | RawResponse, status: int, code: str,
                 detail: str | None = None, detail_prefix: str | None = None) -> dict:
    """Checks the error convention of API.md §1.2: exactly {detail, code, message}, string detail,
    message == detail, JSON content type; plus the expected status, code and detail."""
    if isinstance(resp, requests.Response):
        got, text = resp.status_code, resp.text
    else:
        got, text = resp.status, resp.body.decode("utf-8", "replace")
    assert got == status, (f"expected {status}, got {got}", text)
    content_type = resp.headers.get("Content-Type", "")
    assert content_type.startswith("application/json"), content_type
    body = json.loads(text)
    assert isinstance(body, dict), body
    assert set(body) == {"detail", "code", "message"}, body
    assert isinstance(body["detail"], str) and body["detail"], body
    assert body["message"] == body["detail"], body
    assert body["code"] == code, body
    if detail is not None:
        assert body["detail"] == detail, body
    if detail_prefix is not None:
        assert body["detail"].startswith(detail_prefix), body
    return body


def b64url_decode(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def b64url_encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def decode_jwt(token: str) -> tuple[dict, dict, str]:
    """(header, payload, signature part) without verifying anything."""
    header, payload, signature = token.split(".")
    return json.loads(b64url_decode(header)), json.loads(b64url_decode(payload)), signature


def encode_jwt_part(obj: dict) -> str:
    return b64url_encode(json.dumps(obj, separators=(",", ":")).encode("utf-8"))


# -- captured mail ----------------------------------------------------------------------------

CODE_RE = re.compile(r"(?<![\w./:%=-])(\d{6})(?![\w/])")
URL_RE = re.compile(r"https?://[^\s<>\"']+")


@dataclass
class Mail:
    """One delivered message, parsed: `to` is the bare address, `text`/`html` the decoded parts."""

    key: str  # stable identity (eml file name or SMTP capture index)
    to: str
    sender: str
    subject: str
    text: str
    html: str
    raw: bytes

    @staticmethod
    def from_message(key: str, msg: email.message.EmailMessage, raw: bytes) -> "Mail":
        def part(subtype: str) -> str:
            body = msg.get_body(preferencelist=(subtype,))
            if body is None or body.get_content_subtype() != subtype:
                return ""
            return body.get_content()

        return Mail(key=key, to=str(msg.get("To", "")).strip(), sender=str(msg.get("From", "")),
                    subject=str(msg.get("Subject", "")), text=part("plain"), html=part("html"),
                    raw=raw)


class MailReader:
    """Reads what the server under test delivered: from an SMTP capture (`smtp`, an
    smtp_fixture.SmtpServer) when given, else from the development mailer's DATA_DIR/mail/*.eml.

    wait_for() returns the oldest matching message this reader has not returned before (so a second
    call for the same subject waits for the next mail), polling until `timeout`."""

    def __init__(self, server: ServerProcess | None = None, smtp: Any = None):
        assert server is not None or smtp is not None
        self.server = server
        self.smtp = smtp
        self._seen: set[str] = set()

    def messages(self) -> list[Mail]:
        if self.smtp is not None:
            return [Mail.from_message(f"smtp-{i}", m.parsed, m.raw)
                    for i, m in enumerate(list(self.smtp.messages))]
        folder = self.server.data_dir / "mail"
        if not folder.is_dir():
            return []
        out = []
        files = sorted(folder.glob("*.eml"), key=lambda p: (p.stat().st_mtime_ns, p.name))
        for path in files:
            try:
                raw = path.read_bytes()
            except FileNotFoundError:
                continue
            out.append(Mail.from_message(
                path.name, email.message_from_bytes(raw, policy=email.policy.default), raw))
        return out

    @staticmethod
    def _matches(mail: Mail, to: str | None, subject: str | None) -> bool:
        if to is not None and mail.to.lower() != to.lower():
            return False
        return subject is None or mail.subject == subject

    def matching(self, to: str | None = None, subject: str | None = None) -> list[Mail]:
        """Every delivered message so far to `to` with `subject` (None = any), oldest first."""
        return [m for m in self.messages() if self._matches(m, to, subject)]

    def wait_for(self, to: str | None = None, subject: str | None = None,
                 timeout: float = 10.0) -> Mail:
        deadline = time.monotonic() + timeout
        while True:
            mails = self.messages()
            for mail in mails:
                if mail.key not in self._seen and self._matches(mail, to, subject):
                    # An .eml file may still be being written: parse again once it is complete.
                    if self.smtp is None and not mail.text:
                        break
                    self._seen.add(mail.key)
                    return mail
            if time.monotonic() >= deadline:
                raise AssertionError(f"no new mail to {to!r} with subject {subject!r} after "
                                     f"{timeout} s; have {[(m.to, m.subject) for m in mails]}")
            time.sleep(0.05)

    def assert_no_mail(self, to: str | None = None, subject: str | None = None,
                       wait: float = 1.5) -> None:
        """Waits `wait` seconds (longer than the outbox worker's delivery delay), then asserts that
        no new message to `to` with `subject` arrived."""
        time.sleep(wait)
        new = [m for m in self.matching(to, subject) if m.key not in self._seen]
        assert not new, [(m.to, m.subject) for m in new]

    def assert_never_contains(self, *secrets_: str) -> None:
        """No delivered message (raw or decoded parts) contains any of the given strings."""
        for mail in self.messages():
            for secret in secrets_:
                if not secret:
                    continue
                for where, content in (("text", mail.text), ("html", mail.html),
                                       ("raw", mail.raw.decode("utf-8", "replace"))):
                    assert secret not in content, f"{mail.subject!r} to {mail.to} has a secret " \
                                                  f"in its {where} part"

    @staticmethod
    def code(mail: Mail) -> str:
        """The 6-digit code of a code mail, from its text part (exactly one distinct code)."""
        codes = set(CODE_RE.findall(mail.text))
        assert len(codes) == 1, (mail.subject, codes, mail.text)
        return codes.pop()

    @staticmethod
    def link(mail: Mail, prefix: str) -> str:
        """The one URL in the text part that starts with `prefix`; it must be in the HTML too."""
        links = {url for url in URL_RE.findall(mail.text) if url.startswith(prefix)}
        assert len(links) == 1, (prefix, links, mail.text)
        url = links.pop()
        assert url.replace("&", "&amp;") in mail.html or url in mail.html, (url, mail.html)
        return url


def other_code(code: str, offset: int = 1) -> str:
    """A well-formed 6-digit code that differs from `code`."""
    return f"{(int(code) + offset) % 1_000_000:06d}"


def sign_jwt(key: str, header: dict, payload: dict) -> str:
    """An HS256 JWT over header and payload signed with `key` (UTF-8), for tests that configure
    SECRET_KEY."""
    import hashlib
    import hmac
    signing_input = f"{encode_jwt_part(header)}.{encode_jwt_part(payload)}"
    mac = hmac.new(key.encode("utf-8"), signing_input.encode("ascii"), hashlib.sha256).digest()
    return f"{signing_input}.{b64url_encode(mac)}"
