"""HTTP framing and overload behaviour found by a hostile review of the foundation (issue 2):
HEAD, request smuggling, Host, header-block size, Content-Type on body-less routes, and
liveness while logins saturate the password-hashing pool."""
import socket
import threading
import time

import pytest

from clockko_e2e import assert_error, bearer, login, register


def _send(server, data: bytes, timeout: float = 5.0) -> bytes:
    """Sends raw bytes, returns everything the server writes until it closes."""
    sock = socket.create_connection(("127.0.0.1", server.port), timeout=timeout)
    try:
        sock.sendall(data)
        chunks = []
        while True:
            try:
                chunk = sock.recv(65536)
            except socket.timeout:
                break
            if not chunk:
                break
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        sock.close()


def test_head_is_answered_like_get_without_a_body(server):
    reply = _send(server, b"HEAD /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    head, _, rest = reply.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200"), head
    assert b"Content-Length: 57" in head or b"content-length: 57" in head.lower()
    assert rest == b"", rest  # no body after the header block


def test_head_on_keep_alive_does_not_corrupt_the_next_response(server):
    reply = _send(server, b"HEAD /nope HTTP/1.1\r\nHost: x\r\n\r\n"
                          b"GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    first, _, rest = reply.partition(b"\r\n\r\n")
    assert first.startswith(b"HTTP/1.1 404"), first
    assert rest.startswith(b"HTTP/1.1 200"), rest[:80]


@pytest.mark.parametrize("encoding", [b"gzip", b"gzip, chunked", b"chunked, gzip", b"identity"])
def test_transfer_encoding_other_than_chunked_is_refused_not_smuggled(server, encoding):
    reply = _send(server,
                  b"POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                  b"Transfer-Encoding: " + encoding + b"\r\n\r\n"
                  b"GET /api/nope HTTP/1.1\r\nHost: x\r\nX-Request-ID: SMUGGLED\r\n"
                  b"Connection: close\r\n\r\n")
    assert reply.startswith(b"HTTP/1.1 400"), reply[:120]
    assert b"SMUGGLED" not in reply  # the body was never parsed as a request


def test_content_length_with_transfer_encoding_is_refused(server):
    reply = _send(server,
                  b"POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                  b"Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")
    assert reply.startswith(b"HTTP/1.1 400"), reply[:120]


def test_http11_request_without_host_is_400(server):
    reply = _send(server, b"GET /health HTTP/1.1\r\nConnection: close\r\n\r\n")
    assert reply.startswith(b"HTTP/1.1 400"), reply[:120]
    # HTTP/1.0 has no Host requirement.
    reply10 = _send(server, b"GET /health HTTP/1.0\r\n\r\n")
    assert reply10.startswith(b"HTTP/1.0 200") or reply10.startswith(b"HTTP/1.1 200"), reply10[:80]


def test_many_small_header_fields_over_the_limit_get_431(server):
    fields = b"".join(b"X-%d: " % i + b"a" * 990 + b"\r\n" for i in range(30))  # ~30 KB
    reply = _send(server, b"GET /health HTTP/1.1\r\nHost: x\r\n" + fields +
                  b"Connection: close\r\n\r\n")
    assert reply.startswith(b"HTTP/1.1 431"), reply[:120]


def test_a_body_on_logout_needs_json_content_type(server):
    _, email, password = register(server)
    token = login(server, email, password)
    resp = server.post("/api/auth/logout", data=b"junk",
                       headers={**bearer(token), "Content-Type": "text/plain"})
    assert_error(resp, 415, "unsupported_media_type", "Content-Type must be application/json")
    # Nothing happened: the token still works.
    assert server.get("/api/auth/user", headers=bearer(token)).status_code == 200


def test_vary_origin_is_sent_for_foreign_origins_too(server):
    resp = server.get("/health", headers={"Origin": "https://evil.example"})
    assert resp.headers.get("Vary") == "Origin"
    assert "Access-Control-Allow-Origin" not in resp.headers


@pytest.mark.server_env(BCRYPT_COST="12", WORKER_THREADS="2")
def test_liveness_is_not_queued_behind_password_hashing(server):
    """40 logins at cost 12 saturate the hashing pool for seconds; /health must still answer 200
    at once (it runs on the other pool)."""
    _, email, _ = register(server)
    stop = time.monotonic() + 20
    results = []

    def hammer():
        try:
            results.append(server.post("/api/auth/login",
                                       json={"email": email, "password": "wrong-password-1"}
                                       ).status_code)
        except Exception:  # a slow machine may time the client out; liveness is what is tested
            results.append(None)

    threads = [threading.Thread(target=hammer) for _ in range(40)]
    for t in threads:
        t.start()
    time.sleep(0.5)
    statuses = []
    latencies = []
    for _ in range(10):
        start = time.monotonic()
        statuses.append(server.get("/health").status_code)
        latencies.append(time.monotonic() - start)
    for t in threads:
        t.join(timeout=max(1, stop - time.monotonic()))
    assert statuses == [200] * 10, statuses
    assert max(latencies) < 1.0, latencies
    assert set(results) <= {401, 429, 503, None}, results
