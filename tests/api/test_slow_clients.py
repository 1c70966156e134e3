"""Slow and greedy clients against the real server (uvicorn on a loopback port): a body that
trickles in is cut off with 408, and connections beyond the bound get 503 at once."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator

import pytest

from tests.live import live_server

HEAD = (
    b"POST /graphql HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
    b"Content-Length: 200\r\n\r\n"
)


@pytest.fixture
def server() -> Iterator[int]:
    with live_server(http_body_timeout_seconds=0.5, http_max_connections=3) as port:
        yield port


def connect(port: int) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", port), timeout=5)
    return sock


def read_all(sock: socket.socket) -> bytes:
    chunks = []
    while chunk := sock.recv(65536):
        chunks.append(chunk)
    return b"".join(chunks)


def test_a_trickling_body_gets_408_and_the_connection_is_closed(server: int) -> None:
    sock = connect(server)
    sock.sendall(HEAD + b'{"query"')  # and then nothing more
    reply = read_all(sock)  # returns only because the server closes the connection
    sock.close()
    assert reply.startswith(b"HTTP/1.1 408 ")
    assert b"REQUEST_TIMEOUT" in reply
    assert b"connection: close" in reply.lower()


def test_connections_beyond_the_bound_get_503_at_once(server: int) -> None:
    held = [connect(server) for _ in range(3)]
    for sock in held:
        sock.sendall(HEAD + b"{")  # each request waits for the rest of its body
    time.sleep(0.1)
    extra = connect(server)
    extra.sendall(b"GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n")
    reply = extra.recv(65536)
    extra.close()
    for sock in held:
        sock.close()
    assert reply.startswith(b"HTTP/1.1 503 ")
