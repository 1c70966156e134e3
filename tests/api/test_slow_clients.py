"""Slow and greedy clients against the real server (uvicorn on a loopback port): a body that
trickles in is cut off with 408, and connections beyond the bound get 503 at once."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator

import pytest

from tests.live import Live, live_server

HEAD = (
    b"POST /graphql HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
    b"Content-Length: 200\r\n\r\n"
)


@pytest.fixture
def server() -> Iterator[Live]:
    with live_server(http_body_timeout_seconds=0.5, http_max_connections=3) as live:
        yield live


def connect(port: int) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", port), timeout=5)
    return sock


def read_all(sock: socket.socket) -> bytes:
    chunks = []
    while chunk := sock.recv(65536):
        chunks.append(chunk)
    return b"".join(chunks)


def test_a_trickling_body_gets_408_and_the_connection_is_closed(server: Live) -> None:
    sock = connect(server.port)
    sock.sendall(HEAD + b'{"query"')  # and then nothing more
    reply = read_all(sock)  # returns only because the server closes the connection
    sock.close()
    assert reply.startswith(b"HTTP/1.1 408 ")
    assert b"REQUEST_TIMEOUT" in reply
    assert b"connection: close" in reply.lower()


def test_connections_beyond_the_bound_get_503_at_once(server: Live) -> None:
    # uvicorn counts the asking connection too: with a bound of 3, two requests in flight
    # leave no room for a third.
    opened = [connect(server.port) for _ in range(2)]
    try:
        for sock in opened:
            sock.sendall(HEAD + b"{")  # each request waits for the rest of its body
        for _ in range(100):  # until the server is serving both
            if server.in_flight() >= 2:
                break
            time.sleep(0.02)
        assert server.in_flight() == 2
        opened.append(connect(server.port))
        opened[-1].sendall(b"GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n")
        reply = opened[-1].recv(65536)
    finally:
        for sock in opened:
            sock.close()
    assert reply.startswith(b"HTTP/1.1 503 ")
